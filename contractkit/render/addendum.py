"""Context for an addendum (change order) and for a change-request estimate."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from contractkit import calendar, money
from contractkit.diff import SECTIONS, impact
from contractkit.errors import RenderError
from contractkit.ledger import History, records_schedule
from contractkit.model.records import ChangeRecord, SignatureRecord
from contractkit.render import context as ctx
from contractkit.render.briefparts import parts_changed
from contractkit.render.inforce import dated_in_force, dates_in_force, kept_in_force
from contractkit.render.parties import completed_requisites
from contractkit.render.schedule import payments_as_signed
from contractkit.render.sheetterms import field_changes, term_changes  # noqa: F401  (field_changes re-exported)
from contractkit.state.schedule import signed_numbers

RESTATED = ("scope", "payments")
"""The annexes an addendum restates in full: they carry the stages, prices, dates and payments."""
BODY_OPEN = re.compile(r'<section class="annex-body">')
SECTION_TAG = re.compile(r"<(/?)section\b")


def addendum_context(history: History, n: int, day: dt.date, changes: list[ChangeRecord],
                     earlier: list[SignatureRecord], notices: set[str] = frozenset(),
                     in_force: dict[str, dt.date] | None = None, prior=None,
                     received: money.Decimal | None = None) -> dict:
    """Addendum n: what changed, the ledger, the restated scope and payment schedule;
    notices: the change requests a contractor's delay notice recorded; in_force: each milestone's
    deadline in force before this change order, as the deal state has it (moved by notices);
    prior: the deal state before it (RU): the stages it does not change keep their dates in force;
    received: what the client paid before it (the deal state): beyond the new price, it is refunded."""
    old, new = history.versions[n - 1], history.versions[n]
    effect = impact(old, new, history.prepaid_on, history.signed_on, numbers=history.numbers,
                    agreed=history.agreed)
    in_force = in_force or ({s.id: s.deadline for s in prior.stages} if prior is not None else {})
    row = signed_row = history.ledger(n)
    if in_force and max(in_force.values()) > row.completion_before:
        row = dataclasses.replace(row, completion_before=max(in_force.values()))
    kept = kept_in_force(history, n, effect, prior)
    dated = dates_in_force(history, n, prior, effect, kept)
    base = dated_in_force(version_context(history, n), dated)
    if dated:
        last = max([x.deadline for x in history.figures[n].lines if x.deliverable.id not in dated]
                   + [s["deadline"] for s in dated.values()])
        row = dataclasses.replace(row, completion_after=last)
    schedule = history.schedules[n]
    lines = {x["id"]: x for x in base["lines"]}
    before, after = history.schedules[n - 1][-1], schedule[-1]
    return {
        **base,
        "addendum": {
            # an English change order that adds work after the final payment's milestone keeps that
            # payment and adds the balance on the new last milestone (ledger.keep_the_final)
            "balance_added": _balance_added(schedule, n),
            "final_moved": (before.label, before.deliverable) != (after.label, after.deliverable)
            and after.added_by != n,
            "final_before": {"on": before.label, "line": _line_of(history, n - 1, before.deliverable,
                                                                  last=before.label == "launch")},
            "number": n,
            "date": day,
            # the user recorded a new schedule (ledger.follow_the_record): 3.3.N states it
            "recorded": records_schedule(old, new),
            "refund": max((received or money.ZERO) - history.figures[n].total, money.ZERO),
            "received": received or money.ZERO,
            "payment_clause": "3.3",
            # a Russian agreement is known by the date it carries (its draft's); an English
            # change order by its CO Effective Date, the last signature
            "earlier": [{"number": s.number,
                         "date": (s.drafted or s.date) if new.language == "ru" else s.date}
                        for s in earlier if s.kind == "addendum"],
            "changes": [c.model_dump() | {"number": c.number, "notice": c.id in notices} for c in changes],
            **_in_force(_deliverables(effect, lines), in_force),
            "moved": [vars(m) | {"old": in_force.get(m.id, m.old), "signed": m.old, "n": lines[m.id]["n"],
                                 "new": lines[m.id]["deadline"]}
                      for m in effect.moved
                      if in_force.get(m.id, m.old) != lines[m.id]["deadline"]],
            "renumbered": _renumbered(effect),
            "extended_by_notice": row is not signed_row,
            "notices": [{"date": c.requested_on, "clause": c.notice_clause} for c in changes
                        if c.id in notices and c.requested_on],
            "sections": effect.sections,
            "section_keys": [k for k, label in SECTIONS.items() if label in effect.sections],
            "requisites": completed_requisites(old.client, new.client),  # blank at signing, filled since
            # the parts of Exhibit 1's brief this change order changes, by clause (review-en E8)
            "brief_parts": parts_changed(old.brief, new.brief),
            "ledger": vars(row),
            "schedule": sorted((vars(s) | {"n": i} for i, s in zip(signed_numbers(schedule), schedule,
                                                                    strict=True)), key=lambda x: x["n"]),
            "working_days_added": working_days_between(row.completion_before, row.completion_after,
                                                       new.calendar),
            **_as_signed_dates(history, n),
            **_deposit_wait(history, n, effect),
            "kept": dated,  # every stage's dates in force where they are not the version's own
            "kept_moved": _kept_moved(kept, prior, base["lines"]),
            "lifted": _lifted(history, n, lines, prior),
        },
    }


def _lifted(history: History, n: int, lines: dict, before) -> list[dict]:
    """Stages an earlier addendum k added with its additional deposit («приступает к этапу … не ранее
    D и не ранее рабочего дня, следующего за днём поступления дополнительной предоплаты») that this
    one has start before D: the addendum states the stage's new term and that k's condition no
    longer applies, so no signed text keeps a start after the new end (ГК РФ ст. 452; review-ru4 R4)."""
    out = []
    for k in range(1, n):
        if not any(x.addendum == k and x.label == "addendum" for x in history.schedules[k]):
            continue
        added = ({x.deliverable.id for x in history.figures[k].lines}
                 - {x.deliverable.id for x in history.figures[k - 1].lines})
        for sid in sorted(added):
            x = lines.get(sid)
            was = history.figures[k].line(sid).start
            if x is None or x["start"] >= was:
                continue
            got = [w.received for w in getattr(before, "deposits", []) if w.addendum == k and w.received]
            out.append({"id": sid, "n": x["n"], "title": x["title"], "addendum": k, "not_before": was,
                        "start": x["start"], "deadline": x["deadline"], "received": got[-1] if got else None})
    return out


def _kept_moved(kept: dict, before, lines: list[dict]) -> list[dict]:
    """Each kept stage whose date in force is later than the signed one: by a deposit received after
    its planned start ({"deposit": addendum number, "received": day}) or by a notice."""
    numbers = {x["id"]: x["n"] for x in lines}
    out = []
    for sid, s in kept.items():
        item = {"id": sid, "n": numbers.get(sid, s.number), "title": s.title, "deadline": s.deadline,
                "deposit": None, "received": None, "notice": s.extended}
        if s.deposit_days and s.waits_for is None:
            got = [w for w in before.deposits if w.received]
            own = [w for w in got if sid in w.stages] or got
            if own:
                item["deposit"], item["received"] = own[-1].addendum, own[-1].received
        if item["deposit"] or item["notice"]:
            out.append(item)
    return out


def deposit_subclause(addendum: dict, contract_record) -> str | None:
    """The sub-clause of the payment clause (3.3.N) that states this addendum's deposit: by the
    signed contract's payment clause number (`sign` records it), else by the clause that adds it."""
    k = addendum.get("deposit_no")
    if k is None:
        return None
    pay = (getattr(contract_record, "clauses", None) or {}).get("payment")
    if pay:
        return f"{pay}.{k}"
    for c in addendum.get("amended", []):
        num = str(c.get("number") if isinstance(c, dict) else getattr(c, "number", "") or "")
        if num.count(".") == 2 and num.endswith(f".{k}"):
            return num
    return None


