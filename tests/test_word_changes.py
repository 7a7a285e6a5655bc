"""A project with its own Word contract (issue 25, item 6): change, addendum and redline keep working,
and the addendum amends the user's clauses by the numbers the user's contract carries."""

import io
import re
import shutil
import zipfile

import docx
import git
import pytest
from docx.oxml import parse_xml

from tests.conftest import EXAMPLES, run
from tests.test_workflow import edit

RU_TEMPLATE = EXAMPLES / "templates-example" / "ru" / "contract.docx"
EN_TEMPLATE = EXAMPLES / "templates-example" / "en" / "contract.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def read_docx(path) -> tuple[str, list[list[str]]]:
    """The document's paragraphs (one a line) and its tables' rows, read back with python-docx."""
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs).replace("\xa0", " ")
    rows = [[c.text.replace("\xa0", " ") for c in row.cells] for t in document.tables for row in t.rows]
    return text, rows


def said(result) -> str:
    """What a command printed to stderr (its warnings), with no-break spaces as spaces."""
    return result.stderr.replace("\xa0", " ")


def with_template(project, template, signed_on):
    """The project names its lawyer's contract, committed and signed."""
    (project / "lawyer").mkdir(exist_ok=True)
    shutil.copy(template, project / "lawyer" / "contract.docx")
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text + "\ntemplates:\n  contract: lawyer/contract.docx\n",
                                          encoding="utf-8")
    with git.Repo(project) as repo:
        repo.git.add(A=True)
        repo.index.commit("The lawyer's contract")
    run("sign", project, "--date", signed_on)
    return project


def ru_change(project):
    """A dearer design stage and a longer development stage, recorded as a change request."""
    edit(project / "project.yaml", "price: 75000", "price: 90000")
    edit(project / "project.yaml", "days: 15", "days: 20")
    run("change", project, "-m", "Больше страниц", "--requested-on", "2026-12-03")  # not the machine's date


@needs_office
def test_ru_addendum_amends_the_lawyers_clauses_by_their_numbers(ru_project):
    project = with_template(ru_project, RU_TEMPLATE, "2026-12-01")
    ru_change(project)
    result = run("addendum", project, "--format", "docx", "--date", "2026-12-04")  # not the machine's date
    run("sign", project, "--date", "2026-12-07")
    text, rows = read_docx(project / "out" / "addendum-1-2026-031.docx")
    # the user's clause numbers (2.1 the price, 2.3.x the installments, 3.1 the completion)
    assert ("Пункт 2.1 Договора изложить в следующей редакции: «2.1. Стоимость услуг составляет "
            "258 500 (двести пятьдесят восемь тысяч пятьсот) рублей 00 копеек».") in text
    # the signed final payment keeps its number 2.3.2 (a signed number never shifts, issue 24
    # item 12); the change's own payment takes the next free number
    assert "Подпункт 2.3.2 Договора изложить в следующей редакции: «2.3.2. 129 250,00 ₽" in text
    assert "Дополнить пункт 2.3 Договора подпунктом 2.3.3 следующего содержания: «2.3.3. 7 500,00 ₽" in text
    assert "Пункт 3.1 Договора изложить в следующей редакции: «3.1. Исполнитель начинает работу" in text
    assert "2 февраля 2027 г.»." in text
    # not contractkit's own numbering (3.1 price, 3.3.x installments), nor an unchanged clause
    assert "Пункт 1.1 Договора" not in text and "Подпункт 3.3." not in text and "Пункт 4.1" not in text
    # the stages table carries no number: restated whole after the clause it follows, with a warning
    assert "Таблицу Договора, следующую за пунктом 1.2, изложить в следующей редакции:" in text
    assert ["2", "Дизайн-макеты 6 страниц (desktop + mobile)", "21 декабря 2026 г.", "90 000,00 ₽"] in rows
    assert "warning: lawyer/contract.docx: the table (after clause 1.2) has no clause number" in said(result)
    assert "no clause number for" not in said(result)  # every changed paragraph had its number
    # the annexes are restated as ever
    assert "Приложение № 1 к Договору (Техническое задание) изложить в редакции Приложения № 1" in text


