"""Issue 24, Russian documents round 9: review-ru6's critical findings and quick majors, run
through the CLI and read back from the rendered documents.

C2: no судебный приказ against a debtor outside the RF (АПК РФ п. 3 ч. 3 ст. 229.4; ГПК РФ п. 4
ч. 1 ст. 125): an иск in the court the contract chose (АПК РФ ст. 249).
C1: an addendum signed with the older dates cancels the extension the client's lateness gave
(the contract's extension clause, ст. 406, 719 ГК РФ): refused until a notice holds it.
"""

import re
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import run
from tests.readback import docx_text, normal
from tests.test_ru_round5 import repo_of, variant

APK = "Арбитражного процессуального кодекса Российской Федерации"


def _pdf(path: Path) -> str:
    return normal(" ".join(page.extract_text() for page in PdfReader(str(path)).pages))


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- C2: a claim against a foreign debtor ------------------------------------------------------

FOREIGN = (("  kind: company\n  name: Общество с ограниченной ответственностью «Ромашка»",
            "  kind: foreign_company\n  name: Товарищество с ограниченной ответственностью «Ромашка»"),
           ("  address: 125009, г. Москва, ул. Тверская, д. 1, оф. 1",
            "  address: 050000, Республика Казахстан, г. Алматы, пр. Абая, д. 52"),
           ('  inn: "7714567895"\n  kpp: "771401001"\n  ogrn: "1127746123450"',
            "  registration: БИН 180440012345\n  jurisdiction: KZ"))


def test_claim_against_a_debtor_abroad_sues_instead_of_asking_a_court_order(ws):
    """A debtor located outside the RF: a заявление о выдаче судебного приказа is returned (АПК РФ
    п. 3 ч. 3 ст. 229.4), so the claim announces an исковое заявление in the court of п. 14.3
    (ст. 249 АПК РФ), with the penalty through the day of payment; a domestic one keeps the order."""
    from tests.test_ru_clauses import RU1

    path = repo_of(ws, variant(*FOREIGN, text=RU1))
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "all", "--date", "2027-01-29")
    run("claim", path, "--date", "2027-03-01")
    claim = _flat(_pdf(next((path / "out").glob("letter-*-claim-*.pdf"))))
    assert "судебного приказа" not in claim and "229.2" not in claim, claim[-2500:]
    assert re.search(r"обратится в Арбитражный суд города Москвы \(пункт \d+\.3 Договора, статья 249 "
                     + APK + r"\) с исковым заявлением о взыскании задолженности, неустойки по день фактической оплаты "
            r"и судебных расходов\.", claim), claim[-2500:]


# --- C1: an addendum never silently cancels the extension the client's lateness gives ----------

def _late_texts(ws, name: str) -> Path:
    """RU1 signed 1.12; texts for the design asked 8.12 (5 working days: due 15.12) came 18.12,
    3 working days late: the design's deadline in force is 3 working days after the signed one."""
    from tests.test_ru_round7 import _waiting_on_texts

    return _waiting_on_texts(ws, name)


def _raise_content_price(path: Path) -> None:
    text = (path / "project.yaml").read_text(encoding="utf-8")
    assert "    price: 18500\n" in text
    (path / "project.yaml").write_text(text.replace("    price: 18500\n", "    price: 25000\n", 1),
                                       encoding="utf-8")


def test_addendum_restating_dates_before_the_lateness_moved_them_is_refused(ws):
    """The change was recorded on 10.12, before the texts were late; the addendum of 21.12 would
    restate the design's signed deadline, and signing it would settle the lateness (п. 2.3-type
    extension clause, ст. 406, 719 ГК РФ): refused in one line naming the stage, the days, the
    request and the fix; no document written."""
    path = _late_texts(ws, "late")
    _raise_content_price(path)
    run("change", path, "-m", "Больше страниц контента", "--requested-on", "2026-12-10")
    run("received", path, "R-001", "--date", "2026-12-18")
    refused = run("addendum", path, "--date", "2026-12-21", "--format", "docx", ok=False)
    said = _flat(refused.output)
    assert "Traceback" not in refused.output
    assert "stage design's deadline in force is" in said and "3 working day(s) after the signed" in said, said
    assert "R-001" in said and "contractkit notice delay design --client-caused" in said, said
    assert not list(path.glob("out/addendum-*"))
    # a change recorded now, with the lateness in force, is refused the same way, nothing recorded
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("    days: 4\n", "    days: 5\n", 1), encoding="utf-8")
    again = run("change", path, "-m", "Дольше", "--requested-on", "2026-12-21", ok=False)
    assert "change: stage design's deadline in force" in _flat(again.output), again.output
    assert "CR-002" not in run("log", path).output


