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
    return {number: text for number, (text, _) in _printed(html).items()}


def _printed(html: str) -> dict[str, tuple[str, str]]:
    """{number: (text, the list's closing «;» or «.» it was printed with, or "")}."""
    out: dict[str, tuple[str, str]] = {}
    for p in lxml.html.fromstring(html).iter("p"):
        text = SPACE.sub(" ", p.text_content()).strip()
        found = NUMBER.match(text)
        if found and found.group(1) not in out:
            rest = text[found.end(2):]
            out[found.group(1)] = (found.group(2), rest if rest in (";", ".") else "")
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
    order = list(new_sections)  # the headings in the order the new text prints them
    for k in sorted(added, key=int):
        at = order.index(k)
        follows, precedes = (order[at - 1] if at else ""), (order[at + 1] if at + 1 < len(order) else "")
        # where it stands, when not at the end: the consolidated text prints it there (review-ru2 R7.7)
        out.append({**_item("add_section", k, new_sections[k]), "level": 1, "parent": "",
                    "clauses": [(n, t) for n, t in new.items() if n.split(".")[0] == k],
                    "follows": follows, "follows_title": new_sections.get(follows, ""),
                    "precedes": precedes if precedes and int(precedes) < int(k) else "",
                    "precedes_title": new_sections.get(precedes, "")})
    for k in sorted(dropped, key=int):
        out.append({**_item("delete_section", k, ""), "level": 1, "parent": "", "title": old_sections[k]})
    return _whole_lists(_list_ends(out, _printed(new_html)), new)


def _list_ends(found: list[dict], printed: dict[str, tuple[str, str]]) -> list[dict]:
    """A sub-clause restated or added is quoted as it reads in its list, with its «;» or closing
    «.» (review-ru R15: «1.3.3. брендбук.»); a clause, whose full stop the addendum's own sentence
    closes, is quoted without it."""
    for x in found:
        if x["kind"] in ("restate", "add") and x["level"] >= 3:
            x["end"] = printed.get(x["number"], ("", ""))[1]
    return found


def _whole_lists(found: list[dict], new: dict[str, str]) -> list[dict]:
    """A clause restated «в следующей редакции» is restated whole, its sub-clauses included (a
    пункт comprises its подпункты): its list goes into the one quoted text, and no sub-clause of
    it is restated, added or deleted apart (review-ru R8: «1.4. В предмет Договора не входит
    фотосъёмка товаров.» replaces «1.4 … не входят: 1.4.1 …; 1.4.2 …»)."""
    whole = {x["number"] for x in found if x["kind"] in ("restate", "add", "delete")}
    out = []
    for x in found:
        parent = next((w for w in whole if x["number"].startswith(w + ".")), None)
        if parent is not None:
            continue
        if x["kind"] in ("restate", "add"):
            subs = [(k, t) for k, t in new.items() if k.startswith(x["number"] + ".")]
            if subs:
                x = {**x, "text": x["text"] + " " + "; ".join(f"{k}. {t}" for k, t in subs)}
        out.append(x)
    return out


def _item(kind: str, number: str, text: str) -> dict:
    return {"kind": kind, "number": number, "parent": number.rsplit(".", 1)[0],
            "level": number.count(".") + 1, "text": text, "end": ""}


def amended_clauses(hist, n: int, look, dated: dict | None = None, before=None) -> list[dict]:
    """The contract clauses addendum n restates, adds or deletes (see amended); dated: stage id ->
    its dates in force where they are not version n's own (render/addendum.py), which the clauses
    it amends state; before: the deal state before it (a clause it amends no longer words the rule
    of an earlier addendum's deposit already received)."""
    old = contract_html(hist, n - 1, look)
    found = amended(old, contract_html(hist, n, look))
    if not (dated or received_any(before)):
        return found
    return in_force(found, amended(old, contract_html(hist, n, look, dated, before)))


def support_amended(hist, n: int, look) -> list[dict]:
    """The clauses of the support annex (signed as an annex of the contract, `support.document:
    annex`) addendum n restates, adds or deletes, by their signed numbers (see amended): a fee or
    hours change is agreed in the contract's form (ГК РФ ст. 452 п. 1); [] without such an annex."""
    old, new = support_html(hist, n - 1, look), support_html(hist, n, look)
    return amended(old, new) if old and new else []


