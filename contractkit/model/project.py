"""The whole project file: one contract, its parties, scope, money, time and terms."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from contractkit.model.parties import Party
from contractkit.model.payment import PaymentTerms
from contractkit.model.scope import Brief, Deliverable
from contractkit.model.tax import Tax, general_rate
from contractkit.model.terms import Obligations, SupportPlan, Terms
from contractkit.model.types import Model, Notes, Slug


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
    invoice_prefix: str = Field(default="", pattern=r"^[^\s/]*$")
    """What invoice numbers start with («РМ» prints «РМ/2026-001»); default: the contract number.
    Unique for the seller, so two clients never get the same invoice number; `check` compares it
    with the other projects of the workspace."""
    type: Literal["services", "work"] = "services"
    """services: возмездное оказание услуг; work: подряд (work for hire)."""
    title: str = ""
    """English agreements: the heading ("BRAND IDENTITY DESIGN AGREEMENT"); default: SERVICES
    AGREEMENT for services, WEB DESIGN AND DEVELOPMENT AGREEMENT for work on a website, app or
    software, DESIGN AND DEVELOPMENT AGREEMENT for other work."""
    web: bool | None = None
    """Whether the work is a website, an app or software: the contracts print the clauses that make
    sense only for one (hosting, domain, access credentials, operating the result live) only then;
    default: when the project's title or a deliverable's title or description says so."""
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


class Templates(Model):
    """Per-project look: a DOCX letterhead and an HTML/CSS folder, relative to the project; and
    a user's own Word template (docxtpl tags) for the contract or an annex."""

    docx: str = ""
    html: str = ""
    contract: str = ""
    scope: str = ""
    payments: str = ""
    support: str = ""

    def word(self) -> dict[str, str]:
        """{document: its Word template} for the documents that have one."""
        return {doc: path for doc in WORD_DOCUMENTS if (path := getattr(self, doc))}


WORD_DOCUMENTS = ("contract", "scope", "payments", "support")


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
    tax: Tax = Tax.model_construct()
    brief: Brief = Brief.model_construct()
    deliverables: list[Deliverable] = Field(min_length=1)
    payment: PaymentTerms
    obligations: Obligations = Obligations.model_construct()
    support: SupportPlan | None = None
    terms: Terms
    templates: Templates = Templates.model_construct()
    notes: Notes = None
    """Private notes, for you alone (free text or a mapping): never printed in any document, page,
    letter or attached data; only `contractkit show` prints them. YAML comments stay private too."""

    @model_validator(mode="before")
    @classmethod
    def _general_rate(cls, data: object) -> object:
        """`regime: general` without a rate takes the general rate in force on the contract date
        (22% from 2026, НК РФ ст. 164 п. 3). Russian projects only: an English project's contractor
        (a UK or EU business) states its own rate, or the project is refused in one line."""
        tax, contract = (data.get("tax"), data.get("contract")) if isinstance(data, dict) else (None, None)
        if not (isinstance(tax, dict) and tax.get("regime") == "general" and tax.get("vat") is None
                and isinstance(contract, dict) and data.get("language") == "ru"):
            return data
        try:
            year = dt.date.fromisoformat(str(contract.get("date"))).year
        except ValueError:
            return data
        return {**data, "tax": {**tax, "vat": general_rate(year)}}

    @field_validator("currency", "calendar", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def deliverable(self, deliverable_id: str) -> Deliverable:
        return next(d for d in self.deliverables if d.id == deliverable_id)


__all__ = ["ContractInfo", "Project", "Slug", "Tax", "Templates"]
