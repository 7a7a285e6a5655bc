"""The payment schedule as signed: what the contract and each signed addendum made it.

`render --doc payments`, `show` and an addendum's restated payment annex all print this one
schedule, so none contradicts the signed documents (ledger.History builds it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from contractkit import calendar
from contractkit.ledger import History, event_day
from contractkit.render import context as ctx
from contractkit.state.schedule import signed_numbers

LISTED_AS: ContextVar[tuple[str, bool]] = ContextVar("listed_as", default=("number", True))
"""How a restated schedule is listed: ("number", True) today: by signed number, an earlier addendum's
deposit dated from its signing. Set only while re-rendering an addendum signed by an earlier
version (flows/signing/reproduce.py), so its bytes are what was signed: ("due", False) listed the
rows in due order (2026-12-06), ("number", False) by number without those dates (before it)."""

EARLIER_LISTINGS = (("due", False), ("number", False))
"""The listings addenda were signed with before today's, the latest first."""


@contextmanager
def listed_as(style: tuple[str, bool]) -> Iterator[None]:
    token = LISTED_AS.set(style)
    try:
        yield
    finally:
        LISTED_AS.reset(token)


def payments_as_signed(history: History, n: int, drafted: bool = False) -> list[dict]:
    """Template values of version n's payments, in the shape context.build gives them, listed by
    their signed numbers (an addendum's payment takes the next free number, never one the contract
    gave: state/schedule.py), so the table reads as the clauses 3.3.N do and each row gives its own
    due date or event. An addendum's deposit is dated from its addendum's signing once that is
    known; drafted: version n is the addendum being drafted, its own deposit not dated yet (as a
    contract's prepayment is not before signing).

    Once an addendum changed the price, no installment is stated as a share any more (a share of
    the old price is not that share of the new one): each states the amount that was signed.
    """
    project, figures = history.versions[n], history.figures[n]
    if n == 0:
        return ctx.build(project, figures)["payments"]
    lines = {x.deliverable.id: ctx.line_context(x) for x in figures.lines}
    working = project.payment.day_kind == "working"
    schedule = history.schedules[n]
    vats = ctx.vat_within_each(project, figures.vat, [item.amount for item in schedule])
    out = []
    order = list(zip(signed_numbers(schedule), range(len(schedule)), strict=True))  # in due order
    listing, dated = LISTED_AS.get()
    for number, i in order if listing == "due" else sorted(order):
        item = schedule[i]
        fixed = {"signing": history.signed_on or project.contract.date, "date": item.fixed,
                 "addendum": _signed(history, item.addendum, n, drafted) if dated else None}.get(item.label)
        due = calendar.due_after(fixed, item.due_days, project.calendar, working) if fixed else None
        out.append({
            "percent": None if item.label == "addendum" else item.percent, "of_original": False,
            "amount": item.amount, "on": item.label, "deliverable": item.deliverable,
            "date": item.fixed, "days": item.due_days, "n": number, "due": due,
            "final": i == len(schedule) - 1, "vat": vats[i],
            "planned": fixed or event_day(item, figures), "addendum": item.addendum,
            # a restated schedule's deposit: the Agreement is signed, its event is no plan
            "signed_on": history.signed_on if item.label == "signing" else None,
            "line": lines.get(item.deliverable) if item.deliverable else None,
        })
    return out


def _signed(history: History, k: int | None, n: int, drafted: bool):
    """The day addendum k was signed, if it is (not the one being drafted)."""
    if k is None or (drafted and k == n):
        return None
    return history.signed_day(k)


def settled_before(before, day, refund, n: int, recorded: bool = False) -> dict | None:
    """What the client paid before addendum n (dated `day`) when it cuts the price below that sum:
    the restated payment annex states each payment with its date and the sum paid back, so the
    annex agrees with the addendum's refund clause (ГК РФ п. 4 ст. 453, ст. 1102). None otherwise.
    before: the deal state before it (state/deal.py); refund: the excess, as the addendum has it."""
    if before is None or not refund or refund <= 0:
        return None
    from contractkit.state.schedule import effective

    paid = [{"date": p.date, "amount": p.amount, "refund": bool(getattr(p, "refund", False))}
            for p in effective([p for p in before.records.payments if p.date <= day])]
    return {"addendum": n, "date": day, "paid": paid, "received": before.received_by(day),
            "refund": refund, "recorded": recorded}
