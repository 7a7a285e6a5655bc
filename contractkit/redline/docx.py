"""Two rendered DOCX -> one DOCX with TO's text as tracked changes (w:ins / w:del) against FROM.

TO's package is the base: its styles, numbering, header and footer stay; unchanged paragraphs
are left as they are. Body blocks are aligned on their text, edited paragraphs diffed word by
word (each run keeps the properties of the run it comes from), table rows inserted or deleted
whole, and rows of the same shape diffed cell by cell.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from itertools import count

from lxml import etree

from contractkit.errors import RenderError
from contractkit.redline import align

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


def redline_docx(old: bytes, new: bytes, revisions: Revisions) -> bytes:
    """The DOCX `new` with its differences from `old` as tracked changes, deterministic bytes."""
    old_body = _body(old)
    parts = _read(new)
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(w("body"))
    _Merger(revisions).container(old_body, body)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if SETTINGS in parts:
        parts[SETTINGS] = _track_revisions(parts[SETTINGS])
    return _write(parts)


def empty(data: bytes) -> bytes:
    """The same package with an empty body: the baseline of a document FROM did not have."""
    parts = _read(data)
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(w("body"))
    for block in _blocks(body):
        body.remove(block)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _write(parts)


def _read(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {name: z.read(name) for name in z.namelist()}
    except zipfile.BadZipFile as exc:
        raise RenderError(f"rendered DOCX is not a ZIP package ({exc})") from None


def _body(data: bytes):
    return etree.fromstring(_read(data)[DOCUMENT]).find(w("body"))


def _write(parts: dict[str, bytes]) -> bytes:
    """The parts in their original order, each with a fixed time: equal input, equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            z.writestr(info, blob)
    return buffer.getvalue()


def _track_revisions(xml: bytes) -> bytes:
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


# --- reading blocks ------------------------------------------------------------------------------

def _blocks(container) -> list:
    return [c for c in container if c.tag in (w("p"), w("tbl"))]


def _atoms(p) -> list[tuple[str, object, object]] | None:
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


def _text(block) -> str:
    """The key a block is aligned on: its text, breaks included; a table's shape, then its rows."""
    if block.tag == w("tbl"):
        rows = block.findall(w("tr"))
        shape = str(len(block.findall(f"{w('tblGrid')}/{w('gridCol')}")))
        return shape + "\x1d" + "\x1e".join(_row_text(r) for r in rows)
    atoms = _atoms(block)
    if atoms is None:
        return "\x00" + etree.tostring(block, encoding="unicode")
    return "".join(a[0] for a in atoms)


def _row_text(row) -> str:
    return "\x1f".join("\x1c".join(_text(b) for b in _blocks(tc)) for tc in row.findall(w("tc")))


def _kind(block) -> str:
    return "tbl" if block.tag == w("tbl") else "p"


# --- writing revisions ---------------------------------------------------------------------------

def _run(rpr, content: list) -> etree._Element:
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


def _runs(atoms: list) -> list[etree._Element]:
    """Runs for consecutive atoms, one per source run: texts joined, formatting kept."""
    out, current, pending, text = [], None, [], ""
    for _, run, content in atoms:
        if run is not current:
            if current is not None:
                out.append(_run(current.find(w("rPr")), pending + ([text] if text else [])))
            current, pending, text = run, [], ""
        if isinstance(content, str):
            text += content
        else:
            if text:
                pending.append(text)
                text = ""
            pending.append(content)
    if current is not None:
        out.append(_run(current.find(w("rPr")), pending + ([text] if text else [])))
    return out


def _as_deleted(run) -> etree._Element:
    """w:t -> w:delText (and field codes likewise), as a deleted run must say."""
    for t in run.iter(w("t")):
        t.tag = w("delText")
    for t in run.iter(w("instrText")):
        t.tag = w("delInstrText")
    return run


def _ends_inserted(p, kind: str) -> bool:
    """A paragraph whose last content is an insertion, before an inserted paragraph."""
    if p is None or kind != "ins":
        return False
    content = [c for c in p if c.tag != w("pPr")]
    return bool(content) and content[-1].tag == w("ins")


