"""Working days on a country's official calendar, with its day-off transfers.

A year of a country's calendar is computed once with `holidays` (importing that
country's module alone) and kept in the user's cache, keyed by the `holidays` package's files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache


@dataclass(frozen=True)
class _Year:
    """One year of a calendar: its days off (weekends and holidays, less transferred work days)."""

    days_off: frozenset[date]
    names: dict[date, str]


def _holidays_key() -> str | None:
    from contractkit import cache as disk

    return disk.package_key("holidays")


UK_PARTS = {"GB": "ENG", "GB-ENG": "ENG", "GB-WLS": "WLS", "GB-SCT": "SCT", "GB-NIR": "NIR"}
"""`calendar: GB` is England and Wales (the Banking and Financial Dealings Act 1971, sch. 1): its
bank holidays are Easter Monday and the Summer bank holiday, which `holidays`' GB without a
subdivision leaves out; GB-SCT and GB-NIR are the other two jurisdictions' calendars."""


def _split(country: str) -> tuple[str, str | None]:
    """("GB", "ENG") for a UK calendar code, (country, None) for any other."""
    return ("GB", UK_PARTS[country]) if country in UK_PARTS else (country, None)


@cache
def _year(country: str, year: int) -> _Year:
    from contractkit import cache as disk

    lib = _holidays_key()
    code, subdiv = _split(country)
    parts = (code, subdiv) if subdiv else (country,)  # "GB" once cached the UK without England's days
    name = disk.key("calendar", *parts, year, lib) if lib else None
    cached = disk.read_json("calendar", name) if name else None
    if _valid(cached, year):
        return _Year(frozenset(date.fromisoformat(d) for d in cached["off"]),
                     {date.fromisoformat(d): n for d, n in cached["names"].items()})
    computed = _compute(country, year)
    if name:
        disk.write_json("calendar", name, {
            "off": sorted(d.isoformat() for d in computed.days_off),
            "names": {d.isoformat(): n for d, n in sorted(computed.names.items())},
        })
    return computed


def _valid(entry, year: int) -> bool:
    """A cache entry of the right shape, all of whose dates fall in `year`."""
    try:
        return (isinstance(entry, dict) and isinstance(entry["off"], list)
                and isinstance(entry["names"], dict)
                and all(date.fromisoformat(d).year == year for d in entry["off"])
                and all(date.fromisoformat(d).year == year and isinstance(n, str)
                        for d, n in entry["names"].items()))
    except (KeyError, TypeError, ValueError):
        return False


def _compute(country: str, year: int) -> _Year:
    calendar = _library_calendar(country, year)
    day, off = date(year, 1, 1), set()
    while day.year == year:
        if not calendar.is_working_day(day):
            off.add(day)
        day += timedelta(days=1)
    names = {d: calendar.get(d, "") for d in sorted(calendar) if d.year == year}
    return _Year(frozenset(off), names)


def _library_calendar(country: str, year: int):
    code, subdiv = _split(country)
    if subdiv:
        return _entity(code)(years=range(year - 1, year + 6), subdiv=subdiv)
    return _entity(country)(years=range(year - 1, year + 6))


def _entity(country: str):
    """The country's holidays class, importing its module alone, not the package's 250 others."""
    import importlib
    import importlib.util
    import sys
    import types

    import holidays
    from holidays.registry import COUNTRIES

    found = next(((m, names[0]) for m, names in COUNTRIES.items() if country in names[1:]), None)
    if found is None:
        return lambda years, **kw: holidays.country_holidays(country, years=years, **kw)
    module, cls = found
    stub = "holidays.countries" not in sys.modules
    if stub:  # a bare package object, so its __init__ (which imports every country) is skipped
        spec = importlib.util.find_spec("holidays.countries")
        package = types.ModuleType("holidays.countries")
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules["holidays.countries"] = package
    try:
        return getattr(importlib.import_module(f"holidays.countries.{module}"), cls)
    finally:
        if stub:
            del sys.modules["holidays.countries"]


@cache
def supported_countries() -> frozenset[str]:
    """Every country code `holidays` knows (aliases too), cached: listing them imports them all."""
    from contractkit import cache as disk

    lib = _holidays_key()
    name = disk.key("countries", "uk-parts", lib) if lib else None
    cached = disk.read_json("countries", name) if name else None
    if isinstance(cached, list) and cached and all(isinstance(c, str) for c in cached):
        return frozenset(cached)
    from holidays import list_supported_countries

    codes = sorted(set(list_supported_countries()) | set(UK_PARTS))
    if name:
        disk.write_json("countries", name, codes)
    return frozenset(codes)


def is_working_day(day: date, country: str) -> bool:
    """True on a working day: not a weekend or holiday, or a weekend moved to work."""
    return day not in _year(country, day.year).days_off


def holiday_name(day: date, country: str) -> str:
    return _year(country, day.year).names.get(day, "")


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


def working_days_before(day: date, days: int, country: str) -> date:
    """The working day `days` working days before `day` (add_days undone)."""
    for _ in range(days):
        day -= timedelta(days=1)
        while not is_working_day(day, country):
            day -= timedelta(days=1)
    return day


def due_after(start: date, days: int, country: str, working: bool = True) -> date:
    """The day a payment falls due `days` working (or calendar) days after `start`: a term that
    ends on a day off ends on the next working day (ГК РФ ст. 193; N.Y. General Construction Law
    § 25; both contracts say so), so a payment made then is on time."""
    return first_working_day(add_days(start, days, country, working), country)


def working_days_between(after: date, until: date, country: str) -> int:
    """Working days d with after < d <= until (0 when `until` is not later)."""
    count, day = 0, after
    while day < until:
        day += timedelta(days=1)
        count += is_working_day(day, country)
    return count
