"""Sane ranges for every number and date a project holds, checked before anything is computed.

Without them `days: 100000000` or a date in the year 9999 sends the working-day calendar
into a loop of hours and then past the end of the calendar. The limits are generous for any real
contract and small enough that every computation stays quick.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

PROJECT_FILE = "project.yaml"
MAX_BYTES = 50 * 1024 * 1024
"""The largest project file read, in the working tree or in the history (load.py, store/walk.py)."""
FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)
Loc = tuple[str | int, ...]
FIRST_BIRTH_DATE = date(1900, 1, 1)
"""A person's date of birth is only printed, never counted in a calendar: any real one is accepted
(a party born before 1990 was refused, RU review 5 R6)."""
MAX_DAYS = 3650
"""Working or calendar days in one duration: ten years."""
MAX_TOTAL_DAYS = 20_000
"""All the durations of a project added up: bounds the longest chain of work."""
LIMITS = {"months": 1200, "years": 100, "revisions": 1000}
MAX_COUNT = 100_000
"""Any other whole number."""
MAX_RECORDS = 1_000
"""Records in one folder of .contractkit/ (letters, sent mails, requests, payments, acts, invoices):
a real project has tens. 3,000 request records committed by a teammate made doctor ~45x and update
~5x slower (red team 9, B12); more than this is a flood, refused in one line naming the folder."""


def date_problem(value: date, loc: Loc = ()) -> str | None:
    """Why a date at `loc` (a field path) is out of range, or None."""
    first = FIRST_BIRTH_DATE if loc and loc[-1] == "birth_date" else FIRST_DATE
    day = value.date() if isinstance(value, datetime) else value
    if not first <= day <= LAST_DATE:
        return f"{day.isoformat()} is out of range: dates must be between {first} and {LAST_DATE}"
    return None


def _limit(name: str) -> int:
    if name.endswith("days") or name == "delay":
        return MAX_DAYS
    return next((v for k, v in LIMITS.items() if name.endswith(k)), MAX_COUNT)


def problems(project: BaseModel) -> list[tuple[Loc, str]]:
    """(field location, message) for every number or date out of its range."""
    from pydantic import BaseModel  # here: a module that reads only the constants loads no pydantic

    found: list[tuple[Loc, str]] = []
    total = [0]

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                if name != "notes":  # private free text: no figure in it is used
                    walk(getattr(value, name), (*loc, name))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, (*loc, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, str(key)))
        elif isinstance(value, date):
            problem = date_problem(value, loc)
            if problem:
                found.append((loc, problem))
        elif isinstance(value, int) and not isinstance(value, bool) and loc:
            name = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
            limit = _limit(name)
            if abs(value) > limit:
                found.append((loc, f"{value:,} is too large: at most {limit:,}"))
            elif limit == MAX_DAYS:
                total[0] += value
                if total[0] > MAX_TOTAL_DAYS and not any("durations" in m for _, m in found):
                    found.append((loc, f"the durations of the project add up to over "
                                       f"{MAX_TOTAL_DAYS:,} days"))

    walk(project, ())
    return found


def read_capped(path, limit: int) -> bytes | None:
    """A file's bytes, read once, or None when it holds more than `limit` (OSError as open raises)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data
