"""Which parts of the project brief a change order changes, cited by their clause in Exhibit 1.

The English Statement of Work (templates/en/scope.html.j2) numbers the brief's parts in Section 1
in a fixed order, each present part taking the next clause (the goals take two: the list and the
sentence that they are no acceptance criteria); the Client's materials are Section 4. A change
order names only the parts whose text changed (review-en E8), never "the goals, requirements and
materials" wholesale.
"""

from __future__ import annotations

PARTS = (("goals", "the project goals", 2), ("audience", "the audience", 1),
         ("requirements", "the requirements", 1), ("constraints", "the constraints", 1),
         ("out_of_scope", "the list of work out of scope", 1))
"""(field, what it is called, clauses it takes) in the order Exhibit 1 prints them."""
MATERIALS = "the list of the Client’s materials"


def scope_clauses(brief) -> dict[str, str]:
    """Each present part's number in Exhibit 1: {"out_of_scope": "Section 1.5", "materials": "Section 4"}."""
    out, clause = {}, 0
    for field, _, width in PARTS:
        if getattr(brief, field):
            out[field] = f"Section 1.{clause + 1}"
            clause += width
    if brief.materials:
        out["materials"] = "Section 4"
    return out


def parts_changed(old, new) -> list[dict]:
    """The parts of Exhibit 1's brief that differ between two versions, in the Exhibit's order:
    {"what", "clause", "deleted"}; a part the new version drops is cited by its old number."""
    now, before = scope_clauses(new), scope_clauses(old)
    out = []
    for field, what in [(f, w) for f, w, _ in PARTS] + [("materials", MATERIALS)]:
        if getattr(old, field) == getattr(new, field):
            continue
        if field in now:
            out.append({"what": what, "clause": now[field], "deleted": False})
        else:
            out.append({"what": what, "clause": before[field], "deleted": True})
    return out
