"""The dates in force a version states: what `render`, the redline, `diff` and `change` print for it.

Version n >= 1 is what addendum n made; its documents state the dates that addendum states
(render/inforce.py): the stages it leaves keep the deal state's dates before it (moved by an earlier
addendum's late deposit, a notice, the client's delays), the ones it touches take the moves that
state gives them once it is signed. A signed version reads the state at the commit before its tag on
the day it was drafted; a version not signed yet, the state at its commit today, as its addendum
would be drafted. The contract itself (n = 0) states its own dates. The change-request sheet states
the payments its addendum will (sheet_payments).
"""

from __future__ import annotations

import datetime as dt


def stated_dates(repo, hist, n: int, record=None, rev: str = "HEAD", day: dt.date | None = None) -> dict:
    """Stage id -> {start, deadline} where version n of `hist` (ledger.History) states dates other
    than its own; record: its signature record when signed (then read before its tag, on its
    drafting day); rev and day: where and when an unsigned version's addendum is drafted."""
    from contractkit.render.inforce import dates_in_force
    from contractkit.store.deal import state_at

    if n < 1:
        return {}
    if record is not None:
        day, rev = record.drafted or record.date, f"{record.tag}^"
    found = state_at(repo, day or dt.date.today(), rev)
    before = found if found is not None and len(found.versions) == n else None
    return dates_in_force(hist, n, before)


def deadlines(lines, dated: dict) -> dict:
    """Stage id -> the deadline a version states: its own unless `dated` (stated_dates) moves it."""
    return {x.deliverable.id: dated.get(x.deliverable.id, {}).get("deadline", x.deadline) for x in lines}


def sheet_payments(repo, signed: list, project, prepaid) -> dict | None:
    """What the addendum this change leads to will state of the payments (ledger.History, as the
    addendum builds it): its own additional deposit, and the restated installments by number."""
    from contractkit.errors import ContractkitError
    from contractkit.ledger import History
    from contractkit.render.schedule import payments_as_signed
    from contractkit.store import history

    versions = [history.project_at(repo, s.tag) for s in signed] + [project]
    hist = History(versions, prepaid, signed[0].date, tuple(s.date for s in signed))
    n = len(versions) - 1
    try:
        rows = payments_as_signed(hist, n, drafted=True)
    except ContractkitError:  # no addendum can be drafted yet (ledger.apply_change says why, there)
        return None
    before = {p["n"] for p in payments_as_signed(hist, n - 1, drafted=True)}
    return {"deposit": hist.ledger(n).extra_prepayment,
            "rows": [{"n": p["n"], "amount": p["amount"]} for p in rows],
            # a balance the addendum makes a payment of its own (ledger.keep_the_final), not the final's
            "new": [{"n": p["n"], "amount": p["amount"], "days": p["days"], "line": p["line"]} for p in rows
                    if p["n"] not in before and p["on"] == "acceptance" and p["line"]]}


def noticed_baseline(repo, changes: dict, notices: set[str], change_id: str, sha: str, signed, baseline):
    """(baseline, the notice's date or None): the sheet measures a change from the deal in force,
    so a delay notice sent since the last signature (recorded as a change the next addendum
    confirms) is already in its baseline: its move is neither this change's days nor work out of
    scope (review-ru3 R14)."""
    from contractkit.flows.letters.record import letters
    from contractkit.store import history

    found = None
    for cid in sorted(notices):
        c = changes.get(cid)
        if c is None or cid == change_id or c.status != "proposed":
            continue
        at = history.resolve(repo, cid)
        after_signing = not signed or repo.is_ancestor(signed[-1].tag, at)
        if at == sha or not repo.is_ancestor(at, sha) or not after_signing:
            continue
        found = (cid, at)
    if found is None:
        return baseline, None
    day = next((x.date for x in letters(repo) if x.kind == "delay" and x.change == found[0]), None)
    return history.project_at(repo, found[1]), day
