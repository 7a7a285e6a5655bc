"""The semantic difference between two versions of a project: scope, money, time, terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from contractkit.compute import Figures, Line, agreed_shifts, compute, stage_numbers
from contractkit.model import Project

TRACKED = ("title", "description", "acceptance", "revisions", "price", "hours", "rate", "days",
           "deadline", "after", "delay", "personal_data")
SECTIONS = {
    "payment": "payment terms", "obligations": "obligations", "support": "support plan",
    "terms": "legal terms", "contractor": "contractor details", "client": "client details",
    "tax": "tax", "brief": "brief", "contract": "contract details",
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: object
    new: object


@dataclass(frozen=True)
class Changed:
    old: Line
    new: Line
    fields: list[FieldChange]


@dataclass(frozen=True)
class Moved:
    id: str
    title: str
    old: date
    new: date


@dataclass
class Impact:
    """What a change does against a baseline."""

    old: Figures
    new: Figures
    added: list[Line] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    held: dict[str, int] = field(default_factory=dict)
    """Stages this change adds with a fixed deadline that the moves already in force (a client's
    delay, a late start) would have moved by these working days: the date stays as entered."""

    @property
    def delta(self) -> Decimal:
        return self.new.total - self.old.total

    @property
    def scope_changed(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def timeline_only(self) -> bool:
        """Dates move, money and deliverables' content stay: e.g. the client's late materials."""
        content = [f for c in self.changed for f in c.fields if f.name not in ("days", "delay", "deadline")]
        return bool(self.moved) and not (self.added or self.removed or content or self.delta)

    @property
    def empty(self) -> bool:
        return not (self.scope_changed or self.moved or self.sections or self.delta
                    or self.old.completion != self.new.completion)


def impact(old: Project, new: Project, prepaid_on: date | None = None,
           signed_on: date | None = None, *, numbers: Mapping[str, int] | None = None,
           agreed: Mapping[str, int] | None = None) -> Impact:
    """Deliverables added, removed and changed field by field, moved deadlines, other sections.

    prepaid_on: the recorded day the prepayment arrived, which dates both versions (compute());
    signed_on: the day the contract was signed, from which the prepayment fell due (a dated stage
    moves by the working days it came later than that); numbers: the stages' numbers as the
    signed history fixes them (compute.stage_numbers), else old's order, a stage new adds taking
    the next number; agreed: the fixed deadlines earlier addenda agreed (History.agreed) — a stage new
    adds with a fixed deadline keeps it as entered (compute.agreed_shifts, review-en5 E15)."""
    numbers = stage_numbers([old, new], numbers)
    held = agreed_shifts([old, new], prepaid_on, signed_on, agreed)
    before = compute(old, prepaid_on, signed_on, numbers=numbers, agreed=held)
    after = compute(new, prepaid_on, signed_on, numbers=numbers, agreed=held)
    result = Impact(before, after, held={k: v for k, v in held.items() if k not in (agreed or {})})
    old_lines = {x.deliverable.id: x for x in before.lines}
    new_lines = {x.deliverable.id: x for x in after.lines}
    for line in after.lines:
        prior = old_lines.get(line.deliverable.id)
        if prior is None:
            result.added.append(line)
            continue
        fields = _fields(prior, line)
        if fields:
            result.changed.append(Changed(prior, line, fields))
        if prior.deadline != line.deadline:
            result.moved.append(Moved(line.deliverable.id, line.deliverable.title, prior.deadline,
                                      line.deadline))
    result.removed = [x for x in before.lines if x.deliverable.id not in new_lines]
    old_data, new_data = old.model_dump(), new.model_dump()
    result.sections = [label for key, label in SECTIONS.items() if old_data[key] != new_data[key]]
    return result


def _fields(old: Line, new: Line) -> list[FieldChange]:
    a, b = old.deliverable.model_dump(), new.deliverable.model_dump()
    out = [FieldChange(name, a[name], b[name]) for name in TRACKED if a.get(name) != b.get(name)]
    if old.price != new.price and not any(f.name == "price" for f in out):
        out.append(FieldChange("price", old.price, new.price))
    return out
