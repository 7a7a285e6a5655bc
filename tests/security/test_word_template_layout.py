"""Class "DOCX templates", red team round 12 (B10, B13, B14, B16, B17, B18): what a Word template lays
out around its text.

A teammate's Word template kept every tag and the text nodes contractkit checks, but hid or added a
clause with what the viewer draws around them: a white VML rectangle, an anchored white picture or a
frame over clause 2.1 (B17), a footnote or ruby text the redline does not compare (B10), near-white
text or yellow on a yellow highlight (B14), a list label that is a sentence (B18), a HYPERLINK field
showing the bank's payment address and opening another (B16), a 0.5 cm page that LibreOffice lays
out on ~640 pages (B13). Each is refused by the allow-list (render/docxshown.py, render/docxlayout.py)
before anything is filled, rendered or signed. The signed document must be the one the parties agree
on (ГК РФ ст. 432: a contract is made once the parties agree on all its essential terms; the price,
ст. 424, is one the client must see).
"""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.security.attack import en_project, one_line_error, run
from tests.security.test_word_template_shown import TOTAL, _install, _package, _refusal

pytestmark = pytest.mark.security("docx-templates")

RUN = "<w:r><w:t>{{ total|money }}</w:t></w:r>"
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
PAGE = '<w:pgSz w:w="12240" w:h="15840"/>'
MARGINS = ('<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="720" '
           'w:footer="720" w:gutter="0"/>')


