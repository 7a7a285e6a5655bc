"""The contract, its annexes and the brief, read back from rendered PDF and DOCX (issue 10).

RU-2 (../shared/scenarios/ru-2-self-employed-designer.md) figure by figure, the tax regimes, the
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
from contractkit.errors import ContractkitError
from contractkit.load import load_project, parse_project
from contractkit.render import context as ctx
from contractkit.render.documents import html_for, look_for, running_head
from contractkit.resources import TEMPLATES
from contractkit.words.courts import court_case
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
            "профессиональный доход», именуемая в дальнейшем «Исполнитель»") in text
    assert ("в лице Генерального директора Лебедя Игоря Петровича, действующего на основании "
            "Устава") in text
    assert "140 000 (сто сорок тысяч) рублей 00 копеек" in text
    assert ("НДС не облагается в связи с применением Исполнителем специального налогового режима "
            "«Налог на профессиональный доход»") in text
    assert "56 000 (пятьдесят шесть тысяч) рублей 00 копеек" in text
    assert "84 000 (восемьдесят четыре тысячи) рублей 00 копеек" in text
    # 422-ФЗ ст. 14: a receipt (чек) for every payment
    assert "чек на каждую полученную оплату" in text and "статья 14 Федерального закона" in text
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
        assert "не позднее 4 марта 2027 г." in text
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


# --- tax regimes ------------------------------------------------------------------------------

def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


RU1 = (EXAMPLES / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
USN = "tax:\n  regime: usn"


@pytest.mark.parametrize("tax, vat_line, sentence", [
    ("tax:\n  regime: general\n  vat: 22", "в том числе НДС 22 % — 53 570 (пятьдесят три тысячи "
     "пятьсот семьдесят) рублей 00 копеек", None),
    ("tax:\n  regime: usn\n  vat: 5", "в том числе НДС по ставке 5 % (пункт 8 статьи 164 Налогового "
     "кодекса Российской Федерации) — 12 175", None),
    ("tax:\n  regime: usn", None, "НДС не облагается: Исполнитель, применяющий упрощённую систему "
     "налогообложения, освобождён от исполнения обязанностей налогоплательщика НДС на основании "
     "пункта 1 статьи 145 Налогового кодекса Российской Федерации (доходы за 2026 год не превышают "
     "20 млн рублей)"),
])
@pytest.mark.parametrize("doc", ["contract", "scope", "payments", "support"])
def test_each_regime_has_its_own_wording_in_every_document(tmp_path, tax, vat_line, sentence, doc):
    project = parse_project(_with(RU1, USN, tax))
    context = ctx.build(project)
    html = normal(re.sub(r"<[^>]+>", " ", html_for(f"{doc}.html.j2", context, project,
                                                   look_for(project, tmp_path), "t")))
    html = html.replace("&#34;", '"')
    if doc == "support":  # the fee is monthly: the VAT is named, the sentence keeps its capital
        assert (sentence or "НДС").replace("—", "") in html
        assert "ндс не облагается" not in html and "налогового кодекса российской" not in html
        return
    if vat_line:
        assert vat_line in html and "НДС не облагается" not in html
    else:
        assert sentence in html and "в том числе НДС" not in html


def test_usn_before_2025_cites_346_11():
    old = _with(_with(RU1, "date: 2026-12-01", "date: 2024-06-03"), "start: 2026-12-01", "start: 2024-06-03")
    html = html_for("contract.html.j2", ctx.build(parse_project(old)), parse_project(old),
                    look_for(parse_project(old), RU2.parent), "t")
    assert "пункт 2 статьи 346.11" in html and "статьи 145" not in html


@pytest.mark.parametrize("tax, message", [
    ("tax:\n  exempt: usn", "regime: usn"),                     # old files: say which basis
    ("tax:\n  regime: npd", "npd"),                             # НПД for an ИП here is fine ...
    ("tax:\n  regime: npd\n  vat: 22", "not a VAT payer"),      # ... but never with VAT
    ("tax:\n  vat: 5", "ст. 164 п. 8"),                         # 5 % exists only on УСН
    ("tax:\n  regime: general\n  exempt: other\n  note: x", "not both"),
    ("tax:\n  regime: npd\n  prices_include_vat: true", "needs a VAT rate"),
    ("tax:\n  regime: other", "legal reason"),
])
def test_impossible_tax_combinations_are_refused_with_the_line(tax, message):
    text = _with(RU1, USN, tax)
    if tax == "tax:\n  regime: npd":
        parse_project(text)  # 422-ФЗ ст. 2: a sole proprietor may apply НПД
        return
    with pytest.raises(ContractkitError) as err:
        parse_project(text)
    assert message in str(err.value) and "tax" in str(err.value)
    assert re.search(r"project\.yaml:\d+", str(err.value))


def test_sole_proprietor_on_npd_keeps_ogrnip_and_names_the_regime():
    # 422-ФЗ ст. 2 п. 1: an ИП may apply НПД; the ОГРНИП stays in its place, before the regime
    project = parse_project(_with(RU1, USN, "tax:\n  regime: npd"))
    html = normal(html_for("contract.html.j2", ctx.build(project), project,
                           look_for(project, RU2.parent), "t"))
    assert ("и индивидуальный предприниматель Соколов Андрей Викторович (ОГРНИП 316502900012348), "
            "применяющий специальный налоговый режим «Налог на профессиональный доход», именуемый") in html
    assert "чек на каждую полученную оплату" in html


def test_npd_for_a_company_is_refused_with_the_line():
    en = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
    with pytest.raises(ContractkitError) as err:
        parse_project(en.replace("brief:\n", "tax:\n  regime: npd\n\nbrief:\n", 1))
    assert "tax.regime" in str(err.value) and "person" in str(err.value)


OWNED = [f"{lang}/{doc}.html.j2" for lang in ("ru", "en") for doc in
         ("contract", "scope", "payments", "support", "brief", "brief-blank", f"_{lang}", "_ip", "_exit")
         if (TEMPLATES / lang / f"{doc}.html.j2").exists()]


def test_no_template_recases_a_sentence():
    """The support annex printed «ндс не облагается» through `ru.tax_line(tax)|lower`: the tax
    wording is now built whole in words/tax.py, and no template lowers or capitalises a macro's
    output or a sentence from the context; the contract's own templates recase nothing at all."""
    assert len(OWNED) >= 14
    for path in TEMPLATES.rglob("*.j2"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"(\)|tax\.\w+|sentence)\s*\|\s*(lower|capitalize|title)\b", source), path
        if str(path.relative_to(TEMPLATES)) in OWNED:
            assert not re.search(r"\|\s*(lower|capitalize|title)\b", source), path


