"""Shared set-ups for the git classes of the security suite: a signed project, a team on a bare
remote, the CLI in its own process, and checks that nothing ran and nothing was forged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import git
import pytest

from tests.conftest import run


def ck(*args, env=None, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    """The CLI in its own process, as a user runs it (no debug tracebacks)."""
    environment = {**os.environ, **(env or {})}
    environment.pop("CONTRACTKIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "contractkit", *map(str, args)], capture_output=True,
                          text=True, env=environment, check=False, cwd=cwd, stdin=subprocess.DEVNULL,
                          timeout=timeout)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def git_in(path: Path, *args: str) -> str:
    """Plain git, as an attacker or a teammate would use it (no contractkit protection)."""
    return subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True, check=True,
                          stdin=subprocess.DEVNULL).stdout


def head(path: Path) -> str:
    return git_in(path, "rev-parse", "HEAD").strip()


def tags(path: Path) -> dict[str, str]:
    with git.Repo(path) as repo:
        return {t.name: t.object.hexsha for t in repo.tags}


def one_line_error(result) -> str:
    """A refused command: non-zero exit, no traceback, an 'error:' line (and maybe a hint)."""
    output = result.stdout + result.stderr
    assert result.returncode not in (0, 70, 137), output
    assert "Traceback" not in output and "internal error" not in output, output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert lines and lines[0].startswith("error: "), output
    assert all(x.startswith(("error: ", "hint: ")) for x in lines), output
    return output


@pytest.fixture
def signed(ws):
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30", "--by", "Alex Morgan")
    return ws / "p"


@pytest.fixture
def team(ws, tmp_path):
    """a and b share a bare remote; each has its own state folder (its own machine)."""
    bare = ws / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    run("new", "a", "--lang", "en")
    run("sign", "a", "--date", "2026-11-30")
    with git.Repo(ws / "a") as repo:
        repo.create_remote("origin", str(bare))
    run("sync", "a")
    run("clone", str(bare), "b")
    return ws / "a", ws / "b"


def machine(tmp_path: Path, name: str) -> dict[str, str]:
    """The environment of another person's machine: its own contractkit state."""
    return {"CONTRACTKIT_STATE": str(tmp_path / f"state-{name}")}
