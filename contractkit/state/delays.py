"""The client's delays and the deadlines they move, as the signed contract moves them.

The contract's extension clause (RU «сроки … переносятся на период такой просрочки», EN §2.4)
moves a stage's deadline by the working days the client was late with materials or feedback it
was asked for, and the stages after it by as many: no addendum is needed, so this is part of the
deadline in force. So does the contractor's notice of such a delay (a change record with a
`notice_clause`): from its date, the date it gives a stage is in force, the later of it and the one
the late answers give. A contractor-caused delay (no clause) moves nothing until it is signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from contractkit import calendar
from contractkit.calendar import working_days_between  # noqa: F401  (re-exported)
from contractkit.model import Project


@dataclass(frozen=True)
class Notice:
    """The contractor's notice of a client-caused delay, as recorded (store/deal.py reads it)."""

    change: str
    date: date
    project: Project
    """project.yaml as the notice's change recorded it (the stage's `delay:` raised)."""
    stages: tuple[str, ...]
    """The stages whose `delay:` the notice raised."""


@dataclass(frozen=True)
class ClientDelay:
    """A request to the client, its contractual term and how late the answer is (or was)."""

    request: object
    term: int | None
    """Working days the contract gives the client for it, if it states one."""
    due: date | None
    late: int
    """Working days past the term, through the reply (or through as_of while none came)."""
    stage: str | None


def term_for(project: Project, request) -> int | None:
    client = project.obligations.client
    if request.kind == "feedback":
        return client.feedback_days
    named = next((m for m in project.brief.materials if m.what == request.what and m.within_days), None)
    return named.within_days if named else client.materials_days


def fixed_due(project: Project, request) -> date | None:
    """The date the scope annex / Exhibit 1 fixes for a listed material the request names (`due:`):
    the client owes it by that date, whenever it is asked (EN 6.2.2 "by the dates stated there";
    ГК РФ ст. 718, 719: the term the contract sets), so lateness counts from it, not from a term
    after the request; a day off moves it to the next working day (N.Y. Gen. Constr. Law § 25-a,
    ГК РФ ст. 193)."""
    if request.kind == "feedback":
        return None
    named = next((m for m in project.brief.materials if m.what == request.what and m.due), None)
    return calendar.first_working_day(named.due, project.calendar) if named else None


def request_lateness(project: Project, r, as_of: date) -> tuple[int | None, date | None, int]:
    """(its term in working days, its due date, working days late as of `as_of`) of one request:
    the one reading of a client's late answer that the state and the letters share. A listed
    material with a fixed date (fixed_due) has no term: its due date is that date."""
    fixed = fixed_due(project, r)
    term = None if fixed else term_for(project, r)
    due = fixed or (calendar.add_days(r.asked, term, project.calendar) if term else None)
    until = min(r.received, as_of) if r.received and r.received <= as_of else as_of
    late = working_days_between(due, until, project.calendar) if due and until > due else 0
    return term, due, late


def stage_on(stage_ids: Sequence[str], accepted, day: date) -> str | None:
    """The stage work was on when a request was made: the first not accepted by that day
    (`accepted`: stage id -> act date, or a set of ids accepted whenever)."""
    if isinstance(accepted, dict):
        return next((s for s in stage_ids if s not in accepted or accepted[s] > day), None)
    return next((s for s in stage_ids if s not in accepted), None)


def client_delays(project: Project, stage_ids: Sequence[str], accepted, requests: Sequence,
                  as_of: date, settled: date | None = None) -> list[ClientDelay]:
    """Each request asked by as_of: its term, due date, working days late; its stage (the one it
    names, or the first not accepted when it was asked: the one work was on). A request answered on or before
    `settled` (the day the version in force was signed) moves nothing more: the parties signed
    its deadlines knowing that delay (an addendum that records the delay notice for it)."""
    out = []
    for r in requests:
        if r.asked > as_of or (settled and r.received and r.received <= settled):
            continue
        term, due, late = request_lateness(project, r, as_of)
        out.append(ClientDelay(r, term, due, late, r.stage or stage_on(stage_ids, accepted, r.asked)))
    return out


def notified(notices: Sequence[Notice], as_of: date, prepaid: date | None,
             signed_on: date | None) -> dict[str, date]:
    """Stage id -> the latest deadline a notice in force by as_of gave it (the date it states)."""
    from contractkit.compute import compute

    out: dict[str, date] = {}
    for n in notices:
        if n.date > as_of:
            continue
        figures = compute(n.project, prepaid, signed_on)
        for sid in n.stages:
            line = next((x for x in figures.lines if x.deliverable.id == sid), None)
            if line is not None and (sid not in out or line.deadline > out[sid]):
                out[sid] = line.deadline
    return out


def moves(delay: ClientDelay, deadline: date) -> bool:
    """Whether a client's delay moves a deadline: only one that began while the deadline still ran.
    A lateness that starts after the deadline had passed caused no part of the contractor's delay
    and excuses none of it (ГК РФ ст. 405 п. 3, 406 п. 1: the creditor's delay must be the reason
    the debtor could not perform)."""
    return bool(delay.late and delay.due and delay.due < deadline)


def late_days(delays: Sequence[ClientDelay], deadline: date, country: str) -> int:
    """The working days the client's delays that move `deadline` cover, each day counted once when
    two requests are late over the same days (the contract moves the term by the period of the
    client's delay, not by each request's)."""
    days: set[date] = set()
    for d in delays:
        if not moves(d, deadline):
            continue
        until = calendar.add_days(d.due, d.late, country)
        day = d.due + timedelta(days=1)
        while day <= until:
            if calendar.is_working_day(day, country):
                days.add(day)
            day += timedelta(days=1)
    return len(days)


def extended(project: Project, lines: Sequence, delays: Sequence[ClientDelay],
             needs: dict[str, list[str]],
             notices: dict[str, date] | None = None) -> dict[str, tuple[date, date]]:
    """Stage id -> (start, deadline) in force: a stage's deadline is the later of the signed one,
    the one its own client delays give it and the one a notice gave it; the stages after it move by
    as many working days."""
    notices = notices or {}
    country = project.calendar
    moved: dict[str, int] = {}
    out = {}
    for x in lines:
        sid = x.deliverable.id
        inherited = max((moved.get(dep, 0) for dep in needs.get(sid, [])), default=0)
        start = calendar.add_days(x.start, inherited, country)
        deadline = calendar.add_days(x.deadline, inherited, country)
        late = late_days([d for d in delays if d.stage == sid and d.late], deadline, country)
        shifted = calendar.add_days(deadline, late, country)
        own = max([deadline, shifted, *([notices[sid]] if sid in notices else [])])
        moved[sid] = inherited + working_days_between(deadline, own, country)
        out[sid] = (start, own)
    return out
