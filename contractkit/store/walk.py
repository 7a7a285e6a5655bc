"""A project's history as store/audit.py reads it, read by git from the moment it is asked for.

Recomputing every change request's figures needs each commit's parents, the commit that added
each change record and project.yaml there and just before. That is git's work, and over a thousand
change requests most of it is going through a thousand versions of the records folder. A Walk
starts it in background threads and hands it over when asked: made before a command imports the
models and views that read it (`log`), it runs on another core meanwhile. This module imports
nothing heavy (no GitPython, no models) for that reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from contractkit.bounds import MAX_BYTES, PROJECT_FILE
from contractkit.errors import RepositoryError
from contractkit.store import objects
from contractkit.store.layout import CHANGES


@dataclass(frozen=True)
class History:
    """What git said about HEAD's history."""

    parents: dict[str, list[str]]
    """Every commit -> its parents, the first parent first."""
    added: list[tuple[str, str]]
    """(commit, path) for each change record a commit added (objects.added)."""
    versions: dict[str, bytes | None]
    """project.yaml at each commit that added a change record and at its first parent, as the
    SHA-256 of its bytes (None where it has none): the versions a change request's figures come
    from, and what their figures are kept under."""
    texts: dict[bytes, bytes]
    """Those versions' bytes by their SHA-256, as far as this walk read them (none when the walk
    came from the cache: the figures come from theirs, a version missing there is read then)."""


class Walk:
    """HEAD's history of the project at path, read in the background from construction on."""

    def __init__(self, path: Path):
        import threading

        self.path = path
        self._found: History | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="contractkit-walk", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, path: Path) -> Walk | None:
        """A walk, or None where the working tree has no change records to walk for (whoever needs
        the history anyway, store/audit.py, makes its own)."""
        from contractkit.store.gitenv import own_repository

        return cls(path) if own_repository(path) and (path / CHANGES).is_dir() else None

    def result(self) -> History:
        """The history, once git has given all of it; what it raised (RepositoryError) if not."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._found

    def _run(self) -> None:
        try:
            self._found = self._read()
        except BaseException as exc:  # noqa: BLE001 - handed to whoever asks for the result
            self._error = exc

    def _read(self) -> History:
        from contractkit.store.repo import check_config, refuse_shallow

        check_config(self.path)  # no git runs in a repository whose own configuration is refused,
        refuse_shallow(self.path)  # nor in one the command is about to refuse
        head = _head(self.path) if not (self.path / ".git" / "info" / "grafts").exists() else None
        where = objects.repository_key(self.path / ".git")  # another copy's walk is not read (B02)
        head = head if where else None
        found = _cached(head, where) if head else None
        if found is None:
            found = _walked(self.path, head or "HEAD")
            if head:
                _keep(head, where, found)
        return found


def _walked(path: Path, head: str) -> History:
    """The history from git: one rev-list, one diff-tree and one cat-file batch for all of it."""
    graph = objects.parents(path, head)
    added = objects.added(path, list(graph), CHANGES)
    needed = {sha: None for commit, _ in added for sha in (commit, *graph[commit][:1])}
    read = objects.contents(path, [f"{sha}:{PROJECT_FILE}" for sha in needed], MAX_BYTES)
    texts = {sha: read[f"{sha}:{PROJECT_FILE}"] for sha in needed}
    digests = {text: hashlib.sha256(text).digest() for text in set(texts.values()) if text is not None}
    return History(graph, added, {sha: digests.get(text) if text is not None else None
                                  for sha, text in texts.items()},
                   {digest: text for text, digest in digests.items()})


def _head(path: Path) -> str | None:
    """HEAD's commit id (None when git cannot say: the walk then reports what git says)."""
    try:
        out = objects.run(path, ("rev-parse", "--verify", "-q", "HEAD^{commit}")).decode("ascii").strip()
    except (RepositoryError, UnicodeDecodeError):
        return None
    return out if objects.OBJECT_ID.match(out) else None


def _key(head: str, where: tuple) -> str:
    """A commit id names its whole history (every parent, tree and blob, by their ids), so the
    walk of it never changes; contractkit's code (what walks, and where records live) is part of
    the name, and the repository it was walked in (objects.repository_key)."""
    from contractkit import cache

    return cache.key("walk", head, where, cache.code_key())


def _cached(head: str, where: tuple) -> History | None:
    """The walk of this commit's history from the user's cache (None when absent or bad)."""
    from contractkit import cache

    entry = cache.read_json("walk", _key(head, where))
    try:
        parents = {str(k): [str(p) for p in v] for k, v in entry["parents"].items()}
        added = [(str(sha), str(name)) for sha, name in entry["added"]]
        versions = {str(k): None if v is None else bytes.fromhex(v) for k, v in entry["versions"].items()}
    except (TypeError, KeyError, AttributeError, ValueError):
        return None
    if head not in parents or any(sha not in parents for sha, _ in added):
        return None
    return History(parents, added, versions, {})


def _keep(head: str, where: tuple, found: History) -> None:
    from contractkit import cache

    cache.write_json("walk", _key(head, where), {
        "parents": found.parents, "added": found.added,
        "versions": {k: None if v is None else v.hex() for k, v in found.versions.items()}})
