"""An addendum's additional deposit and the added work that waits for it.

A change order / addendum that adds paid work with an additional deposit holds that work until the
deposit is received (EN CO §3.3; RU ДС п. 3.3, ГК РФ ст. 328 п. 2, ст. 719): an added stage starts
on the later of its planned start (the day after the stage before it ends, or the signing if it
starts at once) and the working day after the deposit is received. So the deposit moves the stage,
and the stages after it that depend on it, only by the working days it actually holds it up: those
from its planned start through the day the deposit is received in full; received before the planned
start, it moves nothing (ГК РФ ст. 708 п. 1: the stage's start and end dates stay determinate). While
it is not received, those stages wait: their dates are the planned ones, provisional, and no lateness
runs. The contract's own prepayment moves every date the same way (compute.work_start).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from contractkit import calendar, money


@dataclass(frozen=True)
class DepositWait:
    """Addendum n's deposit: the stages it added, when it was signed, due and received."""

    addendum: int
    stages: frozenset[str]
    signed_on: date
    due: date
    received: date | None
    """The day it was received in full, by the payments recorded."""


def deposit_waits(signed: Sequence, versions: Sequence, installments: Sequence,
                  standing: Sequence) -> list[DepositWait]:
    """Each signed addendum that added stages and an additional deposit (installment key
    'addendum-N'), with when that deposit was received in full."""
    out = []
    for n in range(1, min(len(versions), len(signed))):
        inst = next((i for i in installments if i.key == f"addendum-{n}"), None)
        before = {d.id for d in versions[n - 1].deliverables}
        added = frozenset(d.id for d in versions[n].deliverables if d.id not in before)
        if inst is None or not added or inst.amount <= 0:
            continue
        project, day = versions[n], signed[n].date
        due = calendar.due_after(day, inst.days, project.calendar, project.payment.day_kind == "working")
        out.append(DepositWait(n, added, day, due, _received_on(inst, standing)))
    return out


def _received_on(inst, standing: Sequence) -> date | None:
    """As state/schedule.prepaid_on: the records given are the ones the deal is viewed with (the
    store reads those recorded by the day asked for)."""
    total = money.ZERO
    for p in standing:
        total += sum((a for k, a in p.allocations.items() if k == inst.key), money.ZERO)
        if total >= inst.amount:
            return p.date
    return None


def held_up(planned_start: date, received: date, country: str) -> int:
    """Working days a deposit received on `received` holds up a stage planned to start on
    `planned_start`: those from the planned start through the day received (0 when received
    before it); the stage then starts on the working day after (ГК РФ ст. 191)."""
    return calendar.working_days_between(planned_start - timedelta(days=1), received, country)


def deposit_moves(lines: Sequence, waits: Sequence[DepositWait], needs: dict[str, list[str]],
                  country: str) -> dict[str, tuple[int, date | None]]:
    """Stage id -> (working days its dates move, the due date of a deposit it still waits for):
    an added stage by the days its own deposit, received after its planned start (moved by the
    stages it follows), holds it up; a stage after it by as many (it depends on it). `lines` are
    the version in force's (compute.Figures.lines): the planned starts are its dates."""
    moved: dict[str, tuple[int, date | None]] = {}
    for x in lines:
        sid = x.deliverable.id
        own = [w for w in waits if sid in w.stages]
        inherited = [moved[d] for d in needs.get(sid, []) if d in moved]
        before = max((m[0] for m in inherited), default=0)
        start = calendar.add_days(x.start, before, country) if before else x.start
        days = before + max((held_up(start, w.received, country) for w in own if w.received),
                            default=0)
        waits_for = [w.due for w in own if w.received is None] + [m[1] for m in inherited if m[1]]
        if days or waits_for:
            moved[sid] = (days, min(waits_for) if waits_for else None)
    return moved


def moved_line(line, days: int, country: str):
    """A line of a version's figures (compute.Line) with its start and deadline moved by `days`
    working days: the one shift a deposit makes, for the deal state and the dates an addendum states."""
    if not days:
        return line
    return dataclasses.replace(line, start=calendar.add_days(line.start, days, country),
                               deadline=calendar.add_days(line.deadline, days, country))


def moved_dates(project, lines: Sequence, waits: Sequence[DepositWait]) -> dict[str, dict[str, date]]:
    """Stage id -> {start, deadline} of each line (a version's figures) that the deposits `waits`
    move, as the deal state moves them once that version is in force."""
    from contractkit.model.checks import dependencies

    moves = deposit_moves(lines, waits, dependencies(project), project.calendar)
    out = {}
    for x in lines:
        days = moves.get(x.deliverable.id, (0, None))[0]
        if days:
            moved = moved_line(x, days, project.calendar)
            out[x.deliverable.id] = {"start": moved.start, "deadline": moved.deadline}
    return out
