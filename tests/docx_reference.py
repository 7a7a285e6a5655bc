"""The DOCX body as python-docx's own calls build it: the converter contractkit used before
render/wordml.py, kept as the oracle tests/test_docx_body.py compares wordml with, element for
element. Slow and obviously right; never used to render."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

SPACE = re.compile(r"[ \t\r\n\f]+")
ALIGN = {"center": 1, "right": 2, "justify": 3}
HEADINGS = {"h1": "Title", "h2": "Heading 2", "h3": "Heading 3"}


def reference_body(html: str, letterhead) -> list:
    """The body elements the python-docx converter builds from `html`, sharing the styles of
    `letterhead` (a python-docx Document), as docxtpl's Subdoc does."""
    import lxml.html
    from docx import Document
    from docx.oxml.ns import qn

    built = Document()
    built._part = letterhead._part
    _Converter(built).blocks(lxml.html.document_fromstring(html).find("body"))
    return [e for e in built.element.body if e.tag != qn("w:sectPr")]


@dataclass(frozen=True)
class _Look:
    """Inline formatting in force at a point of the HTML."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    small: bool = False

    def inside(self, tag: str) -> _Look:
        return replace(
            self,
            bold=self.bold or tag in ("strong", "b", "th"),
            italic=self.italic or tag in ("em", "i"),
            underline=self.underline or tag == "u",
        )


CHAR_CM, PADDING_CM, TEXT_WIDTH_CM = 0.24, 0.45, 17.0
"""A bold 11 pt serif letter, a cell's side padding, the A4 text width."""


def _column_widths(rows: list[list], count: int) -> list:
    """Column widths over the A4 text width: each at least its longest word (up to 16 letters,
    so a header never breaks inside a word), the rest shared by the length of the text."""
    from docx.shared import Cm

    word = [2] * count
    text_len = [4] * count
    for row in rows:
        for c, cell in enumerate(row[:count]):
            words = " ".join(cell.itertext()).split()
            word[c] = max(word[c], min(16, max((len(w) for w in words), default=0)))
            text_len[c] = max(text_len[c], min(40, len(" ".join(words))))
    least = [n * CHAR_CM + PADDING_CM for n in word]
    spare = TEXT_WIDTH_CM - sum(least)
    if spare <= 0:
        return [Cm(TEXT_WIDTH_CM * n / sum(least)) for n in least]
    wants = [max(t - w, 0) + 1 for t, w in zip(text_len, word, strict=True)]
    return [Cm(m + spare * w / sum(wants)) for m, w in zip(least, wants, strict=True)]


def _cant_split(row) -> None:
    """A table row never breaks across pages (w:cantSplit), like `tr { break-inside: avoid }`."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.append(OxmlElement("w:cantSplit"))


def _keep_previous(container) -> None:
    """The paragraph before a signature block keeps with it, so the block never opens a page alone
    (like `table.signatures { break-before: avoid }` in style.css)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = getattr(container, "_body", container)._element  # a Document's w:body, or a cell
    blocks = [x for x in body if x.tag in (qn("w:p"), qn("w:tbl"))]
    if blocks and blocks[-1].tag == qn("w:p"):
        Paragraph(blocks[-1], container).paragraph_format.keep_with_next = True


class _Converter:
    """Walks the HTML body and adds paragraphs and tables to a python-docx container."""

    def __init__(self, container):
        self.container = container
        self.style_ids: dict[str, str] = {}

    def new_paragraph(self, style: str | None):
        """A paragraph in `style`, its id looked up once: python-docx scans every style per call."""
        para = self.container.add_paragraph()
        if style:
            if style not in self.style_ids:
                self.style_ids[style] = self.container.styles[style].style_id
            para._p.style = self.style_ids[style]
        return para

    def blocks(self, element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in HEADINGS:
                self.paragraph(child, style=HEADINGS[tag])
            elif tag == "p":
                self.paragraph(child)
            elif tag in ("ul", "ol"):
                for n, li in enumerate(child.findall("li"), 1):
                    style = "List Bullet" if tag == "ul" else None
                    self.paragraph(li, style=style, prefix="" if style else f"{n}. ")
            elif tag == "table":
                self.table(child)
            elif tag == "hr" and "page-break" in child.get("class", ""):
                from docx.enum.text import WD_BREAK

                self.container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif tag in ("div", "section", "article", "header", "footer", "main"):
                self.blocks(child)

    def paragraph(self, element, style: str | None = None, prefix: str = "", target=None):
        para = target if target is not None else self.new_paragraph(style)
        classes = element.get("class", "").split()
        for name in classes:
            if name in ALIGN:
                para.alignment = ALIGN[name]
        if "keep" in classes:
            para.paragraph_format.keep_with_next = True
        if prefix:
            para.add_run(prefix)
        look = _Look(bold=element.tag == "th", small="small" in classes)
        self.runs(para, element, look)
        if para.runs and para.runs[-1].text.endswith(" "):
            para.runs[-1].text = para.runs[-1].text.rstrip(" ")
        return para

    def runs(self, para, element, look: _Look) -> None:
        """Text of `element` and its inline children, as runs carrying their formatting."""
        tag = element.tag if isinstance(element.tag, str) else ""
        inner = look.inside(tag)
        if element.text:
            self.text(para, element.text, inner)
        for child in element:
            if child.tag == "br":
                para.add_run().add_break()
            elif isinstance(child.tag, str):
                self.runs(para, child, inner)
            if child.tail:
                self.text(para, child.tail, inner)

    @staticmethod
    def text(para, text: str, look: _Look) -> None:
        from docx.shared import Pt

        text = SPACE.sub(" ", text)
        if not para.text or para.text.endswith((" ", "\n")):
            text = text.lstrip(" ")
        if not text:
            return
        run = para.add_run()
        run._r.add_t(text)  # whitespace is collapsed already: skip python-docx's per-character pass
        run.bold = look.bold or None
        run.italic = look.italic or None
        run.underline = look.underline or None
        if look.small:
            run.font.size = Pt(8)

    def table(self, element) -> None:
        rows = [tr for tr in element.iter("tr")]
        width = max((len(tr.findall("td")) + len(tr.findall("th")) for tr in rows), default=0)
        if not rows or not width:
            return
        classes = element.get("class", "").split()
        if "signatures" in classes:
            _keep_previous(self.container)
        table = self.container.add_table(rows=len(rows), cols=width)
        table.autofit = False
        if "grid" in classes:
            table.style = "Table Grid"
        cells = [[x for x in tr if x.tag in ("td", "th")] for tr in rows]
        widths = _column_widths(cells, width)
        for column, column_width in zip(table.columns, widths, strict=True):
            column.width = column_width
        for r, row in enumerate(cells):
            for c, cell_el in enumerate(row):
                cell = table.cell(r, c)
                cell.width = widths[c]
                blocks = [x for x in cell_el if x.tag in ("p", "div")]
                for i, block in enumerate(blocks or [cell_el]):
                    target = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    self.paragraph(block, target=target)
                    if not set(block.get("class", "").split()) & set(ALIGN):
                        target.alignment = ALIGN["right"] if "num" in cell_el.get("class", "") else 0
                    if "parties" in classes:  # requisites and signatures stay on one page
                        target.paragraph_format.keep_with_next = True
                        target.paragraph_format.keep_together = True
        for row in table.rows:
            _cant_split(row)


