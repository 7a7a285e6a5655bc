"""Obligations of both sides, the support plan, and the legal terms."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from contractkit.model.types import Amount, Model, Money, Percent, Quantity


class ClientObligations(Model):
    feedback_days: int | None = Field(default=None, ge=1)
    """Working days the client has to review each deliverable and answer."""
    materials_days: int | None = Field(default=None, ge=1)
    """Working days the client has to provide requested materials."""
    duties: list[str] = []


class ContractorObligations(Model):
    reporting: str = ""
    """How the contractor reports progress, completing «информировать Заказчика о ходе работ …» /
    "keep the Client informed …": «еженедельно, по пятницам, письменным отчётом по электронной
    почте» / "by a written status report e-mailed every Friday"."""
    reply_hours: int | None = Field(default=24, ge=1)
    """Hours (on working days) within which the contractor answers the client during the work."""
    duties: list[str] = []


class Obligations(Model):
    client: ClientObligations = ClientObligations.model_construct()
    contractor: ContractorObligations = ContractorObligations.model_construct()


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
    rights_percent: Percent = Decimal(10)
    """The share of a month's fee that is the price of the exclusive right to the results passed
    that month (ГК РФ ст. 1234 п. 3: an alienation with no price stated may be held not concluded)."""


class Disputes(Model):
    claim_days: int = Field(default=30, ge=1)
    """Days to answer a written claim before going to court (претензионный порядок)."""
    forum: Literal["court", "arbitration"] = "court"
    venue: str = ""
    """`forum: court` (required): the court. `forum: arbitration`: the institution, used only where
    `rules` is blank ("the London Court of International Arbitration"); never a court. In the
    nominative: «Арбитражный суд города Москвы» / "the state courts located in King County,
    Washington". Russian documents decline it («в Мещанский районный суд г. Москвы»)."""
    rules: str = ""
    """`forum: arbitration`: the rules, "the Commercial Arbitration Rules of the American Arbitration
    Association"; blank: the rules of the institution named in `venue`."""
    seat: str = ""
    """`forum: arbitration`: the seat (legal place), "New York, New York"."""
    arbitrators: int = Field(default=1, ge=1, le=3)
    arbitration_language: str = "English"
    venue_accusative: str = ""
    """Override for a court name the declension gets wrong, as it follows «передаются на
    рассмотрение в …»."""

    @model_validator(mode="after")
    def _forum_named(self) -> Disputes:
        if self.forum == "court" and not self.venue.strip():
            raise ValueError("forum: court needs the venue (the courts that hear disputes)")
        if self.forum == "arbitration" and not self.rules.strip():
            if not self.venue.strip():
                raise ValueError("forum: arbitration needs the rules, e.g. rules: the LCIA Rules")
            low = self.venue.lower()
            if re.search(r"\bcourts?\b|\bсуды?\b", low) and not any(
                    w in low for w in ("arbitration", "арбитраж", "третейск")):
                raise ValueError(f"forum: arbitration names a court as its venue ({self.venue}), and "
                                 "courts do not administer an arbitration: give the institution's rules, "
                                 "e.g. rules: the LCIA Rules")
        return self


class ThirdPartyComponent(Model):
    """Something in the result the contractor does not own: licensed to the client, never assigned."""

    name: str
    """A bare name: the component, or for stock images the photo bank: «WordPress», «Inter»,
    «Unsplash». The documents word the rest."""
    kind: Literal["open_source", "font", "stock_image", "other"] = "other"
    license: str
    """The licence's bare name: «GNU GPL версии 2», «SIL Open Font License 1.1», «Unsplash License»;
    the documents add «на условиях лицензии …» / "licensed under …" themselves."""
    held_by: Literal["public", "contractor", "client"] | None = None
    """Who holds the licence. public: anyone may use it on its terms (open source, free fonts);
    contractor: the contractor bought it and grants the client a sublicence within it (ГК РФ
    ст. 1238), paid within the price; client: the client buys the licence itself. Default: public
    for open_source and font, contractor for stock_image and other (client when the contractor is on
    НПД, which may not resell a bought licence: 422-ФЗ ч. 2 ст. 4 п. 2)."""

    deliverable: str | None = None
    """held_by contractor: the stage whose price includes the sublicence fee (ГК РФ п. 5 ст. 1235:
    the price is stated or determinable); the documents name it."""
    price: Money | None = None
    """held_by contractor: the sublicence fee within that price, when you state it."""

    @property
    def holder(self) -> str:
        return self.holder_for()

    def holder_for(self, npd: bool = False) -> str:
        """Who holds the licence, `held_by` or by default: public for open source and fonts; for
        the rest the contractor, unless the contractor is on НПД, which may not resell a bought
        licence (422-ФЗ ч. 2 ст. 4 п. 2): then the client buys it (review-ru3 R13)."""
        if self.held_by:
            return self.held_by
        if self.kind in ("open_source", "font"):
            return "public"
        return "client" if npd else "contractor"


