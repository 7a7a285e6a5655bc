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
