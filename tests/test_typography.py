"""Print typography, DOCX layout and metadata, dates and file names, read back from the documents."""

import re
import zipfile

import lxml.etree
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contractkit.render.documents import file_name
from contractkit.render.typography import typography
from tests.conftest import run
from tests.readback import docx_text, normal, pdf_pages
from tests.test_workflow import edit

NB = "\u00a0"
HASH = "0123456789abcdef" * 4


def test_russian_quotes_nest_as_elochki_then_lapki():
    html = typography("<p>Корпоративный сайт ООО «Ромашка» и «Корпоративный сайт ООО «Ромашка»»</p>", "ru")
    assert "«Корпоративный сайт ООО „Ромашка“»" in html
    assert typography('<p>&#34;Сайт &#34;Ромашки&#34;&#34;</p>', "ru") == "<p>«Сайт „Ромашки“»</p>"


@pytest.mark.parametrize("text, expected", [
    ("Договор № 2026-031", f"Договор №{NB}2026-031"),
    ("от 26 января 2027 г.", f"от 26{NB}января{NB}2027{NB}г."),
    ("г. Москва, ул. Тверская, д. 1, оф. 1", f"г.{NB}Москва, ул.{NB}Тверская, д.{NB}1, оф.{NB}1"),
    ("/ А. В. Соколов /", f"/ А.{NB}В.{NB}Соколов /"),
    ("Кузнецова М. С.", f"Кузнецова{NB}М.{NB}С."),
    ("243 500 (двести) рублей", f"243{NB}500 (двести) рублей"),
    ("30 000 ₽", f"30{NB}000{NB}₽"),
    ("цена — сумма", f"цена{NB}— сумма"),
])
def test_russian_non_breaking_spaces(text, expected):
    assert typography(f"<p>{text}</p>", "ru") == f"<p>{expected}</p>"


PIECES = st.sampled_from([
    # what each rule is for, so every rule gets work
    "№ 1", "статьи 145", "пункта 1", "26 января", "января 2027", "2027 г.", "г. Москва", "ул. Тверская",
    "д. 1", "А. В. Соколов", "Кузнецова М. С.", "243 500", "500 ₽", "50 %", "слово — слово", "No. 1",
    "January 12,", "Sec. 2", "3 %",
    # and pieces that cut them apart or hide them
    '"', "«", "»", "„", "“", " ", "  ", "г", ".", "№", "—", "1", "٣", "2027", "января", "А", "М.", "С.",
    "<p>", "</p>", "<b>", "</b>", "http://x", "a@b", "www.", "@", "\n", ",", "(", "гг", "x" * 31,
    "deadbeefdeadbeef01", "&quot;", "<style>", "</style>", "<title>"])
RULES_AT_WORK = ("<p>№ 1, статьи 145, пункта 1, 26 января 2027 г., г. Москва, ул. Тверская, д. 1, "
                 "А. В. Соколов, Кузнецова М. С., 243 500 и 500 ₽, 50 %, слово — слово; No. 1, "
                 "January 12, Sec. 2, 3 %</p>")


@example(RULES_AT_WORK, "ru")
@example(RULES_AT_WORK, "en")
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(["ru", "en"]))
def test_skipping_a_rule_that_cannot_match_never_changes_the_text(html, lang):
    """typography runs a rule on a piece of text only if the text holds what the rule needs (a
    space, a digit, a dot, №, a dash): the same text as running every rule on every piece."""
    from contractkit.render import typography as typo

    quick = typography(html, lang)
    holds = typo._holds
    typo._holds = lambda text: set(".№—0")
    try:
        assert typography(html, lang) == quick
    finally:
        typo._holds = holds


