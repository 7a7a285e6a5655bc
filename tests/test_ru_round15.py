"""Remaining findings of the Russian review of session 8 (/work/review-ru2/REPORT.md, R7.6–R7.8,
R7.11, R7.12, and the support-only addendum of ru14's note), each checked in the rendered PDF
(pypdf) or DOCX (python-docx) text or in the CLI's output.

The projects are the reviewer's own (tests/data/ru-14-*.yaml): p1 «Чайная лавка» (ООО studio -> ИП,
works contract, three stages, support as Приложение № 3), p2 (самозанятая designer -> ООО, services)
and p4 (ИП -> Kaffee Nord GmbH, EUR)."""

import re

import pytest

from tests.conftest import reviewer_project, run
from tests.readback import edit_committed, once, out_docx, out_pdf

GK = "Гражданского кодекса Российской Федерации"
OZON = ("  - id: ozon\n    title: Интеграция с маркетплейсом Ozon\n"
        "    description: Выгрузка каталога в Ozon\n    acceptance:\n"
        "      - Заказы Ozon появляются в административной панели магазина\n"
        "    price: 90000\n    rights_price: 20000\n    days: 8\n    after: [dev]\n")


_edit, _once = edit_committed, once


@pytest.fixture
def p1(ws):
    """p1 signed on 01.10.2026 with the prepayment of 184 000 ₽ paid on 06.10."""
    path = reviewer_project(ws, "p1", "ru-14-p1.yaml", "company", "works")
    run("sign", path, "--date", "2026-10-01")
    run("paid", path, "1", "--date", "2026-10-06")
    return path


def test_a_stage_added_before_a_signed_one_takes_the_next_number_and_renumbers_nothing(p1):
    """R7.6, issue 24 item 12. A stage an addendum adds between stages 2 and 3 is «этап 4»: the signed
    stage 3 keeps its number in the annex, and 11.1 gains 11.1.4 rather than 11.1.3 coming to mean
    another stage (ГК РФ ст. 450, 452: an addendum amends the signed text by its signed numbers)."""
    _edit(p1, "ozon", _once("  - id: launch\n", OZON + "  - id: launch\n"))
    run("change", p1, "-m", "Ozon", "--requested-on", "2026-10-27")
    run("addendum", p1, "--date", "2026-10-30")
    for text in (out_pdf(p1, "addendum-1-*.pdf"), out_docx(p1, "addendum-1-*.docx")):
        assert "Стороны договорились включить в состав Работ этап 4 «Интеграция с маркетплейсом Ozon»" in text
        assert ("Дополнить пункт 11.1 Договора подпунктом 11.1.4 следующего содержания: «11.1.4. результат "
                "этапа „Интеграция с маркетплейсом Ozon“.»") in text
        assert "Подпункт 11.1.3" not in text and "этап 3 «Интеграция" not in text
        # the restated annex: the signed stage 3 keeps its number; the added one is 4
        assert "Этап 3. Наполнение и запуск" in text
        assert "Этап 4. Интеграция с маркетплейсом Ozon" in text
    run("sign", p1, "--date", "2026-10-30")
    run("render", p1, "--doc", "contract,scope", "--format", "pdf")
    contract = out_pdf(p1, "contract-*.pdf")
    assert "11.1.3. результат этапа «Наполнение и запуск»" in contract
    assert "11.1.4. результат этапа «Интеграция с маркетплейсом Ozon»" in contract
    assert "Этап 3. Наполнение и запуск" in out_pdf(p1, "scope-*.pdf")
    status = " ".join(run("status", p1).output.split())
    assert "3. launch" in status and "4. ozon" in status


