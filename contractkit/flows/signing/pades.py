"""Sign a PDF with a PKCS#12 certificate as a PAdES signature, keeping PDF/A-3b valid.

Each signature is an approval signature (not a certification), so the other party can add theirs
later as a further incremental update. Its visible stamp is drawn with a bundled, embedded font:
PDF/A forbids a widget without an appearance and a font that is not embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from contractkit.flows.signing import SigningError
from contractkit.resources import TEMPLATES

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


def sign_pdf(data: bytes, certificate: Certificate, lang: str | None = None, reason: str = "") -> bytes:
    """data with one more signature appended as an incremental update (the old bytes stay a prefix).

    The stamp speaks lang, by default the document's own (/Lang of its catalog).
    """
    import logging

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    from contractkit.flows.signing import quiet_libraries

    quiet_libraries()
    try:
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" noise
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        lang = lang or str(writer.root.get("/Lang", "en"))[:2].lower()
        n = len(list(fields.enumerate_sig_fields(writer)))
        name = f"Signature{n + 1}"
        meta = signers.PdfSignatureMetadata(field_name=name, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", reason=reason or None)
        style = TextStampStyle(
            stamp_text=STAMP_TEXT.get(lang, STAMP_TEXT["en"]), border_width=1,
            text_box_style=TextBoxStyle(font=_font_factory()(str(STAMP_FONT), font_size=7), font_size=7),
        )
        spec = fields.SigFieldSpec(sig_field_name=name, on_page=-1, box=stamp_box(n))
        signer = signers.PdfSigner(meta, certificate.signer, stamp_style=style, new_field_spec=spec)
        out = signer.sign_pdf(writer, appearance_text_params={"signer": certificate.name})
    except (PdfError, ValueError, KeyError) as exc:
        raise SigningError(f"cannot sign this PDF: {exc}") from None
    remember_copy(out.getvalue())
    return out.getvalue()


def _copy_mark(data: bytes):
    import hashlib

    from contractkit.workspace import state_dir

    return state_dir() / "signed-copies" / hashlib.sha256(data).hexdigest()


def remember_copy(data: bytes) -> None:
    """A signed copy this machine made (sign --certificate, sign-pdf) or whose every signature
    `verify --trust` found intact and chained to a trusted root: one the client's page may offer.
    Kept in the user's state folder, which nothing in a project or its .git can add to."""
    from contractkit.store.files import write_atomic

    write_atomic(_copy_mark(data), b"")


def vouched_copy(data: bytes) -> bool:
    """remember_copy was called for exactly these bytes (red team 10, B8: a teammate's copy with a
    self-signed signature in the contractor's name went onto the client's page as signed)."""
    return _copy_mark(data).is_file()


def stamp_box(n: int) -> tuple[int, int, int, int]:
    """Stamp n in the bottom margin: left and right of the page number, then a row above."""
    width, height = SLOT
    row, column = divmod(n, 2)
    x = 28 if column == 0 else A4_WIDTH - 28 - width
    y = 6 + row * (height + 4)
    return (x, y, x + width, y + height)


@lru_cache(maxsize=1)
def _stamp_font() -> bytes:
    """The stamp font scaled to 1000 units per em: pyHanko writes a TrueType font's widths
    unscaled, so a 2048-unit font (DejaVu) would be drawn with every glyph twice as far apart."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(STAMP_FONT))
    scale_upem(font, 1000)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _font_factory():
    """pyHanko's glyph accumulator, fed the scaled font from memory."""
    from dataclasses import dataclass as frozen

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    @frozen(frozen=True)
    class ScaledFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(_stamp_font()),
                                    font_size=self.font_size, obj_stream=obj_stream)

    return ScaledFont
