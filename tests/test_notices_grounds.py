"""Letters that claim or concede time and money stand on the deal state (issue 21, issue 24 item 9;
reviews law-en E4, E6 and law-ru R3, R4, R6, R7).

The law in play: ГК РФ ст. 328, 405, 406, 719 (the client's delay and the contractor's right to stop),
ст. 330, 332 (the penalty as signed), ГПК РФ ст. 28, 32 (the court a claim may go to); for English
contracts, the Agreement's own Section 2.3 (deadlines move by the Client's delay; suspension once it
exceeds the stated business days) and the prevention principle.
"""

import json
from datetime import date

from tests.conftest import run
from tests.readback import normal, pdf_body
from tests.test_billing import example

HARBOR = "Agreement No. NW-2026-11 dated November 30, 2026"


def us(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def deadline(path, stage: str, day: str) -> date:
    """The stage's deadline in force, as `status --json` prints the deal state on `day`."""
    state = json.loads(run("status", path, "--date", day, "--json").output)
    return date.fromisoformat(next(s["deadline"] for s in state["stages"] if s["id"] == stage))


def harbor(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "discovery", "--date", "2026-12-03")
    return path


def test_en_delay_notice_never_announces_a_deadline_already_past(ws):
    """E4: materials asked on Dec 10 during "Visual design" (deadline Dec 15) fall due on Dec 17 (5
    business days, §6.2); they arrive Dec 21, 2 business days late. The lateness alone would move
    the deadline to Dec 17, before the notice: refused. Without --days the milestone moves by the
    7 business days it waited (Dec 11 to Dec 21 inclusive), to Dec 24, and status agrees."""
    path = harbor(ws)
    run("asked", path, "Product photos", "--stage", "design", "--date", "2026-12-10")
    run("received", path, "R-001", "--date", "2026-12-21")
    refused = run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--reason",
                  "The product photos arrived on December 21", "--date", "2026-12-21", ok=False).output
    assert "the new deadline 2026-12-17 of design is before this notice's date 2026-12-21" in refused
    assert not list((path / "out").glob("letter-*"))
    run("notice", "delay", path, "design", "--client-caused", "--reason",
        "The product photos arrived on December 21", "--date", "2026-12-21")
    pdf = normal(pdf_body(path / "out" / "letter-001-delay-NW-2026-11.pdf", HARBOR, "Page"))
    assert ("the deadline for “Visual design” moves from December 15, 2026 to December 24, 2026: 7 business days "
            "later") in pdf
    assert ("The Agreement allows 5 business days, that is until December 17, 2026; they arrived on December 21, "
            "2026, 2 business days late.") in pdf
    assert ("Counting only the 2 business days of lateness, the deadline would be December 17, 2026, a date "
            "before this notice. The work on “Visual design” could not go on without the materials from "
            "December 11, 2026 until December 21, 2026, when they arrived: 7 business days.") in pdf
    assert deadline(path, "design", "2026-12-22") == date(2026, 12, 24)


def test_en_suspension_states_the_deadline_in_force_and_extends_from_the_due_date(ws):
    """E6: after a delay notice moved the milestones, a request for the theme build (due Jan 5) is never
    answered. §2.3: suspension once the delay exceeds 10 business days (Jan 21, MLK Day skipped;
    refused on Jan 20), and all deadlines move by the business days from the due date. The letter
    states the theme's deadline in force before this delay (the notice's, not the signed one) and as
    of the notice, both as `status --json` has them; status calls nothing missed."""
    path = harbor(ws)
    run("asked", path, "Product photos", "--stage", "design", "--date", "2026-12-10")
    run("received", path, "R-001", "--date", "2026-12-21")
    run("notice", "delay", path, "design", "--client-caused", "--reason", "The photos came late",
        "--date", "2026-12-21")
    before = deadline(path, "theme", "2027-01-05")
    run("asked", path, "Shop admin access", "--stage", "theme", "--date", "2026-12-28")
    refused = run("notice", "suspend", path, "--date", "2027-01-20", ok=False).output
    assert ("R-002 (asked 2026-12-28, due 2027-01-05) is 10 working day(s) late on 2027-01-20; the contract "
            "allows suspension once the delay is more than 10 working day(s): from 2027-01-21") in refused
    run("notice", "suspend", path, "--date", "2027-01-21")
    now = deadline(path, "theme", "2027-01-21")
    assert before < now
    pdf = normal(pdf_body(path / "out" / "letter-002-suspend-NW-2026-11.pdf", HARBOR, "Page"))
    assert ("Nothing has arrived: as of January 21, 2027 the Client is 11 business days late.") in pdf
    assert "exceeds 10 business days: the delay with request R-002 is 11 business days." in pdf
    assert ("all deadlines move by the number of business days from January 5, 2027 until the materials "
            f"arrive. The deadline for “Shopify theme build”, {us(before)} before this delay, is {us(now)} as "
            "of this notice") in pdf
    status = run("status", path, "--date", "2027-01-21").output
    assert "theme is past its deadline" not in status