def test_the_addendum_says_where_an_added_section_stands_as_the_contract_prints_it(ws):
    """R7.7, issue 24 item 12. A stage with personal data added by addendum adds a section; it takes
    the next free number (no signed number shifts, ГК РФ ст. 452) and stands before the requisites,
    so the addendum says so and the consolidated contract prints it there. In a services contract
    (ГК РФ гл. 39) the added stage has «срок оказания услуг», never «выполнения» (R7.8)."""
    path = reviewer_project(ws, "p2", "ru-14-p2.yaml", "npd", "services")
    run("sign", path, "--date", "2026-09-01")
    run("paid", path, "1", "--date", "2026-09-08")
    _edit(path, "landing", lambda y: y.replace(
        "payment:\n", "  - id: landing\n    title: Лендинг\n    description: Страница с формой заявки\n"
        "    acceptance:\n      - Форма заявки отправляет письмо\n    price: 40000\n    rights_price: 10000\n"
        "    days: 6\n    personal_data: true\n\npayment:\n", 1))
    run("change", path, "-m", "Лендинг", "--requested-on", "2026-09-20")
    run("addendum", path, "--date", "2026-09-21")
    for text in (out_pdf(path, "addendum-1-*.pdf"), out_docx(path, "addendum-1-*.docx")):
        found = re.search(r"Дополнить Договор разделом (\d+) «Персональные данные» следующего содержания, "
                          r"разместив его после раздела (\d+) «Заключительные положения» перед разделом (\d+) "
                          r"«Адреса, реквизиты и подписи Сторон»: «\1\.1\. ", text)
        assert found, text
        added, final, details = found.groups()
        assert int(added) == int(details) + 1 and int(final) == int(details) - 1
        assert "срок оказания услуг по этапу — 6 рабочих дней" in text and "срок выполнения" not in text
        assert "этап 4 «Лендинг»" in text
    run("sign", path, "--date", "2026-09-22")
    run("render", path, "--doc", "contract", "--format", "pdf")
    contract = out_pdf(path, "contract-*.pdf")
    order = [contract.index(f"{final}. ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ"), contract.index(f"{added}. ПЕРСОНАЛЬНЫЕ ДАННЫЕ"),
             contract.index(f"{details}. АДРЕСА, РЕКВИЗИТЫ И ПОДПИСИ СТОРОН")]
    assert order == sorted(order)


def test_a_separate_support_contract_speaks_of_services_and_the_main_contracts_final_act(ws):
    """R7.8. A separate support contract is возмездное оказание услуг (ГК РФ ст. 779, 429.4): its
    provider is «Исполнитель», work beyond the hours is «услуги … оказываются», and its start is the
    final act «по Основному договору», not an act of its own that does not exist."""
    path = reviewer_project(ws, "p2", "ru-14-p2.yaml", "npd", "services", lambda y: y + (
        "\nsupport:\n  name: Поддержка фирменного стиля\n  monthly_fee: 10000\n  hours_included: 4\n"
        "  extra_hour_rate: 2500\n  response: 1 рабочий день\n  includes:\n"
        "    - адаптация макетов под новые форматы\n  months: 6\n  document: separate\n"))
    run("render", path, "--doc", "support")
    for text in (out_pdf(path, "support-*.pdf"), out_docx(path, "support-*.docx")):
        assert "именуемая в дальнейшем «Исполнитель»" in text and "Подрядчик" not in text
        assert ("С 1-го числа месяца, следующего за месяцем подписания итогового акта сдачи-приёмки по "
                "Основному договору, Исполнитель оказывает") in text
        assert "Услуги сверх включённых часов оказываются по согласованию с Заказчиком" in text
        assert "Работы сверх" not in text and "результаты работ" not in text


def test_one_third_party_object_is_this_object_and_a_sublicence_without_a_price_is_warned_of(ws):
    """R7.11. Each sub-clause of 11.3 is one object, so the client-bought 1С-Битрикс is «этот объект».
    A sublicence is a paid licence whose remuneration is stated or determinable (ГК РФ п. 5 ст. 1235,
    ст. 1238): `check` warns of a contractor-held component with no price, and of a free photo bank
    (Unsplash: every user holds its licence, with no right to sublicense) left held by the
    contractor; the starting file shows a free photo bank as `held_by: public`."""
    path = reviewer_project(ws, "p1", "ru-14-p1.yaml", "company", "works")
    run("render", path, "--doc", "contract")
    for text in (out_pdf(path, "contract-*.pdf"), out_docx(path, "contract-*.docx")):
        assert ("объект «1С-Битрикс: Управление сайтом» — право использования Заказчик приобретает "
                "самостоятельно и за свой счёт у правообладателя на условиях лицензионного договора "
                "1С-Битрикс, а Подрядчик включает этот объект в Результаты") in text
        assert "такие объекты" not in text
    assert "third_party" not in run("check", path).output  # Shutterstock has its price
    _edit(path, "no price", _once("      price: 6000\n", ""))
    warned = " ".join(run("check", path).output.split())
    assert ("terms.third_party[1]: «Shutterstock»: the contractor grants a sublicence with no price" in warned
            and "ГК РФ п. 5 ст. 1235" in warned)
    p2 = reviewer_project(ws, "p2", "ru-14-p2.yaml", "npd", "services")
    warned = " ".join(run("check", p2).output.split())
    assert ("terms.third_party[1]: «Unsplash» (Unsplash License) is free to every user and gives no right "
            "to sublicense, yet it is held by the client") in warned and "set held_by: public" in warned
    run("new", ws / "fresh", "--as", "npd")
    starter = (ws / "fresh" / "project.yaml").read_text(encoding="utf-8")
    assert "# - name: Unsplash\n    #   kind: stock_image\n    #   license: Unsplash License\n    #   held_by: public" in starter


