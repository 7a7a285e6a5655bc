"""The sections of an English agreement a change order amends, cited by their signed numbers.

The agreement is rendered for the old and the new version and compared section by section, the
sections matched by their headings, not their numbers: a section the new version adds (PERSONAL
DATA, when an added milestone collects personal data) keeps the next free number the signed
history gives it (render/numbering.py), inserted after the signed section it follows, so no signed
number shifts, and a cross-reference that changed only because the sections
after it moved ("Sections 3, 9, 10, 11, 12 and 13 survive") is read in the signed numbering before
it is compared. Every clause whose text still differs is restated, added or deleted.
"""

from __future__ import annotations

import re
import string

import lxml.html

from contractkit.render.amendments import NUMBER, SPACE

HEADING = re.compile(r"^(\d+)\.\s+(.+)$")
CITED = re.compile(r"\b(Sections?|SECTIONS?)\s+((?:\d+(?:\.\d+)*(?:,\s*|\s+and\s+|\s+AND\s+)?)+)")
LEADING = re.compile(r"\d+")


def sections(html: str) -> list[dict]:
    """[{number: "11", title: "INTELLECTUAL PROPERTY", clauses: {"11.1": text, …}, ends: {"11.1":
    ";"}}] in order; `ends`: the list punctuation the clause text is compared without, which a
    section quoted whole keeps (review-en E21)."""
    out: list[dict] = []
    for el in lxml.html.fromstring(html).iter("h2", "p"):
        text = SPACE.sub(" ", el.text_content()).strip()
        if el.tag == "h2":
            found = HEADING.match(text)
            if found:
                out.append({"number": found.group(1), "title": found.group(2), "clauses": {}, "ends": {}})
            continue
        found = NUMBER.match(text)
        if found and out and found.group(1).split(".")[0] == out[-1]["number"]:
            if found.group(1) not in out[-1]["clauses"]:
                out[-1]["ends"][found.group(1)] = text[found.end(2):].strip()
            out[-1]["clauses"].setdefault(found.group(1), found.group(2))
    return out


def signed_numbers(old: list[dict], new: list[dict]) -> dict[str, str]:
    """New section number -> the number it has in the signed text: its old number when the heading
    was there; a new section keeps the free number the signed history gives it (render/numbering.py),
    else it takes the section it follows with a letter ("11A", "11B")."""
    by_title = {s["title"]: s["number"] for s in old}
    taken = set(by_title.values())
    out: dict[str, str] = {}
    last, letters = "0", iter(())
    for s in new:
        if s["title"] in by_title:
            last = out[s["number"]] = by_title[s["title"]]
            letters = iter(string.ascii_uppercase)
        elif s["number"] not in taken:  # the signed history gave it a number of its own
            out[s["number"]] = s["number"]
        else:
            out[s["number"]] = last + next(letters)
    return out


def in_signed_numbers(text: str, mapping: dict[str, str]) -> str:
    """A clause's text with every "Section 13" / "Sections 3, 12 and 13" it cites renumbered."""
    def cited(m: re.Match) -> str:
        return m.group(1) + " " + LEADING.sub(lambda d: _lead(d, m.group(2), mapping), m.group(2))

    return CITED.sub(cited, text)


def _lead(d: re.Match, group: str, mapping: dict[str, str]) -> str:
    """Renumber only a section number (the first figure of each "12.4"), not its clause part."""
    start = d.start()
    if start > 0 and group[start - 1] == ".":
        return d.group(0)
    return mapping.get(d.group(0), d.group(0))


def _renumber_clause(number: str, mapping: dict[str, str]) -> str:
    head, _, rest = number.partition(".")
    return mapping.get(head, head) + ("." + rest if rest else "")


