"""The change-order ledger and the payment schedule as the contract and its addenda built it.

A signed installment is never re-split: an addendum that raises the price adds a payment due on
its signing (payment.change_prepayment of the increase) and puts the rest on the final payment;
one that lowers the price takes the decrease off the final payment. No installment falls due
before the work it pays for: when an addendum adds work after the final payment's event, the
final payment moves to the acceptance of the last stage (Russian contracts, ГК РФ ст. 711); an
English change order keeps it and adds the increase as a new payment on the new last milestone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property

from contractkit import money
from contractkit.compute import Figures, agreed_shifts, compute, stage_numbers
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
    signed_no: int | None = None
    """Its signed number (3.3.N), once a recorded schedule (follow_the_record) dropped or added an
    installment: the numbers the contract gave never shift, a dropped one is deleted by number."""


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
    signed_completion: date | None = None
    """The completion the contract's text states, when the prepayment's arrival after the fixed start
    moved it (`original_completion` is then the moved one; review-ru4 R2); None when they agree."""
    prepaid_on: date | None = None


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
    numbers: dict[str, int] = field(init=False)
    """Each stage's number as the signed history fixes it (compute.stage_numbers): a stage an
    addendum adds never renumbers a signed one, in any version's figures."""
    agreed: dict[str, int] = field(init=False)
    """The fixed deadlines the addenda added, with the moves already in force when they were agreed
    (compute.agreed_shifts): only later moves move them (review-en5 E15)."""

    def __post_init__(self) -> None:
        self.numbers = stage_numbers(self.versions)
        self.agreed = agreed_shifts(self.versions, self.prepaid_on, self.signed_on)
        first: dict[str, int] = {}  # each stage's `delay:` in the first version that has it
        for p in self.versions:
            for d in p.deliverables:
                first.setdefault(d.id, d.delay)
        self.figures = [_signed_delays(compute(p, self.prepaid_on, self.signed_on, numbers=self.numbers,
                                               agreed=self.agreed), first)
                        for p in self.versions]

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
            recorded = follow_the_record(current, self.versions[n - 1], self.versions[n], n,
                                         self.figures[n])
            kept = recorded or keep_the_final(current, delta, self.versions[n], n, self.figures[n - 1],
                                              self.figures[n])
            current = kept or apply_change(current, delta, self.versions[n], n)
            current = follow_the_work(current, self.figures[n - 1], self.figures[n])
            if recorded is None:
                current = new_days_to_pay(current, self.versions[n - 1], self.versions[n], n)
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
            signed_completion=self.completion_as_signed(),
            prepaid_on=self.prepaid_on,
        )

    def completion_as_signed(self) -> date | None:
        """The contract's completion as its text states it, when the recorded prepayment moved it (a
        fixed start: the contract names the date; one that starts on the prepayment names none)."""
        first = self.versions[0]
        if self.prepaid_on is None or first.contract.on_prepayment:
            return None
        stated = compute(first, None, self.signed_on, numbers=self.numbers).completion
        return stated if stated != self.figures[0].completion else None


def _signed_delays(figures: Figures, first: dict[str, int]) -> Figures:
    """The figures with each line's `signed_delay` (compute.stated_start)."""
    return replace(figures, lines=[replace(x, signed_delay=first.get(x.deliverable.id, x.deliverable.delay))
                                   for x in figures.lines])


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
            hint="record the new schedule agreed with the client in project.yaml (payment.schedule): what "
                 "fell due on signing stays as signed, the other installments take it; then run 'contractkit "
                 "change' again with the same message and reason (the Change Order recites them as one "
                 "request)",
        )
    return [*kept, _with(final, final.amount + delta)]


def _with(item: Scheduled, amount: Decimal) -> Scheduled:
    return replace(item, amount=amount, percent=None)


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
                     added_by=final.added_by, signed_no=final.signed_no)
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
        replace(x, label="completion", percent=None, deliverable=None, fixed=None)
        if x.label == "acceptance" and x.deliverable not in ids else x for x in schedule]
    final = schedule[-1]
    if final.label in ("signing", "addendum", "completion"):
        return schedule
    planned = event_day(final, before if final.label == "launch" else after)
    if planned is not None and planned >= after.completion:
        return schedule
    last = max(after.lines, key=lambda x: (x.deadline, x.number))
    moved = replace(final, label="acceptance", percent=None, deliverable=last.deliverable.id, fixed=None)
    return [*schedule[:-1], moved]