def test_notice_first_then_addendum_keeps_the_move(ws):
    """The normal path: the contractor's notice under the extension clause holds the lateness in
    the design's `delay:`; the addendum then restates the moved dates (and is not refused)."""
    path = _late_texts(ws, "noticed")
    run("notice", "delay", path, "design", "--client-caused", "--reason", "Заказчик не предоставил тексты",
        "--date", "2026-12-18", "--format", "docx")
    run("received", path, "R-001", "--date", "2026-12-18")
    status = _flat(run("status", path, "--date", "2026-12-21").output)
    _raise_content_price(path)
    run("change", path, "-m", "Больше страниц контента", "--requested-on", "2026-12-21")
    run("addendum", path, "--date", "2026-12-21", "--format", "docx")
    text = _flat(normal(docx_text(str(next((path / "out").glob("addendum-*.docx"))))))
    # the design's deadline in force (3 working days after the signed 29.12.2026 skipping holidays)
    # is the one the addendum restates
    from contractkit.flows.letters.deal import read_deal

    state, _ = read_deal(path, __import__("datetime").date(2026, 12, 21))
    design = state.stage("design")
    assert design.deadline > design.signed_deadline, status
    day = design.deadline
    months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря"]
    words = f"{day.day} {months[day.month - 1]} {day.year}"
    assert words in text or day.strftime("%d.%m.%Y") in text, (words, text[:4000])


# --- Major contract 3: a договор подряда never speaks of «Услуги» ------------------------------

def test_works_contract_on_usn_adds_vat_to_works_not_services(tmp_path):
    """ГК РФ гл. 37: a договор подряда has Работы, not Услуги; its 3.5 (loss of the ст. 145 НК РФ
    exemption) reads «к стоимости Работ, выполненных с этой даты»; a services contract keeps Услуги."""
    from tests.test_ru_clauses import RU1, rendered

    works = variant(("  type: services ", "  type: work "), text=RU1)
    (tmp_path / "w").mkdir()
    (tmp_path / "s").mkdir()
    text = _flat(rendered(works, "contract", "docx", tmp_path / "w"))
    assert "к стоимости Работ, выполненных с этой даты, добавляется НДС" in text, text[:3000]
    assert "Услуг, оказанных" not in text and "оказанных Услуг" not in text
    services = _flat(rendered(RU1, "contract", "docx", tmp_path / "s"))
    assert "к стоимости Услуг, оказанных с этой даты, добавляется НДС" in services


# --- Major contract 1: e-mail only among the section's channels; the key of the ПЭП -------------

def test_email_is_the_only_channel_for_addenda_yet_paper_stays_and_the_pep_key_is_login_and_password(tmp_path):
    """63-ФЗ ст. 2, ч. 2 ст. 5, ст. 9: a ПЭП is confirmed by a key (the login and password of the
    mailbox), not by the address itself; e-mail is the only one of the contract's channels for
    addenda, acts and claims, which does not exclude paper, so the hand/УКЭП rule for an addendum
    that changes the price or dates does not contradict it."""
    from tests.test_ru_clauses import RU1, rendered

    text = _flat(rendered(RU1, "contract", "pdf", tmp_path))
    assert re.search(r"Из каналов связи, указанных в разделе \d+, дополнительные соглашения, акты и претензии "
                     r"направляются только по электронной почте; это не исключает их направления на бумажном "
                     r"носителе\.", text), text
    assert ("Ключом простой электронной подписи является сочетание логина и пароля к адресу электронной почты "
            "Стороны; документ считается подписанным простой электронной подписью Стороны, если он направлен с "
            "этого адреса (статья 2, часть 2 статьи 5 Федерального закона от 06.04.2011 № 63-ФЗ «Об электронной "
            "подписи»)") in text
    assert "Простой электронной подписью является адрес" not in text and "не через мессенджеры" not in text
    assert "подписываются Сторонами собственноручно либо усиленными квалифицированными электронными подписями" in text
    section = re.search(r"Из каналов связи, указанных в разделе (\d+)", text).group(1)
    assert re.search(rf"\b{section}\. КОНТАКТНЫЕ ЛИЦА И ПОРЯДОК ОБМЕНА СООБЩЕНИЯМИ", text), text[:200]


