"""Obligations of both sides, the support plan, and the legal terms."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contractkit.model.types import Amount, Model, Money, Quantity


class ClientObligations(Model):
    feedback_days: int | None = Field(default=None, ge=1)
    """Working days the client has to review each deliverable and answer."""
    materials_days: int | None = Field(default=None, ge=1)
    """Working days the client has to provide requested materials."""
    duties: list[str] = []


class ContractorObligations(Model):
    reporting: str = ""
    """E.g. «еженедельный отчёт по пятницам» / "a weekly status report every Friday"."""
    duties: list[str] = []


class Obligations(Model):
    client: ClientObligations = ClientObligations()
    contractor: ContractorObligations = ContractorObligations()


class SupportPlan(Model):
    """Paid support after launch, so the client is not left alone with the result."""

    name: str
    monthly_fee: Amount
    hours_included: Quantity
    extra_hour_rate: Money | None = None
    response: str
    """Response time in words: «24 часа в рабочие дни» / "one business day"."""
    includes: list[str] = []
    months: int = Field(ge=1)
    document: Literal["annex", "separate"] = "annex"


class Disputes(Model):
    claim_days: int = Field(default=30, ge=1)
    """Days to answer a written claim before going to court (претензионный порядок)."""
    forum: Literal["court", "arbitration"] = "court"
    venue: str
    """«Арбитражный суд города Москвы» / "the state and federal courts of King County, Washington"."""


class Terms(Model):
    acceptance_days: int = Field(default=5, ge=1)
    """Working days the client has to sign the acceptance act or send reasoned objections."""
    silence_is_acceptance: bool = True
    warranty_months: int = Field(default=3, ge=0)
    ip_transfer: Literal["full_payment", "acceptance"] = "full_payment"
    confidentiality_years: int = Field(default=3, ge=0)
    termination_notice_days: int = Field(default=10, ge=1)
    electronic_exchange: bool = True
    """Documents exchanged by e-mail count as signed originals (ПЭП clause)."""
    disputes: Disputes
