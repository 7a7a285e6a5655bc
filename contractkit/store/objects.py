"""Many git objects read in a few git processes, for commands that walk a long history.

`log` over a thousand change requests needs a version of project.yaml per change and the
commit that added each record: one round trip per object (a GitPython lookup or a git process)
costs far more than the reading itself. These functions ask git once for all of them, through
store/repo.py's `spawn`, so the forced safe configuration holds for every process.
"""

from __future__ import annotations

import atexit
import re
from pathlib import Path

from contractkit.errors import RepositoryError

TYPES = (b"blob", b"tree", b"commit", b"tag")
OBJECT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
NAME = re.compile(r"^[^\s]+$")
"""An object name as cat-file --batch reads it: one line, and no blank, so its answer parses."""


def _names(names: list[str]) -> list[str]:
    """The names once each, in order; ValueError for one a cat-file batch cannot take."""
    unique = list(dict.fromkeys(names))
    for name in unique:
        if not NAME.match(name):
            raise ValueError(f"not an object name for a cat-file batch: {name!r}")
    return unique


def repository_key(git_dir) -> tuple:
    """Which repository a cached answer about its history came from: its git folder's real path
    and the identity (device, inode) of that folder and of its object store. A commit id names its
    history only as long as git reads it from the commits; an entry one copy wrote (a received
    archive whose .git misleads git) must not answer for another (red team 14, B02)."""
    import os

    real = os.path.realpath(git_dir)
    found: list = [real]
    for folder in (real, os.path.join(real, "objects")):
        try:
            info = os.stat(folder)
        except OSError:
            return ()
        found += [info.st_dev, info.st_ino]
    return tuple(found)


_running: set = set()
"""git processes started here and not yet finished (a walk runs them in a background thread)."""
_stopping = False


@atexit.register
def stop() -> None:
    """At exit, end every git process still running for this command, and start no other: the
    command may end (an error, a refused repository) before a background walk does."""
    global _stopping
    _stopping = True
    for process in list(_running):
        process.kill()
        process.wait()


def _git(path: Path, args: tuple[str, ...], lines: list[str] | None = None) -> bytes:
    """Run git with these arguments in the repository at path (store/repo.py's `spawn`: the
    forced safe configuration), feed it the lines, and return all it wrote. Input and output go
    through files, not pipes: git then runs at full speed without waking this process (nor
    taking its interpreter lock, when a thread waits for it) for every 64 KiB."""
    import tempfile

    from contractkit.store.repo import spawn

    with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as out:
        given.write("".join(line + "\n" for line in lines or ()).encode("utf-8"))
        given.seek(0)
        if _stopping:
            raise RepositoryError("the command is ending")
        process = spawn(path, *args, stdin=given, stdout=out)
        _running.add(process)
        try:
            err = process.communicate()[1]
        finally:
            _running.discard(process)
        if process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise RepositoryError(f"git {args[0]} failed: {detail[-1] if detail else process.returncode}")
        out.seek(0)
        return out.read()


def run(path: Path, args: tuple[str, ...]) -> bytes:
    """What git with these arguments writes, in the repository at path (as _git runs it)."""
    return _git(path, args)


MAX_TOTAL = 1 << 30
"""Bytes all the versions read at once may come to: a repository's compressed history can hold
versions that unpack to far more than memory."""


def contents(path: Path, names: list[str], limit: int) -> dict[str, bytes | None]:
    """Each name's object content (`<commit>:<path>`, an object id...), None for a name git finds
    no object for: one `git cat-file --batch` for them all, after one `--batch-check` for their
    sizes; an object over `limit` bytes (or all of them over MAX_TOTAL) is refused, unread. A
    name that resolves to a tree gives the tree's raw bytes, as GitPython's data stream does."""
    unique = _names(names)
    total = 0
    for line, name in zip(_git(path, ("cat-file", "--batch-check"), unique).splitlines(), unique,
                          strict=False) if unique else ():
        fields = line.split(b" ")
        size = int(fields[2]) if len(fields) == 3 and fields[2].isdigit() else 0
        if size > limit:
            raise RepositoryError(f"{name} in the history is {size:,} bytes, over the {limit:,} a "
                                  "project file may have; refused")
        total += size
    if total > MAX_TOTAL:
        raise RepositoryError(f"the history's versions come to {total:,} bytes, over {MAX_TOTAL:,}; refused")
    out = _git(path, ("cat-file", "--batch"), unique) if unique else b""
    found: dict[str, bytes | None] = {}
    pos = 0
    for name in unique:
        end = out.find(b"\n", pos)
        if end < 0:
            raise RepositoryError(f"git cat-file gave no answer for {name}")
        header, pos = out[pos:end], end + 1
        fields = header.split(b" ")
        if fields[-1] in (b"missing", b"ambiguous"):
            found[name] = None
            continue
        if len(fields) != 3 or fields[1] not in TYPES or not fields[2].isdigit():
            raise RepositoryError(f"git cat-file answered {header!r} for {name}")
        size = int(fields[2])
        if pos + size >= len(out):
            raise RepositoryError(f"git cat-file stopped in the middle of {name}")
        found[name], pos = out[pos:pos + size], pos + size + 1
    return found


def parents(path: Path, rev: str = "HEAD") -> dict[str, list[str]]:
    """Every commit of rev's history -> its parents (the first parent first): one git process."""
    out: dict[str, list[str]] = {}
    for line in _git(path, ("rev-list", "--parents", rev, "--")).decode("ascii", "replace").splitlines():
        sha, *rest = line.split()
        out[sha] = rest
    return out


def added(path: Path, commits: list[str], folder: str) -> list[tuple[str, str]]:
    """(commit, path) for each file under folder a commit added, as `git log --full-history
    --diff-filter=A -- folder` lists them (merges show none; a rename is no addition), but in one
    diff-tree over the given commits, which skips log's second walk through every tree."""
    if not commits:
        return []
    out = _git(path, ("diff-tree", "--stdin", "-r", "--root", "-M", "--diff-filter=A",
                              "--name-only", "--", folder), commits)
    found = []
    sha = ""
    for line in out.decode("utf-8", "replace").splitlines():
        if OBJECT_ID.match(line):
            sha = line
        elif sha and line.startswith(folder + "/"):
            found.append((sha, line))
    return found

