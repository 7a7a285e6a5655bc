"""Issue 24, Russian documents round 10: review-ru6's remaining majors and minors, run through
the CLI (or the renderer) and read back from the rendered documents.

1. A services contract that transfers results is mixed (ГК РФ п. 3 ст. 421) and states the part
   of its price paid for the exclusive right (ст. 1234 п. 3: else the alienation is not concluded).
2. A client abroad: currency, bank charges, no withholding, the chosen law (ГК РФ ст. 1210); the
   invoice gives the SWIFT, no ГОСТ Р 56042-2014 QR code, the client's БИН as a БИН.
3. Rejected variants stay with the author by contract 11.1 (ст. 1234), which the rights act cites;
   the act describes the results and prints the `--licensed` text it records.
4. Acts list every criterion of Annex 1 (152-ФЗ ч. 1 ст. 9 one included), state the overdue debt
   and name the payment's sub-clause.
5. `sign` warns when the start is earlier than the prepayment's due date counted from signing.
"""

import re
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_ru_clauses import RU1, rendered
from tests.test_ru_round5 import repo_of, variant
from tests.test_ru_round9 import FOREIGN

GK = "Гражданского кодекса Российской Федерации"


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _pdf(path: Path) -> str:
    return _flat(normal(" ".join(page.extract_text() for page in PdfReader(str(path)).pages)))


def _docx(path: Path) -> str:
    return _flat(normal(docx_text(str(path))))


def _one(path: Path, pattern: str) -> Path:
    found = sorted((path / "out").glob(pattern))
    assert len(found) == 1, found
    return found[0]


# --- 1. a services contract that alienates the exclusive right is a mixed contract ------------

def test_services_contract_transferring_rights_is_mixed_and_prices_the_right(tmp_path):
    """ГК РФ п. 3 ст. 421: services plus the alienation of the exclusive right (ст. 1234) make a
    mixed contract; п. 3 ст. 1234: its price is stated, so 3.1 says which part of the price is the
    remuneration for the right (and cites the rights clause that repeats it), the rest paying the
    services. A works contract is not called mixed."""
    text = _flat(rendered(RU1, "contract", "pdf", tmp_path))
    assert ("Договор является смешанным (пункт 3 статьи 421 " + GK + ") и содержит элементы договора "
            "возмездного оказания услуг и договора об отчуждении исключительного права (статья 1234 "
            + GK + ")") in text, text[:3000]
    # RU-1 gives no rights_price: the whole price of the three stages whose rights pass is the
    # remuneration (30 000 + 75 000 + 120 000); content (18 500) creates nothing
    assert re.search(r"3\.1\. Стоимость Услуг по Договору составляет 243 500 \(двести сорок три тысячи пятьсот\) "
                     r"рублей 00 копеек\. .*? Указанная стоимость включает вознаграждение за отчуждение "
                     r"исключительного права на Результаты \(пункт 3 статьи 1234 " + GK + r"\) в размере "
                     r"225 000 \(двести двадцать пять тысяч\) рублей 00 копеек \(пункт 11\.2 Договора\); "
                     r"остальная часть стоимости — 18 500 \(восемнадцать тысяч пятьсот\) рублей 00 копеек — "
                     r"является вознаграждением за оказание Услуг\. 3\.2\.", text), text[:4000]
    assert "11.2. Исключительные права переходят" in text and "составляет 225 000 (двести двадцать пять тысяч)" in text
    (tmp_path / "w").mkdir()
    works = _flat(rendered(variant(("  type: services ", "  type: work "), text=RU1), "contract", "docx",
                           tmp_path / "w"))
    assert "смешанным" not in works
    assert "является вознаграждением за выполнение Работ" in works


