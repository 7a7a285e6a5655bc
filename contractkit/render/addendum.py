"""Context for an addendum (change order) and for a change-request estimate."""

from __future__ import annotations

import datetime as dt

from contractkit import calendar
from contractkit.diff import impact
from contractkit.ledger import History
from contractkit.render import context as ctx
from contractkit.store.records import ChangeRecord, SignatureRecord


def addendum_context(history: History, n: int, day: dt.date, changes: list[ChangeRecord],
                     earlier: list[SignatureRecord]) -> dict:
    """Addendum n: what changed, the ledger, the restated scope and payment schedule."""
    old, new = history.versions[n - 1], history.versions[n]
    base = ctx.build(new, history.figures[n])
    effect = impact(old, new)
    row = history.ledger(n)
    schedule = history.schedules[n]
    lines = {x["id"]: x for x in base["lines"]}
    return {
        **base,
        "addendum": {
            "number": n,
            "date": day,
            "earlier": [{"number": s.number, "date": s.date} for s in earlier if s.kind == "addendum"],
            "changes": [c.model_dump() for c in changes],
            **_deliverables(effect, lines),
            "moved": [vars(m) for m in effect.moved],
            "sections": effect.sections,
            "ledger": vars(row),
            "schedule": [vars(s) | {"n": i} for i, s in enumerate(schedule, 1)],
            "working_days_added": working_days_between(row.completion_before, row.completion_after,
                                                       new.calendar),
        },
    }


def estimate_context(baseline, project, change: ChangeRecord) -> dict:
    """A one-page change request for the client: what, why, price, time, new completion."""
    effect = impact(baseline, project)
    base = ctx.build(project, effect.new)
    lines = {x["id"]: x for x in base["lines"]}
    return {
        **base,
        "change": change.model_dump(),
        "effect": {
            **_deliverables(effect, lines),
            "old_total": effect.old.total,
            "new_total": effect.new.total,
            "delta": effect.delta,
            "old_completion": effect.old.completion,
            "new_completion": effect.new.completion,
            "working_days_added": working_days_between(effect.old.completion, effect.new.completion,
                                                       project.calendar),
        },
    }


def _deliverables(effect, lines: dict) -> dict:
    """Deliverables added, removed and changed, as template values of the new version."""
    return {
        "added": [lines[x.deliverable.id] for x in effect.added],
        "removed": [ctx.line_context(x) for x in effect.removed],
        "changed": [{"old": ctx.line_context(c.old), "new": lines[c.new.deliverable.id],
                     "fields": [f.name for f in c.fields]} for c in effect.changed],
    }


def working_days_between(old: dt.date, new: dt.date, country: str) -> int:
    """Working days the completion moves (negative when it comes earlier)."""
    sign, (a, b) = (1, (old, new)) if new >= old else (-1, (new, old))
    days = 0
    while a < b:
        a += dt.timedelta(days=1)
        days += calendar.is_working_day(a, country)
    return sign * days
