"""Warnings on Russian documents a lawyer would raise before signing: names and courts."""

from __future__ import annotations

import re

from contractkit.model import Project
from contractkit.model.checks import Loc
from contractkit.words import consumer, foreign_ru
from contractkit.words.names import without_legal_form


def russian_risks(project: Project) -> list[tuple[Loc, str]]:
    if project.language != "ru":
        return []
    return (legal_form_in_name(project) + venue_risks(project) + consumer_terms(project)
            + rights_price_default(project) + sublicence_price(project) + foreign_data_services(project)
            + approval_only(project)
            + unnamed_program(project) + unplaced_source(project) + foreign_payer(project)
            + latin_payee(project) + foreign_signatory(project))


_APPROVAL = re.compile(r"заказчик\w*\s+(?:письменно\s+)?(?:утвердил|одобрил|согласовал)|"
                       r"(?:утвержд[её]н|одобрен|согласован)\w*\s+(?:с\s+)?заказчик|нравится", re.IGNORECASE)


def approval_only(project: Project) -> list[tuple[Loc, str]]:
    """An acceptance criterion that is the client's approval itself («Заказчик письменно утвердил
    концепцию») depends on the client's will alone: the contract lets a refusal rest only on the
    criteria, and such a criterion lets any refusal rest on it (ГК РФ ст. 720, 711; ст. 327.1)."""
    out = []
    for i, d in enumerate(project.deliverables):
        for j, text in enumerate(d.acceptance):
            if _APPROVAL.search(text):
                out.append((("deliverables", i, "acceptance", j),
                            f"{d.id}: acceptance criterion «{text}» is the client's approval itself, so "
                            "acceptance depends on the client's will alone: name what is checked "
                            "(pages, functions, formats), as the motivated refusal may rest only on "
                            "the criteria"))
    return out


def rights_price_default(project: Project) -> list[tuple[Loc, str]]:
    """ГК РФ п. 3 ст. 1234: a paid alienation of the exclusive right states its price; without
    `rights_price` the contract names the stage's whole price as that remuneration."""
    missing = [(i, d.id) for i, d in enumerate(project.deliverables) if d.rights and d.rights_price is None]
    if not missing:
        return []
    ids = ", ".join(x for _, x in missing)
    return [(("deliverables", missing[0][0]), f"{ids}: no rights_price, so the contract states each "
             "stage's whole price as the remuneration for the exclusive right (ГК РФ ст. 1234 п. 3); "
             "give rights_price to name the part paid for the right")]


FREE_LICENCE = re.compile(r"unsplash|pexels|pixabay|\bcc0\b|creative commons zero|public domain|"
                          r"общественн\w+ достояни", re.IGNORECASE)
"""Licences granted free to every user, which give no right to sublicense: the user holds none."""


def sublicence_price(project: Project) -> list[tuple[Loc, str]]:
    """ГК РФ п. 5 ст. 1235: a paid licence (a sublicence, ст. 1238) states its remuneration or how it
    is determined; a component the contractor holds (`held_by: contractor`, the default for stock
    images) with no `price` is paid «within the price» with no sum. A free licence given to every user
    (Unsplash, Pexels, CC0) is no licence anyone buys or sublicenses: it is `held_by: public`. An НПД
    contractor may not resell a bought licence (422-ФЗ ч. 2 ст. 4 п. 2; review-ru3 R13)."""
    out = []
    npd = project.tax.kind == "npd"
    for i, c in enumerate(project.terms.third_party):
        holder = c.holder_for(npd)
        if holder != "public" and FREE_LICENCE.search(f"{c.name} {c.license}"):
            default = "" if c.held_by else f" (the default for {c.kind})"
            out.append((("terms", "third_party", i), f"«{c.name}» ({c.license}) is free to every user and "
                        f"gives no right to sublicense, yet it is held by the {holder}{default}: set "
                        "held_by: public, so the contract says the client uses it on the licence's own terms "
                        "(ГК РФ ст. 1238 п. 1, 1286.1)"))
        elif holder == "contractor" and npd:
            out.append((("terms", "third_party", i), f"«{c.name}»: held_by contractor, but a self-employed "
                        "contractor (НПД) may not resell a bought licence (422-ФЗ ч. 2 ст. 4 п. 2), and "
                        "a sublicence needs the licensor's written consent (ГК РФ ст. 1238 п. 1): "
                        "consider held_by: client, so the client buys the licence itself"))
        elif holder == "contractor" and c.price is None:
            out.append((("terms", "third_party", i),
                        f"«{c.name}»: the contractor grants a sublicence with no price, so the contract says "
                        "only that its fee is within the price (ГК РФ п. 5 ст. 1235: the remuneration is "
                        "stated or determinable): give price (and deliverable), or held_by: public / client "
                        "if the contractor holds no licence to sublicense"))
    return out


