"""Section numbers as the signed history fixes them (ГК РФ ст. 450, 452: an addendum amends the
signed text by its signed numbers, so a section a change adds must shift no signed number).

The contract templates number their sections from a fixed list (templates/ru/contract.html.j2,
`ALL`); the sections a project may or may not have are the optional ones here. The signed contract
fixes which of them were there; one a later version adds takes the next free number after the
signed ones, in the order the versions added them, and keeps it in every later render.
"""

from __future__ import annotations

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
    return {"signed": signed, "late": late, "added": {k: v for k, v in added.items() if k in last},
            "components": components}
