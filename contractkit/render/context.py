"""The context templates see: plain values computed from a project, grammar already agreed.

Templates get dicts, lists, strings, dates and Decimals only, never model objects.
"""

from __future__ import annotations

import re
from decimal import Decimal

from contractkit import calendar, money
from contractkit.compute import Figures, compute, rights_later, rights_remuneration, stated_delay
from contractkit.model import Project
from contractkit.render.laws import law
from contractkit.render.parties import is_female, party
from contractkit.words import (
    courts,
    foreign_ru,
    freelance,
    jurisdiction,
    licenses,
    lists,
    tax,
    titles,
    transfer_ru,
)
from contractkit.words.consumer import KKT_INVOICE, is_consumer, kkt_receipt_clause


def build(project: Project, figures: Figures | None = None) -> dict:
    """Everything a document template needs, for one project version."""
    figures = figures or compute(project)
    lang = project.language
    lines = [line_context(x, figures.start, project.calendar, lang) for x in figures.lines]
    by_id = {x["id"]: x for x in lines}
    dated = anchor_dated(project, lines) if figures.provisional else False
    return {
        "lang": lang,
        "title": project.title,
        "currency": project.currency,
        "contract": {
            **project.contract.plain(),
            "start": figures.start,
            "completion": figures.completion,
            "services": project.contract.type == "services",
            "heading": titles.agreement_title(project),
            # a website, app or software: only then the web-only clauses (review-en5 E5)
            "web": titles.is_web_work(project),
            "on_prepayment": project.contract.on_prepayment,
            "provisional": figures.provisional,
            "deposit_moved": None,  # an amended version whose dates a late deposit moved (EN 2.3)
            # with a dated stage the work no longer ends a count of days after the prepayment: the
            # annex states each stage's term (anchor_dated), clause 2.1 refers to it
            "days_total": None if dated else max((x["offset"] for x in lines), default=0),
        },
        "contractor": party(project.contractor, lang, npd=project.tax.kind == "npd"),
        "client": party(project.client, lang),
        "tax": tax_context(project, lang),
        "npd": project.tax.kind == "npd",
        "brief": {**project.brief.plain(),
                  "out_of_scope_items": [lists.item(x, lang) for x in project.brief.out_of_scope],
                  "audience_item": lists.item(project.brief.audience, lang)},
        "ip": _rest_vat(project, figures, ip_context(project, lines) | rights_prices(project, figures)),
        "personal_data": [x["title"] for x in lines if x["personal_data"]],
        "personal_data_app": any(x["personal_data"] and x["program"] for x in lines),
        # hosting or the server side left out of scope: the client, not the contractor, stores the
        # users' data (152-ФЗ ч. 5 ст. 18 binds whoever records it)
        "client_hosts_data": any(w in x.lower() for x in project.brief.out_of_scope
                                 for w in ("хостинг", "размещени", "серверн", "backend", "бэкенд")),
        "venue": venue(project),
        # a private client of a business: ЗоЗПП governs, terms below it are void (ст. 16)
        "consumer": lang == "ru" and is_consumer(project.contractor, project.client),
        # a client abroad: the currency and bank charges, no withholding, ГК РФ ст. 1210 (RU)
        "abroad": {"client": abroad(project.client),
                   "currency": foreign_ru.currency_phrase(project.currency),
                   "rate_of": transfer_ru.rate_of(project.currency)},
        # a price in foreign currency: a transfer from abroad, or roubles from a payer in Russia (R8)
        "transfer": transfer_ru.transfer(project),
        "rouble_payer": transfer_ru.rouble_payer(project),
        "numbering": None,  # the section numbers the signed history fixes (render/numbering.py)
        "lines": lines,
        "subtotal": figures.subtotal,
        "vat": figures.vat,
        "total": figures.total,
        "prepayment": figures.prepayment,
        "payments": [_payment(p, by_id, lines[-1] if lines else None) | {"final": p is figures.payments[-1],
                                                                           "vat": v}
                     for p, v in zip(figures.payments, vat_by_payment(project, figures), strict=True)],
        "payment": project.payment.plain(exclude={"schedule"}),
        "obligations": project.obligations.plain(),
        "reporting": lists.adverbial(project.obligations.contractor.reporting, lang),
        "duties": {side: [lists.item(x, lang) for x in getattr(project.obligations, side).duties]
                   for side in ("client", "contractor")},
        "support": ({**project.support.plain(),
                     "includes_items": [lists.item(x, lang) for x in project.support.includes],
                     "includes_minor_work": any(w in x.lower() for x in project.support.includes
                                                for w in ("доработ", "консультац", "minor", "consult",
                                                          "advice", "small change")),
                     "rights_fee": money.to_minor(project.support.monthly_fee * project.support.rights_percent
                                                  / 100, project.currency)}
                    if project.support else None),
        "terms": project.terms.plain(),
        "law": law(project),
        # N.Y. Gen. Bus. Law §1412, N.Y.C. Admin. Code §20-928: the written contract they require
        "freelance": freelance.ny_freelance(project.contractor, jurisdiction.of(project.contractor),
                                            figures.total, project.currency),
        "date_style": date_style(project),
        "paper": jurisdiction.paper(project),
        "annexes": annexes(project),
        "calendar": project.calendar,
        "holidays": jurisdiction.holidays(project.calendar),
    }