def test_a_given_rights_price_splits_the_price_exactly(tmp_path):
    """With rights_price on a stage, 3.1 names that figure, not the stage's whole price."""
    text = variant(("    price: 75000\n", "    price: 75000\n    rights_price: 40000\n"),
                   ("    price: 30000\n", "    price: 30000\n    rights_price: 10000\n"),
                   ("    price: 120000\n", "    price: 120000\n    rights_price: 50000\n"), text=RU1)
    said = _flat(rendered(text, "contract", "docx", tmp_path))
    assert ("включает вознаграждение за отчуждение исключительного права на Результаты (пункт 3 статьи 1234 "
            + GK + ") в размере 100 000 (сто тысяч) рублей 00 копеек (пункт 11.2 Договора); остальная часть "
            "стоимости — 143 500 (сто сорок три тысячи пятьсот) рублей 00 копеек — является вознаграждением "
            "за оказание Услуг.") in said


# --- 2. a client abroad -----------------------------------------------------------------------

SWIFT = ("    bik: \"044525225\"\n    correspondent_account: \"30101810400000000225\"\n"
         "    account: \"40802810600001234567\"",
         "    bik: \"044525225\"\n    correspondent_account: \"30101810400000000225\"\n"
         "    account: \"40802810600001234567\"\n    swift: SABRRUMM")
KZ = variant(*FOREIGN, SWIFT, text=RU1)


def test_contract_with_a_client_abroad_settles_currency_charges_tax_and_law(tmp_path):
    """A client in Kazakhstan: payments in roubles, its own and the correspondent banks' charges on
    it, performed on the day the full sum arrives, no withholding (or a grossed-up payment and the
    tax document), and the law chosen by the parties (ГК РФ п. 1 ст. 1210); the client's number is
    a БИН in the requisites. A Russian client's contract has none of it."""
    text = _flat(rendered(KZ, "contract", "pdf", tmp_path))
    assert re.search(r"3\.\d+\. Расчёты по Договору производятся в российских рублях\. Комиссии банка Заказчика и "
                     r"банков-корреспондентов оплачивает Заказчик; обязательство Заказчика по оплате считается "
                     r"исполненным в день зачисления полной суммы платежа на счёт Исполнителя\. Суммы по Договору "
                     r"выплачиваются без удержания налогов; если законодательство страны Заказчика требует "
                     r"удержания налога у источника выплаты, Заказчик увеличивает платёж так, чтобы Исполнитель "
                     r"получил полную сумму, указанную в Договоре, и передаёт Исполнителю документ об уплате "
                     r"налога\. 4\. ПОРЯДОК СДАЧИ", text), text[2000:6000]
    assert ("Стороны выбрали право Российской Федерации в качестве права, подлежащего применению к их правам и "
            "обязанностям по Договору (пункт 1 статьи 1210 " + GK + ")") in text
    assert "БИН 180440012345" in text and "Рег. номер" not in text and "SWIFT SABRRUMM" in text
    (tmp_path / "ru").mkdir()
    domestic = _flat(rendered(RU1, "contract", "docx", tmp_path / "ru"))
    assert "Расчёты по Договору производятся" not in domestic and "1210" not in domestic


def test_invoice_and_page_for_a_client_abroad(ws):
    """The invoice of a Kazakh client names the SWIFT of the contractor's bank, carries no ГОСТ Р
    56042-2014 QR code (a Kazakh banking app does not read it) and gives the client's БИН as a БИН;
    the client's page shows «БИН: …», never «ИНН: БИН …». A Russian client's invoice keeps its QR."""
    path = repo_of(ws, KZ, "kz")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01")
    for text in (_pdf(_one(path, "invoice-2026-001-*.pdf")), _docx(_one(path, "invoice-2026-001-*.docx"))):
        assert "SWIFT (BIC) банка получателя SABRRUMM" in text, text[:1500]
        assert "QR-код" not in text and "56042" not in text
        assert "Заказчик: ООО «Ромашка», БИН 180440012345, 050000, Республика Казахстан" in text, text[:1500]
        assert "ИНН БИН" not in text
    run("publish", path, "--date", "2026-12-02")
    page = _flat(re.sub(r"<[^>]+>", " ", (path / "out" / "site" / "index.html").read_text(encoding="utf-8")))
    assert "БИН: 180440012345" in page and "ИНН: БИН" not in page
    # the ИП contractor on the page: «ИП …» with its ОГРНИП
    assert "ИП Соколов Андрей Викторович" in page and "ОГРНИП: 316502900012348" in page, page[:3000]

    home = repo_of(ws, RU1, "ru")
    run("sign", home, "--date", "2026-12-01")
    run("invoice", home, "prepayment", "--date", "2026-12-01")
    text = _pdf(_one(home, "invoice-2026-001-*.pdf"))
    assert "QR-код для оплаты в банковском приложении (ГОСТ Р 56042-2014)" in text and "SWIFT" not in text