def test_a_foreign_company_is_named_with_its_country_and_register_and_gets_no_russian_vat(ws):
    """R7.12. A company abroad is named as its own register knows it, with the country (ГК РФ ст. 1202:
    its status is its personal law's), and agrees as «компания … именуемая». Development and design
    work for a buyer abroad is not supplied in Russia (НК РФ пп. 4 п. 1 ст. 148), so the clause on
    losing the ст. 145 exemption adds no VAT for it."""
    path = reviewer_project(ws, "p4", "ru-14-p4.yaml", "ip", "works")
    run("render", path, "--doc", "contract")
    for text in (out_pdf(path, "contract-*.pdf"), out_docx(path, "contract-*.docx")):
        assert ("Компания Kaffee Nord GmbH (Германия, HRB 123456 B, Amtsgericht Charlottenburg), именуемая в "
                "дальнейшем «Заказчик»") in text
        assert ("местом реализации Работ и передаваемых по Договору прав территория Российской Федерации не "
                "признаётся (подпункт 4 пункта 1 статьи 148 Налогового кодекса Российской Федерации), и НДС "
                "Российской Федерации к цене Договора не добавляется") in text
        assert "добавляется НДС по ставке" not in text


def test_a_support_only_addendum_restates_no_annex_it_leaves_unchanged(p1):
    """ru14's note on R10. An addendum that changes only the support annex (Приложение № 3) states
    only what it amends (ГК РФ ст. 450, 452): no «new wording» of Annexes 1 and 2, which stay as
    signed, and no ledger of a price and completion that do not change."""
    _edit(p1, "support fee", _once("  monthly_fee: 15000", "  monthly_fee: 18000"))
    run("change", p1, "-m", "Поддержка 18 000 в месяц", "--requested-on", "2026-10-20")
    run("addendum", p1, "--date", "2026-10-21")
    for text in (out_pdf(p1, "addendum-1-*.pdf"), out_docx(p1, "addendum-1-*.docx")):
        assert ("1.1. Пункт 2.1 Приложения № 3 к Договору изложить в следующей редакции: «2.1. Абонентская "
                "плата составляет 18 000 (восемнадцать тысяч) рублей 00 копеек в месяц.") in text
        assert "НОВАЯ РЕДАКЦИЯ ПРИЛОЖЕНИЙ" not in text and "в новой редакции" not in text
        assert "ТЕХНИЧЕСКОЕ ЗАДАНИЕ" not in text and "ГРАФИК ПЛАТЕЖЕЙ" not in text
        assert "ЦЕНА И СРОК ДОГОВОРА" not in text and "ПОРЯДОК ОПЛАТЫ" not in text
        assert "2. ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ" in text
        assert "Соглашение изменяет цену услуг поддержки и потому подписывается Сторонами собственноручно" in text


def test_an_hours_only_support_change_is_signed_as_changing_the_volume_not_the_price(p1):
    """review-ru3 R4. Six included hours instead of five change what the support gives, not its fee:
    the signing clause says «изменяет объём услуг поддержки» (ГК РФ ст. 452: the agreement states what
    it changes), and no annex 1 or 2 is restated."""
    _edit(p1, "support hours", _once("  hours_included: 5", "  hours_included: 6"))
    run("change", p1, "-m", "Поддержка: 6 часов", "--requested-on", "2026-10-20")
    run("addendum", p1, "--date", "2026-10-21")
    text = out_docx(p1, "addendum-1-*.docx")
    assert "Соглашение изменяет объём услуг поддержки и потому подписывается" in text
    assert "цену услуг поддержки" not in text and "в новой редакции" not in text


