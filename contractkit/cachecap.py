"""The cache folder's size cap (CONTRACTKIT_CACHE_MAX_MB, default CAP_MB): each write counts itself
in a small ledger (one byte per entry and per 4 KiB), and once an eighth of the cap was written
since the last look, the writer walks the folder and removes the least recently used entries (by
access time, else modification time) until it holds 90% of the cap. No other command walks it; a
command that only reads pays nothing (cache.py writes, and calls account with its folder)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

CAP_MB = 200
"""The default size cap of the whole cache folder, in megabytes (CONTRACTKIT_CACHE_MAX_MB)."""
LEDGER = ".written"
"""The file at the cache's root whose length counts what was written since the last trim."""
UNIT = 4096


def cap_bytes() -> int:
    """The size cap of the cache folder: CONTRACTKIT_CACHE_MAX_MB megabytes, default CAP_MB;
    ValueError for a value that is no size."""
    given = os.environ.get("CONTRACTKIT_CACHE_MAX_MB", "").strip()
    if not given:
        return CAP_MB * 1024 * 1024
    try:
        megabytes = float(given)
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes < 1 << 40:
        raise ValueError(f"CONTRACTKIT_CACHE_MAX_MB: {given!r} is not a size in megabytes")
    return int(megabytes * 1024 * 1024)


_ledger: tuple[str, int, tuple[int, int]] | None = None
"""The ledger this process appends to, open for its whole life: (path, descriptor, the file's
(device, inode) as opened)."""


def account(size: int, cap: int, root: Path) -> None:
    """Add a write to the ledger (a byte for the entry and one per UNIT of it, so its length
    says how much was written without reading it); trim the folder past an eighth of the cap."""
    global _ledger
    path = str(root / LEDGER)
    fd = _ledger_fd(path)
    if fd is None:
        return
    os.write(fd, b"." * (1 + size // UNIT))
    if os.fstat(fd).st_size * UNIT * 8 < cap:
        return
    os.ftruncate(fd, 0)
    trim(root, cap)


def _ledger_fd(path: str) -> int | None:
    """The descriptor of the ledger at `path`, opened once. A descriptor is only ever written to
    or closed while it is still the file it was opened on: one closed elsewhere and its number
    given to another file (a Word package being read, a document being written) is forgotten,
    never written to, truncated or closed. None: the ledger cannot be opened (that write goes
    unaccounted, as a write to a cache that cannot be changed is not made at all)."""
    global _ledger
    if _ledger is not None:
        old_path, old_fd, identity = _ledger
        try:
            info = os.fstat(old_fd)
            same = (info.st_dev, info.st_ino) == identity
        except OSError:
            same = False
        if same and old_path == path:
            return old_fd
        _ledger = None  # before closing: never a number this process no longer owns
        if same:
            os.close(old_fd)
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    _ledger = (path, fd, (info.st_dev, info.st_ino))
    return fd


def trim(root: Path, cap: int | None = None) -> int:
    """Remove the least recently used entries until the folder holds 90% of `cap` (default: the
    configured cap), and writes of killed processes older than an hour; the bytes it holds after."""
    import time

    cap = cap_bytes() if cap is None else cap
    entries, total, stale = [], 0, time.time() - 3600
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            if name.startswith(".tmp-") and info.st_mtime < stale:
                _remove(path)
            elif name != LEDGER or folder != str(root):
                entries.append((max(info.st_atime, info.st_mtime), info.st_size, path))
                total += info.st_size
    if total <= cap:
        return total
    entries.sort()
    for _, size, path in entries:
        if total <= cap * 0.9:
            break
        if _remove(path):
            total -= size
    return total


def _remove(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    try:
        os.rmdir(os.path.dirname(path))  # a prefix folder left empty
    except OSError:
        pass
    return True
