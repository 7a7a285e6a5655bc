"""List items inside a sentence: Russian items ending in «;» start with a lower-case letter.

Only the first letter of an ordinary word is lowered: a name, an abbreviation or a brand
(«WordPress», «ООО», «Figma», «Москва») keeps its capital, so nothing is recased blindly.
"""

from __future__ import annotations

from contractkit.words.names import _morph

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
    if any(PROPER & set(p.tag.grammemes) for p in _morph().parse(first)[:1]):
        return text
    return text[0].lower() + text[1:]


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
    parse = _morph().parse(first)[0] if first else None
    if parse is not None and parse.tag.POS in ("NOUN", "ADJF") and parse.tag.case == "nomn":
        return f"({text[0].lower() + text[1:] if item(text, lang) != text else text})"
    return text