# --- clauses ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [0, 1], ids=["pdf", "docx"])
def test_ru_contract_clauses(rendered, fmt):
    text = both(rendered, "romashka-site", "contract")[fmt]
    assert "и индивидуальный предприниматель Соколов Андрей Викторович" in text
    assert "к оказанию дополнительных услуг" in text
    assert "передаются на рассмотрение в Арбитражный суд города Москвы" in text
    assert "Договор регулируется законодательством Российской Федерации" in text
    # silent client: ГК РФ ст. 328, 719 (783 for services)
    assert "в течение 10 рабочих дней после получения уведомления" in text and "328, 719" in text
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
    # ПЭП: ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 п. 2; scans are copies
    assert "простой электронной подписью" in text and "пункт 2 статьи 6" in text
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
    assert "open-source software “Dawn theme”, licensed under the MIT License" in text
    assert "refund any part of the deposit" in text and "access credentials" in text
    assert "after receiving the Contractor’s written notice of the late payment" in text
    assert "signed electronically" in text and "scanned copy" in text
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
        lines = [r for r in rows if any("_____" in c for c in r)]
        assert lines and all(sum("_____" in c for c in r) == 2 for r in lines), lines


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


# --- language ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, accusative, instrumental", [
    ("Арбитражный суд города Москвы", "Арбитражный суд города Москвы", "Арбитражным судом города Москвы"),
    ("Мещанский районный суд г. Москвы", "Мещанский районный суд г. Москвы",
     "Мещанским районным судом г. Москвы"),
    ("Третейская палата при ТПП РФ", "Третейскую палату при ТПП РФ", "Третейской палатой при ТПП РФ"),
    ("Суд по интеллектуальным правам", "Суд по интеллектуальным правам", "Судом по интеллектуальным правам"),
    ("Российский арбитражный центр", "Российский арбитражный центр", "Российским арбитражным центром"),
])
def test_court_names_are_declined(name, accusative, instrumental):
    assert court_case(name, "accs") == accusative
    assert court_case(name, "ablt") == instrumental


