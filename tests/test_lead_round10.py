"""Session 10, the lead's fixes of the fresh reviews (review-en4, review-ru4): each reads what the user
or the client reads (the state's --json, `status`, the rendered documents)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from tests.conftest import run
from tests.readback import data_project, edit_committed, once
from tests.test_billing import example
from tests.test_statutory_interest import _repo


def _json(path, day: str) -> dict:
    return json.loads(run("status", path, "--json", "--date", day).output)


def test_status_json_states_the_late_interest_status_and_the_claim_state(ws):
    """review-en4 E4: `status --json` is the deal state for scripts; with the fee paid it said balance
    0 while late interest was owed. Late Payment of Commercial Debts (Interest) Act 1998 s.4 (interest
    from the day after the due date) and s.5A (a fixed sum per debt): every row `status` prints is in
    the JSON with the same figures, and the sum owed with them."""
    path = _repo(ws)
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "prepayment", "--date", "2026-12-10")
    for stage in ("logo", "guide", "social", "web"):
        run("accept", path, stage, "--date", "2027-01-15")
    day = "2027-03-01"
    data = _json(path, day)
    status = run("status", path, "--date", day).output
    shown = re.findall(r"late interest on installment (\d+): £([\d,.]+)(?: \+ fixed sum £([\d,.]+))?", status)
    assert shown, status  # the final installment, due 14 days after final acceptance, is unpaid
    rows = [(str(r["installment"]), r["interest"], r["fixed_sum"]) for r in data["late_interest"]]
    assert rows == [(n, i.replace(",", ""), (f or "0.00").replace(",", "")) for n, i, f in shown]
    owed = sum((Decimal(r["interest"]) + Decimal(r["fixed_sum"]) for r in data["late_interest"]), Decimal(0))
    assert Decimal(data["late_interest_owed"]) == owed > 0
    for r in data["late_interest"]:  # the periods add up to the interest, as the claim's rows do
        assert sum((Decimal(p["amount"]) for p in r["periods"]), Decimal(0)) == Decimal(r["interest"])


def test_status_json_penalty_rows_are_the_ones_status_lists_in_russian(ws):
    """The same for a Russian project: the penalty on an installment paid late stays owed (ГК РФ
    ст. 330) and `status` lists it; an advance paid late before the work was accepted is not (ГК РФ
    ст. 711), in the JSON as in the text."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-15")  # late: due 8 December
    day = "2026-12-20"
    data = _json(path, day)
    assert "penalty on installment" not in run("status", path, "--date", day).output
    assert data["late_interest"] == [] and data["late_interest_owed"] == "0"


def test_notice_of_default_each_table_totals_its_own_column(ws, monkeypatch):
    """review-en4 E5: the notice of default's table of debts totalled the fixed sums of every debt,
    the ones in the table of payments made late included. Late Payment Act 1998 s.5A: one fixed sum
    per debt; each table totals its own rows, and the demand adds them up, showing its parts."""
    from tests.readback import normal, pdf_pages

    monkeypatch.setenv("CONTRACTKIT_BOE_BASE_RATE", "2026-12-31=3.75")  # interest from 2027: its rate
    path = _repo(ws)
    edit_committed(path, "three installments", once("    - percent: 50\n      on: completion\n",
                                                    "    - percent: 25\n      on: acceptance\n      deliverable: logo\n"
                                                    "    - percent: 25\n      on: completion\n"))
    run("sign", path, "--date", "2026-12-06")
    run("paid", path, "prepayment", "--date", "2026-12-10")
    run("accept", path, "logo", "--date", "2026-12-18")
    run("paid", path, "2", "--date", "2027-01-20")  # due 1 January: paid late, in full
    for stage in ("guide", "social", "web"):
        run("accept", path, stage, "--date", "2027-01-15")
    run("claim", path, "--date", "2027-03-01", "--format", "pdf")
    pdf = next((path / "out").glob("letter-*-claim-*.pdf"))
    lines = [normal(x) for page in pdf_pages(str(pdf)) for x in page.splitlines()]
    totals = [x for x in lines if x.startswith("Total ")]
    assert len(totals) == 2, totals
    debts, late = totals
    assert debts.endswith("£70.00") and late.endswith("£70.00"), totals  # one debt in each table
    body = normal(" ".join(pdf_pages(str(pdf))))
    assert "the fixed sums under section 5A of that Act: £140.00 (£70.00 + £70.00);" in body


# --- review-ru4: a self-employed illustrator for a German publisher, in euros, rights on acceptance ----

def _illustrator(ws) -> Path:
    return data_project(ws / "ill", "ru-16-b.yaml")


