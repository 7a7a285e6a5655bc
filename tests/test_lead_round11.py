"""Session 11, the lead's fixes of the fresh reviews (review-ru5, review-en5, red team 13): each reads
what the user or the client reads (`check`, the rendered documents, the records)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from tests.conftest import run
from tests.test_billing import example


def test_a_person_born_before_1990_is_a_party(ws):
    """review-ru5 R6: `birth_date: 1975-05-14` was refused (dates before 1990 were out of range), so
    an older ИП or consumer could not be named as ГПК РФ ст. 131 ч. 2 п. 3 wants (дата рождения
    ответчика-гражданина). A date of birth is only printed: any real one passes, a typo does not."""
    path = example(ws, "romashka-site", "romashka")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    born = text.replace("contractor:\n", "contractor:\n  birth_date: 1947-05-14\n", 1)
    (path / "project.yaml").write_text(born, encoding="utf-8")
    assert run("check", path).exit_code == 0
    (path / "project.yaml").write_text(born.replace("1947-05-14", "1847-05-14"), encoding="utf-8")
    result = run("check", path, ok=False)
    assert result.exit_code != 0 and "birth_date" in result.output and "1900-01-01" in result.output


def test_facturx_places_an_irish_buyer_in_ireland(ws):
    """review-en5 E4: a Florida LLC's reverse-charge invoice to an Irish company coded the buyer
    (BT-55) and the deliver-to address (BT-80) as "US", the contractor's calendar. EN 16931: the
    country codes are ISO 3166-1 of where each party is; a reverse charge (category AE, Directive
    2006/112/EC Art. 196) to a buyer outside the EU contradicts the buyer's own VAT id."""
    from tests.readback import data_project
    from tests.test_en_round16 import facturx

    path = data_project(ws / "ie", "en-17-ie.yaml")
    run("sign", path, "--date", "2027-01-12")
    run("invoice", path, "1", "--date", "2027-01-12", "--format", "pdf")
    xml = facturx(next((path / "out").glob("invoice-*.pdf")))
    buyer = re.search(r"<ram:BuyerTradeParty>.*?<ram:CountryID>(\w+)<", xml, re.S).group(1)
    ship = re.search(r"<ram:ShipToTradeParty>.*?<ram:CountryID>(\w+)<", xml, re.S).group(1)
    seller = re.search(r"<ram:SellerTradeParty>.*?<ram:CountryID>(\w+)<", xml, re.S).group(1)
    assert (buyer, ship, seller) == ("IE", "IE", "US")
    assert "<ram:CategoryCode>AE</ram:CategoryCode>" in xml
    # E12(b): BT-30/BT-32/BT-47 are identifiers, not prose: no "EIN " or "CRO No." label in them
    ids = re.findall(r"<ram:ID(?: schemeID=\"FC\")?>([^<]*)</ram:ID>", xml)
    assert ids and not [x for x in ids if re.search(r"EIN|CRO|No\.", x)], ids


def test_a_design_contract_is_not_headed_web_development(ws):
    """review-en5 E5: a brand-identity and packaging contract was headed "WEB DESIGN AND
    DEVELOPMENT AGREEMENT": the title is where construction of what was contracted for starts
    (Arnold v Britton [2015] UKSC 36). Work on no website, app or software gets a neutral title;
    `contract.title` names it outright; a web project keeps its title."""
    from tests.readback import data_project, edit_committed, once, pdf_pages

    design = data_project(ws / "ie", "en-17-ie.yaml")
    run("render", design, "--doc", "contract", "--format", "pdf")
    first = pdf_pages(next((design / "out").glob("contract-*.pdf")))[0]
    assert "DESIGN AND DEVELOPMENT AGREEMENT" in first and "WEB DESIGN" not in first
    edit_committed(design, "title", once("  type: work\n", "  type: work\n  title: Brand identity design agreement\n"))
    run("render", design, "--doc", "contract", "--format", "pdf")
    assert "BRAND IDENTITY DESIGN AGREEMENT No." in pdf_pages(next((design / "out").glob("contract-*.pdf")))[0]
    web = data_project(ws / "uk", "en-17-uk-ca.yaml")
    run("render", web, "--doc", "contract", "--format", "pdf")
    assert "WEB DESIGN AND DEVELOPMENT AGREEMENT" in pdf_pages(next((web / "out").glob("contract-*.pdf")))[0]


