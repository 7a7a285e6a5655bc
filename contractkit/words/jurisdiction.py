"""Where a party is, and the law that follows from it in English documents: which statute makes
its electronic signature binding, whether UK GDPR or the GDPR protects the data it hands over,
and which date and spelling conventions its documents use."""

from __future__ import annotations

import re

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "the District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine",
    "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
EU = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden",
}
"""The EU member states: the GDPR applies there (and in the EEA: Iceland, Liechtenstein, Norway)."""
EEA = {**EU, "IS": "Iceland", "LI": "Liechtenstein", "NO": "Norway"}
UK_NAMES = ("united kingdom", "great britain", "england", "scotland", "wales", "northern ireland")
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
US_STATE_ZIP = re.compile(r"\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\b")
UK_PARTS = {"GB-SCT": "Scotland", "GB-NIR": "Northern Ireland"}


def of(party) -> str:
    """"US-NY", "GB", "GB-SCT", "DE", "RU" or "" for a party: its `jurisdiction`, else its address."""
    given = (getattr(party, "jurisdiction", "") or "").strip().upper()
    return given or from_address(getattr(party, "address", "") or "")


def from_address(address: str) -> str:
    """The jurisdiction an address shows: a US state with its ZIP code, a UK country or postcode,
    an EEA country name; "" when it shows none."""
    lower = address.lower()
    tail = lower.rsplit(",", 1)[-1].strip()
    state = US_STATE_ZIP.search(address)
    if state and state.group(1) in US_STATES:
        return "US-" + state.group(1)
    if "scotland" in lower:
        return "GB-SCT"
    if "northern ireland" in lower:
        return "GB-NIR"
    if any(name in lower for name in UK_NAMES) or tail in ("uk", "u.k.", "gb") or (
            UK_POSTCODE.search(address) and "usa" not in tail):
        return "GB"
    for code, name in EEA.items():
        if re.search(rf"\b{name.lower()}\b", tail) or tail == code.lower():
            return code
    if tail in ("usa", "u.s.a.", "united states", "united states of america", "us"):
        return "US"
    if "россия" in lower or "russia" in lower:
        return "RU"
    return ""


def region(code: str) -> str:
    """"US", "UK", "EU" (the EEA: the GDPR applies) or "" (elsewhere or unknown)."""
    if code.startswith("US"):
        return "US"
    if code.startswith("GB"):
        return "UK"
    if code in EEA:
        return "EU"
    return ""


US_USERS = re.compile(r"\b(US|U\.S\.|USA|United States|American)\b")


def names_us(text: str | None) -> bool:
    """A brief's audience that names the United States ("US patients", "American shoppers")."""
    return bool(US_USERS.search(text or ""))


IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


def is_iban(account: str | None) -> bool:
    """An account number written as an IBAN (ISO 13616: country, check digits, national number)."""
    return bool(IBAN.match(re.sub(r"\s", "", account or "").upper()))


def place(code: str) -> str:
    """"New York", "England and Wales", "Germany": where the party is, for a sentence."""
    if code.startswith("US-"):
        return US_STATES.get(code[3:], code[3:])
    if code.startswith("GB"):
        return UK_PARTS.get(code, "England and Wales")
    return _eea_name(code)


def country(code: str) -> str:
    """"the United States", "the United Kingdom", "Germany": the country a party is in, for a
    sentence; "" when unknown."""
    if code.startswith("US"):
        return "the United States"
    if code.startswith("GB"):
        return "the United Kingdom"
    return _eea_name(code)


COUNTRY_IN_ADDRESS = {
    "US": ("usa", "u.s.a.", "united states", "us"),
    "UK": ("united kingdom", "uk", "u.k.", "england", "scotland", "wales", "northern ireland"),
}


def postal_address(address: str, code: str) -> str:
    """The address with its country, for a party abroad: "…, Austin, TX 78701, United States"."""
    name = country(code).removeprefix("the ")
    tail = address.rsplit(",", 1)[-1].strip().lower().rstrip(".")
    known = COUNTRY_IN_ADDRESS.get(region(code), ()) + (name.lower(), EEA.get(code, "").lower())
    if not address or not name or any(tail == x or tail.endswith(" " + x) for x in known if x):
        return address
    return f"{address}, {name}"


def _eea_name(code: str) -> str:
    """The country's name as a sentence uses it: "in the Netherlands", not "in Netherlands"."""
    name = EEA.get(code, "")
    return f"the {name}" if code == "NL" else name


def esign_law(code: str) -> str:
    """The law that makes a party's electronic signature binding, beside the federal ESIGN Act:
    every state and DC enacted UETA except New York (its own statute) and Illinois (the Electronic
    Commerce Security Act); another US code relies on ESIGN alone. England and Wales rely on the
    Electronic Communications Act 2000 s. 7 and UK eIDAS; an EU party on the eIDAS Regulation."""
    if code == "US-NY":
        return "for a Party in New York or under New York law, the Electronic Signatures and Records " \
               "Act, N.Y. State Technology Law §§301–309"
    if code == "US-IL":  # Illinois never enacted UETA
        return "for a Party in Illinois, the Electronic Commerce Security Act, 5 ILCS 175"
    if code.startswith("US-") and code[3:] in US_STATES:
        return f"for a Party in {place(code)}, the Uniform Electronic Transactions Act as adopted in " \
               f"{place(code)}"
    if code == "GB-SCT":
        return "for a Party in Scotland, section 7 of the Electronic Communications Act 2000 and " \
               "the UK eIDAS Regulation"
    if code.startswith("GB"):
        # s.7 makes an e-signature admissible; the common law makes it valid (Golden Ocean)
        return f"for a Party in {place(code)}, section 7 of the Electronic Communications Act 2000 " \
               "and the UK eIDAS Regulation (Regulation (EU) No 910/2014 as it forms part of UK law), " \
               "and the common law, under which an electronic signature is valid (Golden Ocean Group " \
               "Ltd v Salgaocar Mining Industries Pvt Ltd [2012] EWCA Civ 265)"
    if code == "IE":  # ss.13 and 19 of the Irish Act: e-signatures and contracts by electronic means
        return "for a Party in Ireland, the eIDAS Regulation (Regulation (EU) No 910/2014) and the " \
               "Electronic Commerce Act 2000 (Ireland)"
    if code in EEA:
        return f"for a Party in {place(code)}, the eIDAS Regulation (Regulation (EU) No 910/2014)"
    return ""


