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
from contractkit.store import objects
from contractkit.store.layout import CHANGES


@dataclass(frozen=True)
class History:
    """What git said about HEAD's history."""

    parents: dict[str, list[str]]
    """Every commit -> its parents, the first parent first."""
    added: list[tuple[str, str]]
    """(commit, path) for each change record a commit added (objects.added)."""
    texts: dict[str, bytes | None]
    """project.yaml at each commit that added a change record and at its first parent (None
    where it has none): the versions a change request's figures come from."""
    digests: dict[bytes, bytes]
    """Each of those versions -> the SHA-256 of its bytes (what its figures are kept under)."""


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
        graph = objects.parents(self.path)
        added = objects.added(self.path, list(graph), CHANGES)
        needed = {sha: None for commit, _ in added for sha in (commit, *graph[commit][:1])}
        read = objects.contents(self.path, [f"{sha}:{PROJECT_FILE}" for sha in needed], MAX_BYTES)
        texts = {sha: read[f"{sha}:{PROJECT_FILE}"] for sha in needed}
        digests = {text: hashlib.sha256(text).digest() for text in set(texts.values()) if text is not None}
        return History(graph, added, texts, digests)
