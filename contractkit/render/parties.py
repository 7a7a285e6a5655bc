"""The parties as documents need them: names, the preamble's «именуемый … в лице …», requisites,
signatories' initials (moved out of render/context.py, which builds the rest of a document's context)."""

from __future__ import annotations

from contractkit.model import Party
from contractkit.model.parties import Signatory
from contractkit.words import fmt, foreign_ru, jurisdiction, names
from contractkit.words.salutation import salutation

KIND_RU = {
    "company": "", "foreign_company": "", "self_employed": "",
    "sole_proprietor": "индивидуальный предприниматель", "individual": "гражданин",
}
NAMED_RU = {"masc": "именуемый", "femn": "именуемая", "neut": "именуемое", "plur": "именуемые"}
ACTING_RU = {"male": "действующего", "female": "действующей"}


def is_female(p: Party) -> bool:
    return p.is_person and person_gender(p) == "female"


def person_gender(p: Party) -> str:
    """A natural person's own gender: the signatory's only when the person signs (basis self);
    a representative's gender says nothing of the person's («не состояла», «созданы ею»)."""
    signer = p.signatory
    if signer and signer.basis == "self" and signer.gender:
        return signer.gender
    own = signer.gender if signer and signer.basis == "self" else ""
    return names.guess_gender(p.name) or own or "male"


def party(p: Party, lang: str, npd: bool = False) -> dict:
    """A party as templates need it; `npd`: the party applies НПД (a self-employed person, or a
    sole proprietor on НПД, 422-ФЗ ст. 2)."""
    signer = p.signer
    out = {
        **p.plain(exclude={"signatory", "bank"}),
        # "d/b/a" is American; English drafting writes "trading as" (review-en2, E10)
        "dba": (f"{p.name}, {'trading as' if jurisdiction.region(jurisdiction.of(p)) == 'UK' else 'd/b/a'} "
                f"{p.trade_name}") if p.trade_name and lang == "en" else p.name,
        "short": p.short_name or (f"ИП {names.without_legal_form(p.name)}"
                                  if lang == "ru" and p.kind == "sole_proprietor" else p.name),
        "is_person": p.is_person,
        "bank": {**p.bank.plain(), "iban": jurisdiction.is_iban(p.bank.account)} if p.bank else None,
        "signer": {**signer.plain(), "initials": initials(signer.name, lang)},
        "has_signatory": p.signatory is not None,
        "contact": p.contact_person or signer.name,
        "account_word": account_word(p.bank.account if p.bank else "", p.kind),
        "disclosure": jurisdiction.trading_disclosure(p) if lang == "en" else "",
        "company_number": jurisdiction.company_number(p) if lang == "en" else "",
        "registered_in": jurisdiction.place(jurisdiction.of(p)) if lang == "en" else "",
        "region": jurisdiction.region(jurisdiction.of(p)),
        "vat_id": p.vat_id,
        "postal": jurisdiction.postal_address(p.address, jurisdiction.of(p)) if lang == "en" else p.address,
    }
    if lang == "ru":
        out.update(_ru_party(p, signer, npd or p.kind == "self_employed"))
    else:  # whom a letter greets, in US and British style (words/salutation.py)
        us, uk = (salutation(signer.name, signer.gender, p.contact_person, british)
                  for british in (False, True))
        out["greeting"] = {"us": us["name"], "uk": uk["name"], "contact": us["contact"]}
    return out


PERSONAL_ACCOUNTS = ("40817", "40820", "423", "426")
"""Balance accounts of natural persons (Положение Банка России № 809-П): a «счёт», not a
«расчётный счёт», which is an organisation's (40702…) or an ИП's (40802)."""


def account_word(account: str, kind: str = "") -> str:
    """«счёт» for a personal account (40817…), «расчётный счёт» for a settlement account; an
    account not known yet is an organisation's or ИП's settlement account, a person's own."""
    if not account:
        return "расчётный счёт" if kind in ("company", "sole_proprietor") else "счёт"
    return "счёт" if account.startswith(PERSONAL_ACCOUNTS) else "расчётный счёт"


