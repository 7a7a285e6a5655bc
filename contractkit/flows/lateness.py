"""An addendum must not silently cancel an extension the client's lateness already gives.

The contract's extension clause moves a stage's deadline by the client's recorded lateness with
materials or feedback (state/delays.py); no addendum is needed. Once both parties sign a version
restating the older dates, that lateness no longer counts (the requests answered by its signature
are settled): the contractor loses the extension and risks the penalty for being late. So a new
version that restates a stage's deadline earlier than the one in force, while the lateness that
moved it is held in no stage's `delay:` of that version, is refused until the contractor's notice
of the delay has put it there (`notice delay STAGE --client-caused`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.errors import OptionError


class UnheldExtension(OptionError):
    """The new version would cancel an extension the client's lateness gives."""


def unheld_extension(path: Path, day: dt.date, what: str = "addendum") -> str | None:
    """One line naming the first stage whose deadline in force on `day` the working project.yaml
    restates earlier, the working days, the late request and the fix; None when there is none."""
    from contractkit import calendar
    from contractkit.compute import compute
    from contractkit.flows.letters.deal import read_deal
    from contractkit.load import PROJECT_FILE, parse_project
    from contractkit.model.checks import dependencies
    from contractkit.state.delays import request_lateness

    state, _ = read_deal(path, day)
    if state is None or not any(s.extended for s in state.stages):
        return None
    new = parse_project((path / PROJECT_FILE).read_text(encoding="utf-8-sig"))
    old = state.project
    signed_on = state.records.signed[0].date if state.records.signed else None
    figures = compute(new, state.prepaid_on, signed_on, agreed=state.history.agreed)
    lines = {x.deliverable.id: x for x in figures.lines}
    raised = {d.id for d in new.deliverables
              if d.delay > next((o.delay for o in old.deliverables if o.id == d.id), 0)}
    needs = dependencies(new)
    country = old.calendar
    for stage in state.stages:
        line = lines.get(stage.id)
        if not stage.extended or line is None or line.deadline >= stage.deadline:
            continue
        if stage.accepted_on is not None:
            continue  # accepted: its deadline no longer moves, and the state keeps it as accepted
        if _ancestry(stage.id, needs) & raised:
            continue  # a notice of the delay (or the user) already holds it in `delay:`
        days = calendar.working_days_between(stage.signed_deadline, stage.deadline, country)
        late = [r for r in state.records.requests if request_lateness(old, r, day)[2]]
        ask = late[0] if late else None
        said = (f" ({ask.id} «{ask.what}», asked {ask.asked}, {request_lateness(old, ask, day)[2]} "
                f"working day(s) late)") if ask else ""
        return (f"{what}: stage {stage.id}'s deadline in force is {stage.deadline}, {days} working day(s) "
                f"after the signed {stage.signed_deadline} by the client's lateness{said}, but the new "
                f"version restates {line.deadline}: signed, it would cancel that extension. Send "
                f"`contractkit notice delay {stage.id} --client-caused` first, then record the "
                f"change/addendum")
    return None


def _ancestry(sid: str, needs: dict[str, list[str]]) -> set[str]:
    """The stage and every stage it waits for, directly or not."""
    seen, todo = set(), [sid]
    while todo:
        cur = todo.pop()
        if cur in seen:
            continue
        seen.add(cur)
        todo.extend(needs.get(cur, []))
    return seen


def refuse_unheld_extension(path: Path, day: dt.date, what: str = "addendum") -> None:
    found = unheld_extension(path, day, what)
    if found:
        raise UnheldExtension(found)
