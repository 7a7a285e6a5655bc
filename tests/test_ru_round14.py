"""Findings of the fresh Russian commercial-law review of session 8 (/work/review-ru2/REPORT.md, R2, R4,
R5, R9, R10), each checked in the rendered PDF (pypdf) or DOCX (python-docx) text or in the CLI's output.

The projects are the reviewer's own (tests/data/ru-14-*.yaml): p1 «Чайная лавка» (ООО studio -> ИП,
works contract, 460 000 ₽ in three stages, support as Приложение № 3) and p2 (самозанятая designer ->
ООО, services, `start: on_prepayment`)."""

from pathlib import Path

import pytest

from tests.conftest import reviewer_project, run
from tests.readback import edit_committed, once, out_docx, out_pdf

DATA = Path(__file__).parent / "data"
GK = "Гражданского кодекса Российской Федерации"


_repo = reviewer_project


_edit, _once = edit_committed, once


_pdf, _docx = out_pdf, out_docx


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def p1(ws):
    """p1 signed on 01.10.2026 with the prepayment of 184 000 ₽ paid on 06.10."""
    path = _repo(ws, "p1", "ru-14-p1.yaml", "company", "works")
    run("sign", path, "--date", "2026-10-01")
    run("paid", path, "1", "--date", "2026-10-06")
    return path


def test_rights_on_acceptance_pass_by_each_act_and_the_rights_act_states_the_price_and_what_was_paid(ws):
    """R5. With `ip_transfer: acceptance` the right to each stage's result passes when its act is
    signed (contract 11.2; ГК РФ п. 4 ст. 1234: the moment is the one the contract states), so each
    act says so and names the files; the rights act made before full payment states the contract's
    price and what was paid, never «уплачена полностью» (a signed acknowledgement of the price and of
    performance, ГК РФ ст. 408, 424)."""
    path = _repo(ws, "p1", "ru-14-p1.yaml", "company", "works",
                 _once("ip_transfer: full_payment", "ip_transfer: acceptance"))
    (path / "files").mkdir()
    (path / "files" / "design-v3.fig").write_bytes(b"d\n")
    (path / "files" / "shop-src.zip").write_bytes(b"s\n")
    run("sign", path, "--date", "2026-10-01")
    run("paid", path, "1", "--date", "2026-10-06")
    run("accept", path, "design", "--date", "2026-10-23", "--files", path / "files" / "design-v3.fig")
    run("accept", path, "dev", "--date", "2026-11-23", "--files", path / "files" / "shop-src.zip")
    bare = run("accept", path, "launch", "--date", "2026-11-30").output
    assert ("warning: no files recorded for launch: the rights pass with this act (terms.ip_transfer: "
            "acceptance)") in _flat(bare)
    rights = run("accept", path, "--rights", "--date", "2026-12-01").output
    assert "warning: no files recorded for launch: the rights act identifies them only by stage and act" in _flat(rights)

    contract = _pdf(path, "contract-*.pdf")
    assert ("11.2. Исключительные права переходят к Заказчику с момента подписания акта сдачи-приёмки "
            "соответствующего этапа") in contract
    act1 = _pdf(path, "act-1-*.pdf")
    assert ("С даты подписания настоящего Акта к Заказчику переходит исключительное право на результат этапа "
            "«Дизайн интернет-магазина», переданный в виде файла design-v3.fig (пункт 11.2 Договора, пункт 4 "
            f"статьи 1234 {GK}).") in act1
    import hashlib
    assert f"design-v3.fig: {hashlib.sha256(b'd' + bytes([10])).hexdigest()}" in act1
    act3 = _pdf(path, "act-3-*.pdf")
    assert ("С даты подписания настоящего Акта к Заказчику переходит исключительное право на результат этапа "
            "«Наполнение и запуск», указанный в пункте 1 настоящего Акта (пункт 11.2 Договора") in act3

    for text in (_pdf(path, "act-4-*.pdf"), _docx(path, "act-4-*.docx")):
        assert "уплачена Заказчиком полностью" not in text and "уплачено в её составе" not in text
        assert ("Цена Договора составляет 460 000 (четыреста шестьдесят тысяч) рублей 00 копеек; на дату "
                "настоящего Акта Заказчиком уплачено 184 000 (сто восемьдесят четыре тысячи) рублей 00 копеек."
                ) in text
        assert ("Исключительные права на результаты каждого этапа перешли к Заказчику с даты подписания акта "
                "сдачи-приёмки этого этапа (пункт 11.2 Договора") in text
        assert ("на результат этапа «Дизайн интернет-магазина» — с 23 октября 2026 г. (акт № 1); на результат "
                "этапа «Разработка интернет-магазина» — с 23 ноября 2026 г. (акт № 2)") in text
        assert "Исключительные права переходят к Заказчику с даты подписания настоящего Акта" not in text
        assert "Стороны подтверждают переход к Заказчику исключительных прав" in text
        # the result with no file is named by its act, not by its acceptance criterion
        assert "результат этапа, принятый по акту № 3 от 30.11.2026 (файлы не зафиксированы)" in text
        assert "300 товаров загружены" not in text


