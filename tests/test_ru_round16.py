"""Leftover minors of the Russian review (issue 24) and the findings of review-ru4 assigned to ru16,
each checked in the rendered PDF (pypdf) or DOCX (python-docx) text or in the CLI's output.

1. A fixed `deadline:` on a day off: the term ends on the next working day (ГК РФ ст. 193), and every
   document counts from that day. The project is the reviewer's own (tests/data/ru-15-dated.yaml:
   самозанятая developer, works, stage 2 `bot` with `deadline: 2027-05-10`, a Monday that is a day off
   in 2027: the 9 May holiday falls on a Sunday and moves to it), with a fixed start (20.04.2027)."""

import json

import pytest

from tests.conftest import reviewer_project, run
from tests.readback import edit_committed, once, out_docx, out_pdf

GK193 = "статья 193 Гражданского кодекса Российской Федерации"


@pytest.fixture(scope="module")
def day_off(tmp_path_factory):
    """The dated stage signed on 12.04.2027, the prepayment on time (16.04), stage 1 accepted on
    26.04 and stage 2 on 11.05 (the day its term ends under ст. 193); then a change delays stage 2
    by one working day and its addendum is drafted."""
    ws = tmp_path_factory.mktemp("dayoff")
    path = reviewer_project(ws, "dev", "ru-15-dated.yaml", "npd", "works",
                            edit=once("start: on_prepayment", "start: 2027-04-20"))
    out = {"check": run("check", path).output}
    run("sign", path, "--date", "2027-04-12")
    run("paid", path, "prepayment", "--date", "2027-04-16")
    out["status"] = json.loads(run("status", path, "--json", "--date", "2027-04-20").output)
    run("render", path, "--doc", "scope", "--format", "pdf,docx")
    out["scope"] = out_pdf(path, "scope-*.pdf"), out_docx(path, "scope-*.docx")
    run("accept", path, "spec", "--date", "2027-04-26")
    run("accept", path, "bot", "--date", "2027-05-11", "--format", "pdf")
    out["act"] = out_pdf(path, "act-2-*.pdf")
    out["accepted"] = json.loads(run("status", path, "--json", "--date", "2027-05-11").output)
    edit_committed(path, "admin later", once("    days: 10\n", "    days: 10\n    delay: 1\n"))
    out["change"] = run("change", path, "-m", "admin later", "--requested-on", "2027-05-12").output
    return out


def test_a_dated_stage_on_a_day_off_ends_on_the_next_working_day_in_the_annex(day_off):
    """ГК РФ ст. 193: the annex states the date as agreed and that the term ends on 11.05, the next
    working day; the contract's general clause says the same of every term."""
    for text in day_off["scope"]:
        assert ("Срок этапа: с 27 апреля 2027 г. по 11 мая 2027 г. (10 мая 2027 г. — нерабочий день, поэтому "
                "срок оканчивается в ближайший следующий за ним рабочий день — 11 мая 2027 г., " + GK193 + ")"
                ) in text
        assert "по 10 мая 2027 г." not in text
    assert "bot: deadline 2027-05-10 falls on a day off: the term ends on the next working day, 2027-05-11 (ГК РФ ст. 193)" \
        in " ".join(day_off["check"].split())


def test_status_acts_and_changes_count_from_the_moved_deadline(day_off):
    """The deadline in force is 11.05 everywhere: `status`, the act (accepted on 11.05 it is on time,
    so the act says «в срок»: lateness, and the client's penalty, run only from 12.05), and the change
    that delays the stage after it counts that stage from 12.05."""
    stages = {s["id"]: s for s in day_off["status"]["stages"]}
    assert stages["bot"]["deadline"] == "2027-05-11"
    assert stages["admin"]["start"] == "2027-05-12"
    accepted = {s["id"]: s for s in day_off["accepted"]["stages"]}["bot"]
    assert (accepted["on_time"], accepted["late_days"]) == (True, 0)
    assert "Работы выполнены в полном объёме, качественно и в срок." in day_off["act"]
    assert "deadline admin: 2027-05-25 -> 2027-05-26" in day_off["change"]


# --- 2. A price cut below what was paid: the restated payment annex states the payments and the refund