def foreign_data_services(project: Project) -> list[tuple[Loc, str]]:
    """152-ФЗ ст. 12 ч. 3-4: personal data sent to a service abroad is a cross-border transfer the
    operator notifies Роскомнадзор of before it starts; ч. 5 ст. 18: data collected online is first
    recorded and stored in databases in Russia."""
    services = project.terms.foreign_data_services
    collects = any(d.personal_data for d in project.deliverables)
    if not services or not collects:
        return []
    names = ", ".join(f"{s.name} ({s.country})" for s in services)
    operator = "the client" if project.terms.personal_data_operator == "client" else "the contractor"
    return [(("terms", "foreign_data_services"), f"{names}: personal data leaves Russia; {operator}, the "
             "operator, must notify Роскомнадзор before the transfer starts (152-ФЗ ст. 12 ч. 3-4), and "
             "users' data must first be recorded and stored in databases in Russia (ст. 18 ч. 5): the "
             "contract says so")]


def legal_form_in_name(project: Project) -> list[tuple[Loc, str]]:
    """«ИП Смирнов …» typed as a sole proprietor's name: the documents add the legal form themselves
    (ГК РФ ст. 23), so the name is the person's own; the preamble never doubles it."""
    out: list[tuple[Loc, str]] = []
    for role in ("contractor", "client"):
        p = getattr(project, role)
        if p.kind == "sole_proprietor" and without_legal_form(p.name) != " ".join(p.name.split()):
            out.append(((role, "name"), f"{role}.name «{p.name}» starts with its legal form: write the "
                        f"person's name alone («{without_legal_form(p.name)}»); the documents add "
                        "«индивидуальный предприниматель» and «ИП» themselves"))
        with_form = re.match(r"(ИП|Индивидуальный предприниматель)\b", p.short_name.strip(), re.I)
        if p.kind == "sole_proprietor" and p.short_name and not with_form:
            out.append(((role, "short_name"), f"{role}.short_name «{p.short_name}» has no «ИП»: invoices, "
                        "acts and claims name the party by it, and a sole proprietor is named with the "
                        f"legal form (ГК РФ ст. 23): write «ИП {without_legal_form(p.short_name)}» or drop "
                        "short_name"))
    return out


def venue_risks(project: Project) -> list[tuple[Loc, str]]:
    """A venue must be a real court: an arbitrazh court for two businesses (АПК РФ ст. 27, 37),
    a district court for a natural person (ГПК РФ ст. 24, 32), never a мировой судья with no
    district; a consumer's choice of court is never restricted (Закон РФ «О защите прав
    потребителей» ст. 16 п. 2, ст. 17 п. 2; ГПК РФ ст. 29 ч. 7)."""
    d = project.terms.disputes
    loc: Loc = ("terms", "disputes", "venue")
    low = d.venue.lower()
    if d.forum != "court":
        if project.client.kind == "individual":
            return [(("terms", "disputes", "forum"), "the client is a private individual (a consumer): "
                     "an arbitration clause signed before a dispute arises does not bind a consumer "
                     "(Закон РФ «О защите прав потребителей» ст. 16 п. 2); consider forum: court")]
        return []
    if project.client.kind == "individual":
        return [(loc, f"the client is a private individual (a consumer): a clause choosing the court is "
                 "void (Закон РФ «О защите прав потребителей» ст. 16 п. 2, ст. 17 п. 2; ГПК РФ ст. 29 "
                 f"ч. 7), so the contract names no court and «{d.venue}» is not printed; a claim goes "
                 "where the client lives (ГПК РФ ст. 28): up to 500 000 ₽ by судебный приказ of the мировой "
                 "судья (ст. 121, 122), above it to the district court")]
    if "мировой суд" in low or "судебный участок" in low or "судебного участка" in low:
        if not re.search(r"№\s*\d+", d.venue):
            return [(loc, f"«{d.venue}» names a мировой судья with no district: name the district court "
                     "(«Мещанский районный суд г. Москвы»); the contract leaves claims a мировой судья "
                     "hears (ГПК РФ ст. 23) to the ГПК's territorial rules")]
        return [(loc, f"«{d.venue}» is a мировой судья, who hears only the claims of ГПК РФ ст. 23: "
                 "name the district court («… районный суд …») as the venue")]
    if not re.search(r"\bсуд\b", low):
        return [(loc, f"«{d.venue}» names no court: write it as the court names itself, e.g. "
                 "«Арбитражный суд города Москвы» or «Мещанский районный суд г. Москвы»")]
    return []


