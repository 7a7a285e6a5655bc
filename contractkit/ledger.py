"""The change-order ledger and the payment schedule as the contract and its addenda built it.

A signed installment is never re-split: an addendum that raises the price adds a payment due on
its signing (payment.change_prepayment of the increase) and puts the rest on the final payment;
one that lowers the price takes the decrease off the final payment. No installment falls due
before the work it pays for: when an addendum adds work after the final payment's event, the
final payment moves to the acceptance of the last stage (Russian contracts, ГК РФ ст. 711); an
English change order keeps it and adds the increase as a new payment on the new last milestone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from contractkit import money
from contractkit.compute import Figures, compute
from contractkit.errors import ContractkitError
from contractkit.model import Project


@dataclass(frozen=True)
class Scheduled:
    """One payment of the running schedule."""

    label: str
    """'signing', 'acceptance', 'completion', 'launch', 'date' or 'addendum'."""
    amount: Decimal
    percent: Decimal | None = None
    addendum: int | None = None
    deliverable: str | None = None
    due_days: int = 0
    fixed: date | None = None
    """The fixed due date of an on: date installment."""
    added_by: int | None = None
    """The addendum that added this payment on its own event (not its deposit): the increase of a
    change that adds work after the final payment's event, in English contracts (keep_the_final)."""


@dataclass(frozen=True)
class LedgerRow:
    """AIA G701 style: what the contract sum was, is, and becomes with this addendum."""

    number: int
    original: Decimal
    earlier: Decimal
    before: Decimal
    change: Decimal
    after: Decimal
    original_completion: date
    completion_before: date
    completion_after: date
    extra_prepayment: Decimal
    final_before: Decimal
    final_after: Decimal


@dataclass
class History:
    """The contract and each addendum's version of the project, with their figures."""

    versions: list[Project]
    prepaid_on: date | None = None
    """The recorded day the prepayment arrived (billing), which fixes every version's dates."""
    signed_on: date | None = None
    """The day the contract was signed: payments due after signing count from it."""
    dated: tuple[date | None, ...] = ()
    """The day each version was signed (the contract's first), as far as known: an addendum's
    deposit falls due days after its own addendum's signing."""
    figures: list[Figures] = field(init=False)

    def __post_init__(self) -> None:
        self.figures = [compute(p, self.prepaid_on, self.signed_on) for p in self.versions]

    def signed_day(self, n: int) -> date | None:
        """The day version n was signed, or None (not signed, or not known here)."""
        return self.dated[n] if 0 <= n < len(self.dated) else None

    @cached_property
    def schedules(self) -> list[list[Scheduled]]:
        """The payment schedule after the contract and after each addendum."""
        figures = self.figures[0]
        current = [
            Scheduled(p.installment.on, p.amount, p.installment.percent,
                      deliverable=p.installment.deliverable, due_days=p.days, fixed=p.installment.date)
            for p in figures.payments
        ]
        out = [current]
        for n in range(1, len(self.versions)):
            delta = self.figures[n].total - self.figures[n - 1].total
            kept = keep_the_final(current, delta, self.versions[n], n, self.figures[n - 1], self.figures[n])
            current = kept or apply_change(current, delta, self.versions[n], n)
            current = follow_the_work(current, self.figures[n - 1], self.figures[n])
            out.append(current)
        return out

    def ledger(self, n: int) -> LedgerRow:
        """The ledger of addendum n (1-based)."""
        totals = [f.total for f in self.figures]
        schedules = self.schedules
        extra = [x for x in schedules[n] if x.addendum == n]
        return LedgerRow(
            number=n,
            original=totals[0],
            earlier=totals[n - 1] - totals[0],
            before=totals[n - 1],
            change=totals[n] - totals[n - 1],
            after=totals[n],
            original_completion=self.figures[0].completion,
            completion_before=self.figures[n - 1].completion,
            completion_after=self.figures[n].completion,
            extra_prepayment=sum((x.amount for x in extra), money.ZERO),
            final_before=schedules[n - 1][-1].amount,
            final_after=schedules[n][-1].amount,
        )