@needs_office
def test_en_change_order_amends_the_lawyers_sections(ws):
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    project = with_template(ws / "harbor", EN_TEMPLATE, "2026-11-30")
    edit(project / "project.yaml", "price: 3450", "price: 3950")
    edit(project / "project.yaml", "days: 8", "days: 10")
    run("change", project, "-m", "More pages", "--requested-on", "2026-12-03")
    result = run("addendum", project, "--format", "docx")
    out = next((project / "out").glob("addendum-1-*.docx"))
    text, rows = read_docx(out)
    assert ("Section 2.1 of the Agreement is amended and restated to read: “2.1. The total fee is "
            "$12,700.00 (twelve thousand seven hundred US dollars).”") in text
    # the signed final payment keeps its number; the change's own payment takes the next one
    assert ("Section 2.2.3 of the Agreement is amended and restated to read: “2.2.3. $3,960.00 within 7 "
            "business days of acceptance of Milestone 4.”") in text
    assert "Section 2.2 of the Agreement is amended by adding Section 2.2.4: “2.2.4. $200.00" in text
    assert "Section 3.1 of the Agreement is amended and restated to read: “3.1. Work starts on" in text
    assert "The table of the Agreement following Section 1.2 is amended and restated to read:" in text
    assert any(r[1:] == ["Visual design", "December 17, 2026", "$3,950.00"] for r in rows), rows
    assert "the table (after clause 1.2) has no clause number" in said(result)


