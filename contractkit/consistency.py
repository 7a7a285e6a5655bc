"""Warnings about terms that contradict each other: the kind a lawyer finds on a careful read.

Each function takes a valid project (and its figures) and returns (location, message) pairs;
lint.py gathers them for `check`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from contractkit.compute import Figures, prepayment_due
from contractkit.model import Project
from contractkit.model.checks import Loc
from contractkit.model.tax import NPD_YEARLY_LIMIT, USN_REDUCED_RATES, general_rate, usn_limit

QUANTITY = re.compile(r"(\d+)\s+([A-Za-zА-Яа-яЁё]+)")
BRIEF_REF = re.compile(r"(?:(?P<en>[\w\s-]+?)\s+(?:listed|described|specified|set out|named) in the brief)"
                       r"|(?:(?P<ru>[\w\s-]+?)\s*,?\s+(?:указанн|перечисленн|описанн)\w*\s+в\s+брифе)",
                       re.I)


def tax_limits(project: Project, figures: Figures) -> list[tuple[Loc, str]]:
    """НПД income over 2.4 mln ₽ a year (422-ФЗ ст. 4); УСН over the ст. 145 exemption limit."""
    kind, year = project.tax.kind, project.contract.date.year
    before = project.tax.income_this_year or Decimal(0)
    if project.currency != "RUB":  # the limits are in roubles: never add euros to them (review-ru4 R9)
        counted = project.tax.income_this_year is not None  # the user keeps count: say why we cannot
        if counted and (kind == "npd" or (kind == "usn" and project.tax.vat is None)):
            what = ("НПД limit (422-ФЗ ст. 4)" if kind == "npd"
                    else "limit of the VAT exemption (НК РФ ст. 145)")
            return [(("tax",), f"the {what} is in roubles: this contract's {figures.total} "
                     f"{project.currency} counts at the Bank of Russia rate of each day a payment "
                     "arrives, which contractkit does not know; income before it "
                     f"(tax.income_this_year, roubles): {_rub(before)}; keep count in «Мой налог» or the "
                     "tax ledger")]
        return []
    income = before + figures.total
    if kind == "npd" and income > NPD_YEARLY_LIMIT:
        return [(("tax",), f"income this year with this contract, {_rub(income)}, passes the НПД "
                 f"limit of {_rub(NPD_YEARLY_LIMIT)} (422-ФЗ ст. 4): the contractor would lose НПД")]
    limit = usn_limit(year)
    if kind == "usn" and project.tax.vat is None and limit is not None and income > limit:
        return [(("tax",), f"income this year with this contract, {_rub(income)}, passes the "
                 f"{_rub(limit)} limit of the VAT exemption for {year} (НК РФ ст. 145): "
                 "charge VAT (vat: 5, 7 or 22)")]
    return []


def advance_in_installments(project: Project, figures: Figures) -> list[tuple[Loc, str]]:
    """Russian projects of a VAT payer: installments due on the acceptance of stages that, added
    up, pass the value of the work accepted by then less the part of it the prepayment covers (the
    acts offset the prepayment in proportion) are paid ahead of the work: an advance the acts never
    offset, on which an advance счёт-фактура is owed (НК РФ ст. 154 п. 1, 168 п. 3, 172 п. 6).
    `check` names the first such installment (review-ru4 R11)."""
    if project.language != "ru" or project.tax.vat is None or not figures.lines or not figures.total:
        return []  # without VAT an installment paid ahead is only a matter of the acts' wording
    share = figures.total / figures.subtotal if figures.subtotal else Decimal(1)
    prepaid = sum((p.amount for p in figures.payments if p.installment.on == "signing"), Decimal(0))
    left = 1 - prepaid / figures.total  # of each act, the part the prepayment does not cover
    due = done = Decimal(0)
    for line in figures.lines:
        done += line.price * share * left
        tied = [p for p in figures.payments if p.installment.on == "acceptance"
                and p.installment.deliverable == line.deliverable.id]
        due += sum((p.amount for p in tied), Decimal(0))
        if tied and due > done + Decimal("0.01"):
            worth = _rub(done.quantize(Decimal("0.01")))
            return [(("payment", "schedule", tied[0].number - 1),
                     f"installment {tied[0].number}, due on the acceptance of «{line.deliverable.id}», "
                     f"brings the installments due on acceptance by then to {_rub(due)} against {worth} of "
                     "accepted work the prepayment does not cover: the excess is an advance the acts do not "
                     "offset (НК РФ ст. 154, 172 п. 6); tie it to a later stage or lower it")]
    return []


def _rub(amount: Decimal) -> str:
    """«2 450 000,00 ₽», as `status` prints money (grouped, decimal comma)."""
    from contractkit.words import fmt

    return fmt.money(Decimal(amount), "RUB", "ru")


def vat_rate_in_force(project: Project) -> list[tuple[Loc, str]]:
    """A general rate that is not the one in force on the contract date (20% → 22% in 2026)."""
    tax, year = project.tax, project.contract.date.year
    if project.language != "ru" or tax.vat is None or tax.kind == "foreign":
        return []
    rate = general_rate(year)
    if tax.vat in (rate, Decimal(10), Decimal(0)) or tax.vat in USN_REDUCED_RATES:
        return []
    return [(("tax", "vat"), f"VAT {tax.vat}% is not a Russian rate in {year}: the general rate is "
             f"{rate}% (НК РФ ст. 164 п. 3), reduced 10% or 0%, on УСН 5% or 7%")]


def court_fits_parties(project: Project) -> list[tuple[Loc, str]]:
    """An arbitrazh court hears disputes of organisations and ИП only (АПК РФ ст. 27); a
    self-employed person or a private individual goes to a court of general jurisdiction."""
    d = project.terms.disputes
    if project.language == "ru" and d.forum == "arbitration" and not d.venue.strip():
        return [(("terms", "disputes", "venue"), "Russian documents name the arbitral institution "
                 "(«Третейский суд …»): give it in terms.disputes.venue")]
    if project.language != "ru" or d.forum != "court":
        return []
    persons = [p for p in (project.contractor, project.client) if p.kind in ("self_employed", "individual")]
    arbitrazh = "арбитражн" in d.venue.lower()
    if persons and arbitrazh:
        return [(("terms", "disputes", "venue"), f"{d.venue} hears disputes of organisations and "
                 f"ИП only (АПК РФ ст. 27), but {persons[0].display_name} is a "
                 f"{persons[0].kind.replace('_', ' ')}: name a court of general jurisdiction")]
    if not persons and not arbitrazh and "суд" in d.venue.lower():
        return [(("terms", "disputes", "venue"), f"both parties are organisations or ИП: their "
                 f"disputes go to an arbitrazh court (АПК РФ ст. 27), not {d.venue}")]
    return []


def contract_type_fit(project: Project) -> list[tuple[Loc, str]]:
    """A result whose exclusive rights pass to the client reads as подряд (ГК РФ гл. 37), not services.
    An English contract assigns the deliverables under its IP section whatever its type, which only
    names the work ("Work" or "Services"): nothing to warn about."""
    if project.language != "ru":
        return []
    results = [d.id for d in project.deliverables if d.rights]
    if project.contract.type == "work":
        if results:
            return []
        return [(("contract", "type"), "type work (подряд), but no deliverable creates a result "
                 "(every one has rights: false): consider type: services (ГК РФ гл. 39)")]
    if not results:
        return []
    return [(("contract", "type"), "type services, but deliverables " + ", ".join(results) + " are "
             "results whose exclusive rights pass to the client: a court may treat the contract as "
             "подряд (ГК РФ гл. 37); consider type: work, or set rights: false where nothing is created")]


def start_after_signing(project: Project) -> list[tuple[Loc, str]]:
    start = project.contract.start
    if hasattr(start, "year") and start < project.contract.date:
        return [(("contract", "start"), f"work starts {start}, before the contract date "
                 f"{project.contract.date}: work done before signing is unpaid at your risk")]
    return []


def start_before_deposit(project: Project, signed_on=None) -> list[tuple[Loc, str]]:
    """A fixed start that a deposit paid on time may still move: the contract starts work on the
    later of the start and the day the deposit arrives (EN 2.1; RU 2.1: the dates move by the days
    between the start and its arrival; compute.work_start), so a deposit due after the start moves
    every date of Exhibit 1 although the client paid on time. `signed_on`: the day it was signed,
    from which the deposit's term runs (`sign` warns with it; `check` counts from the contract date)."""
    start = project.contract.start
    if not hasattr(start, "year") or not any(i.on == "signing" for i in project.payment.schedule):
        return []
    due = prepayment_due(project, signed_on)
    if due <= start:
        return []
    return [(("contract", "start"), f"work starts {start}, but the deposit is due as late as {due}: a "
             "deposit paid on time then moves every deadline "
             f"({'Section' if project.language == 'en' else 'clause'} 2.1 of the contract); set "
             f"contract.start after {due}, or start: on_prepayment")]


