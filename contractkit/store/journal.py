"""A rollback journal for commands that write several files before one commit (and a tag).

Before writing, a command records HEAD and the previous content of every file it will touch. If
it dies before its last step, the next command (or `doctor --fix`) puts those files back, in the
working tree and in the index (a file left staged counts as a leftover too): the project is as it
was before. If it finished, the journal is dropped: the project is as after.

`sign` ends with a tag, not a commit. Killed between its commit and its tag, its commit is taken
back (the branch returns to the journal's HEAD, which only this machine ever saw, because `sync`
recovers first): a signature exists only once its tag does, so the next `sign` starts afresh with
its own date, signers and hashes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contractkit.store.files import write_atomic

JOURNAL = ".contractkit/journal.json"


@contextmanager
def journaled(path: Path, repo, operation: str, files: list[str], tag: str | None = None
              ) -> Iterator[None]:
    """Record how to undo writes to `files`; the journal goes once the block completes. A block
    that fails (a full disk, a read-only folder, git refusing) is undone at once: nothing is left
    half-written, and the error is one line."""
    entries = {}
    for name in files:
        target = path / name
        entries[name] = base64.b64encode(target.read_bytes()).decode() if target.exists() else None
    try:
        write_atomic(path / JOURNAL, json.dumps({"operation": operation, "head": repo.head.commit.hexsha,
                                                 "tag": tag, "files": entries}).encode())
    except OSError as exc:
        (path / JOURNAL).unlink(missing_ok=True)
        raise _disk_error(exc, operation) from None
    try:
        yield
    except BaseException as exc:
        try:
            recover(path, repo)
        except Exception:  # noqa: BLE001 - the journal stays; the next command finishes the undo
            pass
        if isinstance(exc, OSError):
            raise _disk_error(exc, operation) from None
        raise
    (path / JOURNAL).unlink(missing_ok=True)


def _disk_error(exc: OSError, operation: str):
    from contractkit.errors import RepositoryError

    where = f" {exc.filename}" if exc.filename else ""
    return RepositoryError(f"cannot write{where}: {exc.strerror or exc}; '{operation}' changed nothing",
                           hint="free some space or make the project folder writable, then run it again")


def pending(path: Path) -> dict | None:
    """The journal of an interrupted command, if one is there (None for an unreadable one too)."""
    try:
        return json.loads((path / JOURNAL).read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None


def recover(path: Path, repo) -> str | None:
    """Finish or undo an interrupted command; returns what was done, if anything."""
    from contractkit.store.repo import run

    journal = path / JOURNAL
    if not journal.exists():
        return None
    data = pending(path)
    if not isinstance(data, dict) or not {"operation", "head", "files"} <= data.keys():
        journal.unlink(missing_ok=True)
        return "removed an unreadable journal left by an interrupted command"
    _stale_index_lock(path, repo, journal)
    head = repo.head.commit.hexsha if repo.head.is_valid() else ""
    operation, files = data["operation"], data["files"]
    if data["head"] != head:
        if not _untagged_sign_on_top(repo, data):
            journal.unlink()
            return f"the interrupted '{operation}' had finished; nothing to undo"
        run(repo, "reset", "--soft", "--quiet", data["head"])
    for name, content in files.items():
        target = path / name
        if content is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, base64.b64decode(content))
    if files:
        run(repo, "reset", "--quiet", "HEAD", "--", *files)  # nothing of it left staged
    journal.unlink()
    return f"undid the unfinished '{operation}': its files are as they were before it"


def _untagged_sign_on_top(repo, data: dict) -> bool:
    """HEAD is the commit of an interrupted `sign` (made on the journal's HEAD), still untagged."""
    if data["operation"] != "sign" or not data.get("tag"):
        return False
    commit = repo.head.commit
    return ([p.hexsha for p in commit.parents] == [data["head"]]
            and data["tag"] not in {t.name for t in repo.tags})


def _stale_index_lock(path: Path, repo, journal: Path) -> None:
    """A git process killed with the command leaves .git/index.lock; it is ours once it is younger
    than the journal (we hold the project's lock, so no other contractkit command runs)."""
    lock = Path(repo.git_dir) / "index.lock"
    try:
        if lock.stat().st_mtime >= journal.stat().st_mtime:
            lock.unlink()
    except OSError:
        pass
