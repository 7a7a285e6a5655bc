"""The PDF engine's speed-ups over weasyprint and pydyf as shipped (render/pdfwrite.py: each
stream compressed once, on two threads; render/lazysheets.py: unused stylesheets parsed on first
use) write the very bytes the libraries' own code writes: signed documents are re-rendered and
compared byte for byte (Civil Code of the Russian Federation art. 160: the signed text is the
deal), so a faster PDF may never be a different one."""

import datetime as dt
import shutil
import zlib

import pytest

from tests.conftest import EXAMPLES

EDGES = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<style>.cut {{ width: 40mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.wide {{ letter-spacing: 2pt; word-spacing: 4pt; }}</style></head><body>
<h1>AVATAR To Ta — «Ёлка» № 5</h1>
<p class="cut">A line far too long for its box, cut with an ellipsis at the end of it</p>
<p class="wide">Разрядка и <b>жирный</b>, <i>курсив</i>, <b><i>оба</i></b>; zero\u200bwidth; и\u0306 й</p>
<p dir="rtl" lang="he">שלום עולם 123</p>
<p>Ligatures: office, affine; fractions ½ ¾; sub H<sub>2</sub>O, sup m<sup>2</sup>; ™ © €</p>
<table><tr><td>1 234 567,89 ₽</td><td class="right">$1,234.56</td></tr></table>
</body></html>"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The HTML of every document of the examples (each language, each look), and the edge cases."""
    from contractkit.flows.output import render_project
    from contractkit.resources import TEMPLATES

    base = tmp_path_factory.mktemp("pdfwrite")
    found = {"edges": EDGES.format(css=(TEMPLATES / "style.css").as_uri())}
    for name, docs in (("romashka-site", ["contract", "scope", "payments", "support", "brief"]),
                       ("blue-harbor-shop", ["contract", "payments"]), ("vector-brand", ["contract"])):
        project = base / name
        shutil.copytree(EXAMPLES / name, project)
        for path in render_project(project, docs, ["html"], base / f"{name}-out"):
            found[f"{name}/{path.name}"] = path.read_text(encoding="utf-8")
    return found


def _render(html: str) -> bytes:
    from contractkit.render.pdf import render_pdf
    from contractkit.resources import TEMPLATES

    return render_pdf(html=html, base=TEMPLATES, roots=(TEMPLATES,), attachment=b'{"a": 1}\n',
                      attachment_name="document-data.json", stamp=dt.datetime(2026, 12, 1))


def test_each_stream_compressed_once_writes_the_bytes_pydyf_writes(pages, monkeypatch):
    from contractkit.render import pdf

    pdf._import_weasyprint()
    from contractkit.render import pdfwrite

    # installed by the first import of weasyprint through render/pdf.py; another test of this worker
    # may have imported weasyprint before, so install it here (a no-op when it is on)
    assert pdfwrite.install(), "pydyf is not the release pdfwrite was checked against"
    deflated = []
    real = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda *a, **k: deflated.append(1) or real(*a, **k))
    fast = {name: _render(html) for name, html in pages.items()}
    fast_deflates = len(deflated)

    monkeypatch.setattr(pdfwrite, "write_once", lambda pdf: None)
    deflated.clear()
    shipped = {name: _render(html) for name, html in pages.items()}

    assert len(pages) >= 9
    for name in pages:
        assert fast[name] == shipped[name], name
        assert fast[name].startswith(b"%PDF-1.7")
    assert fast_deflates < len(deflated) * 0.6  # each stream once, not twice


def test_the_text_read_back_is_the_text_drawn(pages, caplog):
    """The edge cases read back as written, and a character no bundled font has is still reported."""
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(_render(pages["edges"]))).pages)
    for words in ("AVATAR", "Ёлка", "Разрядка", "שלום", "1 234 567,89 ₽", "H2O"):
        assert words in text, words
    with caplog.at_level("WARNING", logger="weasyprint"):
        _render(pages["edges"].replace("Ёлка", "Ёлка \ue000"))
    assert any(".notdef" in r.getMessage() for r in caplog.records)


def test_another_release_gets_the_libraries_own_code(monkeypatch):
    """pdfwrite steps aside for a pydyf it was not checked with."""
    import pydyf

    from contractkit.render import pdfwrite

    monkeypatch.setattr(pdfwrite, "_original", None)
    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    shipped = pydyf.Stream.__dict__["data"]
    assert pdfwrite.install() is False
    assert pydyf.Stream.__dict__["data"] is shipped


FORMS = """
import hashlib, sys
{load}
from weasyprint import HTML
html = ('<html lang="ru"><body><form><input type="text" name="a" value="Договор">'
        '<input type="checkbox" checked name="b"><select name="c"><option>1</option></select></form>'
        '<table border="2" cellpadding="5" bgcolor="#ffeecc"><tr><td align="right" width="50%">1</td></tr>'
        '</table><font color="red" size="5">hint</font><hr noshade size="3"></body></html>')
for options in ({{}}, {{"pdf_forms": True}}, {{"presentational_hints": True}},
                {{"pdf_forms": True, "presentational_hints": True}}):
    print(hashlib.sha256(HTML(string=html).write_pdf(pdf_identifier=b"x", **options)).hexdigest())
print(type(sys.modules["weasyprint.html"].PH_STYLESHEET).__name__)
"""


def test_forms_and_presentational_hints_lay_out_as_weasyprint_would(tmp_path):
    """The two stylesheets weasyprint parses on import and our documents never use
    (render/lazysheets.py) are parsed when a document does use them, to the same bytes."""
    import os
    import subprocess
    import sys

    def run(load: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", FORMS.format(load=load)], capture_output=True,
                              text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, timeout=180)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    ours = run("from contractkit.render.pdf import _import_weasyprint; _import_weasyprint()")
    theirs = run("import ctypes.util; ctypes.util.find_library = lambda n: None; import weasyprint")
    assert ours[-1] == "Later" and theirs[-1] == "CSS"
    assert ours[:-1] == theirs[:-1]
    assert len(set(ours[:-1])) == 4  # forms and hints each change the document


def test_a_written_pdf_is_freed_at_once_not_left_to_the_cycle_collector(pages, monkeypatch):
    """Freed by reference counting as weasyprint frees it: left to the collector, a PDF's fonts
    would be finalized while the interpreter tears down (a segfault at exit)."""
    import gc
    import weakref

    from contractkit.render import pdf

    written = []
    dedupe = pdf._dedupe_associated_files
    monkeypatch.setattr(pdf, "_dedupe_associated_files",
                        lambda document, made: written.append(weakref.ref(made)) or dedupe(document, made))
    gc.disable()
    try:
        _render(pages["edges"])
        assert written and written[0]() is None
    finally:
        gc.enable()
