"""The deal at a version and a date: one value every document, page, letter and command reads.

`deal_state(records, as_of)` is a pure function of the project's history (the signed versions,
their signature records, change requests, payments, acts, invoices, letters, requests to the
client) and the day it is viewed on; the store reads the records (store/deal.py), nothing here
touches git, and the renderer gets figures from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from contractkit import calendar, money
from contractkit.compute import Figures, prepayment_due
from contractkit.ledger import History
from contractkit.model import Project
from contractkit.state.deposits import DepositWait, deposit_moves, deposit_waits, moved_line
from contractkit.state.schedule import Installment, effective, numbered, paid_by_key, prepaid_on


@dataclass(frozen=True)
class Records:
    """The project's history as plain records (store/deal.py reads them at one revision)."""

    signed: Sequence
    """Signature records in order: tag, kind, number, date."""
    versions: Sequence[Project]
    """The project as each signature signed it."""
    changes: Sequence = ()
    payments: Sequence = ()
    acts: Sequence = ()
    invoices: Sequence = ()
    letters: Sequence = ()
    sent: Sequence = ()
    requests: Sequence = ()
    notices: Sequence = ()
    """The contractor's notices of client-caused delays not signed yet (state/delays.Notice)."""


@dataclass(frozen=True)
class Standing:
    """An installment with what was paid on it and, once its event happened, its due date."""

    installment: Installment
    paid: Decimal
    due: date | None
    planned: date | None
    """When the event it waits for is planned (a deadline), while it has not happened."""
    planned_due: date | None = None
    """The due date if that event happens as planned (planned + the days to pay, on the calendar)."""

    @property
    def balance(self) -> Decimal:
        return self.installment.amount - self.paid

    def overdue_days(self, today: date) -> int:
        """Calendar days late: from the day after the due date through today (ГК РФ ст. 191)."""
        if self.due is None or self.balance <= 0 or today <= self.due:
            return 0
        return (today - self.due).days


@dataclass(frozen=True)
class Stage:
    """A stage of the version in force: its deadline and its acceptance."""

    id: str
    number: int
    title: str
    price: Decimal
    start: date
    deadline: date
    accepted_on: date | None = None
    act: int | None = None
    late_days: int = 0
    """Working days after the deadline in force that it was accepted (0: on time)."""
    signed_deadline: date | None = None
    """The last signed version's deadline; `deadline` is later by the client's delays."""
    deposit_days: int = 0
    """Working days an addendum's deposit received after the stage's planned start moved it
    (state/deposits.py); included in signed_deadline too, as the addendum's own clause moves it."""
    waits_for: date | None = None
    """The due date of an addendum's deposit not received yet that this stage waits for: its dates
    are provisional and no lateness runs."""

    @property
    def extended(self) -> bool:
        """The client's delay moved the deadline in force past the signed one."""
        return self.signed_deadline is not None and self.deadline > self.signed_deadline

    @property
    def on_time(self) -> bool:
        return self.accepted_on is not None and self.late_days == 0


@dataclass(frozen=True)
class Version:
    """A signed version: its figures with the recorded prepayment, its schedule as signed."""

    tag: str
    number: int
    date: date
    total: Decimal
    completion: date
    installments: list[Installment]