def test_check_warns_when_a_client_abroad_would_get_no_swift(ws):
    """`check` warns that a client abroad pays by SWIFT when contractor.bank has no swift."""
    path = repo_of(ws, variant(*FOREIGN, text=RU1), "noswift")
    said = _flat(run("check", path).output)
    assert "warning: contractor.bank: the client is abroad and pays by a SWIFT transfer, but contractor.bank " \
           "has no swift" in said, said
    fine = repo_of(ws, KZ, "swift")
    assert "SWIFT transfer" not in run("check", fine).output


# --- 3 and 4. acts --------------------------------------------------------------------------

STAGED = variant(("    - percent: 50\n      on: signing       # prepayment\n    - percent: 50\n"
                  "      on: completion    # signing of the final acceptance act\n",
                  "    - percent: 30\n      on: signing\n    - percent: 40\n      on: acceptance\n"
                  "      deliverable: design\n    - percent: 30\n      on: completion\n"), text=RU1)


def test_acts_list_every_criterion_state_the_overdue_debt_and_cite_the_payment(ws):
    """An act demanding a payment names its sub-clause of 3.3 («(платёж по подпункту 3.3.2
    Договора)»); the final act states the client's overdue debt on its date, by sub-clause, sum
    and the day it became overdue (ГК РФ ст. 191: the day after the due date), and lists every
    criterion Annex 1 gives the stage, the personal-data consent of 152-ФЗ ч. 1 ст. 9 included."""
    path = repo_of(ws, STAGED, "staged")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "design", "--date", "2026-12-22")
    first = _pdf(_one(path, "act-1-*.pdf"))
    assert re.search(r"Заказчик перечисляет Исполнителю 97 400 \(девяносто семь тысяч четыреста\) рублей 00 копеек "
                     r"в течение 5 рабочих дней с даты подписания Акта, то есть не позднее 29 декабря 2026 г\. "
                     r"\(платёж по подпункту 3\.3\.2 Договора\)\.", first), first[-2500:]
    run("accept", path, "all", "--date", "2027-01-26")
    for final in (_pdf(_one(path, "act-2-*.pdf")), _docx(_one(path, "act-2-*.docx"))):
        assert ("Оплачено 73 050,00 ₽. Задолженность Заказчика по подпункту 3.3.2 Договора — 97 400,00 ₽, "
                "просрочена с 30.12.2026.") in final, final[-3000:]
        assert "(платёж по подпункту 3.3.3 Договора)." in final
        # development has two criteria in the project and the personal-data one in Annex 1
        assert "Сайт работает на хостинге Заказчика" in final
        assert "Страницы открываются без ошибок" in final
        assert ("Согласие пользователя на обработку персональных данных в формах сбора данных оформлено "
                "отдельно от иной информации") in final
    (ws / "scope").mkdir()
    scope = _flat(rendered(STAGED, "scope", "pdf", ws / "scope"))
    assert "согласие пользователя на обработку персональных данных в формах сбора данных оформлено" in scope


