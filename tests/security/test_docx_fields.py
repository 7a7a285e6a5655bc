"""DOCX fields: a letterhead's field codes (INCLUDEPICTURE "http://…", INCLUDETEXT, DDE, DDEAUTO,
LINK), simple or complex, and its links to outside resources would be run or fetched by Word on the
client's machine. Every DOCX contractkit writes is read back; such a letterhead is refused in one
line, and nothing is written."""

from __future__ import annotations

import zipfile

import pytest

from tests.security.attack import en_project, one_line_error, run

pytestmark = pytest.mark.security("docx-fields")

SIMPLE = '<w:fldSimple w:instr="{instr}"><w:r><w:t>x</w:t></w:r></w:fldSimple>'
COMPLEX = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{a}</w:instrText>'
           '</w:r><w:r><w:instrText xml:space="preserve">{b}</w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>shown</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
INSTRUCTIONS = [
    'INCLUDEPICTURE "http://127.0.0.1:9/pixel.png" \\d',
    'INCLUDETEXT "C:\\\\secret.txt"',
    'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"',
    'DDE "cmd" "/c calc"',
    'LINK Excel.Sheet.8 "http://127.0.0.1:9/x.xls" "" \\a',
    'includepicture "http://127.0.0.1:9/lower.png"',
    'HYPERLINK "file:///etc/passwd"',
]


def _letterhead(project, part: str, xml: str, where: str = "body") -> None:
    from docx import Document

    doc = Document()
    doc.sections[0].footer.paragraphs[0].text = "{{ page_label }}"
    doc.add_paragraph("{{p body }}")
    doc.save(project / "plain.docx")
    with zipfile.ZipFile(project / "plain.docx") as src, zipfile.ZipFile(project / "lh.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                marker = b"</w:body>" if where == "body" else b"</w:ftr>"
                paragraph = f"<w:p>{xml}</w:p>".encode()
                if where == "body":
                    data = data.replace(b"<w:sectPr", paragraph + b"<w:sectPr", 1)
                else:
                    data = data.replace(marker, paragraph + marker)
            dst.writestr(item, data)


def _render(project):
    return run("render", project, "--doc", "contract", "--format", "docx", "--template", project / "lh.docx",
               ok=None)


@pytest.mark.parametrize("instr", INSTRUCTIONS)
@pytest.mark.parametrize("form", ["simple", "complex", "footer"])
def test_a_letterhead_field_that_runs_or_fetches_is_refused(ws, instr, form):
    project = en_project(ws)
    escaped = instr.replace('"', "&quot;")
    if form == "simple":
        _letterhead(project, "word/document.xml", SIMPLE.format(instr=escaped))
    else:
        half = len(instr) // 2  # split over two runs, as Word does
        xml = COMPLEX.format(a=instr[:half].replace('"', "&quot;"), b=instr[half:].replace('"', "&quot;"))
        _letterhead(project, "word/document.xml" if form == "complex" else "word/footer1.xml", xml,
                    "body" if form == "complex" else "footer")
    result = _render(project)
    line = one_line_error(result)
    assert "the letterhead brings" in line and "refused" in line
    assert not list((project / "out").glob("*.docx")) if (project / "out").exists() else True


def test_a_field_made_by_the_letterheads_own_placeholder_is_refused(ws):
    """The instruction is only a placeholder in the letterhead; rendering fills it in."""
    project = en_project(ws)
    _letterhead(project, "word/document.xml", COMPLEX.format(a="{{ running_head and 'INCLUDE' }}",
                                                             b="PICTURE &quot;http://127.0.0.1:9/p&quot;"))
    line = one_line_error(_render(project))
    assert "INCLUDEPICTURE" in line


def test_page_numbers_still_pass(ws):
    project = en_project(ws)
    _letterhead(project, "word/document.xml", COMPLEX.format(a=" PAGE ", b=" \\* MERGEFORMAT "))
    result = _render(project)
    assert result.exit_code == 0, result.output


def test_the_bundled_letterhead_passes_and_every_written_docx_is_checked(ws):
    from contractkit.render import docxfields

    project = en_project(ws)
    result = run("render", project, "--doc", "contract", "--format", "docx")
    docs = list((project / "out").glob("*.docx"))
    assert docs and all(docxfields.problem(p.read_bytes()) is None for p in docs), result.output


def test_the_checker_sees_an_external_relationship_and_a_ddelink():
    import io

    from contractkit.render import docxfields

    def package(rels: bytes = b"", doc: bytes = b"<w:document xmlns:w='http://schemas.openxmlformats.org/"
                b"wordprocessingml/2006/main'/>") -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("word/document.xml", doc)
            z.writestr("word/_rels/document.xml.rels", b"<Relationships>" + rels + b"</Relationships>")
        return buffer.getvalue()

    image = b'<Relationship Id="r1" Type="x/image" Target="http://127.0.0.1:9/i.png" TargetMode="External"/>'
    assert "outside resource" in docxfields.problem(package(image))
    link = b'<Relationship Id="r2" Type="x/hyperlink" Target="https://example.com/" TargetMode="External"/>'
    assert docxfields.problem(package(link)) is None
    unc = b'<Relationship Id="r3" Type="x/hyperlink" Target="\\\\evil\\share" TargetMode="External"/>'
    assert "outside resource" in docxfields.problem(package(unc))