def test_a_delay_of_the_first_stage_keeps_the_signed_start_in_2_1_and_the_total_row(p1):
    """R2 (a), fixed start. A client-caused delay of stage 1 lengthens that stage; the work still
    started on the signed date (ГК РФ ст. 191, 406, 719), so the restated 2.1 keeps it and reopens no
    prepayment condition already met, and «Итого» starts where stage 1 starts."""
    _edit(p1, "design delay 2", _once("    days: 10\n", "    days: 10\n    delay: 2\n"))
    run("change", p1, "-m", "Перенос дизайна", "--requested-by", "contractor", "--reason",
        "Заказчик задержал материалы", "--requested-on", "2026-10-14")
    run("addendum", p1, "--date", "2026-10-15")
    for text in (_pdf(p1, "addendum-1-*.pdf"), _docx(p1, "addendum-1-*.docx")):
        assert "«2.1. Сроки выполнения Работ исчисляются с 12 октября 2026 г." in text
        assert "исчисляются с 14 октября" not in text and "между 14 октября" not in text
        assert "Работы завершаются не позднее 2 декабря 2026 г." in text
    annex = _pdf(p1, "addendum-1-*.pdf")
    assert "1 Дизайн интернет-магазина 120 000,00 ₽ 12 12.10.2026 27.10.2026" in annex
    assert "Итого 460 000,00 ₽ 12.10.2026 02.12.2026" in annex


def test_a_delay_of_the_first_stage_on_prepayment_counts_the_days_from_the_start_including_it(ws):
    """R2 (b), `start: on_prepayment`: the services start the day after the prepayment (ГК РФ
    ст. 191) and the restated 2.1 counts the working days from that day including the client's delay,
    so the count and the stated completion agree."""
    path = _repo(ws, "p2", "ru-14-p2.yaml", "npd", "services")
    run("sign", path, "--date", "2026-09-01")
    run("paid", path, "1", "--date", "2026-09-08")
    # R7.13: the client's requisites, blank at signing («________»), are known by now
    _edit(path, "concept delay 3, requisites", lambda y: _once("    days: 7\n", "    days: 7\n    delay: 3\n")(
        _once('  inn: ""\n  kpp: ""\n  ogrn: ""\n', '  inn: "7714123459"\n  kpp: "771401001"\n'
              '  ogrn: "1207700123454"\n')(y)))
    run("change", path, "-m", "Перенос концепций", "--requested-by", "contractor", "--reason",
        "Заказчик задержал материалы", "--requested-on", "2026-09-17")
    run("addendum", path, "--date", "2026-09-18")
    for text in (_pdf(path, "addendum-1-*.pdf"), _docx(path, "addendum-1-*.docx")):
        # 7 + 3 + 10 + 5 working days from 09.09.2026 end on 13.10.2026
        assert ("на следующий день после дня поступления предоплаты на счёт Исполнителя (статья 191 "
                f"{GK}) и завершает их в течение 25 рабочих дней, считая с этого дня (с 9 сентября 2026 г. "
                "по 13 октября 2026 г.)") in text
        assert "14 сентября 2026 г." not in text
        # the addendum confirms them in its text, not only in its requisites block (ГК РФ ст. 452)
        assert ("Стороны подтверждают следующие реквизиты Заказчика, не указанные при заключении Договора: "
                "ИНН 7714123459; КПП 771401001; ОГРН 1207700123454.") in text
    assert "Итого 150 000,00 ₽ 09.09.2026 13.10.2026" in _pdf(path, "addendum-1-*.pdf")


