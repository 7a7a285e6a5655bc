"""The dates in force an addendum states for the version it makes (ГК РФ ст. 452: a restated annex
with the signed dates would undo a move an earlier addendum's late deposit or a delay notice made):
the stages it leaves keep the deal state's dates, the ones it touches take the deposit moves the
deal state gives them once it is signed (state/deposits.py). The addendum, its restated annexes,
the clauses it amends and later renders of that version read the same dates.
"""

from __future__ import annotations

from contractkit.diff import impact
from contractkit.ledger import History


def kept_in_force(history: History, n: int, effect, before) -> dict:
    """Stage id -> its Stage in the deal state before addendum n, for each stage the addendum leaves
    as it was (not added, changed, removed or moved) whose dates in force differ from the version's:
    the addendum restates those (ГК РФ ст. 452: a restated annex with the unmoved dates would undo
    the move an earlier addendum's deposit or a notice made)."""
    if before is None:
        return {}
    touched = ({x.deliverable.id for x in effect.added} | {c.new.deliverable.id for c in effect.changed}
               | {m.id for m in effect.moved})
    stages = {s.id: s for s in before.stages}
    return {x.deliverable.id: stages[x.deliverable.id] for x in history.figures[n].lines
            if x.deliverable.id not in touched and x.deliverable.id in stages
            and (stages[x.deliverable.id].start, stages[x.deliverable.id].deadline) != (x.start, x.deadline)}


def dates_in_force(history: History, n: int, before, effect=None, kept=None) -> dict[str, dict]:
    """Stage id -> {start, deadline} where version n's dates in force, as its addendum states them,
    are not the version's own: the stages it leaves keep the deal state's (before: the state before
    it), the ones it touches take the moves earlier addenda's late deposits make."""
    if before is None:
        return {}
    effect = effect or impact(history.versions[n - 1], history.versions[n], history.prepaid_on,
                               history.signed_on, numbers=history.numbers, agreed=history.agreed)
    kept = kept_in_force(history, n, effect, before) if kept is None else kept
    return ({sid: {"start": s.start, "deadline": s.deadline} for sid, s in kept.items()}
            | moved_by_deposits(history, n, effect, before))


def moved_by_deposits(history: History, n: int, effect, before) -> dict[str, dict]:
    """Stage id -> {start, deadline}, for each stage addendum n adds, changes or moves that lies
    after a stage an earlier addendum's deposit, received after its planned start, moved
    (state/deposits.py):
    the dates the deal state gives it once this addendum is signed, which the addendum states."""
    if before is None or not before.deposits:
        return {}
    from contractkit.state.deposits import moved_dates

    touched = ({x.deliverable.id for x in effect.added} | {c.new.deliverable.id for c in effect.changed}
               | {m.id for m in effect.moved})
    moved = moved_dates(history.versions[n], history.figures[n].lines, before.deposits)
    return {sid: dates for sid, dates in moved.items() if sid in touched}


def dated_in_force(context: dict, kept: dict, prior=None) -> dict:
    """Version context with the dates in force of the stages an addendum leaves as they are (kept:
    id -> {start, deadline}), and the payment events and completion that follow them; a stage whose
    addendum's deposit the deal state `prior` has received no longer has provisional dates."""
    for line in [*context["lines"], *(p["line"] for p in context["payments"] if p.get("line"))]:
        line.update(kept.get(line["id"], {}))
    if kept and context["lines"]:
        end = max(x["deadline"] for x in context["lines"])
        context["contract"]["completion"] = end
        for p in context["payments"]:
            if p["on"] == "acceptance" and p["deliverable"] in kept:
                p["planned"] = kept[p["deliverable"]]["deadline"]
            elif p["on"] in ("completion", "launch"):
                p["planned"] = end
    if prior is not None and context.get("numbering"):
        received = {sid for w in prior.deposits if w.received for sid in w.stages}
        context["numbering"]["added"] = {k: v for k, v in context["numbering"]["added"].items()
                                         if k not in received}
    return context
