"""One writer per project at a time.

The lock is an flock on `.contractkit.lock` in the project folder: the kernel releases it when
the holder exits or dies, so a lock file left by a killed process is stale by construction and is
simply taken over. The file records the holder's pid for the message a waiting command prints.
"""

from __future__ import annotations

import fcntl
import os
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
    path = project / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LockedError(f"{project.name}: cannot open the lock file {LOCK_FILE}: {exc.strerror}",
                          hint=f"it must be a writable plain file; if it is a folder, remove it: rm -r {path}"
                          ) from None
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
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the flock


def is_held(project: Path) -> bool:
    """True while a live process holds the project's lock."""
    path = project / LOCK_FILE
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