def ip_context(project: Project, lines: list[dict]) -> dict:
    """What passes (the milestones whose rights are assigned) and what stays licensed, each
    component with its licence as a sentence names it and whether it is copyleft."""
    titles = {d.id: d.title for d in project.deliverables}
    npd = project.tax.kind == "npd"
    third = [{**c.plain(), "holder": c.holder_for(npd), "license_phrase": licenses.license_phrase(c.license),
              "stage": titles.get(c.deliverable or ""),
              "copyleft": licenses.is_copyleft(c.license), "affero": licenses.is_affero(c.license),
              **_sublicence_fee(project, c.price if c.holder_for(npd) == "contractor" else None)}
             for c in project.terms.third_party]
    fees = [c for c in third if c["fee_gross"] is not None]
    # 11.1.x in the stages' numbers: one an addendum added comes after the signed ones (ГК РФ ст. 452)
    return {"results": [x["title"] for x in sorted(lines, key=lambda x: x["n"]) if x["rights"]],
            # the sublicence fees within the price (ГК РФ ст. 1235 п. 5), with VAT as 3.1 states each
            # part of the price (review-ru4 R1): what 3.1 names apart from the works' remainder
            "sublicence_total": sum((c["fee_gross"] for c in fees), Decimal(0)) if fees else None,
            "sublicence_vat": (sum((c["fee_vat"] for c in fees), Decimal(0))
                               if fees and project.tax.vat is not None else None),
            "third_party": third,
            "copyleft": [c for c in third if c["copyleft"]],
            "affero": any(c["affero"] for c in third)}


def _rest_vat(project: Project, figures: Figures, ip: dict) -> dict:
    """`works_total` and `works_vat`: the works' remainder of the price 3.1 states (the price less
    the rights remuneration and the sublicence fees) and its VAT: with VAT within the prices its own
    X × rate / (100 + rate) (НК РФ ст. 168 п. 4, not a difference of rounded shares: review-ru3
    R2), else the VAT less theirs (review-ru4 R1). works_vat is None when 3.1 states no VAT split."""
    sub, sub_vat = ip.get("sublicence_total") or Decimal(0), ip.get("sublicence_vat") or Decimal(0)
    # the works' remainder itself, a figure of the data: what 3.1 states is read back (render/statedsums)
    ip["works_total"] = figures.total - (ip.get("rights_total") or Decimal(0)) - sub
    if figures.vat is None or ip.get("rights_vat") is None:
        ip["works_vat"] = None
    elif project.tax.prices_include_vat:
        ip["works_vat"] = money.vat_within(figures.total - ip["rights_total"] - sub, project.tax.vat,
                                           project.currency)
    else:
        ip["works_vat"] = figures.vat - ip["rights_vat"] - sub_vat
    return ip


def _sublicence_fee(project: Project, price) -> dict:
    """A sublicence fee the contractor charges: `fee_vat`, the VAT on or within it (None without VAT:
    a sublicence of a program outside the Russian registry is taxed, НК РФ пп. 26 п. 2 ст. 149 does
    not exempt it), and `fee_gross`, the fee with that VAT (None when there is no fee)."""
    if price is None:
        return {"fee_vat": None, "fee_gross": None}
    tax, cur = project.tax, project.currency
    amount = money.to_minor(price, cur)
    if tax.vat is None:
        return {"fee_vat": None, "fee_gross": amount}
    if tax.prices_include_vat:
        return {"fee_vat": money.vat_within(amount, tax.vat, cur), "fee_gross": amount}
    vat = money.vat_on(amount, tax.vat, cur)
    return {"fee_vat": vat, "fee_gross": amount + vat}