def consumer_terms(project: Project) -> list[tuple[Loc, str]]:
    """A private client ordering for personal needs is a consumer when the contractor is a business
    (Закон РФ «О защите прав потребителей», преамбула; ст. 16): the documents apply the law's terms,
    and `check` says which, so an order for a business is not written as a consumer's by mistake."""
    if not consumer.is_consumer(project.contractor, project.client):
        return []
    return [(("client", "kind"), "the client is a private individual: the contract applies Закон РФ «О "
             "защите прав потребителей» (the law's delay penalty of 3 % a day and liability regardless "
             "of fault, ст. 13 п. 4, ст. 28 п. 5; no cap on the contractor's liability, ГК РФ ст. 400 "
             "п. 2; refusal at any time for the expenses, ст. 32; any defect grounds a refusal and no "
             "acceptance by silence, ст. 29; payment also in cash, ст. 16.1, with a кассовый чек, "
             "54-ФЗ ст. 1.2; no portfolio use without consent; the contractor refuses only for an "
             "unpaid prepayment, ГК РФ ст. 310, 328 п. 2): if the order is for the client's business, "
             "make the client an ИП")]


_PROGRAM = re.compile(r"мобильн\w* приложени|приложени\w* для (?:ios|android)|программ\w* для эвм|"
                      r"\bios\b|\bandroid\b", re.IGNORECASE)


def unnamed_program(project: Project) -> list[tuple[Loc, str]]:
    """ГК РФ ст. 1234, 1261: an alienation identifies what passes; an app passed as «результат
    этапа …» does not name the program (its source text and object code) the right is to."""
    if any(d.program for d in project.deliverables) or not any(d.rights for d in project.deliverables):
        return []
    brief = project.brief
    said = " ".join([project.title, *brief.goals, *brief.requirements])
    if not _PROGRAM.search(said):
        return []
    return [(("deliverables",), "the project describes an app, yet no stage names its program: give "
             "deliverables[].program (its name) on the stage that delivers it, so the contract and the "
             "rights act pass «программа для ЭВМ» with its source text and object code (ГК РФ ст. 1234, "
             "1261), not a stage's title")]


def unplaced_source(project: Project) -> list[tuple[Loc, str]]:
    """ГК РФ ст. 1261, 720: the act of a program's stage records that its source text was handed
    over; with no repository in the project and no files recorded (`accept --files`) it can only
    leave a line to fill in by hand (review-ru4 R5)."""
    if project.terms.source_repository:
        return []
    return [(("deliverables", i, "program"), f"stage «{d.id}» delivers the program «{d.program}», but "
             "terms.source_repository is not set: its act will leave a blank line for where the source text "
             "was handed over; give the repository, or record the files with accept --files")
            for i, d in enumerate(project.deliverables) if d.program]


def foreign_payer(project: Project) -> list[tuple[Loc, str]]:
    """A client abroad pays by a SWIFT transfer (the ГОСТ Р 56042-2014 QR code is for Russian
    banking apps): its invoices need the SWIFT (BIC) of the contractor's bank."""
    from contractkit.words.foreign_ru import abroad

    bank = project.contractor.bank
    if not abroad(project.client) or (bank is not None and bank.swift):
        return []
    return [(("contractor", "bank") if bank else ("contractor",),
             "the client is abroad and pays by a SWIFT transfer, but contractor.bank has no swift: "
             "add the SWIFT (BIC) code of your bank, which the invoices print")]


def latin_payee(project: Project) -> list[tuple[Loc, str]]:
    """A transfer in foreign currency from abroad names the payee in Latin letters, as its account is
    opened; a Cyrillic name is garbled or returned by a bank abroad (issue 24 R8)."""
    from contractkit.words.transfer_ru import transfer

    if transfer(project) is None or project.contractor.name_latin:
        return []
    return [(("contractor",), f"the price is in {project.currency} and the client pays from abroad, but "
             "contractor.name_latin is not set: add your name in Latin letters as your bank account is "
             "opened in it (and address_latin), which the invoice prints for the transfer")]


def foreign_signatory(project: Project) -> list[tuple[Loc, str]]:
    """«в лице» takes a Russian title and name in the genitive: a foreign head's Latin name stays
    as typed unless its Russian form is given (review-ru5 R19)."""
    p = project.client
    s = p.signatory
    if p.kind != "foreign_company" or not s or s.basis == "self" or not foreign_ru.latin(s.name):
        return []
    out = []
    if not s.name_genitive:
        out.append((("client", "signatory", "name_genitive"),
                    f"«{s.name}» is printed in Latin after «в лице»: give the Russian genitive (e.g. "
                    "«Анны Вебер»); the original follows in brackets"))
    if s.position and not foreign_ru.position_genitive(s.position_genitive, s.position):
        out.append((("client", "signatory", "position_genitive"),
                    f"«{s.position}» has no Russian title: give position_genitive (e.g. "
                    "«управляющего директора»); the original follows in brackets"))
    return out
