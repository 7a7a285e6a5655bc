"""What a PAdES-signed PDF says about itself: each signature's signer, time, integrity, coverage
and trust, and the bytes of the document as it was before the first signature.

Why the original bytes: `sign` records the hashes of the files as rendered, and every signature is
an incremental update, so the rendered file is a prefix of the signed copy ending at one of its
`%%EOF` markers, inside the bytes the first signature covers. Finding a prefix whose SHA-256 was
recorded, and checking that signature, proves the copy is that document plus signatures.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

EOF_MARK = re.compile(rb"%%EOF(\r\n|\r|\n)?")


@dataclass(frozen=True)
class SignatureReport:
    """One embedded signature, as a person needs to judge it."""

    field: str
    signer: str
    time: dt.datetime | None
    intact: bool
    """The signed bytes are exactly as signed and the cryptographic signature is valid."""
    changed_after: str
    """'none', 'signatures' (only later signatures or form fields added) or 'changed'."""
    trusted: bool | None
    """Chains to a root given with --trust; None when no root was given."""
    problem: str = ""
    timestamped: bool = False
    """The time comes from a timestamp authority's token, not from the signer's own clock."""

    @property
    def ok(self) -> bool:
        return self.intact and self.changed_after != "changed" and self.trusted is not False


@dataclass
class SignedPdf:
    signatures: list[SignatureReport] = field(default_factory=list)
    originals: list[bytes] = field(default_factory=list)
    """Candidate original revisions (prefixes before the first signature), longest first."""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem and bool(self.signatures) and all(s.ok for s in self.signatures)


def has_signatures(data: bytes) -> bool:
    """A cheap test before parsing: is this a PDF with a signature dictionary in it?"""
    return data.startswith(b"%PDF-") and b"/ByteRange" in data


def load_roots(pems: dict[str, bytes]) -> list:
    """Trust anchors from PEM or DER files (one or more certificates each), by file name."""
    from asn1crypto import pem, x509

    from contractkit.signing import SigningError

    roots = []
    for name, data in pems.items():
        try:
            if pem.detect(data):
                certs = [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
            else:
                certs = [x509.Certificate.load(data)]
            for cert in certs:
                cert.native  # noqa: B018 - parse now, so a bad file fails here and not deep in validation
        except Exception:  # noqa: BLE001 - asn1crypto raises many types on a file that is no certificate
            raise SigningError(f"{name}: not a certificate (PEM or DER)") from None
        roots += certs
    return roots


def examine(data: bytes, roots: list | None = None) -> SignedPdf:
    """Every signature of a PDF, checked; never raises on a damaged or hostile file."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    result = SignedPdf()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged PDF is a finding, not a crash
        result.problem = f"the PDF cannot be read ({type(exc).__name__})"
        return result
    if not embedded:
        result.problem = "the PDF has no digital signature"
        return result
    first = min(embedded, key=lambda s: s.byte_range[1])
    result.originals = original_candidates(data, first.byte_range[1])
    for sig in embedded:
        result.signatures.append(_report(sig, roots))
    return result


def original_candidates(data: bytes, covered: int) -> list[bytes]:
    """Prefixes of data ending at an %%EOF before offset `covered` (signed by the first signature)."""
    out = []
    for match in EOF_MARK.finditer(data, 0, covered):
        out.append(data[: match.end()])
        if match.group(1) == b"\r\n":
            out.append(data[: match.end() - 1])
    return sorted(out, key=len, reverse=True)


def _report(sig, roots: list | None) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    name = sig.field_name or "?"
    try:
        signer = _common_name(sig.signer_cert)
    except Exception:  # noqa: BLE001
        signer = "?"
    context = ValidationContext(trust_roots=roots or [], allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # noqa: BLE001 - a hostile signature is a finding, not a crash
        return SignatureReport(name, signer, None, False, "changed", False if roots else None,
                               problem=f"cannot be validated ({str(exc).splitlines()[0][:120]})")
    level = status.modification_level
    if status.coverage is not None and status.coverage.name == "ENTIRE_FILE":
        changed = "none"
    elif level is not None and level <= ModificationLevel.FORM_FILLING:
        changed = "signatures"
    else:
        changed = "changed"
    stamp = getattr(status, "timestamp_validity", None)
    when = stamp.timestamp if stamp is not None else status.signer_reported_dt
    return SignatureReport(name, signer, when, bool(status.intact and status.valid), changed,
                           bool(status.trusted) if roots else None, timestamped=stamp is not None)


def _common_name(cert) -> str:
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)

