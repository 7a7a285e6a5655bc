"""Issue 24 leftovers (session 11, ru17): a Russian contractor paid in foreign currency (R8),
ст. 395 ГК РФ interest where the contract has no penalty (R14), the offset of an advance (R11).
Every document is read back (pypdf, python-docx, the .eml body)."""

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