def payments_before_work(project: Project, figures: Figures) -> list[tuple[Loc, str]]:
    """An installment on a fixed date that falls before the work it pays for is planned to finish."""
    out: list[tuple[Loc, str]] = []
    last = len(figures.payments) - 1
    for i, p in enumerate(figures.payments):
        inst = p.installment
        if inst.on != "date" or p.due is None:
            continue
        if inst.deliverable:
            finish, what = figures.line(inst.deliverable).deadline, f"deliverable {inst.deliverable}"
        elif i == last:
            finish, what = figures.completion, "the whole work"
        else:
            continue
        if p.due < finish:
            out.append((("payment", "schedule", i, "date"),
                        f"payment {p.number} falls due {p.due}, before {what} is planned to finish "
                        f"({finish}): no installment should fall due before the work it pays for"))
    return out


def quantities_match(project: Project) -> list[tuple[Loc, str]]:
    """«20 страниц» in the materials when the content deliverable now says 30."""
    counted: dict[str, dict[str, set[int]]] = {}
    for d in project.deliverables:
        for number, unit in QUANTITY.findall(d.title):
            counted.setdefault(_stem(unit), {}).setdefault(d.id, set()).add(int(number))
    out: list[tuple[Loc, str]] = []

    def check(loc: Loc, text: str, own: str | None) -> None:
        for number, unit in QUANTITY.findall(text):
            by_deliverable = counted.get(_stem(unit))
            if not by_deliverable:
                continue
            allowed = (by_deliverable[own] if own in by_deliverable
                       else set().union(*by_deliverable.values()))
            if int(number) not in allowed:
                have = ", ".join(f"{n} {unit}" for n in sorted(allowed))
                out.append((loc, f"mentions {number} {unit}, but the deliverable titles say {have}: "
                                 "update it to match the changed deliverable"))

    for j, m in enumerate(project.brief.materials):
        check(("brief", "materials", j, "what"), m.what, None)
    for i, d in enumerate(project.deliverables):
        for j, criterion in enumerate(d.acceptance):
            check(("deliverables", i, "acceptance", j), criterion, d.id)
    return out


