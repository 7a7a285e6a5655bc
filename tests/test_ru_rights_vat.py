"""review-ru5 R17 (issue 24): with `ip_transfer: full_payment` the works act states the works' price and
the remuneration for the exclusive right apart, and the rights act is the one the right's VAT and
счёт-фактура count from.

НК РФ ст. 39 п. 1 and ст. 167 п. 1 пп. 1: the tax base for the transfer of a property right arises on
the day it is transferred; ст. 171 п. 2, ст. 172 п. 1: the buyer deducts its VAT once the right is
acquired; ст. 168 п. 3: the счёт-фактура within 5 calendar days of that day; ст. 9 402-ФЗ: the
primary document states the fact of economic life as it is.
"""

from __future__ import annotations

from decimal import Decimal

from contractkit.state.rights import act_split
from tests.conftest import run
from tests.readback import data_project, docx_text, edit_committed, normal, once, pdf_body, pdf_pages, words
from tests.test_billing import book

HEAD = "Договор № МП-2026-17 от 21 декабря 2026 г."


def _app(ws, name="a", edit=None):
    """RU-18 (a): an ОСН studio (VAT 22 % within the prices), the right to the design (120 000 ₽ of
    the stage's 360 000 ₽) and to the program (600 000 ₽ of 1 440 000 ₽) passing on full payment."""
    path = data_project(ws / name, "ru-18-app.yaml")
    if edit:
        edit_committed(path, "tax", edit)
    run("sign", path, "--date", "2026-12-21")
    run("paid", path, "prepayment", "--date", "2026-12-23")
    return path


def _act(path, number: int) -> tuple[str, str]:
    """(PDF text, DOCX text) of act N, normalised and without the running head: the signed document is
    the PDF, the DOCX its copy, and they say the same words."""
    pdf = normal(pdf_body(next((path / "out").glob(f"act-{number}-*.pdf")), HEAD, "Страница"))
    docx = normal(docx_text(next((path / "out").glob(f"act-{number}-*.docx"))))
    assert words(pdf) == words(docx)
    return pdf, docx


def test_osn_works_act_splits_the_stage_price_and_invoices_the_works_only(ws):
    """НК РФ ст. 167 п. 1 пп. 1, ст. 39 п. 1: the right to the design is not transferred by the works
    act, so its remuneration is not «стоимость выполненных работ» and its счёт-фактура does not count
    from this act (ст. 168 п. 3); the parts add up to the stage's price to the kopeck."""
    path = _app(ws)
    run("accept", path, "design", "--date", "2027-01-20")
    for text in _act(path, 1):
        assert ("Цена этапа, принятого по настоящему Акту, составляет 360 000 (триста шестьдесят тысяч) рублей "
                "00 копеек, в том числе НДС 22 % — 64 918 (шестьдесят четыре тысячи девятьсот восемнадцать) "
                "рублей 03 копейки, из них:") in text, text
        assert ("стоимость выполненных работ — 240 000 (двести сорок тысяч) рублей 00 копеек, в том числе "
                "НДС 22 % — 43 278 (сорок три тысячи двести семьдесят восемь) рублей 69 копеек;") in text
        assert ("вознаграждение за отчуждение исключительного права на результат этапа «UX/UI-дизайн "
                "приложения» (пункт 3 статьи 1234 Гражданского кодекса Российской Федерации) — 120 000 (сто "
                "двадцать тысяч) рублей 00 копеек, в том числе НДС 22 % — 21 639 (двадцать одна тысяча "
                "шестьсот тридцать девять) рублей 34 копейки.") in text
        assert ("Исключительное право на результат переходит к Заказчику не по настоящему Акту, а с даты "
                "подписания Сторонами акта о передаче исключительных прав после полной оплаты цены Договора "
                "(пункт 11.2 Договора, пункт 4 статьи 1234") in text
        # the счёт-фактура of this act: the works; the right's: from the rights act (ст. 167, 168)
        assert ("Счёт-фактура на стоимость выполненных работ, указанную в настоящем Акте, оформленный в "
                "соответствии со статьёй 169 Налогового кодекса Российской Федерации, выставляется "
                "Подрядчиком не позднее 5 календарных дней, считая со дня подписания настоящего Акта (пункт 3 "
                "статьи 168 Налогового кодекса Российской Федерации); счёт-фактура на вознаграждение за "
                "отчуждение исключительного права выставляется не позднее 5 календарных дней, считая со дня "
                "подписания акта о передаче исключительных прав") in text
        assert "Стоимость выполненных работ по настоящему Акту составляет 360 000" not in text
    # the figures are the deal state's: works + right = the stage's price and VAT, to the kopeck
    b = book(path)
    split = act_split(b.state, ["design"], b.acts[0].date, Decimal("360000.00"), Decimal("64918.03"))
    assert split["works"] + split["rights"] == Decimal("360000.00")
    assert split["works_vat"] + split["rights_vat"] == Decimal("64918.03")
    assert (split["rights"], split["rights_vat"]) == (Decimal("120000.00"), Decimal("21639.34"))


