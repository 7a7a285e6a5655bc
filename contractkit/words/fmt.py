"""Dates, numbers and money formatted as babel does for the document's language (the usual
cases worked out here, without loading babel's locale data; tests/test_cold_paths.py compares)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import cache

from contractkit.cache import memo

LOCALES = {"ru": "ru_RU", "en": "en_US"}


def _nb(text: str) -> str:
    """Babel's narrow no-break space (U+202F) as a plain one (U+00A0): every font has it."""
    return text.replace("\u202f", "\u00a0")


_MONEY: dict[tuple, str] = {}


def money(amount: Decimal, currency: str, lang: str) -> str:
    """«243 500,00 ₽», "$12,200.00". Each exact amount (its type and text: 1 and 1.00 are kept
    apart) is formatted once per process: `log` shows a running total per change request."""
    key = (type(amount), str(amount), currency, lang)
    text = _MONEY.get(key)
    if text is None:
        if len(_MONEY) >= 4096:
            _MONEY.clear()
        text = _MONEY[key] = _plain_money(amount, currency, lang) or _babel_money(amount, currency, lang)
    return text


def _babel_money(amount: Decimal, currency: str, lang: str) -> str:
    from babel.numbers import format_currency

    return _nb(format_currency(amount, currency, locale=_locale(lang)))


_GROUP = {"ru": "\u00a0", "en": ","}
_POINT = {"ru": ",", "en": "."}
_CURRENCY = {("RUB", "ru"): ("", "\u00a0₽"), ("USD", "ru"): ("", "\u00a0$"), ("EUR", "ru"): ("", "\u00a0€"),
             ("GBP", "ru"): ("", "\u00a0£"), ("RUB", "en"): ("RUB", ""), ("USD", "en"): ("$", ""),
             ("EUR", "en"): ("€", ""), ("GBP", "en"): ("£", "")}
"""What babel's ru_RU and en_US patterns put around a sum of these currencies (two decimals each)."""


def _figures(value, lang: str, least: int, most: int) -> str | None:
    """babel's digits for `value` with `least` to `most` decimals in ru_RU or en_US, worked out here:
    loading babel's locale data takes some 20 ms of the first sum a cold render formats (after an
    edit nothing is cached). None where babel would have to round or sign a zero: babel does that."""
    if lang not in _GROUP or type(value) not in (int, Decimal):
        return None
    number = Decimal(value)
    if not number.is_finite() or (number.is_zero() and number.is_signed()):
        return None
    if number.as_tuple().exponent < -most:
        return None
    whole, _, fraction = format(abs(number), "f").partition(".")
    fraction = fraction.rstrip("0").ljust(least, "0")
    text = f"{int(whole):,}".replace(",", _GROUP[lang]) + (_POINT[lang] + fraction if fraction else "")
    return "-" + text if number < 0 else text


def _plain_money(amount, currency: str, lang: str) -> str | None:
    around = _CURRENCY.get((currency, lang))
    figures = _figures(amount, lang, 2, 2) if around and type(amount) is Decimal else None
    if figures is None:
        return None
    sign, figures = ("-", figures[1:]) if figures.startswith("-") else ("", figures)
    return f"{sign}{around[0]}{figures}{around[1]}"


def preload_money(amounts, currency: str, lang: str) -> None:
    """Have money() know these amounts (the Decimals among them) at once: formatted together,
    the lot kept on disk as one entry keyed by them all, babel's files and this module's code. A
    long `log` shows a thousand running totals, and babel takes some 15 µs for each."""
    texts = tuple(dict.fromkeys(str(a) for a in amounts if type(a) is Decimal))
    if texts:
        for text, shown in zip(texts, _moneys(texts, currency, lang), strict=True):
            _MONEY[(Decimal, text, currency, lang)] = shown


def _formatted(value, amounts: tuple[str, ...], *_) -> bool:
    return isinstance(value, list) and len(value) == len(amounts) and all(isinstance(v, str) for v in value)


@memo("words", "babel", valid=_formatted)
def _moneys(amounts: tuple[str, ...], currency: str, lang: str) -> list[str]:
    """money() of each amount, given as the text of a Decimal (which gives it back exactly)."""
    return [money(Decimal(a), currency, lang) for a in amounts]


@cache
def _locale(lang: str):
    """babel's Locale for a language, parsed once (format_currency takes it as it is)."""
    from babel import Locale

    return Locale.parse(LOCALES[lang])


def number(amount: Decimal, lang: str, places: int = 2) -> str:
    """«243 500,00», "12,200.00": a sum without the currency sign."""
    return _figures(amount, lang, places, places) or _babel_number(amount, lang, places)


def _babel_number(amount: Decimal, lang: str, places: int) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return _nb(format_decimal(amount, format=pattern, locale=LOCALES[lang]))


def integer(value: int | Decimal, lang: str) -> str:
    return number(Decimal(value), lang, 0)


def percent(value: Decimal, lang: str) -> str:
    """50 -> «50 %» / "50%"; 0.1 -> «0,1 %»."""
    figure = _figures(value, lang, 0, 3) or _babel_decimal(value, lang)
    return f"{figure}\u00a0%" if lang == "ru" else f"{figure}%"


def _babel_decimal(value, lang: str) -> str:
    from babel.numbers import format_decimal

    return _nb(format_decimal(value, locale=LOCALES[lang]))


DATE_STYLE: ContextVar[str] = ContextVar("date_style", default="")
""""uk" while a document for a client outside the US renders: "1 February 2027", never 02/01/2027."""


@contextmanager
def date_style(style: str):
    """Dates in `style` ("uk" or "") inside the block."""
    token = DATE_STYLE.set(style or "")
    try:
        yield
    finally:
        DATE_STYLE.reset(token)


def long_date(day: date, lang: str, style: str | None = None) -> str:
    """«1 декабря 2026 г.», "December 1, 2026"; in the "uk" style (given, or the block's)
    "1 February 2027"."""
    if lang == "en" and (DATE_STYLE.get() if style is None else style) == "uk":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if lang in _LONG:  # babel's long format, spelled out: loading babel's dates costs a cold render
        return _LONG[lang](day)  # tens of ms (tests/test_words.py compares every day of two centuries)
    from babel.dates import format_date

    return _nb(format_date(day, format="long", locale=LOCALES[lang]))


def short_date(day: date, lang: str) -> str:
    """«01.12.2026», "12/01/2026"; in the "uk" style "1 Feb 2027" (no numeric month to misread)."""
    if lang == "ru":
        return day.strftime("%d.%m.%Y")
    if DATE_STYLE.get() == "uk":
        return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"
    return day.strftime("%m/%d/%Y")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
             "октября", "ноября", "декабря")
_LONG = {"ru": lambda day: f"{day.day} {_GENITIVE[day.month - 1]} {day.year}\u00a0г.",
         "en": lambda day: f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"}
"""babel's format_date(day, "long") in ru_RU and en_US for years 1000-9999, as _nb leaves it."""


def change_orders(addenda, style: str | None = None) -> str:
    """"Change Order No. 1 dated 8 January 2027" / "Change Orders No. 1 dated 8 January 2027 and
    No. 2 dated 15 January 2027": every change order in force, each with its date, one list."""
    items = [f"No. {_get(a, 'number')} dated {long_date(_get(a, 'date'), 'en', style)}" for a in addenda]
    if not items:
        return ""
    if len(items) == 1:
        return "Change Order " + items[0]
    return "Change Orders " + ", ".join(items[:-1]) + " and " + items[-1]


def _get(item, key: str):
    return item[key] if isinstance(item, dict) else getattr(item, key)
