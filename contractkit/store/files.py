"""Atomic file writes that follow no link, and hashing files without reading them whole.

A reader sees the old file or the new one, never half of either. A project's tree comes through
git, where a symbolic link can point anywhere: so no folder between the project and the file, and
not the file itself, may be a link, and the temporary file is created with O_NOFOLLOW | O_EXCL.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

from contractkit.bounds import MAX_BYTES, PROJECT_FILE  # noqa: F401 - MAX_BYTES: store.files.MAX_BYTES as before
from contractkit.errors import WorkspaceError
from contractkit.workspace import link_error

CHUNK = 1 << 20


def _project_of(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` holding a project.yaml (the project root)."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / PROJECT_FILE):
            return candidate
    return None


def _refuse(path: Path, why: str) -> WorkspaceError:
    project = _project_of(path.parent) or path.parent
    if why == "link":
        return link_error(project, path)
    return WorkspaceError(f"{path} is a {why}; refusing to write over it",
                          hint="move it away and run the command again")


def check_folders(folder: Path) -> None:
    """Refuse a link or a non-folder anywhere between the project root and `folder`."""
    project = _project_of(folder)
    if project is None:
        return  # not in a project: a folder the user chose
    for part in (p for p in (folder, *folder.parents) if project in p.parents):
        try:
            mode = os.lstat(part).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # not there yet; a file above it is refused when the loop reaches it
        if stat.S_ISLNK(mode):
            raise _refuse(part, "link")
        if not stat.S_ISDIR(mode):
            raise _refuse(part, "file where a folder should be")


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a new temporary file in the same folder, fsync, then rename over the target."""
    check_folders(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_folders(path.parent)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        raise _refuse(path, "link")
    if mode is not None and not stat.S_ISREG(mode):
        raise _refuse(path, "folder" if stat.S_ISDIR(mode) else "special file")
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_all_atomic(files: dict[Path, bytes], after_each=None) -> None:
    """Write several files, each atomically; nothing is written unless all data is ready."""
    for path in files:
        check_folders(path.parent)
    for path, data in files.items():
        write_atomic(path, data)
        if after_each:
            after_each()


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes, not following a link and refusing more than `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(0, "not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(0, f"over {limit:,} bytes")
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> tuple[str, int]:
    """The SHA-256 hex digest and size of a file, read in 1 MiB chunks (any size, little memory)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