@dataclass
class DealState:
    as_of: date
    project: Project
    """The last signed version: what is owed is what was signed."""
    history: History
    """Every signed version's figures, dated by the recorded prepayment."""
    versions: list[Version]
    installments: list[Installment]
    standing: list[Standing]
    stages: list[Stage]
    prepaid_on: date | None
    records: Records
    paid: dict[str, Decimal] = field(default_factory=dict)
    deposits: list[DepositWait] = field(default_factory=list)
    """Each signed addendum's additional deposit the added stages wait for (state/deposits.py)."""

    @property
    def figures(self) -> Figures:
        return self.history.figures[-1]

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.installments), money.ZERO)

    @property
    def received(self) -> Decimal:
        """What the client paid, less what was paid back (`refunded`)."""
        return sum(self.paid.values(), money.ZERO)

    @property
    def refunded(self) -> Decimal:
        """Money paid back to the client (refund records: an addendum cut the fee below what was paid)."""
        return -sum((p.amount for p in effective(self.records.payments) if getattr(p, "refund", False)),
                    money.ZERO)

    @property
    def overpaid(self) -> Decimal:
        """What the client paid beyond the fee and has not been paid back yet (0 when none)."""
        return max(self.received - self.total, money.ZERO)

    @property
    def balance(self) -> Decimal:
        return self.total - self.received

    @property
    def completion(self) -> date:
        """The completion in force: the signed one, later by the client's delays."""
        return max([self.figures.completion, *(s.deadline for s in self.stages)])

    @property
    def completion_moved_by(self) -> str | None:
        """Why the completion in force is later than the signed one: "client" (the stage that ends
        the work was extended by the client's delays), "deposit" (an addendum's additional deposit
        came after the added stage's planned start), or None when it is not later."""
        if self.completion <= self.figures.completion:
            return None
        last = [s for s in self.stages if s.deadline == self.completion]
        if any(s.extended for s in last):
            return "client"
        if any(s.deposit_days for s in last):
            return "deposit"
        return "client" if any(s.extended for s in self.stages) else "deposit"

    def paid_by(self, day: date) -> dict[str, Decimal]:
        """Installment key -> what was paid on it by the end of `day`: a document states the deal
        as of its own date, never counting a payment made after it."""
        return paid_by_key(self.installments, effective([p for p in self.records.payments if p.date <= day]))

    def payments_on(self, key: str) -> list[tuple[date, Decimal]]:
        """(date, sum) of each payment allocated to an installment, in date order: when each part of
        it stopped being owed (the late-payment penalty counts by them)."""
        return sorted((p.date, a) for p in effective(self.records.payments)
                      for k, a in p.allocations.items() if k == key)

    def received_by(self, day: date) -> Decimal:
        return sum(self.paid_by(day).values(), money.ZERO)

    def number_of(self, key: str | None) -> int | None:
        """The installment's number in the schedule in force, from the key a record stores."""
        return next((i.number for i in self.installments if i.key == key), None)

    @property
    def awaits_prepayment(self) -> bool:
        """Work starts on the prepayment (start: on_prepayment) and it is not received in full:
        no stage has started, no deadline runs (the dates are provisional)."""
        return (self.project.contract.on_prepayment and self.prepaid_on is None
                and any(i.is_prepayment for i in self.installments))

    def phase(self, stage: Stage) -> tuple[str, date | None]:
        """Where a stage stands on as_of: ("accepted", act date), ("prepayment", its due date: the
        work waits for it), ("not started", its start) or ("in progress", None)."""
        if stage.accepted_on is not None and stage.accepted_on <= self.as_of:
            return "accepted", stage.accepted_on
        if self.awaits_prepayment:
            return "prepayment", self.prepayment_due()
        if stage.waits_for is not None:  # the added work waits for its addendum's deposit
            return "prepayment", stage.waits_for
        if stage.start > self.as_of:
            return "not started", stage.start
        return "in progress", None

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def income_by_year(self) -> dict[int, Decimal]:
        """Money received from this client in each calendar year of its payments (НПД counts
        receipts by the year they arrive, 422-ФЗ ст. 4)."""
        out: dict[int, Decimal] = {}
        for p in effective(self.records.payments):
            out[p.date.year] = out.get(p.date.year, money.ZERO) + p.amount
        return out

    def prepayment_due(self) -> date:
        return prepayment_due(self.history.versions[0], self.history.signed_on)


def deal_state(records: Records, as_of: date) -> DealState:
    """The state of the deal as the records make it, viewed on `as_of` (overdue days, lateness)."""
    versions = list(records.versions)
    signed_on = records.signed[0].date if records.signed else None  # payments on signing count from it
    dated = tuple(s.date for s in records.signed)
    first = History(versions, signed_on=signed_on, dated=dated)  # amounts do not depend on the dates
    contract_dates = [i.date for i in versions[0].payment.schedule]
    installments = numbered(first.schedules[-1], contract_dates)
    standing = effective(records.payments)
    prepaid = prepaid_on(installments, standing)
    history = History(versions, prepaid, signed_on, dated) if prepaid else first
    paid = paid_by_key(installments, standing)
    signed = [Version(s.tag, s.number, s.date, f.total, f.completion, numbered(sched, contract_dates))
              for s, f, sched in zip(records.signed, history.figures, history.schedules, strict=True)]
    waits = deposit_waits(records.signed, versions, installments, standing)
    stages = _as_accepted(records, _stages(history.figures[-1], records, versions[-1], as_of, prepaid,
                                           signed_on, waits, fixed_since(versions, records)))
    state = DealState(as_of, versions[-1], history, signed, installments, [], stages, prepaid, records,
                      paid, waits)
    state.standing = [_standing(state, i) for i in installments]
    return state


def fixed_since(versions: Sequence[Project], records: Records) -> dict[str, date]:
    """Stage id -> the day an addendum that added it with a fixed `deadline:` was signed: the
    parties fixed that date knowing the client's delays already begun (review-en5 E15)."""
    out: dict[str, date] = {}
    seen = {d.id for d in versions[0].deliverables} if versions else set()
    for version, signed in zip(versions[1:], records.signed[1:], strict=False):
        for d in version.deliverables:
            if d.id not in seen and d.deadline is not None:
                out.setdefault(d.id, signed.date)
        seen |= {d.id for d in version.deliverables}
    return out