# --- Major support annex 5: refusal under ст. 782, the monthly act, the start -----------------

def test_support_annex_refusal_follows_article_782_and_its_act_is_accepted_under_section_4(tmp_path):
    """ГК РФ п. 2 ст. 782: the contractor may refuse only compensating the client's losses in full
    (п. 1: the client pays the costs incurred); the monthly report and act have a procedure (the
    contract's acceptance section 4); 1.1 and the term section name one start."""
    from tests.test_ru_clauses import RU1, rendered

    text = _flat(rendered(RU1, "support", "docx", tmp_path))
    assert ("Исполнитель вправе отказаться от поддержки, уведомив Заказчика не менее чем за 15 календарных "
            "дней, при условии полного возмещения Заказчику убытков (пункт 2 статьи 782 Гражданского кодекса "
            "Российской Федерации)") in text or re.search(
        r"Исполнитель вправе отказаться от поддержки, уведомив Заказчика не менее чем за \d+ календарн\w+ "
        r"д\w+, при условии полного возмещения Заказчику убытков \(пункт 2 статьи 782", text), text
    # review-ru5 R15: the client leaving pays the subscription fee up to the day support ends
    # (ГК РФ ст. 429.4 п. 2), not only the costs incurred (ст. 782 п. 1)
    assert "(пункт 2 статьи 429.4, пункт 1 статьи 782 Гражданского кодекса Российской Федерации)" in text
    assert "Каждая Сторона вправе отказаться" not in text
    assert ("акт об оказании услуг поддержки за расчётный месяц; к их приёмке применяется раздел 4 Договора.") in text
    start = "1-го числа месяца, следующего за месяцем подписания итогового акта сдачи-приёмки"
    assert text.count(start) == 2 and "После подписания итогового акта" not in text, text
    contract = _flat(rendered(RU1, "contract", "docx", tmp_path))
    assert "4. ПОРЯДОК СДАЧИ И ПРИЁМКИ" in contract
    assert "С " + start + ", Исполнитель оказывает, а Заказчик оплачивает услуги по поддержке" in contract


# --- 11.4.1: a licence typed as its document is declined, not garbled -------------------------

def test_licence_named_by_its_document_reads_as_russian(tmp_path):
    """«лицензию лицензионное соглашение ООО «1С-Битрикс» приобретает Заказчик» was no sentence:
    the client acquires the right of use from the holder on the terms of that agreement (ГК РФ ст.
    1235, 1286)."""
    from tests.test_ru_clauses import RU1, rendered

    bitrix = variant(("    - name: Montserrat\n", '    - name: "1С-Битрикс: Управление сайтом"\n      kind: other\n'
                      "      license: лицензионное соглашение ООО «1С-Битрикс»\n      held_by: client\n"
                      "    - name: Montserrat\n"), text=RU1)
    text = _flat(rendered(bitrix, "contract", "docx", tmp_path))
    assert ("объект «1С-Битрикс: Управление сайтом» — право использования Заказчик приобретает самостоятельно и за "
            "свой счёт у правообладателя на условиях лицензионного соглашения ООО «1С-Битрикс»") in text, text
    assert "лицензии лицензионное" not in text and "лицензию лицензионное" not in text
    assert "шрифт «Montserrat» — на условиях лицензии SIL Open Font License 1.1" in text


# --- Minor: ст. 717 in full; the claim's penalty runs on to the day of payment -------------------

def test_works_refusal_caps_the_contractors_losses_as_article_717_does(tmp_path):
    """ГК РФ ст. 717: the client refusing a договор подряда pays the part of the price for the work
    done and the contractor's losses «в пределах разницы между ценой, определённой за всю работу, и
    частью цены, выплаченной за выполненную работу»."""
    from tests.test_ru_clauses import RU1, rendered

    works = variant(("  type: services ", "  type: work "), text=RU1)
    text = _flat(rendered(works, "contract", "docx", tmp_path))
    assert ("возмещения убытков Подрядчика, причинённых прекращением Договора, в пределах разницы между ценой, "
            "определённой за всю работу, и частью цены, выплаченной за выполненную работу (статья 717") in text, text


