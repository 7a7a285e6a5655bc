"""List items inside a sentence: Russian items ending in «;» start with a lower-case letter.

Only the first letter of an ordinary word is lowered: a name, an abbreviation or a brand
(«WordPress», «ООО», «Figma», «Москва») keeps its capital, so nothing is recased blindly.
"""

from __future__ import annotations

from contractkit.cache import memo
from contractkit.words.names import DICTIONARIES, _morph

PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"}
DEFINED = {"заказчик", "исполнитель", "сторона", "стороны", "договор", "приложение", "работы",
           "услуги", "результаты", "результат"}
"""Terms the contract defines with a capital letter («Заказчик»): they keep it everywhere."""
STEMS = {"заказчик", "исполнител", "сторон", "договор"}


def item(text: str, lang: str) -> str:
    """`text` as it reads after a list's colon, mid-sentence."""
    text = text.strip()
    if lang != "ru" or not text:
        return text
    first = text.split()[0].strip("«»\"'(,.;:")
    if not first or not first[0].isupper() or not first.replace("-", "").isalpha() or not _is_cyrillic(first):
        return text
    if len(first) > 1 and not first[1:].islower():  # «ООО», «WordPress», «CMS»
        return text
    if first.lower() in DEFINED or first.lower().rstrip("аеиоуыяюь") in STEMS:
        return text
    if _proper(first):
        return text
    return text[0].lower() + text[1:]


@memo("names", *DICTIONARIES)
def _proper(word: str) -> bool:
    """Whether the dictionary's first reading of `word` is a name, a place, a brand or an
    abbreviation (kept on disk: a warm render never loads the dictionary)."""
    return any(PROPER & set(p.tag.grammemes) for p in _morph().parse(word)[:1])


def _is_cyrillic(word: str) -> bool:
    return all("а" <= c.lower() <= "я" or c in "ёЁ-" for c in word)


def adverbial(text: str, lang: str) -> str:
    """A "how" phrase completing «информировать Заказчика о ходе работ …» / "keep … informed …".

    Older files wrote a noun phrase («еженедельный отчёт…», "a weekly report…"): it becomes a
    parenthesis / a "by" phrase instead of raw data glued into the sentence.
    """
    text = text.strip()
    if not text:
        return text
    first = text.split()[0].strip("«»\"'(,.;:").lower()
    if lang != "ru":
        return f"by {text}" if first in ("a", "an", "the") else text
    if first and _nominal(first):
        return f"({text[0].lower() + text[1:] if item(text, lang) != text else text})"
    return text


@memo("names", *DICTIONARIES)
def _nominal(word: str) -> bool:
    """Whether the dictionary's first reading of `word` is a noun or an adjective in the nominative."""
    tag = _morph().parse(word)[0].tag
    return tag.POS in ("NOUN", "ADJF") and tag.case == "nomn"


@memo("names", *DICTIONARIES)
def plural_subject(text: str) -> bool:
    """Whether a noun phrase needs a plural verb: «фотосъёмка товаров» -> False («не входит»),
    «тексты для сайта», «хостинг и домен» -> True («не входят»)."""
    words = [w.strip("«»\"'(),.;:").lower() for w in text.split()]
    for i, word in enumerate(words):
        if not word.isalpha():
            continue
        nominative = [x for x in _morph().parse(word) if x.tag.POS == "NOUN" and x.tag.case == "nomn"]
        if nominative:
            if all(x.tag.number == "plur" for x in nominative):
                return True
            rest = words[i + 1:]
            return "и" in rest[:rest.index(",")] if "," in rest else "и" in rest
    return False