def test_urls_hashes_and_attributes_are_left_alone_and_a_second_pass_changes_nothing():
    html = (f'<p title="№ 1 «a»"><a href="https://x.ru/№ 1">https://x.ru/a_b 1 000</a> {HASH} '
            '«Ромашка»</p><style>p::after { content: "№ 1" }</style>')
    once = typography(html, "ru")
    assert '<p title="№ 1 «a»"><a href="https://x.ru/№ 1">https://x.ru/a_b' in once
    assert f'<span class="long-token">{HASH}</span>' in once
    assert 'content: "№ 1"' in once
    assert typography(once, "ru") == once


def test_a_long_hash_in_a_stage_title_wraps_inside_the_page(ru_project):
    edit(ru_project / "project.yaml", "title: Прототипы 6 страниц сайта", f"title: Прототипы {HASH}")
    out = run("render", "romashka", "--doc", "scope", "--format", "pdf").output.split()[0]
    from pypdf import PdfReader

    page = PdfReader(out).pages[0]
    starts = []
    page.extract_text(visitor_text=lambda t, cm, tm, *_: starts.append(tm[4] * cm[0] + cm[4])
                      if t.strip() else None)
    right_margin = float(page.mediabox.width) - 15 / 25.4 * 72
    assert max(starts) < right_margin  # the deadline column stays on the page
    assert "Окончание" in pdf_pages(out)[0]


def test_docx_language_core_properties_and_kept_requisites(ru_project, ws):
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    for name, tag in (("romashka", "ru-RU"), ("harbor", "en-US")):
        out = run("render", name, "--doc", "contract", "--format", "docx").output.split()[0]
        with zipfile.ZipFile(out) as z:
            core = lxml.etree.fromstring(z.read("docProps/core.xml"))
            styles = z.read("word/styles.xml").decode()
            settings = z.read("word/settings.xml").decode()
            document = z.read("word/document.xml").decode()
        assert {v for k, v in core.nsmap.items()} <= {
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/",
            "http://purl.org/dc/dcmitype/", "http://www.w3.org/2001/XMLSchema-instance"}
        names = [lxml.etree.QName(e).localname for e in core]
        assert len(names) == len(set(names))  # no element twice under two namespaces
        assert all(e.nsmap == core.nsmap for e in core.iter())
        assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == tag
        assert f'w:lang w:val="{tag}"' in styles and f'w:themeFontLang w:val="{tag}"' in settings
        assert "<w:cantSplit/>" in document and "<w:keepNext/>" in document


def test_addendum_and_change_request_docx_carry_their_own_date_in_the_running_head(ws):
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    run("sign", "harbor", "--date", "2026-11-30")
    edit(ws / "harbor" / "project.yaml", "price: 750", "price: 800")
    out = run("change", "harbor", "-m", "Longer training", "--requested-on", "2026-12-08",
              "--estimate").output.split()
    request = next(p for p in out if p.endswith(".docx"))
    addendum = next(p for p in run("addendum", "harbor", "--date", "2026-12-09").output.split()
                    if p.endswith(".docx"))
    for path, head in ((request, "Change Request CR-001 dated December 8, 2026"),
                       (addendum, "Change Order No. 1 to Agreement")):
        with zipfile.ZipFile(path) as z:
            header = "".join(lxml.etree.fromstring(z.read("word/header1.xml")).itertext())
        assert head.replace(" ", NB) in header.replace(" ", NB)
        assert "to Agreement No. NW-2026-11 dated November\u00a030, 2026" in header
    text = normal(docx_text(request))
    assert "Estimate valid until December 22, 2026" in text
    assert "By: ___" in text and "Name: Priya Shah" in text and "Name: Alex Morgan" in text