def test_a_price_cut_below_what_was_paid_says_what_is_refunded_when_and_where(p1):
    """review-ru3 R1. The client paid 422 000 ₽ (the final instalment in part) when an addendum drops
    stage 3 and the price falls to 400 000 ₽. The agreement must say that 22 000 ₽ is owed back, by
    when and to which account (ГК РФ п. 4 ст. 453, ст. 1102), and that the new price is paid in full."""
    run("accept", p1, "design", "--date", "2026-10-23")
    run("paid", p1, "2", "--date", "2026-10-29")
    run("paid", p1, "3", "--amount", "100000", "--date", "2026-11-02")
    _edit(p1, "no launch", lambda y: re.sub(r"  - id: launch\n(    .*\n|\n)*?(?=\S)", "", y, count=1))
    run("change", p1, "-m", "Без запуска", "--requested-on", "2026-11-03")
    run("addendum", p1, "--date", "2026-11-05")
    for text in (out_pdf(p1, "addendum-1-*.pdf"), out_docx(p1, "addendum-1-*.docx")):
        assert ("Сумма, уплаченная Заказчиком до подписания настоящего Соглашения, — 422 000 (четыреста двадцать "
                "две тысячи) рублей 00 копеек — превышает новую цену Договора на 22 000 (двадцать две тысячи) "
                "рублей 00 копеек; цена Договора в редакции настоящего Соглашения, включая окончательный платёж, "
                "уплачена Заказчиком полностью. Подрядчик возвращает Заказчику 22 000 (двадцать две тысячи) "
                "рублей 00 копеек в течение 10 рабочих дней с даты подписания настоящего Соглашения на счёт, с "
                "которого поступила оплата") in text
        assert "(пункт 4 статьи 453, статья 1102 Гражданского кодекса Российской Федерации)" in text


def test_the_act_closing_the_last_stage_is_the_final_act_even_with_nothing_left_to_pay(p1):
    """review-ru3 R3. The contract counts the final payment, the warranty (10.1) and the support from
    the «итоговый акт»; the act that accepts the last stage says it is that act even when the final
    payment came early, and that the price is paid in full (ГК РФ ст. 720, 753)."""
    run("accept", p1, "design", "--date", "2026-10-23")
    run("paid", p1, "2", "--date", "2026-10-29")
    run("accept", p1, "dev", "--date", "2026-11-23")
    run("paid", p1, "3", "--date", "2026-11-24")
    run("accept", p1, "launch", "--date", "2026-11-30")
    for text in (out_pdf(p1, "act-3-*.pdf"), out_docx(p1, "act-3-*.docx")):
        assert ("Настоящий Акт является итоговым актом сдачи-приёмки по Договору. Цена Договора уплачена "
                "Заказчиком полностью, включая окончательный платёж.") in text
    assert "итоговым актом" not in out_docx(p1, "act-2-*.docx")


def test_the_npd_invoice_names_the_contractor_not_he(ws):
    """review-ru3 R8. A self-employed woman contractor is no «он»: the invoice names the party
    (422-ФЗ ст. 14: the receipt for every sum received)."""
    path = reviewer_project(ws, "p2", "ru-14-p2.yaml", "npd", "services")
    run("sign", path, "--date", "2026-09-01")
    run("invoice", path, "1", "--date", "2026-09-01")
    text = out_docx(path, "invoice-*.docx")
    assert "на каждую полученную сумму Исполнитель формирует в приложении «Мой налог»" in text
    assert "сумму он формирует" not in text


def test_a_self_employed_contractor_sublicenses_nothing_by_default(ws):
    """review-ru3 R13. An НПД contractor may not resell a bought licence (422-ФЗ ч. 2 ст. 4 п. 2), and a
    sublicence needs the licensor's consent (ГК РФ ст. 1238 п. 1): a stock licence left to the default
    is bought by the client, and `check` warns of one the contractor is said to hold."""
    stock = ("    - name: Shutterstock\n      kind: stock_image\n      license: Shutterstock Standard License\n")
    path = reviewer_project(ws, "p2", "ru-14-p2.yaml", "npd", "services",
                            _once("  disputes:\n", stock + "  disputes:\n"))
    run("render", path, "--doc", "contract", "--format", "docx")
    text = out_docx(path, "contract-*.docx")
    assert ("изображения из фотобанка «Shutterstock» — право использования Заказчик приобретает самостоятельно и "
            "за свой счёт у правообладателя") in text
    assert "Shutterstock Standard License, на весь срок её действия (статья 1238" not in text
    _edit(path, "held", _once("      license: Shutterstock Standard License\n",
                              "      license: Shutterstock Standard License\n      held_by: contractor\n"
                              "      price: 3000\n"))
    warned = " ".join(run("check", path).output.split())
    assert ("«Shutterstock»: held_by contractor, but a self-employed contractor (НПД) may not resell a bought "
            "licence (422-ФЗ ч. 2 ст. 4 п. 2)") in warned