def test_claim_asks_the_penalty_on_to_the_day_of_payment(ws):
    """п. 65 Постановления Пленума ВС РФ от 24.03.2016 № 7: the penalty is owed through the day of
    payment; the claim asks it from the day after its date, not only through that date."""
    from tests.test_ru_clauses import RU1

    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "all", "--date", "2027-01-29")
    run("claim", path, "--date", "2027-03-01")
    claim = _flat(_pdf(next((path / "out").glob("letter-*-claim-*.pdf"))))
    assert re.search(r"копе\w+, а также неустойку с 2 марта 2027 г\. по день фактической оплаты задолженности в "
                     r"размере и с ограничением, установленными пунктом \d+\.\d+ Договора \(пункт 65 Постановления "
                     r"Пленума Верховного "
                     r"Суда Российской Федерации от 24\.03\.2016 № 7\)\.", claim), claim[-2500:]


# --- Minors: the page's VAT words match the documents; `log` names only stages whose rights pass ---

def test_page_states_the_vat_exemption_as_the_documents_do_and_log_omits_stages_without_rights(ws):
    """НК РФ п. 1 ст. 145: the documents say «Без налога (НДС) … пункта 1 статьи 145»; the page said
    «НДС не облагается». A stage with `rights: false` (content) transfers no exclusive right (ГК РФ
    ст. 1234), so the rights act's line in `log` does not name it."""
    from tests.test_ru_clauses import RU1

    path = repo_of(ws, RU1)
    run("sign", path, "--date", "2026-12-01")
    run("publish", path)
    html = normal((path / "out" / "site" / "index.html").read_text(encoding="utf-8"))
    assert "Без НДС (освобождение, п. 1 ст. 145 НК РФ)" in html, html[:3000]
    assert "НДС не облагается" not in html
    run("paid", path, "prepayment", "--date", "2026-12-01")
    run("accept", path, "all", "--date", "2027-01-29")
    run("paid", path, "final", "--date", "2027-02-01")
    run("accept", path, "--rights", "--date", "2027-02-02")
    log = run("log", path).output
    line = next(x for x in log.splitlines() if " rights " in x)
    assert line.split()[-3:] == ["prototypes,", "design,", "development"], log
    import git

    with git.Repo(path) as repo:
        assert repo.head.commit.message.startswith(
            "ACT-002: act of 2027-02-02, prototypes, design, development rights transferred")


RU2_FOREIGN = (("  kind: company\n  name: Общество с ограниченной ответственностью «Вектор»",
                "  kind: foreign_company\n  name: Товарищество с ограниченной ответственностью «Вектор»"),
               ("  address: 125167, г. Москва, Ленинградский пр-т, д. 39, стр. 1",
                "  address: 050000, Республика Казахстан, г. Алматы, пр. Абая, д. 52"),
               ('  inn: "7725012341"\n  kpp: "772501001"\n  ogrn: "1027700123450"',
                "  registration: БИН 180440012345"))


def test_claim_before_a_court_of_general_jurisdiction_sues_a_debtor_abroad(ws):
    """A self-employed contractor's claim goes to a court of general jurisdiction; against a debtor
    outside the RF the мировой судья returns an application for a судебный приказ (ГПК РФ п. 4 ч. 1
    ст. 125): the claim announces an исковое заявление in the court the contract chose (ст. 404)."""
    from tests.test_ru_clauses import RU2

    path = repo_of(ws, variant(("    price: 45000\n", "    price: 745000\n"), *RU2_FOREIGN, text=RU2))
    run("sign", path, "--date", "2027-03-01")
    run("paid", path, "prepayment", "--date", "2027-03-01")
    run("accept", path, "all", "--date", "2027-03-31")
    run("claim", path, "--date", "2027-05-04")
    claim = _flat(_pdf(next((path / "out").glob("letter-*-claim*.pdf"))))
    assert "судебного приказа" not in claim and "мировому судье" not in claim, claim[-2000:]
    assert re.search(r"обратится в Мещанский районный суд г\. Москвы \(пункт \d+\.\d+ Договора, статья 404 "
                     r"Гражданского процессуального кодекса Российской Федерации\) с исковым заявлением о взыскании "
                     r"задолженности, неустойки по день фактической оплаты и судебных расходов\.", claim), claim[-2000:]
