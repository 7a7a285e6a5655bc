"""Exact money: rounding to the currency's minor unit, VAT, installment splits."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

ZERO = Decimal(0)


PRECISION = {"RUB": 2, "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "KZT": 2, "BYN": 2, "JPY": 0}
"""babel's digits after the point of the currencies most projects use, so that a render need not
load babel's data for them (tests/test_money.py compares them with babel's)."""


@cache
def minor_unit(currency: str) -> Decimal:
    """Decimal('0.01') for RUB/USD, Decimal('1') for JPY."""
    if currency in PRECISION:
        return Decimal(1).scaleb(-PRECISION[currency])
    from babel.numbers import get_currency_precision

    return Decimal(1).scaleb(-get_currency_precision(currency))


def to_minor(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit, the way invoices are rounded."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    return to_minor(amount * percent / 100, currency)


def vat_on(net: Decimal, rate: Decimal, currency: str) -> Decimal:
    """VAT charged on top of a net price."""
    return percent_of(net, rate, currency)


def vat_within(gross: Decimal, rate: Decimal, currency: str) -> Decimal:
    """VAT contained in a price that includes it: gross × rate / (100 + rate)."""
    return to_minor(gross * rate / (100 + rate), currency)


def split(total: Decimal, shares: list[Decimal | None], fixed: list[Decimal | None],
          currency: str) -> list[Decimal]:
    """Amounts of installments given as percent shares or fixed sums.

    Percent shares are rounded to the minor unit; the last installment takes whatever
    remains, so the amounts always add up to the total exactly.
    """
    amounts = [
        f if f is not None else percent_of(total, s or ZERO, currency)
        for s, f in zip(shares, fixed, strict=True)
    ]
    if amounts:
        amounts[-1] = total - sum(amounts[:-1], ZERO)
    return amounts


def dated_rates(text: str, setting: str, example: str) -> dict:
    """{day: percent} from a setting such as "2026-02-16=15.50,2026-04-27=14" (the day a rate took
    effect): rates a table lacks, given by the user; a malformed entry is an OptionError naming it."""
    from datetime import date

    from contractkit.errors import OptionError

    out: dict[date, Decimal] = {}
    for entry in filter(None, (x.strip() for x in text.split(","))):
        day, _, rate = entry.partition("=")
        try:
            when, value = date.fromisoformat(day.strip()), Decimal(rate.strip())
        except (ValueError, ArithmeticError):
            raise OptionError(f"{setting}: {entry!r} is not DATE=RATE, e.g. {example}") from None
        if not 0 <= value < 100:
            raise OptionError(f"{setting}: {entry!r}: the rate is a percentage a year, e.g. {example}")
        out[when] = value
    return out
