"""The clauses of a user's Word contract by the numbers they carry, for the addendum that amends them.

The user's template is filled for the signed version and for the new one, and the two DOCX are
compared clause by clause, as contractkit's own contract is (render/amendments.py): a clause's
number is the one its reader sees, typed («3.3.1. …») or Word's automatic numbering (computed from
numbering.xml, the paragraph's own or its style's list, level and start). A changed passage that
carries no number (a paragraph, or a table such as the stages) cannot be cited by number: the
addendum quotes it by its words or restates the table whole, and `addendum` warns about it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from contractkit.render.amendments import NUMBER, SPACE, _item

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
"""The user's parts (numbering, styles) are untrusted: no entities, no DTD, no network."""
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
         (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Block:
    """A paragraph (rows is None) or a table of the document's body, in order."""

    number: str | None  # «3.3.1», typed or Word's own numbering
    text: str  # without the number; a table's rows joined
    after: str | None  # the last numbered clause before it
    rows: tuple[tuple[str, ...], ...] | None = None


def blocks(docx: bytes) -> list[Block]:
    """The body's non-empty paragraphs and tables, each with its clause number if it has one."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = set(package.namelist())
        body = etree.fromstring(package.read("word/document.xml"), PARSER).find(f"{W}body")
        lists = _Lists(*(etree.fromstring(package.read(p), PARSER) if p in names else None
                         for p in ("word/numbering.xml", "word/styles.xml")))
    out: list[Block] = []
    last = None
    for el in _body_blocks(body):
        if el.tag == f"{W}tbl":
            rows = tuple(tuple(_text(c) for c in r.iter(f"{W}tc")) for r in el.iter(f"{W}tr"))
            if any(any(cells) for cells in rows):
                out.append(Block(None, "\n".join(" | ".join(r) for r in rows), last, rows))
            continue
        label = lists.label(el)
        text = _text(el)
        if not text:
            continue
        found = NUMBER.match(f"{label} {text}" if label else text)
        if found:
            last = found.group(1)
            out.append(Block(last, found.group(2), last))
        else:
            out.append(Block(None, text, last))
    return out


def amended(old_docx: bytes, new_docx: bytes) -> tuple[list[dict], list[dict]]:
    """(numbered, unnumbered): each numbered clause restated, added or deleted (render/amendments.py's
    items), and each changed passage without a number: kind 'restate_text', 'add_text' or
    'delete_text', the clause it follows (`after`), its old and new `text`, `rows` for a table."""
    old, new = blocks(old_docx), blocks(new_docx)
    before, after = _numbered(old), _numbered(new)
    numbered = [_item("add" if k not in before else "restate", k, t) for k, t in after.items()
                if before.get(k) != t]
    numbered += [_item("delete", k, "") for k in before if k not in after]
    return numbered, _unnumbered(old, new)


def _numbered(found: list[Block]) -> dict[str, str]:
    """{number: text} in document order; a number printed twice keeps its first clause."""
    out: dict[str, str] = {}
    for b in found:
        if b.number:
            out.setdefault(b.number, b.text)
    return out


def _unnumbered(old: list[Block], new: list[Block]) -> list[dict]:
    """The passages without a number that differ, aligned on their text (difflib): a replaced one
    is restated, one only the new version has is added, one only the old has is deleted."""
    from difflib import SequenceMatcher

    a = [b for b in old if b.number is None]
    b = [x for x in new if x.number is None]
    out: list[dict] = []
    matcher = SequenceMatcher(None, [_key(x) for x in a], [_key(x) for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        gone, came = a[i1:i2], b[j1:j2]
        while gone and came and (gone[0].rows is None) != (came[0].rows is None):
            out.append(_passage("delete_text", gone.pop(0), None))
        for was, block in zip(gone, came, strict=False):
            out.append(_passage("restate_text", was, block))
        out += [_passage("add_text", None, x) for x in came[len(gone):]]
        out += [_passage("delete_text", x, None) for x in gone[len(came):]]
    return out


def _key(block: Block) -> str:
    return ("table:" if block.rows is not None else "text:") + block.text


def _passage(kind: str, was: Block | None, block: Block | None) -> dict:
    shown = block or was
    return {"kind": kind, "after": shown.after, "old": was.text if was else "",
            "text": block.text if block else "",
            "rows": [list(r) for r in shown.rows] if shown.rows is not None else None}


def warnings(template: str, unnumbered: list[dict]) -> list[str]:
    """`addendum`'s warning for each changed passage of the user's contract it could not cite by number."""
    out = []
    for x in unnumbered:
        where = f" (after clause {x['after']})" if x["after"] else ""
        if x["rows"] is not None:
            out.append(f"warning: {template}: the table{where} has no clause number; the addendum "
                       "restates it whole")
        else:
            words = " ".join((x["text"] or x["old"]).split()[:8])
            out.append(f"warning: {template}: no clause number for «{words} …»{where}; the addendum "
                       "quotes it by its words")
    return out


def _body_blocks(container):
    """The body's paragraphs and tables in order, content controls opened."""
    for el in container:
        if el.tag in (f"{W}p", f"{W}tbl"):
            yield el
        elif el.tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_blocks(content)


def _text(el) -> str:
    """A paragraph's (or cell's) text as read: tabs and breaks as spaces, blanks collapsed."""
    parts = []
    for node in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}p" and parts:
            parts.append(" ")
        elif node.tag != f"{W}p":
            parts.append(" ")
    return SPACE.sub(" ", "".join(parts)).strip()