def _final_invoice(ws):
    """project A of review-en5: deposit and interim each paid in two parts, then the final invoice."""
    from tests.readback import data_project

    path = data_project(ws / "kw", "en-17-uk-ca.yaml")
    run("sign", path, "--date", "2026-12-09")
    steps = [("invoice", "1", "--date", "2026-12-09"), ("paid", "1", "--amount", "6000", "--date", "2026-12-22"),
             ("paid", "1", "--date", "2027-01-08"), ("accept", "discovery", "design", "--date", "2027-01-29"),
             ("invoice", "2", "--date", "2027-01-29"), ("paid", "2", "--amount", "8000", "--date", "2027-02-10"),
             ("paid", "2", "--date", "2027-02-20"), ("accept", "platform", "migration", "--date", "2027-03-10"),
             ("invoice", "final", "--date", "2027-03-10", "--format", "pdf")]
    for command, *args in steps:
        run(command, path, *args)
    return path, max((path / "out").glob("invoice-*.pdf"), key=lambda p: p.stat().st_mtime)


def test_the_final_invoice_shows_every_credit_within_the_page(ws, monkeypatch):
    """review-en5 E2 and E12: the final account's "Less received" rows did not wrap, so the credits,
    the total received and the arithmetic ran off the page (the PDF/A is the invoice the client
    files, and the Factur-X XML beside it states BT-113/BT-115: the face must show them too); the
    header's "Date of supply:" touched its date (VAT Regulations 1995 reg. 14(1): the time of
    supply must be shown clearly). Every word is read back with its position, within the page."""
    from pypdf import PdfReader

    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-03-10")
    path, pdf = _final_invoice(ws)
    page = PdfReader(str(pdf)).pages[0]
    width = float(page.mediabox.width)
    runs: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: runs.append((tm[4] * cm[0] + cm[4], text)))
    text = page.extract_text()
    for credit in ("−$11,820.00", "Total received on account", "Amount due"):
        assert credit in text, text
    assert "Date of supply: 10 March 2027" in " ".join(text.split()), text
    assert all(0 <= x < width - 20 for x, t in runs if t.strip()), [(x, t) for x, t in runs if x >= width - 20]


WATCH = """  - id: watch
    title: Приложение для Apple Watch
    description: Компаньон-приложение для часов Apple Watch с учётом тренировок
    acceptance:
      - Приложение для watchOS 10+ синхронизирует тренировки с основным приложением
    revisions: 1
    price: 305000
    rights_price: 100000
    days: 10
    program: Фитнес-дневник для Apple Watch
  - id: release
"""


def test_an_addendum_states_one_vat_figure_for_the_final_payment(ws, monkeypatch):
    """review-ru5 R1: п. 3.2 of the addendum gave the final payment's VAT as 165 991,80 ₽ (its own
    22/122) while the restated 3.3.3 and annex 2 gave 165 991,81 ₽ (the remainder of the total VAT):
    one payment, two VAT sums in one signed document (НК РФ ст. 168 п. 1: the VAT the invoice and the
    счёт-фактура state must be the contract's; ГК РФ ст. 431). Both now state the schedule's."""
    from tests.readback import data_project, edit_committed, once, pdf_pages

    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-06-30")
    path = data_project(ws / "a", "ru-18-app.yaml")
    run("sign", path, "--date", "2026-12-21")
    edit_committed(path, "watch stage", once("  - id: release\n", WATCH))
    run("change", path, "-m", "Приложение для Apple Watch", "--requested-on", "2027-02-22")
    run("addendum", path, "--date", "2027-02-24")
    text = " ".join(" ".join(pdf_pages(next((path / "out").glob("addendum-1-*.pdf")))).split())
    said = re.search(r"Окончательный платёж составляет ([\d ]+) \(.*?НДС 22 % — ([\d ]+) \(.*?\) рубл\w* (\d+) копе", text)
    restated = re.search(r"3\.3\.3\. ([\d ]+) \(.*?НДС 22 % — ([\d ]+) \(.*?\) рубл\w* (\d+) копе", text)
    assert said and restated, text
    assert said.groups() == restated.groups()