def follow_the_record(current: list[Scheduled], old: Project, new: Project, n: int,
                      after: Figures) -> list[Scheduled] | None:
    """The schedule after addendum n when the user recorded a new one (payment.schedule changed);
    None when the recorded schedule is the one in force before.

    What fell due on signing (the deposit, an earlier change order's deposit) stays as signed: it
    is paid or owed. The other installments take the recorded events and days to pay; their
    amounts are the recorded amounts (`amount:`, which must come to the fee less what fell due),
    or, for shares, the signed amounts with the change on the last (a share of the old fee is not
    that share of the new one), split by the recorded shares when the last would go below zero or
    the number of installments changed. Each keeps its signed number: a dropped installment's
    number is deleted, never reused.
    """
    if old.payment.schedule == new.payment.schedule:
        return None  # only the days to pay changed: new_days_to_pay
    numbers = signed_numbers(current)
    due = [i for i, x in enumerate(current) if x.label == "signing" or x.addendum is not None]
    open_ = [i for i in range(len(current)) if i not in due]
    recorded = [p for p in after.payments if p.installment.on != "signing"]
    rest = after.total - sum((current[i].amount for i in due), money.ZERO)
    if rest <= 0 and not any(p.installment.amount for p in recorded):
        return _capped(current, due, numbers, after.total)
    if not recorded:
        raise ContractkitError(
            f"addendum {n}: payment.schedule has no installment after the deposit, which fell due "
            "when the contract was signed", hint="record how the rest of the fee is paid")
    amounts = _open_amounts(current, open_, recorded, rest, new, after.total - old_total(current), n)
    slots = [numbers[i] for i in open_]  # the final keeps the final's number, the others in order
    free = max(numbers, default=0) + 1
    extra = free if slots else free + 1  # with no open slot the final takes `free` itself
    interim = [*slots[:-1], *range(extra, extra + len(recorded))][:len(recorded) - 1]
    nos = [*interim, slots[-1] if slots else free]
    same = after.total == old_total(current)  # a share of the old fee is no share of a new one
    tail = [Scheduled(p.installment.on, amount, p.installment.percent if amount == p.amount and same
                      else None,
                      deliverable=p.installment.deliverable, due_days=p.days, fixed=p.installment.date,
                      signed_no=no)
            for p, amount, no in zip(recorded, amounts, nos, strict=True)]
    kept = [replace(current[i], signed_no=numbers[i], percent=current[i].percent if same else None)
            for i in due]
    first = [x for x in kept if x.label == "signing"]
    return [*first, *tail[:-1], *(x for x in kept if x.label != "signing"), tail[-1]]


def _capped(current: list[Scheduled], due: list[int], numbers: list[int], total: Decimal) -> list[Scheduled]:
    """The installments that fell due on signing, cut from the last back to the new fee: nothing
    else remains to pay. What was paid beyond it is refunded (the addendum's refund clause)."""
    out, left = [], total
    for i in due:
        amount = min(current[i].amount, left)
        left -= amount
        if amount > 0:
            out.append(replace(current[i], amount=amount, percent=None, signed_no=numbers[i]))
    return out


def new_days_to_pay(schedule: list[Scheduled], old: Project, new: Project, n: int) -> list[Scheduled]:
    """The installments not due yet that counted the old payment.days_to_pay count the new one (R22);
    what fell due on signing, an earlier addendum's deposit and a recorded `days:` stay as signed."""
    a, b = old.payment.days_to_pay, new.payment.days_to_pay
    if a == b:
        return schedule
    return [replace(x, due_days=b) if x.label != "signing" and x.addendum in (None, n) and x.due_days == a
            else x for x in schedule]


def records_schedule(old: Project, new: Project) -> bool:
    """The user recorded a new payment schedule or a new term to pay between two versions."""
    return (old.payment.schedule, old.payment.days_to_pay) != (new.payment.schedule, new.payment.days_to_pay)


def old_total(schedule: list[Scheduled]) -> Decimal:
    return sum((x.amount for x in schedule), money.ZERO)


def _open_amounts(current: list[Scheduled], open_: list[int], recorded: list, rest: Decimal,
                  project: Project, delta: Decimal, n: int) -> list[Decimal]:
    """The amounts of the installments not yet due after a recorded schedule (follow_the_record)."""
    if any(p.installment.amount is not None for p in recorded):
        got = sum((p.amount for p in recorded), money.ZERO)
        if got != rest:
            raise ContractkitError(
                f"addendum {n}: payment.schedule: the installments after the deposit come to {got}, "
                f"but the fee less what fell due on signing is {rest}",
                hint="record the amounts so that they add up to the new fee with the deposit as signed")
        return [p.amount for p in recorded]
    if len(recorded) == len(open_) and delta:
        signed = [current[i].amount for i in open_[:-1]]
        last = rest - sum(signed, money.ZERO)
        if last >= 0:
            return [*signed, last]
    if len(recorded) == len(open_) and delta == 0:
        return [current[i].amount for i in open_]
    shares = [p.installment.percent for p in recorded]
    return money.split(rest, shares, [None] * len(shares), project.currency)


def signed_numbers(schedule) -> list[int]:
    """Each item's number, in the schedule's order: a number, once signed, never changes meaning.

    The contract's installments keep the numbers the contract gave them (3.3.1, 3.3.2, …); an
    addendum's new installment takes the next free number (after the contract's and earlier
    addenda's), so an addendum inserted before the final payment never renumbers it; an item a
    recorded schedule numbered (Scheduled.signed_no) keeps that number, and one added after it
    takes the next free one.
    """
    def added(item) -> tuple[int, int] | None:  # an addendum's deposit, then the payment it added
        if item.addendum is not None:
            return (item.addendum, 0)
        return (item.added_by, 1) if getattr(item, "added_by", None) is not None else None

    fixed = [getattr(item, "signed_no", None) for item in schedule]
    if any(x is not None for x in fixed):
        free = iter(range(max(x for x in fixed if x is not None) + 1, 10 ** 6))
        return [x if x is not None else next(free) for x in fixed]
    own = sum(1 for item in schedule if added(item) is None)
    later = sorted({added(item) for item in schedule if added(item) is not None})
    out, k = [], 0
    for item in schedule:
        if added(item) is None:
            k += 1
            out.append(k)
        else:
            out.append(own + later.index(added(item)) + 1)
    return out
