"""Deadlines out to a calendar: an RFC 5545 file (icalendar) with one all-day event per fact.

Each UID is made of the project's id, the event's kind and its key (a stage id, an installment key,
a request id), never of a date, so a calendar that imports the file again updates the events it has;
SEQUENCE counts how often a date moved, and the description says why.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from contractkit.flows.facts import Event, Facts

DOMAIN = "contractkit"


def uid(facts: Facts, event: Event) -> str:
    return f"{facts.project_id or facts.name}.{event.kind}.{event.key}@{DOMAIN}"


def calendar_bytes(projects: list[Facts], today: date, client_view: bool = False) -> bytes:
    """The calendar of every signed project; `client_view`: only what the client sees."""
    from icalendar import Calendar, vRecur
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//contractkit//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = projects[0].title if client_view and len(projects) == 1 else "contractkit deadlines"
    cal.add("x-wr-calname", name)
    stamp = datetime(today.year, today.month, today.day, tzinfo=timezone.utc)
    for facts in projects:
        for event in facts.events:
            if client_view and not event.client:
                continue
            item = VEvent()
            item.add("uid", uid(facts, event))
            item.add("dtstamp", stamp)
            item.add("dtstart", event.day)
            item.add("dtend", event.day + timedelta(days=1))
            prefix = "" if client_view else f"{facts.name}: "
            item.add("summary", f"{prefix}{event.title}" + (" (done)" if event.done else ""))
            described = [f"{facts.title} (contract {facts.number})", event.detail]
            item.add("description", "\n".join(x for x in described if x))
            item.add("sequence", event.moves)
            item.add("categories", [event.kind])
            item.add("transp", "TRANSPARENT")
            if event.until is not None:
                item.add("rrule", vRecur(freq="WEEKLY", byday="FR", until=event.until))
            cal.add_component(item)
    return cal.to_ical()
