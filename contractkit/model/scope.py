"""What the client asked for (the brief) and what will be delivered."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from contractkit.model.types import Model, Money, Notes, Quantity, Slug


class Material(Model):
    """Something the client provides, and when."""

    what: str
    due: date | None = None
    within_days: int | None = Field(default=None, ge=1)
    """Working days from the request, when there is no fixed date."""


class Brief(Model):
    """The agreed understanding of the job, written before work starts."""

    goals: list[str] = []
    audience: str = ""
    requirements: list[str] = []
    references: list[str] = []
    """Sites and examples the client likes, and why."""
    constraints: list[str] = []
    out_of_scope: list[str] = []
    materials: list[Material] = []
    open_questions: list[str] = []


class Deliverable(Model):
    """One result of the work, with its price, duration and how it is accepted."""

    id: Slug
    title: str
    description: str = ""
    acceptance: list[str] = []
    """Acceptance criteria: what the client checks to say "done"."""
    revisions: int | None = Field(default=None, ge=0)
    """Revision rounds included in the price; more are out of scope."""
    price: Money | None = None
    hours: Quantity | None = None
    rate: Money | None = None
    """Hourly rate for an hours-priced deliverable; defaults to payment.hourly_rate."""
    days: int | None = Field(default=None, ge=1)
    """Duration in working days of the project calendar."""
    deadline: date | None = None
    """A fixed deadline instead of (or as a cap on) the duration; it moves with the schedule (a late
    prepayment, the client's delays) by the same working days as the stages counted in days."""
    after: list[Slug] | None = None
    """Deliverables that must finish first; default: the one listed before."""
    rights: bool = True
    """The result is a work whose exclusive rights pass to the client (ГК РФ ст. 1234, 1296)."""
    rights_price: Money | None = None
    """The remuneration for the alienation of the exclusive right to this stage's result (ГК РФ
    ст. 1234 п. 3): the part of the stage's price, stated as the price is (before VAT unless
    tax.prices_include_vat), that the contract names as paid for the right. Default: the stage's
    whole price (`check` warns)."""
    program: str = ""
    """The stage's result is a computer program (программа для ЭВМ, ГК РФ ст. 1261): its name,
    «Ромашка Бонус». The contract names it with its source text and object code, and the contractor
    delivers the source text with the stage's act (to terms.source_repository when given)."""
    personal_data: bool = False
    """The result collects visitors' personal data (a request form): the contract names the
    operator under 152-ФЗ."""
    delay: int = Field(default=0, ge=0)
    """Working days the start moves later, e.g. for the client's late materials (a timeline change)."""
    notes: Notes = None
    """Private notes on this stage, for you alone: never printed in any document, page, letter or
    attached data; only `contractkit show` prints them."""

    @model_validator(mode="after")
    def _priced_and_timed(self) -> Deliverable:
        if (self.price is None) == (self.hours is None):
            raise ValueError("give either price or hours (× rate), not both or neither")
        if self.rate is not None and self.hours is None:
            raise ValueError("rate goes with hours; a fixed price needs no rate")
        if self.days is None and self.deadline is None:
            raise ValueError("give days (working days) or a deadline")
        return self
