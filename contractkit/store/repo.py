"""Safe access to a project's git repository.

GitPython is imported lazily. Every git call runs with hooks and fsmonitor disabled, so a
cloned project cannot run code on the user's machine, and repositories are always closed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contractkit.errors import RepositoryError

SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.sshCommand=ssh",
    "protocol.ext.allow=never",
    "diff.external=",
)
FALLBACK_IDENTITY = ("contractkit", "contractkit@localhost")


def _env() -> dict[str, str]:
    env = {"GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


# Repository-level settings that make git run a program: refused in a project's own config.
RUNS_PROGRAMS = re.compile(
    r"^(filter\..+\.(clean|smudge|process)|core\.(fsmonitor|sshcommand|pager|editor|askpass|gitproxy)"
    r"|diff\..+\.(textconv|command)|merge\..+\.driver|gpg\.(.+\.)?program|credential\..*helper"
    r"|include\.path|includeif\..+\.path|uploadpack\..+|protocol\..+\.allow)$",
    re.IGNORECASE,
)
HARMLESS = {"", "false", "0", "no", "off", "never"}


@contextmanager
def open_repo(path: Path) -> Iterator:
    """The git.Repo of a project directory, closed on exit; refused if its config runs programs."""
    import git

    try:
        repo = git.Repo(path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(
            f"{path} is not a git repository",
            hint="contractkit keeps every project in its own repository; 'contractkit new' creates one",
        ) from None
    try:
        risky = unsafe_settings(repo)
        if risky:
            raise RepositoryError(
                f"{path}/.git/config sets {', '.join(risky)}, which would run a program when "
                "contractkit uses git",
                hint=f"if you do not trust it: git -C {path} config --unset {risky[0]}",
            )
        yield repo
    finally:
        repo.close()


def unsafe_settings(repo) -> list[str]:
    """Keys of the repository's own config that would make git run a program."""
    reader = repo.config_reader("repository")
    found = []
    for section in reader.sections():
        name = section.replace(' "', ".").rstrip('"')
        for key, value in reader.items_all(section):
            full = f"{name}.{key}".lower()
            values = value if isinstance(value, list) else [value]
            if RUNS_PROGRAMS.match(full) and any(str(v).strip().lower() not in HARMLESS for v in values):
                found.append(full)
    return found


def run(repo, *args: str, env: dict[str, str] | None = None) -> str:
    """Run one git command in the repository with the safe configuration."""
    import git

    options = [a for pair in (("-c", c) for c in SAFE_CONFIG) for a in pair]
    env = {**_env(), **_identity(repo), **(env or {})}
    try:
        return repo.git.execute(["git", *options, *args], env=env)
    except git.GitCommandError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()
        raise RepositoryError(f"git {args[0]} failed: {detail[-1] if detail else exc.status}") from None


def _identity(repo) -> dict[str, str]:
    """The user's git identity if configured, else a neutral one, so commits never fail."""
    reader = repo.config_reader()
    try:
        name = reader.get_value("user", "name", "")
        email = reader.get_value("user", "email", "")
    except Exception:  # noqa: BLE001 - unreadable config means no identity
        name = email = ""
    if name and email:
        return {}
    fallback = {
        "GIT_AUTHOR_NAME": FALLBACK_IDENTITY[0], "GIT_AUTHOR_EMAIL": FALLBACK_IDENTITY[1],
        "GIT_COMMITTER_NAME": FALLBACK_IDENTITY[0], "GIT_COMMITTER_EMAIL": FALLBACK_IDENTITY[1],
    }
    return {k: v for k, v in fallback.items() if k not in os.environ}


def init_repo(path: Path) -> None:
    """A new repository with main as its branch."""
    import git

    repo = git.Repo.init(path, initial_branch="main")
    repo.close()


def commit(repo, paths: list[str], message: str) -> str:
    """Stage exactly these paths and commit them; returns the new commit's sha."""
    run(repo, "add", "--", *paths)
    run(repo, "commit", "--no-verify", "-q", "-m", message, "--", *paths)
    return repo.head.commit.hexsha
