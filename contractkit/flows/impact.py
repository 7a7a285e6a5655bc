"""A change's impact against a baseline, one fact a line, and the warnings it earns (terminal
views, like flows/views.py; only the CLI prints them)."""

from __future__ import annotations

from pathlib import Path

from contractkit import money
from contractkit.flows.views import signed
from contractkit.model import Project
from contractkit.words import fmt


def impact_lines(effect, project: Project, baseline: str, payments: bool = True,
                 in_force: tuple[dict, dict] = ({}, {})) -> list[str]:
    """The impact of a change against a baseline, one fact a line.

    payments: say how the difference is paid (only meaningful against the last signed version);
    in_force: (stage id -> deadline in force before the change, stage id -> {start, deadline} the
    addendum would state), as pending_dates gives them: the dates the addendum will print.
    """
    before, dated = in_force
    new_deadline = {x.deliverable.id: dated.get(x.deliverable.id, {}).get("deadline", x.deadline)
                    for x in effect.new.lines}
    lang, cur = project.language, project.currency
    m = lambda v: fmt.money(v, cur, lang)  # noqa: E731
    out = [f"against {baseline}:"]
    for x in effect.added:
        out.append(f"  + {x.deliverable.id}: {x.deliverable.title} ({m(x.price)}, "
                   f"{x.deliverable.days or '-'} working days, due {new_deadline[x.deliverable.id]})")
    for x in effect.removed:
        out.append(f"  - {x.deliverable.id}: {x.deliverable.title} ({m(x.price)})")
    for c in effect.changed:
        out.append(f"  ~ {c.new.deliverable.id}:")
        for f in c.fields:
            old, new = (_value(v, f.name, m) for v in (f.old, f.new))
            out.append(f"      {f.name}: {old} -> {new}")
    for mv in effect.moved:
        out.append(f"  deadline {mv.id}: {before.get(mv.id, mv.old)} -> {new_deadline.get(mv.id, mv.new)}")
    moved = {mv.id for mv in effect.moved} | {x.deliverable.id for x in effect.added}
    for x in effect.new.lines:  # a date in force one side states and the other does not
        sid = x.deliverable.id
        if sid not in moved and sid in before and before[sid] != new_deadline[sid]:
            out.append(f"  deadline {sid}: {before[sid]} -> {new_deadline[sid]} (in force)")
    out.append(f"  money: {m(effect.old.total)} {signed(effect.delta, cur, lang)} = {m(effect.new.total)}"
               + (f" (VAT {m(effect.new.vat)})" if effect.new.vat is not None else ""))
    recorded = ([(p.installment, p.days) for p in effect.old.payments]
                != [(p.installment, p.days) for p in effect.new.payments])
    if payments and recorded:  # ledger.follow_the_record: the unpaid installments take the new schedule
        out.append("  payment schedule: as now recorded for the installments not due yet; the addendum "
                   "restates the payment clause (3.3.N) by its signed numbers")
    elif payments and effect.delta > 0:
        extra = money.percent_of(effect.delta, project.payment.change_prepayment, cur)
        out.append(f"  extra prepayment on signing the addendum: {m(extra)}; "
                   f"{m(effect.delta - extra)} joins the final payment")
    elif payments and effect.delta < 0:
        out.append(f"  the final payment falls by {m(-effect.delta)}; no extra prepayment")
    old_end = max([effect.old.completion, *before.values()])
    new_end = max(new_deadline.values(), default=effect.new.completion)
    out.append(f"  completion: {old_end} -> {new_end}")
    if effect.sections:
        out.append("  also changed: " + ", ".join(effect.sections))
    out.extend(undescribed_warnings(effect))
    return out