def test_venue_override_wins():
    text = _with(RU1, "    venue: Арбитражный суд города Москвы",
                 "    venue: Третейская палата при ТПП РФ\n    venue_accusative: Третейскую палату ТПП")
    assert ctx.build(parse_project(text))["venue"]["accusative"] == "Третейскую палату ТПП"
    text = _with(RU1, "    venue: Арбитражный суд города Москвы", "    venue: Третейская палата при ТПП РФ")
    assert ctx.build(parse_project(text))["venue"]["accusative"] == "Третейскую палату при ТПП РФ"


def test_list_items_ending_with_semicolon_start_lower_case_but_names_keep_capitals():
    from contractkit.words.lists import item

    assert item("Разработка логотипа", "ru") == "разработка логотипа"
    assert item("Интернет-магазин и онлайн-оплата", "ru") == "интернет-магазин и онлайн-оплата"
    for keep in ("WordPress", "ООО «Ромашка»", "Москва и область", "Заказчик письменно утвердил"):
        assert item(keep, "ru") == keep


# --- check warnings ------------------------------------------------------------------------------

def _warnings(text: str, tmp_path: Path) -> str:
    from contractkit.lint import check_project

    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    return "\n".join(str(p) for p in check_project(path))


def test_check_warns_about_contradictions(tmp_path):
    text = _with(RU1, "title: Наполнение контентом, 20 страниц", "title: Наполнение контентом, 30 страниц")
    warnings = _warnings(text, tmp_path)
    assert "brief.materials[0].what" in warnings and "mentions 20 страниц" in warnings
    assert "deliverables[3].acceptance[0]" in warnings
    assert "contract.type" in warnings and "подряд" in warnings  # services with exclusive rights
    assert "mentions" not in _warnings(RU1, tmp_path)


def test_check_warns_about_criteria_pointing_at_missing_brief_items(tmp_path):
    en = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")
    broken = _with(en, "      - Three test orders (pickup, delivery, cancelled order) complete without errors",
                   "      - Passes the test orders listed in the brief")
    assert "refers to 'Passes the test orders'" in _warnings(broken, tmp_path)
    assert "refers to" not in _warnings(en, tmp_path)


def test_check_warns_about_early_start_and_payment_before_work(tmp_path):
    text = _with(RU1, "start: 2026-12-01", "start: 2026-11-20")
    assert "before the contract date" in _warnings(text, tmp_path)
    text = _with(RU1, "    - percent: 50\n      on: completion", "    - percent: 50\n      on: date\n      date: 2026-12-20")
    assert "before the whole work is planned to finish" in _warnings(text, tmp_path)


def test_payment_dated_before_the_work_can_start_is_refused():
    text = _with(RU1, "    - percent: 50\n      on: completion",
                 "    - percent: 50\n      on: date\n      date: 2026-11-15\n      deliverable: design")
    with pytest.raises(ContractkitError, match="before work on 'design' can start"):
        parse_project(text)


def test_check_warns_near_the_npd_limit(tmp_path):
    # 422-ФЗ ст. 4 п. 2 пп. 8: 2.4 mln ₽ a year
    text = RU2.read_text(encoding="utf-8").replace("  regime: npd", "  regime: npd\n  income_this_year: 2300000")
    assert "passes the НПД limit" in _warnings(text, tmp_path)
    assert "НПД limit" not in _warnings(RU2.read_text(encoding="utf-8"), tmp_path)


def test_old_noun_phrase_reporting_is_not_glued_into_the_sentence():
    old = _with(RU1, "    reporting: еженедельно, по пятницам, письменным отчётом по электронной почте",
                "    reporting: Еженедельный отчёт о ходе работ по пятницам")
    project = parse_project(old)
    html = normal(html_for("contract.html.j2", ctx.build(project), project, look_for(project, RU2.parent), "t"))
    assert "о ходе оказания Услуг (еженедельный отчёт о ходе работ по пятницам);" in html


