"""Warnings about the law an English contract relies on, and about personal data a brief
describes but the project does not declare (a processor's terms are then missing)."""

from __future__ import annotations

import re

from contractkit import usury
from contractkit.model import Project
from contractkit.model.checks import Loc
from contractkit.words import jurisdiction
from contractkit.words.special_data import HEALTH, described, first_match

PERSONAL = re.compile(
    r"\b(personal (?:data|information|details)|e-?mail addresses|emails|phone numbers?|telephone numbers?"
    r"|(?:postal|home|delivery) addresses|names(?:,| and| or) (?:e-?mails?|addresses|phones?)"
    r"|dates? of birth|patients?|medical records?|customers?['’] (?:data|details|names|addresses)"
    r"|(?:contact|booking|registration|sign[- ]?up|order) forms?|user accounts?|checkout"
    r"|member(?:ship)? (?:lists?|logins?|accounts?|data|details|records|database|portal)"
    r"|members['’] (?:data|details)"
    r"|mailing lists?|customer lists?|client lists?"
    r"|персональн\w+ данн\w+|телефон\w*|ФИО|пациент\w*|адрес\w* доставки)\b", re.I)
FEDERAL_MINIMUM = 75_000
"""28 U.S.C. §1332(a): diversity jurisdiction needs more than $75,000 in controversy."""


def personal_data_described(project: Project) -> tuple[Loc, str] | None:
    """The first place the brief or a deliverable describes collecting personal data."""
    brief = project.brief
    places: list[tuple[Loc, str]] = described(project)
    # a list of people the client hands over is the clearest Art. 28 case (review-en2, E10)
    places += [(("brief", "materials", i, "what"), m.what) for i, m in enumerate(brief.materials)]
    for loc, text in places:
        found = PERSONAL.search(text or "")
        if found:
            return loc, found.group(0)
    return None


def transfer_problems(project: Project) -> list[tuple[Loc, str]]:
    """The IDTA and the UK Addendum (DPA 2018 s.119A) cover restricted transfers *from* the UK
    only: a client (the exporter) known to be elsewhere cannot rely on them."""
    basis = project.terms.data_transfer
    where = jurisdiction.region(jurisdiction.of(project.client))
    if basis not in ("idta", "uk_addendum") or where in ("UK", ""):
        return []
    if where != "EU" and jurisdiction.region(jurisdiction.of(project.contractor)) == "UK":
        # ICO guidance (2026): a UK processor returning data to its own controller abroad makes no
        # restricted transfer; the contract says so (review-en4 E1)
        return [(("terms", "data_transfer"), f"{basis}: the contractor, a UK processor, only returns "
                 "Client Personal Data to its own controller outside the UK, which the ICO does not treat "
                 "as a restricted transfer (UK GDPR Chapter V), and the contract says so: delete "
                 "data_transfer")]
    if where == "EU" and jurisdiction.region(jurisdiction.of(project.contractor)) == "UK":
        instead = ("the EU adequacy decision for the UK (Decision (EU) 2021/1772) covers it: delete "
                   "data_transfer")
    else:
        instead = "write data_transfer: scc (EU standard contractual clauses) or dpf, or delete it"
    return [(("terms", "data_transfer"), f"{basis} covers transfers out of the United Kingdom only "
             f"(Data Protection Act 2018 s.119A), and the client, the exporter, is not in the UK; {instead}")]


def english_risks(project: Project, total) -> list[tuple[Loc, str]]:
    """Warnings for a valid project: undeclared personal data, a venue or arbitration clause that
    a court would not enforce as written."""
    out: list[tuple[Loc, str]] = []
    if not any(d.personal_data for d in project.deliverables):
        hit = personal_data_described(project)
        if hit:
            law = {"UK": "UK GDPR Art. 28", "EU": "GDPR Art. 28"}.get(
                jurisdiction.region(jurisdiction.of(project.client)),
                "152-ФЗ" if project.language == "ru" else "privacy laws")
            out.append((hit[0], f"describes collecting personal data ('{hit[1]}') but no deliverable "
                        f"has personal_data: true, so the contract says nothing on who processes it "
                        f"({law})"))
    if project.language != "en":
        return out
    d = project.terms.disputes
    if d.forum == "court" and "federal" in d.venue.lower() and total <= FEDERAL_MINIMUM:
        out.append((("terms", "disputes", "venue"), "names federal courts, which hear a contract claim "
                    "only over $75,000, between citizens of different states or with a foreign party "
                    "(28 U.S.C. §1332(a)(1), (2)): name the state courts of a county"))
    uk_vat = uk_vat_on_a_supply_abroad(project)
    if uk_vat:
        out.append(uk_vat)
    ny = new_york_without_a_new_york_party(project, total)
    if ny:
        out.append(ny)
    served = us_court_without_a_process_agent(project)
    if served:
        out.append(served)
    subjects = data_subjects_unstated(project)
    if subjects:
        out.append(subjects)
    rates = statutory_rates_missing(project)
    if rates:
        out.append(rates)
    out += [w for w in (health_data_without_a_baa(project), delaware_interest_over_the_limit(project, total),
                        interest_below_the_statutory_rate(project),
                        affero_component_in_a_hosted_service(project), idta_tables_to_attach(project),
                        no_interest_clause_under_us_law(project)) if w]
    if d.forum == "arbitration" and d.rules.strip() and d.venue.strip():
        out.append((("terms", "disputes", "venue"), f"not used with forum: arbitration ('{d.venue}'): the "
                    "clause names the rules (terms.disputes.rules), the seat and the language; no court "
                    "administers an arbitration"))
    if d.forum == "arbitration" and not d.seat:
        out.append((("terms", "disputes"), "arbitration without a seat (terms.disputes.seat): the "
                    "contract falls back on the contractor's state"))
    return out


