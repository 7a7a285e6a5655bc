"""Figures recomputed from the versions, and edits of the signed scope that nothing records.

Stored sums are never trusted: a change record's delta and total, and a signature's total, are
recomputed from project.yaml at the commits they belong to. A record that says otherwise was
edited by hand (or arrived so) and is reported; the recomputed figures are what is shown.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from contractkit import cache as disk
from contractkit.compute import compute
from contractkit.errors import RepositoryError
from contractkit.load import PROJECT_FILE
from contractkit.store import history, records
from contractkit.store.walk import Walk


@dataclass(frozen=True)
class Figures:
    total: Decimal
    completion: dt.date


class _Versions:
    """The figures of project.yaml at many commits. The versions a walk found come with it (any
    other commit's is read when asked for); a distinct version's figures come from the disk
    cache, keyed by the SHA-256 of its exact bytes (one entry holds the figures of all the
    versions the walk found), or are computed, in the order they are asked for."""

    def __init__(self, repo, versions: dict[str, bytes | None], texts: dict[bytes, bytes],
                 prepaid: dt.date | None = None):
        self.repo = repo
        self.versions = versions
        self.texts = texts
        self.prepaid = prepaid
        named = disk.keys(*_parts(prepaid))
        self.keys = {digest: named(digest) for digest in set(versions.values()) if digest is not None}
        self.set_name = disk.key("figure-set", *sorted(self.keys.values()))
        entry = disk.read_json("figures", self.set_name) if self.keys else None
        shapes = entry if isinstance(entry, dict) else {}
        self.found = {digest: f for digest, name in self.keys.items() if (f := _shape(shapes.get(name)))}
        self.missed = False

    def at(self, rev: str) -> Figures | None:
        text = None
        if rev in self.versions:
            digest = self.versions[rev]
        else:
            text = history.blob(self.repo, rev, PROJECT_FILE)
            digest = hashlib.sha256(text).digest() if text is not None else None
        if digest is None:
            return None
        if digest not in self.found:
            self.missed |= digest in self.keys
            name = self.keys.get(digest) or _key(digest, self.prepaid)
            found = _shape(disk.read_json("figures", name))
            if found is None:
                text = text if text is not None else self._text(rev, digest)
                found = _compute(text, rev, name, self.prepaid)
            self.found[digest] = found
        return self.found[digest]

    def _text(self, rev: str, digest: bytes) -> bytes:
        """The version's bytes: as the walk read them, else read now (a walk from the cache)."""
        text = self.texts.get(digest)
        if text is None:
            text = history.blob(self.repo, rev, PROJECT_FILE)
            if text is None or hashlib.sha256(text).digest() != digest:
                raise RepositoryError(f"{PROJECT_FILE} at {rev[:10]} is not the version the history "
                                      "walk found", hint="run the command again")
        return text

    def keep(self) -> None:
        """Write the set's entry when a version asked for was not in it, for the next run."""
        if self.missed:
            disk.write_json("figures", self.set_name, {name: _entry(self.found[digest]) for digest, name
                                                        in self.keys.items() if digest in self.found})


@functools.cache
def _shared_parts() -> tuple:
    """What every version's figures depend on besides its bytes: contractkit's code, the libraries
    that parse it (load.libraries_key) and the calendars that date it."""
    from contractkit.load import libraries_key

    return "figures", disk.code_key(), libraries_key(), disk.package_key("holidays")


def _parts(prepaid: dt.date | None) -> tuple:
    """_shared_parts(), and the recorded prepayment's day when one dates the versions."""
    return _shared_parts() + ((f"prepaid {prepaid.isoformat()}",) if prepaid else ())


def _key(digest: bytes, prepaid: dt.date | None = None) -> str:
    """A version's cache name: the SHA-256 of its exact bytes and what _parts() names."""
    return disk.key(*_parts(prepaid), digest)


def _compute(text: bytes, rev: str, name: str, prepaid: dt.date | None = None) -> Figures:
    """Parse and compute one version (dated by the recorded prepayment, if any); the result is
    kept on disk by its exact bytes."""
    from contractkit.load import parse_project

    try:
        source = text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RepositoryError(f"{PROJECT_FILE} at {rev[:10]} is not UTF-8 text (byte {exc.start}); "
                              "its figures cannot be recomputed",
                              hint="look at the damaged version: git log -p -- project.yaml") from None
    figures = compute(parse_project(source, name=f"{PROJECT_FILE}@{rev[:10]}"), prepaid)
    found = Figures(figures.total, figures.completion)
    disk.write_json("figures", name, _entry(found))
    return found


def _entry(figures: Figures) -> list[str]:
    return [str(figures.total), figures.completion.isoformat()]


def _shape(entry) -> Figures | None:
    """Figures from a cache entry, or None when it is absent or not of the expected shape."""
    try:
        total, completion = Decimal(entry[0]), dt.date.fromisoformat(entry[1])
    except (TypeError, ValueError, ArithmeticError, IndexError, KeyError):
        return None
    return Figures(total, completion) if total.is_finite() and len(entry) == 2 else None


def recomputed(repo, st: history.State, walk: Walk | None = None,
               prepaid: dt.date | None = None) -> tuple[history.State, list[str]]:
    """The state with every stored figure replaced by one recomputed from the versions, and a
    line for each record whose stored figures differ (edited by hand). walk: the history, if
    the caller started reading it already; prepaid: the recorded day the prepayment arrived,
    which dates every version's completion shown (records store the provisional one)."""
    tagged = [history.tag_commit(repo, record.tag) for record in st.signed]
    found = (walk or Walk(Path(repo.working_tree_dir))).result() if st.changes else None
    versions = _Versions(repo, found.versions if found else {}, found.texts if found else {})
    dated = (_Versions(repo, found.versions if found else {}, found.texts if found else {}, prepaid)
             if prepaid else versions)
    measured = _measured_versions(repo, st.changes, found.parents if found else {},
                                  _adding_commits(found.added) if found else {})
    problems: list[str] = []
    signed = []
    as_signed: dict[str, dt.date] = {}  # tag -> the completion its text states, where the prepayment moved it
    for record, rev in zip(st.signed, tagged, strict=True):
        now = versions.at(rev)
        if now and (now.total, now.completion) != (record.total, record.completion):
            problems.append(f"{records.signature_path(record.tag)} says total {record.total}, completion "
                            f"{record.completion}; the signed version gives {now.total}, {now.completion}")
        stated = now.completion if now else None
        now = dated.at(rev) if now else None
        if now and stated != now.completion and record.kind == "contract":  # an addendum states dated ones
            as_signed[record.tag] = stated
        signed.append(record.model_copy(update=vars(now)) if now else record)
    changes = []
    for change, (sha, base) in zip(st.changes, measured, strict=True):
        after = versions.at(sha)
        before = _base_figures(repo, versions, base) if base else None
        if after is None:
            changes.append(change)
            continue
        delta = after.total - before.total if before else Decimal(0)
        if (delta, after.total) != (change.delta, change.total):
            problems.append(f"{records.change_path(change.id)} says delta {change.delta}, total "
                            f"{change.total}; its edit gives {delta}, {after.total} (edited by hand?)")
        completion = dated.at(sha).completion if prepaid else after.completion
        if change.notice_clause and change.status == "proposed" and change.completion < completion:
            # a notice moves the deal in force, not project.yaml with the proposals not signed in
            # it: its record keeps the completion the notice stated (review-en3 E10)
            completion = change.completion
        changes.append(change.model_copy(update={"delta": delta, "total": after.total,
                                                 "completion": completion}))
    versions.keep()
    if dated is not versions:
        dated.keep()
    extra = {**st.extra, "completion_as_signed": as_signed, "prepaid_on": prepaid}
    return replace(st, signed=signed, changes=changes, extra=extra), problems


def _base_figures(repo, versions: _Versions, base: str) -> Figures | None:
    """The figures a change is measured from: base's, or (an unsigned version there that does not
    parse, skipped with a warning) those of the last version before it that parses."""
    from contractkit.errors import ProjectFileError

    try:
        return versions.at(base)
    except (ProjectFileError, RepositoryError):
        found = history.settled(repo, base)  # raises where base must parse (signed, HEAD)
        return versions.at(found[0]) if found else None


def change_commits(repo, changes: list, walk: Walk | None = None) -> list[tuple[str, str | None]]:
    """_measured_versions for these change requests, from one walk of the history (not one git
    process per change: a teammate's thousands of records stay cheap)."""
    if not changes:
        return []
    found = (walk or Walk(Path(repo.working_tree_dir))).result()
    return _measured_versions(repo, changes, found.parents, _adding_commits(found.added))


def hollow_changes(repo, changes: list) -> list[str]:
    """Change requests whose recording commit edits nothing in the signed scope: `change` never
    records one, so each was written by hand (3,000 of them made `publish` run for minutes)."""
    from contractkit.diff import impact

    seen: dict[tuple[str, str | None], bool] = {}
    out = []
    for change, key in zip(changes, change_commits(repo, changes), strict=True):
        if key not in seen:
            sha, base = key
            before = history.settled(repo, base) if base is not None else None
            seen[key] = before is not None and impact(before[1], history.project_at(repo, sha)).empty
        if seen[key]:
            out.append(change.id)
    return out


def _measured_versions(repo, changes: list, graph: dict[str, list[str]],
                       added: dict[str, str]) -> list[tuple[str, str | None]]:
    """For each change request, the commit that recorded it and the version its delta is measured
    against (the first parent's, or the one before the first commit it covers; None for a
    commit without parents). graph: objects.parents; added: _adding_commits."""
    out = []
    for change in changes:
        sha = added.get(change.id) if not change.renumbered_from else None
        sha = sha or history.resolve(repo, change.id)
        first = graph[sha][:1] if sha in graph else [p.hexsha for p in repo.commit(sha).parents][:1]
        base = change.covers[0] + "^" if change.covers else (first[0] if first else None)
        out.append((sha, base if first else None))
    return out


def _adding_commits(added: list[tuple[str, str]]) -> dict[str, str]:
    """Change id -> the commit that added its record, for every id only one commit ever added
    (two people's CR-001 before a sync renumbered one: history.resolve). added: History.added."""
    found: dict[str, list[str]] = {}
    for sha, path in added:
        if path.endswith(".yaml"):
            found.setdefault(path.rsplit("/", 1)[1].removesuffix(".yaml"), []).append(sha)
    return {cid: shas[0] for cid, shas in found.items() if len(shas) == 1}


def unrecorded_commits(repo, tip: str = "HEAD") -> list[str]:
    """Commits since the last signature that edit the signed scope with no change request:
    a teammate's `git commit` of project.yaml that `sync` brought in, say."""
    from contractkit.diff import impact
    from contractkit.store.repo import run

    tags = history.signature_tags(repo)
    if not tags or not repo.head.is_valid():
        return []
    covered = {sha for c in history.changes(repo, tip) for sha in c.covers}
    log = run(repo, "log", "--no-merges", "--format=%H", f"{history.tag_commit(repo, tags[-1])}..{tip}",
              "--", PROJECT_FILE).split()
    out = []
    for sha in log:
        touched = run(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", sha).split()
        if sha in covered or any(p.startswith(records.CHANGES + "/") for p in touched):
            continue
        if history.blob(repo, sha, PROJECT_FILE) is None:
            out.append(sha)
            continue
        new = history.parses(repo, sha)  # None: a broken unsigned version, skipped (counts as nothing)
        if new is None:
            continue
        # measured from the last version that parses: a broken one before it hides no edit
        old = history.settled(repo, f"{sha}^") if repo.commit(sha).parents else None
        if old is None or not impact(old[1], new).empty:
            out.append(sha)
    return out


def read_state(path: Path, walk=None) -> history.State:
    """Open the project's repository just long enough to read where it stands. walk: a
    store.walk.Walk of it the caller started earlier (else one starts here, if it can help)."""
    from contractkit.store.repo import open_repo
    from contractkit.store.walk import Walk

    walk = walk or Walk.start(path)  # git goes through the history while `state` reads records
    with open_repo(path) as repo:
        return recomputed(repo, history.state(repo, path), walk)[0]


RECORDED_ONCE = ("title", "reason", "requested_by", "requested_on", "kind", "notice_clause", "valid_until")
"""A change record's words, fixed when `change` (or a notice) recorded it: later commands change
only its status, addendum and id (sign, reject, sync's renumbering)."""


def edited_by_hand(repo, change) -> str | None:
    """Why `change` no longer says what was recorded (its words edited after the commit that added
    its record), or None: an addendum or a sheet states only what was recorded."""
    from contractkit.store.repo import run

    path = records.change_path(change.id)  # a renumbered record: as `sync` wrote it under its new id
    added = run(repo, "log", "--diff-filter=A", "--format=%H", "--", path).split()
    if not added:
        return None
    data = history.blob(repo, added[-1], path)
    if data is None:
        return None
    try:
        original = records.parse(records.ChangeRecord, data, path)
    except Exception:  # noqa: BLE001 - a damaged first version is reported as the edit it is
        return f"{records.change_path(change.id)} was recorded damaged at {added[-1][:10]}"
    differ = [f for f in RECORDED_ONCE if getattr(original, f) != getattr(change, f)]
    if not differ:
        return None
    return (f"{records.change_path(change.id)} no longer says what was recorded at {added[-1][:10]} "
            f"({', '.join(differ)} edited by hand)")