def test_the_contract_states_the_same_split_and_the_rights_acts_own_invoice_date(ws):
    """The contract's 3.1/11.2 state the same remuneration as the act (one truth), and its счёт-фактура
    clause names the rights act for it (НК РФ ст. 167 п. 1 пп. 1, ст. 168 п. 3)."""
    path = _app(ws)
    contract = normal(" ".join(pdf_pages(next((path / "out").glob("contract-*.pdf")))))
    assert ("за результат этапа «UX/UI-дизайн приложения» — 120 000,00 ₽, в том числе НДС 22 % — 21 639,34 ₽"
            in contract), contract
    assert ("со дня подписания акта сдачи-приёмки выполненных Работ (пункт 3 статьи 168 Налогового кодекса "
            "Российской Федерации), а на вознаграждение за отчуждение исключительного права — не позднее 5 "
            "календарных дней, считая со дня подписания акта о передаче исключительных прав (подпункт 1 "
            "пункта 1 статьи 167 Налогового кодекса Российской Федерации)") in contract


def test_osn_rights_act_states_the_vat_and_its_invoice_date(ws):
    """НК РФ ст. 168 п. 3, ст. 167 п. 1 пп. 1: the right passes, and is realised, by the rights act;
    its счёт-фактура counts from it, so the client deducts the VAT when the right is his (ст. 171 п. 2,
    ст. 172 п. 1)."""
    path = _app(ws)
    run("accept", path, "all", "--date", "2027-04-20")
    run("paid", path, "--amount", "1344000", "--date", "2027-04-26")
    out = run("accept", path, "--rights", "--date", "2027-04-27").output
    assert "exclusive rights transferred" in out
    for text in _act(path, 2):
        assert ("Вознаграждение за отчуждение исключительных прав на результаты составляет 720 000 (семьсот "
                "двадцать тысяч) рублей 00 копеек, в том числе НДС 22 % — 129 836 (сто двадцать девять тысяч "
                "восемьсот тридцать шесть) рублей 07 копеек, входит в цену Договора и уплачено в её составе."
                ) in text, text
        assert ("Счёт-фактура на вознаграждение за отчуждение исключительных прав, оформленный в "
                "соответствии со статьёй 169 Налогового кодекса Российской Федерации, выставляется "
                "Подрядчиком не позднее 5 календарных дней, считая со дня подписания настоящего Акта (пункт 3 "
                "статьи 168 Налогового кодекса Российской Федерации).") in text
    # the works act for all stages: the works and both rights apart, adding up to the price and its
    # VAT to the kopeck (1 200 000 + 720 000; 216 393,44 + 129 836,07 = 346 229,51), the rights' sum
    # the same as the rights act's and the contract's 3.1 (one truth)
    works, _ = _act(path, 1)
    assert ("Цена этапов, принятых по настоящему Акту, составляет 1 920 000 (один миллион девятьсот двадцать "
            "тысяч) рублей 00 копеек, в том числе НДС 22 % — 346 229 (триста сорок шесть тысяч двести двадцать "
            "девять) рублей 51 копейка, из них: стоимость выполненных работ — 1 200 000 (один миллион двести "
            "тысяч) рублей 00 копеек, в том числе НДС 22 % — 216 393 (двести шестнадцать тысяч триста девяносто "
            "три) рубля 44 копейки; вознаграждение за отчуждение исключительного права на результаты этапов "
            "(пункт 3 статьи 1234 Гражданского кодекса Российской Федерации) — 720 000 (семьсот двадцать тысяч) "
            "рублей 00 копеек, в том числе НДС 22 % — 129 836 (сто двадцать девять тысяч восемьсот тридцать "
            "шесть) рублей 07 копеек, из них за результат этапа «UX/UI-дизайн приложения» — 120 000,00 ₽, за "
            "программу для ЭВМ «Фитнес-дневник» — результат этапа «Разработка мобильных приложений» — "
            "600 000,00 ₽.") in works, works
    # the final act's summary does not call the rights' price «выполнено Работ» either
    assert ("Всего по Договору принято этапов на 1 920 000 (один миллион девятьсот двадцать тысяч) рублей 00 "
            "копеек, включая вознаграждение за отчуждение исключительного права, которое переходит к Заказчику "
            "по акту о передаче исключительных прав") in works
    assert "выполнено Работ на" not in works
    contract = normal(" ".join(pdf_pages(next((path / "out").glob("contract-*.pdf")))))
    assert ("вознаграждение за отчуждение исключительного права на Результаты (пункт 3 статьи 1234 Гражданского "
            "кодекса Российской Федерации) в размере 720 000 (семьсот двадцать тысяч) рублей 00 копеек, в том "
            "числе НДС 22 % — 129 836 (сто двадцать девять тысяч восемьсот тридцать шесть) рублей 07 копеек"
            ) in contract