def no_interest_clause_under_us_law(project: Project) -> tuple[Loc, str] | None:
    """A US governing law, no late-payment clause and no statutory rate contractkit knows for that
    state: the notice of default would claim no interest (review-en4 E15). Where the state's legal
    rate is known the notice claims it, and `check` says nothing (a starting point checks clean)."""
    from contractkit.legal_interest import legal_rate

    p, law = project.payment, project.terms.governing_law or ""
    if p.late_interest_monthly or p.late_penalty or not re.search(r"\bstate of\b", law, re.IGNORECASE):
        return None
    if legal_rate(project) is not None:
        return None  # the notice of default claims the state's own rate (legal_interest.py): nothing lost
    return (("payment",), f"no late-payment interest clause under {project.terms.governing_law}: "
            "contractkit knows no statutory rate for that state, so the notice of default claims no "
            "interest; set payment.late_interest_monthly for a rate of the contract's own")


def data_subjects_unstated(project: Project) -> tuple[Loc, str] | None:
    """A client outside the UK/EEA may still answer to the EU GDPR or the UK GDPR for the people its
    deliverables serve (GDPR / UK GDPR Art. 3(2)), and the processor terms must then cite that law
    (Art. 28(3)); only the project can say where those people are (review-en4 E2)."""
    if project.terms.data_subjects or not any(d.personal_data for d in project.deliverables):
        return None
    if jurisdiction.region(jurisdiction.of(project.client)) in ("UK", "EU", "") \
            or jurisdiction.region(jurisdiction.of(project.contractor)) != "UK":
        return None
    return (("terms", "data_subjects"), "not stated while deliverables collect personal data for a client "
            "outside the UK and the EEA (the processor terms follow the UK GDPR): write where the data "
            "subjects are (e.g. data_subjects: [UK, EU]); the processor terms cite the EU GDPR only when "
            "EU is among them (GDPR Art. 3(2), Art. 28(3))")


def idta_tables_to_attach(project: Project) -> tuple[Loc, str] | None:
    """The IDTA (DPA 2018 s.119A) is a form whose Part 1 tables the parties complete: Table 2's
    choices (law, term, ending it, onward transfers, reviews) and Table 4's security; the contract
    only incorporates it, while the UK Addendum's options are completed in the SCC exhibit."""
    if project.terms.data_transfer != "idta" or not any(d.personal_data for d in project.deliverables):
        return None
    return (("terms", "data_transfer"), "idta: the contract incorporates the IDTA but does not complete "
            "its Part 1 tables (Table 2's choices, Table 4's security measures) or the transfer risk "
            "assessment: complete them and sign them with the contract, or write uk_addendum (or delete "
            "the line), whose options the contract's SCC exhibit completes in full")


def health_data_without_a_baa(project: Project) -> tuple[Loc, str] | None:
    """45 CFR 164.502(e) and 164.504(e): a contractor creating, receiving or keeping protected health
    information for a covered entity (a clinic) or its business associate must sign a business
    associate agreement, which this contract does not contain. A client in the UK or EU is no HIPAA
    covered entity: its health data falls under (UK) GDPR Art. 9 instead (health_data_under_gdpr)."""
    client = jurisdiction.region(jurisdiction.of(project.client))
    contractor = jurisdiction.region(jurisdiction.of(project.contractor))
    if _gdpr_of_health(client, contractor):
        return health_data_under_gdpr(project, client, contractor)
    in_us = "US" in (client, contractor) or jurisdiction.names_us(project.brief.audience)
    if not in_us:
        return None
    hit = first_match(project, HEALTH)
    if not hit:
        return None
    return hit[0], (f"describes health data ('{hit[1]}'): if the client is a HIPAA covered entity or its "
                    "business associate, a contractor handling protected health information needs a "
                    "business associate agreement (45 CFR 164.504(e)), which the contract does not contain; "
                    "sign one with it, or keep patient data out of the contractor's reach")


