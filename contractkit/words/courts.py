"""A court's name, typed in the nominative, put into the case a sentence needs.

«Мещанский районный суд г. Москвы» -> «Мещанским районным судом г. Москвы» (ablt); the words up to
and including the head noun agree, everything after it («г. Москвы», «при ТПП РФ») stays. A
project can override a name no dictionary declines right (terms.disputes.venue_accusative).
"""

from __future__ import annotations

from contractkit.cache import memo
from contractkit.words.names import DICTIONARIES, _morph, _same_case

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@memo("names", *DICTIONARIES)
def court_case(name: str, case: str) -> str:
    """`name` (nominative) in `case`, one of CASES; unknown words are left as typed."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    words = name.split()
    head: list = []
    for word in words:
        parse = _nominative(word)
        if parse is None:
            break
        head.append(parse)
        if parse.tag.POS == "NOUN":
            break
    if not head or head[-1].tag.POS != "NOUN":
        return name  # no head noun found: leave the name as typed (use the override)
    gender = head[-1].tag.gender
    out = []
    for word, parse in zip(words, head, strict=False):
        grammemes = {case}
        if parse.tag.POS != "NOUN":
            grammemes.add(gender)
            if case == "accs" and gender == "masc":
                grammemes.add("inan")
        form = parse.inflect(grammemes)
        out.append(_same_case(word, form.word) if form else word)
    return " ".join(out + words[len(head):])


def _nominative(word: str):
    """The nominative singular adjective or noun reading of `word`, if it has one."""
    if not word[:1].isalpha() or word.endswith("."):
        return None
    for parse in _morph().parse(word):
        tag = parse.tag
        if tag.POS in ("ADJF", "NOUN", "PRTF") and tag.case == "nomn" and tag.number == "sing":
            return parse
    return None
