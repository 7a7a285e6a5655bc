"""A rollback journal for commands that write several files before one commit (and a tag).

Before writing, a command records HEAD and the previous content of every file it will touch. If
it dies before its last step, the next command (or `doctor --fix`) puts those files back, in the
working tree and in the index (a file left staged counts as a leftover too): the project is as it
was before. If it finished, the journal is dropped: the project is as after.

`sign` ends with a tag, not a commit. Killed between its commit and its tag, its commit is taken
back (the branch returns to the journal's HEAD, which only this machine ever saw, because `sync`
recovers first): a signature exists only once its tag does, so the next `sign` starts afresh with
its own date, signers and hashes.

The journal is this machine's private state: it lives in `.git/contractkit/journal.json`, where no
commit can carry it. But an archive of the folder carries its .git (red team 13, B02), so a journal
is replayed only if this machine wrote it: a mark of its bytes and of the repository is kept in the
user's state folder (as signatures and approvals are), written before the journal and removed with
it. A journal without its mark is refused, never replayed (`doctor --fix` removes it); so is one in
the project's tree (`.contractkit/journal.json`, where older versions kept it), tracked or not.
Before anything is replayed every entry is checked too: the operation, the commit, the tag, and
each path, which must be one of the project files a command writes (project.yaml or a record under
.contractkit/), relative, with no `..`, no absolute path and no link on the way.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contractkit.store.files import write_atomic

JOURNAL = ".git/contractkit/journal.json"
LEGACY = ".contractkit/journal.json"
"""Where older versions kept it: in the project's tree, and so within reach of `git add -f`."""
OPERATIONS = {"change", "reject", "sign", "letter", "request", "billing"}
FILE_NAME = re.compile(r"^(?:project\.yaml|\.contractkit(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)+)$")
COMMIT = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
TAG = re.compile(r"^(?:contract|addendum-[1-9][0-9]{0,3})$")


@contextmanager
def journaled(path: Path, repo, operation: str, files: list[str], tag: str | None = None
              ) -> Iterator[None]:
    """Record how to undo writes to `files`; the journal goes once the block completes. A block
    that fails (a full disk, a read-only folder, git refusing) is undone at once: nothing is left
    half-written, and the error is one line."""
    if not all(isinstance(n, str) and FILE_NAME.match(n) for n in files):
        raise ValueError(f"not project files a command writes: {files}")
    entries = {}
    for name in files:
        target = path / name
        entries[name] = base64.b64encode(target.read_bytes()).decode() if target.exists() else None
    data = json.dumps({"operation": operation, "head": repo.head.commit.hexsha, "tag": tag,
                       "files": entries}).encode()
    try:
        own(repo, data)  # the mark first: a journal never stands without it
        write_atomic(path / JOURNAL, data)
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
    _mark(repo, data).unlink(missing_ok=True)


def _disk_error(exc: OSError, operation: str):
    from contractkit.errors import RepositoryError

    where = f" {exc.filename}" if exc.filename else ""
    return RepositoryError(f"cannot write{where}: {exc.strerror or exc}; '{operation}' changed nothing",
                           hint="free some space or make the project folder writable, then run it again")


def pending(path: Path) -> dict | None:
    """The journal of an interrupted command, if one is there (None for an unreadable one too)."""
    return _read(path / JOURNAL)


def recover(path: Path, repo) -> str | None:
    """Finish or undo an interrupted command; returns what was done, if anything. A journal that
    git tracks, or whose entries are not what a command of ours writes, is refused (RepositoryError
    naming it) and nothing of it is replayed."""
    from contractkit.errors import RepositoryError
    from contractkit.store.repo import run

    found = problem(path, repo)
    if found:
        raise RepositoryError(found + "; refused, nothing of it was replayed", hint=(
            f"remove it from the repository: git rm -q {LEGACY} && git commit -m 'Remove a journal'"
            if found.startswith(LEGACY + " is in the repository") else
            "no command of this machine wrote it: 'contractkit doctor --fix' removes it"))
    journal = path / JOURNAL
    if not os.path.lexists(journal):
        return None
    data = pending(path)
    if data is None:
        journal.unlink(missing_ok=True)
        return "removed an unreadable journal left by an interrupted command"
    mark = _mark(repo, journal.read_bytes())
    _stale_index_lock(path, repo, journal)
    head = repo.head.commit.hexsha if repo.head.is_valid() else ""
    operation, files = data["operation"], data["files"]
    if data["head"] != head:
        if not _untagged_sign_on_top(repo, data):
            journal.unlink()
            mark.unlink(missing_ok=True)
            return f"the interrupted '{operation}' had finished; nothing to undo"
        run(repo, "reset", "--soft", "--quiet", data["head"])
    for name, content in files.items():
        target = path / name
        if content is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, base64.b64decode(content, validate=True))
    if files:
        run(repo, "reset", "--quiet", "HEAD", "--", *files)  # nothing of it left staged
    journal.unlink()
    mark.unlink(missing_ok=True)
    return f"undid the unfinished '{operation}': its files are as they were before it"


def present(path: Path) -> list[str]:
    """The journals there are: this machine's, and one an older version left in the tree."""
    return [name for name in (JOURNAL, LEGACY) if os.path.lexists(path / name)]