def _deposit_wait(history: History, n: int, effect) -> dict:
    """The added work that waits for this addendum's additional deposit (state/deposits.py): the
    deposit's signed number; each stage it moves (the added ones and the later ones that depend on
    them) by id -> the added stages' numbers it follows. Its dates are provisional."""
    from contractkit.model.checks import dependencies

    schedule = history.schedules[n]
    at = next((i for i, s in enumerate(schedule) if s.addendum == n), None)
    added = {x.deliverable.id for x in effect.added}
    if at is None or not added:
        return {"deposit_no": None, "waiting": {}, "completion_provisional": False, "completion_eve": None}
    needs, new = dependencies(history.versions[n]), history.figures[n]
    waiting: dict[str, set[str]] = {}  # stage -> the added stages it waits with
    for x in new.lines:
        sid = x.deliverable.id
        on = {a for d in needs.get(sid, []) for a in waiting.get(d, ())} | ({sid} & added)
        if on:
            waiting[sid] = on
    later = {a: [x.number for x in new.lines if a in waiting.get(x.deliverable.id, ()) and
                 x.deliverable.id != a] for a in added}
    # the completion holds if the deposit arrives by the eve of the first added stage it follows
    last = [a for s in waiting if new.line(s).deadline == new.completion for a in waiting[s]]
    return {"deposit_no": signed_numbers(schedule)[at], "waiting": later,
            "completion_provisional": bool(last),
            "completion_eve": min((new.line(a).start for a in last), default=new.completion)
            - dt.timedelta(days=1)}


