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


def penalty(debt: Decimal, due: date, until: date, terms: PenaltyTerms | None, currency: str) -> Penalty:
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
