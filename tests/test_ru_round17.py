"""Issue 24 leftovers (session 11, ru17): a Russian contractor paid in foreign currency (R8),
ст. 395 ГК РФ interest where the contract has no penalty (R14), the offset of an advance (R11).
Every document is read back (pypdf, python-docx, the .eml body)."""

import re
from decimal import Decimal
from email import message_from_bytes, policy
from pathlib import Path

from tests.conftest import run
from tests.readback import data_project, normal, out_docx, out_pdf

LATIN = ("  name_latin: IP Volkov Sergey Andreevich\n"
         "  address_latin: 4 Pokrovsky Blvd, apt 9, Moscow, 109028, Russia\n"
         "  email: volkov@webdev.ru")
BANK = ("    swift: SABRRUMM\n    name_latin: Sberbank, Moscow\n    intermediary:\n"
        "      name: Raiffeisen Bank International AG, Vienna\n      swift: RZBAATWW\n"
        "      account: 1-55.077.497")


def _edit(folder: Path, *pairs: tuple[str, str]) -> None:
    import git

    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with git.Repo(folder) as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("edit")


def _eml(folder: Path, pattern: str) -> str:
    found = sorted((folder / "out").glob(pattern))
    assert len(found) == 1, found
    message = message_from_bytes(found[0].read_bytes(), policy=policy.default)
    return normal(message.get_body(preferencelist=("plain",)).get_content())


def _eur_project(tmp_path: Path) -> Path:
    folder = data_project(tmp_path / "p", "ru-14-foreign-client.yaml")
    _edit(folder, ("  email: volkov@webdev.ru", LATIN), ("    swift: SABRRUMM", BANK))
    return folder


TRANSFER = ("Реквизиты для перевода в EUR (Payment details): Beneficiary IP Volkov Sergey Andreevich, "
            "4 Pokrovsky Blvd, apt 9, Moscow, 109028, Russia; Account 40802978138000011111; Beneficiary's "
            "bank Sberbank, Moscow, SWIFT (BIC) SABRRUMM; Intermediary bank Raiffeisen Bank International AG, "
            "Vienna, SWIFT (BIC) RZBAATWW, account 1-55.077.497; Charges OUR; Payment details: Payment under "
            "Contract No. VS-2026-05 dated 02.11.2026.")


def test_a_eur_invoice_carries_what_a_transfer_from_abroad_needs(tmp_path):
    """R8: a client abroad paying in EUR needs the payee's name and address in Latin letters, the
    SWIFT of its bank, the intermediary bank, the account, who bears the charges and the purpose in
    Latin letters with the contract's number and date; the contract states the currency of payment
    and the rouble alternative at the Bank of Russia's rate on the day of payment (ГК РФ п. 2
    ст. 317). The reminder and the claim give the same details."""
    folder = _eur_project(tmp_path)
    run("sign", folder, "--date", "2026-11-02")
    run("invoice", folder, "1", "--date", "2026-11-03")
    for text in (out_pdf(folder, "invoice-*.pdf"), out_docx(folder, "invoice-*.docx")):
        assert "Получатель (Beneficiary) IP Volkov Sergey Andreevich" in text, text[:1500]
        assert "Адрес получателя (Beneficiary's address) 4 Pokrovsky Blvd, apt 9, Moscow, 109028, Russia" in text
        assert "Банк получателя (Beneficiary's bank) Sberbank, Moscow, SWIFT (BIC) SABRRUMM" in text
        assert ("Банк-посредник (Intermediary bank) Raiffeisen Bank International AG, Vienna, SWIFT (BIC) "
                "RZBAATWW, счёт банка получателя (account) 1-55.077.497") in text
        assert "Комиссии банков (Charges) OUR: все комиссии оплачивает плательщик" in text
        assert ("Назначение платежа (Payment details) Invoice No. VS-2026-05/2026-001 dated 03.11.2026, "
                "Contract No. VS-2026-05 dated 02.11.2026") in text
    contract = out_pdf(folder, "contract-*.pdf").replace("- ", "-")
    assert ("Расчёты по Договору производятся в евро. Комиссии банка Заказчика и банков-корреспондентов "
            "оплачивает Заказчик") in contract
    assert ("Заказчик указывает в назначении платежа номер и дату Договора. Заказчик вправе произвести оплату "
            "в российских рублях; в этом случае сумма платежа определяется по официальному курсу евро, "
            "установленному Центральным банком Российской Федерации на день платежа (пункт 2 статьи 317 "
            "Гражданского кодекса Российской Федерации).") in contract
    run("paid", folder, "1", "--date", "2026-11-09")
    for stage in ("concept", "design", "handover"):
        run("accept", folder, stage, "--date", "2026-12-08")
    run("invoice", folder, "2", "--date", "2026-12-08")
    run("remind", folder, "--date", "2027-01-20")
    assert TRANSFER in _eml(folder, "letter-001-remind.eml")
    run("claim", folder, "--date", "2027-01-25", "--format", "pdf")
    assert TRANSFER in _eml(folder, "letter-002-claim.eml")
    assert TRANSFER in out_pdf(folder, "letter-002-claim-*.pdf").replace("- ", "-")