@pytest.fixture(scope="module")
def refund(tmp_path_factory):
    """review-ru3 R1's project (p1, «Чайная лавка»): 422 000 ₽ paid in three payments when an addendum
    drops stage 3 and the price falls to 400 000 ₽; the addendum is signed and verified."""
    import re

    ws = tmp_path_factory.mktemp("refund")
    p1 = reviewer_project(ws, "p1", "ru-14-p1.yaml", "company", "works")
    run("sign", p1, "--date", "2026-10-01")
    run("paid", p1, "1", "--date", "2026-10-06")
    run("accept", p1, "design", "--date", "2026-10-23")
    run("paid", p1, "2", "--date", "2026-10-29")
    run("paid", p1, "3", "--amount", "100000", "--date", "2026-11-02")
    edit_committed(p1, "no launch", lambda y: re.sub(r"  - id: launch\n(    .*\n|\n)*?(?=\S)", "", y, count=1))
    run("change", p1, "-m", "Без запуска", "--requested-on", "2026-11-03")
    run("addendum", p1, "--date", "2026-11-05")
    texts = out_pdf(p1, "addendum-1-*.pdf"), out_docx(p1, "addendum-1-*.docx")
    run("sign", p1, "--date", "2026-11-05")
    run("paid", p1, "--refund", "22000", "--date", "2026-11-10")
    return texts, run("verify", p1, p1 / "out" / next((p1 / "out").glob("addendum-1-*.pdf")).name).output


def test_the_restated_payment_annex_states_what_was_paid_and_the_refund(refund):
    """ГК РФ п. 4 ст. 453, ст. 1102; ст. 452 (the annex «в новой редакции» replaces the signed one
    whole): the restated Annex 2 names each payment made before the addendum with its date, their sum,
    and the 22 000 ₽ paid back, in the words of the addendum's own refund clause."""
    texts, _ = refund
    for text in texts:
        annex = text[text.index("Приложение № 2 к Договору в новой редакции"):]
        assert ("До подписания Дополнительного соглашения № 1 от 5 ноября 2026 г. Заказчик уплатил: 184 000,00 ₽ — "
                "6 октября 2026 г.; 138 000,00 ₽ — 29 октября 2026 г.; 100 000,00 ₽ — 2 ноября 2026 г.; всего — "
                "422 000 (четыреста двадцать две тысячи) рублей 00 копеек.") in annex
        assert ("цена Договора, включая окончательный платёж, уплачена Заказчиком полностью. Сумма, уплаченная "
                "сверх цены Договора, — 22 000 (двадцать две тысячи) рублей 00 копеек. Подрядчик возвращает её "
                "Заказчику в течение 10 рабочих дней с даты подписания Дополнительного соглашения № 1") in annex
        # the addendum's own clause says the same sums
        assert "— 422 000 (четыреста двадцать две тысячи) рублей 00 копеек — превышает новую цену Договора на " \
               "22 000 (двадцать две тысячи) рублей 00 копеек" in text


def test_the_signed_addendum_with_the_paid_sums_verifies_after_the_refund(refund):
    """The annex states the payments as of the addendum's date, so the refund recorded after it
    changes nothing in the signed text: `verify` re-renders it byte for byte."""
    _, verified = refund
    assert "genuine" in verified or "matches" in verified, verified


# --- 3. The change request sheet numbers an added stage as the addendum will: the next free number


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """p1 (stages 1-3): CR-001 adds «Ozon» before stage 3, its addendum is signed; CR-002 then adds
    «WB» before stage 3 too and raises Ozon's price. Each change request sheet, PDF and DOCX."""
    from tests.test_ru_round15 import OZON

    ws = tmp_path_factory.mktemp("sheets")
    p1 = reviewer_project(ws, "p1", "ru-14-p1.yaml", "company", "works")
    run("sign", p1, "--date", "2026-10-01")
    run("paid", p1, "1", "--date", "2026-10-06")
    edit_committed(p1, "ozon", once("  - id: launch\n", OZON + "  - id: launch\n"))
    run("change", p1, "-m", "Ozon", "--requested-on", "2026-10-27", "--estimate")
    out = {"cr1": (out_pdf(p1, "cr-001-*.pdf"), out_docx(p1, "cr-001-*.docx"))}
    run("addendum", p1, "--date", "2026-10-30", "--format", "pdf")
    out["addendum"] = out_pdf(p1, "addendum-1-*.pdf")
    run("sign", p1, "--date", "2026-10-30")
    wb = OZON.replace("ozon", "wb").replace("Ozon", "Wildberries")
    edit_committed(p1, "wb", once("  - id: launch\n", wb + "  - id: launch\n"))
    edit_committed(p1, "ozon price", once("    price: 90000\n", "    price: 95000\n"))
    run("change", p1, "-m", "Wildberries", "--requested-on", "2026-11-02", "--estimate")
    out["cr2"] = out_pdf(p1, "cr-002-*.pdf"), out_docx(p1, "cr-002-*.docx")
    return out