def test_the_claim_tells_each_part_of_an_instalment_paid_in_two_when_it_came(p1):
    """review-ru3 R17. Instalment 2 (138 000 ₽, due 30.10) came as 100 000 ₽ on 29.10 and 38 000 ₽ on
    03.11: the claim says the first part came in time and only the second late, as its penalty table
    counts (ГК РФ ст. 330: the penalty runs on the sum overdue), never «поступила полностью» late."""
    run("accept", p1, "design", "--date", "2026-10-23")
    run("paid", p1, "2", "--amount", "100000", "--date", "2026-10-29")
    run("paid", p1, "2", "--amount", "38000", "--date", "2026-11-03")
    run("accept", p1, "all", "--date", "2026-11-30")
    run("claim", p1, "--date", "2026-12-20")
    for text in (out_pdf(p1, "letter-001-claim-*.pdf"), out_docx(p1, "letter-001-claim-*.docx")):
        assert ("Заказчик обязан был оплатить 138 000,00 ₽ не позднее 30 октября 2026 г. Оплата поступила частями: "
                "100 000,00 ₽ — 29 октября 2026 г. (в срок); 38 000,00 ₽ — 3 ноября 2026 г., с просрочкой 4 "
                "календарных дня; неустойка за просрочку не уплачена.") in text
        assert "Оплата поступила полностью 3 ноября 2026 г." not in text


def test_each_sum_including_vat_states_its_own_vat(ws):
    """review-ru3 R2. With VAT 5 % within the prices (НК РФ ст. 164 п. 8), each «X, в том числе НДС — Y»
    states Y = X × 5/105 rounded (НК РФ ст. 168 п. 4): the rights remuneration 18 000 ₽ carries 857,14 ₽,
    not the three stages' rounded 285,71 ₽ added up, and the rest of the price its own VAT."""
    def edit(y: str) -> str:
        y = _once("tax:\n  regime: usn\n", "tax:\n  regime: usn\n  vat: 5\n  prices_include_vat: true\n")(y)
        for old in ("40000", "80000", "5000"):
            y = _once(f"    rights_price: {old}\n", "    rights_price: 6000\n")(y)
        return y
    path = reviewer_project(ws, "p1", "ru-14-p1.yaml", "company", "works", edit)
    run("render", path, "--doc", "contract", "--format", "docx")
    text = out_docx(path, "contract-*.docx")
    found = re.findall(r"(\d[\d ]*) \([^)]*\) рубл\w+ (\d\d) копе\w+, в том числе НДС[^—]*— (\d[\d ]*) \([^)]*\) "
                       r"рубл\w+ (\d\d) копе\w+", text)
    assert len(found) >= 3, found
    from decimal import ROUND_HALF_UP, Decimal
    for whole, kop, vat, vkop in found:
        x = Decimal(whole.replace(" ", "") + "." + kop)
        assert Decimal(vat.replace(" ", "") + "." + vkop) == (x * 5 / 105).quantize(Decimal("0.01"), ROUND_HALF_UP), x
    assert "857 (восемьсот пятьдесят семь) рублей 14 копеек" in text


def test_an_acceptance_act_names_the_program_files_delivered_in_either_rights_mode(ws):
    """review-ru3 R10. Clause 11.1 delivers a program's source «с актом сдачи-приёмки»; with
    `ip_transfer: full_payment` too the act is the evidence of what was delivered (ГК РФ ст. 720, 721,
    1261), so it names the files given with `accept --files` and their SHA-256."""
    import hashlib

    p1 = reviewer_project(ws, "p1", "ru-14-p1.yaml", "company", "works",
                          _once("  - id: dev\n", "  - id: dev\n    program: Интернет-магазин «Чайная лавка»\n"))
    run("sign", p1, "--date", "2026-10-01")
    source = p1 / "shop-src.zip"
    source.write_bytes(b"source\n")
    run("accept", p1, "design", "--date", "2026-10-23")
    run("accept", p1, "dev", "--date", "2026-11-23", "--files", f"dev={source}")
    digest = hashlib.sha256(b"source\n").hexdigest()
    assert ("исходный текст программы для ЭВМ «Интернет-магазин „Чайная лавка“», созданной как результат "
            "этапа «Разработка интернет-магазина», в виде файла shop-src.zip; файл идентифицируется") in out_docx(
        p1, "act-2-*.docx")
    for text in (out_pdf(p1, "act-2-*.pdf"), out_docx(p1, "act-2-*.docx")):
        assert f"shop-src.zip: {digest}" in text


