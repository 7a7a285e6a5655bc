"""`diff`: the semantic impact between any two versions, and the plain line diff."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from contractkit.diff import Impact, impact
from contractkit.errors import RepositoryError
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.model import Project
from contractkit.store import history, written
from contractkit.store.repo import open_repo

WORKING = "working"


@dataclass(frozen=True)
class Comparison:
    old_name: str
    new_name: str
    from_last_signed: bool
    old: Project
    new: Project
    impact: Impact
    text_diff: str


def between(path: Path, old: str | None = None, new: str | None = None) -> Comparison:
    """Default: last signed version -> the working file."""
    from contractkit.store.deal import prepaid_on

    with open_repo(path) as repo:
        prepaid = prepaid_on(repo)
        signed = history.signatures(repo)
        if old is None:
            if not signed:
                raise RepositoryError("nothing is signed yet, so there is no baseline to compare with",
                                      hint="name two versions: contractkit diff FROM TO")
            old = signed[-1].tag
        new = new or WORKING
        for version in (old, new):
            if re.fullmatch(r"CR-\d{3,}", version):  # its edit, as recorded (store/recorded.py)
                written.refuse_change(repo, version)
        old_text, new_text = _text(repo, path, old), _text(repo, path, new)
    a = parse_project(old_text, name=f"{PROJECT_FILE}@{old}")
    b = parse_project(new_text, name=f"{PROJECT_FILE}@{new}")
    lines = difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                 f"{PROJECT_FILE}@{old}", f"{PROJECT_FILE}@{new}")
    last = bool(signed) and old == signed[-1].tag
    return Comparison(old, new, last, a, b, impact(a, b, prepaid), "".join(lines))


def _text(repo, path: Path, version: str) -> str:
    if version == WORKING:
        return (path / PROJECT_FILE).read_text(encoding="utf-8-sig")
    data = history.blob(repo, history.resolve(repo, version), PROJECT_FILE)
    if data is None:
        raise RepositoryError(f"{version} has no {PROJECT_FILE}")
    return data.decode("utf-8-sig")