def test_the_change_request_sheet_numbers_an_added_stage_as_the_addendum_does(sheets):
    """compute.stage_numbers (ГК РФ ст. 450, 452: no signed number comes to mean another stage): the
    stage CR-001 adds takes number 4 on the sheet the client approves, as in the addendum that
    signs it, though it stands before stage 3; the next one CR-002 adds is 5, and the sheet names the
    signed stage 4 it reprices by that number."""
    for text in sheets["cr1"]:
        assert "Новый этап 4 «Интеграция с маркетплейсом Ozon»." in text
    assert "включить в состав Работ этап 4 «Интеграция с маркетплейсом Ozon»" in sheets["addendum"]
    for text in sheets["cr2"]:
        assert "Новый этап 5 «Интеграция с маркетплейсом Wildberries»." in text
        assert ("Этап 4 «Интеграция с маркетплейсом Ozon». Стоимость — 95 000 (девяносто пять тысяч) рублей "
                "00 копеек вместо 90 000") in text


def test_the_english_change_request_numbers_an_added_milestone_too(ws):
    """The same class in English: the sheet says "New Milestone 5", as the Change Order that adds it
    before Milestone 4 does (an added milestone takes the next free number)."""
    run("new", "harbor", "--lang", "en")
    path = ws / "harbor"
    run("sign", path, "--date", "2026-12-07")
    edit_committed(path, "blog", once("  - id: launch\n", "  - id: blog\n    title: Blog\n    description: A blog\n"
                                      "    acceptance:\n      - Posts can be published\n    price: 2000\n"
                                      "    days: 4\n    after: [theme]\n  - id: launch\n"))
    run("change", path, "-m", "Blog", "--requested-on", "2026-12-14", "--estimate")
    assert "New Milestone 5 “Blog”." in out_pdf(path, "cr-001-*.pdf")
    run("addendum", path, "--date", "2026-12-15", "--format", "pdf")
    assert "add Milestone 5 “Blog”" in out_pdf(path, "addendum-1-*.pdf")


# --- review-ru4 (/work/review-ru4/REPORT.md): the reviewer's project A (tests/data/ru-16-a.yaml: ООО on
# ОСН ↔ ООО, works, a mobile app in 5 stages, fixed start 15.12.2026, signed 07.12.2026)

ADMIN = ("  - id: admin\n    title: Веб-панель администратора\n"
         "    description: Веб-панель для управления расписанием и клиентами\n    acceptance:\n"
         "      - Администратор создаёт и отменяет занятия в расписании\n    revisions: 1\n"
         "    price: 300000\n    rights_price: 50000\n    days: 10\n")


@pytest.fixture(scope="module")
def late_prepayment(tmp_path_factory):
    """R2: project A signed on 07.12.2026, its prepayment received on 16.12, after the start (15.12):
    clause 2.1 moves every date by one working day; addendum 1 (21.01.2027) adds the admin panel."""
    from tests.readback import data_project

    path = data_project(tmp_path_factory.mktemp("a") / "app", "ru-16-a.yaml")
    run("sign", path, "--date", "2026-12-07")
    contract = out_pdf(path, "contract-*.pdf")  # the draft `sign` hashed: what was signed
    run("paid", path, "prepayment", "--date", "2026-12-16")
    edit_committed(path, "admin", once("  - id: release\n", ADMIN + "  - id: release\n"))
    run("change", path, "-m", "Веб-панель администратора", "--requested-on", "2027-01-21")
    run("addendum", path, "--date", "2027-01-21")
    return {"contract": contract,
            "addendum": (out_pdf(path, "addendum-1-*.pdf"), out_docx(path, "addendum-1-*.docx")),
            "status": " ".join(run("status", path, "--date", "2027-01-21").output.split()),
            "log": " ".join(run("log", path).output.split())}


