"""Processes a test started, read from /proc: which children one has, whether one still runs."""

from __future__ import annotations

import glob
import time
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie nobody reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` now."""
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.split("/")[2]))
    return found


def still_running(pids: list[int], patience: float = 10.0) -> list[int]:
    """Those of `pids` still running after up to `patience` seconds (ending ones are given the time
    the scheduler takes to run them out; this is no measure of speed)."""
    deadline = time.monotonic() + patience
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]