def test_the_change_sheet_counts_from_the_dates_a_delay_notice_set_and_words_the_brief_in_russian(p1):
    """review-ru3 R14. After the contractor's delay notice (clause 2.3; ГК РФ ст. 406, 719) the dates in
    force are the noticed ones: the sheet the client approves measures the change from them, lists no
    noticed move as work out of scope, and says in Russian what leaves the brief's list."""
    run("asked", p1, "Тексты описаний товаров", "--stage", "design", "--date", "2026-10-12")
    run("notice", "delay", p1, "design", "--client-caused", "--reason", "Нет текстов", "--date", "2026-10-21")
    _edit(p1, "ozon, 1С", lambda y: _once("  - id: launch\n", OZON + "  - id: launch\n")(
        _once("    - Интеграция с 1С\n", "")(y)))
    out = run("change", p1, "-m", "Ozon", "--requested-on", "2026-10-27", "--estimate").output
    sheet = out_pdf(p1, "cr-002-*.pdf")
    assert re.search(r"\(ранее — \d+ \w+ 2026 г\. с учётом уведомления Подрядчика от 21 октября 2026 г\. о "
                     r"переносе сроков\)", sheet), sheet
    assert "Этап 1 «Дизайн интернет-магазина»" not in sheet, out  # the noticed move is no new work
    assert "Из перечня того, что не входит в объём Работ, исключается «Интеграция с 1С»" in sheet
    assert "out of scope" not in sheet


def test_asked_with_letter_writes_the_request_the_extension_clause_counts_from(p1):
    """review-ru2 R7.16. Clause 2.3 moves the deadlines and allows suspension from the contractor's
    notice «с перечнем необходимого» (ГК РФ ст. 328, 406, 719): `asked --letter` writes that notice,
    with the contract's term and its last day; a request whose letter cannot be written records
    nothing."""
    out = run("asked", p1, "Тексты описаний товаров и фотографии товаров", "--stage", "design", "--date",
              "2026-10-12", "--letter", "--format", "pdf,docx").output
    assert "recorded R-001: asked for materials on 2026-10-12" in out and "recorded L-001: request letter" in out
    for text in (out_pdf(p1, "letter-001-request-*.pdf"), out_docx(p1, "letter-001-request-*.docx")):
        assert "ЗАПРОС о предоставлении материалов по Договору № П-2026-017" in text
        assert ("Подрядчик просит предоставить материалы, необходимые для этапа «Дизайн интернет-магазина»: "
                "Тексты описаний товаров и фотографии товаров.") in text
        assert "По Договору срок — 5 рабочих дней с даты настоящего запроса, то есть не позднее 19 октября 2026 г." in text
        assert ("Настоящий запрос является уведомлением Подрядчика с перечнем необходимого по пункту 2.3 "
                "Договора.") in text
    assert list((p1 / "out").glob("letter-001-request*.eml"))
    assert "L-001" in run("log", p1).output
    failed = run("asked", p1, "Доступы к хостингу", "--date", "2026-10-13", "--letter", "--format", "xls",
                 ok=False).output
    assert "xls" in failed and "Traceback" not in failed
    assert "R-002" not in run("log", p1).output


def test_en_a_price_cut_below_what_was_paid_states_the_refund_without_a_recorded_schedule(ws):
    """review-ru3 R1, the English side: $11,540.00 paid (the final payment in part) when a change order
    removes the $750.00 launch milestone from a $12,200.00 sum: the order says the sum is paid in full
    and the Contractor refunds $90.00."""
    run("new", ws / "harbor", "--lang", "en")
    path = ws / "harbor"
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "1", "--date", "2026-12-02")
    run("accept", path, "discovery", "--date", "2026-12-03")
    run("accept", path, "design", "--date", "2026-12-10")
    run("paid", path, "2", "--date", "2026-12-11")
    run("paid", path, "3", "--amount", "3000", "--date", "2026-12-12")
    _edit(path, "no launch", lambda y: y[:y.index("  - id: launch")] + y[y.index("\npayment:") + 1:])
    run("change", path, "-m", "No launch", "--requested-on", "2026-12-14")
    run("addendum", path, "--date", "2026-12-15", "--format", "docx")
    order = out_docx(path, "addendum-1-*.docx")
    assert ("The payments received before this Change Order, $11,540.00 (eleven thousand five hundred forty US "
            "dollars), exceed the new contract sum by $90.00 (ninety US dollars); the contract sum as amended, "
            "the final payment included, is paid in full. The Contractor shall refund $90.00") in order, order
