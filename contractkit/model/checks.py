"""Rules that span several fields; each problem comes back with the path it belongs to."""

from __future__ import annotations

from decimal import Decimal

from contractkit.model.project import Project

Loc = tuple[str | int, ...]


def cross_check(project: Project) -> list[tuple[Loc, str]]:
    """Every cross-field problem of a structurally valid project, in file order."""
    scope = _deliverable_problems(project)
    return [*_tax_problems(project), *_contact_problems(project), *scope,
            *_payment_problems(project), *_third_party_problems(project), *_account_currency(project)]


# Digits 6-8 of a Russian account number are its currency (Положение Банка России № 809-П,
# Part II, 1.2): 810 (643) roubles, 978 euros, 840 US dollars…
ACCOUNT_CURRENCY = {"810": "RUB", "643": "RUB", "978": "EUR", "840": "USD", "156": "CNY", "826": "GBP",
                    "756": "CHF", "398": "KZT", "933": "BYN", "784": "AED", "949": "TRY", "356": "INR",
                    "392": "JPY", "344": "HKD", "051": "AMD", "860": "UZS", "417": "KGS", "944": "AZN"}


def _account_currency(project: Project) -> list[tuple[Loc, str]]:
    """The contractor's Russian account must hold the contract's currency: a euro transfer to a
    rouble account is returned or converted at the bank's rate, so «расчёты … в евро» to it
    cannot be performed as written."""
    bank = project.contractor.bank
    if bank is None or not bank.bik or len(bank.account) != 20 or not bank.account.isdigit():
        return []
    held = ACCOUNT_CURRENCY.get(bank.account[5:8])
    if held is None or held == project.currency:
        return []
    return [(("contractor", "bank", "account"), f"{bank.account[:8]}… is a {held} account (currency code "
             f"{bank.account[5:8]} in digits 6-8), but the contract is in {project.currency}: give the "
             f"account that holds {project.currency}, or change currency")]


def _third_party_problems(project: Project) -> list[tuple[Loc, str]]:
    """A sublicence's fee is within a stage's price: that stage exists."""
    ids = {d.id for d in project.deliverables}
    return [(("terms", "third_party", i, "deliverable"), f"no deliverable with id {c.deliverable!r}")
            for i, c in enumerate(project.terms.third_party) if c.deliverable and c.deliverable not in ids]


def _contact_problems(project: Project) -> list[tuple[Loc, str]]:
    """The clauses that rely on a party's address: the channels clause names each side's e-mail or
    messenger, and the simple electronic signature clause (ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 п. 2)
    is the e-mail address itself; without it the contract prints «с адреса .»."""
    out: list[tuple[Loc, str]] = []
    for role, party in (("contractor", project.contractor), ("client", project.client)):
        if party.email:
            continue
        if project.terms.electronic_exchange:
            out.append(((role,), f"no {role}.email: the electronic signature clause "
                        "(terms.electronic_exchange) signs documents by the parties' e-mail addresses; "
                        "add the address or write electronic_exchange: false"))
        elif not party.messenger:
            out.append(((role,), f"no {role}.email and no {role}.messenger: the clause on notices "
                        "names no channel for this party's messages"))
    return out


def _tax_problems(project: Project) -> list[tuple[Loc, str]]:
    """A regime the contractor cannot have (НПД is for persons only, 422-ФЗ ст. 4)."""
    kind, regime = project.contractor.kind, project.tax.kind
    if regime == "npd" and kind in ("company", "foreign_company"):
        return [(("tax", "regime"), f"regime npd (налог на профессиональный доход) is for a person; "
                 f"the contractor is a {kind.replace('_', ' ')}")]
    if kind == "self_employed" and regime not in (None, "npd"):
        return [(("tax", "regime"), f"a self-employed contractor pays НПД and no VAT (422-ФЗ): "
                 f"regime {regime} is impossible; write regime: npd")]
    return []


def _deliverable_problems(project: Project) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    for i, d in enumerate(project.deliverables):
        if d.id in seen:
            problems.append(
                (("deliverables", i, "id"), f"duplicate id {d.id!r} (also deliverables[{seen[d.id]}])")
            )
        seen.setdefault(d.id, i)
        if d.rights_price is not None:
            price = d.price if d.price is not None else d.hours * (d.rate or project.payment.hourly_rate or 0)
            if d.rights_price > price:
                problems.append((("deliverables", i, "rights_price"), f"rights_price {d.rights_price} is "
                                 f"more than the stage's price {price}: it is a part of that price"))
        for j, dep in enumerate(d.after or []):
            if dep not in seen and dep not in {x.id for x in project.deliverables}:
                problems.append((("deliverables", i, "after", j), f"no deliverable with id {dep!r}"))
            elif dep == d.id:
                problems.append((("deliverables", i, "after", j), "a deliverable cannot follow itself"))
        if d.hours is not None and d.rate is None and project.payment.hourly_rate is None:
            problems.append(
                (("deliverables", i, "hours"), "priced in hours but there is no rate "
                 "(set rate here or payment.hourly_rate)")
            )
        if d.deadline is not None and d.deadline < project.contract.start_date:
            problems.append(
                (("deliverables", i, "deadline"),
                 f"deadline {d.deadline} is before the start of work {project.contract.start_date}")
            )
    if not problems:
        cycle = find_cycle(project)
        if cycle:
            i = next(i for i, d in enumerate(project.deliverables) if d.id == cycle[0])
            problems.append((("deliverables", i, "after"), "dependency cycle: " + " -> ".join(cycle)))
    return problems


def find_cycle(project: Project) -> list[str]:
    """The first dependency cycle among deliverables, as ids ending where it starts; [] if none."""
    deps = dependencies(project)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for dep in deps[node]:
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for d in project.deliverables:
        if d.id not in state and (found := visit(d.id)):
            return found
    return []


def dependencies(project: Project) -> dict[str, list[str]]:
    """Each deliverable's predecessors; by default the one listed before it."""
    deps: dict[str, list[str]] = {}
    previous: str | None = None
    for d in project.deliverables:
        if d.after is not None:
            deps[d.id] = list(d.after)
        else:
            deps[d.id] = [previous] if previous else []
        previous = d.id
    return deps


def _payment_problems(project: Project) -> list[tuple[Loc, str]]:
    """Installments: known deliverables, 100% in all (fixed amounts within the total: compute.py)."""
    problems: list[tuple[Loc, str]] = []
    schedule = project.payment.schedule
    ids = {d.id for d in project.deliverables}
    for i, inst in enumerate(schedule):
        if inst.deliverable and inst.deliverable not in ids:
            problems.append(
                (("payment", "schedule", i, "deliverable"), f"no deliverable with id {inst.deliverable!r}")
            )
        final = i == len(schedule) - 1 and len(schedule) > 1
        if inst.on == "date" and inst.date < project.contract.start_date and (inst.deliverable or final):
            problems.append(
                (("payment", "schedule", i, "date"),
                 f"{inst.date} is before work on {inst.deliverable or 'the project'!r} can start "
                 f"({project.contract.start_date}): a payment cannot fall due before the work it pays for")
            )
    percent = sum((inst.percent or Decimal(0) for inst in schedule), Decimal(0))
    if all(inst.percent is not None for inst in schedule):
        if percent != 100:
            problems.append(
                (("payment", "schedule"), f"installments add up to {percent}%, not 100%")
            )
    return problems