def apply_change(schedule: list[Scheduled], delta: Decimal, project: Project, n: int) -> list[Scheduled]:
    """The schedule after addendum n changes the total by delta."""
    if not delta:
        return list(schedule)
    # a share of the old price is not that share of the new one: every installment is stated by
    # its signed amount from now on, the addendum's by its amount too (a share of the increase)
    final, kept = schedule[-1], [_with(x, x.amount) for x in schedule[:-1]]
    if delta > 0:
        extra = money.percent_of(delta, project.payment.change_prepayment, project.currency)
        rest = delta - extra
        added = [Scheduled("addendum", extra, None, addendum=n,
                           due_days=project.payment.days_to_pay)] if extra else []
        return [*kept, *added, _with(final, final.amount + rest)]
    if final.amount + delta < 0:
        raise ContractkitError(
            f"addendum {n} lowers the price by {-delta}, more than the final payment {final.amount}",
            hint="agree a refund or a new payment schedule with the client and record it in project.yaml",
        )
    return [*kept, _with(final, final.amount + delta)]


def _with(item: Scheduled, amount: Decimal) -> Scheduled:
    return Scheduled(item.label, amount, None, item.addendum, item.deliverable, item.due_days,
                     item.fixed, item.added_by)


def keep_the_final(schedule: list[Scheduled], delta: Decimal, project: Project, n: int,
                   before: Figures, after: Figures) -> list[Scheduled] | None:
    """English contracts: a change that adds paid work after the milestone the final payment
    follows never moves that payment, whose own event is still the end of ITS work (the contractor
    keeps a payment it had secured); the increase, less the change's deposit, becomes a new payment
    on acceptance of the last milestone. None when this does not apply (apply_change then)."""
    if project.language != "en" or delta <= 0 or not schedule:
        return None
    final = schedule[-1]
    if final.label not in ("acceptance", "launch"):
        return None
    own = final.deliverable if final.label == "acceptance" else max(
        before.lines, key=lambda x: (x.deadline, x.number)).deliverable.id
    ids = {x.deliverable.id for x in after.lines}
    last = max(after.lines, key=lambda x: (x.deadline, x.number))
    if own not in ids or last.deliverable.id == own or after.line(own).deadline >= after.completion:
        return None
    extra = money.percent_of(delta, project.payment.change_prepayment, project.currency)
    added = ([Scheduled("addendum", extra, None, addendum=n, due_days=project.payment.days_to_pay)]
             if extra else [])
    kept = Scheduled("acceptance", final.amount, None, final.addendum, own, final.due_days,
                     added_by=final.added_by)
    balance = [Scheduled("acceptance", delta - extra, None, None, last.deliverable.id,
                         project.payment.days_to_pay, added_by=n)] if delta - extra else []
    return [*(_with(x, x.amount) for x in schedule[:-1]), *added, kept, *balance]


def event_day(item: Scheduled, figures: Figures) -> date | None:
    """When the event an installment follows is planned in a version (None: signing, addendum)."""
    if item.label == "acceptance":
        ids = {x.deliverable.id for x in figures.lines}
        return figures.line(item.deliverable).deadline if item.deliverable in ids else None
    if item.label == "date":
        return item.fixed
    if item.label in ("completion", "launch"):
        return figures.completion
    return None


def follow_the_work(schedule: list[Scheduled], before: Figures, after: Figures) -> list[Scheduled]:
    """The final payment follows the last work after the change, never earlier (ГК РФ ст. 711).

    Launch counts as the end of the work it ended before the change; an acceptance whose stage
    is removed or ends before the new completion, or a fixed date before it, moves too.
    """
    ids = {x.deliverable.id for x in after.lines}
    schedule = [  # an interim payment for a removed stage falls due at final acceptance
        Scheduled("completion", x.amount, None, x.addendum, None, x.due_days, added_by=x.added_by)
        if x.label == "acceptance" and x.deliverable not in ids else x for x in schedule]
    final = schedule[-1]
    if final.label in ("signing", "addendum", "completion"):
        return schedule
    planned = event_day(final, before if final.label == "launch" else after)
    if planned is not None and planned >= after.completion:
        return schedule
    last = max(after.lines, key=lambda x: (x.deadline, x.number))
    moved = Scheduled("acceptance", final.amount, None, final.addendum, last.deliverable.id,
                      final.due_days, added_by=final.added_by)
    return [*schedule[:-1], moved]