def _stages(figures: Figures, records: Records, project: Project, as_of: date,
            prepaid: date | None = None, signed_on: date | None = None,
            waits: Sequence[DepositWait] = (), since: dict[str, date] | None = None) -> list[Stage]:
    """The stages of the version in force: each deadline the signed one, moved by an addendum's
    deposit received after the stage's planned start (state/deposits.py), then by the client's recorded delays
    and the contractor's notices of them, as the contract's extension clause moves it
    (state/delays.py). A stage an addendum added with a fixed date (`since`: the day it was signed)
    is moved only by the delays and notices that begin after that day (EN 2.4, RU 2.1 move the
    deadlines agreed before a delay, not one the parties fix knowing it: review-en5 E15)."""
    from contractkit.model.checks import dependencies
    from contractkit.state.delays import client_delays, extended, notified

    country = project.calendar
    deposit = deposit_moves(figures.lines, waits, dependencies(project), country) if waits else {}
    lines = [moved_line(x, deposit[x.deliverable.id][0], country) if x.deliverable.id in deposit else x
             for x in figures.lines]
    accepted = {s: a for a in records.acts if getattr(a, "accepted", False) for s in a.stages}
    ids = [x.deliverable.id for x in figures.lines]
    # the version whose dates these are (the last signed one) settled every delay answered by its
    # signing: its dates already hold them, so they never move them again, whatever day is viewed
    settled = records.signed[-1].date if records.signed else None
    delays = (client_delays(project, ids, {k: a.date for k, a in accepted.items()}, records.requests,
                             as_of, settled)
              if records.requests else [])
    told = notified(records.notices, as_of, prepaid, signed_on) if records.notices else {}
    in_force = (extended(project, lines, delays, dependencies(project), told)
                if delays or told else {})
    for day in sorted(set((since or {}).values())):
        later = [d for d in delays if d.due is None or d.due >= day]
        said = (notified([n for n in records.notices if n.date > day], as_of, prepaid, signed_on)
                if records.notices else {})
        after = extended(project, lines, later, dependencies(project), said) if later or said else {}
        for sid in (k for k, v in since.items() if v == day):
            x = next((x for x in lines if x.deliverable.id == sid), None)
            if x is not None:  # it runs as the addendum states it, moved only by what came later
                in_force[sid] = after.get(sid, (x.start, x.deadline))
    out = []
    for x in lines:
        act = accepted.get(x.deliverable.id)
        start, deadline = in_force.get(x.deliverable.id, (x.start, x.deadline))
        days, waits_for = deposit.get(x.deliverable.id, (0, None))
        late = working_days_after(deadline, act.date, country) if act and waits_for is None else 0
        out.append(Stage(x.deliverable.id, x.number, x.deliverable.title, x.price, start, deadline,
                         act.date if act else None, act.number if act else None, late, x.deadline,
                         days, waits_for))
    return out


def _as_accepted(records: Records, stages: list[Stage]) -> list[Stage]:
    """An accepted stage keeps the deadline in force on the day of its act, and the lateness that
    gives: a version signed after the acceptance that restates the stage's dates (with the client's
    delays it settled) does not make a past acceptance late, or later (ГК РФ ст. 708, 720)."""
    if len(records.signed) < 2:
        return stages
    then: dict[tuple[int, date], DealState] = {}  # (versions in force, act date): the state then
    out = []
    for stage in stages:
        k = sum(1 for s in records.signed if stage.accepted_on and s.date <= stage.accepted_on)
        if not 0 < k < len(records.signed):
            out.append(stage)
            continue
        key = (k, stage.accepted_on)
        if key not in then:
            then[key] = deal_state(replace(records, signed=records.signed[:k], versions=records.versions[:k]),
                                   stage.accepted_on)
        old = then[key].stage(stage.id)
        out.append(replace(stage, start=old.start, deadline=old.deadline, late_days=old.late_days,
                           signed_deadline=old.signed_deadline) if old else stage)
    return out


def working_days_after(deadline: date, day: date, country: str) -> int:
    """Working days from the day after `deadline` through `day` (0 when day is not later)."""
    return calendar.working_days_between(deadline, day, country)


def completed_on(state: DealState) -> date | None:
    """The date of the act that accepted the last open stage: the final acceptance."""
    dates = [s.accepted_on for s in state.stages]
    return max(dates) if dates and all(dates) else None


def event_date(state: DealState, inst: Installment) -> date | None:
    """When the event an installment waits for happened, if it did."""
    if inst.addendum is not None:
        return state.versions[inst.addendum].date
    if inst.label == "signing":
        return state.versions[0].date
    if inst.label == "date":
        return inst.fixed
    if inst.label == "acceptance":
        stage = state.stage(inst.deliverable or "")
        return stage.accepted_on if stage else None
    return completed_on(state)


def planned_date(state: DealState, inst: Installment) -> date:
    if inst.label == "acceptance" and inst.deliverable and state.stage(inst.deliverable):
        return state.stage(inst.deliverable).deadline
    return state.completion


def due_date(state: DealState, inst: Installment) -> date | None:
    """The event's date plus the days to pay, on the project's calendar."""
    event = event_date(state, inst)
    if event is None:
        return None
    project = state.project
    return calendar.due_after(event, inst.days, project.calendar, project.payment.day_kind == "working")


def _standing(state: DealState, inst: Installment) -> Standing:
    due = due_date(state, inst)
    planned = None if due else planned_date(state, inst)
    project = state.project
    working = project.payment.day_kind == "working"
    planned_due = calendar.due_after(planned, inst.days, project.calendar, working) if planned else None
    return Standing(inst, state.paid.get(inst.key, money.ZERO), due, planned, planned_due)