def rights_prices(project: Project, figures: Figures) -> dict:
    """`passing`: each stage whose result's exclusive right passes, with the remuneration for it
    (ГК РФ ст. 1234 п. 3) and the program it is, if any (ст. 1261); `rights_total`, `rights_vat`:
    their sums; `rights_default`: some stage gives no `rights_price`, so its whole price is stated."""
    passing = []
    for x in sorted(figures.lines, key=lambda x: x.number):  # 11.1.x by the stages' signed numbers
        d = x.deliverable
        if d.rights:
            amount, vat = rights_remuneration(project, x)
            passing.append({"id": d.id, "n": x.number, "title": d.title, "program": d.program,
                            "amount": amount, "vat": vat, "given": d.rights_price is not None})
    vats = [p["vat"] for p in passing if p["vat"] is not None]
    total = sum((p["amount"] for p in passing), Decimal(0))
    rights_vat = sum(vats, Decimal(0)) if vats else None
    rest_vat = None
    if vats and project.tax.prices_include_vat:
        # each sum «в том числе НДС» states its own VAT (НК РФ ст. 164 п. 4, ст. 168 п. 4), not the
        # sum of the stages' rounded shares, nor the rest of the price's VAT by difference (review-ru3 R2)
        rights_vat = money.vat_within(total, project.tax.vat, project.currency)
        rest_vat = money.vat_within(figures.total - total, project.tax.vat, project.currency)
    return {"passing": passing, "rights_total": total, "rights_vat": rights_vat, "rest_vat": rest_vat,
            "rights_default": any(not p["given"] for p in passing),
            "programs": [p for p in passing if p["program"]],
            "source_repository": _repository_after_noun(project.terms.source_repository)}


_REPOSITORY_NOUN = re.compile(r"^\s*(в\s+)?репозитори[йяиюе]\w*(\s+Заказчика)?\s*", re.IGNORECASE)


def _repository_after_noun(text: str) -> str:
    """RU documents print «в репозитории Заказчика <value>»: a value that opens with that noun
    («репозиторий Заказчика на GitLab») keeps only its rest, so the noun is not printed twice."""
    rest = _REPOSITORY_NOUN.sub("", text, count=1)
    return rest if rest and rest != text else text


def date_style(project: Project) -> str:
    """The date style of the project's documents (see jurisdiction.date_style)."""
    return jurisdiction.date_style(project)


def annexes(project: Project) -> dict[str, int | None]:
    """Annex numbers: scope 1, payments 2, support 3 when it is an annex (else None)."""
    as_annex = project.support is not None and project.support.document == "annex"
    return {"scope": 1, "payments": 2, "support": 3 if as_annex else None}


def line_context(x, work_start=None, country: str = "RU", lang: str = "ru") -> dict:
    """A deliverable's figures; `offset`: its deadline as the Nth working day of the work."""
    d = x.deliverable
    offset = working_days_between(work_start, x.deadline, country) if work_start else None
    start, days = x.start, d.days
    back = stated_delay(x, lang)
    if back:
        # a delay extends the stage from the start it was signed with (ГК РФ ст. 452: an addendum
        # changes the end it names, never a start already past; EN §2.4 extends the due date): the
        # same deadline, more days (compute.stated_start: the client's page and `status` agree)
        start, days = calendar.working_days_before(x.start, back, country), d.days + back
    return {**d.plain(), "n": x.number, "price": x.price, "rate": x.rate, "start": start, "days": days,
            "deadline": x.deadline, "offset": offset,
            # the fixed date as stated when it is a day off: the term ends on `deadline` (ГК РФ ст. 193)
            "agreed": getattr(x, "agreed", None),
            # a fixed `deadline:` and no days; the stages counted from it: anchor_dated
            "dated": not d.days and d.deadline is not None, "after_dated": [],
            "acceptance_items": [lists.item(a, lang) for a in d.acceptance]}


def anchor_dated(project: Project, lines: list[dict]) -> bool:
    """While the dates wait for the prepayment (start: on_prepayment): mark a stage with a fixed
    `deadline:` and no days (`dated`: its date moves by the working days the prepayment is late,
    compute.timeline) and each stage counted from it (`after_dated`: the numbers of the stages it
    follows; its days run from the day after their deadlines, not from the prepayment). True when
    any stage is dated."""
    from contractkit.model.checks import dependencies

    deps = dependencies(project)
    by_id = {x["id"]: x for x in lines}
    found = False
    for x in lines:  # listed order: a stage's predecessors come first
        follows = [by_id[d] for d in deps.get(x["id"], []) if d in by_id]
        x["after_dated"] = ([f["n"] for f in follows] if not x["dated"]
                            and any(f["dated"] or f["after_dated"] for f in follows) else [])
        found = found or x["dated"]
    return found


def working_days_between(first, last, country: str) -> int:
    """Working days from `first` to `last`, both counted: the deadline's number in the work."""
    day, count = calendar.first_working_day(first, country), 0
    while day <= last:
        count += 1
        day = calendar.next_working_day(day, country)
    return count


def _buyer(client) -> str:
    """Who a self-employed contractor's receipt names (words/tax.npd_receipt_clause)."""
    if foreign_ru.abroad(client):
        return "foreign"
    return "person" if client.kind in ("individual", "self_employed") else "russian"


