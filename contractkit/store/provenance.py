"""Who recorded a payment, act or invoice: this machine, or a teammate through git.

A teammate's well-formed payment record for money that never came made `status` show the balance
paid and `claim`/`remind` refuse (red team round 2, F7). Teammates' records are legitimate work and
count, but never invisibly: the user's state folder remembers every record this machine's commands
wrote (as it remembers signatures), and any other is shown with the author of the commit that added
it. A bank-imported payment carries its bank document's id.
"""

from __future__ import annotations

import hashlib

from contractkit.store.files import write_atomic
from contractkit.store.layout import ACTS, INVOICES, PAYMENTS
from contractkit.workspace import state_dir


def _entry(record_bytes: bytes, scope: str = "", name: str = ""):
    key = f"{scope}\0{name}\0".encode() + record_bytes
    return state_dir() / "recorded" / hashlib.sha256(key).hexdigest()


def remember(record_bytes: bytes, repo=None, name: str = "") -> None:
    """This machine's command wrote these record bytes as `name` in repo's project (red team 9,
    B5c: keyed by the bytes alone, a teammate's byte-identical record in another project, or under
    another name, passed as this machine's)."""
    write_atomic(_entry(record_bytes, _scope(repo), name), b"")


def recorded_here(record_bytes: bytes, repo=None, name: str = "") -> bool:
    return _entry(record_bytes, _scope(repo), name).is_file()


def _scope(repo) -> str:
    from contractkit.store.trust import scope_of

    return scope_of(repo) if repo is not None and repo.head.is_valid() else ""


def others(repo, rev: str = "HEAD") -> dict[str, str]:
    """Record path -> "Name <email>" of the commit that added it, for every payment, act and
    invoice record at rev that this machine did not write."""
    from contractkit.store.repo import run
    from contractkit.store.tags import blob

    if not repo.head.is_valid():
        return {}
    out: dict[str, str] = {}
    author = ""
    for line in run(repo, "log", "--diff-filter=A", "--no-renames", "--format=%x00%an <%ae>", "--name-only",
                    rev, "--", PAYMENTS, ACTS, INVOICES).splitlines():
        if line.startswith("\0"):
            author = line[1:]
        elif line.endswith(".yaml") and line not in out:
            out[line] = author  # newest first: the add that stands
    return {path: who for path, who in out.items()
            if (data := blob(repo, rev, path)) is not None and not recorded_here(data, repo, path)}
