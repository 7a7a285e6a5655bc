"""The signed schedule's installments, the money records against them and the prepayment's day.

Pure functions of the signed versions and the payment records (any objects with their fields:
the store's records, or plain test data); nothing here reads git.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractkit import money
from contractkit.ledger import Scheduled, signed_numbers  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Installment:
    """One payment of the signed schedule, under a key that never changes once recorded."""

    key: str
    """'1', '2', … for the contract's installments; 'addendum-N' for an addendum's prepayment."""
    number: int
    """Its place in the schedule in force: the one number every output prints."""
    label: str
    amount: Decimal
    days: int
    deliverable: str | None = None
    addendum: int | None = None
    fixed: date | None = None
    final: bool = False
    percent: Decimal | None = None
    """Its share of the price, while no addendum has changed the price."""
    place: int = 0
    """Its place in the ledger's schedule (the order the payments fall due in, the final last)."""

    @property
    def is_prepayment(self) -> bool:
        return self.label == "signing"


def numbered(schedule: Sequence[Scheduled], contract_dates: Sequence[date | None]) -> list[Installment]:
    """A signed schedule (ledger.History.schedules[n]) under its record keys and signed numbers,
    listed by number, as the clauses 3.3.N and the payment annex list them (an addendum's
    prepayment, № 4, after the final payment, № 3, though it falls due first); `place` keeps the
    ledger's due order, `final` is the payment the ledger keeps last."""
    out, k = [], 0
    numbers = signed_numbers(schedule)
    for n, item in enumerate(schedule, 1):
        if item.addendum is not None:
            key, fixed = f"addendum-{item.addendum}", None
        elif item.added_by is not None:  # the payment a change order added on its new milestone
            key, fixed = f"change-{item.added_by}", None
        elif item.signed_no is not None:  # numbered by a recorded schedule (ledger.follow_the_record)
            k += 1
            key, fixed = str(item.signed_no), item.fixed
        else:
            k += 1
            key, fixed = str(k), contract_dates[k - 1] if k <= len(contract_dates) else None
        out.append(Installment(key, numbers[n - 1], item.label, item.amount, item.due_days,
                               item.deliverable, item.addendum, fixed, final=n == len(schedule),
                               percent=item.percent, place=n))
    return sorted(out, key=lambda i: i.number)  # one listing everywhere: the signed numbers


def effective(payments: Sequence) -> list:
    """Payments that stand: reversals and the entries they take back cancel out, by date."""
    reversed_ids = {p.reverses for p in payments if p.reverses}
    return sorted((p for p in payments if not p.reverses and p.id not in reversed_ids),
                  key=lambda p: (p.date, p.number))


def paid_by_key(installments: Sequence[Installment], standing: Sequence) -> dict[str, Decimal]:
    """Installment key -> what the standing payments allocated to it (unknown keys kept: the
    caller says which record is damaged)."""
    out: dict[str, Decimal] = {}
    for p in standing:
        for key, amount in p.allocations.items():
            out[key] = out.get(key, money.ZERO) + amount
    return out


def prepaid_on(installments: Sequence[Installment], standing: Sequence) -> date | None:
    """The day the prepayment was received in full: work starts the next day (ГК РФ ст. 191)."""
    keys = {i.key for i in installments if i.is_prepayment}
    due = sum((i.amount for i in installments if i.key in keys), money.ZERO)
    received = money.ZERO
    for p in standing:
        received += sum((a for k, a in p.allocations.items() if k in keys), money.ZERO)
        if keys and received >= due:
            return p.date
    return None


def contract_installments(contract) -> list[Installment]:
    """The contract's own installments (no addendum yet): enough to know the prepayment."""
    from contractkit.compute import compute

    figures = compute(contract)
    items = [Scheduled(p.installment.on, p.amount, p.installment.percent,
                       deliverable=p.installment.deliverable, due_days=p.days, fixed=p.installment.date)
             for p in figures.payments]
    return numbered(items, [i.date for i in contract.payment.schedule])