EN1 = (EXAMPLES / "blue-harbor-shop" / "project.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("tax, expected", [
    ("tax:\n  regime: foreign", "No Russian VAT is charged"),
    ("tax:\n  regime: other\n  note: the Contractor is not registered for sales tax",
     "No VAT is charged: the Contractor is not registered for sales tax"),
    ("tax:\n  vat: 20", "including VAT at 20% of $2,033.33"),
])
@pytest.mark.parametrize("doc", ["contract", "scope", "payments"])
def test_english_tax_wording(tmp_path, tax, expected, doc):
    project = parse_project(EN1.replace("brief:\n", tax + "\n  prices_include_vat: true\n\nbrief:\n", 1)
                            if "vat:" in tax else EN1.replace("brief:\n", tax + "\n\nbrief:\n", 1))
    html = normal(re.sub(r"<[^>]+>", " ", html_for(f"{doc}.html.j2", ctx.build(project), project,
                                                   look_for(project, tmp_path), "t")))
    assert expected in html


def test_check_warns_when_a_works_contract_creates_no_result(tmp_path):
    text = RU2.read_text(encoding="utf-8")
    for price in ("    price: 45000", "    price: 60000", "    price: 35000"):
        text = text.replace(price, price + "\n    rights: false")
    assert "no deliverable creates a result" in _warnings(text, tmp_path)
    assert "contract.type" not in _warnings(RU2.read_text(encoding="utf-8"), tmp_path)


def test_personal_data_operator_follows_the_model():
    # 152-ФЗ: the contract names the operator of visitors' data a deliverable collects
    text = _with(RU1, "  personal_data_operator: client", "  personal_data_operator: contractor")
    project = parse_project(text)
    html = normal(html_for("contract.html.j2", ctx.build(project), project, look_for(project, RU2.parent), "t"))
    assert "Результат этапа «Вёрстка и программирование на WordPress» предусматривает" in html
    assert "является Исполнитель" in html and "обрабатывает такие персональные данные" not in html
    none = parse_project(RU1.replace("    personal_data: true", "    personal_data: false"))
    html = html_for("contract.html.j2", ctx.build(none), none, look_for(none, RU2.parent), "t")
    assert "152-ФЗ" not in html


def test_general_regime_defaults_to_the_rate_in_force(tmp_path):
    # НК РФ ст. 164 п. 3: 20% until 2025, 22% from 1 January 2026
    project = parse_project(_with(RU1, USN, "tax:\n  regime: general"))
    assert project.tax.vat == D(22) and compute(project).vat == D("53570.00")
    old = _with(_with(RU1, "date: 2026-12-01", "date: 2025-12-01"), "start: 2026-12-01", "start: 2025-12-01")
    assert parse_project(_with(old, USN, "tax:\n  regime: general")).tax.vat == D(20)
    stale = _with(RU1, USN, "tax:\n  regime: general\n  vat: 20")
    assert "the general rate is 22%" in _warnings(stale, tmp_path)
    assert "general rate" not in _warnings(_with(RU1, USN, "tax:\n  regime: general"), tmp_path)


@pytest.mark.parametrize("year, limit", [(2025, "60"), (2026, "20"), (2027, "15"), (2028, "10"), (2030, "10")])
def test_usn_exemption_names_the_years_limit(year, limit):
    from contractkit.model.tax import Tax
    from contractkit.words.tax import no_vat_sentence

    text = no_vat_sentence(Tax(regime="usn"), year, "ru")
    assert f"доходы за {year} год не превышают {limit}\u00a0млн рублей" in text
    assert text.startswith("НДС не облагается") and "статьи 145" in text


def test_check_warns_when_the_court_cannot_hear_the_parties(tmp_path):
    # АПК РФ ст. 27: arbitrazh courts hear organisations and ИП; a self-employed person does not go there
    ru2 = RU2.read_text(encoding="utf-8")
    wrong = ru2.replace("venue: Мещанский районный суд г. Москвы", "venue: Арбитражный суд города Москвы")
    assert "court of general jurisdiction" in _warnings(wrong, tmp_path)
    assert "venue" not in _warnings(ru2, tmp_path)
    ru1 = _with(RU1, "    venue: Арбитражный суд города Москвы", "    venue: Мещанский районный суд г. Москвы")
    assert "go to an arbitrazh court" in _warnings(ru1, tmp_path)
