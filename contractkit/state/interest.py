"""Interest on late payments, installment by installment, until each part is paid.

One ledger, computed here from the deal state's dated payments, that the claim, the update, the
agenda and `status` all read: an installment paid late still owes the interest it accrued until
the day of its payment (the deposit too), and it stays owed until recorded as paid. The rate is
the contract's own clause (state/penalty.py) or, where the Late Payment of Commercial Debts
(Interest) Act 1998 applies instead, the Act's: simple interest from the day after the due date
(s.4) and a fixed sum per debt (s.5A), owed for a debt paid late as much as for one unpaid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractkit import money
from contractkit import statutory_interest as act
from contractkit.state.penalty import installment_penalty, lawful_rate


@dataclass(frozen=True)
class Accrual:
    """The interest one installment accrued from the day after its due date until it was paid
    (or through `until` while unpaid)."""

    key: str
    number: int
    amount: Decimal
    """The installment's sum."""
    due: date
    until: date
    """The day interest stopped (the last part's payment) or, while unpaid, the day counted to."""
    paid: bool
    """Paid in full by `until`: the principal is settled, the interest is not."""
    days: int
    interest: Decimal
    fixed: Decimal = money.ZERO
    """The Late Payment Act's fixed sum (s.5A), where that Act applies."""
    rate: Decimal | None = None
    """The yearly statutory rate (base + 8), where the Act applies."""

    @property
    def total(self) -> Decimal:
        return self.interest + self.fixed


def accruals(state, until: date, paid_only: bool = False) -> list[Accrual]:
    """Each installment's late interest through `until`, in due order; only those that accrued any.
    paid_only: the installments paid in full late (their principal gone from every list of debts)."""
    project = state.project
    rate = lawful_rate(project, state.total)
    statutory = act.applies(project)
    if rate is None and not statutory:
        return []
    out = []
    for s in sorted(state.standing, key=lambda s: s.installment.place):
        if s.due is None or s.due >= until:
            continue
        parts = [(d, a) for d, a in state.payments_on(s.installment.key) if d <= until]
        left = s.installment.amount - sum((a for _, a in parts), money.ZERO)
        paid = left <= 0
        if paid_only and not paid:
            continue
        stop = max(d for d, _ in parts) if paid else until
        if stop <= s.due:
            continue  # paid on time
        if statutory:
            interest, fixed, yearly = _statutory(s.installment.amount, s.due, stop, parts, project.currency)
        else:
            interest = installment_penalty(state, s, stop, rate, project.currency).amount
            fixed, yearly = money.ZERO, None
        if interest > 0 or fixed > 0:
            out.append(Accrual(s.installment.key, s.installment.number, s.installment.amount, s.due, stop,
                               paid, (stop - s.due).days, interest, fixed, yearly))
    return out


def _statutory(amount: Decimal, due: date, stop: date, parts, currency: str):
    """The Act's interest on each part from the day after the due date to the day it was paid, and
    on what is left through `stop`; one fixed sum for the debt (s.5A(2))."""
    owed, interest, rate = amount, money.ZERO, None
    for day, part in sorted(parts):
        if day <= due:
            owed -= part
            continue
        one = act.statutory_interest(min(part, owed), due, day, currency)
        interest, rate, owed = interest + one.amount, one.rate, owed - part
    if owed > 0:
        one = act.statutory_interest(owed, due, stop, currency)
        interest, rate = interest + one.amount, one.rate
    return interest, act.fixed_sum(amount), rate