def brief_references(project: Project) -> list[tuple[Loc, str]]:
    """Acceptance criteria that point at brief items the brief does not contain."""
    brief = project.brief
    texts = [*brief.goals, *brief.requirements, *brief.constraints, brief.audience,
             *(m.what for m in brief.materials)]
    haystack = " ".join(texts).lower()
    out: list[tuple[Loc, str]] = []
    for i, d in enumerate(project.deliverables):
        for j, criterion in enumerate(d.acceptance):
            for match in BRIEF_REF.finditer(criterion):
                phrase = (match.group("en") or match.group("ru") or "").strip()
                words = [w for w in re.findall(r"\w+", phrase.lower()) if len(w) > 3][-2:]
                if not words or not all(_stem(w) in haystack for w in words):
                    out.append((("deliverables", i, "acceptance", j),
                                f"refers to {phrase!r} in the brief, but the brief lists none: "
                                "add them to brief.requirements or state the criterion itself"))
    return out


def _stem(word: str) -> str:
    """A crude stem that matches «страниц»/«страницы»/«страница» and "pages"/"page"."""
    word = word.lower()
    if re.fullmatch(r"[a-z]+", word):
        return word[:-1] if word.endswith("s") else word
    return word[: max(4, len(word) - 2)]


REQUISITES = {"company": ("address", "inn", "kpp", "ogrn"), "sole_proprietor": ("address", "inn", "ogrnip"),
              "self_employed": ("inn",)}
"""The requisites a Russian party of each kind is identified by in the contract's requisites."""
BANK = ("name", "account", "bik", "correspondent_account")


def blank_requisites(project: Project) -> list[tuple[Loc, str]]:
    """Requisites still blank ("" in project.yaml: the documents print «________» to fill in by
    hand), and a Russian party with no ИНН at all."""
    if project.language != "ru":
        return []
    out: list[tuple[Loc, str]] = []
    for role in ("contractor", "client"):
        party = getattr(project, role)
        for field in REQUISITES.get(party.kind, ()):
            value = getattr(party, field)
            if value == "":
                out.append(((role, field), f"{role}.{field} is blank: the documents print «________» "
                            "for it to be filled in by hand"))
            elif value is None and field == "inn":
                out.append(((role,), f"the {role} is a {party.kind.replace('_', ' ')} with no ИНН "
                            f"({role}.inn): write it, or inn: \"\" to leave a blank to fill in by hand"))
        if party.bank is not None:
            for field in BANK:
                if getattr(party.bank, field) == "":
                    out.append(((role, "bank", field), f"{role}.bank.{field} is blank: the documents "
                                "print «________» for it to be filled in by hand"))
    return out
