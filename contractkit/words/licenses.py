"""Third-party components as the documents name them: a licence with its article ("the MIT
License"), whether it is copyleft, and one list of what is licensed rather than assigned."""

from __future__ import annotations

import re

BARE = {"mit": "the MIT License", "isc": "the ISC License", "bsd": "a BSD license",
        "apache": "the Apache License 2.0", "apache 2.0": "the Apache License 2.0",
        "ofl": "the SIL Open Font License", "gpl": "the GNU General Public License"}
COPYLEFT = re.compile(r"\b(A?GPL|LGPL|GNU (Affero |Lesser )?General Public License|copyleft|MPL|Mozilla "
                      r"Public License|EUPL|CC[- ]BY[- ]SA)\b", re.I)
AFFERO = re.compile(r"\b(AGPL|Affero)\b", re.I)


def license_phrase(name: str) -> str:
    """"MIT" -> "the MIT License"; "GNU GPL version 2" -> "the GNU GPL version 2"; a phrase that
    already has its article ("the Dawn license …", "a commercial desktop license") stays."""
    text = name.strip()
    lower = text.lower()
    if lower in BARE:
        return BARE[lower]
    if re.match(r"(the|a|an|its|their)\s", lower):
        return text
    if re.fullmatch(r"[A-Z0-9.\- ]+", text) and "license" not in lower:  # "MIT", "BSD-3-Clause"
        return f"the {text} License"
    return f"the {text}"


RU_DOCUMENT = {"лицензионное соглашение": "лицензионного соглашения",
               "лицензионный договор": "лицензионного договора", "лицензия": "лицензии"}


def ru_license_terms(name: str) -> str:
    """«на условиях лицензии MIT»; a licence typed as its document («лицензионное соглашение
    ООО «1С-Битрикс»») is declined, not put after «лицензии» («лицензии лицензионное соглашение»)."""
    text = name.strip()
    for nominative, genitive in RU_DOCUMENT.items():
        if text.lower().startswith(nominative + " ") or text.lower() == nominative:
            return f"на условиях {genitive}{text[len(nominative):]}"
    return f"на условиях лицензии {ru_license_name(text)}"


def ru_license_name(name: str) -> str:
    """A licence's name as a Russian sentence carries it: a Latin proper name stays bare («лицензией
    GNU GPL версии 3»); a descriptive Russian name is quoted, its own quotes becoming inner ones
    («лицензией «Стандартная лицензия фотобанка „Лори“»»), so the reader sees where it ends."""
    text = name.strip()
    if not text or text.startswith("«") or not ("а" <= text[0].lower() <= "я" or text[0] in "ёЁ"):
        return text
    return "«" + text.replace("«", "„").replace("»", "“") + "»"


def is_copyleft(name: str) -> bool:
    """GPL, AGPL, LGPL, MPL, EUPL, CC BY-SA: distributing the work brings duties under the licence."""
    return bool(COPYLEFT.search(name))


def is_affero(name: str) -> bool:
    """AGPL: offering the software to users over a network brings the duties too."""
    return bool(AFFERO.search(name))


def _key(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


KIND_WORDS = {"плагин", "плагины", "модуль", "программа", "программы", "библиотека", "шрифт", "шрифты",
              "изображения", "изображение", "фотографии", "фотография", "фотобанка", "фотобанк",
              "открытым", "исходным", "кодом", "plugin", "font", "library"}
"""Words that say what kind of object an entry is, not which one («шрифт Montserrat»)."""


def _name_words(entry: str) -> set[str]:
    """The words that name the object of a `--licensed` entry: before its dash («плагин «ЮKassa для
    WooCommerce» — на условиях …» -> {юkassa, woocommerce}), without kind words and short ones."""
    # English: "WordPress under the GNU GPL …", "Montserrat, licensed under …" (review-en4 E6)
    name = re.split(r"\s[—–-]\s|\s+under\s+|,?\s+licen[cs]ed\b", entry, maxsplit=1)[0]
    return {w for w in _key(name).split() if len(w) > 3 and w not in KIND_WORDS}


def _names(listed: str, entry: str) -> bool:
    """The entry names the listed object: every word naming its object is in the listed name
    («шрифт Montserrat — …» is «Montserrat»; «плагин «ЮKassa для WooCommerce»» is not
    «WooCommerce»: it names another object that merely mentions it)."""
    words = _name_words(entry)
    name = set(_key(listed).split())
    return bool(words) and words <= name


def owner(third_party: list[dict], entry: str) -> int | None:
    """The index of the contract's third-party object the `--licensed` entry names, if any."""
    key = _key(entry)
    for i, c in enumerate(third_party):
        n = _key(c["name"])
        licence_after = key.startswith(n) and _LICENCE_AFTER.match(key[len(n):])
        if n and (n == key or _names(c["name"], entry) or licence_after):
            return i
    return None


_LICENCE_AFTER = re.compile(r" (?:under|licensed|licenced|on|with|by|from|per) ")
"""The words after a listed name that start its licence terms, not a longer name ("WordPress under
the GNU GPL version 2 or later" is WordPress; "Montserrat Alternates" is another font; review-en4 E6)."""


def extra_licensed(third_party: list[dict], licensed: list[str]) -> list[str]:
    """The `--licensed` entries the contract's list does not name, each once: "Montserrat" given
    again beside `terms.third_party` is not listed twice."""
    out: list[str] = []
    seen: set[str] = set()
    for entry in licensed:
        key = _key(entry)
        if not key or key in seen or owner(third_party, entry) is not None:
            continue
        seen.add(key)
        out.append(entry.strip())
    return out


def restated_licensed(third_party: list[dict], licensed: list[str]) -> list[dict]:
    """The `--licensed` entries that name an object of the contract's list and say more than its
    bare name («шрифт Montserrat — …, текст лицензии передан с файлами»): {"text", "of": the
    object's index}; the rights act adds each to that object's item of its operative list (review
    law-ru R11), where the parties' act makes it a term of both. "Montserrat" alone adds nothing."""
    names = {_key(c["name"]) for c in third_party}
    out: list[dict] = []
    for entry in licensed:
        key, i = _key(entry), owner(third_party, entry)
        if key and i is not None and key not in names and entry.strip() not in [x["text"] for x in out]:
            out.append({"text": entry.strip(), "of": i})
    return out