def test_ru_change_request_sheet_reads_as_a_russian_document(ru_project):
    run("sign", "romashka", "--date", "2026-12-01")
    edit(ru_project / "project.yaml", "price: 18500", "price: 20000")
    out = run("change", "romashka", "-m", "Больше страниц", "--requested-on", "2026-12-10",
              "--estimate", "--valid-until", "2026-12-31").output.split()
    for path in (p for p in out if p.endswith((".pdf", ".docx"))):
        text = (docx_text(path) if path.endswith(".docx") else " ".join(pdf_pages(path)))
        text = " ".join(text.replace(NB, " ").split())
        assert "ЗАПРОС НА ИЗМЕНЕНИЕ № 1" in text and "CR-001" not in text
        assert "Услуги, перечисленные ниже" in text and "Работы" not in text  # a services contract
        assert ("Стоимость — 20 000 (двадцать тысяч) рублей 00 копеек вместо 18 500 (восемнадцать "
                "тысяч пятьсот) рублей 00 копеек") in text
        assert "→" not in text
        assert "Оценка действительна до 31 декабря 2026 г. включительно" in text
        assert "/ М. С. Кузнецова /" in text and "/ А. В. Соколов /" in text
        # plain words for the checksum the client quotes (ГК РФ п. 2 ст. 160: what was agreed to)
        assert ("контрольная сумма (SHA-256) файла с параметрами изменения, вложенного в настоящий PDF"
                in re.sub(r"(\w)- (\w)", r"\1-\2", text))
        assert "project.yaml" not in text


def test_dates_before_the_contract_or_the_last_signature_are_refused(ru_project):
    out = run("sign", "romashka", "--date", "2020-01-01", ok=False).output
    assert out.strip() == ("error: --date 2020-01-01 is before the contract's own date 2026-12-01 "
                           "(contract.date in project.yaml)")
    out = run("sign", "romashka", "--date", "2027-02-30", ok=False).output
    assert out.strip() == "error: --date: 2027-02-30 is not a date: day is out of range for month"
    run("sign", "romashka", "--date", "2026-12-03")
    edit(ru_project / "project.yaml", "price: 18500", "price: 20000")
    run("change", "romashka", "-m", "x", "--requested-on", "2026-12-04")
    out = run("addendum", "romashka", "--date", "2026-11-20", ok=False).output
    assert out.strip() == "error: --date 2026-11-20 is before the contract date 2026-12-01"
    out = run("addendum", "romashka", "--date", "2026-12-02", ok=False).output
    assert out.strip() == "error: --date 2026-12-02 is before 2026-12-03, when the contract was signed"
    assert "is not a date" in run("addendum", "romashka", "--date", "2026-13-01", ok=False).output


def test_file_names_keep_the_whole_contract_number_and_never_collide():
    class Contract:
        def __init__(self, number):
            self.contract = type("C", (), {"number": number})()

    assert file_name("scope", Contract("Д-2027-014"), "pdf") == "scope-Д-2027-014.pdf"
    assert file_name("scope", Contract("2026-031"), "pdf") == "scope-2026-031.pdf"  # as signed before
    names = {file_name("scope", Contract(n), "pdf") for n in ("2026/031", "2026-031", "2026 031", "Ж-2027-014")}
    assert len(names) == 4


def test_the_blank_questionnaire_carries_no_contract_number(ru_project):
    out = run("render", "romashka", "--blank", "--format", "pdf,docx").output.split()
    docx = next(p for p in out if p.endswith(".docx"))
    with zipfile.ZipFile(docx) as z:
        header = "".join(lxml.etree.fromstring(z.read("word/header1.xml")).itertext())
    pdf = pdf_pages(next(p for p in out if p.endswith(".pdf")))[0]
    for text in (header, pdf):
        assert "2026-031" not in text
    assert "Соколов" in header


def test_docx_table_columns_are_never_narrower_than_their_longest_word(ru_project):
    """«Окончан/ие»: a header broken inside a word. Each column fits its longest word."""
    from docx import Document

    out = run("render", "romashka", "--doc", "scope", "--format", "docx").output.split()[0]
    for table in Document(out).tables:
        for c, column in enumerate(table.columns):
            longest = max(len(w) for cell in column.cells for w in cell.text.split() or [""])
            width_cm = table.rows[0].cells[c].width / 360000
            assert width_cm >= min(longest, 16) * 0.22, (table.rows[0].cells[c].text, width_cm)