def test_sha_charges_and_a_missing_latin_name_or_swift_are_said(tmp_path):
    """R8: SHA (each side its own bank's charges) changes the contract's clause; `check` warns of a
    foreign-currency project whose payee has no Latin name or whose bank has no SWIFT; a Cyrillic
    "Latin" name and a malformed SWIFT are refused with their field."""
    folder = _eur_project(tmp_path)
    _edit(folder, ("  days_to_pay: 5", "  days_to_pay: 5\n  bank_charges: SHA"))
    run("render", folder, "--doc", "contract", "--format", "pdf")
    contract = out_pdf(folder, "contract-*.pdf").replace("- ", "-")
    assert ("Комиссии банка Заказчика оплачивает Заказчик, комиссии банка Подрядчика — Подрядчик; комиссии "
            "банков-корреспондентов удерживаются из суммы перевода (SHA)") in contract
    assert run("check", folder).output.count("name_latin") == 0
    _edit(folder, ("  name_latin: IP Volkov Sergey Andreevich\n", ""), ("    swift: SABRRUMM\n", ""))
    out = run("check", folder).output
    assert "contractor.name_latin is not set" in out and "contractor.bank has no swift" in out, out
    _edit(folder, ("  address_latin: 4", "  name_latin: ИП Волков\n  address_latin: 4"))
    out = normal(run("check", folder, ok=False).output)
    assert "name_latin" in out and "must be in Latin letters" in out, out
    _edit(folder, ("  name_latin: ИП Волков", "  name_latin: IP Volkov"),
          ("      swift: RZBAATWW", "      swift: RZB-AT"))
    out = normal(run("check", folder, ok=False).output)
    assert "SWIFT (BIC) must be 8 or 11 capital letters and digits" in out, out


def test_a_eur_price_a_russian_client_pays_in_roubles_at_the_rate_of_the_day(tmp_path):
    """R8: between residents a payment in foreign currency is a prohibited currency operation
    (173-ФЗ ч. 1 ст. 9): a price in EUR with a Russian client is paid in roubles at the Bank of
    Russia's rate on the day of payment (ГК РФ п. 2 ст. 317); no SWIFT block is printed."""
    folder = data_project(tmp_path / "p", "ru-14-foreign-client.yaml")
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    start, end = text.index("client:                 # a client"), text.index("brief:")
    russian = ("client:\n  kind: company\n  name: Общество с ограниченной ответственностью «Ромашка»\n"
               "  short_name: ООО «Ромашка»\n  address: 125009, г. Москва, ул. Тверская, д. 1\n"
               "  email: info@romashka.ru\n  inn: \"7707083893\"\n  kpp: \"773601001\"\n"
               "  signatory:\n    name: Кузнецова Марина Сергеевна\n    position: Генеральный директор\n"
               "    basis: charter\n    gender: female\n\n")
    _edit(folder, (text[start:end], russian))
    run("sign", folder, "--date", "2026-11-02")
    run("invoice", folder, "1", "--date", "2026-11-03", "--format", "pdf")
    invoice = out_pdf(folder, "invoice-*.pdf")
    assert ("Оплата производится в российских рублях по официальному курсу евро, установленному Центральным "
            "банком Российской Федерации на день платежа (пункт 2 статьи 317 Гражданского кодекса Российской "
            "Федерации).") in invoice
    assert "Payment details" not in invoice
    contract = out_pdf(folder, "contract-*.pdf")
    assert ("Цена Договора и иные суммы по Договору выражены в евро и оплачиваются в российских рублях по "
            "официальному курсу евро, установленному Центральным банком Российской Федерации на день платежа "
            "(пункт 2 статьи 317 Гражданского кодекса Российской Федерации).") in contract