def test_the_ledger_states_the_original_completion_the_contract_states(late_prepayment):
    """R2 (critical). ГК РФ ст. 452, 431: the addendum's ledger row «в первоначальной редакции» must
    be what the signed contract says (2.1: 6 April 2027), and the date the late prepayment gave under
    the contract's own clause (7 April) is a row of its own, named for what it is."""
    assert "Работы завершаются не позднее 6 апреля 2027 г." in late_prepayment["contract"]
    for text in late_prepayment["addendum"]:
        assert "Срок завершения по Договору в первоначальной редакции 6 апреля 2027 г." in text
        assert ("Срок завершения с учётом поступления предоплаты 16 декабря 2026 г. (по условиям Договора о "
                "начале выполнения Работ) 7 апреля 2027 г.") in text
        assert "в первоначальной редакции 7 апреля" not in text


def test_status_and_log_name_the_signed_completion_and_the_moved_one(late_prepayment):
    """R2: `status` and `log` call the signed date signed and the moved one moved."""
    said = "completion 2027-04-06 as signed, 2027-04-07 after the prepayment received on 2026-12-16"
    assert f"last signed: contract on 2026-12-07 (total 2 928 000,00 ₽, {said})" in late_prepayment["status"]
    assert f"contract signed total 2 928 000,00 ₽, {said}" in late_prepayment["log"]


@pytest.fixture(scope="module")
def removed(tmp_path_factory):
    """R3, R13: project A signed on 07.12.2026, the prepayment on time (14.12); addendum 1 (14.12)
    removes stage 4 (the CRM integration, whose result was 11.1.4) and gives the client 3 more working
    days on stage 1 (`delay: 3`, the materials came late); it is signed and the client's page made."""
    import re

    from tests.readback import data_project

    path = data_project(tmp_path_factory.mktemp("a") / "app", "ru-16-a.yaml")
    run("sign", path, "--date", "2026-12-07")
    contract = out_pdf(path, "contract-*.pdf")
    run("paid", path, "prepayment", "--date", "2026-12-14")
    edit_committed(path, "no integr", lambda y: re.sub(
        r"  - id: integr\n(    .*\n)*", "", y.replace("    days: 10\n", "    days: 10\n    delay: 3\n", 1), count=1))
    run("change", path, "-m", "Интеграция силами Заказчика", "--requested-on", "2026-12-14")
    run("addendum", path, "--date", "2026-12-14")
    addendum = out_pdf(path, "addendum-1-*.pdf"), out_docx(path, "addendum-1-*.docx")
    run("sign", path, "--date", "2026-12-14")
    run("render", path, "--doc", "contract", "--format", "pdf")
    run("publish", path, "--date", "2026-12-15")
    import html as markup

    page = " ".join(markup.unescape(re.sub("<[^>]+>", " ", (path / "out" / "site" / "index.html").read_text(
        encoding="utf-8"))).split())
    return {"signed": contract, "addendum": addendum, "consolidated": out_pdf(path, "contract-*.pdf"),
            "page": page, "status": json.loads(run("status", path, "--json", "--date", "2026-12-15").output)}


def test_removing_a_stage_deletes_its_rights_sub_clause_and_renumbers_none(removed):
    """R3. ГК РФ ст. 450, 452: the addendum deletes 11.1.4 (the removed stage's result) and leaves
    11.1.5 as signed; the consolidated contract keeps «11.1.5» for the release stage, a gap after 11.1.3."""
    assert "11.1.4. результат этапа «Интеграция с CRM Заказчика»" in removed["signed"]
    assert "11.1.5. результат этапа «Тестирование и подготовка к публикации»" in removed["signed"]
    for text in removed["addendum"]:
        assert "Подпункт 11.1.4 Договора исключить." in text
        assert "Подпункт 11.1.4 Договора изложить" not in text and "Подпункт 11.1.5" not in text
    consolidated = removed["consolidated"]
    assert "11.1.5. результат этапа «Тестирование и подготовка к публикации»" in consolidated
    assert "11.1.4." not in consolidated


