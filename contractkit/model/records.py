"""The records a project keeps beside project.yaml (change requests, signatures), as data: the
store reads and writes them (store/records.py), the deal state and the renderer read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from contractkit.model.types import Model


class ChangeRecord(Model):
    """A change request: the user's edit of project.yaml, with why, who and when."""

    id: str = Field(pattern=r"^CR-\d{3,}$")
    title: str = Field(min_length=1)
    reason: str = ""
    requested_by: Literal["client", "contractor"] = "client"
    requested_on: dt.date
    kind: Literal["scope", "timeline", "terms"] = "scope"
    status: Literal["proposed", "rejected", "signed"] = "proposed"
    addendum: int | None = None
    rejected_reason: str = ""
    delta: Decimal = Decimal(0)
    """Change of the contract sum against the last signed version, when recorded."""
    total: Decimal
    completion: dt.date
    added: list[str] = []
    """Deliverables this change adds: not to be started until its addendum is signed."""
    valid_until: dt.date | None = None
    """The last day its estimate holds when `change --valid-until` gave one: the sheet is made again
    with it, so the hash the client quotes stays the sheet's (red team 12, B15)."""
    renumbered_from: str = ""
    """The id it had before `sync` renumbered it (its edit was recorded under that id)."""
    covers: list[str] = []
    """Commits whose edits it records, when they were committed without a change request."""
    notice_clause: str = ""
    """Set when the change is the contractor's notice of a client-caused delay: the contract's
    extension clause it is given under («2.3»; «-» when the contract has none)."""

    @property
    def number(self) -> int:
        return int(self.id[3:])


class SignatureRecord(Model):
    """A version both parties signed: which files, by hash, and the figures at that point."""

    tag: str
    kind: Literal["contract", "addendum"]
    number: int = Field(ge=0)
    """0 for the contract, N for addendum N."""
    date: dt.date
    """The day the last party signed: in the tag and here, never rewritten into the text."""
    drafted: dt.date | None = None
    """The date the signed text was drafted as of (`addendum --date`), when not `date`: the
    bytes hashed are the draft's (absent in records made before it was kept)."""
    by: list[str] = []
    changes: list[str] = []
    project_sha256: str
    files: dict[str, str]
    """File name -> SHA-256 of the exact bytes rendered for signing."""
    total: Decimal
    completion: dt.date
    clauses: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")],
                  Annotated[str, StringConstraints(pattern=r"^(\d{1,3}(\.\d{1,3}){0,3})?$")]] = {}
    """The clause numbers the signed text has, by role ("payment": "3.3", "court": "15.4"), as
    `sign` read them off the version it signed: letters cite these, never today's templates'
    numbers (flows/letters/clauses.py). Empty in records made before it was kept."""
    made_with: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/+-]{0,99}$")],
                    Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+!-]{0,79}$")]] = {}
    """What rendered the files (versions.py): {distribution: version, "font/NAME": sha256}; empty
    in records made before it was kept. Plain words only, as `verify` prints them."""
    templates: dict[Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,300}$")],
                    Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]] = {}
    """The SHA-256 of each Word template the files were filled from that git does not hold
    (templates.contract, untracked): {path as project.yaml names it: hash}; a template the
    repository holds is read from the signed tag's tree, so it needs none."""
