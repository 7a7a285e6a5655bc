"""The laws a project's documents cite: each party's e-signature statute, the data-protection law
and transfer basis, the governing law's phrase (part of the context templates see: render/context.py)."""

from __future__ import annotations

import re

from contractkit import statutory_interest
from contractkit.model import Project
from contractkit.words import jurisdiction, special_data
from contractkit.words.dpa import german_authority


def law(project: Project) -> dict:
    """Where each party is and what follows: each party's e-signature statute, the data-protection
    law of a UK or EU client, or else of a UK or EU contractor (UK GDPR / GDPR, Art. 3(1)), and the
    transfer basis to a processor outside the client's UK / EU."""
    codes = {side: jurisdiction.of(getattr(project, side)) for side in ("client", "contractor")}
    client, contractor = codes["client"], codes["contractor"]
    # Art. 3(1) UK GDPR / GDPR: a processor established in the UK or EU is bound wherever its
    # controller is, so the Art. 28(3) terms follow the contractor's establishment as well
    gdpr_of = {"UK": "UK GDPR", "EU": "GDPR"}
    gdpr = gdpr_of.get(jurisdiction.region(client)) or gdpr_of.get(jurisdiction.region(contractor), "")
    # a transfer basis is needed only for the client's data leaving the UK / EU to the contractor
    outside = (jurisdiction.region(client) in gdpr_of
               and jurisdiction.region(contractor) != jurisdiction.region(client))
    # Decision (EU) 2021/1772 (Art. 45 GDPR): an EU controller's data may go to a UK processor
    # without safeguards; the IDTA and the UK Addendum cover transfers out of the UK only. A UK
    # client defaults to the UK Addendum, whose options the SCC exhibit completes in full; the
    # IDTA's own tables (Part 1) are not drawn up here, so `check` warns when it is chosen
    adequate = jurisdiction.region(client) == "EU" and jurisdiction.region(contractor) == "UK"
    transfer = project.terms.data_transfer or (
        "uk_adequacy" if adequate else "uk_addendum" if gdpr == "UK GDPR" else "scc")
    # ICO guidance on international transfers (2026, three-step test): a UK processor returning
    # Client Personal Data to its own controller outside the UK makes no restricted transfer, and EU
    # data reaches the UK under the adequacy decision (review-en4 E1, withdrawn as a defect): the
    # contract says so instead of incorporating a transfer tool
    returns_only = (jurisdiction.region(contractor) == "UK"
                    and jurisdiction.region(client) not in gdpr_of and client != "")
    return {
        "client": {"code": client, "region": jurisdiction.region(client),
                   "place": jurisdiction.place(client),
                   # SCC Clause 13, Annex I.C: a German exporter's Land authority (BDSG §40)
                   "authority": german_authority(project.client.address) if client == "DE" else ""},
        "contractor": {"code": contractor, "region": jurisdiction.region(contractor),
                       "place": jurisdiction.place(contractor)},
        "esign": jurisdiction.esign_laws(contractor, client, *_governing_code(project)),
        "gdpr": gdpr,
        # GDPR / UK GDPR Art. 9(1): data concerning health the brief describes is named, with its
        # safeguards, in the processor terms and the SCC Annex I.B (Module Two requires it)
        "health": bool(gdpr and special_data.health_data(project)),
        # Art. 3(1) UK GDPR: a UK processor of an EU controller is bound by the UK GDPR and the DPA too
        "uk_processor": gdpr == "GDPR" and jurisdiction.region(contractor) == "UK",
        # GDPR Art. 3(2): a controller outside the EU offering services to people in the EU answers
        # to the EU GDPR too, so UK GDPR processor terms cite both (Art. 28(3) of each; review-en4 E2)
        "eu_subjects": (gdpr == "UK GDPR" and jurisdiction.region(client) != "UK"
                        and eu_data_subjects(project)),
        "processing": jurisdiction.country(contractor),
        "transfer": transfer if outside else "",
        "returns_only": returns_only,
        "uk": jurisdiction.region(client) == "UK",
        "abroad": jurisdiction.country(client) != jurisdiction.country(contractor),
        # Cal. Civ. Code §1798.100(d), 6 Del. C. §12D-107(b): processor terms for US data subjects
        "us_privacy": not gdpr and (jurisdiction.region(client) == "US"
                                    or jurisdiction.names_us(project.brief.audience)),
        # CDPA 1988 s.87: moral rights are waived only in a signed writing; a UK contractor's
        # authors hold them whoever the client is, and a UK or EU client needs the waiver too.
        "moral_rights": (jurisdiction.region(contractor) == "UK"
                         or jurisdiction.region(client) in ("UK", "EU")),
        "governing": governing_law(project.terms.governing_law),
        "english": jurisdiction.english_law(project.terms.governing_law),
        # Late Payment of Commercial Debts (Interest) Act 1998 s.8-9: a contractual rate below the
        # statutory one does not displace the Act's interest; the letters say so (review-en3 E8)
        "weak_interest": (project.payment.late_interest_monthly * 12
                          if statutory_interest.insubstantial(project) else None),
    }


def eu_data_subjects(project: Project) -> bool:
    """terms.data_subjects names the EU / EEA or one of its countries."""
    return any(w.strip().upper() in ("EU", "EEA") or jurisdiction.region(w.strip().upper()) == "EU"
               for w in project.terms.data_subjects)


def governing_law(text: str) -> str:
    """"the laws of the State of New York, without regard to its conflict-of-laws rules": the
    user's phrase, with that rider added only when the phrase does not say it already."""
    law = text.strip().rstrip(".")
    # Rome I art. 20 excludes renvoi under English law already: the rider would only repeat it
    rider = re.search(r"conflicts?[- ]of[- ]laws?|choice[- ]of[- ]law", law, re.I)
    if law and not jurisdiction.english_law(law) and not rider:
        law += ", without regard to its conflict-of-laws rules"
    return law


def _governing_code(project) -> tuple[str, ...]:
    """New York law governs with no party in New York: its own e-signature statute applies too
    (N.Y. State Technology Law §§301-309), beside each party's."""
    law = (project.terms.governing_law or "").lower()
    return ("US-NY",) if "new york" in law else ()
