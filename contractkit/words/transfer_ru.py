"""A Russian contractor paid in foreign currency: what a transfer from abroad needs, and how a
price in foreign currency is paid by a Russian payer.

A SWIFT transfer names the payee in Latin letters with its address, the payee's bank by its SWIFT
(BIC), the correspondent bank it passes through, the account, who bears the charges (OUR or SHA)
and the purpose in Latin letters with the contract's number and date, which the contractor's bank
matches against the contract for currency control (173-ФЗ ст. 19, 23). Between residents a price
in foreign currency is paid in roubles (173-ФЗ ч. 1 ст. 9; ГК РФ п. 2 ст. 317): at the official
rate of the Bank of Russia on the day of payment unless the contract sets another.
"""

from __future__ import annotations

from contractkit.words import jurisdiction
from contractkit.words.foreign_ru import abroad

ICAO = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
                 "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"],
                strict=True))
"""Russian letters in Latin as a Russian passport writes them (ICAO Doc 9303; Приказ МВД России
от 16.11.2020 № 773)."""
SIGNS = {"№": "No.", "«": "'", "»": "'", "\"": "'", "—": "-", "–": "-", "\u00a0": " ", "_": "-"}


OF_CURRENCY = {"EUR": "евро", "USD": "доллара США", "GBP": "фунта стерлингов", "CNY": "китайского юаня",
               "KZT": "казахстанского тенге", "BYN": "белорусского рубля", "AED": "дирхама ОАЭ",
               "UZS": "узбекского сума", "CHF": "швейцарского франка", "TRY": "турецкой лиры",
               "AMD": "армянского драма", "INR": "индийской рупии", "JPY": "японской иены"}
"""«по официальному курсу евро»: the currency in the genitive; else its ISO code."""


def rate_of(currency: str) -> str:
    """«евро», «доллара США»: what «официальный курс …» names."""
    return OF_CURRENCY.get(currency, currency)


def latin(text: str) -> str:
    """`text` in Latin letters as a SWIFT transfer carries it: Cyrillic by ICAO, signs replaced."""
    out = []
    for c in text:
        low = c.lower()
        if low in ICAO:
            t = ICAO[low]
            out.append(t.capitalize() if c != low else t)
        else:
            out.append(SIGNS.get(c, c if c.isascii() and (c.isalnum() or c in "/-?:().,'+ ") else ""))
    return "".join(out)


def foreign(project) -> bool:
    """A Russian document of a price in a currency other than the rouble."""
    return project.language == "ru" and project.currency != "RUB"


def transfer(project) -> dict | None:
    """The details of a transfer from abroad in the contract's foreign currency; None for roubles or
    a payer in Russia (which pays in roubles: `rouble_payer`)."""
    if not foreign(project) or not abroad(project.client):
        return None
    c, bank = project.contractor, project.contractor.bank
    mid = bank.intermediary if bank else None
    number, day = latin(project.contract.number), f"{project.contract.date:%d.%m.%Y}"
    return {
        "payee": c.name_latin, "payee_address": c.address_latin,
        "account": bank.account if bank else "", "iban": bool(bank) and jurisdiction.is_iban(bank.account),
        "bank": (bank.name_latin or bank.name) if bank else "", "swift": bank.swift if bank else "",
        "intermediary": mid.plain() if mid else None,
        "charges": project.payment.bank_charges,
        "contract": f"Contract No. {number} dated {day}",
        "currency": project.currency,
    }


def rouble_payer(project) -> bool:
    """A price in foreign currency a payer in Russia pays in roubles (173-ФЗ ч. 1 ст. 9)."""
    return foreign(project) and not abroad(project.client)


def missing(project) -> list[str]:
    """What a transfer from abroad lacks: the contractor's SWIFT, its name in Latin letters."""
    if transfer(project) is None:
        return []
    bank = project.contractor.bank
    out = [] if bank is not None and bank.swift else ["contractor.bank.swift (the SWIFT (BIC) of your bank)"]
    if not project.contractor.name_latin:
        out.append("contractor.name_latin (your name in Latin letters, as the account is opened)")
    return out
