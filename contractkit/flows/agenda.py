"""The studio's week: across a workspace, what is due, missed, waiting or unsigned, most urgent first.

Every figure comes from facts_for (contractkit/flows/facts.py), the one function per project; this
module only selects, ranks and totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from contractkit.flows.facts import Facts, facts_for

RANKS = {"overdue": 0, "missed": 0, "silent": 1, "due": 2, "deadline": 2, "waiting": 3,
         "unsigned-change": 4, "notice": 4, "not-invoiced": 5, "update": 6, "error": 0}


@dataclass(frozen=True)
class Item:
    kind: str
    day: date | None
    text: str

    @property
    def rank(self) -> tuple:
        return (RANKS[self.kind], self.day or date.max, self.text)


@dataclass
class ProjectAgenda:
    name: str
    title: str
    items: list[Item]
    receivable: Decimal
    overdue: Decimal
    penalty: Decimal
    currency: str
    language: str = "en"

    @property
    def rank(self) -> tuple:
        return min((i.rank for i in self.items), default=(99,)) + (self.name,)


@dataclass
class Agenda:
    start: date
    end: date
    today: date
    projects: list[ProjectAgenda]
    totals: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    """Currency -> {'receivable', 'overdue', 'penalty'}."""


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def build(paths: list[Path], start: date, end: date, today: date, until: date | None = None) -> Agenda:
    """until: only the records dated by then count (`agenda --date`)."""
    projects = [_project(facts_for(p, today, until), start, end, today) for p in paths]
    shown = sorted((p for p in projects if p.items), key=lambda p: p.rank)
    totals: dict[str, dict[str, Decimal]] = {}
    for p in projects:
        if not p.currency:
            continue
        sums = totals.setdefault(p.currency, {"receivable": Decimal(0), "overdue": Decimal(0),
                                              "penalty": Decimal(0)})
        sums["receivable"] += p.receivable
        sums["overdue"] += p.overdue
        sums["penalty"] += p.penalty
    return Agenda(start, end, today, shown, dict(sorted(totals.items())))


def _money(f: Facts, amount: Decimal) -> str:
    return _fmt(amount, f.currency, f.language)


def _fmt(amount: Decimal, currency: str, lang: str) -> str:
    from contractkit.words import fmt

    return fmt.money(amount, currency, lang).replace("\u00a0", " ")


def _project(f: Facts, start: date, end: date, today: date) -> ProjectAgenda:
    if f.error:
        return ProjectAgenda(f.name, "", [Item("error", None, f.error)], Decimal(0), Decimal(0),
                             Decimal(0), "")
    items: list[Item] = []
    if f.awaits_prepayment:  # no stage has started: no deadline runs, none is missed
        due = f.awaits_prepayment
        since = f", unpaid {(today - due).days} days after its due date" if today > due else ""
        items.append(Item("waiting", due, f"work waits for the prepayment (due {due}{since}): no stage "
                          "has started and no deadline runs until it is paid"))
    for e in f.events:
        if e.kind != "deadline" or e.done or f.awaits_prepayment:
            continue
        if e.waits:  # added work waiting for its addendum's deposit: no deadline runs yet
            items.append(Item("waiting", e.waits, f"{e.title} waits for the addendum's additional deposit "
                              f"(due {e.waits}): its deadline {e.day} is provisional"))
            continue
        if e.day < today:
            items.append(Item("missed", e.day, f"deadline missed: {e.title} was due {e.day} "
                              f"({(today - e.day).days} days ago)"))
        elif start <= e.day <= end:
            items.append(Item("deadline", e.day, f"deadline: {e.title} on {e.day}"))
    for d in f.installments:
        if d.balance <= 0:
            if d.penalty:  # paid late: the interest it accrued until paid is still owed (state/interest.py)
                items.append(Item("overdue", d.due, f"installment {d.number} paid late (due {d.due}): "
                                  f"{f.late_charge} {_money(f, d.penalty)} unpaid"))
            continue
        if d.overdue_days:
            penalty = f", {f.late_charge} so far {_money(f, d.penalty)}" if d.penalty else ""
            items.append(Item("overdue", d.due, f"installment {d.number} overdue by {d.overdue_days} "
                              f"days: {_money(f, d.balance)} due {d.due}{penalty}"))
        elif d.due and start <= d.due <= end:
            items.append(Item("due", d.due, f"installment {d.number} due {d.due}: {_money(f, d.balance)}"))
    for w in f.waits:
        kind = "silent" if w.waited >= w.silent_limit else "waiting"
        term = f", {w.late} working days past its term" if w.late else ""
        note = ("; you may suspend the work" if kind == "silent" else "")
        items.append(Item(kind, w.asked, f"waiting on the client: {w.kind} ({w.what}), asked {w.asked}, "
                          f"{w.waited} working days{term} (silent-client term {w.silent_limit}){note}"))
    for c in f.pending:
        if c.notice:  # in force from the notice's date, no signature (state/delays.py)
            if c.requested_on > today:
                items.append(Item("notice", c.requested_on, f"{c.id} announced by your delay notice "
                                  f"of {c.requested_on}, in force from that date: {c.title}"))
            continue
        items.append(Item("unsigned-change", c.requested_on,
                          f"{c.id} awaiting signature for {c.age} days: {c.title}"))
    for what in f.uninvoiced:
        items.append(Item("not-invoiced", None, f"no invoice yet for {what}, whose stage is accepted"))
    monday = today - timedelta(days=today.weekday())
    if f.signed and not f.completed and (f.last_update is None or f.last_update < monday):
        since = f"last sent {f.last_update}" if f.last_update else "none sent yet"
        items.append(Item("update", None, f"Friday update not sent this week ({since})"))
    if not f.signed:
        return ProjectAgenda(f.name, f.title, [], Decimal(0), Decimal(0), Decimal(0), "")
    receivable = sum((d.balance for d in f.installments if d.balance > 0), Decimal(0))
    overdue = sum((d.balance for d in f.installments if d.balance > 0 and d.overdue_days), Decimal(0))
    penalty = sum((d.penalty for d in f.installments), Decimal(0))
    return ProjectAgenda(f.name, f.title, sorted(items, key=lambda i: i.rank), receivable, overdue,
                         penalty, f.currency, f.language)


def lines(agenda: Agenda) -> list[str]:
    out = [f"agenda {agenda.start} .. {agenda.end} (as of {agenda.today})"]
    for p in agenda.projects:
        out.append(f"{p.name}: {p.title}" if p.title else p.name)
        out += [f"  {'!' if RANKS[i.kind] == 0 else '-'} {i.text}" for i in p.items]
    if not agenda.projects:
        out.append("nothing due, missed or waiting")
    for currency, sums in agenda.totals.items():  # in the money format of its projects' language
        lang = next((p.language for p in agenda.projects if p.currency == currency),
                    "ru" if currency == "RUB" else "en")
        m = {k: _fmt(v, currency, lang) for k, v in sums.items()}
        out.append(f"total {currency}: receivable {m['receivable']}, overdue {m['overdue']}, "
                   f"late charges accrued {m['penalty']}")
    return out


def as_json(agenda: Agenda) -> dict:
    """Plain data: dates as ISO strings, sums as decimal strings (never floats)."""
    return {
        "from": agenda.start.isoformat(), "to": agenda.end.isoformat(), "today": agenda.today.isoformat(),
        "projects": [{"project": p.name, "title": p.title, "currency": p.currency,
                      "receivable": str(p.receivable), "overdue": str(p.overdue), "penalty": str(p.penalty),
                      "items": [{"kind": i.kind, "date": i.day.isoformat() if i.day else None,
                                 "text": i.text} for i in p.items]} for p in agenda.projects],
        "totals": {c: {k: str(v) for k, v in s.items()} for c, s in agenda.totals.items()},
    }
