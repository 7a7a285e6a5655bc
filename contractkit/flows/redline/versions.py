"""The two versions a redline compares, as `diff` names them: tag, change id, commit or working."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from contractkit.errors import RepositoryError
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.model import Project
from contractkit.store import history
from contractkit.store.compare import WORKING
from contractkit.store.repo import open_repo


@dataclass(frozen=True)
class Version:
    name: str  # as the user named it
    project: Project
    source: bytes
    when: datetime  # its commit's date (HEAD's for the working file), UTC
    prepaid_on: object = None
    """The recorded prepayment's day as of this version (None for the contract as signed)."""
    payments: list | None = None
    """Its payment schedule as signed (render.schedule), once an addendum changed it."""
    commit: str | None = None
    """Its commit (None for the working file): its Word templates are read from there."""
    numbering: dict | None = None
    """Its section numbers and added stages as the signed history fixes them (render/numbering.py)."""
    dated: dict | None = None
    """Stage id -> {start, deadline} it states other than its own (flows/stated.py), as `render` of
    it prints them: an earlier addendum's late deposit, a notice or a delay moved them."""
    deposit_moved: dict | None = None
    """The late deposit's move as the change order that made it states it (render.addendum.stated_move)."""


def pick(path: Path, old: str | None, new: str | None) -> tuple[Version, Version]:
    """FROM and TO; by default the last signed version and the working file."""
    with open_repo(path) as repo:
        if old is None:
            signed = history.signatures(repo)
            if not signed:
                raise RepositoryError("nothing is signed yet, so there is no baseline to compare with",
                                      hint="name two versions: contractkit redline FROM TO")
            old = signed[-1].tag
        new = new or WORKING
        return _version(repo, path, old), _version(repo, path, new)


def _version(repo, path: Path, name: str) -> Version:
    if name == WORKING:
        data = (path / PROJECT_FILE).read_bytes()
        sha = repo.head.commit.hexsha if repo.head.is_valid() else None
    else:
        sha = history.resolve(repo, name)
        data = history.blob(repo, sha, PROJECT_FILE)
        if data is None:
            raise RepositoryError(f"{name} has no {PROJECT_FILE}")
    when = repo.commit(sha).committed_datetime if sha else datetime(1980, 1, 1, tzinfo=timezone.utc)
    project = parse_project(data.decode("utf-8-sig"), name=f"{PROJECT_FILE}@{name}")
    prepaid, payments, numbering, dated, moved = _as_signed(repo, sha, data, project)
    return Version(name, project, data, when.astimezone(timezone.utc), prepaid, payments,
                   None if name == WORKING else sha, numbering, dated, moved)


def _as_signed(repo, sha: str | None, data: bytes, project: Project):
    """(prepayment day, schedule as signed, section numbering, stated dates, the late deposit's
    stated move) of a version: the
    signed versions before it (those its commit descends from) and itself, as the ledger builds the
    schedule and `render` dates it; the contract as signed has none (it was rendered before any
    money arrived)."""
    from contractkit.flows.stated import stated_dates
    from contractkit.ledger import History
    from contractkit.render.addendum import stated_move
    from contractkit.render.numbering import numbering_for
    from contractkit.render.schedule import payments_as_signed
    from contractkit.store.deal import prepaid_on

    signed = history.signatures(repo)
    tagged = {s.tag: history.tag_commit(repo, s.tag) for s in signed}
    if sha is not None:
        signed = [s for s in signed if tagged[s.tag] == sha or repo.is_ancestor(tagged[s.tag], sha)]
    projects = [history.project_at(repo, s.tag) for s in signed]
    # the last signed version itself, unless this is the working file edited since (then it is the
    # version its addendum would make, as `render` and `change` take it)
    own = (signed[-1] if signed and sha == tagged[signed[-1].tag]
           and history.blob(repo, sha, PROJECT_FILE) == data else None)
    if own is None:
        projects.append(project)  # a version not signed (yet): as its addendum would restate it
    if len(projects) < 2:
        return None, None, None, None, None
    prepaid = prepaid_on(repo, sha or "HEAD")
    hist = History(projects, prepaid, signed[0].date if signed else None, tuple(s.date for s in signed))
    n = len(projects) - 1
    return (prepaid, payments_as_signed(hist, n), numbering_for(projects),
            stated_dates(repo, hist, n, own, sha or "HEAD"), stated_move(hist, n))


def user_name() -> str | None:
    """The user's own git user.name (global config: trusted, unlike a project's .git/config)."""
    try:
        done = subprocess.run(["git", "config", "--global", "--get", "user.name"], capture_output=True,
                              text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None
