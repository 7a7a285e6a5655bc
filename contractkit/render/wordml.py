"""The HTML body (the small subset our templates use) as WordprocessingML, for render/docx.py.

Paragraphs, runs and tables are collected as plain values, then written as one XML text and
parsed once: the same markup python-docx's add_paragraph/add_run/add_table calls produce, element
for element, in a tenth of the time (tests/test_docx_body.py compares the two on every document).
Supported: h1-h3, p (class center/right/justify/small/keep), strong/b, em/i, u, br, span, a,
ul/ol/li, table/tr/th/td (class grid for borders, signatures, parties; td class num), div/section,
hr.page-break, img with an embedded PNG (placed by render/docx.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

SPACE = re.compile(r"[ \t\r\n\f]+")
ALIGN = {"center": "center", "right": "right", "justify": "both"}
HEADINGS = {"h1": "Title", "h2": "Heading 2", "h3": "Heading 3"}
PNG_DATA = "data:image/png;base64,"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHAR_CM, PADDING_CM, TEXT_WIDTH_CM = 0.24, 0.45, 17.0
"""A bold 11 pt serif letter, a cell's side padding, the A4 text width."""
DEFAULT_BLOCK_EMU = 5486400
"""python-docx's default page less its margins: the width add_table first shares among columns."""
TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
              'w:noHBand="0" w:noVBand="1" w:val="04A0"/>')


@dataclass(frozen=True)
class Look:
    """Inline formatting in force at a point of the HTML."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    small: bool = False

    def inside(self, tag: str) -> Look:
        return replace(
            self,
            bold=self.bold or tag in ("strong", "b", "th"),
            italic=self.italic or tag in ("em", "i"),
            underline=self.underline or tag == "u",
        )


@dataclass
class Run:
    text: str = ""
    look: Look | None = None
    """None: a run without properties (a list number, a break)."""
    brk: str | None = None
    """"line" or "page": the run is a break."""

    @property
    def shown(self) -> str:
        """The run's text as python-docx reads it back (a line break is a newline)."""
        return "\n" if self.brk == "line" else "" if self.brk else self.text


@dataclass
class Paragraph:
    style: str | None = None
    keep_next: bool = False
    keep_lines: bool = False
    align: str | None = None
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.shown for run in self.runs)


@dataclass
class Table:
    style: str | None
    widths: list[int]
    """Each column's width in twips."""
    rows: list[list[list[Paragraph] | None]]
    """Each row's cells; None for a cell the HTML row lacks (it keeps add_table's defaults)."""


