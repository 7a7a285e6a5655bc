"""The WordprocessingML we read and write: package parts, blocks, runs and revision marks."""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from itertools import count

from lxml import etree

from contractkit.errors import RenderError
from contractkit.flows.redline import align

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"
SETTINGS = "word/settings.xml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Revisions:
    """Who and when every revision mark says, and the next unique w:id."""

    author: str
    date: str  # xsd:dateTime, e.g. 2026-12-15T10:00:00Z

    def __post_init__(self) -> None:
        self._ids = count(1)

    def mark(self, kind: str) -> etree._Element:
        el = etree.Element(w(kind))
        el.set(w("id"), str(next(self._ids)))
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        return el


def empty(data: bytes) -> bytes:
    """The same package with an empty body: the baseline of a document FROM did not have."""
    parts = read(data)
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(w("body"))
    for block in blocks(body):
        body.remove(block)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write(parts)


def read(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {name: z.read(name) for name in z.namelist()}
    except zipfile.BadZipFile as exc:
        raise RenderError(f"rendered DOCX is not a ZIP package ({exc})") from None


def body_of(data: bytes):
    return etree.fromstring(read(data)[DOCUMENT]).find(w("body"))


def write(parts: dict[str, bytes]) -> bytes:
    """The parts in their original order, each with a fixed time: equal input, equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            z.writestr(info, blob)
    return buffer.getvalue()


def track_revisions(xml: bytes) -> bytes:
    """Switch on Track Changes, so the lawyer's own edits are tracked too."""
    root = etree.fromstring(xml)
    if root.find(w("trackRevisions")) is None:
        anchor = root.find(w("defaultTabStop"))  # trackRevisions comes before it (CT_Settings)
        el = etree.Element(w("trackRevisions"))
        if anchor is not None:
            anchor.addprevious(el)
        else:
            root.append(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def blocks(container) -> list:
    return [c for c in container if c.tag in (w("p"), w("tbl"))]


def atoms(p) -> list[tuple[str, object, object]] | None:
    """(key, run, content) for each word, space, break or tab of a paragraph; None when the
    paragraph holds more than plain runs (fields, links), so it is compared whole."""
    atoms = []
    for child in p:
        if child.tag == w("pPr"):
            continue
        if child.tag != w("r"):
            return None
        for part in child:
            if part.tag == w("rPr"):
                continue
            if part.tag == w("t"):
                atoms += [(t, child, t) for t in align.tokens(part.text or "")]
            elif part.tag == w("br"):
                atoms.append(("\f" if part.get(w("type")) == "page" else "\n", child, part))
            elif part.tag in (w("tab"), w("cr")):
                atoms.append(("\t" if part.tag == w("tab") else "\n", child, part))
            else:
                atoms.append((f"\x00{etree.QName(part).localname}", child, part))
    return atoms


def run(rpr, content: list) -> etree._Element:
    """A run with a copy of `rpr` holding copies of `content` (w:t texts or break elements)."""
    r = etree.Element(w("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for item in content:
        if isinstance(item, str):
            t = etree.SubElement(r, w("t"))
            t.text = item
            t.set(XML_SPACE, "preserve")
        else:
            r.append(copy.deepcopy(item))
    return r


def runs(atoms: list) -> list[etree._Element]:
    """Runs for consecutive atoms, one per source run: texts joined, formatting kept."""
    out, current, pending, text = [], None, [], ""
    for _, source, content in atoms:
        if source is not current:
            if current is not None:
                out.append(run(current.find(w("rPr")), pending + ([text] if text else [])))
            current, pending, text = source, [], ""
        if isinstance(content, str):
            text += content
        else:
            if text:
                pending.append(text)
                text = ""
            pending.append(content)
    if current is not None:
        out.append(run(current.find(w("rPr")), pending + ([text] if text else [])))
    return out


def as_deleted(element) -> etree._Element:
    """w:t -> w:delText (and field codes likewise), as a deleted run must say."""
    for t in element.iter(w("t")):
        t.tag = w("delText")
    for t in element.iter(w("instrText")):
        t.tag = w("delInstrText")
    return element
