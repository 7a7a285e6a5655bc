"""What a change edits outside its stages, in words: the change-request sheet's list of terms and the
values an addendum must find a clause for (render/addendum.py, flows/output.refuse_unworded)."""

from __future__ import annotations


def field_changes(old, new, keys: list[str]) -> list[dict]:
    """Each changed value of the project sections `keys`, by its path ("terms.late_fee.per_day"),
    old and new as text: what a change order lists when no wording of the Agreement changed."""
    out: list[dict] = []

    def walk(path: str, a, b) -> None:
        if a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) | set(b), key=lambda k: (k not in a, k)):
                walk(f"{path}.{k}", a.get(k), b.get(k))
            return
        out.append({"path": path, "old": _shown(a), "new": _shown(b)})

    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    for key in keys:
        walk(key, a.get(key), b.get(key))
    return out


def _shown(value) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return "; ".join(_shown(x) for x in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items() if v not in (None, "", []))
    return str(value)


SECTION_LABELS = {
    "en": {"terms": "Agreement terms", "payment": "Payment terms", "obligations": "Obligations",
           "support": "Support plan", "contractor": "Contractor's details", "client": "Client's details",
           "tax": "Tax", "brief": "Brief", "contract": "Agreement details"},
    "ru": {"terms": "Условия Договора", "payment": "Условия оплаты", "obligations": "Обязанности Сторон",
           "support": "Поддержка", "contractor": "Реквизиты Исполнителя", "client": "Реквизиты Заказчика",
           "tax": "Налогообложение", "brief": "Бриф", "contract": "Общие условия Договора"},
}
"""The sections a change may edit beyond its stages (diff.SECTIONS), as the sheet names them."""


def term_changes(old, new) -> list[dict]:
    """Every value a change edits outside its stages, readable on the sheet the client approves, so
    that the approval covers nothing the sheet does not show (red team 10, B10): third-party
    components as "name (licence)", any other value by its section and name."""
    labels = SECTION_LABELS["ru" if new.language == "ru" else "en"]
    out = []
    for key, label in labels.items():
        listed_parties = False
        for x in field_changes(old, new, [key]):
            name = x["path"].split(".", 1)[1] if "." in x["path"] else key
            if key == "terms" and name.startswith("third_party"):
                if listed_parties:
                    continue
                listed_parties = True

                def listed(p):
                    return "; ".join(f"{c.name} ({c.license})" if c.license else c.name
                                     for c in p.terms.third_party) or "none"
                out.append({"section": label, "path": "third-party components", "old": listed(old),
                            "new": listed(new)})
            elif key == "brief" and new.language == "ru" and name in BRIEF_LISTS_RU:
                out.append({**x, "section": label, "path": name,
                            "sentence": brief_list_sentence(name, getattr(old.brief, name),
                                                            getattr(new.brief, name), new)})
            else:
                out.append({**x, "section": label, "path": name.replace("_", " ").replace(".", ", ")})
    return out


BRIEF_LISTS_RU = {"goals": "целей проекта", "requirements": "требований к результату",
                  "out_of_scope": "того, что не входит в объём {u},", "constraints": "ограничений",
                  "references": "примеров и ориентиров", "open_questions": "открытых вопросов"}
"""The brief's lists as a Russian sheet names them (genitive, after «перечня»)."""


def brief_list_sentence(name: str, old: list[str], new: list[str], project) -> str:
    """«Из перечня того, что не входит в объём Работ, исключается «Интеграция с 1С»»: what a change
    takes out of a list of the brief and puts in, by item, never the whole list in English words
    (review-ru3 R14)."""
    what = BRIEF_LISTS_RU[name].format(u="Услуг" if project.contract.type == "services" else "Работ")
    gone, added = [x for x in old if x not in new], [x for x in new if x not in old]

    def quoted(items: list[str]) -> str:
        return ", ".join(f"«{x}»" for x in items)
    parts = []
    if gone:
        parts.append(f"из перечня {what} {'исключается' if len(gone) == 1 else 'исключаются'} {quoted(gone)}")
    if added:
        parts.append(f"в перечень {what} {'включается' if len(added) == 1 else 'включаются'} {quoted(added)}")
    text = "; ".join(parts) or f"перечень {what} излагается в новой редакции: {quoted(new)}"
    return text[0].upper() + text[1:]