def test_the_addendum_quotes_every_acceptance_criterion_as_each_annex_states_it(p1):
    """R4. A motivated refusal rests only on the criteria of Annex 1 (contract 4.2), so the operative
    clause quotes them exactly as the signed annex had them after «вместо», and as the restated annex
    has them, the 152-ФЗ consent criterion included (ч. 1 ст. 9 152-ФЗ; ГК РФ ст. 452)."""
    run("accept", p1, "design", "--date", "2026-10-23")
    _edit(p1, "split", lambda y: y.replace("    price: 280000\n", "    price: 310000\n", 1).replace(
        "      - Формы регистрации и заказа сохраняют данные и отправляют уведомления\n",
        "      - Формы регистрации и заказа сохраняют данные и отправляют уведомления\n"
        "      - Подключена оплата долями (сплит)\n", 1))
    run("change", p1, "-m", "Оплата долями", "--reason", "Заказчик хочет подключить сплит",
        "--requested-on", "2026-10-26")
    run("addendum", p1, "--date", "2026-10-27")
    consent = ("согласие пользователя на обработку персональных данных в формах сбора данных оформлено "
               "отдельно от иной информации")
    for text in (_pdf(p1, "addendum-1-*.pdf"), _docx(p1, "addendum-1-*.docx")):
        new, _, old = text.partition("критерии приёмки — «")[2].partition("» вместо «")
        assert new.startswith("магазин работает на тестовом домене") and consent in new
        assert "; подключена оплата долями (сплит); согласие" in new
        assert old.startswith("магазин работает на тестовом домене") and consent in old.split("»")[0]
        assert "сплит" not in old.split("»")[0]
        assert "; формы регистрации и заказа" in old  # lower case after «;», as the annex has it


def test_a_price_cut_below_what_was_paid_leaves_the_project_workable(p1):
    """R9. The addendum that lowers the price below what was paid states a refund (ГК РФ п. 4
    ст. 453, ст. 1102); the overpayment is a state the tool made, so later acts are recorded and
    `status` shows the sum owed back."""
    def drop_dev(y: str) -> str:
        y = y[:y.index("  - id: dev")] + y[y.index("  - id: launch"):]
        start, end = y.index("payment:\n  schedule:"), y.index("  days_to_pay")
        return y[:start] + "payment:\n  schedule:\n    - percent: 100\n      on: signing\n" + y[end:]
    _edit(p1, "drop dev", drop_dev)
    run("change", p1, "-m", "Разработку Заказчик выполняет сам", "--requested-on", "2026-10-14")
    run("addendum", p1, "--date", "2026-10-15")
    assert "Подрядчик возвращает Заказчику 4 000 (четыре тысячи) рублей 00 копеек" in _pdf(p1, "addendum-1-*.pdf")
    run("sign", p1, "--date", "2026-10-15")
    assert "recorded act 1 of 2026-10-23: design accepted" in run("accept", p1, "design", "--date",
                                                                   "2026-10-23").output
    status = _flat(run("status", p1).output)
    assert "4 000,00 ₽ received beyond the fee is owed back to the client" in status


