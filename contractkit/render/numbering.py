"""Section numbers as the signed history fixes them (ГК РФ ст. 450, 452: an addendum amends the
signed text by its signed numbers, so a section a change adds must shift no signed number).

The contract templates number their sections from a fixed list (templates/ru/contract.html.j2,
`ALL`); the sections a project may or may not have are the optional ones here. The signed contract
fixes which of them were there; one a later version adds takes the next free number after the
signed ones, in the order the versions added them, and keeps it in every later render.
"""

from __future__ import annotations

from contractkit.compute import stage_numbers
from contractkit.model import Project

OPTIONAL = ("personal_data", "support")
"""Sections the contract has only for some projects, in the templates' order."""


def optional_sections(project: Project) -> list[str]:
    """The optional sections this version of the project has."""
    present = {"personal_data": any(d.personal_data for d in project.deliverables),
               "support": project.support is not None}
    return [key for key in OPTIONAL if present[key]]


def numbering_for(versions: list[Project]) -> dict:
    """{"signed": the optional sections of the contract as first signed, "late": those later
    versions added, in the order they came}; versions: the signed ones, then the one rendered."""
    signed = optional_sections(versions[0])
    late: list[str] = []
    for version in versions[1:]:
        late += [key for key in optional_sections(version) if key not in signed and key not in late]
    # each stage a later version added, by that version's number: its dates wait for that
    # addendum's deposit, if it has one (state/deposits.py), so the annex calls them provisional
    added: dict[str, int] = {}
    for n in range(1, len(versions)):
        before = {d.id for d in versions[n - 1].deliverables}
        added.update({d.id: n for d in versions[n].deliverables if d.id not in before})
    last = {d.id for d in versions[-1].deliverables}
    # third-party components in the order they were first signed, later ones after them: a
    # component added above a signed one in the YAML takes the next sub-clause, shifting none
    components: list[str] = []
    for version in versions:
        components += [c.name for c in version.terms.third_party if c.name not in components]
    stages = stage_numbers(versions)
    return {"signed": signed, "late": late, "added": {k: v for k, v in added.items() if k in last},
            "stages": stages, "rights": rights_numbers(versions, stages),
            "out_of_scope": signed_items([v.brief.out_of_scope for v in versions]),
            "components": components}


def rights_numbers(versions: list[Project], stages: dict[str, int]) -> dict[str, int]:
    """Each stage's sub-clause among the results whose exclusive right passes (RU 11.1.x) as the
    signed history fixes it (ГК РФ ст. 450, 452; review-ru4 R3): the contract's in the stages'
    order, each result a later version adds the next number never used; a removed stage's
    sub-clause is deleted and leaves its number unused, so no later result changes its number."""
    out: dict[str, int] = {}
    for version in versions:
        for d in sorted((d for d in version.deliverables if d.rights), key=lambda d: stages[d.id]):
            if d.id not in out:
                out[d.id] = max(out.values(), default=0) + 1
    return out


def signed_items(lists: list[list[str]]) -> list[tuple[int, int]]:
    """The numbers of a list's items as the signed history fixes them (ГК РФ ст. 450, 452): an
    item keeps the number it was signed with, one a later version adds takes the next number never
    used, a deleted one leaves its number unused (review-ru R15: «брендбук» written first in
    `out_of_scope` is still «1.3.3», not a renumbered 1.3.1–1.3.3). A single item is a sentence,
    not a list (R8), so a list that grows from one numbers afresh.

    lists: the list in each version, the signed ones then the one rendered; returns (number,
    index in the last list) in the order of the numbers; empty when the last has one item or none."""
    numbers: dict[tuple[str, int], int] = {}
    top = 0
    for items in lists:
        if len(items) <= 1:
            numbers, top = {}, 0
            continue
        keys = _keys(items)
        kept = {k: numbers[k] for k in keys if k in numbers}
        for k in keys:
            if k not in kept:
                top += 1
                kept[k] = top
        numbers = kept
    if len(lists[-1]) <= 1:
        return []
    return sorted((numbers[k], i) for i, k in enumerate(_keys(lists[-1])))


def _keys(items: list[str]) -> list[tuple[str, int]]:
    """Each item by its text and how many times the same text came before it (a repeated item is
    two items)."""
    seen: dict[str, int] = {}
    out = []
    for x in items:
        text = " ".join(x.split())
        out.append((text, seen.get(text, 0)))
        seen[text] = seen.get(text, 0) + 1
    return out