TOUR = """  - id: tour
    title: Виртуальный 3D-тур
    description: Интерактивный 3D-тур по квартире по утверждённым визуализациям
    acceptance:
      - 3D-тур открывается в браузере по ссылке и охватывает все 5 помещений
    revisions: 1
    price: 25000
    rights_price: 8000
    days: 4
  - id: docs
"""


def test_an_act_recorded_late_names_the_version_in_force_on_its_date(ws, monkeypatch):
    """review-ru5 R8: an act dated 18 May, recorded after addendum 1 of 20 May was signed, was headed
    «к Договору … (в редакции Дополнительного соглашения № 1 от 20 мая 2027 г.)»: a document citing
    an agreement made after its own date reads as backdated (ГПК РФ ст. 186, АПК РФ ст. 161). An act
    recites the version in force on its date; an act dated after the addendum names it."""
    from tests.readback import data_project, edit_committed, once, pdf_pages

    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-06-30")
    path = data_project(ws / "b", "ru-18-consumer.yaml")
    run("sign", path, "--date", "2027-04-26")
    run("paid", path, "prepayment", "--date", "2027-04-30")
    edit_committed(path, "3d tour", once("  - id: docs\n", TOUR))
    run("change", path, "-m", "Виртуальный 3D-тур", "--requested-on", "2027-05-18")
    run("addendum", path, "--date", "2027-05-20")
    run("sign", path, "--date", "2027-05-20")
    run("accept", path, "plan", "--date", "2027-05-18", "--remark", "Не учтена ниша в коридоре", "--fix-by", "2027-05-21")
    run("accept", path, "plan", "--date", "2027-05-21")
    first, second = (" ".join(" ".join(pdf_pages(p)).split())
                     for p in sorted((path / "out").glob("act-[12]-*.pdf")))
    assert "18 мая 2027 г." in first and "Дополнительного соглашения № 1" not in first.split("Гражданин")[0]
    assert "(в редакции Дополнительного соглашения № 1 от 20 мая 2027 г.)" in second.split("Гражданин")[0]