def test_ru_lateness_after_the_deadline_moves_nothing(ws):
    """R6: ГК РФ ст. 405 п. 3, 406 п. 1: a client's delay that begins after a stage's deadline had
    passed did not cause the contractor's delay and does not extend that deadline (п. 2.3 moves the
    terms by the client's delay only where it held them back)."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    signed = deadline(path, "design", "2026-12-22")
    run("asked", path, "Тексты для страницы «О компании»", "--stage", "design", "--date", "2026-12-23")
    assert deadline(path, "design", "2027-01-29") == signed  # 3+ weeks late: moves nothing
    status = run("status", path, "--date", "2027-01-29").output
    assert "extended for the client's delay" not in status
    assert f"stage design is past its deadline {signed}" in status


def vector_with_stage_installment(ws):
    """RU-2 with 40 % on signing, 30 % on the logo's acceptance, 30 % on completion (140 000 ₽)."""
    path = example(ws, "vector-brand", "vector")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    old = "    - percent: 60\n      on: completion    # the final acceptance act\n      days: 5\n"
    assert old in text
    text = text.replace(old, "    - percent: 30\n      on: acceptance\n      deliverable: logo\n      days: 5\n"
                             "    - percent: 30\n      on: completion\n      days: 5\n")
    (path / "project.yaml").write_text(text, encoding="utf-8")
    import git

    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("30 % on the logo")
    return path


def test_ru_claim_demands_the_penalty_on_an_installment_paid_late(ws):
    """R7: ГК РФ ст. 330, 332: the penalty of п. 9.2 earned on installment 2 (42 000 ₽ due 15.03, paid
    25.03: 10 days) stays owed after the debt is paid, and a claim that drops it cannot be sued on for
    it (АПК РФ ст. 4 ч. 5). The claim lists it with its period and carries it into the total."""
    path = vector_with_stage_installment(ws)
    long_mail = "accounts.payable@vector-brand-holding.example"
    text = (path / "project.yaml").read_text(encoding="utf-8").replace("office@vector.example", long_mail)
    (path / "project.yaml").write_text(text, encoding="utf-8")
    import git

    with git.Repo(path) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("a long address for notices")
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-01")
    run("accept", path, "logo", "--date", "2027-03-05")
    run("paid", path, "2", "--date", "2027-03-25")
    run("accept", path, "all", "--date", "2027-03-31")
    status = run("status", path, "--date", "2027-04-20").output
    assert ("penalty on installment 2: 420,00 ₽ (due 2027-03-15, paid 2027-03-25, 10 day(s) late); not paid"
            in status.replace("\u00a0", " "))
    out = run("claim", path, "--date", "2027-04-20").output
    assert "debt 42000.00, penalty 546.00" in out and "total 42966.00" in out
    pdf = normal(" ".join(pdf_body(p, "Договор", "Страница") for p in (path / "out").glob("letter-*-claim-*.pdf")))
    assert ("обязан был оплатить 42 000,00 ₽ не позднее 15 марта 2027 г. Оплата поступила полностью 25 марта "
            "2027 г., с просрочкой 10 календарных дней; неустойка за этот период не уплачена.") in pdf
    assert "42 000,00 ₽ 15.03.2027 с 16.03.2027 по 25.03.2027 (оплачено 25.03.2027) 10 0,1 % 420,00 ₽" in pdf
    assert "Итого неустойка 966,00 ₽" in pdf
    assert "неустойку по 20 апреля 2027 г. включительно — 966,00 ₽" in pdf
    assert "Расчёт по сумме, оплаченной 25 марта 2027 г.: 42 000,00 ₽ × 0,1 % × 10 = 420,00 ₽" in pdf
    # one court: п. 14.3 leaves a мировой судья to the ГПК's rules, so the claim names the debtor's
    # place (ГПК РФ ст. 28, 123 ч. 1), never a court the clause does not name (R3)
    assert "по месту нахождения Заказчика (статья 28 Гражданского процессуального кодекса" in pdf
    assert "судебного участка в границах" not in pdf
    # the address for notices is printed whole, never split across lines (review law-en E22)
    from tests.readback import pdf_pages

    raw = "\n".join(pdf_pages(next((path / "out").glob("letter-*-claim-*.pdf"))))
    assert long_mail in raw