def test_usn_rights_act_says_why_no_vat_and_promises_no_invoice(ws):
    """A contractor on УСН without VAT (НК РФ ст. 145 п. 1, ст. 168 п. 5): the works act still parts
    the price (ст. 9 402-ФЗ), with no VAT in it; the rights act says «Без налога (НДС)» and why, and
    no счёт-фактура."""
    usn = once("tax:\n  regime: general\n  vat: 22\n  prices_include_vat: true\n", "tax:\n  regime: usn\n")
    path = _app(ws, "usn", usn)
    run("accept", path, "design", "--date", "2027-01-20")
    for text in _act(path, 1):
        assert ("стоимость выполненных работ — 240 000 (двести сорок тысяч) рублей 00 копеек; вознаграждение "
                "за отчуждение исключительного права на результат этапа «UX/UI-дизайн приложения»") in text, text
        assert "НДС 22" not in text and "Счёт-фактура" not in text
    run("accept", path, "app", "release", "--date", "2027-04-20")
    run("paid", path, "--amount", "1344000", "--date", "2027-04-26")
    run("accept", path, "--rights", "--date", "2027-04-27")
    for text in _act(path, 3):
        assert ("входит в цену Договора и уплачено в её составе. Цена Договора составляет 1 920 000 (один "
                "миллион девятьсот двадцать тысяч) рублей 00 копеек и уплачена Заказчиком полностью. Без налога "
                "(НДС): Подрядчик применяет упрощённую систему налогообложения") in text, text
        assert "Счёт-фактура" not in text and "НДС 22" not in text


def test_on_acceptance_the_act_passes_the_right_and_keeps_the_whole_price(ws):
    """With `ip_transfer: acceptance` the right passes with the act (ГК РФ п. 4 ст. 1234), so its
    remuneration is realised with the works (НК РФ ст. 167 п. 1 пп. 1): one price, one счёт-фактура."""
    path = _app(ws, "acc", once("ip_transfer: full_payment", "ip_transfer: acceptance"))
    run("accept", path, "design", "--date", "2027-01-20")
    for text in _act(path, 1):
        assert ("Стоимость выполненных работ по настоящему Акту составляет 360 000 (триста шестьдесят тысяч) "
                "рублей 00 копеек, в том числе НДС 22 % — 64 918") in text, text
        assert "из них:" not in text
        assert ("Счёт-фактура, оформленный в соответствии со статьёй 169 Налогового кодекса Российской "
                "Федерации, выставляется Подрядчиком не позднее 5 календарных дней, считая со дня подписания "
                "настоящего Акта") in text
