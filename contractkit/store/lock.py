"""One writer per project at a time.

The lock is an flock on `.contractkit.lock` in the project folder: the kernel releases it when
the holder exits or dies, so a lock file left by a killed process is stale by construction and is
simply taken over. The file records the holder's pid for the message a waiting command prints.
"""

from __future__ import annotations

import fcntl
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contractkit.errors import LockedError

LOCK_FILE = ".contractkit.lock"
DEFAULT_WAIT = float(os.environ.get("CONTRACTKIT_LOCK_WAIT", "10"))


@contextmanager
def locked(project: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the project's write lock; wait up to `wait` seconds, then fail with LockedError."""
    wait = DEFAULT_WAIT if wait is None else wait
    fd = _open(project, create=True)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                    raise LockedError(
                        f"{project.name}: another contractkit command (pid {holder}) is writing "
                        f"this project", hint="wait for it to finish and run the command again",
                    ) from None
                time.sleep(0.05)
        pid = str(os.getpid()).encode()
        os.pwrite(fd, pid, 0)
        os.ftruncate(fd, len(pid))
        yield
    finally:
        os.close(fd)  # releases the flock


def is_held(project: Path) -> bool:
    """True while a live process holds the project's lock."""
    if not os.path.lexists(project / LOCK_FILE):
        return False
    fd = _open(project, create=False)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _open(project: Path, create: bool) -> int:
    """The lock file, opened without following a link; a link, a folder or a hard-linked file in
    its place is refused before anything is written, so no other file can be truncated."""
    path = project / LOCK_FILE
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if os.path.islink(path):
            from contractkit.workspace import link_error

            raise link_error(project, path) from None
        what = "a folder" if os.path.isdir(path) else exc.strerror
        raise LockedError(f"{project.name}/{LOCK_FILE}: cannot use it as the project's lock: {what}",
                          hint=f"remove {path} and run the command again") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        what = "has other names (a hard link)" if stat.S_ISREG(info.st_mode) else "not a regular file"
        raise LockedError(f"{project.name}/{LOCK_FILE}: cannot use it as the project's lock: {what}",
                          hint=f"remove {path} and run the command again")
    return fd