def _renumbered(effect) -> dict[str, dict]:
    """Milestone id -> {old, new} numbers, for each signed milestone an added or removed one moves:
    the order names both, so no number means two milestones."""
    old = {x.deliverable.id: x.number for x in effect.old.lines}
    return {x.deliverable.id: {"old": old[x.deliverable.id], "new": x.number, "title": x.deliverable.title}
            for x in effect.new.lines if x.deliverable.id in old and old[x.deliverable.id] != x.number}


def _in_force(found: dict, in_force: dict[str, dt.date]) -> dict:
    """Each changed milestone with its deadline in force ("in_force"); one whose only change is the
    move a notice already made is no change of this order."""
    changed = []
    for c in found["changed"]:
        day = in_force.get(c["old"]["id"], c["old"]["deadline"])
        if set(c["fields"]) <= {"delay", "deadline"} and day == c["new"]["deadline"]:
            continue
        changed.append(c | {"in_force": day})
    return found | {"changed": changed}


def _balance_added(schedule, n: int) -> dict | None:
    """The payment addendum n added on its own milestone, with the one it kept, by signed number."""
    numbers = signed_numbers(schedule)
    at = next((i for i, s in enumerate(schedule) if s.added_by == n), None)
    if at is None:
        return None
    return {"amount": schedule[at].amount, "n": numbers[at], "kept": numbers[at - 1]}


def _as_signed_dates(history: History, n: int) -> dict:
    """The dates the parties signed next to the ones in force, where a late deposit moved them:
    a change order quotes the dates in force as "currently" and says what they were as signed."""
    moved = deposit_move(history, n)
    if moved is None:
        return {"deposit_move": None, "signed_deadlines": {}, "original_signed": None}
    signed = as_signed(history)
    before = signed.figures[0] if n == 1 else history.figures[n - 1]  # a change order states final dates
    return {"deposit_move": moved,
            "signed_deadlines": {x.deliverable.id: x.deadline for x in before.lines},
            "original_signed": signed.figures[0].completion}


def version_context(history: History, n: int) -> dict:
    """The template context of version n with its payment schedule as signed."""
    from contractkit.render.numbering import numbering_for

    return {**ctx.build(history.versions[n], history.figures[n]),
            "payments": payments_as_signed(history, n, drafted=True),
            "numbering": numbering_for(history.versions[:n + 1])}


def stated_move(history: History, n: int) -> dict | None:
    """How version n states the late deposit's move: a version a change order made states it as
    final (EN 2.1 and 2.3 as restated, `contract.deposit_moved`); the contract itself (n = 0) keeps
    its signed 2.3. `render`, the redline and the change order's amendments read this one value."""
    return deposit_move(history, n) if n else None


def as_signed(history: History) -> History:
    """The versions dated as the contract was signed: before the deposit's day moved them (EN §2.3)."""
    if history.prepaid_on is None:
        return history
    return History(history.versions, None, history.signed_on, history.dated)


def deposit_move(history: History, n: int) -> dict | None:
    """How the late deposit moved version n's dates under the contract's deposit clause (EN 2.3):
    {planned: the signed start, start: the day work started, days: business days}; None when the
    deposit came in time, work waits for it by its own terms, or no deposit is due."""
    project, figures = history.versions[n], history.figures[n]
    if project.contract.on_prepayment or not figures.prepayment or history.prepaid_on is None:
        return None
    planned = project.contract.start_date
    signed_start = as_signed(history).figures[n].start  # the first business day from `planned`
    if figures.start <= signed_start:
        return None
    return {"planned": planned, "start": figures.start,
            "days": calendar.working_days_between(signed_start, figures.start, project.calendar)}