class Body:
    """Walks the HTML body and collects paragraphs and tables; xml() writes them."""

    def __init__(self, style_id: Callable[[str], str], table_style_id: Callable[[str], str | None]):
        self.style_id, self.table_style_id = style_id, table_style_id
        self.blocks: list[Paragraph | Table] = []
        self.images: list[tuple[str, bytes, float]] = []
        """(marker, PNG bytes, width in mm) of each embedded image: a run holds the marker until
        render/docx.py puts the picture in its place (the invoice's payment QR code)."""

    def add(self, element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in HEADINGS:
                self.blocks.append(self.paragraph(child, Paragraph(self.style_id(HEADINGS[tag]))))
            elif tag == "p":
                self.blocks.append(self.paragraph(child, Paragraph()))
            elif tag in ("ul", "ol"):
                for n, li in enumerate(child.findall("li"), 1):
                    para = Paragraph(self.style_id("List Bullet")) if tag == "ul" else Paragraph()
                    self.blocks.append(self.paragraph(li, para, prefix="" if tag == "ul" else f"{n}. "))
            elif tag == "table":
                self.table(child)
            elif tag == "hr" and "page-break" in child.get("class", ""):
                self.blocks.append(Paragraph(runs=[Run(brk="page")]))
            elif tag in ("div", "section", "article", "header", "footer", "main"):
                self.add(child)

    def paragraph(self, element, para: Paragraph, prefix: str = "") -> Paragraph:
        classes = element.get("class", "").split()
        for name in classes:
            if name in ALIGN:
                para.align = ALIGN[name]
        if "keep" in classes:
            para.keep_next = True
        if prefix:
            para.runs.append(Run(prefix))
        self.runs(para, element, Look(bold=element.tag == "th", small="small" in classes))
        if para.runs and para.runs[-1].shown.endswith(" "):
            para.runs[-1].text = para.runs[-1].text.rstrip(" ")
        return para

    def runs(self, para: Paragraph, element, look: Look) -> None:
        """Text of `element` and its inline children, as runs carrying their formatting."""
        inner = look.inside(element.tag if isinstance(element.tag, str) else "")
        if element.text:
            self.text(para, element.text, inner)
        for child in element:
            if child.tag == "br":
                para.runs.append(Run(brk="line"))
            elif child.tag == "img":
                self.image(para, child)
            elif isinstance(child.tag, str):
                self.runs(para, child, inner)
            if child.tail:
                self.text(para, child.tail, inner)

    def image(self, para: Paragraph, element) -> None:
        """An embedded PNG (`data:image/png;base64,…`) as a marker run; other images are left out."""
        import base64
        import binascii

        src = element.get("src", "")
        if not src.startswith(PNG_DATA):
            return
        try:
            data = base64.b64decode(src[len(PNG_DATA):], validate=True)
        except (binascii.Error, ValueError):
            return
        found = re.search(r"width:\s*([\d.]+)mm", element.get("style", ""))
        marker = f"CONTRACTKIT-IMAGE-{len(self.images)}"
        self.images.append((marker, data, float(found.group(1)) if found else 38.0))
        para.runs.append(Run(marker))

    @staticmethod
    def text(para: Paragraph, text: str, look: Look) -> None:
        text = SPACE.sub(" ", text)
        shown = para.text
        if not shown or shown.endswith((" ", "\n")):
            text = text.lstrip(" ")
        if text:
            para.runs.append(Run(text, look))

    def table(self, element) -> None:
        rows = list(element.iter("tr"))
        width = max((len(tr.findall("td")) + len(tr.findall("th")) for tr in rows), default=0)
        if not rows or not width:
            return
        classes = element.get("class", "").split()
        if "signatures" in classes and self.blocks and isinstance(self.blocks[-1], Paragraph):
            self.blocks[-1].keep_next = True  # the block never opens a page alone
        cells = [[x for x in tr if x.tag in ("td", "th")] for tr in rows]
        widths = column_widths(cells, width)
        table = Table(self.table_style_id("Table Grid") if "grid" in classes else None, widths, [])
        for row in cells:
            out: list[list[Paragraph] | None] = []
            for cell_el in row[:width]:
                paras = []
                for block in [x for x in cell_el if x.tag in ("p", "div")] or [cell_el]:
                    para = self.paragraph(block, Paragraph())
                    if not set(block.get("class", "").split()) & set(ALIGN):
                        para.align = "right" if "num" in cell_el.get("class", "") else "left"
                    if "parties" in classes:  # requisites and signatures stay on one page
                        para.keep_next = para.keep_lines = True
                    paras.append(para)
                out.append(paras)
            table.rows.append(out + [None] * (width - len(out)))
        self.blocks.append(table)

    def xml(self) -> str:
        """`<w:body>` holding every block, in the namespace the letterhead uses."""
        out = [f'<w:body xmlns:w="{W}">']
        for block in self.blocks:
            (_table if isinstance(block, Table) else _paragraph)(block, out)
        out.append("</w:body>")
        return "".join(out)


def column_widths(rows: list[list], count: int) -> list[int]:
    """Column widths in twips over the A4 text width: each at least its longest word (up to 16
    letters, so a header never breaks inside a word), the rest shared by the length of the text."""
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
        return [Cm(TEXT_WIDTH_CM * n / sum(least)).twips for n in least]
    wants = [max(t - w, 0) + 1 for t, w in zip(text_len, word, strict=True)]
    return [Cm(m + spare * w / sum(wants)).twips for m, w in zip(least, wants, strict=True)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _paragraph(para: Paragraph, out: list[str]) -> None:
    props = []
    if para.style is not None:
        props.append(f'<w:pStyle w:val="{_escape(para.style)}"/>')
    if para.keep_next:
        props.append("<w:keepNext/>")
    if para.keep_lines:
        props.append("<w:keepLines/>")
    if para.align is not None:
        props.append(f'<w:jc w:val="{para.align}"/>')
    if not props and not para.runs:
        out.append("<w:p/>")
        return
    out.append("<w:p>")
    if props:
        out.append(f"<w:pPr>{''.join(props)}</w:pPr>")
    for run in para.runs:
        _run(run, out)
    out.append("</w:p>")


def _run(run: Run, out: list[str]) -> None:
    out.append("<w:r>")
    if run.look is not None:
        look = run.look
        out.append("<w:rPr>" + ("<w:b/>" if look.bold else "") + ("<w:i/>" if look.italic else "")
                   + ('<w:sz w:val="16"/>' if look.small else "")
                   + ('<w:u w:val="single"/>' if look.underline else "") + "</w:rPr>"
                   if look.bold or look.italic or look.small or look.underline else "<w:rPr/>")
    if run.brk == "line":
        out.append("<w:br/>")
    elif run.brk == "page":
        out.append('<w:br w:type="page"/>')
    elif run.text:
        space = ' xml:space="preserve"' if len(run.text.strip()) < len(run.text) else ""
        out.append(f"<w:t{space}>{_escape(run.text)}</w:t>")
    out.append("</w:r>")


def _table(table: Table, out: list[str]) -> None:
    from docx.shared import Emu

    style = f'<w:tblStyle w:val="{_escape(table.style)}"/>' if table.style is not None else ""
    out.append(f'<w:tbl><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
               f"{TABLE_LOOK}</w:tblPr><w:tblGrid>")
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in table.widths)
    out.append("</w:tblGrid>")
    default = Emu(DEFAULT_BLOCK_EMU // len(table.widths)).twips
    for row in table.rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for width, cell in zip(table.widths, row, strict=True):
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{default if cell is None else width}"/>'
                       "</w:tcPr>")
            for para in cell or [Paragraph()]:
                _paragraph(para, out)
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
