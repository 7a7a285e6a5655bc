"""The whole project file: one contract, its parties, scope, money, time and terms."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from contractkit.model.parties import Party
from contractkit.model.payment import PaymentTerms
from contractkit.model.scope import Brief, Deliverable
from contractkit.model.terms import Obligations, SupportPlan, Terms
from contractkit.model.types import Model, Percent, Slug


@lru_cache(maxsize=1)
def current_currencies() -> frozenset[str]:
    """ISO 4217 codes in use today somewhere (babel also knows historic ones such as RUR)."""
    from babel.core import get_global

    return frozenset(code for spans in get_global("territory_currencies").values()
                     for code, _start, end, tender in spans if end is None and tender)


def _currency(code: str) -> str:
    if code not in current_currencies():
        raise ValueError(f"unknown currency {code!r}: use an ISO 4217 code such as RUB, USD, EUR")
    return code


def _calendar(code: str) -> str:
    from contractkit.calendar import supported_countries

    if code not in supported_countries():
        raise ValueError(f"unknown calendar {code!r}: use a country code such as RU, US, DE")
    return code


class ContractInfo(Model):
    number: str = Field(min_length=1)
    date: dt.date
    place: str = ""
    type: Literal["services", "work"] = "services"
    """services: возмездное оказание услуг; work: подряд (work for hire)."""
    start: dt.date | Literal["on_prepayment"] | None = None
    """First day of work; default: the contract date. ``on_prepayment``: the working day after the
    prepayment reaches the contractor (ГК РФ ст. 191); provisional until the payment is recorded."""

    @property
    def on_prepayment(self) -> bool:
        return self.start == "on_prepayment"

    @property
    def start_date(self) -> dt.date:
        """The fixed first day of work (the contract date when work starts on prepayment: the
        earliest it can be; compute() gives the real one from the recorded payment)."""
        return self.start if isinstance(self.start, dt.date) else self.date


class Tax(Model):
    """VAT charged by the contractor, or the legal reason there is none."""

    vat: Percent | None = None
    prices_include_vat: bool = False
    exempt: Literal["usn", "npd", "other"] | None = None
    """usn: упрощённая система (ст. 346.11 НК РФ); npd: налог на профессиональный доход."""
    note: str = ""
    """Wording of the exemption when it is "other"."""

    @model_validator(mode="after")
    def _one_mode(self) -> Tax:
        if self.vat is not None and self.exempt is not None:
            raise ValueError("give a VAT rate or an exemption, not both")
        if self.exempt == "other" and not self.note:
            raise ValueError("exempt: other needs a note with the legal reason")
        return self


class Templates(Model):
    """Per-project look: a DOCX letterhead and an HTML/CSS folder, relative to the project."""

    docx: str = ""
    html: str = ""


class Project(Model):
    """One client project: the source every document and figure is derived from."""

    id: Slug
    title: str
    language: Literal["ru", "en"]
    currency: Annotated[str, AfterValidator(_currency)]
    calendar: Annotated[str, AfterValidator(_calendar)]
    contract: ContractInfo
    contractor: Party
    client: Party
    tax: Tax = Tax()
    brief: Brief = Brief()
    deliverables: list[Deliverable] = Field(min_length=1)
    payment: PaymentTerms
    obligations: Obligations = Obligations()
    support: SupportPlan | None = None
    terms: Terms
    templates: Templates = Templates()

    @field_validator("currency", "calendar", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def deliverable(self, deliverable_id: str) -> Deliverable:
        return next(d for d in self.deliverables if d.id == deliverable_id)


__all__ = ["ContractInfo", "Project", "Slug", "Tax", "Templates"]
