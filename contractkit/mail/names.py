"""Words of people and documents for the approval reader: text normalised as the reader reads it,
a name as its owner may write it (Cyrillic, Latin letters, initials), the words a signature card may
hold (approval_card). Below approval_text (it imports nothing of it): `verify`'s stamp check reads
names with it too."""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[^\W_]+")
"""One run of letters and digits: a single class under one quantifier, linear on any input."""
APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´′＇ʹʻʽ"} | {"ё": "е"})
INVISIBLE = frozenset("\u3164\u115f\u1160\uffa0\u2800\u180e")
TO_LATIN = str.maketrans("асеорухіјѕԁһԛԝкмӏ", "aceopyxijsdhqwkml")
TO_CYRILLIC = str.maketrans("aceopyxkm", "асеорухкм")


def card_words(*texts: str, domains: tuple[str, ...] = ()) -> frozenset[str]:
    """The lower-case words of the project's company names, positions and client address, as
    written and in Latin letters: what a signature may hold beside names (card_piece). Each of
    domains (the sender's) is kept too, as "@domain": a web address in the signature is a host of
    it or of the company's name (approval_card.plain_item)."""
    words = {w for text in (*texts, *domains) for w in tokens(text or "")}
    return frozenset(words | {_latin(w) for w in words} | {"@" + d.lower().strip(".") for d in domains})


def normal(text: str) -> str:
    """NFKC, no invisible, format or combining characters, ё as е, one apostrophe (case kept)."""
    text = unicodedata.normalize("NFKC", text)
    kept = (c for c in text if c not in INVISIBLE and unicodedata.category(c) not in ("Cf", "Mn", "Me"))
    return "".join(kept).translate(APOSTROPHES)


def _folds(token: str) -> set[str]:
    """The token as written and, when it mixes Latin and Cyrillic letters, with the look-alikes
    folded to each script: «nоt» with a Cyrillic о is "not", «нe» with a Latin e is «не»."""
    latin = any("a" <= c <= "z" for c in token.lower())
    cyrillic = any("а" <= c <= "я" or c in "іјѕԁһԛԝӏ" for c in token.lower())
    if latin and cyrillic:
        return {token, token.translate(TO_CYRILLIC), token.translate(TO_LATIN)}
    return {token}


CAPITALS_LATIN, CAPITALS_CYRILLIC = "ABCEHKMOPTXYIJS", "АВСЕНКМОРТХУІЈЅ"
"""Capitals that look alike in the two scripts: «НЕ» typed as Latin "HE" shows «НЕ» (red team 10, B7)."""
TO_CYRILLIC_CAPITALS = str.maketrans(CAPITALS_LATIN, CAPITALS_CYRILLIC)
TO_LATIN_CAPITALS = str.maketrans(CAPITALS_CYRILLIC, CAPITALS_LATIN)


def capitals(word: str) -> str:
    """A word of two or more capitals, all of them look-alikes, as the other script reads it ("HE"
    is «не», «УЕТ» is "yet"), lower case; any other word lower case as written."""
    if len(word) > 1 and all(c in CAPITALS_LATIN for c in word):
        return word.translate(TO_CYRILLIC_CAPITALS).lower()
    if len(word) > 1 and all(c in CAPITALS_CYRILLIC for c in word):
        return word.translate(TO_LATIN_CAPITALS).lower()
    return word.lower()


def tokens(text: str) -> list[str]:
    """Lower-case words, apostrophes split ("don", "t"); used for the clause check."""
    return TOKEN.findall(normal(text).lower().replace("'", " "))


def person_words(*names: str) -> frozenset[str]:
    """The lower-case words of the people who may sign an approval (the From header's display
    name, the client's signatory and contact person as last signed): the only names a reply may
    carry beside the approval phrase."""
    words = {w for name in names for w in tokens(name or "") if len(w) > 1 and w.isalpha()}
    return frozenset(words | {_latin(w) for w in words} | {_ascii(w) for w in words}
                     | {_bare(w) for w in words})


NAME_SEPARATORS = re.compile(r"[\s.,'«»\"“”„-]+")


def not_a_name(text: str, people: frozenset[str]) -> str:
    """The first word of `text` that is no name of `people` (person_words), nor the initial of
    one, or "" when it is all names: «Кузнецова М.С.» and "M. Kuznetsova" are names; a digit, a
    currency sign, a date or any other word is not."""
    for word in NAME_SEPARATORS.split(normal(text)):
        if word and not (word.isalpha() and _person(word, people)):
            return word
    return ""


_CYRILLIC_LATIN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
                   "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
                   "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
                   "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}


def _latin(word: str) -> str:
    """A Russian name as its owner may sign in Latin letters: «Кузнецова» is "kuznetsova"."""
    return "".join(_CYRILLIC_LATIN.get(c, c) for c in word)


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _ascii(word: str) -> str:
    """A name as typed on a keyboard without its letters (E16): "Müller" is "mueller", "Strauß"
    "strauss" (German transliteration, DIN 5007-2)."""
    return word.translate(_GERMAN)


def accented(letter: str) -> bool:
    """A Latin letter with an accent, as names are written ("Müller", "Đorđević", "Strauß")."""
    return unicodedata.name(letter, "").startswith("LATIN ") and not ("a" <= letter.lower() <= "z")


def _bare(word: str) -> str:
    """A Latin name with its accents dropped: "Müller" is "muller", "José" is "jose"."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _person(word: str, people: frozenset[str]) -> bool:
    """word (as written) is one of people's words, or the initial of one ("A" for "Anna")."""
    low = normal(word).lower()
    if len(low) == 1:
        return any(p[0] == low for p in people)
    return any(f in people for f in _folds(low))


def document_words(*names: str) -> frozenset[str]:
    """The words of the pending documents' names and change ids ("cr", "001", "2026", "pdf")."""
    return frozenset(w for name in names for w in tokens(name))


CHANGE_ID = re.compile(r"(?<![^\W\d_])cr[\s_\u2010-\u2015-]{0,3}(\d{1,9})(?!\d)")
"""A change request's number as a reply may write it: "CR-002", «cr 2», "cr-002-2026-031.pdf"."""


def other_change(texts: list[str], change: str) -> tuple[str, str] | None:
    """A change request other than `change` named in texts (the id, its line), or None (A9): a reply
    naming CR-002 beside CR-001's hash is no approval of CR-001."""
    number = int(change[3:]) if change[3:].isdigit() else -1
    for text in texts:
        low = normal(text).lower().translate(TO_LATIN)
        found = next((m for m in CHANGE_ID.finditer(low) if int(m.group(1)) != number), None)
        if found:
            return f"CR-{int(found.group(1)):03d}", " ".join(text.split())[:160]
    return None


def sender_names(display: str, names: tuple[str, ...]) -> frozenset[str]:
    """The names a reply may carry beside the approval (A4): the project's people, never a word only
    the From header's display name holds, which the sender writes as they like («Марина Передумали
    Отбой»): the display name's words count where they are the project's names already."""
    return person_words(*names)
