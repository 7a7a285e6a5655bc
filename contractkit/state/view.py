"""The deal state as plain JSON data: what `show --json`, `status --json` and `log --json` print.

Sums are Decimal written as strings (never floats), dates ISO 8601; installments, stages and
changes carry the one number every document prints.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from contractkit.compute import Figures, prepayment_due, stated_start
from contractkit.model import Project
from contractkit.state.deal import DealState
from contractkit.state.schedule import Installment


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def dumps(data: dict) -> str:
    return json.dumps(_plain(data), ensure_ascii=False, indent=2, sort_keys=False)


def _installment(i: Installment) -> dict:
    return {"number": i.number, "key": i.key, "on": i.label, "amount": i.amount, "percent": i.percent,
            "deliverable": i.deliverable, "addendum": i.addendum, "final": i.final}


def _head(project: Project, figures: Figures) -> dict:
    contract = project.contract
    prepay = sum((p.amount for p in figures.payments if p.installment.on == "signing"), Decimal(0))
    return {
        "project": project.id, "title": project.title, "language": project.language,
        "currency": project.currency, "contract": {"number": contract.number, "date": contract.date},
        "prepayment": {"amount": prepay, "due": prepayment_due(project) if prepay else None,
                       "received_on": None, "work_start": figures.start,
                       "provisional": figures.provisional},
    }


def draft_data(project: Project, figures: Figures, as_of: date) -> dict:
    """An unsigned project: its own figures, nothing signed, nothing paid."""
    payments = [{"number": p.number, "on": p.installment.on, "amount": p.amount,
                 "percent": p.installment.percent, "deliverable": p.installment.deliverable,
                 "due": p.due, "planned": p.event_planned} for p in figures.payments]
    return {"as_of": as_of, "signed": False, **_head(project, figures), "total": figures.total,
            "vat": figures.vat, "start": figures.start, "completion": figures.completion,
            "versions": [], "installments": payments, "stages": _lines(figures), "changes": []}


def _lines(figures: Figures) -> list[dict]:
    return [{"number": x.number, "id": x.deliverable.id, "title": x.deliverable.title, "price": x.price,
             "start": x.start, "deadline": x.deadline, "accepted_on": None, "act": None,
             "on_time": None, "late_days": 0} for x in figures.lines]


def _late_interest(state: DealState) -> dict:
    """What `status` lists as owed beyond the fee (state/interest.owed): interest or penalty per
    installment, with the Late Payment Act's fixed sums, through the state's date."""
    from contractkit.state.interest import owed

    found = owed(state, state.as_of)
    rows = [{"installment": a.number, "due": a.due, "until": a.until, "paid": a.paid, "days": a.days,
             "rate": a.rate, "interest": a.interest, "fixed_sum": a.fixed, "total": a.total,
             "periods": [{"debt": p.debt, "first": p.first, "last": p.last, "days": p.days,
                          "amount": p.amount,
                          # ГК РФ ст. 395: the period's key rate and days of its year
                          **({"rate": p.rate, "year_days": p.year_days} if p.rate is not None else {})}
                         for p in a.periods]} for a in found]
    return {"late_interest": rows, "late_interest_owed": sum((a.total for a in found), Decimal(0))}


def state_data(state: DealState, changes=(), working: tuple[Project, Figures] | None = None) -> dict:
    """The deal state; changes: the change records with their recomputed figures (store/audit);
    working: the working file and its figures, when it differs from the last signed version."""
    r = state.records
    head = _head(state.project, state.figures)
    prepay = sum((i.amount for i in state.installments if i.is_prepayment), Decimal(0))
    head["prepayment"].update(amount=prepay, received_on=state.prepaid_on,
                              due=state.prepayment_due() if prepay else None)
    stages = []
    lines = {x.deliverable.id: x for x in state.figures.lines}
    for s in state.stages:
        # the start the scope annex states (compute.stated_start: a client's delay lengthens the stage)
        start = stated_start(lines[s.id], state.project, s.start) if s.id in lines else s.start
        stages.append({"number": s.number, "id": s.id, "title": s.title, "price": s.price,
                       "start": start, "deadline": s.deadline, "accepted_on": s.accepted_on,
                       "act": s.act, "on_time": s.on_time if s.accepted_on else None,
                       "late_days": s.late_days, "phase": state.phase(s)[0],
                       "deposit_days": s.deposit_days, "waits_for_deposit": s.waits_for})
    notices = {x.change: x for x in r.letters if x.kind == "delay" and x.change}
    data = {
        "as_of": state.as_of, "signed": True, **head,
        "total": state.total, "vat": state.figures.vat, "received": state.received,
        "refunded": state.refunded, "overpaid": state.overpaid,
        "balance": state.balance, "start": state.figures.start, "completion": state.completion,
        "versions": [{"tag": v.tag, "number": v.number, "date": v.date, "total": v.total,
                      "completion": v.completion, "installments": [_installment(i) for i in v.installments]}
                     for v in state.versions],
        "installments": [_installment(s.installment) | {
            "paid": s.paid, "balance": s.balance, "due": s.due, "planned": s.planned,
            "planned_due": s.planned_due,
            "overdue_days": s.overdue_days(state.as_of)} for s in state.standing],
        "stages": stages,
        "changes": [{"id": c.id, "number": c.number, "title": c.title, "kind": c.kind, "status": c.status,
                     "requested_by": c.requested_by, "on_notice": c.id in notices,
                     "requested_on": c.requested_on, "addendum": c.addendum, "delta": c.delta,
                     "total": c.total, "completion": c.completion} for c in changes],
        "payments": [{"id": p.id, "date": p.date, "amount": p.amount, "reverses": p.reverses,
                      "refund": getattr(p, "refund", False),
                      "allocations": {str(state.number_of(k)): a for k, a in p.allocations.items()}}
                     for p in r.payments],
        "invoices": [{"id": i.id, "date": i.date, "amount": i.amount,
                      "installment": state.number_of(i.installment), "version": i.version}
                     for i in r.invoices],
        "acts": [{"id": a.id, "number": a.number, "date": a.date, "kind": a.kind, "stages": list(a.stages),
                  "accepted": a.accepted, "fix_by": a.fix_by} for a in r.acts],
        "letters": [{"id": x.id, "kind": x.kind, "date": x.date, "stage": x.stage,
                     "installment": state.number_of(x.installment) if x.installment else None,
                     "change": x.change} for x in r.letters],
        "sent": [{"id": s.id, "letter": s.letter, "date": s.date} for s in r.sent],
        "requests": [{"id": q.id, "what": q.what, "asked": q.asked, "received": q.received}
                     for q in r.requests],
        "income_by_year": {str(y): v for y, v in sorted(state.income_by_year().items())},
        **_late_interest(state),
    }
    if working is not None:
        project, figures = working
        data["working"] = {"total": figures.total, "completion": figures.completion,
                           "stages": _lines(figures)}
    return data