def test_contract_reserves_rejected_variants_and_the_rights_act_cites_it(ws):
    """ГК РФ ст. 1234: only the results the contract names pass; 11.1 says the variants (concepts)
    the client did not accept are not results and stay with the contractor, and the rights act's
    reservation cites 11.1. The act describes each result by what Annex 1 says it is (its description;
    its acceptance criteria are a test of it, review-ru4 R6), and prints the `--licensed` text it records when it says
    more than the name the contract's list already gives."""
    contract = _flat(rendered(RU1, "contract", "docx", ws))
    assert ("11.1. Исполнитель отчуждает Заказчику в полном объёме исключительные права на следующие результаты "
            "интеллектуальной деятельности, созданные по Договору и принятые Заказчиком (далее — «Результаты»)") in contract
    assert ("(статьи 1234, 1285 " + GK + "); варианты (концепции), представленные Исполнителем, но не принятые "
            "Заказчиком, к Результатам не относятся и остаются у Исполнителя вместе с исключительными правами на "
            "них: 11.1.1.") in contract
    path = repo_of(ws, RU1, "rights")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "all", "--date", "2027-01-27")
    run("paid", path, "final", "--date", "2027-01-29")
    note = "шрифт Montserrat — на условиях лицензии SIL Open Font License 1.1, текст лицензии передан с файлами"
    run("accept", path, "--rights", "--date", "2027-02-01", "--licensed", note)
    for act in (_pdf(_one(path, "act-2-*.pdf")), _docx(_one(path, "act-2-*.docx"))):
        assert ("Иные варианты (концепции) результатов, представленные Исполнителем, но не выбранные и не принятые "
                "Заказчиком, Заказчику не передаются: исключительные права на них сохраняются за Исполнителем "
                "(пункт 11.1 Договора).") in act, act
        assert "Состав результата" in act
        # the object alienated is identified by what Annex 1 says it is (ГК РФ ст. 1234, 1285); its
        # acceptance criteria are a test of it and belong to the act of acceptance (review-ru4 R6)
        assert "Макеты в Figma для компьютера и смартфона по утверждённым прототипам" in act
        assert "Макеты соответствуют утверждённым прототипам и фирменному стилю" not in act
        # in the object's item of the operative list, a term of both (review-ru R11, session 7)
        assert ("шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1; при передаче прав Стороны "
                f"указали: «{note}»") in act, act
        assert "Исполнитель указал" not in act
        assert act.count("шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1") == 1


# --- 5. a start before the prepayment is due --------------------------------------------------

def test_sign_warns_when_work_starts_before_the_prepayment_is_due(ws):
    """The contract starts work on 15.12 but its prepayment is due 5 working days after signing:
    signed on 09.12, it is due on 16.12, so a prepayment paid on time still moves every date
    (the contract's 2.1; the contractor may wait for it). `check` counts from the contract date
    (07.12: due 14.12, no warning); `sign` counts from the signing day and warns, moving nothing."""
    text = variant(("  date: 2026-12-01", "  date: 2026-12-07"), ("  start: 2026-12-01", "  start: 2026-12-15"),
                   text=RU1)
    path = repo_of(ws, text, "late-start")
    assert "the deposit is due as late as" not in run("check", path).output
    signed = _flat(run("sign", path, "--date", "2026-12-09").output)
    assert ("warning: contract.start: work starts 2026-12-15, but the deposit is due as late as 2026-12-16") in signed
    assert (path / "project.yaml").read_text(encoding="utf-8") == text  # a warning: no date moved
    on_time = repo_of(ws, text, "on-time")
    assert "deposit is due as late" not in run("sign", on_time, "--date", "2026-12-07").output


# --- 6. letters, status and the change request sheet -----------------------------------------

def _mail(path: Path, raw: bool = False) -> str:
    import email
    from email import policy

    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    return body if raw else normal(body)


