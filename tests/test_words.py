"""Sums in words in the contract form, dates and numbers in the locale."""

from datetime import date
from decimal import Decimal

import pytest

from contractkit.words import amounts, fmt

NB = "\u00a0"

RU = [
    ("1", "1 (один) рубль 00 копеек"),
    ("2", "2 (два) рубля 00 копеек"),
    ("5", "5 (пять) рублей 00 копеек"),
    ("11", "11 (одиннадцать) рублей 00 копеек"),
    ("12", "12 (двенадцать) рублей 00 копеек"),
    ("21", "21 (двадцать один) рубль 00 копеек"),
    ("22", "22 (двадцать два) рубля 00 копеек"),
    ("100", "100 (сто) рублей 00 копеек"),
    ("111", "111 (сто одиннадцать) рублей 00 копеек"),
    ("1000", "1 000 (одна тысяча) рублей 00 копеек"),
    ("1001", "1 001 (одна тысяча один) рубль 00 копеек"),
    ("2000", "2 000 (две тысячи) рублей 00 копеек"),
    ("2002", "2 002 (две тысячи два) рубля 00 копеек"),
    ("5000", "5 000 (пять тысяч) рублей 00 копеек"),
    ("11000", "11 000 (одиннадцать тысяч) рублей 00 копеек"),
    ("21000", "21 000 (двадцать одна тысяча) рублей 00 копеек"),
    ("22000", "22 000 (двадцать две тысячи) рублей 00 копеек"),
    ("101000", "101 000 (сто одна тысяча) рублей 00 копеек"),
    ("1000000", "1 000 000 (один миллион) рублей 00 копеек"),
    ("2000000", "2 000 000 (два миллиона) рублей 00 копеек"),
    ("0.01", "0 (ноль) рублей 01 копейка"),
    ("0.02", "0 (ноль) рублей 02 копейки"),
    ("0.05", "0 (ноль) рублей 05 копеек"),
    ("0.11", "0 (ноль) рублей 11 копеек"),
    ("0.21", "0 (ноль) рублей 21 копейка"),
    ("1.01", "1 (один) рубль 01 копейка"),
    ("243500", "243 500 (двести сорок три тысячи пятьсот) рублей 00 копеек"),
    ("121750", "121 750 (сто двадцать одна тысяча семьсот пятьдесят) рублей 00 копеек"),
    ("49250", "49 250 (сорок девять тысяч двести пятьдесят) рублей 00 копеек"),
    ("292750", "292 750 (двести девяносто две тысячи семьсот пятьдесят) рублей 00 копеек"),
    ("265000", "265 000 (двести шестьдесят пять тысяч) рублей 00 копеек"),
    ("24625", "24 625 (двадцать четыре тысячи шестьсот двадцать пять) рублей 00 копеек"),
    ("99999.99", "99 999 (девяносто девять тысяч девятьсот девяносто девять) рублей 99 копеек"),
]

EN = [
    ("1", "$1.00 (one US dollar)"),
    ("2", "$2.00 (two US dollars)"),
    ("21", "$21.00 (twenty-one US dollars)"),
    ("100", "$100.00 (one hundred US dollars)"),
    ("101", "$101.00 (one hundred one US dollars)"),
    ("1000", "$1,000.00 (one thousand US dollars)"),
    ("2000", "$2,000.00 (two thousand US dollars)"),
    ("21000", "$21,000.00 (twenty-one thousand US dollars)"),
    ("101000", "$101,000.00 (one hundred one thousand US dollars)"),
    ("1000000", "$1,000,000.00 (one million US dollars)"),
    ("12200", "$12,200.00 (twelve thousand two hundred US dollars)"),
    ("14480", "$14,480.00 (fourteen thousand four hundred eighty US dollars)"),
    ("2280", "$2,280.00 (two thousand two hundred eighty US dollars)"),
    ("912", "$912.00 (nine hundred twelve US dollars)"),
    ("4880", "$4,880.00 (four thousand eight hundred eighty US dollars)"),
    ("3660", "$3,660.00 (three thousand six hundred sixty US dollars)"),
    ("0.01", "$0.01 (zero US dollars and one cent)"),
    ("0.02", "$0.02 (zero US dollars and two cents)"),
    ("0.05", "$0.05 (zero US dollars and five cents)"),
    ("0.11", "$0.11 (zero US dollars and eleven cents)"),
    ("0.21", "$0.21 (zero US dollars and twenty-one cents)"),
    ("1.01", "$1.01 (one US dollar and one cent)"),
    ("12200.50", "$12,200.50 (twelve thousand two hundred US dollars and fifty cents)"),
    ("999999.99",
     "$999,999.99 (nine hundred ninety-nine thousand nine hundred ninety-nine US dollars"
     " and ninety-nine cents)"),
    ("1234567.89",
     "$1,234,567.89 (one million two hundred thirty-four thousand five hundred sixty-seven"
     " US dollars and eighty-nine cents)"),
    ("15", "$15.00 (fifteen US dollars)"),
    ("40", "$40.00 (forty US dollars)"),
    ("350", "$350.00 (three hundred fifty US dollars)"),
    ("95", "$95.00 (ninety-five US dollars)"),
    ("110000", "$110,000.00 (one hundred ten thousand US dollars)"),
]


@pytest.mark.parametrize(("value", "expected"), RU)
def test_russian_sums_in_words(value, expected):
    assert amounts.in_words(Decimal(value), "RUB", "ru").replace(NB, " ") == expected


@pytest.mark.parametrize(("value", "expected"), EN)
def test_english_sums_in_words(value, expected):
    assert amounts.in_words(Decimal(value), "USD", "en") == expected


def test_other_currencies():
    assert amounts.in_words(Decimal("21"), "EUR", "ru").replace(NB, " ") == "21 (двадцать один) евро 00 центов"
    assert amounts.in_words(Decimal("2"), "EUR", "en") == "€2.00 (two euros)"


def test_negative_sum_is_refused():
    with pytest.raises(ValueError):
        amounts.in_words(Decimal("-1"), "RUB", "ru")


def test_dates_and_money_in_the_locale():
    assert fmt.long_date(date(2026, 12, 1), "ru") == "1 декабря 2026\u00a0г."
    assert fmt.long_date(date(2026, 11, 30), "en") == "November 30, 2026"
    assert fmt.money(Decimal("243500"), "RUB", "ru").replace(NB, " ") == "243 500,00 ₽"
    assert fmt.money(Decimal("12200"), "USD", "en") == "$12,200.00"
    assert fmt.percent(Decimal("0.1"), "ru").replace(NB, " ") == "0,1 %"


def test_long_dates_are_babels_long_format_for_every_day_of_two_centuries():
    """words/fmt.py spells the long date out rather than loading babel's dates: the same text."""
    from datetime import timedelta

    from babel.dates import format_date

    day, last = date(1900, 1, 1), date(2100, 12, 31)
    while day <= last:
        for lang, locale in fmt.LOCALES.items():
            assert fmt.long_date(day, lang) == fmt._nb(format_date(day, format="long", locale=locale)), (day, lang)
        day += timedelta(days=1)
