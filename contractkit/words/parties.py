"""What the contractor is called: «Исполнитель» in services, «Подрядчик» in a works contract.

ГК РФ ст. 702: the parties to a подряд are the подрядчик and the заказчик; «исполнитель» is the
party to возмездное оказание услуг (ст. 779). The documents are written once with the defined term
«Исполнитель»; a works contract's documents name the party «Подрядчик» in every case of the word.
Both nouns are masculine and decline regularly, so agreement around them never changes.
"""

from __future__ import annotations

import re

WORKS_ENDINGS = {"ь": "", "я": "а", "ю": "у", "ем": "ом", "е": "е", "и": "и", "ей": "ов", "ям": "ам",
                 "ями": "ами", "ях": "ах"}
"""Each ending of «Исполнител-ь» (singular and plural cases) and the ending «Подрядчик» takes there."""
DEFINED_TERM = re.compile(r"\bИсполнител(ями|ям|ях|ем|ей|ь|я|ю|е|и)\b")
CAPS_TERM = re.compile(r"\bИСПОЛНИТЕЛ(ЯМИ|ЯМ|ЯХ|ЕМ|ЕЙ|Ь|Я|Ю|Е|И)\b")


def works_party(text: str) -> str:
    """`text` with the defined term «Исполнитель» declined as «Подрядчик» (a capital letter marks
    the defined term; «исполнитель» in lower case, a law's own word, stays)."""
    text = DEFINED_TERM.sub(lambda m: "Подрядчик" + WORKS_ENDINGS[m.group(1)], text)
    return CAPS_TERM.sub(lambda m: "ПОДРЯДЧИК" + WORKS_ENDINGS[m.group(1).lower()].upper(), text)


def party_words(text: str, lang: str, works: bool) -> str:
    """The document's text with the contractor named as its contract type requires."""
    return works_party(text) if lang == "ru" and works else text