class ForeignDataService(Model):
    """A service abroad that receives personal data the results collect (152-ФЗ ст. 12)."""

    name: str
    """The service and its provider: «Firebase Cloud Messaging (Google LLC)»."""
    country: str
    """The country where the data goes, in Russian, nominative: «США»."""
    adequate: bool = False
    """The country ensures adequate protection of data subjects' rights (a party to Convention 108
    or on Роскомнадзор's list); a transfer to any other waits until Роскомнадзор has considered the
    operator's notice (152-ФЗ ст. 12)."""


class Terms(Model):
    acceptance_days: int = Field(default=5, ge=1)
    """Working days the client has to sign the acceptance act or send reasoned objections."""
    silence_is_acceptance: bool = True
    warranty_months: int = Field(default=3, ge=0)
    ip_transfer: Literal["full_payment", "acceptance"] = "full_payment"
    confidentiality_years: int = Field(default=3, ge=0)
    termination_notice_days: int = Field(default=10, ge=1)
    electronic_exchange: bool = True
    """Documents sent from the e-mail addresses in the requisites count as signed with a simple
    electronic signature (ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 п. 2); scans are copies."""
    silent_client_days: int = Field(default=10, ge=1)
    """Working days of the client's silence after a notice before deadlines move and the
    contractor may suspend work (ГК РФ ст. 328, 719)."""
    settlement_days: int = Field(default=10, ge=1)
    """Working days to settle the prepayment on termination (refund or payment for work done)."""
    third_party: list[ThirdPartyComponent] = []
    """Components licensed, not assigned: open-source code, fonts, stock images."""
    source_repository: str = ""
    """Where the source text of a program (deliverables' `program`) is delivered: the client's
    repository, «https://git.example.ru/romashka/bonus»; blank: on a medium or by a link the act names."""
    foreign_data_services: list[ForeignDataService] = []
    """Russian contracts: services outside Russia that receive users' personal data from the results
    (Firebase Cloud Messaging, Google LLC, США): a cross-border transfer (152-ФЗ ст. 12)."""
    personal_data_operator: Literal["client", "contractor"] = "client"
    """Who is the operator (152-ФЗ) of visitors' data a deliverable collects."""
    data_transfer: Literal["idta", "uk_addendum", "scc", "dpf"] | None = None
    """English contracts with a UK or EU client whose deliverables handle personal data: the basis
    for a processor outside the UK/EEA to receive it. idta: the UK International Data Transfer
    Agreement; uk_addendum: the EU Standard Contractual Clauses with the UK Addendum; scc: the EU
    Standard Contractual Clauses (module 2 or 3); dpf: the EU-U.S. Data Privacy Framework and its UK
    Extension, for a certified US processor. Blank: the UK Addendum for a UK client (completed in the
    SCC exhibit), the SCCs for an EU one. With idta, attach the IDTA's completed tables yourself."""
    data_subjects: list[str] = []
    """English contracts whose deliverables handle personal data: where the people the data is about
    are, as regions or country codes ("UK", "EU", "US", "DE", ...). A UK-law processor contract for
    a client outside the UK/EEA also cites the EU GDPR (Art. 3(2), Art. 28(3)) when "EU" (or an EEA
    country) is among them; `check` warns when it is not stated for such a client."""
    governing_law: str = ""
    """English contracts: "the laws of the State of Washington". Russian ones: Russian law."""
    deposit_non_refundable: bool = False
    """English contracts: the deposit is kept if the client terminates for convenience."""
    disputes: Disputes
