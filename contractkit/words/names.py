"""Russian declension of people's names and positions into the genitive.

Chosen on evidence (tests/test_names.py): pymorphy3 declines 26 of our 28 reference names and
never invents forms; petrovich 2.0.1 declines 23 and produces «Ольгы», «Белыха», «Цого». pymorphy3
misses only surnames its dictionary lacks (Лебедь, Долгорукий), where petrovich's rules are
right, so those fall back to petrovich. An override in the project file always wins.
"""

from __future__ import annotations

from functools import lru_cache

from contractkit.cache import memo

DICTIONARIES = ("pymorphy3", "pymorphy3-dicts-ru", "petrovich")
"""What a declension depends on besides this module: results are cached on disk keyed by them."""

ROLES = ("Surn", "Name", "Patr")
PREPOSITIONS = {"по", "в", "на", "с", "для", "при", "и"}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@memo("names", *DICTIONARIES)
def guess_gender(full_name: str) -> str | None:
    """'male' or 'female' from the patronymic or the first name; None when unknown."""
    parts = full_name.split()
    if len(parts) >= 3:
        patronymic = parts[2].lower()
        if patronymic.endswith(("вич", "ич", "оглы", "улы")):
            return "male"
        if patronymic.endswith(("вна", "чна", "кызы", "гызы")):
            return "female"
    for word in parts[1:2] or parts[:1]:
        for parse in _morph().parse(word):
            if "Name" in parse.tag:
                return {"masc": "male", "femn": "female"}.get(parse.tag.gender)
    return None


@memo("names", *DICTIONARIES)
def genitive_name(full_name: str, gender: str | None = None) -> str:
    """«Кузнецова Марина Сергеевна» -> «Кузнецовой Марины Сергеевны» (Surname Name Patronymic)."""
    return _declined(full_name, gender, "gent")


@memo("names", *DICTIONARIES)
def dative_name(full_name: str, gender: str | None = None) -> str:
    """«Кузнецова Марина Сергеевна» -> «Кузнецовой Марине Сергеевне»."""
    return _declined(full_name, gender, "datv")


def _declined(full_name: str, gender: str | None, case: str) -> str:
    gender = gender or guess_gender(full_name) or "male"
    words = full_name.split()
    out = []
    for i, word in enumerate(words):
        role = ROLES[min(i, 2)]
        if i >= 3 or word.lower() in ("оглы", "кызы", "улы", "гызы"):
            out.append(word)
        elif "-" in word:
            out.append("-".join(_inflect(part, role, gender, case) for part in word.split("-")))
        else:
            out.append(_inflect(word, role, gender, case))
    return " ".join(out)


def _inflect(word: str, role: str, gender: str, case: str = "gent") -> str:
    want = "masc" if gender == "male" else "femn"
    for parse in _morph().parse(word):
        tag = parse.tag
        if role in tag and tag.case == "nomn" and (tag.gender in (want, None) or "Ms-f" in tag):
            form = parse.inflect({case})
            if form is not None:
                return _same_case(word, form.word)
    return _petrovich(word, role, gender, case)


def _petrovich(word: str, role: str, gender: str, case: str = "gent") -> str:
    from petrovich.enums import Case, Gender
    from petrovich.main import Petrovich

    g = Gender.MALE if gender == "male" else Gender.FEMALE
    method = {"Surn": "lastname", "Name": "firstname", "Patr": "middlename"}[role]
    try:
        return getattr(Petrovich(), method)(word, Case.GENITIVE if case == "gent" else Case.DATIVE, g)
    except (KeyError, ValueError, IndexError):
        return word


def _same_case(original: str, form: str) -> str:
    if original.isupper():
        return form.upper()
    return form[:1].upper() + form[1:] if original[:1].isupper() else form


@memo("names", *DICTIONARIES)
def genitive_position(position: str) -> str:
    """«Генеральный директор» -> «Генерального директора»; words after a preposition stay."""
    return _position_case(position, "gent")


@memo("names", *DICTIONARIES)
def dative_position(position: str) -> str:
    """«Генеральный директор» -> «Генеральному директору»."""
    return _position_case(position, "datv")


def _position_case(position: str, case: str) -> str:
    out = []
    words = position.split()
    for i, word in enumerate(words):
        if word.lower() in PREPOSITIONS or word.startswith("«"):
            out.extend(words[i:])
            break
        form = None
        for parse in _morph().parse(word):
            if parse.tag.case == "nomn" and parse.tag.POS in ("NOUN", "ADJF", "PRTF"):
                form = parse.inflect({case})
                break
        out.append(_same_case(word, form.word) if form else word)
    return " ".join(out)


@memo("names", *DICTIONARIES)
def grammatical_gender(phrase: str) -> str:
    """'masc', 'femn' or 'neut' of a phrase's first noun: «Общество …» -> 'neut'."""
    for word in phrase.replace("«", " ").split():
        for parse in _morph().parse(word):
            if parse.tag.POS == "NOUN" and parse.tag.case == "nomn" and parse.tag.gender:
                return parse.tag.gender
    return "masc"


LEGAL_FORM_PREFIXES = ("индивидуальный предприниматель", "ип")
"""How a sole proprietor's name is often typed with its legal form in front of it."""


def without_legal_form(name: str) -> str:
    """«ИП Смирнов Игорь Владимирович» or «Индивидуальный предприниматель Смирнов …» ->
    «Смирнов Игорь Владимирович»: the documents add the legal form themselves (ГК РФ ст. 23)."""
    text = " ".join(name.split())
    low = text.lower()
    for prefix in LEGAL_FORM_PREFIXES:
        if low.startswith(prefix + " ") or low.startswith(prefix + "\u00a0"):
            return without_legal_form(text[len(prefix) + 1:])
    return text