def problem(path: Path, repo) -> str | None:
    """Why the journal (either place) must not be replayed, or None (also when there is none)."""
    if tracked(repo):
        return (f"{LEGACY} is in the repository: a journal is this machine's private state and never "
                "comes from git")
    for name in present(path):
        linked = _linked(path, name)
        if linked:
            return linked
        if not stat.S_ISREG(os.lstat(path / name).st_mode):
            return f"{name} is not a plain file"
        data = _read(path / name)
        if data is None:
            continue  # unreadable: removed, as a journal cut short by a crash is
        found = invalid(path, data)
        if found:
            return f"{name}: {found}"
        if name == LEGACY or not _mark(repo, (path / name).read_bytes()).is_file():
            return (f"{name} was not written by a command on this machine (it came with the folder or its "
                    ".git, as an archive of the project carries them)")
    if len(present(path)) == 2:
        return f"there are two journals, {LEGACY} and {JOURNAL}"
    return None


def own(repo, data: bytes) -> None:
    """Remember that this machine writes this journal for this repository (red team 13, B02)."""
    write_atomic(_mark(repo, data), b"")


def _mark(repo, data: bytes) -> Path:
    import hashlib

    from contractkit.workspace import state_dir

    where = os.path.realpath(repo.git_dir).encode("utf-8", "surrogateescape")
    return state_dir() / "journals" / hashlib.sha256(where + b"\0" + data).hexdigest()


def _linked(path: Path, name: str) -> str:
    """Why the journal `name` is reached through a link or a file on its way ('' when it is not)."""
    from contractkit.errors import ContractkitError
    from contractkit.store.files import check_folders

    try:
        check_folders((path / name).parent)
    except ContractkitError as exc:
        return f"{name}: {exc.message}"
    return ""


def discard(path: Path) -> list[str]:
    """Remove untracked journals without replaying them (doctor --fix, for a refused one)."""
    gone = []
    for name in present(path):
        target = path / name
        if _linked(path, name):
            continue  # reached through a link: another place's file, never removed (red team 14, B04)
        if stat.S_ISREG(os.lstat(target).st_mode) or os.path.islink(target):
            target.unlink()
            gone.append(name)
    return gone


def invalid(path: Path, data: dict) -> str | None:
    """Why this journal is not one a command of ours wrote, or None."""
    if data.get("operation") not in OPERATIONS:
        return f"unknown operation {str(data.get('operation'))[:40]!r}"
    if not isinstance(data.get("head"), str) or not COMMIT.match(data["head"]):
        return "its commit is not a commit id"
    if data.get("tag") is not None and (not isinstance(data["tag"], str) or not TAG.match(data["tag"])):
        return f"{str(data['tag'])[:40]!r} is not a signature tag"
    files = data.get("files")
    if not isinstance(files, dict):
        return "its files are not a list of project files"
    for name, content in files.items():
        try:
            _check_name(path, name)
        except ValueError as exc:
            return str(exc)
        if content is not None and not _base64(content):
            return f"the content recorded for {name} is damaged"
    return None


def _base64(content) -> bool:
    try:
        return isinstance(content, str) and base64.b64decode(content, validate=True) is not None
    except (binascii.Error, ValueError):
        return False


def _check_name(path: Path, name) -> None:
    """ValueError unless name is a project file a command writes, reached through no link."""
    if not isinstance(name, str) or not FILE_NAME.match(name) or name == LEGACY:
        raise ValueError(f"{str(name)[:80]!r} is not a project file a command writes "
                         "(project.yaml or a record under .contractkit/)")
    parts = name.split("/")
    for i in range(1, len(parts) + 1):
        try:
            mode = os.lstat(path.joinpath(*parts[:i])).st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise ValueError(f"{name}: {exc.strerror}") from None
        if stat.S_ISLNK(mode):
            raise ValueError(f"{'/'.join(parts[:i])} is a link (the journal may write only the project's "
                             "own files)")


def tracked(repo) -> bool:
    """A journal in the project's tree that git tracks (committed, or staged)."""
    from contractkit.store.repo import run

    if run(repo, "ls-files", "--", LEGACY).strip():
        return True
    try:
        repo.head.commit.tree / LEGACY
    except (KeyError, ValueError):
        return False
    return True


def _read(file: Path) -> dict | None:
    """A journal's data, or None for one that cannot be read or lacks its keys."""
    from contractkit.store.files import read_regular

    try:
        data = json.loads(read_regular(file, 64 * 1024 * 1024).decode("utf-8"))
    except (ValueError, OSError):
        return None
    if not isinstance(data, dict) or not {"operation", "head", "files"} <= data.keys():
        return None
    return data


def _untagged_sign_on_top(repo, data: dict) -> bool:
    """HEAD is the commit of an interrupted `sign` (made on the journal's HEAD), still untagged."""
    if data["operation"] != "sign" or not data.get("tag"):
        return False
    from contractkit.store.records import signature_path

    record = signature_path(data["tag"])
    commit = repo.head.commit
    try:
        commit.tree / record  # the commit `sign` made holds its record
    except KeyError:
        return False
    return ([p.hexsha for p in commit.parents] == [data["head"]] and record in data["files"]
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
