"""The late-payment penalty (неустойка) as the contract signed it: a pure function of dates and sums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractkit import money
from contractkit.model.payment import Penalty as PenaltyTerms


@dataclass(frozen=True)
class Penalty:
    debt: Decimal
    due: date
    until: date
    days: int
    """Calendar days from the day after the due date through `until` inclusive (ГК РФ ст. 191)."""
    per_day: Decimal
    cap: Decimal | None
    """The cap as a sum of money, when the contract caps the penalty."""
    amount: Decimal
    capped: bool

    @property
    def total(self) -> Decimal:
        return self.debt + self.amount


@dataclass(frozen=True)
class Rate:
    """What the contract signed for late payment, as penalty() counts it: a share per day, maybe
    capped; `monthly` when it is simple interest per month (counted per day at monthly × 12 / 365)."""

    per_day: Decimal
    cap: Decimal | None = None
    monthly: Decimal | None = None


def late_rate(payment) -> Rate | None:
    """The signed rate of a project's payment terms: interest per month, or a penalty per day."""
    if payment.late_interest_monthly is not None:
        monthly = payment.late_interest_monthly
        return Rate(monthly * 12 / Decimal(365), None, monthly)
    if payment.late_penalty is not None:
        return Rate(payment.late_penalty.per_day, payment.late_penalty.cap)
    return None


def penalty(debt: Decimal, due: date, until: date, terms: PenaltyTerms | Rate | None,
            currency: str) -> Penalty:
    """debt × rate × days, capped as signed, rounded half up to the minor unit once, at the end."""
    days = max((until - due).days, 0)
    if terms is None:
        return Penalty(debt, due, until, days, money.ZERO, None, money.ZERO, False)
    raw = debt * terms.per_day / 100 * days
    cap = debt * terms.cap / 100 if terms.cap is not None else None
    capped = cap is not None and raw > cap
    amount = money.to_minor(cap if capped else raw, currency)
    return Penalty(debt, due, until, days, terms.per_day,
                   money.to_minor(cap, currency) if cap is not None else None, amount, capped)
