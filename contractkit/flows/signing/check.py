"""What a PAdES-signed PDF says about itself: each signature's signer, time, integrity, coverage
and trust, and the bytes of the document as it was before the first signature.

Why the original bytes: `sign` records the hashes of the files as rendered, and every signature is
an incremental update, so the rendered file is the revision immediately before the first
signature's revision. Only that one revision is a candidate (never an earlier %%EOF: an attacker
appends an altering update to the rendered file and then signs it, A7), and pyHanko's difference
analysis must find nothing but form filling and signatures from it to the signed revision and on
to the end of the file (the signing update itself could also paint over a page). pyHanko calls an
added signature field "form filling" whatever its widget paints, so overlay.py checks that every
added annotation is a signature widget that draws over none of the original's content, and whose
stamp reads as a signature stamp of its signer (stamp.py). Only then does a matching SHA-256 prove the copy is
that document plus signatures.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

EOF_MARK = re.compile(rb"%%EOF(\r\n|\r|\n)?")
MAX_SIGNED_PDF = 64 * 1024 * 1024
"""A bigger file is no signed copy of a contract: it is only hashed (streamed), never parsed."""


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
    """The revision immediately before the first signature (and its CRLF variant), if it is unchanged
    by everything after it except form filling and signatures; empty otherwise."""
    problem: str = ""
    changed_before: str = ""
    """Why the document was found changed between its original revision and its first signature."""
    drawn_over: int | None = None
    """The first page where an annotation added after the original changes what it shows (overlay.py)."""
    drawn_reason: str = ""
    """Why ('' = it draws over the original's content)."""
    stamps: list[tuple[str, int, str]] = field(default_factory=list)
    """(signature field, page, text) of each visible stamp that draws text, for the user to read."""

    @property
    def ok(self) -> bool:
        return (not self.problem and self.drawn_over is None and bool(self.signatures)
                and all(s.ok for s in self.signatures))


def has_signatures(data: bytes) -> bool:
    """A cheap test before parsing: is this a PDF with a signature dictionary in it?"""
    return data.startswith(b"%PDF-") and b"/ByteRange" in data


def load_roots(pems: dict[str, bytes]) -> list:
    """Trust anchors from PEM or DER files (one or more certificates each), by file name."""
    from asn1crypto import pem, x509

    from contractkit.flows.signing import SigningError

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

    from contractkit.flows.signing import quiet_libraries

    quiet_libraries()
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
    try:
        first = min(embedded, key=lambda s: s.signed_revision)
        result.originals, result.changed_before = _original(reader, data, first.signed_revision)
    except Exception as exc:  # noqa: BLE001 - a hostile revision structure is a finding, not a crash
        result.originals, result.changed_before = [], f"its revisions cannot be read ({type(exc).__name__})"
    if result.changed_before:
        result.problem = f"changed before signing: {result.changed_before}"
    for sig in embedded:
        result.signatures.append(_report(sig, roots))
    if result.originals:
        from contractkit.flows.signing.overlay import added_content

        signers: dict[str, str | None] = {}
        for sig in result.signatures:  # one field, two signers: no stamp on it can name "its" signer
            signers[sig.field] = sig.signer if signers.get(sig.field, sig.signer) == sig.signer else None
        added = added_content(result.originals[0], data, signers)
        result.drawn_over, result.drawn_reason, result.stamps = added.page, added.reason, added.stamps
    return result


def check_stamp_names(result: SignedPdf, people: frozenset[str]) -> None:
    """Once the signed document is known: each visible stamp must name only people who may sign it
    (stamp.signer_words of its version); the first that does not is reported as drawn over its page."""
    from contractkit.flows.signing import stamp

    if result.drawn_over is not None:
        return
    for name, page, text in result.stamps:
        problem = stamp.name_problem(text, people)
        if problem:
            shown = "".join(c if c.isprintable() else "?" for c in name)[:60]
            result.drawn_over, result.drawn_reason = page, f"the visible stamp of signature {shown} {problem}"
            return


def _original(reader, data: bytes, signed_revision: int) -> tuple[list[bytes], str]:
    """The bytes of the revision before `signed_revision`, and '' or why the signing revision changed
    more than a signature adds. pyHanko's own diff analysis cannot start from a revision that has no
    form yet, so the signing revision is compared here; what follows it is pyHanko's (changed_after)."""
    if signed_revision < 1:
        return [], "the first signature is in the file's first revision, so no unsigned original exists"
    base = signed_revision - 1
    match = EOF_MARK.search(data, reader.xrefs.get_startxref_for_revision(base))
    if match is None:
        return [], "its revision before the first signature has no end marker"
    old = reader.get_historical_resolver(base)
    found = _difference(old.root, reader.get_historical_resolver(signed_revision).root, "/Root", set())
    if found:
        return [], f"{found} differs from the unsigned original"
    original = [data[: match.end()]]
    if match.group(1) == b"\r\n":
        original.append(data[: match.end() - 1])
    return original, ""


# What signing may add or update: the form, the signature widgets (their appearance is the stamp),
# validation data and the XMP metadata (pyHanko records the signing there; it is never painted).
SIGNING_KEYS = {"/Root": {"/AcroForm", "/Perms", "/DSS", "/Extensions", "/Metadata", "/Version"},
                "page": {"/Annots"}}
MAX_OBJECTS = 200_000


def _annotations(old, new, where: str, seen: set) -> str:
    """A page's annotations: the old ones unchanged, the added ones signature widgets only (a
    FreeText or Stamp annotation added by the signing update could paint over the text)."""
    from pyhanko.pdf_utils import generic

    def listed(page) -> list:
        annots = page.get("/Annots")
        if not isinstance(annots, generic.ArrayObject):
            return []
        return [annots.raw_get(n) for n in range(len(annots))]

    before, after = listed(old), listed(new)
    if len(after) < len(before):
        return f"{where}/Annots"
    for n, (a, b) in enumerate(zip(before, after[: len(before)], strict=True)):
        found = _difference(a, b, f"{where}/Annots[{n}]", seen)
        if found:
            return found
    for n, added in enumerate(after[len(before):], len(before)):
        annot = added.get_object()
        parent = annot.get("/Parent")
        field = parent if isinstance(parent, generic.DictionaryObject) else {}
        kind = annot.get("/FT") or field.get("/FT")
        if annot.get("/Subtype") != "/Widget" or kind != "/Sig":
            return f"{where}/Annots[{n}] (an added annotation that is not a signature field)"
    return ""


def _difference(old, new, where: str, seen: set) -> str:
    """Where two revisions of the document graph differ, ignoring what signing adds; '' if nowhere."""
    from pyhanko.pdf_utils import generic

    if isinstance(old, generic.IndirectObject) and isinstance(new, generic.IndirectObject):
        key = (old.idnum, old.generation, new.idnum, new.generation)
        if key in seen:
            return ""
        seen.add(key)
        if len(seen) > MAX_OBJECTS:
            return "the document (too many objects to compare)"
    old = old.get_object() if isinstance(old, generic.IndirectObject) else old
    new = new.get_object() if isinstance(new, generic.IndirectObject) else new
    if type(old) is not type(new):
        return where
    if isinstance(old, generic.StreamObject):
        if old.encoded_data != new.encoded_data:
            return where
    if isinstance(old, generic.DictionaryObject):
        ignored = SIGNING_KEYS["/Root"] if where == "/Root" else \
            SIGNING_KEYS["page"] if old.get("/Type") == "/Page" else set()
        if old.get("/Type") == "/Page":
            found = _annotations(old, new, where, seen)
            if found:
                return found
        keys = (set(old) | set(new)) - ignored
        for name in sorted(keys):
            if (name in old) != (name in new):
                return f"{where}{name}"
            if name == "/Parent":
                continue  # walked from the parent already
            found = _difference(old.raw_get(name), new.raw_get(name), f"{where}{name}", seen)
            if found:
                return found
        return ""
    if isinstance(old, generic.ArrayObject):
        if len(old) != len(new):
            return where
        for n in range(len(old)):
            found = _difference(old.raw_get(n), new.raw_get(n), f"{where}[{n}]", seen)
            if found:
                return found
        return ""
    return "" if old == new else where


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