def test_the_calendar_ends_support_when_the_annex_does(ws):
    """review-ru5 R20: the support annex runs «в течение 12 месяцев, начиная с 1-го числа месяца,
    следующего за месяцем подписания итогового акта», but the client's calendar ended it 12 months
    after the act's day (2028-05-21 for an act of 2027-05-21, not 2028-05-31). A period of months ends
    on the matching day of its last month (ГК РФ ст. 192 п. 3), so the day before the 1st."""
    from icalendar import Calendar

    from contractkit.flows.facts import support_period

    assert support_period("ru", date(2027, 5, 21), 12) == (date(2027, 6, 1), date(2028, 5, 31))
    assert support_period("ru", date(2027, 12, 3), 6) == (date(2028, 1, 1), date(2028, 6, 30))
    assert support_period("en", date(2027, 3, 10), 12) == (date(2027, 3, 11), date(2028, 3, 10))
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("accept", path, "all", "--date", "2027-02-10")
    run("publish", path, "--out", ws / "site")
    cal = Calendar.from_ical((ws / "site" / "calendar.ics").read_bytes())
    ends = [e.decoded("DTSTART") for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Окончание поддержки")]
    months = int(re.search(r"^  months: (\d+)", (path / "project.yaml").read_text(encoding="utf-8"), re.M)[1])
    assert ends == [support_period("ru", date(2027, 2, 10), months)[1]] and ends[0].day != 10


def test_the_update_tells_the_clients_delay_from_the_days_an_addendum_agreed(ws, monkeypatch):
    """review-ru5 R5: the notice of 12 February moved the app stage to 21 April for the client's late
    access (п. 2.3, ст. 406 ГК РФ: the creditor's delay); addendum 1 then agreed 3 more working days,
    to 26 April. The update said all of it moved «по нашему уведомлению … причина: Заказчик …», an
    admission the client disputes and a weak point in a penalty dispute. Each move under its own
    instrument."""
    from tests.readback import data_project, edit_committed, once

    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-03-12")
    path = data_project(ws / "a", "ru-18-app.yaml")
    run("sign", path, "--date", "2026-12-21")
    run("paid", path, "prepayment", "--date", "2027-01-12")
    run("asked", path, "Доступы к API CRM и тестовый стенд", "--stage", "app", "--date", "2027-01-15")
    run("received", path, "R-001", "--date", "2027-02-12")
    run("notice", "delay", path, "app", "--reason", "Заказчик предоставил доступы с опозданием", "--client-caused",
        "--date", "2027-02-12")
    edit_committed(path, "watch", lambda t: once("  - id: release\n", WATCH)(t.replace("    delay: 15\n", "    delay: 18\n")))
    run("change", path, "-m", "Приложение для Apple Watch", "--requested-on", "2027-02-22")
    run("addendum", path, "--date", "2027-02-24")
    run("sign", path, "--date", "2027-02-26")
    run("update", path, "--date", "2027-03-12")
    import email
    from email import policy

    mail = email.message_from_bytes(max((path / "out").glob("letter-*-update.eml")).read_bytes(), policy=policy.default)
    body = " ".join(mail.get_body(("plain",)).get_content().split())
    notice = re.search(r"«Разработка мобильных приложений»: с (\d+ \w+ 2027 г\.) на (\d+ \w+ 2027 г\.) по нашему уведомлению", body)
    agreed = re.search(r"«Разработка мобильных приложений»: с (\d+ \w+ 2027 г\.) на (\d+ \w+ 2027 г\.) по Дополнительному "
                       r"соглашению № 1 от 26 февраля 2027 г\.", body)
    assert notice and agreed, body
    assert notice.group(2) == agreed.group(1) and notice.group(2) != agreed.group(2)
    # R21: the notice moved one later stage with it: «переносится срок этапа», not «сроки этапов»
    from tests.readback import pdf_pages

    delay = " ".join(" ".join(pdf_pages(next((path / "out").glob("letter-*-delay-*.pdf")))).split())
    assert "Вслед за ним переносится срок этапа «" in delay and "сроки этапов" not in delay, delay


def test_the_clients_page_states_the_late_interest_status_states(ws, monkeypatch):
    """review-en5 E11: the deposit paid 16 days late showed "paid" on the client's page and no word of
    the interest `status`, the update and the notice of default claim: the page is the client's
    running statement of account (a debtor relies on "your own statement shows nothing owed"). It
    states what the deal state's `late_interest` holds (Late Payment of Commercial Debts (Interest)
    Act 1998 s.1, or the contract's rate)."""
    import html
    import json

    from tests.readback import data_project

    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-01-20")
    path = data_project(ws / "kw", "en-17-uk-ca.yaml")
    run("sign", path, "--date", "2026-12-09")
    run("paid", path, "1", "--date", "2027-01-08")
    state = json.loads(run("status", path, "--json", "--date", "2027-01-20").output)
    run("publish", path, "--date", "2027-01-20")
    page = html.unescape((path / "out" / "site" / "index.html").read_text(encoding="utf-8")).replace("\xa0", " ")
    shown = re.findall(r'<p class="late">Late-payment interest on payment No. (\d+) \(due [^)]*\): \$([\d,.]+), unpaid', page)
    assert shown and [(str(r["installment"]), f'{Decimal(r["total"]):,.2f}') for r in state["late_interest"]] == shown