class _Lists:
    """Word's automatic numbering: each numbered paragraph's label («3.3.1.»), counted in order."""

    def __init__(self, numbering, styles):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract -> ilvl -> level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, start overrides)
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            for style in styles.iter(f"{W}style"):
                num = style.find(f"{W}pPr/{W}numPr")
                based = style.find(f"{W}basedOn")
                self.styles[style.get(f"{W}styleId")] = (
                    _val(num, "numId"), _int(_val(num, "ilvl")),
                    based.get(f"{W}val") if based is not None else None)

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    _int(_val(lvl, "start")) or 0 if _val(lvl, "start") is not None else 1,
                    _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
            self.levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            overrides = {int(o.get(f"{W}ilvl", "0")): _int(_val(o, "startOverride"))
                         for o in num.iter(f"{W}lvlOverride") if _val(o, "startOverride") is not None}
            if ref is not None:
                self.nums[num.get(f"{W}numId")] = (ref.get(f"{W}val"), overrides)

    def label(self, p) -> str:
        """The paragraph's number as Word shows it, or '' when it has none."""
        num_id, ilvl = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(abstract, {})
        if num_id not in self.started:  # a list's first paragraph: its start overrides apply
            self.started.add(num_id)
            for level, start in overrides.items():
                counts[level] = start - 1
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        start, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            count = counts.get(k, levels.get(k, (1,))[0])
            return _formatted(count, levels.get(k, (1, "decimal", ""))[1])

        return re.sub(r"%(\d)", value, text)

    def _num_of(self, p) -> tuple[str | None, int]:
        num = p.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = _val(num, "numId"), _int(_val(num, "ilvl"))
        style = p.find(f"{W}pPr/{W}pStyle")
        name, depth = (style.get(f"{W}val") if style is not None else None), 0
        while (num_id is None or ilvl is None) and name in self.styles and depth < 20:
            s_num, s_lvl, name = self.styles[name]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
            depth += 1
        return num_id, ilvl or 0


def _val(el, child: str) -> str | None:
    if el is None:
        return None
    found = el.find(f"{W}{child}")
    return found.get(f"{W}val") if found is not None else None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _formatted(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        out, rest = "", n
        for value, mark in ROMAN:
            while rest >= value:
                out, rest = out + mark, rest - value
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


def word_amendments(hist, n: int, template) -> tuple[list[dict], list[dict]]:
    """amended() between the user's contract template filled for versions n-1 and n."""
    from contractkit.render import userdocx
    from contractkit.render.addendum import version_context
    from contractkit.render.documents import stamp_of

    def filled(k: int) -> bytes:
        project = hist.versions[k]
        return userdocx.render(template, userdocx.template_data(version_context(hist, k)),
                               stamp_of(project), {"title": project.title, "author": ""})

    return amended(filled(n - 1), filled(n))
