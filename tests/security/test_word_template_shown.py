"""Class "DOCX templates", red team round 11 (B13): what the page shows is what contractkit fills.

A teammate's Word template (templates.contract) kept the tag `{{ total|money }}`, so `check` saw the
right field, but wrapped it in a content control bound to a custom XML part saying
«1 000 000,00 ₽» (w:dataBinding), or put it in the Fallback of an `mc:AlternateContent` whose Choice
held the fake figure: Word and LibreOffice showed 1 000 000,00 ₽ in the contract that `sign`
hashed and `verify` vouched for. Each Word part is now held to an allow-list
(render/docxshown.py): no data binding or other valued content control, no alternative content,
hidden text, tracked changes, date blocks, shape or WordArt text, letter-or-digit symbols, list
labels with digits of their own, glossaries, charts, SmartArt or custom XML data, and only the
fields whose shown value is a page number, a table of contents or a hyperlink's own text. The
template, the letterhead and the document filled from the template are all read so.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.security.attack import en_project, one_line_error, run

pytestmark = pytest.mark.security("docx-templates")

EXAMPLE = Path(__file__).resolve().parents[2] / "projects" / "templates-example" / "en" / "contract.docx"
TOTAL = "<w:p><w:r><w:t>{{ total|money }}</w:t></w:r></w:p>"
FAKE = "1 000 000.00"
STORE = "{EF278816-EC6F-A645-907D-7F25AECB1D4A}"
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
W15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _bound(total="<w:r><w:t>{{ total|money }}</w:t></w:r>", w15=False) -> str:
    ns, prefix = (W15, "w15") if w15 else ("", "w")
    return (f'<w:p><w:sdt><w:sdtPr><{prefix}:dataBinding {ns} w:prefixMappings="xmlns:ns0=\'urn:x-price\'" '
            f'w:xpath="/ns0:root[1]/ns0:total[1]" w:storeItemID="{STORE}"/><w:text/></w:sdtPr>'
            f"<w:sdtContent>{total}</w:sdtContent></w:sdt></w:p>")


CUSTOM = {"customXml/item1.xml": f'<root xmlns="urn:x-price"><total>{FAKE}</total></root>',
          "customXml/itemProps1.xml": '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/'
                                      f'officeDocument/2006/customXml" ds:itemID="{STORE}"/>'}
ALTERNATE = (f'<w:p><mc:AlternateContent {MC} {W14}><mc:Choice Requires="w14"><w:r><w:t>{FAKE}</w:t></w:r>'
             "</mc:Choice><mc:Fallback><w:r><w:t>{{ total|money }}</w:t></w:r></mc:Fallback>"
             "</mc:AlternateContent></w:p>")


def _package(document=None, parts=None, edit=None) -> bytes:
    """The bundled English example template, its total paragraph replaced by `document`, parts
    replaced or added (`parts`: name -> text), and `edit`: name -> function of a part's text."""
    parts = dict(parts or {})
    edit = dict(edit or {})
    if document is not None:
        edit["word/document.xml"] = lambda text: text.replace(TOTAL, document, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in edit:
                text = data.decode()
                changed = edit.pop(info.filename)(text)
                assert changed != text, info.filename
                data = changed.encode()
            dst.writestr(info, parts.pop(info.filename, data))
        for name, text in parts.items():
            dst.writestr(name, text)
    assert not edit
    return out.getvalue()


def _refusal(package: bytes, fields=True) -> str:
    from contractkit.errors import RenderError
    from contractkit.render.docxparts import check_parts

    with pytest.raises(RenderError) as caught:
        check_parts(io.BytesIO(package), "the Word template", "t.docx", fields=fields)
    return str(caught.value)


def _install(project: Path, package: bytes) -> None:
    (project / "lawyer").mkdir(parents=True, exist_ok=True)
    (project / "lawyer" / "contract.docx").write_bytes(package)
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  contract: lawyer/contract.docx\n")


@pytest.mark.parametrize("case", ["bound", "alternate"])
def test_a_template_that_shows_a_total_nobody_entered_is_refused_before_anything_is_signed(ws, case):
    """B13 (repro/B13.sh) and B13b: `check`, `render` (PDF and DOCX) and `sign` each stop with one
    line naming the template, the part and the paragraph; nothing is written, no tag is made."""
    import git

    project = ws / "p"
    run("new", project, "--from-example", "blue-harbor-shop")
    _install(project, _package(_bound(), CUSTOM) if case == "bound" else _package(ALTERNATE))
    fragment = "w:dataBinding" if case == "bound" else "mc:AlternateContent"
    for fmt in ("pdf", "docx"):
        line = one_line_error(run("render", project, "--doc", "contract", "--format", fmt, ok=False))
        assert "lawyer/contract.docx" in line and "word/document.xml, paragraph" in line and fragment in line
    assert fragment in run("check", project, ok=None).output
    repo = git.Repo(project)
    repo.git.add(A=True)
    repo.index.commit("Our lawyer's contract")
    line = one_line_error(run("sign", project, "--date", "2026-12-01", ok=False))
    assert fragment in line
    assert not list((project / "out").glob("contract*")) if (project / "out").exists() else True
    assert "contract" not in [t.name for t in repo.tags]


CASES = {
    # content controls whose shown value is not their text
    "w:dataBinding": _package(_bound()),
    "w:dataBinding (w15)": _package(_bound(w15=True)),
    "content control of kind 'date'": _package('<w:p><w:sdt><w:sdtPr><w:date w:fullDate="2030-01-01T00:00:00Z"/></w:sdtPr>'
                            "<w:sdtContent><w:r><w:t>{{ total|money }}</w:t></w:r></w:sdtContent></w:sdt></w:p>"),
    "content control of kind 'dropDownList'": _package('<w:p><w:sdt><w:sdtPr><w:dropDownList w:lastValue="1"><w:listItem w:value="1" '
                             f'w:displayText="{FAKE}"/></w:dropDownList></w:sdtPr><w:sdtContent><w:r>'
                             "<w:t>{{ total|money }}</w:t></w:r></w:sdtContent></w:sdt></w:p>"),
    # two texts, one shown
    "mc:AlternateContent": _package(ALTERNATE),
    "mc:AlternateContent in the header": _package(edit={"word/header1.xml": lambda t: t.replace(
        "</w:hdr>", ALTERNATE + "</w:hdr>")}),
    "hidden text": _package('<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{{ total|money }}</w:t></w:r>'
                            f"<w:r><w:t>{FAKE}</w:t></w:r></w:p>"),
    "hidden text from a style": _package(edit={"word/styles.xml": lambda t: t.replace(
        "<w:rPr>", "<w:rPr><w:specVanish/>", 1)}),
    "tracked changes": _package(f'<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>{FAKE}</w:delText>'
                                "</w:r></w:del><w:r><w:t>{{ total|money }}</w:t></w:r></w:p>"),
    "tracked changes (inserted)": _package('<w:p><w:ins w:id="1" w:author="x"><w:r><w:t>{{ total|money }}'
                                           "</w:t></w:r></w:ins></w:p>"),
    "a date Word fills in": _package("<w:p><w:r><w:t>{{ total|money }}</w:t></w:r><w:r><w:yearLong/></w:r></w:p>"),
    "a symbol that draws a letter or digit": _package(
        '<w:p><w:r><w:t>{{ total|money }}</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F031"/></w:r></w:p>'),
    "DrawingML a:t": _package(f"<w:p><w:r><w:t>{{{{ total|money }}}}</w:t></w:r><w:r><a:t {A}>{FAKE}</a:t>"
                              "</w:r></w:p>"),
    "v:textpath": _package(f'<w:p><w:r><w:t>{{{{ total|money }}}}</w:t></w:r><w:r><w:pict><v:shape {V}>'
                           f'<v:textpath string="{FAKE}"/></v:shape></w:pict></w:r></w:p>'),
    "a list label with digits of its own": _package(edit={"word/numbering.xml": lambda t: t.replace(
        'w:val="%1."', f'w:val="{FAKE} %1."', 1)}),
    "a numbering that starts at": _package(edit={"word/numbering.xml": lambda t: t.replace(
        '<w:start w:val="1"/>', '<w:start w:val="1000000"/>', 1)}),
    "a numbering that starts at '1000000' (w:pgNumType)": _package(edit={"word/document.xml": lambda t: t.replace(
        "</w:sectPr>", '<w:pgNumType w:start="1000000"/></w:sectPr>', 1)}),
    "text inside <skip> of urn:x-ignored": _package(
        '<w:p><x:skip xmlns:x="urn:x-ignored"><w:r><w:t>{{ total|money }}</w:t></w:r></x:skip>'
        f"<w:r><w:t>{FAKE}</w:t></w:r></w:p>"),  # skipped by Word and LibreOffice when mc:Ignorable names x
    # in the text, out of sight
    "white text": _package(f'<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>{{{{ total|money }}}}</w:t>'
                           f"</w:r><w:r><w:t>{FAKE}</w:t></w:r></w:p>"),
    "white text (theme colour, in a style)": _package(edit={"word/styles.xml": lambda t: t.replace(
        "<w:rPr>", '<w:rPr><w:color w:val="FFFFFF" w:themeColor="background1"/>', 1)}),
    "text of 0.5 pt": _package('<w:p><w:r><w:rPr><w:sz w:val="1"/></w:rPr><w:t>{{ total|money }}</w:t></w:r></w:p>'),
    "characters squeezed to 1%": _package('<w:p><w:r><w:rPr><w:w w:val="1"/></w:rPr><w:t>{{ total|money }}'
                                          "</w:t></w:r></w:p>"),
    "text moved 800 pt up or down": _package('<w:p><w:r><w:rPr><w:position w:val="1600"/></w:rPr><w:t>'
                                             "{{ total|money }}</w:t></w:r></w:p>"),
    "characters drawn -30 pt into each other": _package('<w:p><w:r><w:rPr><w:spacing w:val="-600"/></w:rPr>'
                                                        "<w:t>{{ total|money }}</w:t></w:r></w:p>"),
    "text squeezed into a fixed width": _package('<w:p><w:r><w:rPr><w:fitText w:val="20" w:id="1"/></w:rPr>'
                                                 "<w:t>{{ total|money }}</w:t></w:r></w:p>"),
    "white text (a sibling run's shading)": _package(
        '<w:p><w:r><w:rPr><w:shd w:val="clear" w:fill="000000"/></w:rPr><w:t>x</w:t></w:r><w:r><w:rPr>'
        '<w:color w:val="FFFFFF"/></w:rPr><w:t>{{ total|money }}</w:t></w:r></w:p>'),
    # parts whose text a viewer shows in the document's place
    "is a glossary": _package(parts={"word/glossary/document.xml": '<w:glossaryDocument xmlns:w="http://schemas.'
                                     'openxmlformats.org/wordprocessingml/2006/main"><w:docParts/>'
                                     "</w:glossaryDocument>"}),
    "custom XML data": _package(parts=CUSTOM),
    "is a bibliography list with entries": _package(parts={"customXml/item1.xml": (
        '<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography">'
        f"<b:Source><b:Title>{FAKE}</b:Title></b:Source></b:Sources>")}),
    "is a chart": _package(parts={"word/charts/chart1.xml": '<c:chartSpace xmlns:c="http://schemas.'
                                  'openxmlformats.org/drawingml/2006/chart"/>'}),
    # red team 12, B10: words printed outside the clauses the redline and the addenda compare
    "a footnote, endnote or comment (footnote)": _package('<w:p><w:r><w:t>{{ total|money }}</w:t></w:r><w:r>'
                                      '<w:footnoteReference w:id="1"/></w:r></w:p>'),
    "a footnote, endnote or comment (endnote)": _package('<w:p><w:r><w:t>{{ total|money }}</w:t></w:r><w:r>'
                                                '<w:endnoteReference w:id="1"/></w:r></w:p>'),
    "a footnote, endnote or comment (comment)": _package('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>{{ total|money }}</w:t></w:r>'
                          '<w:r><w:commentReference w:id="0"/></w:r></w:p>'),
    "ruby (phonetic guide) text": _package(
        '<w:p><w:r><w:t>{{ total|money }}</w:t></w:r><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>Заказчик '
        "отказывается от неустойки</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>Стороны</w:t></w:r></w:rubyBase>"
        "</w:ruby></w:r></w:p>"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_what_a_viewer_would_show_instead_of_the_text_is_refused(case):
    line = _refusal(CASES[case])
    assert line.startswith("t.docx: the Word template part ") and "refused" in line
    assert case.split(" (")[0].replace(" in the header", "").replace(" from a style", "") in line
    assert "\n" not in line


FIELDS = {
    "DATE": 'DATE \\@ &quot;dd.MM.yyyy&quot;',
    "DOCPROPERTY": "DOCPROPERTY Title",
    "DOCVARIABLE": "DOCVARIABLE total",
    "REF": "REF _Ref1 \\h",
    "=": "= 500000*2 \\# &quot;# ##0,00&quot;",
    "SET": "SET total &quot;1 000 000&quot;",
    "IF": "IF 1 = 1 &quot;1 000 000&quot; &quot;&quot;",
    "MERGEFIELD": "MERGEFIELD total",
    "SEQ": "SEQ n \\r 1000000",
    "XE": "XE &quot;1 000 000&quot;",
}


@pytest.mark.parametrize("name", list(FIELDS))
def test_a_field_whose_shown_value_the_viewer_computes_is_refused(name):
    """The field's cached result is the tag; LibreOffice and Word show the computed value."""
    line = _refusal(_package(f'<w:p><w:fldSimple w:instr="{FIELDS[name]}"><w:r><w:t>{{{{ total|money }}}}'
                             "</w:t></w:r></w:fldSimple></w:p>"))
    assert "word/document.xml, paragraph" in line and f"the field '{name}" in line


def test_a_letterhead_is_held_to_the_same_rules():
    """A letterhead's header is filled and printed in every DOCX: a bound control there is refused too."""
    line = _refusal(_package(edit={"word/header1.xml": lambda t: t.replace("</w:hdr>", _bound() + "</w:hdr>")}),
                    fields=False)
    assert "word/header1.xml" in line and "w:dataBinding" in line


def test_the_filled_document_is_read_again_before_it_is_written():
    """What sign hashes: the filled DOCX is checked by the same rules (userdocx.checked)."""
    from contractkit.errors import RenderError
    from contractkit.render.userdocx import checked

    with pytest.raises(RenderError, match=r"document filled from the Word template part word/document.xml, "
                                          r"paragraph \d+: a content control bound to data \(w:dataBinding\)"):
        checked(_package(_bound(f"<w:r><w:t>{FAKE}</w:t></w:r>")), "t.docx")


def test_what_word_writes_of_its_own_stays(ws):
    """The bundled templates and letterhead, a plain content control, a Wingdings check box,
    Word's level numbering and the page, contents and hyperlink fields pass and render."""
    from docx import Document

    from contractkit.render.docxparts import check_parts

    root = EXAMPLE.parents[1]
    for path in (root / "en" / "contract.docx", root / "ru" / "contract.docx",
                 root.parents[1] / "templates" / "letterhead.docx"):
        check_parts(path, "the Word template", fields=path.name == "contract.docx")
    kept = ('<w:p><w:sdt><w:sdtPr><w:alias w:val="Total"/><w:tag w:val="t"/><w:id w:val="7"/><w:text/>'
            "</w:sdtPr><w:sdtContent><w:r><w:t>{{ total|money }}</w:t></w:r></w:sdtContent></w:sdt>"
            '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
            '<w:r><w:rPr><w:shd w:val="clear" w:fill="1F3864"/><w:color w:val="FFFFFF"/><w:sz w:val="16"/>'
            '<w:position w:val="6"/><w:spacing w:val="-10"/><w:w w:val="90"/></w:rPr><w:t>On dark</w:t></w:r>'
            '<w:fldSimple w:instr="PAGEREF _Toc1 \\h"><w:r><w:t>2</w:t></w:r></w:fldSimple>'
            '<w:fldSimple w:instr="TOC \\o &quot;1-3&quot;"><w:r><w:t>Contents</w:t></w:r></w:fldSimple>'
            '<w:fldSimple w:instr="HYPERLINK &quot;https://example.com/terms&quot;"><w:r><w:t>terms</w:t>'
            "</w:r></w:fldSimple></w:p>")
    table = ('<w:tbl><w:tblPr><w:tblStyle w:val="DarkHead"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>'
             '</w:tblGrid><w:tr><w:tc><w:p><w:r><w:rPr><w:color w:val="FFFFFF" w:themeColor="background1"/>'
             "</w:rPr><w:t>Head cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    style = ('<w:style w:type="table" w:styleId="DarkHead"><w:name w:val="Dark Head"/><w:tcPr>'
             '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr></w:style></w:styles>')
    project = en_project(ws)
    _install(project, _package(kept + table, edit={
        "word/numbering.xml": lambda t: t.replace('w:val="%1."', 'w:val="Article %1.%2."', 1),
        "word/styles.xml": lambda t: t.replace("</w:styles>", style)}))
    run("render", project, "--doc", "contract", "--format", "docx")
    run("check", project)
    written = next((project / "out").glob("contract*.docx"))
    assert Document(str(written)).paragraphs[0].text.startswith("SERVICES AGREEMENT")
    body = zipfile.ZipFile(written).read("word/document.xml").decode()
    assert "HYPERLINK" in body and "Contents" in body and 'w:alias w:val="Total"' in body and "On dark" in body
    assert "Head cell" in body
    assert "{{ total" not in body


def test_the_letterhead_cache_key_covers_every_checking_module():
    """A letterhead that passed is remembered by its bytes and the checking code (render/docx.py
    CHECKS): a module docxparts calls, this one included, must be part of the key, or a letterhead
    cached before this fix would skip the new checks."""
    import re as regex

    from contractkit.render import docx, docxparts

    source = Path(docxparts.__file__).read_text()
    used = {f"{name}.py" for line in regex.findall(r"from contractkit\.render import ([\w, ]+)", source)
            for name in regex.split(r",\s*", line.strip())}
    used |= {f"{name}.py" for name in regex.findall(r"from contractkit\.render\.(\w+) import", source)}
    assert "docxshown.py" in used
    assert used <= set(docx.CHECKS)
