"""The fonts a PDF draws with are text fonts (red team 14, B06 and B07).

A project's look (`font-family`) or a Word template's run (`w:rFonts`) named a font installed on the
machine, URW's D050000L (Zapf Dingbats): the page showed "✓✐✐✐✐ ₽" for the price while the PDF's text
layer, and so every check that reads it back, held "243 500,00 ₽". The fonts a laid-out PDF uses are
now checked before it is written (render/fontcheck.py): a text family, a bundled file under a look's
own name, or (in a Word template's lists) a symbol font drawing signs only.
"""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from contractkit.errors import RenderError
from contractkit.render import fontcheck
from tests.conftest import EXAMPLES, run
from tests.security.gitfixtures import ck, git_in, one_line_error
from tests.security.test_stated_figures import _look

pytestmark = pytest.mark.security("templates")
SYMBOL = "Standard Symbols PS"  # URW base 35, with Ghostscript (scripts/system-deps.sh): Latin as Greek
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.mark.parametrize("name, family", [
    ("/BAAAAA+NimbusRomanRegular", "nimbusroman"), ("TimesNewRomanPSMT", "timesnewroman"),
    ("Arial-BoldMT", "arial"), ("DAAAAA+DejaVuSerif", "dejavuserif"), ("CK Serif", "ckserif"),
    ("Calibri,Bold", "calibri"), ("DAAAAA+D050000L", "d050000l"), ("StandardSymbolsPS", "standardsymbolsps"),
])
def test_font_names_are_read_as_their_family(name, family):
    assert fontcheck.family(name) == family


def test_a_pdf_naming_a_font_of_no_known_family_is_refused_without_reading_it():
    with pytest.raises(RenderError, match="'Papyrus' is not a text font"):
        fontcheck.check_office(b"%PDF-1.6\n1 0 obj <</Type/Font/BaseFont/ABCDEF+Papyrus>> endobj", "t")
    fontcheck.check_office(b"%PDF-1.6\n1 0 obj <</Type/Font/BaseFont/ABCDEF+LiberationSerif>> endobj", "t")


def test_a_symbol_font_in_a_pdf_that_cannot_be_read_is_refused_not_a_traceback():
    with pytest.raises(RenderError, match="D050000L"):
        fontcheck.check_office(b"%PDF-1.6\n1 0 obj <</BaseFont/ABCDEF+D050000L>> endobj", "t")


def _looked(ws, css: str, files: dict | None = None):
    """A project with its own look (test_stated_figures._look), and these files beside its style.css."""
    project = _look(ws, "p", css=css)
    for name, data in (files or {}).items():
        (project / "look" / name).write_bytes(data)
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "the look's files", "--allow-empty")
    return project


def test_a_look_naming_a_symbol_font_of_the_machine_is_refused_and_writes_nothing(ws):
    """B07: `td, th { font-family: <a symbol font> }` printed every sum of the payments annex in
    it; the README promises the bundled fonts only."""
    project = _looked(ws, f'td, th {{ font-family: "{SYMBOL}"; }}\n')
    result = ck("render", project, "--doc", "payments", "--format", "pdf")
    assert "is not a text font" in one_line_error(result) and SYMBOL in result.stderr
    assert not list((project / "out").glob("payments-*.pdf")) if (project / "out").exists() else True


def test_a_look_may_give_a_bundled_font_its_own_family_name(ws):
    """A bundled file (checked by its hash when fetched) drawn under the look's own family passes."""
    from contractkit.resources import TEMPLATES

    project = _looked(ws, '@font-face { font-family: "Brand"; src: url("brand.ttf"); }\n'
                          'td, th { font-family: "Brand"; }\n',
                      {"brand.ttf": (TEMPLATES / "fonts" / "DejaVuSans.ttf").read_bytes()})
    run("render", project, "--doc", "payments", "--format", "pdf")
    from pypdf import PdfReader

    pdf = PdfReader(next((project / "out").glob("payments-*.pdf")))
    fonts = {str(f.get_object()["/BaseFont"]) for page in pdf.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+Brand") for name in fonts), fonts


def _with_font(source, font: str) -> bytes:
    """The Word template with the price and total runs drawn in `font`."""
    with zipfile.ZipFile(source) as old:
        xml = old.read("word/document.xml").decode("utf-8")
        assert "{{ total|money }}" in xml or "total" in xml
        run_props = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/></w:rPr>'
        xml = xml.replace("<w:r>", "<w:r>" + run_props)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                new.writestr(info, xml.encode() if info.filename == "word/document.xml" else old.read(info))
    return out.getvalue()


@needs_office
def test_a_word_template_drawing_its_text_in_a_symbol_font_is_refused(ws):
    """B06: the figures are letters and digits: a symbol font may not draw them."""
    run("new", "p")
    project = ws / "p"
    (project / "word").mkdir()
    (project / "word" / "contract.docx").write_bytes(
        _with_font(EXAMPLES / "templates-example" / "ru" / "contract.docx", SYMBOL))
    with (project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\ntemplates:\n  contract: word/contract.docx\n")
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "the lawyer's template")
    result = ck("render", project, "--doc", "contract", "--format", "pdf")
    assert "is not a text font" in one_line_error(result) and "StandardSymbolsPS" in result.stderr
    assert not list((project / "out").glob("contract-*.pdf")) if (project / "out").exists() else True
