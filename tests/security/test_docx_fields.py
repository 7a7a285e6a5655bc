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
    # a file: URL is refused by the check of the package's parts before its fields are read
    assert ("the letterhead brings" in line or "names a file: URL" in line) and "refused" in line
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


def _renamed_header(project, name: str = "word/header1.hdr", content_type: bool = True) -> None:
    """The bundled letterhead with its header part renamed (not .xml) and an INCLUDEPICTURE field in
    it; Word finds the part through the relationship and [Content_Types].xml, not its name."""
    from contractkit.resources import TEMPLATES

    field = SIMPLE.format(instr='INCLUDEPICTURE &quot;http://127.0.0.1:9/pixel.png&quot; \\d').encode()
    with zipfile.ZipFile(TEMPLATES / "letterhead.docx") as src, \
            zipfile.ZipFile(project / "lh.docx", "w") as dst:
        for item in src.infolist():
            data, target = src.read(item.filename), item.filename
            if item.filename == "word/header1.xml":
                data, target = data.replace(b"</w:hdr>", b"<w:p>" + field + b"</w:p></w:hdr>"), name
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b'Target="header1.xml"', f'Target="{name.split("/", 1)[1]}"'.encode())
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b'PartName="/word/header1.xml"',
                                    f'PartName="/{name}"'.encode() if content_type else b'PartName="/x.xml"')
            dst.writestr(target, data)


@pytest.mark.parametrize("name", ["word/header1.hdr", "word/header1", "word/header1.XML", "word/h.bin"])
def test_a_field_in_a_part_not_named_xml_is_refused(ws, name):
    """Word reads a part through its relationship and content type, whatever it is named."""
    project = en_project(ws)
    _renamed_header(project, name)
    line = one_line_error(_render(project))
    assert "the letterhead brings" in line and "INCLUDEPICTURE" in line and name in line, line
    assert not list((project / "out").glob("*.docx")) if (project / "out").exists() else True


def test_the_checker_reads_every_xml_part_by_content_type_or_by_its_first_bytes():
    import io

    from contractkit.render import docxfields

    field = (b"<w:hdr xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:p>"
             b"<w:fldSimple w:instr='INCLUDETEXT \"C:\\\\x\"'/></w:p></w:hdr>")
    types = (b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
             b"<Default Extension='bin' ContentType='application/xml'/>"
             b"<Override PartName='/word/odd' ContentType='application/vnd.openxmlformats-officedocument."
             b"wordprocessingml.header+xml'/></Types>")

    def package(name: str, data: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("[Content_Types].xml", types)
            z.writestr(name, data)
        return buffer.getvalue()

    for name in ("word/odd", "word/a.bin", "word/sniffed.dat"):  # override, default, first bytes
        assert "INCLUDETEXT" in docxfields.problem(package(name, field)), name
    sniffed = b"\xef\xbb\xbf \r\n\t" + field
    assert "INCLUDETEXT" in docxfields.problem(package("word/bom.dat", sniffed))
    utf16 = ("\ufeff<?xml version='1.0' encoding='UTF-16'?>" + field.decode()).encode("utf-16-le")
    assert "INCLUDETEXT" in docxfields.problem(package("word/wide.dat", utf16))
    assert docxfields.problem(package("word/nomark.dat", field.decode().encode("utf-16-be"))) is not None
    other = b"<?xml version='1.0' encoding='UTF-16'?>" + field  # declared otherwise: parsed, not skimmed
    assert docxfields.problem(package("word/other.xml", other)) is not None
    assert docxfields.problem(package("docProps/thumbnail.jpeg", b"\xff\xd8\xff\xe0 instr")) is None


def test_an_outside_link_is_seen_however_its_relationship_is_spelled():
    import io

    from contractkit.render import docxfields

    def package(name: str, rels: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr(name, rels)
        return buffer.getvalue()

    ns = b"xmlns='http://schemas.openxmlformats.org/package/2006/relationships'"
    for rel in (b"<Relationship Id='r1' Type='x/image' Target='http://127.0.0.1:9/i' TargetMode = 'External'/>",
                b"<Relationship Id='r1' Type='x/image' Target='http://127.0.0.1:9/i' TargetMode='&#69;xternal'/>",
                b"<Relationship Id='hyperlink' Type='x/image' Target='http://127.0.0.1:9/i' TargetMode='External'/>"):
        rels = b"<Relationships " + ns + b">" + rel + b"</Relationships>"
        for name in ("word/_rels/document.xml.rels", "word/_rels/document.xml.RELS"):
            assert "outside resource" in docxfields.problem(package(name, rels)), (name, rel)
        wide = ("\ufeff<?xml version='1.0' encoding='UTF-16'?>" + rels.decode()).encode("utf-16-le")
        assert "outside resource" in docxfields.problem(package("word/_rels/document.xml.rels", wide))
