"""Rendered documents: same text in DOCX and PDF, PDF/A with the source, deterministic bytes."""

import io
import json
import os
import zipfile

import pytest
from pypdf import PdfReader

from contractkit.load import load_project
from contractkit.render.documents import running_head
from tests import pdfa
from tests.conftest import copy_example, run
from tests.readback import docx_blocks, docx_text, normal, pdf_body, pdf_pages, sections, words

EXAMPLES = {"romashka-site": ("2026-031", "Страница"), "blue-harbor-shop": ("NW-2026-11", "Page")}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every document of both examples, rendered once through the CLI."""
    out = {}
    base = tmp_path_factory.mktemp("rendered")
    for name in EXAMPLES:
        project = copy_example(name, base / name)
        from click.testing import CliRunner

        from contractkit.cli import cli
        result = CliRunner().invoke(cli, ["render", str(project.parent)], catch_exceptions=False,
                                    env={"CONTRACTKIT_HOME": str(base)})
        assert result.exit_code == 0, result.output
        out[name] = (project, [p for p in result.output.split() if p])
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_document_in_both_formats(rendered, name):
    project, paths = rendered[name]
    number = EXAMPLES[name][0]
    expected = {f"{doc}-{number}.{ext}" for doc in ("contract", "scope", "payments", "support", "brief")
                for ext in ("pdf", "docx")}
    assert {p.rsplit("/", 1)[-1] for p in paths} == expected
    assert all(p.startswith(str(project.parent / "out")) for p in paths)


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("doc", ["contract", "scope", "payments", "support", "brief"])
def test_docx_and_pdf_say_the_same_section_by_section(rendered, name, doc):
    project_file, _ = rendered[name]
    number, label = EXAMPLES[name]
    out = project_file.parent / "out"
    blocks = docx_blocks(out / f"{doc}-{number}.docx")
    headings = [text for style, text in blocks if style in ("Heading 2", "Heading 3")]
    head = running_head(load_project(project_file))
    pdf = sections(pdf_body(out / f"{doc}-{number}.pdf", head, label), headings)
    docx = sections("\n".join(text for _, text in blocks), headings)
    assert len(pdf) == len(docx) == len(headings) + 1
    for i, (a, b) in enumerate(zip(pdf, docx, strict=True)):
        assert words(a) == words(b), f"section {i} ({(headings + [''])[i - 1]!r}) differs"


@pytest.mark.parametrize("name", EXAMPLES)
def test_pdf_is_pdfa3b_with_the_documents_data_attached(rendered, name):
    project, _ = rendered[name]
    number = EXAMPLES[name][0]
    reader = PdfReader(str(project.parent / "out" / f"contract-{number}.pdf"))
    assert list(reader.attachments) == ["document-data.json"]  # never project.yaml
    assert json.loads(reader.attachments["document-data.json"][0])["contract"]["number"] == number
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in raw or b'pdfaid:part="3"' in raw
    assert b"pdfaid:conformance" in raw
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert any("CK-Serif" in f for f in fonts)
    pdfa.check(project.parent / "out" / f"contract-{number}.pdf")


@pytest.mark.parametrize("name", EXAMPLES)
def test_contract_number_and_page_numbers_on_every_page(rendered, name):
    project, _ = rendered[name]
    number, label = EXAMPLES[name]
    pages = pdf_pages(project.parent / "out" / f"contract-{number}.pdf")
    assert len(pages) >= 4
    for n, text in enumerate(pages, 1):
        assert number in text
        assert f"{label} {n}" in normal(text)


def test_docx_header_and_footer_carry_the_number_and_page_fields(rendered):
    project, _ = rendered["romashka-site"]
    with zipfile.ZipFile(project.parent / "out" / "contract-2026-031.docx") as z:
        headers = "".join(z.read(n).decode() for n in z.namelist() if "header" in n)
        footers = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
        styles = z.read("word/styles.xml").decode()  # page numbers in the body font and size
    assert "Договор №\u00a02026-031 от 1\u00a0декабря\u00a02026\u00a0г." in headers  # typography too
    assert 'w:styleId="Footer"' in styles and '<w:sz w:val="22"/>' in styles.split('w:styleId="Footer"')[1][:900]
    assert "PAGE" in footers and "NUMPAGES" in footers and "Страница" in footers


def test_rendering_twice_gives_identical_bytes(ws):
    project = copy_example("romashka-site", ws / "p")
    first = {p: open(p, "rb").read() for p in run("render", "p").output.split()}
    second = {p: open(p, "rb").read() for p in run("render", "p").output.split()}
    assert first.keys() == second.keys() and len(first) == 10
    for path in first:
        assert first[path] == second[path], f"{path} differs between two renders"
    assert project.exists()


def test_ru_contract_wording(rendered):
    project, _ = rendered["romashka-site"]
    text = normal(docx_text(project.parent / "out" / "contract-2026-031.docx"))
    assert ("Общество с ограниченной ответственностью «Ромашка» (ООО «Ромашка»), именуемое в "
            "дальнейшем «Заказчик», в лице Генерального директора Кузнецовой Марины Сергеевны, "
            "действующей на основании Устава") in text
    # mid-sentence the legal form is lower case
    assert ("с одной стороны, и индивидуальный предприниматель Соколов Андрей Викторович (ОГРНИП "
            "316502900012348), именуемый в дальнейшем «Исполнитель»") in text
    assert "ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ УСЛУГ № 2026-031" in text
    assert "1 декабря 2026 г." in text
    assert "243 500 (двести сорок три тысячи пятьсот) рублей 00 копеек" in text
    assert "121 750 (сто двадцать одна тысяча семьсот пятьдесят) рублей 00 копеек" in text
    assert "Без налога (НДС): Исполнитель применяет упрощённую систему" in text  # НК РФ п. 5 ст. 168
    assert "г.." not in text
    assert "не позднее 26 января 2027 г." in text


def test_ru_annexes_figures(rendered):
    project, _ = rendered["romashka-site"]
    out = project.parent / "out"
    scope = normal(docx_text(out / "scope-2026-031.docx"))
    for deadline in ("07.12.2026", "21.12.2026", "20.01.2027", "26.01.2027"):
        assert deadline in scope
    assert "Приложение № 1 к Договору № 2026-031 от 1 декабря 2026 г." in scope
    payments = normal(docx_text(out / "payments-2026-031.docx"))
    assert payments.count("121 750,00 ₽") == 2 and "243 500,00 ₽" in payments
    support = normal(docx_text(out / "support-2026-031.docx"))
    assert "12 000 (двенадцать тысяч) рублей 00 копеек" in support and "6 часов" in support


def test_en_agreement_wording(rendered):
    project, _ = rendered["blue-harbor-shop"]
    out = project.parent / "out"
    text = normal(docx_text(out / "contract-NW-2026-11.docx"))
    assert "$12,200.00 (twelve thousand two hundred US dollars)" in text
    assert "$4,880.00 (four thousand eight hundred eighty US dollars)" in text
    # a US preamble names the entity, not a representative (signers appear in the By/Name block)
    assert ("Blue Harbor Bakery Inc., a Washington corporation whose principal office is at 12 Harbor Road, "
            "Seattle, WA 98101, USA (the “Client”)") in text
    assert "represented by" not in text
    assert "November 30, 2026" in text and "January 6, 2027" in text
    scope = normal(docx_text(out / "scope-NW-2026-11.docx"))
    for deadline in ("12/03/2026", "12/15/2026", "01/04/2027", "01/06/2027"):
        assert deadline in scope
    support = normal(docx_text(out / "support-NW-2026-11.docx"))
    assert "SUPPORT PLAN AGREEMENT “CARE”" in support and "$350.00" in support


def test_blank_brief_questionnaire(ws):
    copy_example("blue-harbor-shop", ws / "p")
    paths = run("render", "p", "--blank", "--format", "docx,pdf").output.split()
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["brief-blank-NW-2026-11.docx",
                                                     "brief-blank-NW-2026-11.pdf"]
    text = docx_text(paths[0])
    assert "PROJECT BRIEF QUESTIONNAIRE" in text and "Who will give feedback" in text


def test_open_questions_are_highlighted_in_the_brief(ws):
    path = copy_example("blue-harbor-shop", ws / "p")
    path.write_text(path.read_text().replace("  open_questions: []",
                                             "  open_questions:\n    - Which payment provider?"))
    html_path = run("render", "p", "--doc", "brief", "--format", "html").output.split()[0]
    html = open(html_path, encoding="utf-8").read()
    assert '<li class="open">Which payment provider?</li>' in html
    assert "does not start until the client answers" in html


def test_html_format_is_standalone(ws):
    copy_example("romashka-site", ws / "p")
    (path,) = run("render", "p", "--doc", "contract", "--format", "html").output.split()
    html = open(path, encoding="utf-8").read()
    assert "<style>" in html and "file://" not in html


def test_unknown_document_and_format(ws):
    copy_example("romashka-site", ws / "p")
    assert "no document letter" in run("render", "p", "--doc", "letter", ok=False).output
    assert "unknown format 'odt'" in run("render", "p", "--format", "odt", ok=False).output


def test_docx_zip_entries_have_fixed_timestamps(rendered):
    project, _ = rendered["blue-harbor-shop"]
    data = (project.parent / "out" / "brief-NW-2026-11.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "2026-11-30T00:00:00Z" in z.read("docProps/core.xml").decode()


def test_render_all_draws_a_progress_bar_only_on_a_terminal(ws, monkeypatch):
    """Nobody sees a bar on a pipe or a file, and rich would build it ten times a second on the
    cores the workers need; on a terminal it is drawn, four times a second."""
    import rich.console
    import rich.progress

    copy_example("blue-harbor-shop", ws / "batch" / "a")
    bars = []

    class Bar(rich.progress.Progress):
        def __init__(self, *args, **kwargs):
            bars.append(kwargs.get("refresh_per_second"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(rich.progress, "Progress", Bar)
    args = ("render", "batch", "--all", "--doc", "contract", "--format", "docx", "--jobs", "1")
    assert "rendered 1 of 1 project(s), 1 file(s)" in run(*args).output
    assert bars == []
    monkeypatch.setattr(rich.console.Console, "is_terminal", property(lambda self: True))
    assert "rendered 1 of 1 project(s), 1 file(s)" in run(*args).output
    assert bars == [4]


def test_render_all_projects_of_a_workspace_on_a_pool(ws):
    for name in ("a", "b"):
        copy_example("blue-harbor-shop", ws / "batch" / name)
    (ws / "batch" / "broken").mkdir()
    (ws / "batch" / "broken" / "project.yaml").write_text("id: [\n")
    result = run("render", "batch", "--all", "--doc", "contract", "--format", "pdf", "--jobs", "2", ok=False)
    assert result.exit_code == 1
    assert "rendered 2 of 3 project(s), 2 file(s)" in result.output
    assert "broken: project.yaml:2:1: invalid YAML" in result.output
    for name in ("a", "b"):
        assert (ws / "batch" / name / "out" / "contract-NW-2026-11.pdf").read_bytes().startswith(b"%PDF-")


def test_render_all_never_freezes_its_callers_heap(ws, tmp_path):
    """flows/batch.py: only forked workers keep the collector off their heap (gc.freeze at start and
    after their first project); the process that calls render_all, a test runner or a script that
    lives on, is never frozen (frozen garbage is finalised late, and unfreezing changes when). The
    bytes are those of a plain render, on one process or two."""
    import gc

    from contractkit.flows import batch
    from contractkit.flows.output import render_project

    for name in ("a", "b", "c"):
        copy_example("romashka-site" if name != "b" else "blue-harbor-shop", ws / "batch" / name)
    projects = sorted((ws / "batch").iterdir())
    frozen = []
    real = batch.render_one

    def watched(project, docs, formats):
        frozen.append((gc.get_freeze_count() > 0, batch._settled == os.getpid()))
        return real(project, docs, formats)

    batch.render_one = watched
    try:
        outcomes = batch.render_all(projects, ["contract"], ["pdf"], jobs=1)
    finally:
        batch.render_one = real
    assert frozen == [(False, False)] * 3 and not any(o.error for o in outcomes)
    assert gc.get_freeze_count() == 0 and batch._settled is None
    serial = [o.written[0].read_bytes() for o in outcomes]
    pooled = batch.render_all(projects, ["contract"], ["pdf"], jobs=2)
    assert [o.written[0].read_bytes() for o in pooled] == serial
    for project, data in zip(projects, serial, strict=True):
        alone = render_project(project, ["contract"], ["pdf"], tmp_path / project.name)
        assert alone[0].read_bytes() == data
