"""Build templates/letterhead.docx, the default DOCX skeleton (run: python scripts/make_letterhead.py).

A user's own letterhead needs only a paragraph `{{p body }}`; `{{ running_head }}`,
`{{ page_label }}` and `{{ of_label }}` are optional fields for the header and footer.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates" / "letterhead.docx"


def font(style, size, bold=None):
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = None
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Times New Roman")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def field(paragraph, code):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def main():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    styles = doc.styles
    font(styles["Normal"], 11)
    normal = styles["Normal"].paragraph_format
    normal.space_after, normal.line_spacing = Pt(4), 1.1
    normal.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    font(styles["Title"], 13, bold=True)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Title"].paragraph_format.space_after = Pt(8)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    for name in ("Heading 2", "Heading 3"):
        font(styles[name], 11, bold=True)
        styles[name].paragraph_format.space_before = Pt(10)
        styles[name].paragraph_format.space_after = Pt(4)
        styles[name].paragraph_format.keep_with_next = True
    font(styles["List Bullet"], 11)
    # The running head small; page numbers in the body font and size (fields included).
    font(styles["Header"], 8)
    font(styles["Footer"], 11)
    no_hyphens = doc.settings.element.find(qn("w:autoHyphenation"))
    if no_hyphens is None:
        no_hyphens = OxmlElement("w:autoHyphenation")
        doc.settings.element.append(no_hyphens)
    no_hyphens.set(qn("w:val"), "false")

    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run("{{ running_head }}")
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("{{ page_label }} ")
    field(foot, "PAGE")
    foot.add_run(" {{ of_label }} ")
    field(foot, "NUMPAGES")

    doc.add_paragraph("{{p body }}")
    props = doc.core_properties
    props.author = props.last_modified_by = "contractkit"
    props.title = props.subject = props.comments = props.keywords = ""
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
