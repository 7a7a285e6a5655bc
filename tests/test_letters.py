"""Payment reminders and the pre-trial claim from the RU-1 and EN-1 histories, every figure asserted.

The RU-1 figures are shared/scenarios/ru-2-self-employed-designer.md, «Late final payment»: RU-1
after addendum № 1, final act 2027-02-05, 146 375,00 ₽ due 2027-02-12 (5 working days), a claim
dated 2027-03-15: 31 days × 0,1 % = 4 537,63 ₽, total 150 912,63 ₽, 10 days to pay.
"""

import datetime as dt
import email
import hashlib
from decimal import Decimal
from email import policy

import git
import pytest

from contractkit.flows.letters.clauses import contract_clauses
from contractkit.flows.letters.penalty import penalty
from contractkit.model.payment import Penalty as Terms
from tests.conftest import run
from tests.readback import docx_text, normal, pdf_body, words
from tests.test_billing import book, example, flat
from tests.test_billing_invoices import RU_CONTENT, RU_CONTENT_30_AND_BLOG

RU1_HEAD = "Договор № 2026-031 от 1 декабря 2026 г."
EN1_HEAD = "Agreement No. NW-2026-11 dated November 30, 2026"


def read_eml(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def both(path, stem, head, label):
    """DOCX and PDF text of a letter document: the same words in both."""
    docx = normal(docx_text(path / "out" / f"{stem}.docx")).replace("\u00a0", " ")
    pdf = normal(pdf_body(path / "out" / f"{stem}.pdf", head, label)).replace("\u00a0", " ")
    assert words(docx) == words(pdf)
    return docx


@pytest.fixture(scope="module")
def ru1_unpaid(tmp_path_factory):
    """RU-1 run through addendum № 1 to the final act; the final payment never arrives."""
    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("ru1")
    home = base / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")
    mp.setenv("HOME", str(home))
    mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    mp.setenv("CONTRACTKIT_DEBUG", "1")
    ws = base / "ws"
    ws.mkdir()
    mp.setenv("CONTRACTKIT_HOME", str(ws))
    mp.chdir(ws)
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-03")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    project = path / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30_AND_BLOG),
                       encoding="utf-8")
    run("change", path, "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10")
    run("sign", path, "--date", "2026-12-15")
    run("paid", path, "addendum-1", "--date", "2026-12-18")
    run("accept", path, "design", "--date", "2026-12-21")
    run("accept", path, "development", "--date", "2027-01-20")
    run("accept", path, "content", "--date", "2027-01-28")
    run("accept", path, "blog", "--date", "2027-02-05")
    run("invoice", path, "final", "--date", "2027-02-05")
    yield path
    mp.undo()