class _Merger:
    def __init__(self, revisions: Revisions):
        self.rev = revisions

    def wrap(self, kind: str, runs: list) -> etree._Element:
        mark = self.rev.mark(kind)
        for r in runs:
            mark.append(_as_deleted(r) if kind == "del" else r)
        return mark

    def container(self, old, new, in_cell: bool = False) -> None:
        """Rewrite `new`'s blocks (a body or a cell) as `old` -> `new` with revisions."""
        a, b = _blocks(old), _blocks(new)
        steps = align.align([_text(x) for x in a], [_text(x) for x in b], [_kind(x) for x in a],
                            [_kind(x) for x in b], pair_all=in_cell)
        items: list[tuple[etree._Element, str]] = []  # (block, its paragraph mark's revision)
        for step in steps:
            if step.op == "equal":
                items.append((b[step.j], ""))
            elif step.op == "delete":
                items.append((self.whole(copy.deepcopy(a[step.i]), "del"), "del"))
            elif step.op == "insert":
                items.append((self.whole(b[step.j], "ins"), "ins"))
            elif _kind(b[step.j]) == "tbl":
                self.table(a[step.i], b[step.j])
                items.append((b[step.j], ""))
            elif _atoms(a[step.i]) is None or _atoms(b[step.j]) is None:  # not plain runs: whole
                items.append((self.whole(copy.deepcopy(a[step.i]), "del"), "del"))
                items.append((self.whole(b[step.j], "ins"), "ins"))
            else:
                items.append((self.paragraph(a[step.i], b[step.j]), ""))
        anchor = b[-1].getnext() if b else None  # w:sectPr in a body, nothing in a cell
        for block in b:
            new.remove(block)
        blocks = [blk for blk, _ in items]
        for blk in blocks:
            if anchor is not None:
                anchor.addprevious(blk)
            else:
                new.append(blk)
        self.marks(items)

    def marks(self, items: list[tuple[etree._Element, str]]) -> None:
        """Track the paragraph marks of whole inserted or deleted paragraphs.

        A paragraph mark before a table or at the end of a body or cell cannot go, so a stretch
        of tracked paragraphs there hands each mark's revision to the paragraph before it: the
        same text after accepting or rejecting, and no empty paragraph left behind. So does a
        stretch of inserted paragraphs after a paragraph ending in an insertion: LibreOffice
        joins the two insertions and, rejecting them, would take that paragraph's mark too.
        """
        kinds = [kind for _, kind in items]
        is_p = [blk.tag == w("p") for blk, _ in items]
        n = 0
        while n < len(items):
            if not (is_p[n] and kinds[n]):
                n += 1
                continue
            end = n
            while end + 1 < len(items) and is_p[end + 1] and kinds[end + 1]:
                end += 1
            before = items[n - 1][0] if n > 0 and is_p[n - 1] else None
            if end + 1 == len(items) or not is_p[end + 1] or _ends_inserted(before, kinds[n]):
                if before is not None:
                    kinds[n - 1:end + 1] = [*kinds[n:end + 1], ""]
                else:
                    kinds[end] = ""
            n = end + 1
        for (blk, _), kind in zip(items, kinds, strict=True):
            if blk.tag == w("p") and kind:
                ppr = blk.find(w("pPr"))
                if ppr is None:
                    ppr = etree.Element(w("pPr"))
                    blk.insert(0, ppr)
                rpr = ppr.find(w("rPr"))
                if rpr is None:
                    rpr = etree.SubElement(ppr, w("rPr"))
                    sect = ppr.find(w("sectPr"))
                    if sect is not None:
                        sect.addprevious(rpr)
                rpr.insert(0, self.rev.mark(kind))

    def whole(self, block, kind: str):
        """A whole paragraph or table inserted or deleted: every run, every row."""
        if block.tag == w("tbl"):
            for row in block.findall(w("tr")):
                self.whole_row(row, kind)
            return block
        for child in list(block):
            if child.tag in (w("r"), w("hyperlink"), w("fldSimple")):
                mark = self.rev.mark(kind)
                child.addprevious(mark)
                mark.append(_as_deleted(child) if kind == "del" else child)
        return block

    def whole_row(self, row, kind: str) -> None:
        trpr = row.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            first_cell = row.find(w("tc"))
            if first_cell is not None:
                first_cell.addprevious(trpr)
            else:
                row.append(trpr)
        trpr.append(self.rev.mark(kind))
        for tc in row.findall(w("tc")):
            for block in _blocks(tc):
                self.whole(block, kind)

    def paragraph(self, old, new):
        """An edited paragraph: TO's paragraph properties, FROM's words deleted, TO's inserted."""
        a, b = _atoms(old), _atoms(new)
        out = [c for c in new if c.tag == w("pPr")]
        for op, ia, jb in align.word_steps([x[0] for x in a], [x[0] for x in b]):
            if op == "equal":
                out += _runs([b[j] for j in jb])
            elif op == "delete":
                out.append(self.wrap("del", _runs([a[i] for i in ia])))
            else:
                out.append(self.wrap("ins", _runs([b[j] for j in jb])))
        for child in list(new):
            new.remove(child)
        for child in out:
            new.append(child)
        return new

    def table(self, old, new) -> None:
        """Rows aligned like blocks; rows of the same shape edited cell by cell, others whole."""
        a, b = old.findall(w("tr")), new.findall(w("tr"))
        widths = [g.get(w("w")) for g in new.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        keys_a, keys_b = [_row_text(r) for r in a], [_row_text(r) for r in b]
        shape_a = [str(len(r.findall(w("tc")))) for r in a]
        shape_b = [str(len(r.findall(w("tc")))) for r in b]
        steps = align.align(keys_a, keys_b, shape_a, shape_b)
        rows = []
        for step in steps:
            if step.op == "equal":
                rows.append(b[step.j])
            elif step.op == "insert":
                self.whole_row(b[step.j], "ins")
                rows.append(b[step.j])
            elif step.op == "delete":
                row = copy.deepcopy(a[step.i])
                for tc, width in zip(row.findall(w("tc")), widths, strict=False):
                    tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
                    if tcw is not None and width:
                        tcw.set(w("w"), width)
                self.whole_row(row, "del")
                rows.append(row)
            else:
                for tc_old, tc_new in zip(a[step.i].findall(w("tc")), b[step.j].findall(w("tc")),
                                          strict=True):
                    self.container(tc_old, tc_new, in_cell=True)
                rows.append(b[step.j])
        for row in b:
            new.remove(row)
        for row in rows:
            new.append(row)