def amended(old_html: str, new_html: str) -> list[dict]:
    """What the change order says about the agreement, in the agreement's order.

    Each item: kind ('restate', 'add', 'delete', 'add_section', 'delete_section'), number in the
    signed numbering, parent (the clause or section it is added to), level (2: a clause, 3 and more:
    a sub-clause), text; an added section has its title, the section it follows and its clauses."""
    old, new = sections(old_html), sections(new_html)
    mapping = signed_numbers(old, new)
    old_by_number = {s["number"]: s for s in old}
    out: list[dict] = []
    previous = "0"  # the signed section the next added one follows, in the text's order
    for i, s in enumerate(new):
        number = mapping[s["number"]]
        clauses = {_renumber_clause(k, mapping): in_signed_numbers(v, mapping)
                   for k, v in s["clauses"].items()}
        if number not in old_by_number:
            follows = previous
            # the signed section it stands before, so the change order states its place in full
            ahead = next((mapping[t["number"]] for t in new[i + 1:]
                          if mapping[t["number"]] in old_by_number), "")
            ends = {_renumber_clause(k, mapping): v for k, v in s["ends"].items()}
            named = {k: heading(v["title"]) for k, v in old_by_number.items()}
            out.append({"kind": "add_section", "number": number, "title": s["title"],
                        "follows": follows, "parent": follows, "level": 1, "text": "",
                        "follows_heading": named.get(follows, ""),
                        "precedes": ahead, "precedes_heading": named.get(ahead, ""),
                        "clauses": [{"number": k, "text": v, "level": k.count(".") + 1,
                                     "end": ends.get(k, "")} for k, v in clauses.items()]})
            continue
        previous = number
        before = old_by_number[number]["clauses"]
        here = []
        for k, text in clauses.items():
            if k not in before:
                here.append(_item("add", k, text))
            elif before[k] != text:
                here.append(_item("restate", k, text))
        here += [_item("delete", k, "") for k in before if k not in clauses]
        out += sorted(here, key=lambda x: _order(x["number"]))  # by number: 3.3.2 deleted before 3.3.3
    kept = set(mapping.values())
    out += [{"kind": "delete_section", "number": s["number"], "title": s["title"],
             "heading": heading(s["title"]), "parent": "",
             "level": 1, "text": "", "clauses": []} for s in old if s["number"] not in kept]
    return out


SMALL = {"and", "or", "of", "the", "to", "in", "on", "for", "a", "an"}


def heading(title: str) -> str:
    """"GOVERNING LAW AND DISPUTES" -> "Governing Law and Disputes", to cite a section by name."""
    words = title.lower().split()
    return " ".join(w if i and w in SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _order(number: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 0 for x in number.split("."))


def _item(kind: str, number: str, text: str) -> dict:
    return {"kind": kind, "number": number, "parent": number.rsplit(".", 1)[0],
            "level": number.count(".") + 1, "text": text}


def exhibits(html: str) -> dict[str, dict]:
    """The exhibits the agreement's own text carries after its signatures (the SCC options and
    annexes): kind -> {"no": its number, "body": its HTML without the page break and heading}."""
    out = {}
    for div in lxml.html.fromstring(html).iter("div"):
        kind = div.get("data-exhibit")
        body = next(div.iterfind("div[@class='exhibit-body']"), None) if kind else None
        if body is not None:
            inner = (body.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in body)
            out[kind] = {"no": div.get("data-no"), "body": inner}
    return out


def exhibits_changed(old_html: str, new_html: str) -> list[dict]:
    """The exhibits change order n must attach in full: added ({"added": True}) or changed. A
    Change Order that brings in the SCCs by reference and leaves their Annexes out would conclude
    no Clauses (Decision (EU) 2021/914, Annex, Clause 2(a); GDPR Art. 46) (review-en3 E9)."""
    from markupsafe import Markup

    old, new = exhibits(old_html), exhibits(new_html)
    return [{"kind": kind, "no": x["no"], "body": Markup(x["body"]), "added": kind not in old}
            for kind, x in new.items() if kind not in old or SPACE.sub(" ", old[kind]["body"])
            != SPACE.sub(" ", x["body"])]


def amended_sections(hist, n: int, look, dated: dict | None = None, before=None,
                     attached: list | None = None) -> list[dict]:
    """The agreement's sections change order n amends (see amended), worded with the dates in force
    (dated, before: as render/amendments.amended_clauses); `attached`, when given, receives the
    exhibits the change order attaches in full (exhibits_changed)."""
    from contractkit.render.amendments import in_force, received_any

    old = contract_html(hist, n - 1, look)
    new = contract_html(hist, n, look)
    found = amended(old, new)
    if attached is not None:
        attached += exhibits_changed(old, new)
    if not (dated or received_any(before)):
        return found
    return in_force(found, amended(old, contract_html(hist, n, look, dated, before)))


def contract_html(hist, k: int, look, dates: dict | None = None, prior=None) -> str:
    """The agreement as version k renders it: as signed, before a late deposit moved its dates (2.3);
    an amended version states the moved dates as final, so 2.3 never moves them twice."""
    from contractkit.render.addendum import as_signed, deposit_move, stated_move, version_context
    from contractkit.render.documents import html_for
    from contractkit.render.inforce import dated_in_force

    context = version_context(as_signed(hist) if k == 0 and deposit_move(hist, 0) else hist, k)
    moved = stated_move(hist, k)
    if moved:
        context["contract"] = {**context["contract"], "deposit_moved": moved}
    if dates or prior is not None:
        context = dated_in_force(context, dates or {}, prior)
    return html_for("contract.html.j2", context, hist.versions[k], look, "contract", "contract")
