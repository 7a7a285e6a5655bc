"""LibreOffice's PDF with its clock taken out, so two conversions of one DOCX are byte-equal.

LibreOffice writes the time of the conversion into the Info and XMP dates, a random file ID, a
/DocChecksum of the whole file, and an sRGB ICC profile it builds on the fly (dated, with a profile
ID over the date). Here the dates become the document's stamp, the ID and checksum hashes of the
DOCX, and the profile the one weasyprint embeds in contractkit's own PDF/A (sRGB2014.icc), so a
signed PDF made from a Word template can be rendered again and compared by hash (`verify`,
`guard`). The file keeps LibreOffice's classic cross-reference table; the offsets after the edited
stream are moved by the bytes it gained or lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from functools import cache

from contractkit.errors import RenderError

PROFILE = re.compile(rb"/DestOutputProfile\s*(\d+)\s+0\s+R")
STREAM_HEAD = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)
LENGTH = re.compile(rb"/Length\s+(\d+)(\s+0\s+R)?")
ENTRY = re.compile(rb"(\d{10}) (\d{5}) n")


def fixed(pdf: bytes, docx: bytes, stamp: dt.datetime) -> bytes:
    """`pdf` (LibreOffice's, before anything is appended) with dates, IDs and the ICC profile fixed."""
    utc = stamp.astimezone(dt.timezone.utc)
    pdf = re.sub(rb"D:\d{14}Z'", utc.strftime("D:%Y%m%d%H%M%SZ'").encode(), pdf)
    pdf = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                 lambda m: m.group(1) + utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), pdf)
    digest = hashlib.md5(docx).hexdigest().upper().encode()
    pdf = re.sub(rb"/ID \[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>",
                 lambda m: re.sub(rb"[0-9A-Fa-f]{32}", digest, m.group(0)), pdf)
    checksum = hashlib.md5(docx + b"/DocChecksum").hexdigest().upper().encode()
    pdf = re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + checksum, pdf)
    return _with_profile(pdf, srgb_profile())


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile contractkit's own PDF/A carry (weasyprint's), found without importing
    weasyprint (a second of imports a LibreOffice PDF does not need)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        raise RenderError("weasyprint is not installed: its sRGB profile is needed for PDF/A")
    return (Path(spec.submodule_search_locations[0]) / "pdf" / "sRGB2014.icc").read_bytes()


def _with_profile(pdf: bytes, profile: bytes) -> bytes:
    """The output intent's ICC stream replaced by `profile`, the cross-reference table moved to match."""
    found = PROFILE.search(pdf)
    if found is None:
        return pdf
    table = _xref(pdf)
    number = int(found.group(1))
    if number not in table:
        raise RenderError("LibreOffice's PDF has an output intent outside its cross-reference table")
    head = STREAM_HEAD.match(pdf, table[number])
    length = LENGTH.search(head.group(2)) if head else None
    if head is None or length is None or int(head.group(1)) != number:
        raise RenderError("LibreOffice's PDF: its ICC profile stream is not where its table says")
    data = zlib.compress(profile, 9)
    edits: list[tuple[int, int, bytes]] = []
    if length.group(2):  # /Length 112 0 R: the number is an object of its own
        held = re.compile(rb"%d 0 obj\s*(\d+)\s*endobj" % int(length.group(1)))
        value = held.match(pdf, table[int(length.group(1))])
        if value is None:
            raise RenderError("LibreOffice's PDF: its ICC profile's length is not where its table says")
        size = int(value.group(1))
        edits.append((value.start(1), value.end(1), b"%d" % len(data)))
    else:
        size = int(length.group(1))
        start = head.start(2) + length.start(1)
        edits.append((start, start + len(length.group(1)), b"%d" % len(data)))
    edits.append((head.end(), head.end() + size, data))
    if not head.group(2).count(b"/FlateDecode"):
        raise RenderError("LibreOffice's PDF: its ICC profile stream is not Flate-encoded")
    return _edited(pdf, sorted(edits))


def _xref(pdf: bytes) -> dict[int, int]:
    """{object number: offset} of the classic cross-reference table startxref points at."""
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if found is None or not pdf.startswith(b"xref", int(found.group(1))):
        raise RenderError("LibreOffice's PDF has no classic cross-reference table to fix")
    table: dict[int, int] = {}
    at = int(found.group(1)) + len(b"xref")
    while True:
        section = re.compile(rb"\s*(\d+) (\d+)\r?\n").match(pdf, at)
        if section is None:
            return table
        first, count = int(section.group(1)), int(section.group(2))
        at = section.end()
        for i in range(count):
            entry = pdf[at:at + 20]
            if entry[17:18] == b"n":
                table[first + i] = int(entry[:10])
            at += 20


def _edited(pdf: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """`pdf` with the (start, end, bytes) edits made, every offset after them moved."""
    def moved(offset: int) -> int:
        return offset + sum(len(new) - (end - start) for start, end, new in edits if end <= offset)

    xref_at = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))
    out, last = [], 0
    for start, end, new in edits:
        out += [pdf[last:start], new]
        last = end
    out.append(pdf[last:xref_at])
    tail = pdf[xref_at:]
    head, _, rest = tail.partition(b"trailer")
    head = ENTRY.sub(lambda m: b"%010d %s n" % (moved(int(m.group(1))), m.group(2)), head)
    rest = re.sub(rb"(startxref\s+)(\d+)", lambda m: m.group(1) + b"%d" % moved(xref_at), rest)
    return b"".join(out) + head + b"trailer" + rest
