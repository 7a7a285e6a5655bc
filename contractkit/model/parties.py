"""The two sides of the contract: who they are, who signs, and where the money goes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, model_validator

from contractkit.model import ids
from contractkit.model.types import EmailAddress, Model

PartyKind = Literal["company", "sole_proprietor", "self_employed", "individual", "foreign_company"]
"""company: ООО/АО/LLC; sole_proprietor: ИП; self_employed: самозанятый (НПД)."""

PERSON_KINDS = ("sole_proprietor", "self_employed", "individual")


class Signatory(Model):
    """The person who signs for a party, and the authority they sign on."""

    name: str
    """The signer's full name: «Кузнецова Марина Сергеевна», "Priya Shah"."""
    position: str = ""
    """«Генеральный директор», "CEO"; empty for a person signing for themselves."""
    basis: Literal["charter", "power_of_attorney", "self"] = "charter"
    """charter: Устав (a director); power_of_attorney: needs attorney_number; self: the person."""
    attorney_number: str = ""
    attorney_date: date | None = None
    gender: Literal["male", "female"] | None = None
    """Russian grammar agrees with it («действующего» / «действующей»); guessed from the name if absent."""
    name_genitive: str = ""
    """Override for names no declension library gets right: «Кузнецовой Марины Сергеевны»."""
    position_genitive: str = ""

    @model_validator(mode="after")
    def _attorney(self) -> Signatory:
        if self.basis == "power_of_attorney" and not self.attorney_number:
            raise ValueError("basis power_of_attorney needs attorney_number (№ доверенности)")
        return self


Latin = Annotated[str, AfterValidator(ids.blank_or(ids.check_latin))]
"""Text in Latin letters, as a SWIFT transfer carries it ("" when not given)."""


class Intermediary(Model):
    """The correspondent (intermediary) bank a transfer in foreign currency passes through to
    reach the payee's bank: named on the invoice so a payer abroad can route the payment."""

    name: Latin
    """The intermediary bank in Latin letters: "Raiffeisen Bank International AG, Vienna"."""
    swift: Annotated[str, AfterValidator(ids.blank_or(ids.check_swift))]
    """Its SWIFT (BIC): "RZBAATWW"."""
    account: str = ""
    """The payee's bank's account with it (the correspondent account), e.g. "1-55.077.497"."""


class Bank(Model):
    """Bank details. Russian banks are checked: БИК, к/с and р/с control keys."""

    name: str
    account: str
    bik: Annotated[str, AfterValidator(ids.blank_or(ids.check_bik))] | None = None
    correspondent_account: str | None = None
    swift: Annotated[str, AfterValidator(ids.blank_or(ids.check_swift))] = ""
    """SWIFT (BIC) of the bank, ISO 9362: 8 or 11 characters, "SABRRUMM"; a payer abroad needs it."""
    name_latin: Latin = ""
    """The bank's name in Latin letters, for a transfer from abroad: "Sberbank, Moscow"."""
    intermediary: Intermediary | None = None
    """The correspondent bank for a payment in foreign currency, when the bank gives one."""
    routing: str = ""
    """US ABA routing number, for domestic wires and ACH."""
    address: str = ""

    @model_validator(mode="after")
    def _keys(self) -> Bank:
        if self.bik and not ids.is_placeholder(self.bik):
            if self.account and not ids.is_placeholder(self.account):  # "" is a blank to fill in by hand
                ids.check_account(self.account, self.bik)
            if self.correspondent_account and not ids.is_placeholder(self.correspondent_account):
                ids.check_correspondent_account(self.correspondent_account, self.bik)
        return self


