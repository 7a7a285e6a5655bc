"""The context templates see: plain values computed from a project, grammar already agreed.

Templates get dicts, lists, strings, dates and Decimals only, never model objects.
"""

from __future__ import annotations

from contractkit.compute import Figures, compute
from contractkit.model import Party, Project
from contractkit.model.parties import Signatory
from contractkit.words import fmt, names

KIND_RU = {
    "company": "", "foreign_company": "",
    "sole_proprietor": "Индивидуальный предприниматель",
    "self_employed": "Гражданин", "individual": "Гражданин",
}
NAMED_RU = {"masc": "именуемый", "femn": "именуемая", "neut": "именуемое", "plur": "именуемые"}
ACTING_RU = {"male": "действующего", "female": "действующей"}


def build(project: Project, figures: Figures | None = None) -> dict:
    """Everything a document template needs, for one project version."""
    figures = figures or compute(project)
    lang = project.language
    lines = [line_context(x) for x in figures.lines]
    by_id = {x["id"]: x for x in lines}
    return {
        "lang": lang,
        "title": project.title,
        "currency": project.currency,
        "contract": {
            **project.contract.model_dump(),
            "start": figures.start,
            "completion": figures.completion,
            "services": project.contract.type == "services",
        },
        "contractor": party(project.contractor, lang),
        "client": party(project.client, lang),
        "tax": project.tax.model_dump(),
        "brief": project.brief.model_dump(),
        "lines": lines,
        "subtotal": figures.subtotal,
        "vat": figures.vat,
        "total": figures.total,
        "prepayment": figures.prepayment,
        "payments": [_payment(p, by_id) for p in figures.payments],
        "payment": project.payment.model_dump(exclude={"schedule"}),
        "obligations": project.obligations.model_dump(),
        "support": project.support.model_dump() if project.support else None,
        "terms": project.terms.model_dump(),
        "annexes": annexes(project),
        "calendar": project.calendar,
    }


def annexes(project: Project) -> dict[str, int | None]:
    """Annex numbers: scope 1, payments 2, support 3 when it is an annex (else None)."""
    as_annex = project.support is not None and project.support.document == "annex"
    return {"scope": 1, "payments": 2, "support": 3 if as_annex else None}


def line_context(x) -> dict:
    d = x.deliverable
    return {**d.model_dump(), "n": x.number, "price": x.price, "rate": x.rate, "start": x.start,
            "deadline": x.deadline}


def _payment(p, lines: dict) -> dict:
    inst = p.installment
    return {**inst.model_dump(), "n": p.number, "amount": p.amount, "due": p.due,
            "planned": p.event_planned, "days": p.days,
            "line": lines.get(inst.deliverable) if inst.deliverable else None}


def party(p: Party, lang: str) -> dict:
    signer = p.signer
    out = {
        **p.model_dump(exclude={"signatory", "bank"}),
        "short": p.short_name or (f"ИП {p.name}" if lang == "ru" and p.kind == "sole_proprietor"
                                  else p.name),
        "is_person": p.is_person,
        "bank": p.bank.model_dump() if p.bank else None,
        "signer": {**signer.model_dump(), "initials": initials(signer.name, lang)},
        "has_signatory": p.signatory is not None,
    }
    if lang == "ru":
        out.update(_ru_party(p, signer))
    return out


def _ru_party(p: Party, signer: Signatory) -> dict:
    """Preamble wording with grammatical agreement: «именуемое», «в лице …», «действующей»."""
    gender = signer.gender or names.guess_gender(signer.name) or "male"
    if p.is_person:
        person_gender = p.signatory.gender if p.signatory and p.signatory.gender else gender
        kind = KIND_RU[p.kind]
        if kind == "Гражданин" and person_gender == "female":
            kind = "Гражданка"
        full = f"{kind} {p.name}"
        if p.kind == "self_employed":
            applying = "применяющая" if person_gender == "female" else "применяющий"
            full += (f", {applying} специальный налоговый режим «Налог на профессиональный доход»")
        named = NAMED_RU["femn" if person_gender == "female" else "masc"]
    else:
        full = p.name + (f" ({p.short_name})" if p.short_name and p.short_name != p.name else "")
        named = NAMED_RU[names.grammatical_gender(p.name)]
    in_person = ""
    if p.signatory and p.signatory.basis != "self":
        position = signer.position_genitive or names.genitive_position(signer.position)
        person = signer.name_genitive or names.genitive_name(signer.name, gender)
        in_person = f"в лице {position} {person}, {ACTING_RU[gender]} на основании {_basis_ru(signer)}"
    return {"full": full, "named": named, "in_person": in_person, "gender": gender}


def _basis_ru(signer: Signatory) -> str:
    if signer.basis == "charter":
        return "Устава"
    when = f" от {fmt.long_date(signer.attorney_date, 'ru')}" if signer.attorney_date else ""
    return f"доверенности № {signer.attorney_number}{when}"


def initials(full_name: str, lang: str) -> str:
    """«Соколов Андрей Викторович» -> «А. В. Соколов»; English names stay as written."""
    parts = full_name.split()
    if lang != "ru" or len(parts) < 2:
        return full_name
    letters = " ".join(f"{w[0]}." for w in parts[1:3] if w[:1].isalpha())
    return f"{letters}\u00a0{parts[0]}"
