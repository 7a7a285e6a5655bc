"""Where the money stands: the signed payment schedule, what was paid, what is due and when.

A pure view over the signed versions and the payment, act and invoice records; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from contractkit import calendar, money
from contractkit.compute import Figures, Line, compute
from contractkit.ledger import History
from contractkit.model import Project
from contractkit.store.payments import ActRecord, InvoiceRecord, PaymentRecord
from contractkit.store.records import ChangeRecord, SignatureRecord

NPD_LIMIT = Decimal(2_400_000)
"""Income a self-employed person may earn in a calendar year (422-ФЗ ст. 4 п. 2 пп. 8)."""


@dataclass(frozen=True)
class Installment:
    """One payment of the signed schedule, under a key that never changes once recorded."""

    key: str
    """'1', '2', … for the contract's installments; 'addendum-N' for an addendum's prepayment."""
    number: int
    """Its place in today's schedule, as `status` shows it."""
    label: str
    amount: Decimal
    days: int
    deliverable: str | None = None
    addendum: int | None = None
    fixed: date | None = None
    final: bool = False
    percent: Decimal | None = None
    """Its share of the price, while an addendum has not changed its amount."""

    @property
    def is_prepayment(self) -> bool:
        return self.label == "signing"


@dataclass(frozen=True)
class Standing:
    """An installment with what was paid on it and, once its event happened, its due date."""

    installment: Installment
    paid: Decimal
    due: date | None
    planned: date | None
    """When the event it waits for is planned (a deadline), while it has not happened."""

    @property
    def balance(self) -> Decimal:
        return self.installment.amount - self.paid

    def overdue_days(self, today: date) -> int:
        """Calendar days late: from the day after the due date through today (ГК РФ ст. 191)."""
        if self.due is None or self.balance <= 0 or today <= self.due:
            return 0
        return (today - self.due).days


@dataclass
class Book:
    """The money side of one project at one revision of its repository."""

    signed: list[SignatureRecord]
    versions: list[Project]
    """The project as the contract and each addendum signed it."""
    head: Project
    """The committed project.yaml, with changes not signed yet."""
    changes: list[ChangeRecord]
    payments: list[PaymentRecord]
    acts: list[ActRecord]
    invoices: list[InvoiceRecord] = field(default_factory=list)
    source: bytes = b""
    """project.yaml as last signed (never attached to a document: render/docdata.py is)."""

    @property
    def project(self) -> Project:
        """The last signed version: what is owed is what was signed."""
        return self.versions[-1]

    @property
    def currency(self) -> str:
        return self.project.currency

    @cached_property
    def effective(self) -> list[PaymentRecord]:
        """Payments that stand: reversals and the entries they take back cancel out."""
        reversed_ids = {p.reverses for p in self.payments if p.reverses}
        return sorted((p for p in self.payments if not p.reverses and p.id not in reversed_ids),
                      key=lambda p: (p.date, p.number))

    @cached_property
    def installments(self) -> list[Installment]:
        schedule = History(self.versions).schedules[-1]
        contract = self.versions[0].payment.schedule
        out, k = [], 0
        for n, item in enumerate(schedule, 1):
            if item.addendum is not None:
                key, fixed = f"addendum-{item.addendum}", None
            else:
                k += 1
                key, fixed = str(k), contract[k - 1].date
            out.append(Installment(key, n, item.label, item.amount, item.due_days, item.deliverable,
                                   item.addendum, fixed, final=n == len(schedule), percent=item.percent))
        return out

    def installment(self, key: str) -> Installment:
        """The installment under a recorded key; a key no signed schedule has is a damaged record."""
        found = next((i for i in self.installments if i.key == key), None)
        if found is None:
            from contractkit.errors import RepositoryError

            raise RepositoryError(f"a payment or invoice record names installment {key!r}, which the "
                                  "signed schedule does not have", hint="run 'contractkit doctor'")
        return found

    @cached_property
    def paid(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for p in self.effective:
            for key, amount in p.allocations.items():
                out[self.installment(key).key] = out.get(key, money.ZERO) + amount
        return out

    @cached_property
    def prepaid_on(self) -> date | None:
        """The day the prepayment was received in full: work starts the next day (ГК РФ ст. 191)."""
        keys = {i.key for i in self.installments if i.is_prepayment}
        due = sum((i.amount for i in self.installments if i.key in keys), money.ZERO)
        received = money.ZERO
        for p in self.effective:
            received += sum((a for k, a in p.allocations.items() if k in keys), money.ZERO)
            if keys and received >= due:
                return p.date
        return None

    @cached_property
    def figures(self) -> Figures:
        return compute(self.project, self.prepaid_on)

    @cached_property
    def accepted(self) -> dict[str, ActRecord]:
        """Stage id -> the act that accepted it without remarks."""
        return {s: a for a in self.acts if a.accepted for s in a.stages}

    def remarks(self, stage: str) -> ActRecord | None:
        """The latest act with remarks on a stage not accepted since."""
        if stage in self.accepted:
            return None
        return next((a for a in reversed(self.acts) if a.remarks and stage in a.stages), None)

    @property
    def lines(self) -> list[Line]:
        return self.figures.lines

    @cached_property
    def completed_on(self) -> date | None:
        """The date of the act that accepted the last open stage: the final acceptance."""
        dates = [self.accepted[x.deliverable.id].date for x in self.lines
                 if x.deliverable.id in self.accepted]
        return max(dates) if len(dates) == len(self.lines) else None

    def event_date(self, inst: Installment) -> date | None:
        """When the event an installment waits for happened, if it did."""
        if inst.addendum is not None:
            return self.signed[inst.addendum].date
        if inst.label == "signing":
            return self.signed[0].date
        if inst.label == "date":
            return inst.fixed
        if inst.label == "acceptance":
            act = self.accepted.get(inst.deliverable or "")
            return act.date if act else None
        return self.completed_on

    def planned_date(self, inst: Installment) -> date:
        if inst.label == "acceptance" and inst.deliverable:
            return self.figures.line(inst.deliverable).deadline
        return self.figures.completion

    def due_date(self, inst: Installment) -> date | None:
        """The event's date plus the days to pay, on the project's calendar."""
        event = self.event_date(inst)
        if event is None:
            return None
        terms = self.project.payment
        return calendar.add_days(event, inst.days, self.project.calendar, terms.day_kind == "working")

    def standing(self) -> list[Standing]:
        out = []
        for inst in self.installments:
            due = self.due_date(inst)
            planned = None if due else self.planned_date(inst)
            out.append(Standing(inst, self.paid.get(inst.key, money.ZERO), due, planned))
        return out

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.installments), money.ZERO)

    @property
    def received(self) -> Decimal:
        return sum(self.paid.values(), money.ZERO)

    @property
    def balance(self) -> Decimal:
        return self.total - self.received

    def income_in(self, year: int) -> Decimal:
        """Money received from this client in a calendar year (the НПД limit counts receipts)."""
        return sum((p.amount for p in self.effective if p.date.year == year), money.ZERO)

    def signed_tag_for(self, stage: str) -> str | None:
        """The first signed version whose scope has the stage."""
        for record, version in zip(self.signed, self.versions, strict=True):
            if any(d.id == stage for d in version.deliverables):
                return record.tag
        return None


def is_self_employed(project: Project) -> bool:
    """НПД: no VAT, a receipt from «Мой налог» for each payment (422-ФЗ ст. 14)."""
    return project.contractor.kind == "self_employed" or project.tax.kind == "npd"
