"""What one git process tells about a project folder's repository without GitPython or the models:
whether HEAD's project.yaml is these bytes, and whether the contract may be signed. A plain render
of an unsigned project asks this and loads nothing of the history (store/history.py)."""

from __future__ import annotations

from pathlib import Path

from contractkit.bounds import PROJECT_FILE
from contractkit.store.layout import CONTRACT_TAG


def may_be_signed(path: Path) -> bool:
    """False only when the folder's repository surely has no contract tag (one git process, no
    GitPython): a plain render of an unsigned project stays light."""
    return _head_facts(path, b"")[1]


def maybe_signed(path: Path, data: bytes) -> bool:
    """Whether the contract may be signed (its tag exists, or one git process cannot tell): an
    unsigned project is rendered without opening the repository in GitPython."""
    return _head_facts(path, data)[1]


def _head_facts(path: Path, data: bytes) -> tuple[bool, bool]:
    """(`data` is HEAD's project.yaml, the contract's signature tag exists), from one git
    process comparing object ids; (False, True) when unsure, so the full check runs."""
    import hashlib
    import subprocess

    from contractkit.store import gitenv

    if not gitenv.own_repository(path):  # no repository of its own: nothing signed to compare
        return False, False
    try:  # the forced settings (gitenv) hold for this git process too; cat-file runs nothing
        out = subprocess.run(
            ["git", "-C", str(path), "cat-file", "--batch-check"], capture_output=True, timeout=30,
            input=f"HEAD:{PROJECT_FILE}\nrefs/tags/{CONTRACT_TAG}\n".encode(),
            env=gitenv.environment(gitenv.pinned(path)), check=False)
    except (OSError, subprocess.SubprocessError):
        return False, True
    lines = out.stdout.decode("ascii", "replace").splitlines()
    if out.returncode != 0 or len(lines) != 2:
        return False, True
    head, tag = (line.split()[0] if line.split() else "" for line in lines)
    tagged = not lines[1].endswith(" missing")
    if len(head) not in (40, 64) or not lines[0].endswith(f" {len(data)}") or " blob " not in lines[0]:
        return False, tagged
    algorithm = hashlib.sha1 if len(head) == 40 else hashlib.sha256
    return algorithm(b"blob %d\0" % len(data) + data).hexdigest() == head, tagged
