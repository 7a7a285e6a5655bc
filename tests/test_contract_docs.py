"""The contract, its annexes and the brief, read back from rendered PDF and DOCX (issue 10).

RU-2 (the reference scenario of a self-employed designer) figure by figure, the tax regimes, the
clauses a contract for client work needs, and Russian that reads as a lawyer writes it.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import cli
from contractkit.compute import compute
from contractkit.load import load_project
from contractkit.render import context as ctx
from contractkit.render.documents import html_for, running_head
from contractkit.render.look import look_for
from tests.conftest import EXAMPLES, copy_example
from tests.readback import docx_text, normal, pdf_body

D = Decimal
RU2 = EXAMPLES / "vector-brand" / "project.yaml"


def _render(base: Path, name: str, *extra: str) -> dict[str, Path]:
    project = copy_example(name, base / name)
    result = CliRunner().invoke(cli, ["render", str(project.parent), *extra], catch_exceptions=False,
                                env={"CONTRACTKIT_HOME": str(base)})
    assert result.exit_code == 0, result.output
    return {Path(p).name.split("-")[0] + Path(p).suffix: Path(p) for p in result.output.split()}


def _texts(files: dict[str, Path], doc: str) -> tuple[str, str]:
    """(PDF text without running heads and page numbers, DOCX text), whitespace normalised."""
    pdf = files[f"{doc}.pdf"]
    project = load_project(pdf.parent.parent / "project.yaml")
    label = "Страница" if project.language == "ru" else "Page"
    body = pdf_body(pdf, running_head(project, doc), label)
    return normal(body), normal(docx_text(files[f"{doc}.docx"]))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = tmp_path_factory.mktemp("docs")
    return {name: _render(base, name) for name in ("vector-brand", "romashka-site", "blue-harbor-shop")}


def both(rendered, name, doc):
    pdf, docx = _texts(rendered[name], doc)
    # a PDF line break may split a phrase; compare without hyphenation breaks
    return [re.sub(r"(\w)- (\w)", r"\1-\2", pdf), docx]


# --- RU-2: self-employed designer, works contract, start on prepayment -------------------------

def test_ru2_figures():
    project = load_project(RU2)
    f = compute(project)
    assert f.total == D("140000.00") and f.vat is None
    assert [p.amount for p in f.payments] == [D("56000.00"), D("84000.00")]
    assert f.payments[0].due == date(2027, 3, 4)  # 3 working days after signing on 1 March
    assert f.provisional


def test_ru2_deadlines_once_the_prepayment_is_recorded():
    # ГК РФ ст. 191: the term starts the day after the prepayment arrives; 8 March is a holiday.
    f = compute(load_project(RU2), prepaid_on=date(2027, 3, 3))
    assert not f.provisional and f.start == date(2027, 3, 4)
    assert [x.deadline for x in f.lines] == [date(2027, 3, 11), date(2027, 3, 23), date(2027, 3, 31)]


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_ru2_contract_says_every_phrase_of_the_scenario(rendered, fmt):
    text = both(rendered, "vector-brand", "contract")[fmt]
    assert "ДОГОВОР ПОДРЯДА № Д-2027-014" in text
    assert ("Мороз Алина Игоревна, применяющая специальный налоговый режим «Налог на "
            "профессиональный доход», именуемая в дальнейшем «Подрядчик»") in text
    assert ("в лице Генерального директора Лебедя Игоря Петровича, действующего на основании "
            "Устава") in text
    assert "140 000 (сто сорок тысяч) рублей 00 копеек" in text
    assert ("НДС не облагается в связи с применением Подрядчиком специального налогового режима "
            "«Налог на профессиональный доход»") in text
    assert "56 000 (пятьдесят шесть тысяч) рублей 00 копеек" in text
    assert "84 000 (восемьдесят четыре тысячи) рублей 00 копеек" in text
    # 422-ФЗ ст. 14: a receipt (чек) for every payment
    # 422-ФЗ ч. 6 ст. 14: the receipt names the client's ИНН and name when it is a company or ИП
    assert ("чек на каждую полученную оплату с указанием ИНН и наименования Заказчика" in text
            and "части 3 и 6 статьи 14 Федерального закона" in text)
    # 422-ФЗ п. 8 ч. 2 ст. 6: income from a former employer (two years) is outside НПД
    assert ("не состоит и в течение двух лет до заключения Договора не состояла с Заказчиком в трудовых "
            "отношениях (пункт 8 части 2 статьи 6 Федерального закона № 422-ФЗ)") in text
    assert "о превышении дохода 2,4 млн рублей в календарном году" in text
    # ГК РФ ст. 191: the start is the day after the prepayment arrives, durations in working days
    assert "на следующий день после дня поступления предоплаты" in text
    assert "в течение 19 рабочих дней, считая с этого дня" in text
    # works contract (гл. 37): result, acceptance by act, defects
    for article in ("статья 702", "статья 720", "статья 723", "статья 729"):
        assert article.replace("статья", "") in text


@pytest.mark.parametrize("doc", ["contract", "scope", "payments", "brief"])
def test_ru2_never_calls_the_self_employed_an_entrepreneur(rendered, doc):
    for text in both(rendered, "vector-brand", doc):
        assert "ОГРНИП" not in text and "предприниматель" not in text.lower()


def test_ru2_annexes_give_durations_before_payment(rendered):
    scope_pdf, scope_docx = both(rendered, "vector-brand", "scope")
    for text in (scope_pdf, scope_docx):
        assert "не позднее 5-го" in text and "не позднее 13-го" in text and "не позднее 19-го" in text
        assert "11.03.2027" not in text  # no firm dates before the prepayment is recorded
        assert "140 000,00 ₽" in text
    pay_pdf, pay_docx = both(rendered, "vector-brand", "payments")
    for text in (pay_pdf, pay_docx):
        assert "56 000,00 ₽" in text and "84 000,00 ₽" in text
        # unsigned: the prepayment counts from a signing no one knows the day of yet (issue 21)
        assert "с даты подписания Договора" in text and "4 марта 2027" not in text
        assert "плановая дата события" not in text


def test_ru2_scope_gives_firm_dates_after_payment():
    project = load_project(RU2)
    context = ctx.build(project, compute(project, prepaid_on=date(2027, 3, 3)))
    html = html_for("scope.html.j2", context, project, look_for(project, RU2.parent), "t")
    for day in ("11.03.2027", "23.03.2027", "31.03.2027"):
        assert day in html
    assert "-го" not in html


def test_show_marks_dates_provisional(tmp_path):
    project = copy_example("vector-brand", tmp_path / "p")
    result = CliRunner().invoke(cli, ["show", str(project.parent)], catch_exceptions=False,
                                env={"CONTRACTKIT_HOME": str(tmp_path), "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "provisional" in result.output and "2027-03-04" in result.output


# --- clauses ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_ru_contract_clauses(rendered, fmt):
    text = both(rendered, "romashka-site", "contract")[fmt]
    assert "и индивидуальный предприниматель Соколов Андрей Викторович" in text
    assert "к оказанию дополнительных услуг" in text
    assert "передаются на рассмотрение в Арбитражный суд города Москвы" in text
    assert "Договор регулируется законодательством Российской Федерации" in text
    # silent client: ГК РФ ст. 328, 719 (783 for services): deadlines move by the client's delay
    # against the contract's own terms; suspension after 10 working days of silence after a notice
    assert ("в сроки, установленные разделом «Права и обязанности Сторон» Договора и Приложением № 1, либо "
            "рассматривает промежуточные результаты и акты дольше сроков, установленных Договором, сроки "
            "соответствующего и последующих этапов переносятся на период такой просрочки") in text
    assert "более 10 рабочих дней после получения Заказчиком уведомления" in text and "328, 719" in text
    # the dates hold only if the prepayment arrives by the start date (due by 8 December)
    assert ("2.1. Сроки оказания Услуг исчисляются с 1 декабря 2026 г. при условии поступления предоплаты на "
            "счёт Исполнителя не позднее этой даты; Услуги завершаются не позднее 26 января 2027 г. При более "
            "позднем поступлении предоплаты сроки всех этапов и срок завершения сдвигаются на число рабочих "
            "дней между 1 декабря 2026 г. и днём её поступления.") in text
    # IP: listed from the deliverables, third-party components licensed, both warranties
    assert "результат этапа «Вёрстка и программирование на WordPress»" in text
    assert "«WordPress» — на условиях лицензии GNU GPL версии 2 или более поздней" in text
    assert "шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1" in text
    assert "результат этапа «Наполнение контентом" not in text  # rights: false, nothing created
    assert "привлечёнными им лицами" in text and "Заказчик гарантирует" in text
    assert "акта о передаче исключительных прав" in text and "после полной оплаты" in text
    # exit: non-payment after a notice, prepayment settled, files and accesses handed over
    assert "о просрочке" in text and "неотработанную часть предоплаты" in text
    assert "доступы (логины и пароли)" in text
    # contacts, reply time, messengers
    assert "Петрова Ольга Николаевна" in text and "Telegram @romashka_office" in text
    assert "в течение 24 часов в рабочие дни" in text
    # ПЭП: ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 ч. 2; scans are copies
    assert "простой электронной подписью" in text and "часть 2 статьи 6" in text
    assert "Скан-копия подписанного документа" in text and "является копией" in text
    # 152-ФЗ: the request form collects data
    assert "152-ФЗ" in text and "Оператором этих персональных данных" in text
    # numbered sub-clauses instead of bullets; no raw data dropped after a colon
    assert "6.1.1. оказать Услуги" in text and "1.3.1. разработка логотипа" in text
    assert "предоставить:" not in text and "о ходе оказания Услуг еженедельно, по пятницам" in text


@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_en_contract_clauses(rendered, fmt):
    text = both(rendered, "blue-harbor-shop", "contract")[fmt]
    assert "governed by the laws of the State of Washington" in text
    assert "hereby assigns to the Client, effective upon payment of the fee in full" in text
    assert ("Shopify’s “Dawn” theme, licensed under the Dawn license by Shopify Inc. (an MIT-style license "
            "that permits use only with Shopify software or services)") in text
    assert "refund any part of the deposit" in text and "access credentials" in text
    assert "after receiving the Contractor’s written notice of the late payment" in text
    # ESIGN (15 U.S.C. 7001) and UETA: a PDF or e-signature service signature binds; no "scans are copies"
    assert "ESIGN Act (15 U.S.C. §7001 et seq.)" in text and "scanned copy" not in text
    assert "contact person Priya Shah" in text


def test_en_exhibit_no_longer_points_at_missing_test_orders(rendered):
    for text in both(rendered, "blue-harbor-shop", "scope"):
        assert "listed in the brief" not in text
        assert "Three test orders (pickup, delivery, cancelled order)" in text


def test_signature_lines_share_a_row_in_docx(rendered):
    for name in ("romashka-site", "vector-brand"):
        from docx import Document

        doc = Document(str(rendered[name]["contract.docx"]))
        rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
        lines = [r for r in rows if any("_____ /" in c for c in r)]  # not the requisites' blanks to fill
        assert lines and all(sum("_____ /" in c for c in r) == 2 for r in lines), lines


def test_brief_has_the_clients_approval_line(rendered):
    for text in both(rendered, "romashka-site", "brief"):
        assert "Бриф согласован Заказчиком" in text and "/ М. С. Кузнецова /" in text


def test_blank_questionnaire_has_no_contract_number(tmp_path):
    files = _render(tmp_path, "romashka-site", "--blank")
    pdf, docx = _texts(files, "brief")
    assert "2026-031" not in pdf and "Договор №" not in pdf
    from docx import Document

    headers = " ".join(p.text for s in Document(str(files["brief.docx"])).sections
                       for p in s.header.paragraphs)
    assert "2026-031" not in headers
    assert running_head(load_project(EXAMPLES / "romashka-site" / "project.yaml"), "brief-blank") \
        == "Соколов Андрей Викторович"




def test_ru2_renders_byte_identical_twice(tmp_path):
    first = {p.name: p.read_bytes() for p in _render(tmp_path / "a", "vector-brand").values()}
    second = {p.name: p.read_bytes() for p in _render(tmp_path / "b", "vector-brand").values()}
    assert first.keys() == second.keys() and len(first) == 8
    assert all(first[name] == second[name] for name in first)