def _ru_party(p: Party, signer: Signatory, npd: bool = False) -> dict:
    """Preamble wording with grammatical agreement: «именуемое», «в лице …», «действующей»."""
    gender = signer.gender or names.guess_gender(signer.name) or "male"
    if p.is_person:
        own = person_gender(p)
        kind = KIND_RU[p.kind]
        if kind == "гражданин" and own == "female":
            kind = "гражданка"
        # the legal form is added here, never twice: «ИП Смирнов …» typed as the name is bare
        bare = names.without_legal_form(p.name) if p.kind == "sole_proprietor" else p.name
        full = f"{kind} {bare}".strip()
        preamble = full + (f" (ОГРНИП {p.ogrnip})" if p.ogrnip else "")
        if npd:
            applying = "применяющая" if own == "female" else "применяющий"
            regime = f", {applying} специальный налоговый режим «Налог на профессиональный доход»"
            full, preamble = full + regime, preamble + regime
        named = NAMED_RU["femn" if own == "female" else "masc"]
    else:
        full = preamble = p.name + (f" ({p.short_name})" if p.short_name and p.short_name != p.name
                                    else "")
        named = NAMED_RU[names.grammatical_gender(p.name)]
        if p.kind == "foreign_company":
            # a company abroad is known by its country and its own register's number (review-ru2 R7.12)
            label, number = foreign_ru.registration(p)
            typed = number if label == "Рег. номер" else f"{label} {number}".strip()
            where = ", ".join(x for x in (foreign_ru.country_name_ru(p), typed) if x)
            preamble += f" ({where})" if where else ""
        if p.kind == "foreign_company" and not _cyrillic(p.name):
            # «Möbelhaus Weber GmbH» has no Russian noun to agree with: «компания …, именуемая»
            preamble, named = f"компания {preamble}", NAMED_RU["femn"]
    in_person = ""
    if p.signatory and p.signatory.basis != "self":
        position = signer.position_genitive or names.genitive_position(signer.position)
        person = signer.name_genitive or names.genitive_name(signer.name, gender)
        basis = _basis_ru(signer, p.kind)
        if p.kind == "foreign_company":  # «в лице управляющего директора (Geschäftsführerin)» (R19)
            position = foreign_ru.position_genitive(signer.position_genitive, signer.position) or position
            if signer.name_genitive and foreign_ru.latin(signer.name):
                person = f"{signer.name_genitive} ({signer.name})"
            if signer.basis == "charter":
                basis = foreign_ru.register_basis(p) or basis
        in_person = f"в лице {position} {person}, {ACTING_RU[gender]} на основании {basis}"
    elif p.kind == "sole_proprietor":  # an ИП signs in its own name (ГК РФ ст. 23)
        acting = "действующая" if person_gender(p) == "female" else "действующий"
        in_person = f"{acting} от своего имени"
    # full: the name with its legal form, lower case mid-sentence («индивидуальный предприниматель»);
    # preamble: the same with the ОГРНИП in its place; *_first: to start a sentence.
    label, number = foreign_ru.registration(p)
    # a letter to an organisation goes to its head by name: «Генеральному директору ООО «Ромашка»
    # Кузнецовой Марине Сергеевне»
    to = ""
    if p.kind == "foreign_company" and p.signatory and signer.position:
        # a foreign position and name are not declined: «Kaffee Nord GmbH, Geschäftsführerin Anna Schmidt»
        to = f"{p.short_name or p.name}, {signer.position} {signer.name}"
    elif p.signatory and p.signatory.basis != "self" and signer.position and not p.is_person:
        to = (f"{names.dative_position(signer.position)} {p.short_name or p.name} "
              f"{names.dative_name(signer.name, gender)}")
    elif p.kind == "sole_proprietor":  # «Кому: индивидуальному предпринимателю Смирнову Олегу …»
        bare = names.without_legal_form(p.name)
        to = (f"индивидуальному предпринимателю {names.dative_name(bare, person_gender(p))}"
              + (f" (ОГРНИП {p.ogrnip})" if p.ogrnip else ""))
    elif p.kind in ("individual", "self_employed"):  # «Кому: Кузьмину Алексею Петровичу» (review-ru5 R9)
        to = names.dative_name(p.name, person_gender(p))
    return {"reg_label": label, "reg_number": number, "to": to,
            "full": full, "full_first": full[:1].upper() + full[1:], "preamble": preamble,
            "preamble_first": preamble[:1].upper() + preamble[1:], "named": named,
            "in_person": in_person, "gender": gender,
            "female_person": p.is_person and person_gender(p) == "female"}


def _basis_ru(signer: Signatory, kind: str = "") -> str:
    if signer.basis == "charter":
        # a company registered abroad acts on its own founding documents (a GmbH's
        # Gesellschaftsvertrag, a Ltd's articles), not on a Russian «Устав»
        return "учредительных документов" if kind == "foreign_company" else "Устава"
    when = f" от {fmt.long_date(signer.attorney_date, 'ru')}" if signer.attorney_date else ""
    return f"доверенности № {signer.attorney_number}{when}"


def initials(full_name: str, lang: str) -> str:
    """«Соколов Андрей Викторович» -> «А. В. Соколов»; a name in Latin letters is written given
    name first («Anna Weber» -> «A. Weber»: never surname «Anna», review-ru2 R3); English documents
    keep names as written."""
    parts = full_name.split()
    if lang != "ru" or len(parts) < 2:
        return full_name
    if not _cyrillic(full_name):
        letters = " ".join(f"{w[0]}." for w in parts[:-1] if w[:1].isalpha())
        return f"{letters}\u00a0{parts[-1]}"
    letters = " ".join(f"{w[0]}." for w in parts[1:3] if w[:1].isalpha())
    return f"{letters}\u00a0{parts[0]}"


def _cyrillic(text: str) -> bool:
    """Whether the text has a Russian letter: a name without one is a foreign name as written."""
    return any("а" <= c.lower() <= "я" or c in "ёЁ" for c in text)


REQUISITE_LABELS = (("inn", "ИНН"), ("kpp", "КПП"), ("ogrn", "ОГРН"), ("ogrnip", "ОГРНИП"))


def completed_requisites(old: Party, new: Party) -> list[tuple[str, str]]:
    """(label, value) of each requisite of a party blank when the contract was signed («________»)
    and filled in since: the addendum confirms them in a clause of its own (review-ru2 R7.13)."""
    from contractkit.model import ids

    def blank(value) -> bool:
        return not value or ids.is_placeholder(value)

    out = [(label, getattr(new, key)) for key, label in REQUISITE_LABELS
           if blank(getattr(old, key)) and not blank(getattr(new, key))]
    if new.bank and new.bank.account and (not old.bank or blank(old.bank.account)):
        out.append(("счёт" if new.bank.account.startswith(PERSONAL_ACCOUNTS) else "р/с",
                    f"{new.bank.account} в {new.bank.name}"
                    + (f", БИК {new.bank.bik}" if new.bank.bik else "")))
    return out