def _gdpr_of_health(client: str, contractor: str) -> str:
    """The GDPR that governs a health client's data: the client's, or a UK/EU processor's
    (Art. 3(1)) when the client is outside the US too; '' for a US client (HIPAA's ground)."""
    gdpr_of = {"UK": "UK GDPR", "EU": "GDPR"}
    if client in gdpr_of:
        return gdpr_of[client]
    return gdpr_of.get(contractor, "") if client != "US" else ""


def health_data_under_gdpr(project: Project, client: str, contractor: str) -> tuple[Loc, str] | None:
    """GDPR / UK GDPR Art. 9(1): data concerning health (Art. 4(15)) is a special category; the
    controller needs an Art. 9(2) condition and, for large-scale processing, a data protection
    impact assessment before it starts (Art. 35(1), (3)(b)). The contract names the data and its
    safeguards in the processor terms and the SCC Annex I.B once personal_data is declared."""
    hit = first_match(project, HEALTH)
    if not hit:
        return None
    g = _gdpr_of_health(client, contractor)
    condition = ("a condition in Art. 9(2) and the Data Protection Act 2018 Sch. 1 (e.g. health or social "
                 "care purposes, para. 2)" if g == "UK GDPR" else
                 "a condition in Art. 9(2) (e.g. the patient's explicit consent, or health care under "
                 "professional secrecy, Art. 9(2)(h) and 9(3))")
    declared = any(d.personal_data for d in project.deliverables)
    contract = ("the contract names it as sensitive data, with its safeguards, in the processor terms "
                "and the data annex" if declared else
                "mark the deliverables that collect it personal_data: true, so the contract names it and "
                "its safeguards in the processor terms")
    return hit[0], (f"describes health data ('{hit[1]}'): data concerning health is a special category "
                    f"of personal data ({g} Art. 9(1)); the client, the controller, needs {condition} and, "
                    "before the processing starts, a data protection impact assessment if it processes "
                    f"such data on a large scale ({g} Art. 35(3)(b)); {contract}")


def delaware_interest_over_the_limit(project: Project, total) -> tuple[Loc, str] | None:
    """Delaware law and a contractual rate above 6 Del. C. §2301(a)'s ceiling (5 % over the Federal
    Reserve discount rate; §2301(c) lifts it above $100,000): the contract's saving clause cuts the
    rate down, and every letter and `status` count the lawful rate (usury.py), but the figure the
    client reads in the contract is wrong."""
    cut = usury.ceiling(project, total)
    if cut is None:
        return None
    return (("payment", "late_interest_monthly"), f"{cut.stated.normalize():f} % a year under Delaware law "
            f"is above the ceiling of 6 Del. C. §2301(a), 5 % over the Federal Reserve discount rate "
            f"({cut.yearly.normalize():f} % a year with that rate at {cut.source}; if the Fed has moved it, "
            f"set {usury.RATE_SETTING}): the contract's cap cuts it down to the lawful rate, which the "
            "reminders, notices of default and status use; write a lower rate")


def affero_component_in_a_hosted_service(project: Project) -> tuple[Loc, str] | None:
    """GNU AGPL v3 §13: whoever modifies an AGPL program and lets users interact with it over a
    network must offer them its source, so an AGPL component in a hosted site or SaaS may oblige
    the client to publish its changes."""
    from contractkit.words import licenses

    for i, c in enumerate(project.terms.third_party):
        if licenses.is_affero(c.license):
            return (("terms", "third_party", i, "license"), f"'{c.name}' is under the GNU AGPL: if the "
                    "client modifies it and runs it in a hosted service, AGPL §13 (remote network "
                    "interaction) obliges it to offer its users the modified source code; make sure the "
                    "client accepts that, or use a component under another licence")
    return None


NY_CHOICE_MINIMUM = 250_000
"""N.Y. General Obligations Law §5-1401: a New York choice of law binds without a reasonable
relationship to New York only in a contract of $250,000 or more (§5-1402: a New York forum, $1
million)."""


def new_york_without_a_new_york_party(project: Project, total) -> tuple[Loc, str] | None:
    """New York law or courts chosen with no party in New York and a value under GOL §5-1401's
    $250,000: a court may refuse the choice (no reasonable relationship) or the forum (forum non
    conveniens)."""
    d = project.terms.disputes
    law = (project.terms.governing_law or "").lower()
    venue = (d.venue or "").lower() if d.forum == "court" else ""
    if "new york" not in law and "new york" not in venue:
        return None
    codes = (jurisdiction.of(project.client), jurisdiction.of(project.contractor))
    if "US-NY" in codes or total >= NY_CHOICE_MINIMUM:
        return None
    where = ("terms", "governing_law") if "new york" in law else ("terms", "disputes", "venue")
    return where, ("New York law or courts with no party in New York and a contract under $250,000: "
                   "N.Y. General Obligations Law §§5-1401 and 5-1402 do not apply, so a court may refuse "
                   "the choice for want of a reasonable relationship, or the forum as inconvenient; choose "
                   "a party's own state, or arbitration (enforceable abroad under the New York Convention)")


