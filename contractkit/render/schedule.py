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

BY_NUMBER: ContextVar[bool] = ContextVar("by_number", default=False)
"""Set while re-rendering an addendum signed when schedules were listed by number, not in due
order: its bytes are what was signed (flows/signing/reproduce.py)."""


@contextmanager
def listed_by_number() -> Iterator[None]:
    token = BY_NUMBER.set(True)
    try:
        yield
    finally:
        BY_NUMBER.reset(token)


def payments_as_signed(history: History, n: int) -> list[dict]:
    """Template values of version n's payments, in the shape context.build gives them, in the
    order they fall due, each under its signed number (an addendum's payment takes the next free
    number, never one the contract gave: state/schedule.py), so № 4 may come before № 3.

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
    for number, i in sorted(order) if BY_NUMBER.get() else order:
        item = schedule[i]
        fixed = {"signing": history.signed_on or project.contract.date, "date": item.fixed}.get(item.label)
        due = calendar.add_days(fixed, item.due_days, project.calendar, working) if fixed else None
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