def pending_dates(path: Path, day) -> tuple[dict, dict]:
    """(stage id -> deadline in force on `day`, stage id -> {start, deadline} its addendum would state)
    for the change pending after the last signature, as an addendum of that day will state them
    (render/inforce.py); ({}, {}) with no signed addendum's dates to carry."""
    from contractkit.flows.billing import prepaid_on_for
    from contractkit.load import PROJECT_FILE
    from contractkit.render.inforce import dates_in_force
    from contractkit.store import history
    from contractkit.store.deal import state_before
    from contractkit.store.repo import open_repo

    signed = history.as_signed(path, (path / PROJECT_FILE).read_bytes(), prepaid_on_for(path))
    if not signed or signed[1] < 1:
        return {}, {}
    hist, n = signed
    with open_repo(path) as repo:
        before = state_before(repo, n, day)
    if before is None:
        return {}, {}
    return {s.id: s.deadline for s in before.stages}, dates_in_force(hist, n, before)


def diff_in_force(path: Path, result) -> tuple[dict, dict]:
    """impact_lines' in_force for `diff FROM TO` (store/compare.Comparison): each side's deadlines
    as `render` of that version and that side of the redline state them (flows/stated.py)."""
    from contractkit.flows.redline.versions import pick
    from contractkit.flows.stated import deadlines

    before, after = pick(path, result.old_name, result.new_name)  # each side as the redline has it
    old, new = before.dated or {}, after.dated or {}
    if not (old or new):
        return {}, {}
    return deadlines(result.impact.old.lines, old), new


def undescribed_warnings(effect) -> list[str]:
    """An added stage without a description leaves the work undefined in the addendum."""
    return [f"warning: added stage {x.deliverable.id} has no description, so the addendum cannot say "
            f"what the work is; add 'description:' to it in project.yaml"
            for x in effect.added if not (x.deliverable.description or "").strip()]


def _value(value, name: str, m) -> str:
    if value is None:
        return "-"
    if name in ("price", "rate"):
        return m(value)
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def change_deposit_warnings(effect, project: Project, requested_on) -> list[str]:
    """An English change order holds its added work until its additional deposit arrives, and the
    deposit falls due only days_to_pay after the order is signed (the request's day at the
    earliest): an added milestone that starts before then cannot start on time even if the Client
    pays on time. The deal state moves it by the business days from its planned start until the
    deposit arrives (state/deposits.py): the line says so. One per milestone."""
    from datetime import date

    from contractkit import calendar

    pay = project.payment
    if project.language != "en" or not effect.added or effect.delta <= 0 or not pay.change_prepayment:
        return []
    signed = requested_on or date.today()
    due = calendar.due_after(signed, pay.days_to_pay, project.calendar, pay.day_kind == "working")
    kind = "business" if pay.day_kind == "working" else "calendar"
    return [f"warning: {x.deliverable.id} starts {x.start}, but the additional deposit falls due "
            f"{pay.days_to_pay} {kind} days after the change order is signed ({due} if signed on {signed}): "
            f"the added work waits for the deposit, and {x.deliverable.id} and the milestones after it move "
            f"by the business days from {x.start} until it arrives" for x in effect.added if x.start < due]


def held_deadline_warnings(effect) -> list[str]:
    """A stage the change adds with a fixed deadline keeps the date as entered, though a move already
    in force (a client's delay) moves the signed deadlines: say so, so the date is confirmed (E15)."""
    lines = {x.deliverable.id: x for x in effect.added}
    return [f"warning: {sid}: deadline {lines[sid].deadline} is stated as entered; the {days} working "
            f"day(s) the schedule has already moved do not move it (a date the parties agree now): "
            f"confirm it with the client, or enter the later date"
            for sid, days in effect.held.items() if sid in lines]


def deadline_cap_warnings(effect) -> list[str]:
    """A stage with `days:` ends when its working days end; its `deadline:` is only a cap, so a later
    deadline moves nothing and the addendum would amend nothing about it (review-ru2 R7.18)."""
    return [f"warning: {c.new.deliverable.id}: deadline {c.new.deliverable.deadline} is only a cap on its "
            f"{c.new.deliverable.days} working days, so the stage still ends on {c.new.deadline}: the change "
            "moves nothing; change 'days:' to move the end"
            for c in effect.changed
            if [f.name for f in c.fields] == ["deadline"] and c.new.deliverable.days
            and c.old.deadline == c.new.deadline]
