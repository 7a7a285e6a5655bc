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


def amended(old_html: str, new_html: str) -> list[dict]:
    """What an addendum says about the contract: each clause restated, added or deleted.

    Each item: kind ('restate', 'add' or 'delete'), number («3.3.2»), parent («3.3», or the section
    «3» for a clause), level (2 for a clause, 3 and more for a sub-clause) and the new text.
    """
    old, new = clauses(old_html), clauses(new_html)
    out = []
    for number, text in new.items():
        if number not in old:
            kind = "add"
        elif old[number] != text:
            kind = "restate"
        else:
            continue
        out.append(_item(kind, number, text))
    out += [_item("delete", number, "") for number in old if number not in new]
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