def test_npd_receipt_names_a_foreign_client_without_inn_and_converts_the_euros(ws):
    """422-ФЗ ч. 6 ст. 14: the receipt names the buyer's ИНН only when the buyer is a Russian
    organisation or ИП; a foreign organisation is named as such («Мой налог» has no ИНН to take). A
    sum in euros is stated in roubles at the Bank of Russia rate of the day received (review-ru4 R7)."""
    from tests.readback import docx_text, normal

    path = _illustrator(ws)
    run("render", path, "--doc", "contract", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("contract-*.docx"))))
    assert ("чек на каждую полученную оплату с указанием наименования Заказчика как иностранной организации и "
            "передаёт его Заказчику") in text
    assert "с указанием ИНН" not in text
    assert ("сумма, полученная в иностранной валюте, указывается в чеке в рублях по официальному курсу Банка "
            "России на дату её получения") in text


def test_a_stage_act_passing_rights_keeps_third_party_objects_out(ws):
    """`ip_transfer: acceptance`: the stage's act is the instrument by which its exclusive right passes
    (ГК РФ п. 4 ст. 1234); stock images the contractor holds under licence pass to nobody by it, only
    as a sublicence (ГК РФ ст. 1238), and the act says so (review-ru4 R10)."""
    from tests.readback import docx_text, normal

    path = _illustrator(ws)
    run("sign", path, "--date", "2026-12-21")
    run("paid", path, "prepayment", "--date", "2026-12-29")
    run("accept", path, "sketch", "final", "--date", "2027-03-03", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("act-1-*.docx"))))
    assert "к Заказчику переходит исключительное право на результат этапа «Эскизы»" in text
    assert re.search(r"Исключительные права на объекты третьих лиц, входящие в состав результатов \(пункт "
                     r"[\d.]+ Договора\), к Заказчику не переходят: [^.]*Shutterstock[^.]* — Заказчик использует "
                     r"их на условиях сублицензии в пределах лицензии", text), text


APP = "ru-16-a.yaml"


def test_a_program_stage_act_leaves_a_line_for_where_the_source_text_was_handed_over(ws):
    """ГК РФ ст. 1261, 720: the act by which the client receives a program's source text says how it
    was handed over; with no repository and no files recorded it leaves a line to fill in, never a
    bare «передал», and `check` says so beforehand (review-ru4 R5)."""

    from tests.readback import docx_text, normal

    path = data_project(ws / "app", APP)
    out = run("check", path).output
    assert "stage «mvp» delivers the program «Мобильное приложение «ФитТрек»», but terms.source_repository is " \
           "not set" in out, out
    run("sign", path, "--date", "2026-12-07", "--by", "Громов С. Н.", "--by", "Белова И. А.")
    run("paid", path, "prepayment", "--date", "2026-12-14")
    run("accept", path, "proto", "design", "mvp", "--date", "2027-03-12", "--format", "docx")
    text = normal(docx_text(next((path / "out").glob("act-1-*.docx"))))
    assert ("Подрядчик передал Заказчику исходный текст программы для ЭВМ «Мобильное приложение „ФитТрек“», "
            "созданной как результат этапа «Разработка MVP», на электронном носителе или по ссылке: "
            "______________________________ (версия: ____________).") in text, text