def _no_penalty(ws: Path, name: str = "r", start: str = "2025-05-05") -> Path:
    """romashka-site with no неустойка clause, signed on `start`, prepaid, every stage accepted."""
    run("new", name, "--from-example", "romashka-site")
    folder = ws / name
    _edit(folder, ("  late_penalty:\n    per_day: 0.1\n    cap: 10\n", ""),
          ("  date: 2026-12-01", f"  date: {start}"), ("  start: 2026-12-01", f"  start: {start}"))
    return folder


def _accept_all(folder: Path, day: str) -> None:
    for stage in ("prototypes", "design", "development", "content"):
        run("accept", folder, stage, "--date", day)


ROWS_395 = [  # ГК РФ п. 1 ст. 395: the key rate of each period (cbr.ru), days / 365 (2025)
    "121 750,00 ₽ с 05.07.2025 по 27.07.2025 23 20 % 365 1 534,38 ₽",
    "121 750,00 ₽ с 28.07.2025 по 01.08.2025 5 18 % 365 300,21 ₽",
    "71 750,00 ₽ с 02.08.2025 по 14.09.2025 44 18 % 365 1 556,88 ₽",
    "71 750,00 ₽ с 15.09.2025 по 26.10.2025 42 17 % 365 1 403,55 ₽",
    "71 750,00 ₽ с 27.10.2025 по 30.10.2025 4 16,5 % 365 129,74 ₽",
]


def test_a_claim_with_no_penalty_clause_counts_article_395_interest_by_key_rate_periods(ws):
    """R14: no неустойка in the contract: the claim demands interest under ГК РФ ст. 395 at the
    Bank of Russia key rate of each period (п. 1), per period of balance and rate, days / 365 or
    366, through the day of payment inclusive (п. 48 ППВС № 7), and onwards until payment (п. 3);
    `status`, `status --json` and the update state the same sum from the same rows."""
    folder = _no_penalty(ws)
    run("sign", folder, "--date", "2025-05-05")
    run("paid", folder, "1", "--date", "2025-05-07")
    _accept_all(folder, "2025-06-27")
    run("paid", folder, "2", "--amount", "50000", "--date", "2025-08-01")
    said = run("claim", folder, "--date", "2025-10-30").output
    assert "debt 71750.00, penalty 4924.76" in said, said
    for text in (out_pdf(folder, "letter-001-claim-*.pdf"), out_docx(folder, "letter-001-claim-*.docx")):
        for row in ROWS_395:
            assert row in text, (row, text[:3000])
        assert ("Договором неустойка за просрочку оплаты не предусмотрена. За пользование чужими денежными "
                "средствами вследствие просрочки в их уплате на сумму долга подлежат уплате проценты в размере "
                "ключевой ставки Банка России, действовавшей в соответствующие периоды (пункт 1 статьи 395 "
                "Гражданского кодекса Российской Федерации).") in text
        assert "Итого проценты 4 924,76 ₽" in text
        assert "121 750,00 ₽ × 20 % × 23 / 365 = 1 534,38 ₽" in text
        assert ("проценты за пользование чужими денежными средствами (статья 395 Гражданского кодекса Российской "
                "Федерации) по 30 октября 2025 г. включительно — 4 924,76 ₽") in text
        assert "всего 76 674 (семьдесят шесть тысяч шестьсот семьдесят четыре) рубля 76 копеек" in text
        assert "(пункт 3 статьи 395 Гражданского кодекса Российской Федерации;" in text
        # ст. 395 п. 4: no penalty was signed, none is claimed: the word is only in «не предусмотрена»
        assert text.lower().count("неустойк") == 1
    import json

    data = json.loads(run("status", folder, "--date", "2025-10-30", "--json").output)
    assert data["late_interest_owed"] == "4924.76"
    periods = data["late_interest"][0]["periods"]
    assert [(p["first"], p["rate"], p["year_days"], p["amount"]) for p in periods] == [
        ("2025-07-05", "20.00", 365, "1534.38"), ("2025-07-28", "18.00", 365, "300.21"),
        ("2025-08-02", "18.00", 365, "1556.88"), ("2025-09-15", "17.00", 365, "1403.55"),
        ("2025-10-27", "16.50", 365, "129.74")]
    assert ("interest (ГК РФ ст. 395) on installment 2: 4 924,76 ₽ (due 2025-07-04, through 2025-10-30, unpaid"
            in normal(run("status", folder, "--date", "2025-10-30").output))
    run("update", folder, "--date", "2025-10-31")
    update = _eml(folder, "letter-002-update.eml")
    assert ("Не оплачены проценты за пользование чужими денежными средствами (статья 395 Гражданского кодекса "
            "Российской Федерации):") in update
    # one day more at 16,5 %: 71 750,00 × 16,5 % × 1 / 365 = 32,43
    assert "проценты по 31 октября 2025 г., просрочка 119 дней) — 4 957,19 ₽" in update
    assert "Из них 4 924,76 ₽ предъявлено в претензии от 30 октября 2025 г." in update