def test_reminders_name_the_part_payment_received(ws):
    """R18 / E12: a reminder that states only the balance contradicts the invoice it attaches; it
    says what the invoice was for, what came and when, and what is left."""
    path = vector_with_stage_installment(ws)
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-01")
    run("accept", path, "logo", "--date", "2027-03-05")
    run("paid", path, "2", "--amount", "20000", "--date", "2027-03-10")
    run("remind", path, "--date", "2027-03-20")
    eml = next((path / "out").glob("letter-*-remind.eml"))
    import email
    from email import policy

    text = normal(email.message_from_bytes(eml.read_bytes(), policy=policy.default)
                  .get_body(("plain",)).get_content())
    assert ("Из 42 000,00 ₽ получено 20 000,00 ₽ 10 марта 2027 г.; остаток 22 000,00 ₽ ожидался не позднее "
            "15 марта 2027 г. На 20 марта 2027 г. остаток не поступил, просрочка составляет 5 календарных "
            "дней.") in text



def test_ru_delay_notice_moves_by_the_time_the_stage_waited(ws):
    """E4 in Russian: ГК РФ ст. 406 п. 3 (the debtor is not in delay while the creditor's delay
    prevents performance) and ст. 719 п. 1. Texts asked on 16.12 during «Дизайн-макеты» (deadline
    21.12) fall due on 23.12 and arrive on 25.12, 2 working days late: п. 2.3 alone would give 23.12,
    before the notice. The stage waited 17.12–25.12, 7 working days: it moves to 30.12, as status says."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, "Тексты для 20 страниц", "--stage", "design", "--date", "2026-12-16")
    run("received", path, "R-001", "--date", "2026-12-25")
    refused = run("notice", "delay", path, "design", "--days", "2", "--client-caused", "--reason",
                  "Тексты поступили 25 декабря", "--date", "2026-12-25", ok=False).output
    assert "the new deadline 2026-12-23 of design is before this notice's date 2026-12-25" in refused
    run("notice", "delay", path, "design", "--client-caused", "--reason", "Тексты поступили 25 декабря",
        "--date", "2026-12-25")
    pdf = normal(pdf_body(path / "out" / "letter-001-delay-2026-031.pdf", "Договор № 2026-031 от 1 декабря 2026 г.",
                          "Страница")).replace("\u00a0", " ")
    assert ("переносится с 21 декабря 2026 г. на 30 декабря 2026 г. — на 7 рабочих дней по производственному "
            "календарю.") in pdf
    assert ("С учётом только просрочки Заказчика (2 рабочих дня) срок этапа приходился бы на 23 декабря 2026 г., "
            "то есть на дату до настоящего уведомления.") in pdf
    assert ("не мог выполняться с 17 декабря 2026 г. по 25 декабря 2026 г. — 7 рабочих дней. Исполнитель не "
            "считается просрочившим, пока обязательство не может быть исполнено вследствие просрочки Заказчика "
            "(пункт 3 статьи 406, пункт 1 статьи 719 Гражданского кодекса Российской Федерации)") in pdf
    assert deadline(path, "design", "2026-12-28") == date(2026, 12, 30)
