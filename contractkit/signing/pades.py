"""Sign a PDF with a PKCS#12 certificate as a PAdES signature, keeping PDF/A-3b valid.

Each signature is an approval signature (not a certification), so the other party can add theirs
later as a further incremental update. Its visible stamp is drawn with a bundled, embedded font:
PDF/A forbids a widget without an appearance and a font that is not embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from contractkit.resources import TEMPLATES
from contractkit.signing import SigningError

STAMP_FONT = TEMPLATES / "fonts" / "DejaVuSans.ttf"
A4_WIDTH = 595
SLOT = (215, 32)
"""Width and height of one signature stamp, in points, in the bottom margin of the last page."""
STAMP_TEXT = {"ru": "Подписано ЭП: %(signer)s\n%(ts)s", "en": "Digitally signed: %(signer)s\n%(ts)s"}


@dataclass(frozen=True)
class Certificate:
    """A signer loaded from a PKCS#12 file, with the name shown on its stamp."""

    signer: object
    name: str


def load_certificate(data: bytes, password: bytes | None, label: str) -> Certificate:
    """The key and certificate of a .p12/.pfx file; a wrong password or a bad file is one clear error."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, [], passphrase=password)
    except (ValueError, TypeError) as exc:
        hint = ("give its password in an environment variable: --password-env VAR" if password is None
                else "check the password in the variable given with --password-env")
        raise SigningError(f"{label}: cannot read the certificate ({exc})", hint=hint) from None
    if signer is None or signer.signing_cert is None:
        raise SigningError(f"{label}: no certificate with a private key in this file")
    return Certificate(signer, subject_name(signer.signing_cert))


def subject_name(cert) -> str:
    """The certificate holder's common name, else its whole subject."""
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def sign_pdf(data: bytes, certificate: Certificate, lang: str = "en", reason: str = "") -> bytes:
    """data with one more signature appended as an incremental update (the old bytes stay a prefix)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        n = len(list(fields.enumerate_sig_fields(writer)))
        name = f"Signature{n + 1}"
        meta = signers.PdfSignatureMetadata(field_name=name, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", reason=reason or None)
        style = TextStampStyle(
            stamp_text=STAMP_TEXT.get(lang, STAMP_TEXT["en"]), border_width=1,
            text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT), font_size=7),
                                        font_size=7),
        )
        spec = fields.SigFieldSpec(sig_field_name=name, on_page=-1, box=stamp_box(n))
        signer = signers.PdfSigner(meta, certificate.signer, stamp_style=style, new_field_spec=spec)
        out = signer.sign_pdf(writer, appearance_text_params={"signer": certificate.name})
    except (PdfError, ValueError, KeyError) as exc:
        raise SigningError(f"cannot sign this PDF: {exc}") from None
    return out.getvalue()


def stamp_box(n: int) -> tuple[int, int, int, int]:
    """Stamp n in the bottom margin: left and right of the page number, then a row above."""
    width, height = SLOT
    row, column = divmod(n, 2)
    x = 28 if column == 0 else A4_WIDTH - 28 - width
    y = 6 + row * (height + 4)
    return (x, y, x + width, y + height)