def esign_laws(*codes: str) -> list[str]:
    """Each party's own e-signature law, once each, in the parties' order."""
    return list(dict.fromkeys(x for x in (esign_law(c) for c in codes) if x))


def us_deal(project) -> bool:
    """Both parties in the US (or one there and the other's place unknown): the one kind of deal
    whose documents print on US Letter with US numeric dates."""
    regions = {region(of(project.client)), region(of(project.contractor))}
    return "US" in regions and regions <= {"US", ""}


def date_style(project) -> str:
    """"uk" (1 February 2027, "1 Feb 2027" in tables) for an English document when either party
    is outside the US, where 02/01/2027 reads as 2 January; "" otherwise."""
    if project.language != "en":
        return ""
    return "" if us_deal(project) else "uk"


def paper(project) -> str:
    """"letter" for an English document of a US-US deal; "A4" otherwise (ISO 216 is the paper of
    the UK, the EU and Russia)."""
    return "letter" if project.language == "en" and us_deal(project) else "A4"


def holidays(calendar: str) -> str:
    """The days off a business-day count skips, as a contract names them: "bank holidays in
    England and Wales" (Banking and Financial Dealings Act 1971), never "the GB calendar"."""
    if calendar.startswith("GB"):
        return f"bank holidays in {UK_PARTS.get(calendar, 'England and Wales')}"
    if calendar == "US":  # the federal list the calendar holds, not a state's own (N.Y. GCL §24)
        return "US federal public holidays"
    return f"public holidays in the {calendar} calendar"


def english_law(governing: str) -> bool:
    """The contract is governed by the law of a UK jurisdiction: "legal costs", not "attorneys' fees"."""
    return any(x in (governing or "") for x in ("England", "Scotland", "Northern Ireland", "United Kingdom"))


COMPANY_NUMBER = re.compile(r"\b((?:SC|NI|OC|SO|NC|R0)?\d{6,8})\b", re.I)


def trading_disclosure(party) -> str:
    """What a UK company must show on its business letters, order forms and websites: its name,
    place of registration, company number and registered office (Companies Act 2006 s.82; the
    Company, Limited Liability Partnership and Business (Names and Trading Disclosures)
    Regulations 2015, regs. 24-25); "" for any other party."""
    code = of(party)
    if region(code) != "UK" or getattr(party, "kind", "") != "company":
        return ""
    number = company_number(party)
    text = f"{party.name}, registered in {place(code)}"
    if number:
        text += f" with company number {number}"
    if party.address:
        text += f"; registered office: {party.address}"
    return text + "."


def company_number(party) -> str:
    """A UK company's Companies House number ("01234567", "SC123456") from its `registration`."""
    found = COMPANY_NUMBER.search(getattr(party, "registration", "") or "")
    return found.group(1).upper() if found and region(of(party)) == "UK" else ""


_NO = r"(?:no\.?|number|nr\.?|#)"
_ID_LABEL = re.compile(rf"^(?:(?:(?:company|registration|registered|reg\.?|firmen)\s*)?{_NO}"
                       rf"|(?:EIN|SIREN|SIRET|CRN|CRO|KvK|ABN|ACN)(?:\s*{_NO})?)\s*:?\s*", re.I)
_RCS = re.compile(r"\bRCS\s+[^\d,]*?(\d{3}\s?\d{3}\s?\d{3})\b", re.I)


def legal_identifier(party) -> str:
    """The bare legal registration identifier of `registration` (EN 16931 BT-30 / BT-47): a UK
    company number, a French SIREN from "RCS Paris 303 265 045", else the text before its first
    comma without a label such as "Company No." ("HRB 123456 B"); the label belongs on paper only."""
    text = (getattr(party, "registration", "") or "").strip()
    number = company_number(party)
    if number:
        return number
    siren = _RCS.search(text)
    if siren:
        return re.sub(r"\s", "", siren.group(1))
    return _ID_LABEL.sub("", text.split(",", 1)[0].strip()).strip() or text


FEDERAL_MINIMUM = 75_000
"""28 U.S.C. §1332(a): a federal court hears a contract claim between citizens of different states
((a)(1), diversity) or with a foreign party ((a)(2), alienage) only over $75,000."""
_FEDERAL = re.compile(r"\b(?:state and federal|federal and state|state or federal|federal or state) courts\b",
                      re.I)


def venue_for_claim(venue: str, amount) -> str:
    """The court a claim letter names: the venue as signed, without the federal courts when the
    amount claimed is not over $75,000 (they would have no jurisdiction, 28 U.S.C. §1332(a));
    "a court of competent jurisdiction" when the venue names federal courts alone."""
    if "federal" not in venue.lower() or amount > FEDERAL_MINIMUM:
        return venue
    if _FEDERAL.search(venue):
        return _FEDERAL.sub("state courts", venue)
    return "a court of competent jurisdiction"
