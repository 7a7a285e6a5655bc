"""Sums in words, in the form contracts use.

ru: «243 500 (двести сорок три тысячи пятьсот) рублей 00 копеек»
en: "$12,200.00 (twelve thousand two hundred US dollars)"
"""

from __future__ import annotations

from decimal import Decimal

from contractkit.cache import memo
from contractkit.money import minor_unit
from contractkit.words import cardinals, fmt

# Russian: (one, few, many) for the major and minor unit.
RU_UNITS = {
    "RUB": (("рубль", "рубля", "рублей"), ("копейка", "копейки", "копеек")),
    "USD": (("доллар США", "доллара США", "долларов США"), ("цент", "цента", "центов")),
    "EUR": (("евро", "евро", "евро"), ("цент", "цента", "центов")),
    "KZT": (("тенге", "тенге", "тенге"), ("тиын", "тиына", "тиынов")),
    "BYN": (("белорусский рубль", "белорусских рубля", "белорусских рублей"),
            ("копейка", "копейки", "копеек")),
    "CNY": (("юань", "юаня", "юаней"), ("фэнь", "фэня", "фэней")),
    "GBP": (("фунт стерлингов", "фунта стерлингов", "фунтов стерлингов"),
            ("пенс", "пенса", "пенсов")),
}
# English: (singular, plural) for the major and minor unit.
EN_UNITS = {
    "USD": (("US dollar", "US dollars"), ("cent", "cents")),
    "EUR": (("euro", "euros"), ("cent", "cents")),
    "GBP": (("pound sterling", "pounds sterling"), ("penny", "pence")),
    "RUB": (("Russian rouble", "Russian roubles"), ("kopeck", "kopecks")),
    "CAD": (("Canadian dollar", "Canadian dollars"), ("cent", "cents")),
    "AUD": (("Australian dollar", "Australian dollars"), ("cent", "cents")),
}


def ru_plural(n: int, forms: tuple[str, str, str]) -> str:
    """The Russian form for n: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def integer_words(n: int, lang: str) -> str:
    """Cardinal words: «двести сорок три тысячи пятьсот», "two hundred forty-three thousand"
    (words/cardinals.py, num2words' words without importing it; num2words for the rest)."""
    return cardinals.spelled(n, lang) or num2words_words(n, lang)


@memo("words", "num2words")  # cached on disk: importing num2words loads every language it has
def num2words_words(n: int, lang: str) -> str:
    """num2words' cardinal, in contract style."""
    from num2words import num2words

    words = num2words(n, lang=lang)
    if lang == "en":  # contract style: no "and", no commas
        words = words.replace(" and ", " ").replace(",", "")
    return words


def _parts(amount: Decimal, currency: str) -> tuple[int, int, int]:
    places = -minor_unit(currency).as_tuple().exponent
    major = int(amount)
    minor = int((amount - major) * (10**places))
    return major, minor, places


def in_words(amount: Decimal, currency: str, lang: str) -> str:
    """The sum with figures and words, as written in a contract."""
    if amount < 0:
        raise ValueError("a sum in words must not be negative; word the sign in the sentence")
    major, minor, places = _parts(amount, currency)
    if lang == "ru":
        return _ru(major, minor, places, currency)
    return _en(amount, major, minor, currency)


def _ru(major: int, minor: int, places: int, currency: str) -> str:
    unit, sub = RU_UNITS.get(currency, ((currency,) * 3, ("", "", "")))
    text = f"{fmt.integer(major, 'ru')} ({integer_words(major, 'ru')}) {ru_plural(major, unit)}"
    if places:
        text += f" {minor:0{places}d} {ru_plural(minor, sub)}".rstrip()
    return text


def _en(amount: Decimal, major: int, minor: int, currency: str) -> str:
    (one, many), (cent, cents) = EN_UNITS.get(currency, ((currency, currency), ("", "")))
    words = f"{_en_words(major, currency)} {one if major == 1 else many}"
    if minor:
        words += f" and {_en_words(minor, currency)} {cent if minor == 1 else cents}"
    return f"{fmt.money(amount, currency, 'en')} ({words})"


def _en_words(n: int, currency: str) -> str:
    """British usage for sterling ("five thousand seven hundred and sixty pounds"), US otherwise."""
    return (cardinals.british(n) if currency == "GBP" else None) or integer_words(n, "en")