def test_reminder_names_every_overdue_invoice_and_the_claim_goes_to_the_director(ws):
    """A reminder about the oldest overdue payment also names the other overdue one whose invoice
    it attaches, and asks for the total; the claim is addressed to the client's head by name."""
    path = repo_of(ws, STAGED, "remind")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "design", "--date", "2026-12-22")
    run("invoice", path, "2", "--date", "2026-12-22")
    run("accept", path, "all", "--date", "2027-01-26")
    run("invoice", path, "final", "--date", "2027-01-26")
    run("remind", path, "--date", "2027-02-10")
    text = _flat(_mail(_one(path, "letter-*-remind.eml")))
    assert "Оплата 97 400,00 ₽ по счёту № 2026-031/2026-001 от 22 декабря 2026 г. ожидалась не позднее 29 декабря 2026 г." in text
    assert ("Также просрочен платёж: 73 050,00 ₽ по счёту № 2026-031/2027-001 от 26 января 2027 г. — срок оплаты "
            "2 февраля 2027 г., просрочка 8 календарных дней. Всего к оплате — 170 450,00 ₽.") in text, text
    assert "перечислить 170 450,00 ₽" in text and "счета приложены к письму" in text
    run("claim", path, "--date", "2027-02-10", "--format", "docx")
    claim = _docx(_one(path, "letter-*-claim-*.docx"))
    assert "Кому: Генеральному директору ООО «Ромашка» Кузнецовой Марине Сергеевне, 125009" in claim, claim[:600]


def test_update_lists_received_materials_apart_and_ends_items_with_a_full_stop(ws):
    """«Ждём от вас» lists only what is still awaited; materials received late are reported under
    «Получено от вас» with the move they cause; no list item ends with «;» and none with «г..»."""
    path = repo_of(ws, RU1, "update")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    run("asked", path, "Тексты и фотографии для 20 страниц", "--date", "2026-12-08")
    run("received", path, "R-001", "--date", "2026-12-18")
    run("update", path, "--date", "2026-12-18")
    text = _mail(_one(path, "letter-*-update.eml"))
    assert "Ждём от вас" not in text
    assert "Получено от вас" in text and "получено 18 декабря 2026 г., на 3 рабочих дня позже срока" in _flat(text)
    items: list[str] = []  # each list item with its wrapped lines
    for line in _mail(_one(path, "letter-*-update.eml"), raw=True).splitlines():
        if line.lstrip().startswith("- "):
            items.append(line.strip())
        elif items and line.strip() and line.startswith(" "):
            items[-1] += " " + line.strip()
        elif not line.strip() and items:
            items.append("")
    items = [x for x in items if x]
    assert len(items) >= 5, items
    assert items and not [x for x in items if x.rstrip().endswith(";") or x.rstrip().endswith("г..")], items


def test_status_stops_asking_to_tell_the_client_once_the_notice_is_sent(ws):
    """Near a deadline `status` says to tell the client; after `notice delay` it says no more."""
    path = repo_of(ws, RU1, "status")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    before = run("status", path, "--date", "2026-12-17").output
    assert "stage design is due 2026-12-21" in before and "tell the client now" in before, before
    run("notice", "delay", path, "design", "--days", "2", "--reason", "Нужно больше времени на мобильную версию",
        "--date", "2026-12-17")
    after = run("status", path, "--date", "2026-12-17").output
    assert "tell the client now" not in after and "was not told" not in after, after


def test_change_request_of_a_reduction_does_not_call_it_out_of_scope(ws):
    """A change that only reduces (nothing added, price lower) is not «вне согласованного объёма»."""
    path = repo_of(ws, RU1, "cr")
    run("sign", path, "--date", "2026-12-01")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("    price: 18500\n", "    price: 15000\n", 1), encoding="utf-8")
    run("change", path, "-m", "Меньше страниц контента", "--requested-on", "2026-12-10", "--estimate")
    sheet = _pdf(_one(path, "cr-001-*.pdf"))
    assert "не входят в Техническое задание" not in sheet and "вне согласованного объёма" not in sheet, sheet
    assert "Что изменяется" in sheet and "дополнительным соглашением (статьи 450, 452" in sheet