def test_the_clients_page_and_status_give_the_signed_numbers_and_the_stated_start(removed):
    """R13. The page numbers the stages as the signed Annex 1 does (1, 2, 3, 5: stage 4 was removed),
    and a stage the client's delay lengthened starts, on the page and in `status`, on the day the
    restated annex says (15.12.2026, 13 working days to 11.01.2027), not three working days later."""
    for text in removed["addendum"]:
        assert "Срок этапа: с 15 декабря 2026 г. по 11 января 2027 г. (13 рабочих дней)." in text
    assert "5 Тестирование и подготовка к публикации" in removed["page"]
    assert "4 Тестирование" not in removed["page"]
    stage = removed["status"]["stages"][0]
    assert (stage["id"], stage["start"], stage["deadline"]) == ("proto", "2026-12-15", "2027-01-11")
    row = removed["page"].split("Прототип", 1)[1][:400]
    assert "15.12.2026" in row and "18.12.2026" not in row


@pytest.fixture(scope="module")
def lifted(tmp_path_factory):
    """R4: project A, the prepayment late (16.12); addendum 1 (21.01.2027) adds stage 6 (the admin
    panel, after stage 4) with an additional deposit, which arrives on 29.01; addendum 2 (01.02)
    removes stage 4, so stage 6 now starts before the day addendum 1 said it may start."""
    import re

    from tests.readback import data_project

    path = data_project(tmp_path_factory.mktemp("a") / "app", "ru-16-a.yaml")
    run("sign", path, "--date", "2026-12-07")
    run("paid", path, "prepayment", "--date", "2026-12-16")
    edit_committed(path, "admin", once("  - id: release\n", ADMIN + "  - id: release\n"))
    run("change", path, "-m", "Веб-панель администратора", "--requested-on", "2027-01-21")
    run("addendum", path, "--date", "2027-01-21", "--format", "pdf")
    first = out_pdf(path, "addendum-1-*.pdf")
    run("sign", path, "--date", "2027-01-21")
    run("paid", path, "addendum-1", "--date", "2027-01-29")
    edit_committed(path, "no integr", lambda y: re.sub(r"  - id: integr\n(    .*\n)*", "", y, count=1))
    run("change", path, "-m", "Без интеграции", "--requested-on", "2027-02-01")
    run("addendum", path, "--date", "2027-02-01")
    return first, (out_pdf(path, "addendum-2-*.pdf"), out_docx(path, "addendum-2-*.docx"))


def test_a_later_addendum_that_starts_an_added_stage_earlier_lifts_the_earlier_condition(lifted):
    """R4. ГК РФ ст. 452, 431: addendum 1 says stage 6 starts «не ранее 1 апреля 2027 г.»; addendum 2,
    which has it run 16.03–29.03, states the new term in full and that the earlier condition no
    longer applies, so no signed text has the stage start after it must end."""
    first, second = lifted
    assert "Подрядчик приступает к этапу 6 не ранее 1 апреля 2027 г." in first
    for text in second:
        assert ("Стороны договорились, что этап 6 «Веб-панель администратора» выполняется с 16 марта 2027 г. "
                "по 29 марта 2027 г.; условие Дополнительного соглашения № 1 о начале этапа 6 не ранее 1 апреля "
                "2027 г. не применяется (дополнительная предоплата по Дополнительному соглашению № 1 поступила "
                "29 января 2027 г.).") in text
        assert "перенести окончание этапа «Веб-панель администратора»" not in text
        assert "перенести окончание этапа «Тестирование и подготовка к публикации» с 21 апреля 2027 г. на " \
               "5 апреля 2027 г." in text


def test_check_warns_of_an_installment_ahead_of_the_accepted_work(ws):
    """R11 (the check warning): project A's installment 2, 30 % (878 400 ₽) on the acceptance of stage
    2, passes the work accepted by then with VAT (732 000 ₽) less the 30 % of it the prepayment covers
    (512 400 ₽): the excess is an advance no act offsets (НК РФ п. 1 ст. 154, п. 3 ст. 168: a VAT
    payer's advance invoice). romashka's schedule gives none."""
    from tests.readback import data_project

    out = " ".join(run("check", data_project(ws / "a", "ru-16-a.yaml")).output.split())
    assert ("payment.schedule[1]: installment 2, due on the acceptance of «design», brings the installments "
            "due on acceptance by then to 878 400,00 ₽ against 512 400,00 ₽ of accepted work the prepayment "
            "does not cover") in out, out
    run("new", ws / "r", "--from-example", "romashka-site")
    assert "accepted work the prepayment does not cover" not in run("check", ws / "r").output