def _line_of(history: History, n: int, deliverable: str | None, last: bool = False) -> dict | None:
    """The milestone an installment follows; `last`: the last one (`on: launch` follows it)."""
    lines = history.figures[n].lines
    found = lines[-1:] if last else [x for x in lines if x.deliverable.id == deliverable]
    return ctx.line_context(found[0]) if found else None


def annex_body(html: str, template: str) -> str:
    """The annex's own text without its heading and signatures: its `annex-body` section."""
    start = BODY_OPEN.search(html)
    if start is None:
        raise RenderError(f"template {template} has no <section class=\"annex-body\">: an addendum "
                          "restates the annex from it")
    depth = 1
    for tag in SECTION_TAG.finditer(html, start.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.end():tag.start()]
    raise RenderError(f"template {template}: the annex-body section is not closed")


ESTIMATE_VALID_DAYS = 10
"""An estimate holds for 10 working days after the request unless the user says otherwise."""


def estimate_valid_until(project, change: ChangeRecord, valid_until: dt.date | None) -> dt.date:
    """The last day the estimate holds: given, or 10 working days after the request."""
    if valid_until is not None:
        return valid_until
    return calendar.add_days(change.requested_on, ESTIMATE_VALID_DAYS, project.calendar)


def estimate_context(baseline, project, change: ChangeRecord, valid_until: dt.date | None = None,
                     prepaid_on: dt.date | None = None, schedule: dict | None = None, *,
                     numbers: dict[str, int] | None = None) -> dict:
    """A one-page change request for the client: what, why, price, time, new completion.

    prepaid_on: the recorded day the prepayment arrived: the sheet's dates are the addendum's;
    schedule: what the addendum will state of the payments ({"deposit": its own additional deposit,
    "rows": the installments by number}, flows/stated.sheet_payments); without it, the deposit is
    the share of the increase the addendum would take (ledger.apply_change); numbers: the stages'
    numbers as the signed history fixes them (compute.stage_numbers)."""
    from contractkit.ledger import records_schedule

    effect = impact(baseline, project, prepaid_on, numbers=numbers)
    recorded = records_schedule(baseline, project)
    deposit = (schedule["deposit"] if schedule is not None else
               money.percent_of(effect.delta, project.payment.change_prepayment, project.currency)
               if effect.delta > 0 and not recorded else money.ZERO)
    base = ctx.build(project, effect.new)
    lines = {x["id"]: x for x in base["lines"]}
    return {
        **base,
        "change": change.model_dump() | {"number": change.number, "notice": False},
        "effect": {
            **_deliverables(effect, lines),
            "old_total": effect.old.total,
            "new_total": effect.new.total,
            "delta": effect.delta,
            # what the change order states (ledger.py): a deposit of the increase, the rest on the
            # final payment; or, when the user recorded a new schedule, the installments by number
            "deposit": deposit,
            "recorded": recorded,
            "rows": (schedule or {}).get("rows", []) if recorded else [],
            "new_payments": [] if recorded else (schedule or {}).get("new", []),
            "old_completion": effect.old.completion,
            "new_completion": effect.new.completion,
            "working_days_added": working_days_between(effect.old.completion, effect.new.completion,
                                                       project.calendar),
            "valid_until": estimate_valid_until(project, change, valid_until),
            # the terms the documents word from the project that a client approves on this sheet
            "terms": term_changes(baseline, project),
        },
    }


def _deliverables(effect, lines: dict) -> dict:
    """Deliverables added, removed and changed, as template values of the new version."""
    return {
        "added": [lines[x.deliverable.id] for x in effect.added],
        "removed": [ctx.line_context(x) for x in effect.removed],
        "changed": [{"old": ctx.line_context(c.old), "new": lines[c.new.deliverable.id],
                     "fields": [f.name for f in c.fields]} for c in effect.changed],
        # every kept milestone whose deadline moves, a knock-on move too: what the Client approves
        # is every date the Change Order will restate (review-en5 E9)
        "moved": [{"n": lines[m.id]["n"], "title": m.title, "old": m.old, "new": m.new}
                  for m in effect.moved if m.id in lines],
    }


def working_days_between(old: dt.date, new: dt.date, country: str) -> int:
    """Working days the completion moves (negative when it comes earlier)."""
    sign, (a, b) = (1, (old, new)) if new >= old else (-1, (new, old))
    days = 0
    while a < b:
        a += dt.timedelta(days=1)
        days += calendar.is_working_day(a, country)
    return sign * days
