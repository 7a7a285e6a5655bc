"""Two rendered DOCX -> one DOCX with TO's text as tracked changes (w:ins / w:del) against FROM.

TO's package is the base: its styles and numbering stay; its headers and footers are diffed against
FROM's as the body is (redline/margins.py); unchanged paragraphs are left as they are. Body blocks
are aligned on their text, edited paragraphs diffed word by word (each run keeps the properties of
the run it comes from), table rows inserted or deleted whole, and rows of the same shape diffed
cell by cell.
"""

from __future__ import annotations

import copy

from lxml import etree

from contractkit.flows.redline import align, marks
from contractkit.flows.redline.margins import redline_margins
from contractkit.flows.redline.ooxml import (
    DOCUMENT,
    SETTINGS,
    Revisions,
    as_deleted,
    atoms,
    blocks,
    empty,
    read,
    runs,
    track_revisions,
    w,
    write,
)

__all__ = ["Revisions", "empty", "redline_docx"]


def redline_docx(old: bytes, new: bytes, revisions: Revisions) -> bytes:
    """The DOCX `new` with its differences from `old` as tracked changes, deterministic bytes."""
    old_parts = read(old)
    old_body = etree.fromstring(old_parts[DOCUMENT]).find(w("body"))
    parts = read(new)
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(w("body"))
    merger = _Merger(revisions)
    merger.container(old_body, body)
    redline_margins(old_parts, parts, root, merger)  # headers and footers too (red team 12, B04)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if SETTINGS in parts:
        parts[SETTINGS] = track_revisions(parts[SETTINGS])
    return write(parts)


def _text(block) -> str:
    """The key a block is aligned on: its text, breaks included; a table's shape, then its rows."""
    if block.tag == w("tbl"):
        rows = block.findall(w("tr"))
        shape = str(len(block.findall(f"{w('tblGrid')}/{w('gridCol')}")))
        return shape + "\x1d" + "\x1e".join(_row_text(r) for r in rows)
    found = atoms(block)
    if found is None:
        return "\x00" + etree.tostring(block, encoding="unicode")
    return "".join(a[0] for a in found)


def _row_text(row) -> str:
    return "\x1f".join("\x1c".join(_text(b) for b in blocks(tc)) for tc in row.findall(w("tc")))


def _kind(block) -> str:
    return "tbl" if block.tag == w("tbl") else "p"


def _pair_between_tables(steps: list[align.Step], a: list, b: list) -> list[align.Step]:
    """A paragraph replaced whole between two tables (or a table and the end) has no paragraph
    before it to carry its mark: make the first deleted and inserted paragraphs one edit."""
    out = list(steps)
    n = 0
    while n < len(out):
        end = n
        while end < len(out) and out[end].op in ("delete", "insert") and _kind(
                a[out[end].i] if out[end].op == "delete" else b[out[end].j]) == "p":
            end += 1
        if end > n:
            stretch = out[n:end]
            before = out[n - 1] if n else None
            after = out[end] if end < len(out) else None
            orphan = all(s is None or _kind(b[s.j] if s.j is not None else a[s.i]) == "tbl"
                         for s in (before, after))
            dels = [s for s in stretch if s.op == "delete" and atoms(a[s.i]) is not None]
            ins = [s for s in stretch if s.op == "insert" and atoms(b[s.j]) is not None]
            if orphan and dels and ins:
                stretch.remove(dels[0])
                stretch.remove(ins[0])
                out[n:end] = [align.Step("edit", dels[0].i, ins[0].j), *stretch]
                end -= 1
        n = end + 1
    return out


class _Merger:
    def __init__(self, revisions: Revisions):
        self.rev = revisions

    def wrap(self, kind: str, runs: list) -> etree._Element:
        mark = self.rev.mark(kind)
        for r in runs:
            mark.append(as_deleted(r) if kind == "del" else r)
        return mark

    def container(self, old, new, in_cell: bool = False) -> None:
        """Rewrite `new`'s blocks (a body or a cell) as `old` -> `new` with revisions."""
        a, b = blocks(old), blocks(new)
        steps = align.align([_text(x) for x in a], [_text(x) for x in b], [_kind(x) for x in a],
                            [_kind(x) for x in b], pair_all=in_cell)
        steps = _pair_between_tables(steps, a, b)
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
            elif atoms(a[step.i]) is None or atoms(b[step.j]) is None:  # not plain runs: whole
                items.append((self.whole(copy.deepcopy(a[step.i]), "del"), "del"))
                items.append((self.whole(b[step.j], "ins"), "ins"))
            else:
                items.append((self.paragraph(a[step.i], b[step.j]), ""))
        anchor = b[-1].getnext() if b else None  # w:sectPr in a body, nothing in a cell
        for block in b:
            new.remove(block)
        placed = [blk for blk, _ in items]
        for blk in placed:
            if anchor is not None:
                anchor.addprevious(blk)
            else:
                new.append(blk)
        marks.place(items, self.rev.mark)
        for first, second in zip(placed, placed[1:], strict=False):
            if first.tag == second.tag == w("p"):
                marks.unglue(first, second, self.rev.mark)

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
                mark.append(as_deleted(child) if kind == "del" else child)
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
            for block in blocks(tc):
                self.whole(block, kind)

    def paragraph(self, old, new):
        """An edited paragraph: TO's paragraph properties, FROM's words deleted, TO's inserted."""
        a, b = atoms(old), atoms(new)
        out = [c for c in new if c.tag == w("pPr")]
        for op, ia, jb in align.word_steps([x[0] for x in a], [x[0] for x in b]):
            if op == "equal":
                out += runs([b[j] for j in jb])
            elif op == "delete":
                out.append(self.wrap("del", runs([a[i] for i in ia])))
            else:
                out.append(self.wrap("ins", runs([b[j] for j in jb])))
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

