"""The Bank of Russia's key rate by periods: what ст. 395 ГК РФ interest is counted at.

ГК РФ п. 1 ст. 395: where the contract sets no other rate (and no неустойка: п. 4), interest on a
money debt is at the key rate of the Bank of Russia in force in the respective periods; simple,
per day, on the days of the year (365 or 366: п. 48 Постановления Пленума ВС РФ от 24.03.2016 № 7
counts «по дням», a leap year by its 366 days), from the day after the due date (ст. 191) through
the day of payment inclusive. Each period of one rate, one balance and one year is a row.
"""

from __future__ import annotations

import calendar
import os
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contractkit import money

RATES: tuple[tuple[date, Decimal], ...] = (
    # The day each rate took effect (cbr.ru, «Ключевая ставка Банка России», decisions of the Board
    # of Directors; a rate takes effect the working day after the Friday it is announced).
    (date(2022, 9, 19), Decimal("7.50")),
    (date(2023, 7, 24), Decimal("8.50")),
    (date(2023, 8, 15), Decimal("12.00")),
    (date(2023, 9, 18), Decimal("13.00")),
    (date(2023, 10, 30), Decimal("15.00")),
    (date(2023, 12, 18), Decimal("16.00")),
    (date(2024, 7, 29), Decimal("18.00")),
    (date(2024, 9, 16), Decimal("19.00")),
    (date(2024, 10, 28), Decimal("21.00")),
    (date(2025, 6, 9), Decimal("20.00")),
    (date(2025, 7, 28), Decimal("18.00")),
    (date(2025, 9, 15), Decimal("17.00")),
    (date(2025, 10, 27), Decimal("16.50")),
    (date(2025, 12, 22), Decimal("16.00")),
)
KNOWN_THROUGH = date(2026, 2, 15)
"""The table is complete through this day (the next Board meeting was 13 February 2026); a later
day takes the last rate known, which `claim` and `check` warn of, unless the user gives it."""
SETTING = "CONTRACTKIT_KEY_RATE"
"""Rates the table lacks, "2026-02-16=15.50" (several: comma-separated; the day it took effect)."""


def given_rates(text: str | None = None) -> dict[date, Decimal]:
    """The key rates CONTRACTKIT_KEY_RATE gives; a malformed entry is an OptionError."""
    text = os.environ.get(SETTING, "") if text is None else text
    return money.dated_rates(text, SETTING, "2026-02-16=15.50")


def table() -> list[tuple[date, Decimal]]:
    """The bundled rates with the user's, in order of the day each took effect; a day that repeats
    the rate in force (the user's "still 16 % on the claim's day") changes nothing and splits no period."""
    out: list[tuple[date, Decimal]] = []
    for day, rate in sorted({**dict(RATES), **given_rates()}.items()):
        if not out or out[-1][1] != rate:
            out.append((day, rate))
    return out


def known_through() -> date:
    """The last day the rates are known for: the table's, or the latest day the user gave."""
    given = given_rates()
    return max([KNOWN_THROUGH, *given]) if given else KNOWN_THROUGH


@dataclass(frozen=True)
class Row:
    """One period of one balance, one rate and one year."""

    debt: Decimal
    first: date
    last: date
    days: int
    rate: Decimal
    year_days: int
    amount: Decimal
    paid: Decimal = Decimal(0)


def split(debt: Decimal, first: date, last: date, currency: str = "RUB",
          paid: Decimal = Decimal(0)) -> list[Row]:
    """Interest on `debt` from `first` through `last` inclusive, one row per rate and per year,
    each rounded to the kopeck (so the rows add up to what the claim demands)."""
    rates = table()
    cuts = {d for d, _ in rates if first < d <= last}
    cuts |= {date(y, 1, 1) for y in range(first.year + 1, last.year + 1)}
    starts = [first, *sorted(cuts)]
    rows = []
    for k, start in enumerate(starts):
        end = starts[k + 1] - timedelta(days=1) if k + 1 < len(starts) else last
        rate = next((r for d, r in reversed(rates) if d <= start), rates[0][1])
        days = (end - start).days + 1
        year = 366 if calendar.isleap(start.year) else 365
        amount = money.to_minor(debt * rate / 100 * days / Decimal(year), currency)
        ending = paid if k + 1 == len(starts) else Decimal(0)  # the payment that ends the balance
        rows.append(Row(debt, start, end, days, rate, year, amount, ending))
    return rows


def assumed(last: date) -> str | None:
    """Why interest through `last` cannot be stated as owed: it needs a key rate after the days the
    table (and the user's CONTRACTKIT_KEY_RATE) cover; None when they cover it."""
    through = known_through()
    if last <= through:
        return None
    day, rate = table()[-1]
    return (f"ГК РФ ст. 395 interest through {last:%d.%m.%Y} needs the Bank of Russia key rate after "
            f"{through:%d.%m.%Y}, which contractkit's table lacks (the last known: {rate}% from "
            f"{day:%d.%m.%Y}): give each change since, and the rate in force on the last day, as "
            f"{SETTING}=YYYY-MM-DD=RATE,{last:%Y-%m-%d}=RATE, or update contractkit")