def _total(rpr: str = "", ppr: str = "", after: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t>{{{{ total|money }}}}</w:t></w:r>{after}</w:p>"


def _link(target: str, shown: str) -> str:
    return (f'<w:p>{RUN}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
            f'HYPERLINK "{target}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


ANCHOR = (f'<w:r><w:drawing><wp:anchor {WP} behindDoc="0" allowOverlap="1" simplePos="0" relativeHeight="1" '
          'locked="0" layoutInCell="1" distT="0" distB="0" distL="0" distR="0"><wp:simplePos x="0" y="0"/>'
          '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
          '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
          '<wp:extent cx="6000000" cy="300000"/><wp:wrapNone/><wp:docPr id="9" name="white"/></wp:anchor>'
          "</w:drawing></w:r>")
CASES = {
    # B17: drawn over the clause
    "VML shape": (_total(after=f'<w:r><w:pict><v:rect {V} style="position:absolute;margin-top:-14pt;'
                                'width:470pt;height:30pt;z-index:5" fillcolor="white" stroked="f"/></w:pict></w:r>'),
                  "(w:pict, VML, w:object)"),
    "anchored picture": (_total(after=ANCHOR), "a picture anchored over the page"),
    "frame": (_total(ppr='<w:framePr w:w="3000" w:h="300" w:hRule="exact" w:x="-20000" w:y="100" '
                         'w:hAnchor="page" w:vAnchor="page"/>'), "a frame (w:framePr)"),
    "lines on top of each other": (_total(ppr='<w:spacing w:line="20" w:lineRule="exact"/>'),
                                   "lines set exactly 1 pt apart"),
    "indented off the page": (_total(ppr='<w:ind w:left="-20000"/>'), "a paragraph indented -35.3 cm (left)"),
    "tab stop off the page": ('<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="30000"/></w:tabs></w:pPr>'
                              f"<w:r><w:tab/></w:r>{RUN}</w:p>", "a tab stop at 52.9 cm, off the page"),
    # B10: text the redline does not compare
    "footnote": (_total(after='<w:r><w:footnoteReference w:id="1"/></w:r>'), "a footnote, endnote or comment"),
    "endnote": (_total(after='<w:r><w:endnoteReference w:id="1"/></w:r>'), "a footnote, endnote or comment"),
    "comment": (_total(after='<w:r><w:commentReference w:id="1"/></w:r>'), "a footnote, endnote or comment"),
    "ruby": ('<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>The Client waives all penalties</w:t></w:r></w:rt>'
             f"<w:rubyBase>{RUN}</w:rubyBase></w:ruby></w:r></w:p>", "ruby (phonetic guide) text"),
    # B14: text that barely differs from what is under it
    "near-white text": (_total('<w:color w:val="FEFEFE"/>'), "text in #FEFEFE on #FFFFFF"),
    "light grey text": (_total('<w:color w:val="F8F8F8"/>'), "text in #F8F8F8 on #FFFFFF"),
    "yellow on a yellow highlight": (_total('<w:highlight w:val="yellow"/><w:color w:val="FFFF00"/>'),
                                     "text in #FFFF00 on #FFFF00"),
    "dark on its own shading": (_total('<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>'
                                       '<w:color w:val="1F3865"/>'), "text in #1F3865 on #1F3864"),
    "navy on a navy paragraph": (_total('<w:color w:val="000080"/>',
                                        '<w:shd w:val="clear" w:color="auto" w:fill="000070"/>'),
                                 "text in #000080 on #000070"),
    # B16: a link that shows one address and opens another
    "link to another address": (_link("https://pay.evil.example/romashka", "https://pay.sberbank.ru/romashka"),
                                "a link that shows 'https://pay.sberbank.ru/romashka' but opens"),
    "link to another host, no scheme shown": (_link("https://pay.evil.example/x", "pay.bank.example/x"),
                                              "a link that shows"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_what_is_drawn_over_beside_or_under_a_clause_is_refused(case):
    """B10, B14, B16, B17: one line naming the template, the part, the paragraph and what it is."""
    document, what = CASES[case]
    line = _refusal(_package(document))
    assert line.startswith("t.docx: the Word template part word/document.xml, paragraph "), line
    assert what in line and line.endswith("refused (the page would show other text than contractkit "
                                          "fills and checks)"), line


LABELS = {
    "a sentence": "The Client waives all penalties %1.",
    "Russian words": "Заказчик отказывается от права требовать неустойку %1.",
    "two heading words": "Article Section %1",
    "a word not a heading": "Refund %1",
}


@pytest.mark.parametrize("label", list(LABELS))
def test_a_list_label_with_words_is_refused(label):
    """B18: the label is printed before the paragraph in the PDF, the redline compares the text only."""
    value = LABELS[label]
    line = _refusal(_package(edit={"word/numbering.xml": lambda t: t.replace('w:val="%1."', f'w:val="{value}"', 1)}))
    assert "word/numbering.xml" in line and "a list label with words of its own" in line, line


def test_a_picture_bullet_is_refused():
    line = _refusal(_package(edit={"word/numbering.xml": lambda t: t.replace(
        '<w:lvlText w:val="%1."/>', '<w:lvlText w:val="%1."/><w:lvlPicBulletId w:val="0"/>', 1)}))
    assert "a list label drawn by a picture bullet" in line


PAGES = {
    "B13's 0.5 cm page": ('<w:pgSz w:w="300" w:h="300"/>', MARGINS, "a page of 0.5 x 0.5 cm"),
    "a page over A3": ('<w:pgSz w:w="30000" w:h="40000"/>', MARGINS, "outside A6 to A3"),
    "margins leaving 1 cm": (PAGE, MARGINS.replace('w:left="1800"', 'w:left="5900"').replace(
        'w:right="1800"', 'w:right="5900"'), "margins that leave"),
}


@pytest.mark.parametrize("case", list(PAGES))
def test_a_page_no_contract_has_is_refused(case):
    """B13: a 300 x 300 twip page made LibreOffice lay out ~640 pages (~90 s) on every render."""
    size, margins, what = PAGES[case]
    line = _refusal(_package(edit={"word/document.xml": lambda t: t.replace(PAGE, size).replace(MARGINS, margins)}))
    assert "word/document.xml" in line and what in line, line


R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="{}" TargetMode="External"/></Relationships>')


def _rel_link(target: str, shown: str) -> bytes:
    """A w:hyperlink (Insert > Link) whose relationship opens `target` and whose text is `shown`."""
    return _package(f'<w:p>{RUN}<w:hyperlink {R} r:id="rId99"><w:r><w:t>{shown}</w:t></w:r></w:hyperlink></w:p>',
                    edit={"word/_rels/document.xml.rels": lambda t: t.replace("</Relationships>",
                                                                               RELS.format(target))})


def test_a_hyperlink_that_shows_another_address_is_refused():
    """B16, the w:hyperlink form: its target is in the part's relationships, its text in the body."""
    from contractkit.render.docxparts import check_parts

    line = _refusal(_rel_link("https://pay.evil.example/romashka", "https://pay.sberbank.ru/romashka"))
    assert "a link that shows 'https://pay.sberbank.ru/romashka' but opens 'https://pay.evil.example" in line
    check_parts(io.BytesIO(_rel_link("https://www.example.com/terms", "example.com/terms")),
                "the Word template", "t.docx", fields=True)
    check_parts(io.BytesIO(_rel_link("https://pay.example.com/x", "Pay online")), "the Word template",
                "t.docx", fields=True)


def test_a_page_colour_is_refused():
    line = _refusal(_package(edit={"word/document.xml": lambda t: t.replace(
        "<w:body>", '<w:background w:color="FFFF00"/><w:body>', 1)}))
    assert "a page colour" in line


def test_the_filled_document_is_read_again():
    """What sign hashes (userdocx.checked): near-white text written by the filling is refused too."""
    from contractkit.errors import RenderError
    from contractkit.render.userdocx import checked

    with pytest.raises(RenderError, match=r"filled from the Word template part word/document.xml, paragraph "
                                          r"\d+: text in #FEFEFE on #FFFFFF"):
        checked(_package(_total('<w:color w:val="FEFEFE"/>').replace("{{ total|money }}", "243 500")), "t.docx")


def test_render_and_check_stop_with_one_line_and_write_nothing(ws):
    """The end-to-end path of B17's repro: `render` stops before filling anything; `check` says why."""
    project = en_project(ws)
    _install(project, _package(CASES["VML shape"][0]))
    line = one_line_error(run("render", project, "--doc", "contract", "--format", "docx", ok=False))
    assert "lawyer/contract.docx" in line and "w:pict, VML" in line
    assert not list((project / "out").glob("contract*")) if (project / "out").exists() else True
    assert "w:pict, VML" in run("check", project, ok=None).output


KEPT = (
    # grey (#808080: 3.9) and a light grey still read (#A6A6A6: 2.4), white on navy shading
    _total('<w:color w:val="808080"/>', '<w:spacing w:line="240" w:lineRule="exact"/><w:ind w:left="-720" '
           'w:hanging="360"/>')
    + '<w:p><w:r><w:rPr><w:color w:val="A6A6A6"/></w:rPr><w:t>Grey note</w:t></w:r>'
      '<w:r><w:rPr><w:highlight w:val="yellow"/><w:color w:val="000000"/></w:rPr><w:t>Marked</w:t></w:r>'
      '<w:r><w:rPr><w:shd w:val="clear" w:fill="1F3864"/><w:color w:val="FFFFFF"/></w:rPr><w:t>On navy</w:t></w:r></w:p>'
    + _link("https://example.com/terms/", "https://www.example.com/terms")
    + _link("mailto:office@example.com", "office@example.com")
    + _link("https://example.com/pay", "Pay online")
)


def test_what_lawyers_write_stays(ws):
    """Grey and highlighted text, exact single spacing, heading labels (Article %1., a bullet "o"),
    an A4 landscape page and links whose text is their own address (or no address) render."""
    from docx import Document

    project = en_project(ws)
    landscape = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
    _install(project, _package(edit={
        "word/numbering.xml": lambda t: t.replace('w:val="%1."', 'w:val="Article %1."', 1).replace(
            'w:val="%1."', 'w:val="o"', 1),
        "word/document.xml": lambda t: t.replace(TOTAL, KEPT, 1).replace(PAGE, landscape)}))
    run("render", project, "--doc", "contract", "--format", "docx")
    written = next((project / "out").glob("contract*.docx"))
    document = Document(str(written))
    text = "\n".join(p.text for cell in (c for t in document.tables for r in t.rows for c in r.cells)
                     for p in cell.paragraphs) + "\n".join(p.text for p in document.paragraphs)
    assert "Grey note" in text and "On navy" in text and "Pay online" in text
    body = zipfile.ZipFile(written).read("word/document.xml").decode()
    assert "https://example.com/terms/" in body and 'w:orient="landscape"' in body
    numbering = zipfile.ZipFile(written).read("word/numbering.xml").decode()
    assert 'w:val="Article %1."' in numbering and 'w:val="o"' in numbering