class Party(Model):
    """Contractor or client."""

    kind: PartyKind
    name: str
    """Full legal name: «Общество с ограниченной ответственностью «Ромашка»», or a person's full name."""
    short_name: str = ""
    """«ООО «Ромашка»»: the short name the documents use after the first mention."""
    trade_name: str = ""
    """English documents: the assumed name a person or company trades under, printed as "Jordan
    Lee, d/b/a Lee Digital"; the legal name stays the party."""
    jurisdiction: str = ""
    """Where the party is established or lives, for the law that governs its signature and data:
    "US-NY", "US-WA", "GB" (England and Wales; "GB-SCT" for Scotland), "DE". Blank: read from the
    address (a US state and ZIP code, a UK postcode or country name)."""
    address: str = ""
    """Legal address (or a person's postal address), with the postcode."""
    name_latin: Latin = ""
    """The party's name in Latin letters, as its bank account is opened in it: the payee of a
    transfer in foreign currency ("IP Volkov Sergey Andreevich", "LLC Romashka")."""
    address_latin: Latin = ""
    """The address in Latin letters, for a transfer from abroad: "4 Pokrovsky Blvd, apt 9, Moscow,
    109028, Russia"."""
    email: EmailAddress = ""
    """Notices, the simple electronic signature and e-mail approvals rely on it."""
    phone: str = ""
    contact_person: str = ""
    """Who speaks for the party day to day, when not the signatory: «Петрова Ольга, менеджер»."""
    messenger: str = ""
    """A messenger account notices may also be sent to: «Telegram @alina_moroz»."""
    signatory: Signatory | None = None
    inn: Annotated[str, AfterValidator(ids.blank_or(ids.check_inn))] | None = None
    """ИНН: 10 digits for an organisation, 12 for a person (checked by its checksum); in quotes;
    "" when not known yet: the documents print «________» to fill in by hand."""
    kpp: Annotated[str, AfterValidator(ids.blank_or(ids.check_kpp))] | None = None
    """КПП of an organisation: 9 digits."""
    ogrn: Annotated[str, AfterValidator(ids.blank_or(ids.check_ogrn))] | None = None
    """ОГРН of an organisation: 13 digits."""
    ogrnip: Annotated[str, AfterValidator(ids.blank_or(ids.check_ogrnip))] | None = None
    """ОГРНИП of a sole proprietor (ИП): 15 digits; a self-employed person has none."""
    registration: str = ""
    """Registration or tax number of a foreign party (EIN, company number)."""
    vat_id: str = ""
    """VAT identification number ("DE123456789", "GB123456789"): an EU or UK business client's is
    printed on a reverse-charge invoice (Directive 2006/112/EC Art. 226(4))."""
    entity: str = ""
    """English preambles: what the party is under its law, "a Washington corporation", "an Oregon
    limited liability company". When set, the preamble names no representative and no address."""
    birth_date: date | None = None
    """A natural person's date of birth: with the passport and residence it identifies the person
    for notices and a claim (ГПК РФ ст. 131). Printed as a blank to fill when absent."""
    passport: str = ""
    """«серия 45 20 № 123456, выдан ГУ МВД России по г. Москве 12.03.2021, код подразделения 770-001»."""
    residence: str = ""
    """Адрес регистрации по месту жительства, when it differs from `address` or there is none."""
    process_agent: str = ""
    """English contracts with a court forum: the client's agent for service of process in the
    forum's state, name and address ("CT Corporation System, 28 Liberty Street, New York, NY
    10005"), printed in the forum clause; a client abroad is otherwise served through the Hague
    Service Convention's central authority, which takes months."""
    bank: Bank | None = None

    @model_validator(mode="after")
    def _ids_fit_kind(self) -> Party:
        if self.inn and not ids.is_placeholder(self.inn):
            org = self.kind == "company"
            if org and len(self.inn) != 10:
                raise ValueError("a company's ИНН has 10 digits")
            if self.kind in PERSON_KINDS and len(self.inn) != 12:
                raise ValueError("a person's ИНН has 12 digits")
        if self.ogrnip and not ids.is_placeholder(self.ogrnip) and self.kind != "sole_proprietor":
            raise ValueError("only a sole proprietor (ИП) has an ОГРНИП")
        if self.kind in ("company", "foreign_company") and self.signatory is None:
            raise ValueError("a company needs a signatory (who signs and on what authority)")
        return self

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_person(self) -> bool:
        return self.kind in PERSON_KINDS

    @property
    def signer(self) -> Signatory:
        """Who signs: the named signatory, or the person themselves (built from this validated
        party's name, so nothing is validated again)."""
        return self.signatory or Signatory.model_construct(name=self.name, basis="self")
