"""How and when the client pays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from contractkit.model.types import Model, Money, Percent, Slug

Trigger = Literal["signing", "acceptance", "completion", "launch", "date"]
"""signing: of the contract (a prepayment); acceptance: of one deliverable;
completion: the final acceptance act; launch: the site goes live; date: a fixed date."""


class Installment(Model):
    """One payment: a share of the total or a fixed amount, due after an event."""

    percent: Percent | None = None
    amount: Money | None = None
    on: Trigger
    deliverable: Slug | None = None
    date: dt.date | None = None
    days: int | None = Field(default=None, ge=0)
    """Days to pay after the event; default payment.days_to_pay."""

    @model_validator(mode="after")
    def _one_measure(self) -> Installment:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("give either percent or amount, not both or neither")
        if self.on == "acceptance" and not self.deliverable:
            raise ValueError("on: acceptance needs the deliverable whose acceptance it follows")
        if self.on == "date" and self.date is None:
            raise ValueError("on: date needs a date")
        return self


class Penalty(Model):
    """Late-payment penalty (неустойка): a share of the overdue sum per day, capped."""

    per_day: Percent
    cap: Percent | None = None


class PaymentTerms(Model):
    schedule: list[Installment] = Field(min_length=1)
    days_to_pay: int = Field(default=5, ge=0)
    day_kind: Literal["working", "calendar"] = "working"
    hourly_rate: Money | None = None
    """The rate for out-of-scope work, the basis for pricing change requests."""
    change_prepayment: Percent = Decimal(0)
    """Share of a change order's increase due on signing it; the rest joins the final payment."""
    bank_charges: Literal["OUR", "SHA"] = "OUR"
    """A payment in foreign currency: who bears the banks' charges. OUR: the client pays all of
    them, its bank's and the correspondents', and the contractor receives the full sum; SHA: each
    side pays its own bank's, the correspondents' are deducted from the sum on the way."""
    late_penalty: Penalty | None = None
    late_interest_monthly: Percent | None = None
    """English contracts: simple interest per month on overdue amounts (1 = 1% a month, 12% a
    year), always capped at the highest rate the law permits (ORS 82.010, RCW 19.52.020)."""