def test_a_support_fee_change_is_agreed_by_addendum_restating_annex_3_by_its_numbers(p1):
    """R10. The support annex is part of the signed contract, so its fee is changed in the contract's
    form, by an addendum restating the annex's clause by its signed number (ГК РФ ст. 452 п. 1), signed
    by hand or УКЭП as the contract requires of a document changing a price (ГК РФ ст. 160)."""
    assert "2.1. Абонентская плата составляет 15 000 (пятнадцать тысяч) рублей 00 копеек в месяц." in _pdf(
        p1, "support-*.pdf")
    _edit(p1, "support fee", _once("  monthly_fee: 15000", "  monthly_fee: 18000"))
    run("change", p1, "-m", "Поддержка 18 000 в месяц", "--requested-on", "2026-10-20")
    run("addendum", p1, "--date", "2026-10-21")
    for text in (_pdf(p1, "addendum-1-*.pdf"), _docx(p1, "addendum-1-*.docx")):
        assert ("1.1. Пункт 2.1 Приложения № 3 к Договору изложить в следующей редакции: «2.1. Абонентская "
                "плата составляет 18 000 (восемнадцать тысяч) рублей 00 копеек в месяц.") in text
        assert "применяются с расчётного месяца, следующего за месяцем подписания настоящего Соглашения" in text
        assert "подписывается Сторонами собственноручно" in text  # (the PDF's page may break after it)
        assert "имеет силу оригинала" not in text
    assert "addendum-1: signed on 2026-10-22" in run("sign", p1, "--date", "2026-10-22").output


def test_the_claim_cites_the_addendum_that_restated_the_payment_sub_clause(p1):
    """R6. Sub-clause 3.3.3 was restated by addendum 1 (a stage added); addendum 2 only lengthened a
    stage. The claim, meant for court (АПК РФ ст. 125, 126), cites the sub-clause «в редакции» of
    the addendum that restated it, not of the last one (ГК РФ ст. 452: each addendum amends what it
    states)."""
    _edit(p1, "ozon", _once("  - id: launch\n", "  - id: ozon\n    title: Интеграция с маркетплейсом Ozon\n"
                            "    description: Выгрузка каталога в Ozon\n    acceptance:\n"
                            "      - Заказы Ozon появляются в административной панели магазина\n"
                            "    price: 90000\n    rights_price: 20000\n    days: 8\n    after: [dev]\n"
                            "  - id: launch\n"))
    run("change", p1, "-m", "Ozon", "--requested-on", "2026-10-27")
    run("addendum", p1, "--date", "2026-10-30")
    assert "Подпункт 3.3.3 Договора изложить в следующей редакции" in _pdf(p1, "addendum-1-*.pdf")
    run("sign", p1, "--date", "2026-10-30")
    run("paid", p1, "4", "--date", "2026-11-02")
    run("accept", p1, "design", "--date", "2026-10-23")
    run("paid", p1, "2", "--date", "2026-10-29")
    _edit(p1, "launch longer", _once("    days: 5\n", "    days: 8\n"))
    run("change", p1, "-m", "Запуск дольше", "--requested-on", "2026-11-20")
    run("addendum", p1, "--date", "2026-11-25")
    assert "Подпункт 3.3.3 Договора" not in _pdf(p1, "addendum-2-*.pdf")
    run("sign", p1, "--date", "2026-11-26")
    run("accept", p1, "all", "--date", "2026-12-07")
    run("claim", p1, "--date", "2026-12-28")
    for text in (_pdf(p1, "letter-001-claim-*.pdf"), _docx(p1, "letter-001-claim-*.docx")):
        assert ("В соответствии с подпунктом 3.3.3 Договора (в редакции Дополнительного соглашения № 1) "
                "Заказчик обязан был оплатить 183 000,00 ₽ не позднее 14 декабря 2026 г.") in text
        assert "(в редакции Дополнительного соглашения № 2)" not in text