def test_the_update_states_the_whole_penalty_status_lists_and_the_part_a_claim_demanded(ws):
    """review-ru4 R15: after a claim and a late payment the Friday update named only the penalty the
    claim had demanded as unpaid, while `status` listed the whole of it (ГК РФ ст. 330: the penalty
    runs through the day of payment). A letter of the creditor's that understates the debt is the
    debtor's best exhibit: the update states what `status` states, and which part was claimed. With
    --since its heading names the period it covers."""
    import email

    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    run("accept", path, "all", "--date", "2027-01-27")
    run("claim", path, "--date", "2027-02-15")
    run("paid", path, "final", "--date", "2027-02-20")
    status = run("status", path, "--date", "2027-03-01").output
    found = re.search(r"penalty on installment 2: ([\d\s]+,\d\d)\s₽", status)
    assert found, status
    owed = " ".join(found.group(1).split())
    claimed = json.loads(run("status", path, "--json", "--date", "2027-03-01").output)
    assert [r["installment"] for r in claimed["late_interest"]] == [2]
    run("update", path, "--date", "2027-03-01", "--since", "2027-02-01")
    eml = sorted((path / "out").glob("letter-*-update.eml"))[-1]
    msg = email.message_from_bytes(eml.read_bytes())
    text = next(p for p in msg.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    text = " ".join(text.split())
    assert "за период с 1 февраля 2027 г. по 1 марта 2027 г." in text
    assert "Не оплачена неустойка по пункту 9.2 Договора:" in text, text
    assert re.search(r"за просрочку платежа № 2 \(срок оплаты — \d+ февраля 2027 г\., оплачен 20 февраля 2027 г\., "
                     r"просрочка \d+ дн\w+\) — " + re.escape(owed.strip()) + " ₽", text), text
    part = re.search(r"Из неё ([\d\s]+,\d\d) ₽ предъявлено в претензии от 15 февраля 2027 г\.", text)
    assert part, text
    assert _rub(part.group(1)) < _rub(owed)


def _rub(text: str) -> Decimal:
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


def test_the_npd_limit_stays_in_roubles_when_the_contract_is_in_euros(ws):
    """422-ФЗ п. 8 ч. 2 ст. 4: the 2.4 mln ₽ limit is in roubles; income in euros counts at the Bank of
    Russia rate of its day. `check` and `status` never add euros to roubles nor print «€ limit»
    (review-ru4 R9)."""
    path = _illustrator(ws)
    edit_committed(path, "income so far", once("income_this_year: 1900000", "income_this_year: 2300000"))
    out = run("check", path).output
    assert "the НПД limit (422-ФЗ ст. 4) is in roubles: this contract's" in out, out
    assert "2 300 000,00 ₽" in out.replace("\u00a0", " ")
    run("sign", path, "--date", "2026-12-21")
    run("paid", path, "prepayment", "--date", "2026-12-29")
    status = " ".join(run("status", path, "--date", "2026-12-30").output.split())
    assert "limit counts it in roubles at the Bank of Russia rate of each day received" in status, status
    assert "2 300 000,00 ₽ received before it (tax.income_this_year) leaves 100 000,00 ₽ of the limit" in status
    assert "€ limit" not in status and "2 400 000,00 €" not in status


def test_a_claim_whose_penalty_cap_is_reached_adds_up_and_demands_no_more(ws):
    """review-ru4 R17, ГК РФ ст. 330, 332: a penalty capped by the contract (5 % of the sum not paid in
    time) accrues nothing past the cap, so the claim demands no penalty «по день фактической оплаты»;
    its calculation shows the sum by the rate, then the cap with its base, and the table has the cap
    row, so each figure is the sum of what stands above it."""

    from tests.readback import normal, pdf_pages

    path = data_project(ws / "app", APP)
    edit_committed(path, "a 5 % cap", once("    per_day: 0.1\n    cap: 10\n", "    per_day: 1\n    cap: 5\n"))
    run("sign", path, "--date", "2026-12-07")
    run("paid", path, "prepayment", "--date", "2026-12-14")
    run("accept", path, "proto", "design", "--date", "2027-01-27")
    run("paid", path, "2", "--amount", "400000", "--date", "2027-02-10")
    run("claim", path, "--date", "2027-03-15", "--format", "pdf")
    body = normal(" ".join(pdf_pages(str(next((path / "out").glob("letter-*-claim-*.pdf"))))))
    assert ("Расчёт: 878 400,00 ₽ × 1 % × 7 = 61 488,00 ₽; 478 400,00 ₽ × 1 % × 33 = 157 872,00 ₽; всего по "
            "расчёту 219 360,00 ₽; неустойка ограничена 5 % суммы, не оплаченной в срок (878 400,00 ₽ × 5 % = "
            "43 920,00 ₽) и составляет 43 920,00 ₽.") in body, body
    assert "Ограничение (пункт 9.2 Договора): 5 % от 878 400,00 ₽ −175 440,00 ₽" in body, body
    assert "по день фактической оплаты задолженности в размере" not in body


def test_a_change_cannot_reprice_or_remove_a_stage_an_act_accepted(ws):
    """review-ru4 R16: an addendum repriced a stage an act had accepted (its VAT invoiced and
    declared), and the final act then quoted the first at the new price. ГК РФ ст. 453 п. 2: an
    amendment acts for the future; accepted work keeps the price its act states. `change` refuses,
    in one line naming the act, and records nothing."""

    path = data_project(ws / "app", APP)
    text = (path / "project.yaml").read_text(encoding="utf-8")
    run("sign", path, "--date", "2026-12-07")
    run("paid", path, "prepayment", "--date", "2026-12-14")
    run("accept", path, "proto", "--date", "2026-12-28")
    assert text.count("    price: 240000\n") == 1
    (path / "project.yaml").write_text(text.replace("    price: 240000\n", "    price: 200000\n"), encoding="utf-8")
    out = run("change", path, "-m", "Скидка на прототип", "--requested-on", "2026-12-28", ok=False).output
    assert "error: stage proto was accepted by act 1 of 2026-12-28 at 240000.00: a change cannot reprice " \
           "accepted work" in out, out
    assert not list(path.glob(".contractkit/changes/CR-*.yaml"))
    assert "price: 200000" in (path / "project.yaml").read_text(encoding="utf-8")  # the user's edit is kept
