"""Today, as contractkit counts it, and the rule that no event is recorded before it happened.

A payment received, an act accepted, materials asked for or received, a letter sent: each is a fact
of the past. A date after today is a typo, or a teammate's record that moves a term (a `received`
ahead of the clock shortens the client's delay). CONTRACTKIT_TODAY=YYYY-MM-DD sets the day these
checks take for today (a test or a demo that plays a deal out ahead of the calendar); nothing else
reads it.
"""

from __future__ import annotations

import datetime as dt
import os

from contractkit.errors import OptionError

ENV = "CONTRACTKIT_TODAY"
SLACK = dt.timedelta(days=1)
"""A record that arrives through git may be a day ahead: its writer's time zone may be (UTC+14
against UTC-12 is 26 hours at most)."""


def today() -> dt.date:
    """The machine's date, or CONTRACTKIT_TODAY's when it is set to a valid one."""
    value = os.environ.get(ENV, "")
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        raise OptionError(f"{ENV}={value[:40]!r} is not a date (YYYY-MM-DD)") from None


def refuse_future(day: dt.date, what: str) -> None:
    """OptionError when an event the user records is dated after today."""
    now = today()
    if day > now:
        raise OptionError(f"{what}: {day} is after today ({now}): an event is recorded once it has "
                          "happened", hint="check the date; record it on the day it happens")


def future_field(record, fields: tuple[str, ...]) -> str:
    """'field: day' for the first event date of a record from the repository that is after today
    (a day of slack for time zones), or ""."""
    latest = today() + SLACK
    for name in fields:
        value = getattr(record, name, None)
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and day > latest:
            return f"{name}: {day} is after today ({today()}): an event that has not happened yet"
    return ""
