"""review-ru5 findings assigned to ru18: the contract with a consumer (Закон РФ от 07.02.1992
№ 2300-1 «О защите прав потребителей», ЗоЗПП) and the support annex, each read back from the
rendered PDF (pypdf) or DOCX (python-docx).

Project b is the reviewer's own (tests/data/ru-18-b.yaml): an ИП on УСН designs the interior of a
private person's flat (services). Project a (ru-18-a.yaml): an ООО with VAT builds an app for an ООО
with a 12-month support annex. Project eur (ru-18-eur.yaml): project b's contract with a German GmbH.
"""

from pathlib import Path

import pytest

from tests.conftest import reviewer_project, run
from tests.readback import once, out_docx, out_pdf

ZOZPP = "Закона Российской Федерации от 07.02.1992 № 2300-1 «О защите прав потребителей»"
GK = "Гражданского кодекса Российской Федерации"


def _body(folder: Path, pattern: str) -> str:
    """The PDF's text without each page's running head and page number: a clause that a page break
    splits reads as one sentence, wherever the break falls."""
    from tests.readback import normal, pdf_body, pdf_pages

    (found,) = sorted((folder / "out").glob(pattern))
    pages = pdf_pages(found)
    head = pages[1].splitlines()[-2] if len(pages) > 1 else ""  # pypdf reads it out just before the number
    return normal(pdf_body(found, head, "Страница").replace("\n", " "))


@pytest.fixture(scope="module")
def consumer(tmp_path_factory):
    """Project b through its life: the contract, the prepayment invoice, all stages accepted on
    21.06.2027, the final payment unpaid, a claim on 20.07.2027."""
    ws = tmp_path_factory.mktemp("consumer")
    path = reviewer_project(ws, "b", "ru-18-b.yaml", "ip", "services")
    out = {"check": " ".join(run("check", path).output.split())}
    run("render", path, "--doc", "contract", "--format", "pdf,docx")
    out["contract"] = _body(path, "contract-*.pdf"), out_docx(path, "contract-*.docx")
    run("sign", path, "--date", "2027-04-26")
    run("invoice", path, "prepayment", "--date", "2027-04-26")
    out["invoice"] = out_pdf(path, "invoice-*.pdf")
    run("paid", path, "prepayment", "--date", "2027-04-30")
    run("accept", path, "all", "--date", "2027-06-21")
    run("claim", path, "--date", "2027-07-20")
    out["claim"] = out_pdf(path, "letter-*-claim-*.pdf")
    return out


@pytest.fixture(scope="module")
def business(tmp_path_factory):
    """Project a: the contract and its support annex (Приложение № 3)."""
    ws = tmp_path_factory.mktemp("business")
    path = reviewer_project(ws, "a", "ru-18-a.yaml", "company", "works")
    run("render", path, "--doc", "contract", "--format", "pdf")
    run("render", path, "--doc", "support", "--format", "pdf,docx")
    from tests.readback import normal, pdf_body

    # without the running head: a clause the contract gained elsewhere moves the page breaks (ru19)
    contract = normal(pdf_body(next((path / "out").glob("contract-*.pdf")),
                               "Договор № МП-2026-17 от 21 декабря 2026 г.", "Страница"))
    return {"contract": contract,
            "support": (out_pdf(path, "support-*.pdf"), out_docx(path, "support-*.docx"))}


def test_r7_no_acceptance_by_silence_against_a_consumer(consumer, business):
    """R7. ЗоЗПП ст. 16 п. 1, 2, ст. 29 п. 1, 4: a term deeming the services accepted by the consumer's
    silence takes away his right to claim defects and is void; the clause becomes a reminder that
    keeps his rights. A business client's contract keeps the deemed acceptance; `check` no longer
    warns of a term the document does not carry."""
    for text in consumer["contract"]:
        assert "оказанные Услуги считаются принятыми Заказчиком в полном объёме без замечаний" not in text
        assert ("Если Заказчик в указанный срок не подписал акт и не направил мотивированный отказ, "
                "Исполнитель направляет ему повторное напоминание; это не лишает Заказчика прав, "
                "предусмотренных статьёй 29 " + ZOZPP + ".") in text
    assert "результат Работ считается принятым Заказчиком в полном объёме без замечаний" in business["contract"]
    assert "acceptance by silence does not bind" not in consumer["check"]


def test_r11_a_business_answers_to_a_consumer_regardless_of_fault(consumer):
    """R11. ГК РФ ст. 401 п. 3; ЗоЗПП ст. 13 п. 4, ст. 28 п. 5, ст. 29: the ИП pays the delay penalty and
    fixes defects unless she proves force majeure or the consumer's fault; «по вине Исполнителя» is gone."""
    for text in consumer["contract"]:
        assert "по вине Исполнителя Заказчик вправе" not in text
        assert "допущенные по её вине" not in text
        assert ("За нарушение сроков оказания Услуг Исполнитель уплачивает Заказчику неустойку в размере трёх "
                "процентов от стоимости этапа, сроки которого нарушены, за каждый день просрочки, но не более "
                "стоимости этого этапа, если не докажет, что нарушение произошло вследствие непреодолимой силы "
                "или по вине Заказчика (пункт 4 статьи 13, пункт 5 статьи 28 " + ZOZPP + ").") in text
        assert ("если не докажет, что они возникли после принятия результата вследствие нарушения Заказчиком "
                "правил его использования, действий третьих лиц или непреодолимой силы (статья 29 " + ZOZPP
                + ").") in text


