"""The document's data attached to LibreOffice's PDF/A by a small incremental update, no PDF library.

LibreOffice writes one classic cross-reference table and a plain catalog. Appended after it: the
embedded file stream (Flate, /Params with /Size, /CheckSum and the stamp's dates), its file
specification (/F, /UF, /AFRelationship /Data), and the catalog again with /AF and an
/EmbeddedFiles name tree: what PDF/A-3 asks of an associated file. The original bytes stay as
they are; the second file ID is derived from the first, so the result is a function of its input.
A catalog that already has /Names or /AF, or a file already updated, is left to pyHanko (None).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib

from contractkit.render.officefix import _xref

TRAILER = re.compile(rb"trailer\s*<<(.*)>>\s*startxref\s+(\d+)\s+%%EOF\s*$", re.S)
ROOT = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
SIZE = re.compile(rb"/Size\s+(\d+)")
IDS = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def attached(pdf: bytes, data: bytes, name: str, description: str, stamp: dt.datetime) -> bytes | None:
    """`pdf` with `data` embedded as `name` (application/json, /Data), or None if the file is not
    the plain one this writer knows (then pyHanko attaches it)."""
    trailer = TRAILER.search(pdf)
    if trailer is None or b"/Prev" in trailer.group(1) or b"/Encrypt" in trailer.group(1):
        return None
    body, xref_at = trailer.group(1), int(trailer.group(2))
    root, size, ids = ROOT.search(body), SIZE.search(body), IDS.search(body)
    if root is None or size is None or ids is None:
        return None
    try:
        table = _xref(pdf)
    except Exception:  # noqa: BLE001 - not LibreOffice's classic table: pyHanko reads it
        return None
    number = int(root.group(1))
    catalog = _dictionary(pdf, table.get(number), number)
    if catalog is None or b"/Names" in catalog or re.search(rb"/AF\b", catalog):
        return None
    spec, stream = int(size.group(1)), int(size.group(1)) + 1
    when = stamp.astimezone(dt.timezone.utc).strftime("(D:%Y%m%d%H%M%SZ)").encode()
    packed = zlib.compress(data, 9)
    label = _text(name)
    objects = {
        spec: b"<</Type/Filespec/F" + label + b"/UF" + label + b"/Desc" + _text(description)
              + b"/AFRelationship/Data/EF<</F %d 0 R/UF %d 0 R>>>>" % (stream, stream),
        stream: b"<</Type/EmbeddedFile/Subtype/application#2Fjson/Filter/FlateDecode/Length %d"
                b"/Params<</Size %d/CheckSum<%s>/CreationDate%s/ModDate%s>>>>\nstream\n"
                % (len(packed), len(data), hashlib.md5(data).hexdigest().upper().encode(), when, when)
                + packed + b"\nendstream",
        number: b"<<" + catalog + b"/AF[%d 0 R]/Names<</EmbeddedFiles<</Names[" % spec + label
                + b" %d 0 R]>>>>>>" % spec,
    }
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    new_xref = len(out)
    out += b"xref\n"
    for first, count in _runs(sorted(offsets)):
        out += b"%d %d\n" % (first, count)
        out += b"".join(b"%010d 00000 n\r\n" % offsets[n] for n in range(first, first + count))
    second = hashlib.md5(bytes.fromhex(ids.group(1).decode()) + name.encode()).hexdigest().upper()
    tail = SIZE.sub(b"/Size %d" % (stream + 1), body, count=1)
    tail = tail[:ids.start(2)] + second.encode() + tail[ids.end(2):]
    out += b"trailer\n<<" + tail.strip() + b"\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (xref_at, new_xref)
    return bytes(out)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Contiguous (first, count) runs of sorted object numbers: the table's subsections."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][0] + runs[-1][1] == n:
            runs[-1][1] += 1
        else:
            runs.append([n, 1])
    return [(first, count) for first, count in runs]


def _text(value: str) -> bytes:
    """A PDF literal string of ASCII text (the names written here), escaped."""
    raw = value.encode("ascii")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _dictionary(pdf: bytes, offset: int | None, number: int) -> bytes | None:
    """The inside of object `number`'s dictionary (between its outer << and >>), or None."""
    if offset is None:
        return None
    head = re.compile(rb"%d\s+0\s+obj\s*<<" % number).match(pdf, offset)
    if head is None:
        return None
    depth, i = 1, head.end()
    while i < len(pdf):
        c = pdf[i:i + 1]
        if c == b"(":  # a literal string: nested parentheses, backslash escapes
            i = _string_end(pdf, i)
            if i < 0:
                return None
            continue
        if pdf.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
            continue
        if pdf.startswith(b">>", i):
            depth -= 1
            if depth == 0:
                return pdf[head.end():i]
            i += 2
            continue
        if c == b"<":  # a hex string
            end = pdf.find(b">", i)
            if end < 0:
                return None
            i = end + 1
            continue
        i += 1
    return None


def _string_end(pdf: bytes, i: int) -> int:
    """The index after the literal string starting at i, or -1."""
    depth, i = 0, i
    while i < len(pdf):
        c = pdf[i:i + 1]
        if c == b"\\":
            i += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1
