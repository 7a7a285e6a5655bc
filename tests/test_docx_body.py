"""render/wordml.py writes the DOCX body as text; it must be, element for element and attribute
for attribute, what python-docx's add_paragraph/add_run/add_table calls build (the oracle in
tests/docx_reference.py): on every example document and on generated HTML."""

import copy

import lxml.html
import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from contractkit.errors import RenderError
from contractkit.render import wordml
from contractkit.render.docx import _style_ids
from contractkit.resources import TEMPLATES
from tests.conftest import ROOT
from tests.docx_reference import reference_body

LETTERHEAD = TEMPLATES / "letterhead.docx"


def _canonical(elements) -> bytes:
    """The elements under one w:body with only the namespaces they use: byte-comparable."""
    root = etree.Element(qn("w:body"), nsmap={"w": wordml.W})
    for element in elements:
        root.append(copy.deepcopy(element))
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8")


def _ours(html: str, letterhead) -> list:
    body = wordml.Body(*_style_ids(letterhead, LETTERHEAD))
    body.add(lxml.html.document_fromstring(html).find("body"))
    return list(parse_xml(body.xml().encode("utf-8")))


def _same(html: str) -> None:
    letterhead = Document(str(LETTERHEAD))
    assert _canonical(_ours(html, letterhead)) == _canonical(reference_body(html, letterhead))


@pytest.mark.parametrize("name", ["romashka-site", "blue-harbor-shop", "vector-brand"])
def test_every_example_document_gets_the_body_python_docx_would_build(name):
    from contractkit.load import load_document
    from contractkit.render.documents import available, render_documents
    from contractkit.render.look import look_for

    folder = ROOT / "projects" / name
    loaded = load_document(folder / "project.yaml")
    project = loaded.project
    look = look_for(project, folder)
    files = render_documents(project, folder, True, available(project),
                             ["html"], look)
    assert len(files) >= 4
    for html in files.values():
        _same(html.decode("utf-8"))


EVERYTHING = """<html><body><h1>Title</h1><h2 class="keep">Heading</h2><h3>Sub <em>x</em></h3>
<p class="center small">c <b>bold <i>both <u>all three</u></i></b> tail <br> after <span>s</span> </p>
<p class="justify keep right">  lead   spaces &amp; &lt;tag&gt; "q"\u00a0</p>
<p><b> </b></p><p></p><p><br></p><p>x<br></p><p>x<!-- a comment -->y</p>
<ul><li>one</li><li class="small">two <u>u</u></li><li></li></ul>
<ol><li>first</li><li> second </li><li></li></ol>
<hr class="page-break"><hr>
<div><section><p>nested</p><table class="grid"><tr><th>Head</th><th class="num">Sum</th></tr>
<tr><td>a</td><td class="num">1 000</td></tr><tr><td>a row one cell short</td></tr></table></section></div>
<p>kept with the signatures</p>
<table class="signatures parties"><tr><td><p>A</p><p class="right">B</p></td><td><div>d</div>tail</td></tr></table>
<table></table><table><tr></tr></table></body></html>"""


def test_every_construct_the_converter_knows_gets_the_same_markup():
    _same(EVERYTHING)


WORDS = st.sampled_from(["word", " ", "  ", "«кв»", "1 000 ₽", "a &amp; b", "&lt;", "x\u00a0", "\u00a0",
                         "\n", "\t", "tail ", " lead", "Договор"])
CLASSES = st.sampled_from(["", "center", "right", "justify", "small", "keep", "grid", "signatures",
                           "parties", "num", "page-break", "center small", "keep right"])


def _attr(name: str) -> str:
    return f' class="{name}"' if name else ""


texts = st.lists(WORDS, max_size=3).map("".join)
inline = st.recursive(
    texts,
    lambda inner: st.tuples(st.sampled_from(["b", "strong", "i", "em", "u", "span", "a", "br"]),
                            st.lists(inner, max_size=3), texts).map(
        lambda t: f"<br>{t[2]}" if t[0] == "br" else f"<{t[0]}>{''.join(t[1])}</{t[0]}>{t[2]}"),
    max_leaves=8)
paragraph = st.tuples(st.sampled_from(["p", "h1", "h2", "h3"]), CLASSES, st.lists(inline, max_size=3)).map(
    lambda t: f"<{t[0]}{_attr(t[1])}>{''.join(t[2])}</{t[0]}>")
listing = st.tuples(st.sampled_from(["ul", "ol"]), st.lists(st.tuples(CLASSES, inline), max_size=3)).map(
    lambda t: f"<{t[0]}>" + "".join(f"<li{_attr(c)}>{x}</li>" for c, x in t[1]) + f"</{t[0]}>")
cell = st.tuples(st.sampled_from(["td", "th"]), CLASSES,
                 st.one_of(inline, st.lists(st.tuples(st.sampled_from(["p", "div"]), CLASSES, inline),
                                            min_size=1, max_size=2).map(
                     lambda ps: "".join(f"<{t}{_attr(c)}>{x}</{t}>" for t, c, x in ps)))).map(
    lambda t: f"<{t[0]}{_attr(t[1])}>{t[2]}</{t[0]}>")
table = st.tuples(CLASSES, st.lists(st.lists(cell, max_size=3), max_size=3)).map(
    lambda t: f"<table{_attr(t[0])}>" + "".join("<tr>" + "".join(r) + "</tr>" for r in t[1]) + "</table>")
block = st.recursive(
    st.one_of(paragraph, listing, table, CLASSES.map(lambda c: f"<hr{_attr(c)}>")),
    lambda inner: st.lists(inner, max_size=3).map(lambda bs: "<div>" + "".join(bs) + "</div>"),
    max_leaves=6)


@given(st.lists(block, min_size=1, max_size=8))
def test_generated_html_gets_the_markup_python_docx_would_build(blocks):
    _same("<html><body>" + "".join(blocks) + "</body></html>")


def test_a_letterhead_without_a_style_the_body_needs_is_refused_by_name():
    from docx.enum.style import WD_STYLE_TYPE

    letterhead = Document(str(LETTERHEAD))
    letterhead.styles["Heading 2"].delete()
    table_grid = [s for s in letterhead.styles if s.type == WD_STYLE_TYPE.TABLE and s.name == "Table Grid"]
    assert table_grid
    table_grid[0].delete()
    with pytest.raises(RenderError, match="no paragraph style named 'Heading 2'"):
        _ours("<html><body><h2>Missing</h2></body></html>", letterhead)
    with pytest.raises(RenderError, match="no table style named 'Table Grid'"):
        _ours('<html><body><table class="grid"><tr><td>x</td></tr></table></body></html>', letterhead)