def tax_context(project: Project, lang: str) -> dict:
    """The regime and its wording, built once here so no template recases or rewords it."""
    t = project.tax
    kkt = lang == "ru" and t.kind != "npd" and is_consumer(project.contractor, project.client)
    sentence = tax.no_vat_sentence(t, project.contract.date.year, lang)
    return {**t.plain(), "kind": t.kind, "exempt": bool(sentence), "sentence": sentence,
            "vat_label": tax.vat_label(t, lang) if t.vat is not None else "",
            "receipt": tax.npd_receipt_clause(lang, _buyer(project.client), project.currency)
                       if t.kind == "npd" else kkt_receipt_clause() if kkt else "",
            # 54-ФЗ ст. 1.2, 4.7: a business paid by a consumer sends a кассовый чек (review-ru5 R12)
            "kkt": KKT_INVOICE if kkt else "",
            "status": tax.npd_status_clause(lang, is_female(project.contractor)) if t.kind == "npd" else "",
            "exemption_loss": tax.exemption_loss_clause(t, project.contract.date.year, lang,
                                                       project.contract.type == "services",
                                                       foreign_ru.abroad(project.client)),
            "vat_invoice": tax.vat_invoice_clause(t, lang, services=project.contract.type == "services",
                                                  rights_later=rights_later(project)),
            "vat_invoice_act": tax.vat_invoice_clause(t, lang, "act"),
            # ip_transfer: full_payment: a works act's and the rights act's own (review-ru5 R17)
            "vat_invoice_works": tax.vat_invoice_clause(t, lang, "works",
                                                        project.contract.type == "services"),
            "vat_invoice_rights": tax.vat_invoice_clause(t, lang, "rights"),
            "vat_invoice_bill": tax.vat_invoice_clause(t, lang, "invoice")}


def venue(project: Project) -> dict:
    """The court as the sentences need it: «передаются на рассмотрение в …» takes the accusative.

    `general`: a court of general jurisdiction is named (a natural person is a party); an agreement
    changes only its territorial jurisdiction (ГПК РФ ст. 32), so a мировой судья is left to the
    ГПК's own rules rather than named by a district nobody typed. `consumer`: the client is a
    private individual, whose choice of court no clause may restrict (Закон РФ «О защите прав
    потребителей» ст. 16 п. 2, ст. 17 п. 2; ГПК РФ ст. 29 ч. 7): the contract names no court."""
    d = project.terms.disputes
    if project.language != "ru":
        return {"nominative": d.venue, "accusative": d.venue}
    name = d.venue[2:] if d.venue.lower().startswith("в ") else d.venue  # typed with its «в»
    court = d.forum == "court"
    general = court and "арбитражн" not in name.lower() and any(
        p.kind in ("self_employed", "individual") for p in (project.contractor, project.client))
    return {"nominative": name, "accusative": d.venue_accusative or courts.court_case(name, "accs"),
            "locative": courts.court_case(name, "loct") if general else "",
            "genitive": courts.court_case(name, "gent") if general else "",
            "general": general, "consumer": court and project.client.kind == "individual",
            "abroad": abroad(project.client), "district_town": ""}


def abroad(party) -> bool:
    """The party is located outside the RF (a foreign company, or a country other than RU): no
    судебный приказ lies against it (АПК РФ ст. 229.4 ч. 3 п. 3, ГПК РФ ст. 125 ч. 1 п. 4)."""
    return foreign_ru.abroad(party)


def vat_by_payment(project: Project, figures: Figures) -> list:
    """The VAT within each payment of the contract's schedule (see vat_within_each)."""
    return vat_within_each(project, figures.vat, [p.amount for p in figures.payments])


def vat_within_each(project: Project, vat, amounts: list) -> list:
    """The VAT within each payment (НК РФ п. 4 ст. 168: a VAT payer states it in every settlement
    document), the last taking the remainder so the lines add up to the total's VAT; None each
    when no VAT is charged."""
    if vat is None or not amounts:
        return [None] * len(amounts)
    head = [money.vat_within(a, project.tax.vat, project.currency) for a in amounts[:-1]]
    return head + [vat - sum(head, Decimal(0))]


def _payment(p, lines: dict, last: dict | None = None) -> dict:
    """`line`: the milestone whose acceptance triggers the payment; for `on: launch`, the last one,
    so English documents say "after acceptance of Milestone 4 (Launch …)", not an undefined "launch"."""
    inst = p.installment
    line = lines.get(inst.deliverable) if inst.deliverable else (last if inst.on == "launch" else None)
    return {**inst.plain(), "n": p.number, "amount": p.amount, "due": p.due,
            "planned": p.event_planned, "days": p.days, "line": line, "of_original": False}
