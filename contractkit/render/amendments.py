"""The contract clauses an addendum amends: the contract rendered for the old and the new version,
compared clause by clause by their printed numbers (ГК РФ ст. 450, 452).

An addendum that changes the price, the completion date, the payment split or the list of results
whose rights pass must amend each contract clause that states them, or the contract keeps saying
the old thing and contradicts the addendum. Rather than knowing which clauses carry which figures,
the contract itself is rendered for both versions: every numbered clause whose text differs is
restated, a clause only the new version has is added, one only the old has is deleted.
"""

from __future__ import annotations

import re

import lxml.html

NUMBER = re.compile(r"^(\d+(?:\.\d+)+)\.\s+(.*?)(?:;|(?<!\sг)\.)?$", re.S)
"""«3.3.2. 24 625 … ;»: the number and the text without the list's closing «;» or «.», which only
says where the clause stands in its list (the addendum closes the quoted text itself); the dot of
«2027 г.» stays."""
SPACE = re.compile(r"\s+")
SECTION = re.compile(r"^(\d+)\.\s+(.+)$")


def clauses(html: str) -> dict[str, str]:
    """{«3.1»: «Стоимость Услуг …»} for every numbered clause and sub-clause of a rendered document,
    in document order, with its text as printed (typography included) and blanks collapsed."""
    out: dict[str, str] = {}
    for p in lxml.html.fromstring(html).iter("p"):
        text = SPACE.sub(" ", p.text_content()).strip()
        found = NUMBER.match(text)
        if found and found.group(1) not in out:
            out[found.group(1)] = found.group(2)
    return out


def sections(html: str) -> dict[str, str]:
    """{«19»: «ПЕРСОНАЛЬНЫЕ ДАННЫЕ»} for every numbered section heading of a rendered document."""
    out: dict[str, str] = {}
    for h in lxml.html.fromstring(html).iter("h2"):
        found = SECTION.match(SPACE.sub(" ", h.text_content()).strip())
        if found:
            out.setdefault(found.group(1), found.group(2))
    return out


def amended(old_html: str, new_html: str) -> list[dict]:
    """What an addendum says about the contract: each clause restated, added or deleted.

    Each item: kind ('restate', 'add' or 'delete'), number («3.3.2»), parent («3.3», or the section
    «3» for a clause), level (2 for a clause, 3 and more for a sub-clause) and the new text. A
    section the new version adds is one item, kind 'add_section', with its title and `clauses`
    (number, text) («Дополнить Договор разделом 19 …»); one it drops, kind 'delete_section'.
    """
    old, new = clauses(old_html), clauses(new_html)
    old_sections, new_sections = sections(old_html), sections(new_html)
    added = {k for k in new_sections if k not in old_sections}
    dropped = {k for k in old_sections if k not in new_sections}
    out = []
    for number, text in new.items():
        if number.split(".")[0] in added:
            continue
        if number not in old:
            kind = "add"
        elif old[number] != text:
            kind = "restate"
        else:
            continue
        out.append(_item(kind, number, text))
    out += [_item("delete", number, "") for number in old
            if number not in new and number.split(".")[0] not in dropped]
    for k in sorted(added, key=int):
        out.append({**_item("add_section", k, new_sections[k]), "level": 1, "parent": "",
                    "clauses": [(n, t) for n, t in new.items() if n.split(".")[0] == k]})
    for k in sorted(dropped, key=int):
        out.append({**_item("delete_section", k, ""), "level": 1, "parent": "", "title": old_sections[k]})
    return out


def _item(kind: str, number: str, text: str) -> dict:
    return {"kind": kind, "number": number, "parent": number.rsplit(".", 1)[0],
            "level": number.count(".") + 1, "text": text}


def amended_clauses(hist, n: int, look) -> list[dict]:
    """The contract clauses addendum n restates, adds or deletes (see amended)."""
    from contractkit.render.addendum import version_context
    from contractkit.render.documents import html_for

    def contract(k: int) -> str:
        return html_for("contract.html.j2", version_context(hist, k), hist.versions[k], look, "contract",
                        "contract")

    return amended(contract(n - 1), contract(n))


BRIEF_PARTS = ("goals", "audience", "requirements", "references", "constraints", "out_of_scope",
               "materials", "open_questions")
"""The parts of the brief an annex states, in the annex's order."""


def brief_changes(old, new) -> dict:
    """Which parts of the brief (annex 1) a new version changes, which stay, and each material
    whose wording changed as (old, new): an addendum names only what it changes."""
    a, b = old.brief.model_dump(), new.brief.model_dump()
    changed = [k for k in BRIEF_PARTS if a[k] != b[k]]
    materials = [(x["what"], y["what"]) for x, y in zip(a["materials"], b["materials"], strict=False)
                 if x["what"] != y["what"]]
    return {"changed": changed, "kept": [k for k in BRIEF_PARTS if k not in changed and (a[k] or b[k])],
            "materials": materials}


REQUISITES = ("contractor", "client", "tax")
"""Sections whose values are the parties' details and tax status, not terms of the deal: a change
that reaches no clause is no amendment and is left out of the addendum, not refused."""


def unworded(hist, n: int, look, changes: list[dict]) -> list[dict]:
    """The changed values (field_changes) of addendum n that no clause of the contract states: the
    contract rendered for version n-1 with only that value changed reads as before, and its payment
    schedule is the same. A term of the deal no clause states is refused (flows/output.py), never
    written into the addendum as the project file's key; a party's detail is left out."""
    from contractkit.ledger import History
    from contractkit.render.addendum import version_context
    from contractkit.render.amendments_en import amended_sections

    old = hist.versions[n - 1]
    out = []
    for x in changes:
        if x["path"].split(".")[0] in REQUISITES:
            continue
        probe = _with_value(old, hist.versions[n], x["path"])
        if probe is None:
            continue  # the value alone makes no valid project: it goes with another change
        probed = History([*hist.versions[:n], probe], hist.prepaid_on, hist.signed_on)
        try:
            found = (amended_sections if old.language == "en" else amended_clauses)(probed, n, look)
            same = version_context(probed, n)["payments"] == version_context(probed, n - 1)["payments"]
        except Exception:  # noqa: BLE001 - a value that cannot stand alone goes with another change
            continue
        if not found and same:
            out.append(x)
    return out


def _with_value(old, new, path: str):
    """Version `old` with the one value at `path` ("payment.days_to_pay") as version `new` has it."""
    from pydantic import ValidationError

    a, b = old.model_dump(mode="json", exclude_unset=False), new.model_dump(mode="json")
    keys = path.split(".")
    here, there = a, b
    for k in keys[:-1]:
        if not isinstance(here.get(k), dict) or not isinstance(there.get(k), dict):
            return None
        here, there = here[k], there[k]
    if keys[-1] in there:
        here[keys[-1]] = there[keys[-1]]
    else:
        here.pop(keys[-1], None)
    try:
        return type(old).model_validate(a)
    except (ValidationError, ValueError):
        return None
