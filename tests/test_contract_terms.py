"""Contract terms as the model and `check` see them (issue 10): tax regimes and their wording,
refusals with a located error, warnings about contradictions, declined court names, list items."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from contractkit.compute import compute
from contractkit.errors import ContractkitError
from contractkit.load import parse_project
from contractkit.render import context as ctx
from contractkit.render.documents import html_for
from contractkit.render.look import look_for
from contractkit.resources import TEMPLATES
from contractkit.words.courts import court_case
from tests.conftest import EXAMPLES
from tests.readback import docx_text, normal, pdf_body

D = Decimal
RU2 = EXAMPLES / "vector-brand" / "project.yaml"


# --- tax regimes ------------------------------------------------------------------------------

def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


RU1 = (EXAMPLES / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
USN = "tax:\n  regime: usn"


def _rendered_text(text: str, doc: str, fmt: str, tmp_path: Path) -> str:
    """One document of a project given as YAML text, rendered to `fmt` and read back."""
    from contractkit.render.documents import render_documents

    project = parse_project(text)
    files = render_documents(project, tmp_path, True, [doc], [fmt], look_for(project, tmp_path))
    (name, data), = files.items()
    path = tmp_path / name
    path.write_bytes(data)
    if fmt == "docx":
        return normal(docx_text(path))
    head = f"Договор № {project.contract.number} от " + fmt_date(project.contract.date)
    return normal(pdf_body(path, head, "Страница"))  # a sentence may run across a page break


def fmt_date(day) -> str:
    from contractkit.words.fmt import long_date

    return long_date(day, "ru")


@pytest.mark.parametrize("tax, vat_line, sentence", [
    ("tax:\n  regime: general\n  vat: 22", "в том числе НДС 22 % — 53 570 (пятьдесят три тысячи "
     "пятьсот семьдесят) рублей 00 копеек", None),
    ("tax:\n  regime: usn\n  vat: 5", "в том числе НДС по ставке 5 % (пункт 8 статьи 164 Налогового "
     "кодекса Российской Федерации) — 12 175", None),
    # НК РФ п. 5 ст. 168 «Без налога (НДС)», п. 1 ст. 145; no year limit that would go stale
    ("tax:\n  regime: usn", None, "Без налога (НДС): Исполнитель применяет упрощённую систему "
     "налогообложения и освобождён от исполнения обязанностей налогоплательщика НДС на основании "
     "пункта 1 статьи 145 Налогового кодекса Российской Федерации."),
])
@pytest.mark.parametrize("doc, fmt", [("contract", "pdf"), ("contract", "docx"), ("scope", "docx"),
                                      ("payments", "docx"), ("support", "pdf"), ("support", "docx")])
def test_each_regime_has_its_own_wording_in_every_document(tmp_path, tax, vat_line, sentence, doc, fmt):
    text = _rendered_text(_with(RU1, USN, tax), doc, fmt, tmp_path)
    if fmt == "pdf":  # undo line-end hyphenation of compound words
        text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    if doc == "support":  # the fee is monthly: the VAT is named, the sentence keeps its capital
        assert (sentence or "НДС") in text
        assert "ндс не облагается" not in text and "налогового кодекса российской" not in text
        return
    if vat_line:
        assert vat_line in text and "Без налога" not in text and "НДС не облагается" not in text
    else:
        assert sentence in text and "в том числе НДС" not in text and "млн рублей" not in text
    # НК РФ ст. 145: a price fixed without VAT must say what happens when the exemption is lost
    loss = ("Если Исполнитель утратит право на освобождение, предусмотренное статьёй 145 Налогового "
            "кодекса Российской Федерации, он уведомляет Заказчика в течение 5 рабочих дней")
    assert (loss in text) == (doc == "contract" and vat_line is None)


def test_usn_before_2025_cites_346_11():
    old = _with(_with(RU1, "date: 2026-12-01", "date: 2024-06-03"), "start: 2026-12-01", "start: 2024-06-03")
    html = html_for("contract.html.j2", ctx.build(parse_project(old)), parse_project(old),
                    look_for(parse_project(old), RU2.parent), "t")
    html = html.replace("\u00a0", " ")
    assert "пункт 2 статьи 346.11" in html and "статьи 145" not in html and "статьёй 145" not in html


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
    line = next(w for w in warnings.splitlines() if "mentions 20 страниц" in w)
    assert re.match(r"project\.yaml:\d+:\d+: brief\.materials\[0\]\.what", line), line
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
    ("tax:\n  vat: 20", "including VAT at 20%, being $2,033.33"),
])
@pytest.mark.parametrize("doc", ["contract", "scope", "payments"])
def test_english_tax_wording(tmp_path, tax, expected, doc):
    text = (EN1.replace("brief:\n", tax + "\n  prices_include_vat: true\n\nbrief:\n", 1)
            if "vat:" in tax else EN1.replace("brief:\n", tax + "\n\nbrief:\n", 1))
    assert expected in _rendered_text(text, doc, "docx", tmp_path)


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


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2030])
def test_usn_exemption_is_worded_without_a_year_that_goes_stale(year):
    # НК РФ п. 5 ст. 168: «Без налога (НДС)»; ст. 145 п. 1: the limit changes every year (20, 15, 10
    # mln ₽), so a running contract must not name one.
    from contractkit.model.tax import Tax
    from contractkit.words.tax import no_vat_sentence

    text = no_vat_sentence(Tax(regime="usn"), year, "ru")
    assert text == ("Без налога (НДС): Исполнитель применяет упрощённую систему налогообложения и "
                    "освобождён от исполнения обязанностей налогоплательщика НДС на основании пункта 1 "
                    "статьи 145 Налогового кодекса Российской Федерации")


def test_check_warns_when_the_court_cannot_hear_the_parties(tmp_path):
    # АПК РФ ст. 27: arbitrazh courts hear organisations and ИП; a self-employed person does not go there
    ru2 = RU2.read_text(encoding="utf-8")
    wrong = ru2.replace("venue: Мещанский районный суд г. Москвы", "venue: Арбитражный суд города Москвы")
    assert "court of general jurisdiction" in _warnings(wrong, tmp_path)
    assert "venue" not in _warnings(ru2, tmp_path)
    ru1 = _with(RU1, "    venue: Арбитражный суд города Москвы", "    venue: Мещанский районный суд г. Москвы")
    assert "go to an arbitrazh court" in _warnings(ru1, tmp_path)


def test_user_duties_read_as_list_items():
    text = _with(RU1, "    materials_days: 5\n",
                 "    materials_days: 5\n    duties:\n      - Назначить ответственного за приёмку\n")
    project = parse_project(text)
    html = html_for("contract.html.j2", ctx.build(project), project, look_for(project, RU2.parent), "t")
    assert "назначить ответственного за приёмку;" in html


def _matrix():
    ru1 = parse_project(RU1)
    ru2 = parse_project(RU2.read_text(encoding="utf-8"))
    contractors = {"sole_proprietor": (ru1.contractor, "usn"), "self_employed": (ru2.contractor, "npd"),
                   "company": (ru2.client, "general")}
    for kind, (contractor, regime) in contractors.items():
        for type_ in ("services", "work"):
            for start in (ru1.contract.date, "on_prepayment"):
                tax = ru1.tax.model_copy(update={"regime": regime, "vat": D(22) if regime == "general" else None})
                yield kind, ru1.model_copy(update={
                    "contractor": contractor, "tax": tax,
                    "contract": ru1.contract.model_copy(update={"type": type_, "start": start})})


@pytest.mark.parametrize("kind, project", list(_matrix()), ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("doc", ["contract", "scope", "payments", "support", "brief"])
def test_every_form_type_and_start_renders_clean_russian(kind, project, doc):
    html = html_for(f"{doc}.html.j2", ctx.build(project), project, look_for(project, RU2.parent), "t")
    text = normal(re.sub(r"<[^>]+>", " ", html))
    assert "None" not in text and " ," not in text and ".." not in text.replace("...", "")
    if doc == "contract":
        assert ("ОГРНИП" in text) == (kind == "sole_proprietor")
        assert ("предприниматель" in text.lower()) == (kind == "sole_proprietor")
        assert ("чек на каждую полученную оплату" in text) == (kind == "self_employed")
        assert ("в том числе НДС 22 %" in text) == (kind == "company")
        assert ("на следующий день после дня поступления предоплаты" in text) == (
            project.contract.start == "on_prepayment")
        assert ("статья 723" in text) == (project.contract.type == "work")


@pytest.mark.parametrize("type_", ["services", "work"])
@pytest.mark.parametrize("start", ["date", "on_prepayment"])
@pytest.mark.parametrize("doc", ["contract", "scope", "payments", "brief"])
def test_english_types_and_starts_render_clean(type_, start, doc):
    en = parse_project(EN1)
    project = en.model_copy(update={"contract": en.contract.model_copy(
        update={"type": type_, "start": en.contract.start if start == "date" else "on_prepayment"})})
    html = html_for(f"{doc}.html.j2", ctx.build(project), project, look_for(project, RU2.parent), "t")
    text = normal(re.sub(r"<[^>]+>", " ", html))
    assert "None" not in text and " ," not in text
    if doc == "contract":
        assert ("the day after the deposit reaches" in text) == (start == "on_prepayment")
        assert "independent contractor" in text  # services agreements too (review-en2 E11)
    if doc == "scope" and start == "on_prepayment":
        assert "Due by business day No." in text and "12/03/2026" not in text


def test_venue_typed_with_its_preposition_is_not_doubled():
    text = _with(RU1, "    venue: Арбитражный суд города Москвы", "    venue: в Арбитражный суд города Москвы")
    assert ctx.build(parse_project(text))["venue"]["accusative"] == "Арбитражный суд города Москвы"
