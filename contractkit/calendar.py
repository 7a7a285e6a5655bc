"""Working days on a country's official calendar, with its day-off transfers."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


@cache
def _calendar(country: str, year: int):
    import holidays

    return holidays.country_holidays(country, years=range(year - 1, year + 6))


def is_working_day(day: date, country: str) -> bool:
    """True on a working day: not a weekend or holiday, or a weekend moved to work."""
    return _calendar(country, day.year).is_working_day(day)


def holiday_name(day: date, country: str) -> str:
    return _calendar(country, day.year).get(day, "")


def first_working_day(day: date, country: str) -> date:
    """The day itself if it is a working day, else the next working day."""
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


def next_working_day(day: date, country: str) -> date:
    return first_working_day(day + timedelta(days=1), country)


def deadline_after(start: date, days: int, country: str) -> date:
    """The last day of a job of `days` working days starting on `start` (counted as day one)."""
    day = first_working_day(start, country)
    for _ in range(days - 1):
        day = next_working_day(day, country)
    return day


def add_days(start: date, days: int, country: str, working: bool = True) -> date:
    """The date `days` working (or calendar) days after `start`, not counting `start`."""
    if not working:
        return start + timedelta(days=days)
    day = start
    for _ in range(days):
        day = next_working_day(day, country)
    return day
