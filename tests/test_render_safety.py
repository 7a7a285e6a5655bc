"""User text is text, templates stay in their sandbox and folders, writes are atomic."""

import zipfile

import pytest

from tests.conftest import copy_example, run
from tests.readback import docx_text, normal, pdf_pages

HOSTILE_NAME = 'Smith <&> Sons "Quoted" \'Single\''


@pytest.fixture
def project(ws):
    return copy_example("blue-harbor-shop", ws / "p")


def set_client_name(path, name):
    path.write_text(path.read_text().replace("  name: Blue Harbor Bakery Inc.",
                                             f"  name: {name}"), encoding="utf-8")


def test_markup_characters_render_as_text_in_docx_pdf_and_html(project):
    set_client_name(project, "'Smith <&> Sons \"Quoted\" ''Single'''")
    text = project.read_text()
    text = text.replace("    - Product photography", "    - |-\n      Line one <b>\n      Line two & more")
    project.write_text(text)
    paths = run("render", "p", "--doc", "contract", "--format", "pdf,docx,html").output.split()
    pdf, docx, html = (next(p for p in paths if p.endswith(ext)) for ext in (".pdf", ".docx", ".html"))
    with zipfile.ZipFile(docx) as z:
        from lxml import etree
        etree.fromstring(z.read("word/document.xml"))  # well-formed
    assert HOSTILE_NAME in normal(docx_text(docx))
    assert "Line one <b> Line two & more" in normal(docx_text(docx))
    assert "&gt; Sons" not in docx_text(docx)
    assert HOSTILE_NAME in normal(" ".join(pdf_pages(pdf)))
    page = open(html, encoding="utf-8").read()
    assert "Smith &lt;&amp;&gt; Sons &#34;Quoted&#34; &#39;Single&#39;" in page
    assert "<b>" not in page.split("<body>")[1]


@pytest.mark.parametrize("payload", ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}",
                                     "{{ ''.__class__.__mro__ }}"])
def test_template_syntax_in_user_data_renders_literally(project, payload):
    set_client_name(project, f'"{payload}"')
    (docx,) = run("render", "p", "--doc", "contract", "--format", "docx").output.split()
    text = docx_text(docx)
    assert payload in text and "49" not in text.split(payload)[0][-5:]


def _template_dir(ws, body, css=""):
    folder = ws / "look"
    (folder / "en").mkdir(parents=True, exist_ok=True)
    (folder / "en" / "contract.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}' + body + "{% endblock %}")
    if css:
        (folder / "style.css").write_text(css)
    return folder


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lines.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{% set x = lines.append(1) %}",
])
def test_hostile_template_is_refused(ws, project, body):
    folder = _template_dir(ws, body)
    result = run("render", "p", "--doc", "contract", "--template", folder, ok=False)
    assert result.output.startswith("error: template") and "uid=" not in result.output


def test_template_cannot_include_files_outside_its_folders(ws, project):
    folder = _template_dir(ws, "{% include '/etc/passwd' %}")
    result = run("render", "p", "--doc", "contract", "--template", folder, ok=False)
    assert "template /etc/passwd not found" in result.output
    folder = _template_dir(ws, "{% include '../../../../etc/passwd' %}")
    assert "not found" in run("render", "p", "--doc", "contract", "--template", folder,
                              ok=False).output


@pytest.mark.parametrize(("html", "url"), [
    ('<img src="http://example.com/track.png">', "http://example.com/track.png"),
    ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
    ('<link rel="stylesheet" href="https://example.com/x.css">', "https://example.com/x.css"),
])
def test_pdf_renderer_fetches_nothing_outside_the_template_folders(ws, project, html, url):
    folder = _template_dir(ws, html)
    result = run("render", "p", "--doc", "contract", "--format", "pdf", "--template", folder,
                 ok=False)
    assert f"refused to fetch {url}: outside the template folders" in result.output


def test_css_cannot_reach_outside_either(ws, project):
    folder = _template_dir(ws, "<p>x</p>", css='body { background: url("file:///etc/hostname"); }')
    result = run("render", "p", "--doc", "contract", "--format", "pdf", "--template", folder,
                 ok=False)
    assert "refused to fetch file:///etc/hostname" in result.output


def test_failed_render_keeps_earlier_outputs_and_leaves_no_partial_files(ws, project):
    good = run("render", "p", "--doc", "contract").output.split()
    before = {p: open(p, "rb").read() for p in good}
    folder = _template_dir(ws, '<img src="http://example.com/x.png">')
    project.write_text(project.read_text().replace("price: 1200", "price: 1300"))
    run("render", "p", "--doc", "contract", "--template", folder, ok=False)
    assert {p: open(p, "rb").read() for p in good} == before
    assert sorted(f.name for f in (ws / "p" / "out").iterdir()) == sorted(
        p.rsplit("/", 1)[-1] for p in good)


def test_project_can_bring_its_own_look(ws, project):
    look = ws / "p" / "look"
    look.mkdir()
    (look / "style.css").write_text("h1 { color: #c00; }\n")
    project.write_text(project.read_text() + "\ntemplates:\n  html: look\n")
    (html,) = run("render", "p", "--doc", "contract", "--format", "html").output.split()
    page = open(html, encoding="utf-8").read()
    assert page.index("@font-face") < page.index("h1 { color: #c00; }")  # layered over the default
    (pdf,) = run("render", "p", "--doc", "contract", "--format", "pdf").output.split()
    assert "WEB DESIGN AND DEVELOPMENT AGREEMENT" in pdf_pages(pdf)[0]


def test_project_templates_cannot_point_outside_the_project(ws, project):
    project.write_text(project.read_text() + "\ntemplates:\n  html: ../../etc\n")
    assert "is outside" in run("render", "p", ok=False).output


def test_own_docx_letterhead(ws, project):
    from docx import Document

    letterhead = ws / "letterhead.docx"
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "NORTHWIND LETTERHEAD {{ running_head }}"
    doc.add_paragraph("{{p body }}")
    doc.save(letterhead)
    (docx,) = run("render", "p", "--doc", "contract", "--format", "docx", "--template",
                  letterhead).output.split()
    with zipfile.ZipFile(docx) as z:
        header = "".join(z.read(n).decode() for n in z.namelist() if "header" in n)
    assert "NORTHWIND LETTERHEAD Agreement No. NW-2026-11" in header
    assert "WEB DESIGN AND DEVELOPMENT AGREEMENT" in docx_text(docx)


def test_broken_letterhead_is_a_clear_error(ws, project):
    bad = ws / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = run("render", "p", "--format", "docx", "--template", bad, ok=False)
    assert "not a usable DOCX letterhead" in result.output