def test_article_395_interest_splits_a_leap_year_and_stops_on_the_day_of_payment(ws):
    """R14: 2024 counts 366 days, 2025 365 (п. 48 ППВС № 7: «по дням» of the actual year); a debt
    paid late owes the interest through the day of payment, claimed with the debts it joins."""
    folder = _no_penalty(ws, "leap", "2024-11-05")
    run("sign", folder, "--date", "2024-11-05")
    run("paid", folder, "1", "--date", "2024-11-06")
    _accept_all(folder, "2024-12-20")
    run("paid", folder, "2", "--date", "2025-01-20")
    import json

    data = json.loads(run("status", folder, "--date", "2025-01-25", "--json").output)
    rows = data["late_interest"][0]["periods"]
    # 121 750 × 21 % × 4 / 366 = 279,43 (28–31.12.2024); × 21 % × 20 / 365 = 1 400,96 (1–20.01.2025)
    assert [(p["first"], p["last"], p["days"], p["rate"], p["year_days"], p["amount"]) for p in rows] == [
        ("2024-12-28", "2024-12-31", 4, "21.00", 366, "279.43"),
        ("2025-01-01", "2025-01-20", 20, "21.00", 365, "1400.96")], rows


def test_a_debt_in_euro_is_not_charged_the_key_rate(tmp_path):
    """R14: for a debt in foreign currency ст. 395 interest runs at the Bank of Russia's average
    short-term credit rates in that currency (п. 39 ППВС № 7), not the key rate: the claim demands
    it, citing the rule, without a key-rate sum."""
    folder = _eur_project(tmp_path)
    _edit(folder, ("  late_penalty:\n    per_day: 0.1        # % of the overdue sum a day\n"
                   "    cap: 10             # % at most\n", ""))
    run("sign", folder, "--date", "2026-11-02")
    run("paid", folder, "1", "--date", "2026-11-09")
    for stage in ("concept", "design", "handover"):
        run("accept", folder, stage, "--date", "2026-12-08")
    said = run("claim", folder, "--date", "2027-01-25", "--format", "pdf").output
    assert "penalty 0 " in said and "total 50000.00" in said, said
    text = out_pdf(folder, "letter-001-claim-*.pdf")
    assert ("размер которых определяется по опубликованным Банком России средним ставкам по краткосрочным "
            "кредитам в этой валюте, действовавшим в соответствующие периоды (пункт 39 Постановления Пленума "
            "Верховного Суда Российской Федерации от 24.03.2016 № 7)") in text
    assert "Ключевая ставка" not in text and "ключевой ставки" not in text