def test_r12_an_ip_paid_by_a_consumer_sends_a_cash_receipt(consumer):
    """R12. 54-ФЗ ст. 1.2 п. 1, 2, 5, ст. 4.7: the ИП issues a кассовый чек for every payment of a natural
    person, also by transfer; ЗоЗПП ст. 16.1 п. 1: the consumer may pay in cash or by other means."""
    for text in consumer["contract"]:
        assert ("Исполнитель при получении каждого платежа формирует кассовый чек с применением "
                "контрольно-кассовой техники и направляет его Заказчику на адрес электронной почты, указанный "
                "в Договоре (статьи 1.2 и 4.7 Федерального закона от 22.05.2003 № 54-ФЗ") in text
        assert "либо иным способом, предусмотренным статьёй 16.1 " + ZOZPP in text
    assert "Кассовый чек будет направлен на адрес электронной почты Заказчика после поступления оплаты." \
        in consumer["invoice"]


def test_r13_and_r9_the_claim_to_a_citizen_announces_a_court_order_and_is_addressed_in_the_dative(consumer):
    """R13. ГПК РФ ст. 121, 122 абз. 3, ст. 135 ч. 1 п. 1.1: a debt up to 500 000 ₽ under a written contract
    goes to a мировой судья by судебный приказ (an иск would be returned). R9: «Кому:» takes the dative."""
    text = consumer["claim"]
    assert ("Исполнитель обратится к мировому судье по месту жительства Заказчика с заявлением о вынесении "
            "судебного приказа о взыскании задолженности и неустойки") in text
    assert "(статьи 121, 122 Гражданского процессуального кодекса Российской Федерации), а в случае его отмены — в суд с иском." in text
    assert "в суд по месту жительства Заказчика (статья 28" not in text
    assert "Кому: Кузьмину Алексею Петровичу, 117461" in text
    assert "Кому: Кузьмин Алексей Петрович" not in text
    assert "up to 500 000 ₽ by судебный приказ of the мировой судья (ст. 121, 122)" in consumer["check"]


def test_r18_no_portfolio_use_of_a_consumers_flat_by_silence(consumer):
    """R18. ГК РФ ст. 152.2 п. 1; 152-ФЗ ст. 9 ч. 1; ЗоЗПП ст. 16 п. 1: the results show the client's home:
    the portfolio needs his written consent, not his silence."""
    for text in consumer["contract"]:
        assert "если Заказчик письменно не возразил против этого" not in text
        assert ("Исполнитель вправе размещать Результаты в своём портфолио без указания имени Заказчика и адреса "
                "объекта только с письменного согласия Заказчика.") in text


def test_r22_the_contractor_refuses_a_consumer_only_for_the_unpaid_prepayment(consumer):
    """R22. ГК РФ ст. 310 абз. 2, ст. 328 п. 2; ЗоЗПП ст. 16 п. 2: against a consumer no contractual right
    to walk away for any overdue payment; only the unpaid prepayment the services wait for."""
    for text in consumer["contract"]:
        assert "если Заказчик не оплатил платёж, срок которого наступил" not in text
        assert ("Если Заказчик не внёс предоплату в срок, Исполнитель вправе отказаться от исполнения Договора, "
                "уведомив Заказчика (пункт 2 статьи 328 " + GK + ").") in text


def test_r14_support_lets_the_processor_see_production_data(business):
    """R14. 152-ФЗ ст. 6 ч. 3: the поручение lasts to the end of support (its fixing errors sees real
    data), so the test-data-only sentence is limited to the period of the works."""
    text = business["contract"]
    assert "до окончания оказания услуг по поддержке" in text
    assert ("Подрядчик обрабатывает персональные данные пользователей: при выполнении Работ — только на "
            "тестовых данных в тестовой среде и в объёме, необходимом для передачи Результатов; при оказании "
            "услуг по поддержке — в объёме, необходимом для устранения ошибок, на условиях пункта 12.2 Договора; "
            "запись и хранение персональных данных") in text
    assert "только в тестовой среде на тестовых данных" not in text


def test_r15_r16_the_support_fee_is_owed_to_the_end_and_its_vat_is_stated(business):
    """R15. ГК РФ ст. 429.4 п. 2 (Пленум ВС РФ № 49, п. 33): refusing a subscription the client pays the
    fee up to the day support ends. R16. НК РФ ст. 168 п. 4: the VAT in the rights' price is a sum."""
    for text in business["support"]:
        assert "при условии оплаты Подрядчику фактически понесённых им расходов" not in text
        assert ("при условии внесения абонентской платы за период до дня прекращения оказания услуг поддержки "
                "(пункт 2 статьи 429.4, пункт 1 статьи 782 " + GK + ")") in text
        assert "с учётом НДС" not in text
        assert ("6 000 (шесть тысяч) рублей 00 копеек, в том числе НДС 22 % — 1 081 (одна тысяча восемьдесят "
                "один) рубль 97 копеек") in text


def test_r19_a_foreign_head_in_russian_with_the_original_in_brackets(tmp_path):
    """R19. «в лице» takes the Russian genitive; a GmbH's Geschäftsführer acts on the register entry
    (§ 35 GmbHG), named by its number; `check` asks for the Russian name while it is missing."""
    path = reviewer_project(tmp_path, "eur", "ru-18-eur.yaml", "ip", "services")
    check = " ".join(run("check", path).output.split())
    assert "«Anna Weber» is printed in Latin after «в лице»" in check
    edit = once("    name: Anna Weber\n", "    name: Anna Weber\n    name_genitive: Анны Вебер\n")
    (path / "project.yaml").write_text(edit((path / "project.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    run("render", path, "--doc", "contract", "--format", "pdf")
    text = out_pdf(path, "contract-*.pdf")
    assert "в лице Geschäftsführerin Anna Weber" not in text
    assert ("в лице управляющего директора (Geschäftsführerin) Анны Вебер (Anna Weber), действующей на основании "
            "выписки из торгового реестра (HRB 123456)") in text
