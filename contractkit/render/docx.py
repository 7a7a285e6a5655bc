"""HTML (the small subset our templates use) -> DOCX through a docxtpl letterhead.

The same rendered HTML feeds the PDF, so both formats always say the same words.
Supported: h1-h3, p (class center/right/small/sign), strong/b, em/i, u, br, span, a,
ul/ol/li, table/tr/th/td (class grid for borders), div/section, hr.page-break.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.render import docxmeta

SPACE = re.compile(r"[ \t\r\n\f]+")
ALIGN = {"center": 1, "right": 2, "justify": 3}
HEADINGS = {"h1": "Title", "h2": "Heading 2", "h3": "Heading 3"}


def html_to_docx(html: str, skeleton: Path, fields: dict, stamp: datetime, meta: dict) -> bytes:
    """Render the letterhead with plain strings, then put `html` where its `{{p body }}` was.

    The letterhead is a template the project may bring, so it renders in the bounded sandbox with
    strings only: `body` is a marker paragraph, replaced by the converted document afterwards,
    never a docxtpl or python-docx object a template could call methods on.
    """
    import lxml.html
    from docx import Document
    from docxtpl import DocxTemplate

    _check_package(skeleton)
    try:
        tpl = DocxTemplate(str(skeleton))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - any failure to open a user's DOCX is reported
        raise RenderError(f"{skeleton}: not a usable DOCX letterhead ({exc})") from None
    _refuse_external(tpl.docx, skeleton)
    marker = "CONTRACTKIT-BODY-" + hashlib.sha256(html.encode("utf-8")).hexdigest()[:24]
    context = {**{k: str(v) for k, v in fields.items()}, "body": _marker_paragraph(marker)}
    _render_letterhead(tpl, skeleton, context)
    built = Document()  # a builder sharing the letterhead's styles, as docxtpl's Subdoc does
    built._part = tpl.docx._part
    _Converter(built).blocks(lxml.html.document_fromstring(html).find("body"))
    _place_body(tpl.docx, built, marker, skeleton)
    docxmeta.set_core_properties(tpl.docx, stamp, meta)
    docxmeta.set_language(tpl.docx, meta.get("language", "en-US"))
    if meta.get("language", "").startswith("en"):
        docxmeta.us_letter(tpl.docx)
    return _save(tpl.docx)




MAX_UNPACKED = 100_000_000
"""Bytes a letterhead may unpack to: a letterhead is a page, not a zip bomb."""








def _check_package(skeleton: Path) -> None:
    """Refuse a letterhead that is not a zip or unpacks to more than MAX_UNPACKED bytes."""
    try:
        with zipfile.ZipFile(skeleton) as package:
            size = sum(info.file_size for info in package.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise RenderError(f"{skeleton}: not a usable DOCX letterhead ({exc})") from None
    if size > MAX_UNPACKED:
        raise RenderError(f"{skeleton}: the letterhead unpacks to {size:,} bytes, over {MAX_UNPACKED:,}")


def _refuse_external(document, skeleton: Path) -> None:
    """A letterhead's link to an outside resource (a remote template, an image by URL or file
    path) would be fetched by Word on the client's machine: refuse it; hyperlinks are text."""
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and not rel.reltype.endswith("/hyperlink"):
                raise RenderError(f"{skeleton}: the letterhead links to an outside resource "
                                  f"{rel.target_ref!r} ({rel.reltype.rsplit('/', 1)[-1]}); refused",
                                  hint="embed the image or remove the link in Word")


def _marker_paragraph(marker: str):
    """What `{{p body }}` renders to: one paragraph holding the marker, as plain markup text."""
    from markupsafe import Markup

    return Markup(f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>")


def _render_letterhead(tpl, skeleton: Path, context: dict) -> None:
    """docxtpl renders body, headers, footers, footnotes and properties with the env it is given."""
    from contractkit.render.sandbox import bounded, letterhead_environment, template_errors

    try:
        with template_errors(f"letterhead {skeleton.name}"), bounded():
            tpl.render(context, jinja_env=letterhead_environment(), autoescape=True)
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 - template errors in a user's letterhead
        raise RenderError(f"{skeleton}: letterhead template failed: {exc}".splitlines()[0]) from None


def _place_body(document, built, marker: str, skeleton: Path) -> None:
    """Replace the letterhead's marker paragraph with the paragraphs and tables of `built`."""
    from docx.oxml.ns import qn

    hits = [t for t in document.element.body.iter(qn("w:t")) if t.text and marker in t.text]
    if len(hits) != 1:
        raise RenderError(f"{skeleton}: the letterhead must place {{{{p body }}}} once in its main "
                          f"text, unchanged (found {len(hits)})")
    target = hits[0]
    for ancestor in hits[0].iterancestors(qn("w:p")):
        target = ancestor  # the outermost paragraph holding the marker
    for element in list(built.element.body):
        if element.tag != qn("w:sectPr"):
            target.addprevious(element)
    target.getparent().remove(target)


class _FixedZip:
    """A package writer whose zip entries carry a fixed time and attributes."""

    def __init__(self, stream: io.BytesIO):
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        self.zip.writestr(info, blob)

    def close(self) -> None:
        self.zip.close()


def _save(document) -> bytes:
    """python-docx's save (OpcPackage.save), written once with fixed zip metadata, so that equal
    content gives equal bytes: no second pass re-compressing the package."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedZip(buffer)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return buffer.getvalue()


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