def test_a_claim_never_states_a_key_rate_the_table_lacks(ws, monkeypatch):
    """R14: a claim states the interest as owed; past the days the bundled key rates cover, it is
    refused until the user gives the rates (CONTRACTKIT_KEY_RATE), which it then counts."""
    folder = _no_penalty(ws, "late", "2026-12-01")
    run("sign", folder, "--date", "2026-12-01")
    run("paid", folder, "1", "--date", "2026-12-02")
    _accept_all(folder, "2027-02-01")
    said = normal(run("status", folder, "--date", "2027-03-31").output)  # counted, and the rate said assumed
    assert "interest (ГК РФ ст. 395) on installment 2" in said and "needs the Bank of Russia key rate" in said
    out = normal(run("claim", folder, "--date", "2027-03-31", ok=False).output)
    assert "needs the Bank of Russia key rate after 15.02.2026" in out and "CONTRACTKIT_KEY_RATE" in out, out
    monkeypatch.setenv("CONTRACTKIT_KEY_RATE", "2027-03-01=14.00,2027-03-31=14.00")
    run("claim", folder, "--date", "2027-03-31", "--format", "pdf")
    text = out_pdf(folder, "letter-001-claim-*.pdf")
    assert "с 01.03.2027 по 31.03.2027 31 14 % 365" in text, text[:3000]


def _romashka(ws: Path, start: str = "2025-05-05") -> Path:
    run("new", "pen", "--from-example", "romashka-site")
    folder = ws / "pen"
    _edit(folder, ("  date: 2026-12-01", f"  date: {start}"), ("  start: 2026-12-01", f"  start: {start}"))
    return folder


def _due(folder: Path, number: int) -> str:
    import json

    data = json.loads(run("status", folder, "--json").output)
    return next(i["due"] for i in data["installments"] if i["number"] == number)


def test_the_claims_penalty_cap_is_a_share_of_the_sum_not_paid_in_time_and_its_table_foots(ws):
    """review-ru5 R3: the cap (ГК РФ ст. 330; the contract's 10 %) is taken on the sum not paid in
    time, not on the installment paid in part on its due date; each row states the penalty as the
    rate counts it and the cap is one line below, so the rows add up to the total (АПК РФ ст. 125
    ч. 2 п. 6: the calculation of the sum claimed). review-ru5 R4: a prepayment paid late before any
    work was accepted owes no penalty (ГК РФ ст. 711, 328 п. 2, 719), in the claim as in `status`."""
    folder = _romashka(ws)
    run("sign", folder, "--date", "2025-05-05")
    run("paid", folder, "1", "--date", "2025-05-20")  # due 14.05.2025: six days late, an advance
    _accept_all(folder, "2025-07-01")
    due = _due(folder, 2)
    run("paid", folder, "2", "--amount", "50000", "--date", due)  # in time: 71 750 not paid in time
    said = run("claim", folder, "--date", "2025-12-31").output
    import json

    owed = json.loads(run("status", folder, "--date", "2025-12-31", "--json").output)["late_interest_owed"]
    assert owed == "0" and "penalty 7175.00" in said, (owed, said)
    for text in (out_pdf(folder, "letter-001-claim-*.pdf"), out_docx(folder, "letter-001-claim-*.docx")):
        assert "(71 750,00 ₽ × 10 % = 7 175,00 ₽) и составляет 7 175,00 ₽" in text, text[:4000]
        assert "121 750,00 ₽ × 10 %" not in text
        assert "Ограничение (пункт 9.2 Договора): 10 % от 71 750,00 ₽ −" in text, text[:4000]
        row = re.search(r"71 750,00 ₽ \d\d\.\d\d\.2025 с \S+ по 31\.12\.2025 (\d+) 0,1 % ([\d ]+,\d\d) ₽", text)
        days = int(row.group(1))
        raw = Decimal("71750") * Decimal("0.001") * days
        assert row.group(2).replace(" ", "") == f"{raw:.2f}".replace(".", ","), row.group(0)
        cut = re.search(r"Ограничение \(пункт 9\.2 Договора\): 10 % от 71 750,00 ₽ −([\d ]+,\d\d) ₽", text)
        assert Decimal(cut.group(1).replace(" ", "").replace(",", ".")) == raw - Decimal("7175.00")
        assert "Итого неустойка 7 175,00 ₽" in text
        assert "оплаченной 20 мая 2025" not in text and "121 750,00 ₽ × 0,1 % × 6" not in text
