"""The payment schedule as signed: what the contract and each signed addendum made it.

`render --doc payments`, `show` and an addendum's restated payment annex all print this one
schedule, so none contradicts the signed documents (ledger.History builds it).
"""

from __future__ import annotations

from contractkit import calendar
from contractkit.ledger import History, event_day
from contractkit.render import context as ctx


def payments_as_signed(history: History, n: int) -> list[dict]:
    """Template values of version n's payments, in the shape context.build gives them.

    Once an addendum changed the price, a share is kept only by an installment the contract
    signed and no addendum changed (its clause stays as signed, «50 % стоимости — …»); the others
    state the amounts that were signed.
    """
    project, figures = history.versions[n], history.figures[n]
    if n == 0:
        return ctx.build(project, figures)["payments"]
    lines = {x.deliverable.id: ctx.line_context(x) for x in figures.lines}
    repriced = figures.total != history.figures[0].total
    working = project.payment.day_kind == "working"
    signed = {(x.label, x.deliverable, x.fixed): x.amount for x in history.schedules[0]}
    out = []
    for i, item in enumerate(history.schedules[n], 1):
        as_signed = signed.get((item.label, item.deliverable, item.fixed)) == item.amount
        fixed = {"signing": history.signed_on or project.contract.date, "date": item.fixed}.get(item.label)
        due = calendar.add_days(fixed, item.due_days, project.calendar, working) if fixed else None
        out.append({
            "percent": None if (repriced and not as_signed) or item.label == "addendum" else item.percent,
            "of_original": repriced and as_signed,  # the share is of the price as first signed
            "amount": item.amount, "on": item.label, "deliverable": item.deliverable,
            "date": item.fixed, "days": item.due_days, "n": i, "due": due,
            "planned": fixed or event_day(item, figures), "addendum": item.addendum,
            "line": lines.get(item.deliverable) if item.deliverable else None,
        })
    return out
