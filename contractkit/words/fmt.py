"""Dates, numbers and money formatted by babel for the document's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

LOCALES = {"ru": "ru_RU", "en": "en_US"}


def _nb(text: str) -> str:
    """Babel's narrow no-break space (U+202F) as a plain one (U+00A0): every font has it."""
    return text.replace("\u202f", "\u00a0")


def money(amount: Decimal, currency: str, lang: str) -> str:
    """«243 500,00 ₽», "$12,200.00"."""
    from babel.numbers import format_currency

    return _nb(format_currency(amount, currency, locale=LOCALES[lang]))


def number(amount: Decimal, lang: str, places: int = 2) -> str:
    """«243 500,00», "12,200.00": a sum without the currency sign."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return _nb(format_decimal(amount, format=pattern, locale=LOCALES[lang]))


def integer(value: int | Decimal, lang: str) -> str:
    return number(Decimal(value), lang, 0)


def percent(value: Decimal, lang: str) -> str:
    """50 -> «50 %» / "50%"; 0.1 -> «0,1 %»."""
    from babel.numbers import format_decimal

    figure = _nb(format_decimal(value, locale=LOCALES[lang]))
    return f"{figure}\u00a0%" if lang == "ru" else f"{figure}%"


def long_date(day: date, lang: str) -> str:
    """«1 декабря 2026 г.», "December 1, 2026"."""
    from babel.dates import format_date

    return _nb(format_date(day, format="long", locale=LOCALES[lang]))


def short_date(day: date, lang: str) -> str:
    """«01.12.2026», "12/01/2026"."""
    return day.strftime("%d.%m.%Y") if lang == "ru" else day.strftime("%m/%d/%Y")
