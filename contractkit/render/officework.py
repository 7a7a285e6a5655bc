"""Where LibreOffice's throw-away folder goes: a file system in memory when there is one.

Each conversion gets a new folder holding its profile (about a hundred files and folders), the
DOCX and the PDF, and the command removes it before it ends. On a disk file system that removal
alone took 100-200 ms (every unlink and rmdir waits on the journal; 2-6 ms on tmpfs), and
unpacking the cached profile before LibreOffice starts took twice as long. So the folder is made
in $XDG_RUNTIME_DIR or /dev/shm (memory, private to the user by its 0700 mode like any temporary
folder) when it is a writable folder with room to spare, else where tempfile puts it (the
command's own temporary folder, scratch.py). CONTRACTKIT_OFFICE_TMP names another parent.
"""

from __future__ import annotations

import os
import shutil
import stat

ROOM = 512 * 1024 * 1024
"""Free bytes a memory file system must have to be used (a small /dev/shm of a container is not)."""
PREFIX = "contractkit-office-"


def parent() -> str | None:
    """The folder to make LibreOffice's throw-away folder in (None: tempfile's default)."""
    given = os.environ.get("CONTRACTKIT_OFFICE_TMP")
    if given:
        return given
    for folder in (os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm"):
        if folder and _usable(folder):
            sweep(folder)
            return folder
    return None


def sweep(folder: str) -> list[str]:
    """Remove the throw-away folders a SIGKILLed command left in `folder`: ours by name, owned by
    this user, real folders (never a link), and made by a process that no longer runs. Returns
    the names removed. Memory is not the command's temporary folder, which goes with the command."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    gone = []
    for name in names:
        pid = name[len(PREFIX):].split("-", 1)[0] if name.startswith(PREFIX) else ""
        if not pid.isdigit() or _alive(int(pid)):
            continue
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode):
            shutil.rmtree(path, ignore_errors=True)
            gone.append(name)
    return gone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def prefix() -> str:
    """The folder's name begins with the command's process id, so that what one command left
    behind (only a SIGKILL does) is told apart from another's."""
    return f"{PREFIX}{os.getpid()}-"


def _usable(folder: str) -> bool:
    try:
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
            return False
        space = os.statvfs(folder)
    except OSError:
        return False
    return space.f_bavail * space.f_frsize >= ROOM