def test_a_reminder_from_a_company_is_signed_by_its_head(ws):
    """R7.14. An organisation acts through its head (ГК РФ ст. 53 п. 1): the reminder is signed with the
    position and the name, not by «ООО «Студия Пиксель»» alone."""
    import email

    path = _repo(ws, "p1", "ru-14-p1.yaml", "company", "works")
    run("sign", path, "--date", "2026-10-01")
    run("remind", path, "1", "--date", "2026-10-20")
    message = email.message_from_bytes((path / "out" / "letter-001-remind.eml").read_bytes())
    text = next(p.get_payload(decode=True).decode() for p in message.walk()
                if p.get_content_type() == "text/plain")
    text = " ".join(text.replace("\u00a0", " ").split())
    assert "С уважением, Генеральный директор ООО «Студия Пиксель» А. И. Белова" in text


def test_a_claim_to_a_foreign_client_names_it_as_written_and_gives_the_swift(ws):
    """R7.15. A client abroad pays by a SWIFT transfer (the invoices print the SWIFT), so the claim's
    payment details carry it; a foreign position and name are not declined (ГК РФ ст. 1202: the
    company as its register names it)."""
    path = ws / "p4"
    run("new", path, "--as", "ip", "--foreign-client", "--contract", "works")
    _edit(path, "project", lambda _: (DATA / "ru-14-p4.yaml").read_text(encoding="utf-8"))
    run("sign", path, "--date", "2026-11-02")
    run("paid", path, "1", "--date", "2026-11-05")
    run("accept", path, "all", "--date", "2026-11-25")
    run("claim", path, "--date", "2026-12-21")
    for text in (_pdf(path, "letter-001-claim-*.pdf"), _docx(path, "letter-001-claim-*.docx")):
        text = text.replace("\u00a0", " ")
        assert "Кому: Kaffee Nord GmbH, Geschäftsführerin Anna Schmidt, Torstraße 10" in text
        # since issue 24 R8 (session 11): a transfer from abroad has its own Latin block with the SWIFT
        assert "к/с 30101810400000000225." in text and "SWIFT (BIC) SABRRUMM;" in text
        assert "Реквизиты для перевода в EUR (Payment details)" in text


def test_a_letters_plain_text_ends_in_no_stray_bar():
    """R7.4. The signature table's empty cells leave no «|» line in the mail's text/plain part."""
    from contractkit.flows.letters.compose import plain_text

    html = ('<p>Исполнитель</p><table class="parties signatures"><tr><td>_________________ / А. С. Морозова /'
            '</td><td></td></tr><tr><td></td><td></td></tr></table><table><tr><td>Сумма долга</td>'
            '<td>Срок оплаты</td></tr></table>')
    lines = plain_text(html).splitlines()
    assert "|" not in [x.strip() for x in lines]
    assert "_________________ / А. С. Морозова /" in lines and "Сумма долга | Срок оплаты" in lines


def test_a_later_deadline_on_a_stage_counted_in_days_is_warned_of_as_a_cap(p1):
    """R7.18. A stage with `days:` ends when its working days end; a later `deadline:` is only a cap
    and moves nothing, so `change` says so rather than let an addendum amend nothing (ГК РФ ст. 452)."""
    _edit(p1, "cap", _once("    days: 5\n", "    days: 5\n    deadline: 2026-12-21\n"))
    out = _flat(run("change", p1, "-m", "Запуск позже", "--requested-on", "2026-11-20").output)
    assert ("warning: launch: deadline 2026-12-21 is only a cap on its 5 working days, so the stage still "
            "ends on 2026-11-30: the change moves nothing") in out


def test_a_change_of_the_penalty_rate_is_said_to_move_both_penalties(p1):
    """R7.17. One rate sets the client's penalty (9.2) and the contractor's (9.3, ГК РФ ст. 330): a
    change of it is said to move both, so the user is not surprised by the addendum restating 9.3."""
    _edit(p1, "penalty", _once("    per_day: 0.1\n", "    per_day: 0.2\n"))
    out = _flat(run("change", p1, "-m", "Неустойка 0,2 %", "--requested-on", "2026-10-20").output)
    assert ("warning: payment.late_penalty.per_day 0.1 -> 0.2 % a day changes both penalties of the contract: "
            "the client's for late payment and the contractor's for late work") in out
