"""Child processes that run Python: never with the current folder on their import path.

`python -m contractkit` puts the current folder first on sys.path, so a `contractkit/` package or a
`contractkit.py` that a teammate committed to a project (or a repository named `contractkit` cloned
into the workspace) replaced contractkit in every child started there. A child is started here:
with -P (nothing prepended to sys.path), in a fixed folder, with only absolute PYTHONPATH entries
and this very contractkit's folder first on it, and every path on its command line absolute.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SAFE_CWD = "/"
"""Where a child runs: not a project, not the workspace, nothing a teammate can write to."""


def package_root() -> str:
    """The folder this contractkit was imported from, so a child runs the same code."""
    return str(Path(__file__).resolve().parents[1])


def python_path(current: str | None) -> str:
    """This contractkit's folder (unless it is an installed package's site-packages, which the
    child finds anyway and which must not go before the standard library), then the absolute
    entries of `current` (a relative or empty one names the current folder)."""
    import site

    root = package_root()
    installed = {os.path.realpath(p) for p in (*site.getsitepackages(), site.getusersitepackages())}
    entries = [] if os.path.realpath(root) in installed else [root]
    for entry in (current or "").split(os.pathsep):
        if entry and os.path.isabs(entry) and entry not in entries:
            entries.append(entry)
    return os.pathsep.join(entries)


def contractkit_command(*args: str) -> list[str]:
    """The command line of a child `contractkit ARGS…` (-P: neither the current folder nor a
    script's folder goes on sys.path)."""
    return [sys.executable, "-P", "-m", "contractkit", *args]


def environment(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """os.environ for a child, with a safe PYTHONPATH and without the names in `drop`."""
    env = {k: v for k, v in os.environ.items() if k not in drop and k != "PYTHONSTARTUP"}
    env["PYTHONPATH"] = python_path(env.get("PYTHONPATH"))
    env.pop("PYTHONSAFEPATH", None)
    return env


def die_with_parent(parent: int) -> None:
    """In a process forked from the command (the document engine, a worker of `render --all`):
    be killed when the command dies, however it dies. A command killed outright (SIGKILL, the OOM
    killer) runs no cleanup, so without this its children went on making a document nobody would
    read, writing into the temporary folder the user (or a test) was removing. Linux only (prctl
    PR_SET_PDEATHSIG); elsewhere the children still end at the end of their pipe."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the command died before the line above: follow it now
        os._exit(137)