def support_price(project) -> tuple | None:
    """What the support plan costs: a change of it changes a price, so the addendum is signed by hand
    or УКЭП as the contract's clause on electronic documents requires (ГК РФ ст. 160, 452)."""
    s = project.support
    return (s.monthly_fee, s.hours_included, s.extra_hour_rate) if s else None


def support_terms_changed(old, new) -> str:
    """What a change of the support plan's figures changes, as the addendum's signing clause names it
    («цену», «объём», «цену и объём» услуг поддержки; review-ru3 R4: six hours instead of four change
    the volume, not the price); "" when neither changes."""
    a, b = support_price(old), support_price(new)
    if a == b or a is None or b is None:
        return "цену" if a != b else ""
    price = (a[0], a[2]) != (b[0], b[2])
    volume = a[1] != b[1]
    return " и ".join(w for w, on in (("цену", price), ("объём", volume)) if on)


def support_html(hist, k: int, look) -> str:
    """The support annex as version k renders it; "" when version k has none (no support, or a
    separate support contract, which an addendum to this contract does not amend)."""
    from contractkit.render.addendum import version_context
    from contractkit.render.documents import html_for

    context = version_context(hist, k)
    if not context["support"] or not context["annexes"].get("support"):
        return ""
    return html_for("support.html.j2", context, hist.versions[k], look, "support", "support")


def received_any(before) -> bool:
    """The deal state before an addendum has an earlier addendum's deposit received."""
    return before is not None and any(w.received for w in before.deposits)


def contract_html(hist, k: int, look, dates: dict | None = None, prior=None) -> str:
    """The contract as version k of the history renders it, with its schedule as signed (dates: the
    stages' dates in force, prior: the deal state before, as amended_clauses)."""
    from contractkit.render.addendum import version_context
    from contractkit.render.documents import html_for
    from contractkit.render.inforce import dated_in_force

    context = version_context(hist, k)
    if dates or prior is not None:
        context = dated_in_force(context, dates or {}, prior)
    return html_for("contract.html.j2", context, hist.versions[k], look, "contract", "contract")


def in_force(found: list[dict], dated: list[dict]) -> list[dict]:
    """The clauses the signed texts amend (found), each worded with the dates in force (dated): a
    date an earlier addendum's deposit moved is no reason to amend a clause, but a clause amended
    for another reason states it as it stands."""
    by_number = {(x["kind"], x["number"]): x for x in dated}
    return [by_number.get((x["kind"], x["number"]), x) for x in found]


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


def restated_annexes(hist, n: int, project, look, kept: dict | None = None, before=None,
                     settled: dict | None = None) -> dict:
    """Each restated annex's body exactly as the annex renders for version n (HTML, escaped);
    kept: stage id -> its dates in force, for the stages the addendum leaves as the deal state has
    them (render/inforce.py); before: that deal state (a stage whose deposit was
    received has dates no longer provisional); settled: what was paid before the addendum when it
    cuts the price below it (render.schedule.settled_before): the payment annex states it."""
    from markupsafe import Markup

    from contractkit.render.addendum import RESTATED, annex_body, version_context
    from contractkit.render.documents import html_for
    from contractkit.render.inforce import dated_in_force

    context = dated_in_force(version_context(hist, n), kept or {}, before) | {"settled": settled}
    signed = version_context(hist, n - 1) if project.language == "ru" else None
    out = {}
    for doc in RESTATED:
        html = html_for(f"{doc}.html.j2", context, project, look, doc)
        body = annex_body(html, f"{project.language}/{doc}.html.j2")
        # a Russian addendum restates only an annex it changes (a support-only change leaves
        # Annexes 1 and 2 as signed: ГК РФ ст. 452, the agreement states what it amends)
        if signed is not None and body == annex_body(html_for(f"{doc}.html.j2", signed, hist.versions[n - 1],
                                                              look, doc), f"ru/{doc}.html.j2"):
            continue
        out[doc] = Markup(body)
    return out