@pytest.fixture
def ru1(ru1_unpaid, monkeypatch):
    """The shared RU-1 history, with this test's workspace pointed at it."""
    monkeypatch.setenv("CONTRACTKIT_HOME", str(ru1_unpaid.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(ru1_unpaid.parent.parent / "home" / ".gitconfig"))
    monkeypatch.chdir(ru1_unpaid.parent)
    return ru1_unpaid


def test_penalty_counts_calendar_days_after_due_through_claim_date_and_rounds_once():
    """ГК РФ ст. 191, 330: from the day after the due date through the claim date inclusive."""
    p = penalty(Decimal("146375.00"), dt.date(2027, 2, 12), dt.date(2027, 3, 15),
                Terms(per_day=Decimal("0.1"), cap=Decimal(10)), "RUB")
    assert (p.days, p.amount, p.total, p.cap, p.capped) == (
        31, Decimal("4537.63"), Decimal("150912.63"), Decimal("14637.50"), False)
    # 4 537,625 rounds half up to 4 537,63, not banker's 4 537,62
    late = penalty(Decimal("146375.00"), dt.date(2027, 2, 12), dt.date(2027, 9, 1),
                   Terms(per_day=Decimal("0.1"), cap=Decimal(10)), "RUB")
    assert (late.days, late.amount, late.capped) == (201, Decimal("14637.50"), True)
    assert penalty(Decimal(100), dt.date(2027, 2, 12), dt.date(2027, 2, 12), None, "RUB").days == 0


def test_clause_numbers_come_from_the_rendered_contract(ru1):
    b = book(ru1)
    clauses = contract_clauses(b.versions[0], ru1, b.prepaid_on)
    # as the RU-1 contract renders them: 2.3 the client's delay (extension and suspension, ГК РФ
    # ст. 328, 719), 3.3 the payment split, 9.2 the penalty, 16.2 the claim procedure, 16.3 the court
    assert clauses == {"payment": "3.3", "extension": "2.3", "suspension": "2.3", "penalty": "9.2",
                       "claim": "16.2", "court": "16.3", "third_party": "11.4", "refusal": "17.3",
                       "start": "2.1", "withhold": "6.2", "change_start": "8.3", "ip": "11.1",
                       "ip_moment": "11.2"}  # when the rights pass (ГК РФ ст. 1234 п. 4; review-ru2 R5)
    # a contract without the prepayment clause 2.3 numbers its later clauses differently
    text = (ru1 / "project.yaml").read_text(encoding="utf-8")
    from contractkit.load import parse_project

    head, _, rest = text.partition("\nsupport:\n")
    plain = parse_project(head + "\nterms:\n" + rest.partition("\nterms:\n")[2])
    plain = plain.model_copy(update={"payment": plain.payment.model_copy(update={"late_penalty": None})})
    shifted = contract_clauses(plain, ru1)  # no support section: the disputes section is 15, not 16
    assert shifted["penalty"] == "" and (shifted["claim"], shifted["court"]) == ("15.2", "15.3")


def test_remind_ru1_names_invoice_sum_due_date_and_days_overdue(ru1):
    out = run("remind", ru1, "final", "--date", "2027-02-20").output
    assert "recorded L-001: remind letter of 2027-02-20 to office@romashka.example" in out
    msg = read_eml(ru1 / "out" / "letter-001-remind.eml")
    assert msg["Subject"] == "Напоминание об оплате по Договору № 2026-031 от 1 декабря 2026 г."
    assert msg["To"].addresses[0].addr_spec == "office@romashka.example"
    assert msg["From"].addresses[0].addr_spec == "studio@example.ru"
    assert msg["Date"].datetime.date() == dt.date(2027, 2, 20)
    text = normal(msg.get_body(("plain",)).get_content())
    assert text.startswith("Уважаемая Марина Сергеевна!")
    assert ("Итоговый акт сдачи-приёмки № 5 подписан Сторонами 5 февраля 2027 г. Оплата 146 375,00 ₽ по "
            "счёту № 2026-031/2027-001 от 5 февраля 2027 г. ожидалась не позднее 12 февраля 2027 г.") in text
    assert "оплата не поступила, просрочка составляет 8 календарных дней" in text
    attached = {p.get_filename(): p.get_payload(decode=True) for p in msg.iter_attachments()}
    invoice = (ru1 / "out" / "invoice-2027-001-2026-031.pdf").read_bytes()
    assert attached == {"invoice-2027-001-2026-031.pdf": invoice}
    refused = run("remind", ru1, "1", "--date", "2027-02-20", ok=False)
    assert "installment 1 (121 750,00 ₽) is paid" in flat(refused.output)


def test_claim_ru1_late_final_payment_exact_figures_clauses_court_pdf_and_docx(ru1):
    """Претензия: ГК РФ ст. 309, 310, 330; claim procedure 10 days (terms.disputes.claim_days)."""
    out = run("claim", ru1, "--date", "2027-03-15").output
    assert "debt 146375.00, penalty 4537.63 (31 day(s)), total 150912.63" in out
    stem = "letter-002-claim-2026-031"
    text = both(ru1, stem, RU1_HEAD, "Страница")
    assert ("ПРЕТЕНЗИЯ об оплате задолженности и неустойки по Договору № 2026-031 от 1 декабря 2026 г. "
            "(в редакции Дополнительного соглашения № 1 от 15 декабря 2026 г.)") in text
    assert "г. Москва 15 марта 2027 г." in text
    assert ("Итоговый акт сдачи-приёмки № 5 подписан Сторонами 5 февраля 2027 г. В соответствии с подпунктом "
            "3.3.2 Договора (в редакции Дополнительного соглашения № 1) Заказчик обязан был оплатить 146 375,00 ₽ не позднее 12 февраля 2027 г.; Исполнитель "
            "выставил Заказчику счёт № 2026-031/2027-001 от 5 февраля 2027 г.") in text
    assert "просрочка составляет 31 календарный день" in text
    assert ("Пунктом 9.2 Договора предусмотрена неустойка за просрочку оплаты в размере 0,1 % от неоплаченной "
            "в срок суммы за каждый день просрочки, но не более 10 % от неоплаченной суммы") in text
    assert "146 375,00 ₽ 12.02.2027 с 13.02.2027 по 15.03.2027 31 0,1 % 4 537,63 ₽" in text
    assert ("Расчёт: 146 375,00 ₽ × 0,1 % × 31 = 4 537,63 ₽; предельный размер неустойки (10 % неоплаченной "
            "суммы, 14 637,50 ₽) не превышен.") in text
    assert "и пунктом 16.2 Договора, Исполнитель требует в течение 10 календарных дней" in text
    assert "задолженность — 146 375,00 ₽;" in text
    assert "неустойку по 15 марта 2027 г. включительно — 4 537,63 ₽;" in text
    assert ("всего 150 912 (сто пятьдесят тысяч девятьсот двенадцать) рублей 63 копейки, а также неустойку с 16 "
            "марта 2027 г. по день фактической оплаты задолженности в размере и с ограничением, установленными "
            "пунктом 9.2 Договора "
            "(пункт 65 Постановления Пленума Верховного Суда Российской Федерации от 24.03.2016 № 7).") in text
    assert "обратится в Арбитражный суд города Москвы (пункт 16.3 Договора)" in text
    assert "Исполнитель ИП Соколов Андрей Викторович _________________ / А. В. Соколов /" in text
    assert "Заказчик ООО" not in text  # signed by the contractor alone
    # recorded, in the log, attached to the mail by hash, and the same bytes again
    with git.Repo(ru1) as repo:
        assert repo.head.commit.message.startswith("L-002: claim letter of 2027-03-15")
    log = flat(run("log", ru1).output)
    assert "2027-03-15 L-002 claim debt 146 375,00 ₽ + неустойка 4 537,63 ₽ = 150 912,63 ₽" in log
    msg = read_eml(ru1 / "out" / "letter-002-claim.eml")
    attached = {p.get_filename(): hashlib.sha256(p.get_payload(decode=True)).hexdigest()
                for p in msg.iter_attachments()}
    pdf = (ru1 / "out" / f"{stem}.pdf").read_bytes()
    assert attached[f"{stem}.pdf"] == hashlib.sha256(pdf).hexdigest()
    assert set(attached) == {f"{stem}.pdf"}  # the PDF only: the DOCX stays in out/ (issue 24)
    assert (ru1 / "out" / f"{stem}.docx").is_file()
    from contractkit.flows.billing.documents import render_document
    from contractkit.flows.letters.compose import context_for
    from contractkit.flows.letters.dunning import claim_context

    b = book(ru1)
    again = render_document(ru1, b, "letter-claim.html.j2",
                            context_for(b, claim_context(ru1, b, dt.date(2027, 3, 15))),
                            msg["Subject"], dt.date(2027, 3, 15), "letter-002-claim", ["pdf", "docx"])
    assert again[f"{stem}.pdf"] == pdf
    assert again[f"{stem}.docx"] == (ru1 / "out" / f"{stem}.docx").read_bytes()


def test_nothing_overdue_no_claim(ru1):
    refused = run("claim", ru1, "--date", "2027-02-12", ok=False)
    assert "nothing is overdue on 2027-02-12: there is no debt to claim" in refused.output


def test_en1_reminder_and_notice_of_default(ws):
    """EN-1: net 7 calendar days after the design certificate; 0.05 % a day, capped at 10 %."""
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "design", "--date", "2026-12-16")
    run("invoice", path, "2", "--date", "2026-12-16", "--format", "pdf")
    b = book(path)
    due = b.standing()[1]
    assert (due.due, due.balance) == (dt.date(2026, 12, 23), Decimal("3660.00"))
    run("remind", path, "--date", "2027-01-04")
    msg = read_eml(path / "out" / "letter-001-remind.eml")
    text = normal(msg.get_body(("plain",)).get_content())
    assert text.startswith("Dear Priya Shah,")
    assert ("Acceptance certificate No. 1 was signed on December 16, 2026. Payment of $3,660.00 on invoice "
            "NW-2026-11/2026-001 dated December 16, 2026 was due on December 23, 2026.") in text
    assert "it is 12 days overdue" in text
    assert "ABA routing number 123000848, SWIFT FHBKUS44" in text  # an international payer needs it
    out = run("claim", path, "--date", "2027-01-22", "--format", "pdf,docx").output
    claim_mail = read_eml(path / "out" / "letter-002-claim.eml")
    assert [p.get_filename() for p in claim_mail.iter_attachments()] == ["letter-002-claim-NW-2026-11.pdf"]
    # EN-1 signs simple interest of 1% a month (lawful in WA/OR, ORS 82.010): 3 660.00 × 12% × 30 / 365 = 36.10
    assert "debt 3660.00, penalty 36.10 (30 day(s)), total 3696.10" in out
    text = both(path, "letter-002-claim-NW-2026-11", EN1_HEAD, "Page")
    assert "NOTICE OF DEFAULT AND DEMAND FOR PAYMENT under Agreement No. NW-2026-11 dated November 30, 2026" in text
    assert ("Acceptance certificate No. 1 was signed on December 16, 2026. Under Section 3.3.2 of the Agreement "
            "the Client was to pay $3,660.00 no later than December 23, 2026 (invoice NW-2026-11/2026-001 dated December "
            "16, 2026). As of January 22, 2027 the payment has not been received; it is 30 days overdue.") in text
    assert ("of the Agreement, overdue amounts bear interest at 1% per month (12% per year), simple, counted per "
            "day at 12% ÷ 365 from the day after the due date through the date of this notice") in text
    assert "$3,660.00 12/23/2026 12/24/2026 to 01/22/2027 30 12% $36.10 Total interest $36.10" in text
    assert "Calculation: $3,660.00 × 12% × 30 ÷ 365 = $36.10." in text
    assert "within 30 days after the Client receives this notice (Section" in text  # §16.2: to sue, not to pay
    assert ("a total of $3,696.10 (three thousand six hundred ninety-six US dollars and ten cents)."
            ) in text
    assert "will bring the dispute before the state courts located in King County, Washington" in text
    # issue 24: interest is called interest, the attorneys' fees clause is cited, SWIFT is given
    assert ("claiming the amount overdue, interest through the day of payment, and its reasonable "
            "attorneys’ fees and costs (Section 16.5 of the Agreement).") in text
    assert "late fee" not in text
    assert "ABA routing number 123000848, SWIFT FHBKUS44." in text
    b = book(path)
    clauses = contract_clauses(b.versions[0], path, b.prepaid_on)
    for role in ("penalty", "claim", "court", "fees"):
        assert f"Section {clauses[role]} of the Agreement" in text
    # the installment is cited by its own sub-clause of the payment clause (review-en E12)
    assert f"Section {clauses['payment']}.2 of the Agreement" in text
    assert "Contractor Northwind Web Studio LLC By: _________________ Alex Morgan, Managing Member" in text