def test_the_agreed_court_with_a_foreign_client_cites_articles_32_and_404(ws):
    """R12. ГПК РФ ст. 404: with a foreign party the parties' choice of court rests on ст. 404 as well
    as ст. 32 (the claim already cites it). The reviewer's project B: a самозанятый illustrator and a
    Berlin GmbH, Мещанский районный суд г. Москвы."""
    from tests.readback import data_project

    path = data_project(ws / "b", "ru-16-b.yaml")
    run("render", path, "--doc", "contract", "--format", "docx")
    text = out_docx(path, "contract-*.docx")
    assert ("рассматриваются в Мещанском районном суде г. Москвы (статьи 32 и 404 Гражданского процессуального "
            "кодекса Российской Федерации)") in text


def test_the_sublicence_fee_states_its_vat_and_is_its_own_part_of_the_price(ws):
    """R1. НК РФ ст. 168 п. 4 (each sum of a VAT payer states its VAT; a sublicence of a program outside
    the registry is taxed, пп. 26 п. 2 ст. 149 does not exempt it) and ГК РФ ст. 1235 п. 5: 11.4.2
    states the fee net, its VAT and the gross sum, and 3.1 names it apart from the works' remainder,
    so the same money does not have two legal natures."""
    from tests.readback import data_project

    path = data_project(ws / "a", "ru-16-a.yaml")
    run("render", path, "--doc", "contract", "--format", "pdf,docx")
    for text in (out_pdf(path, "contract-*.pdf"), out_docx(path, "contract-*.docx")):
        assert ("вознаграждение за предоставление сублицензии составляет 90 000 (девяносто тысяч) рублей 00 копеек "
                "без учёта НДС; НДС 22 % — 19 800 (девятнадцать тысяч восемьсот) рублей 00 копеек; всего — 109 800 "
                "(сто девять тысяч восемьсот) рублей 00 копеек, и входит в цену этапа «Разработка MVP»") in text
        assert ("вознаграждение за предоставление сублицензии на объекты третьих лиц (раздел 11 Договора) — 109 800 "
                "(сто девять тысяч восемьсот) рублей 00 копеек, в том числе НДС 22 % — 19 800 (девятнадцать тысяч "
                "восемьсот) рублей 00 копеек; остальная часть стоимости — 2 330 200 (два миллиона триста тридцать "
                "тысяч двести) рублей 00 копеек, в том числе НДС 22 % — 420 200 (четыреста двадцать тысяч двести) "
                "рублей 00 копеек — является вознаграждением за выполнение Работ.") in text


def test_the_delay_notice_names_the_signed_completion_and_the_one_the_prepayment_gave(ws):
    """R12 (the root of R2 in the notice): project A's completion is 6 April 2027 as signed and 7 April
    after the prepayment of 16.12; the client-caused delay notice names both, not «ранее — 7 апреля»
    as if the contract said so (ГК РФ ст. 431: the contract's words as written)."""
    from tests.readback import data_project, pdf_pages

    path = data_project(ws / "a", "ru-16-a.yaml")
    run("sign", path, "--date", "2026-12-07")
    run("paid", path, "prepayment", "--date", "2026-12-16")
    run("asked", path, "Доступ к API", "--date", "2026-12-17", "--stage", "proto")
    run("received", path, "R-001", "--date", "2026-12-29")
    run("notice", "delay", path, "proto", "--client-caused", "--reason", "Доступ предоставлен поздно",
        "--date", "2026-12-29", "--format", "pdf")
    text = " ".join(" ".join(pdf_pages(next((path / "out").glob("letter-001-delay*.pdf")))).split())
    assert "(по Договору — 6 апреля 2027 г., с учётом поступления предоплаты 16 декабря 2026 г. — 7 апреля 2027 г.)" \
        in text, text
    assert "ранее — 7 апреля" not in text