def numbered_template(path, body: list[tuple[int | None, str]], style_level: int | None = None):
    """A Word template whose clauses Word numbers itself (numbering.xml: «1.», «1.1.», «1.1.1.»); each
    (level, text) is a paragraph, level None unnumbered; style_level: paragraphs at that level take
    their number from a paragraph style, not their own numPr."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{".".join(f"%{k + 1}" for k in range(i + 1))}."/></w:lvl>' for i in range(3))
    numbering.insert(0, parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="77">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    if style_level is not None:
        style = document.styles.add_style("Clause", 1)
        style.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{style_level}"/><w:numId w:val="77"/></w:numPr>'))
    for level, line in body:
        if level is not None and level == style_level:
            document.add_paragraph(line, style="Clause")
            continue
        p = document.add_paragraph(line)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>'))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


AUTO = [
    (0, "Стоимость"),
    (1, "Стоимость услуг составляет {{ total|words }}."),
    (1, "Оплата производится так:"),
    (None, "{%p for p in installments %}"),
    (2, "{{ p.amount|money }}."),
    (None, "{%p endfor %}"),
    (0, "Сроки"),
    (1, "Работы завершаются не позднее {{ contract.completion|date }}."),
    (1, "Стороны обмениваются документами по электронной почте."),
]


@needs_office
def test_word_automatic_numbering_gives_the_clause_numbers(ru_project, tmp_path):
    template = numbered_template(tmp_path / "auto.docx", AUTO, style_level=1)
    from contractkit.render.wordclauses import blocks

    rendered = run("render", ru_project, "--doc", "contract", "--format", "docx", "--template", template)
    assert rendered.exit_code == 0
    numbers = [b.number for b in blocks((ru_project / "out" / "contract-2026-031.docx").read_bytes())]
    assert numbers == [None, "1.1", "1.2", "1.2.1", "1.2.2", None, "2.1", "2.2"]  # «1.» is a heading
    project = with_template(ru_project, template, "2026-12-01")
    ru_change(project)
    result = run("addendum", project, "--format", "docx")
    text, _ = read_docx(project / "out" / "addendum-1-2026-031.docx")
    assert "Пункт 1.1 Договора изложить в следующей редакции: «1.1. Стоимость услуг составляет 258 500" in text
    assert "Подпункт 1.2.2 Договора изложить в следующей редакции: «1.2.2. 129 250,00 ₽»." in text
    assert "Дополнить пункт 1.2 Договора подпунктом 1.2.3 следующего содержания: «1.2.3. 7 500,00 ₽»." in text
    assert "Пункт 2.1 Договора изложить в следующей редакции: «2.1. Работы завершаются не позднее 2 февраля" in text
    assert "Пункт 2.2" not in text and "Пункт 1.2 Договора" not in text
    assert "warning" not in said(result)


@needs_office
def test_a_template_without_numbers_is_amended_in_words_with_a_warning(ru_project, tmp_path):
    template = numbered_template(tmp_path / "plain.docx", [
        (None, "Стоимость услуг составляет {{ total|words }}."),
        (None, "Работы завершаются не позднее {{ contract.completion|date }}."),
        (None, "Стороны обмениваются документами по электронной почте."),
    ])
    project = with_template(ru_project, template, "2026-12-01")
    ru_change(project)
    result = run("addendum", project, "--format", "docx")
    text, _ = read_docx(project / "out" / "addendum-1-2026-031.docx")
    assert ("Положение Договора «Стоимость услуг составляет 243 500 (двести сорок три тысячи пятьсот) "
            "рублей 00 копеек.» изложить в следующей редакции: «Стоимость услуг составляет 258 500 "
            "(двести пятьдесят восемь тысяч пятьсот) рублей 00 копеек.».") in text
    assert "Положение Договора «Работы завершаются не позднее 26 января 2027 г.» изложить" in text
    assert "по электронной почте" not in text  # unchanged: not restated
    assert not re.search(r"Пункт \d", text)  # no number is made up
    assert "Приложение № 1 к Договору (Техническое задание) изложить в редакции Приложения № 1" in text
    warnings = [x for x in said(result).splitlines() if x.startswith("warning:")]
    assert len(warnings) == 2, said(result)
    assert "no clause number for «Стоимость услуг составляет 258 500 (двести пятьдесят восемь" in warnings[0]
    assert "no clause number for «Работы завершаются не позднее" in warnings[1]


@needs_office
def test_redline_between_two_renders_of_the_users_template(ru_project):
    project = with_template(ru_project, RU_TEMPLATE, "2026-12-01")
    ru_change(project)
    paths = run("redline", project, "--doc", "contract").output.split()
    redline = next(p for p in paths if p.endswith(".docx"))
    with zipfile.ZipFile(redline) as z:
        body = z.read("word/document.xml").decode("utf-8")
    inserted = "".join(re.findall(r"<w:ins\b.*?</w:ins>", body, re.S))
    deleted = "".join(re.findall(r"<w:del\b.*?</w:del>", body, re.S))
    assert "пятьдесят восемь" in re.sub(r"<[^>]+>", "", inserted)  # 258 500 in words, inserted
    assert "сорок три" in re.sub(r"<[^>]+>", "", deleted)  # 243 500 in words, deleted
    assert "ДОГОВОР № 2026-031" in body  # the user's document, not contractkit's own contract
    plain = re.sub(r"<[^>]+>", "", body)
    assert "1.2. Этапы, сроки и стоимость услуг указаны в таблице ниже." in plain
    assert "ПРЕДМЕТ ДОГОВОРА" not in plain  # contractkit's own contract's heading
    from pypdf import PdfReader

    pdf = next(p for p in paths if p.endswith(".pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "ДОГОВОР № 2026-031" in text and "Сравнение редакций" in text


@needs_office
def test_pdf_from_a_word_template_is_byte_identical_and_pdfa(ru_project, tmp_path):
    from tests import pdfa

    run("render", ru_project, "--doc", "contract", "--format", "pdf", "--template", RU_TEMPLATE)
    first = (ru_project / "out" / "contract-2026-031.pdf").read_bytes()
    run("render", ru_project, "--doc", "contract", "--format", "pdf", "--template", RU_TEMPLATE)
    assert (ru_project / "out" / "contract-2026-031.pdf").read_bytes() == first
    pdfa.check(ru_project / "out" / "contract-2026-031.pdf", "document-data.json")
    import pikepdf

    from contractkit.render.officefix import srgb_profile

    with pikepdf.open(io.BytesIO(first)) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.DestOutputProfile.read_bytes() == srgb_profile()  # not LibreOffice's, dated


@needs_office
def test_signed_word_template_pdf_renders_again_byte_for_byte(ru_project):
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.store.files import sha256

    project = with_template(ru_project, RU_TEMPLATE, "2026-12-01")
    again = reproduce(project, "contract")  # what verify, guard and doctor do with a signed tag
    signed = project / "out" / "contract-2026-031.pdf"
    assert again["contract-2026-031.pdf"] == signed.read_bytes()
    assert again["contract-2026-031.docx"] == (project / "out" / "contract-2026-031.docx").read_bytes()
    assert sha256(signed.read_bytes()) == sha256(again["contract-2026-031.pdf"])
    out = run("verify", project, signed).output
    assert "matches" in out and "signed as contract on 2026-12-01" in out


def test_clause_numbers_typed_or_counted_by_word_and_what_changed(tmp_path):
    from contractkit.render.wordclauses import amended, blocks

    old = numbered_template(tmp_path / "old.docx", [
        (0, "Предмет"), (1, "Первый пункт."), (1, "Второй пункт."), (2, "Подпункт."), (0, "Цена"),
        (1, "Цена 100."), (None, "3.5. Набранный номер."), (None, "Без номера, было.")], style_level=1)
    new = numbered_template(tmp_path / "new.docx", [
        (0, "Предмет"), (1, "Первый пункт."), (1, "Второй пункт."), (0, "Цена"),
        (1, "Цена 120."), (1, "Новый пункт."), (None, "3.5. Набранный номер, изменён."),
        (None, "Без номера, стало.")])
    found = blocks(old.read_bytes())
    assert [b.number for b in found] == [None, "1.1", "1.2", "1.2.1", None, "2.1", "3.5", None]
    assert found[-1].after == "3.5" and found[1].text == "Первый пункт"
    numbered, unnumbered = amended(old.read_bytes(), new.read_bytes())
    assert [(x["kind"], x["number"], x["text"]) for x in numbered] == [
        ("restate", "2.1", "Цена 120"), ("add", "2.2", "Новый пункт"),
        ("restate", "3.5", "Набранный номер, изменён"), ("delete", "1.2.1", "")]
    assert unnumbered == [{"kind": "restate_text", "after": "3.5", "old": "Без номера, было.",
                           "text": "Без номера, стало.", "rows": None}]
