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
    return f"на условиях лицензии {text}"


def is_copyleft(name: str) -> bool:
    """GPL, AGPL, LGPL, MPL, EUPL, CC BY-SA: distributing the work brings duties under the licence."""
    return bool(COPYLEFT.search(name))


def is_affero(name: str) -> bool:
    """AGPL: offering the software to users over a network brings the duties too."""
    return bool(AFFERO.search(name))


def _key(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def extra_licensed(third_party: list[dict], licensed: list[str]) -> list[str]:
    """The `--licensed` entries the contract's list does not already name, each once: "Montserrat"
    given again beside `terms.third_party` is not listed twice."""
    names = [_key(c["name"]) for c in third_party]
    out: list[str] = []
    seen: set[str] = set()
    for entry in licensed:
        key = _key(entry)
        if not key or key in seen:
            continue
        if any(n and (n == key or re.search(rf"\b{re.escape(n)}\b", key) or
                      re.search(rf"\b{re.escape(key)}\b", n) or _words_in(n, key)) for n in names):
            continue
        seen.add(key)
        out.append(entry.strip())
    return out


def restated_licensed(third_party: list[dict], licensed: list[str]) -> list[str]:
    """The `--licensed` entries the contract's list already names but that say more than the bare
    name («… Shutterstock — на условиях сублицензии (п. 11.4.1)»): the rights act prints them as
    recorded; "Montserrat" alone adds nothing to the list and is not printed twice."""
    extra = set(extra_licensed(third_party, licensed))
    names = {_key(c["name"]) for c in third_party}
    out: list[str] = []
    for entry in licensed:
        key = _key(entry)
        if key and entry.strip() not in extra and key not in names and entry.strip() not in out:
            out.append(entry.strip())
    return out


def _words_in(name: str, entry: str) -> bool:
    """Every word of the name longer than three letters is in the entry: «Фотографии кофейных
    зёрен с фотобанка Shutterstock» is «фотографии кофейных зёрен из фотобанка Shutterstock — …»."""
    words = [w for w in name.split() if len(w) > 3]
    return bool(words) and set(words) <= set(entry.split())