def uk_vat_on_a_supply_abroad(project: Project) -> tuple[Loc, str] | None:
    """UK VAT set on services of a UK contractor to a business client outside the UK: the place of
    supply is where the customer belongs (VATA 1994 s.7A(2)(a)), so the supply is outside the scope
    of UK VAT; VAT shown on an invoice is still due to HMRC (Sch. 11 para. 5(2)) and the client
    cannot reclaim it."""
    client = jurisdiction.of(project.client)
    if (project.tax.vat is None or project.client.kind == "individual" or not client
            or jurisdiction.region(jurisdiction.of(project.contractor)) != "UK"
            or jurisdiction.region(client) == "UK"):
        return None
    return (("tax", "vat"), "UK VAT on services to a business client outside the UK: the place of supply "
            "is the client's country (VATA 1994 s.7A(2)(a)), so the supply is outside the scope of UK VAT "
            "and VAT shown on an invoice is still owed to HMRC (Sch. 11 para. 5(2)); remove tax.vat and "
            "the documents print 'Outside the scope of UK VAT'")


def _today():
    import datetime as dt

    return dt.date.today()


def interest_below_the_statutory_rate(project: Project) -> tuple[Loc, str] | None:
    """English law, a UK supplier: a contractual rate below 8 % over the base rate is unlikely to be
    a substantial remedy (Late Payment of Commercial Debts (Interest) Act 1998 s.8(1), s.9(1)), so
    the Act's interest and fixed sums still apply, and the letters claim them (review-en3 E8)."""
    from contractkit import statutory_interest

    if not statutory_interest.insubstantial(project):
        return None
    day, base = statutory_interest.latest_rate()
    yearly = project.payment.late_interest_monthly * 12
    statutory = base + statutory_interest.MARGIN
    rate = f"{statutory.normalize():f} %"
    return (("payment", "late_interest_monthly"),
            f"{yearly.normalize():f} % a year is below the statutory rate of 8 % over the Bank of England "
            f"base rate ({rate} with the base rate of {day.day} {day:%B %Y}), so it is unlikely to be a "
            "substantial remedy (Late Payment of Commercial Debts (Interest) Act 1998 s.8(1), s.9(1)): "
            "statutory interest and the s.5A fixed sums still apply, and reminders and notices of default "
            f"claim them; remove the rate or set at least {rate} a year")


def statutory_rates_missing(project: Project) -> tuple[Loc, str] | None:
    """With no interest clause, a UK supplier's late debts carry the Late Payment Act 1998's
    interest; warn when the last planned payment would need a base rate the bundled table lacks."""
    from datetime import timedelta

    from contractkit import statutory_interest
    from contractkit.compute import compute

    if not statutory_interest.applies(project):
        return None
    figures = compute(project)
    last = max(p.due or (p.event_planned or figures.completion) + timedelta(days=p.days or 0)
               for p in figures.payments)
    # a reference date still to come has no rate yet: nothing to update before it passes
    if statutory_interest.reference_date(last + timedelta(days=1)) > _today():
        return None
    found = statutory_interest.uncovered([last])
    return (("payment",), found) if found else None


def us_court_without_a_process_agent(project: Project) -> tuple[Loc, str] | None:
    """A US court chosen against a client abroad that names no agent for service of process: the
    claim form must then be served abroad under the Hague Service Convention, through the central
    authority where the state objects to postal service (Art. 10; Germany does), which takes months."""
    d = project.terms.disputes
    venue = (d.venue or "").lower()
    client = jurisdiction.of(project.client)
    if d.forum != "court" or project.client.process_agent or not client or client.startswith("US"):
        return None
    in_us = ("united states" in venue or "federal" in venue
             or any(state.lower() in venue for state in jurisdiction.US_STATES.values()))
    if not in_us:
        return None
    where = jurisdiction.place(client) or client
    return (("client", "process_agent"), f"a US court ('{d.venue}') against a client in {where} with no "
            "agent for service of process: the claim must be served abroad under the Hague Service "
            "Convention (through the central authority where the state objects to service by post, Art. "
            "10), which takes months; name the client's agent in client.process_agent (the forum clause "
            "prints it), or choose arbitration (terms.disputes.forum: arbitration, enforced abroad under "
            "the New York Convention)")
