"""A studio's shared workspace: every project of a server namespace cloned with one command, and
every project of the workspace synced at once (in parallel, bounded), each reported on its line.

Each project still goes through the one `clone` and `sync` (store/remote.py), each in its own
process, so one project's failure (a conflict, a refused push, a forged tag) stops only that
project and is reported in the words `sync` would use.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import RepositoryError, WorkspaceError

SSH_URL = re.compile(r"^ssh://(?:(?P<user>[\w.-]+)@)?(?P<host>[\w.-]+|\[[\d:a-fA-F]+\])"
                     r"(?::(?P<port>\d+))?/(?P<path>.*)$")
SCP_URL = re.compile(r"^(?:(?P<user>[\w.-]+)@)?(?P<host>[\w.-]+):(?P<path>(?!/).*)$")
REPO_NAME = re.compile(r"^(?![.-])[\w.+-]+(?:/(?![.-])[\w.+-]+)*$")
"""A repository name gitolite's `info` lists: no segment that is ".", "..", hidden or an option
("studio/.." named the workspace's parent, reported "already in the workspace")."""
JOBS = 4


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    line: str


def namespace_repositories(url: str) -> list[str]:
    """The repositories under an SSH namespace URL, from gitolite's `info` command."""
    from contractkit.store import gitenv

    match = SSH_URL.match(url) or SCP_URL.match(url)
    if not match:
        raise WorkspaceError(f"{url!r}: give an SSH address of a gitolite namespace "
                             "(ssh://git@host/studio/ or git@host:studio/), or --list FILE")
    prefix = match["path"].strip("/")
    env = gitenv.environment()
    ssh = shlex.split(env.get("GIT_SSH_COMMAND") or "ssh -o BatchMode=yes")
    target = f"{match['user']}@{match['host']}" if match["user"] else match["host"]
    port = ["-p", match.groupdict().get("port")] if match.groupdict().get("port") else []
    try:
        result = subprocess.run([*ssh, *port, target, "info"], capture_output=True, text=True, env=env,
                                stdin=subprocess.DEVNULL, timeout=gitenv.NETWORK_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RepositoryError(f"{target} gave no answer within {gitenv.NETWORK_TIMEOUT:.0f} s") from None
    if result.returncode != 0:
        lines = [x for x in result.stderr.strip().splitlines() if x.strip()]
        raise RepositoryError(f"{target} did not list its repositories: "
                              f"{lines[-1] if lines else result.returncode}",
                              hint="the server must run gitolite; otherwise give --list FILE")
    names = []
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and "R" in parts[0] and REPO_NAME.match(parts[1].strip()):
            name = parts[1].strip()
            if not prefix or name.startswith(prefix.rstrip("/") + "/") or name == prefix:
                names.append(name)
    if SSH_URL.match(url):
        base = url[: len(url) - len(match["path"])].rstrip("/") + "/"
    else:
        base = f"{target}:"
    return [f"{base}{n}" for n in names]


def listed_repositories(file: Path) -> list[str]:
    """One repository address a line; blank lines and # comments skipped."""
    out = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if any(c.isspace() for c in line):
            raise WorkspaceError(f"{file}:{number}: {line!r} is not one repository address")
        out.append(line)
    return out


def _cli(*args: str) -> subprocess.CompletedProcess:
    """contractkit ARGS in a child process (contractkit/children.py: never the current folder's
    code); every path in args is absolute."""
    from contractkit import children

    env = children.environment(drop=("CONTRACTKIT_DEBUG",))  # one line, not a trace
    return subprocess.run(children.contractkit_command(*args), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=env, cwd=children.SAFE_CWD, check=False)


def _address(url: str) -> str:
    """A repository address for a child running elsewhere: a local path made absolute."""
    if "://" in url or SCP_URL.match(url) and not os.path.exists(url):
        return url
    return os.path.abspath(url)


def _said(result: subprocess.CompletedProcess) -> str:
    lines = [x for x in (result.stdout + result.stderr).splitlines() if x.strip()]
    return "; ".join(x.removeprefix("error: ") for x in lines) or f"exit {result.returncode}"


def clone_all(urls: list[str], root: Path, jobs: int = JOBS) -> list[Outcome]:
    """Clone each repository into root/NAME (a project already there is left alone)."""
    def one(url: str) -> Outcome:
        name = url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        if (root / name).exists():
            return Outcome(name, True, "already in the workspace (sync it with 'contractkit sync --all')")
        target = Path(os.path.abspath(root / name))
        result = _cli("clone", _address(url), str(target))
        if result.returncode == 0 and (target / ".git").is_dir():
            return Outcome(name, True, "cloned")
        said = _said(result) if result.returncode != 0 else f"not cloned: {target} holds no repository"
        return Outcome(name, False, said)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, urls))


def has_remote(path: Path) -> bool:
    from contractkit.store import gitenv

    config = str(path / ".git" / "config")
    found = subprocess.run(["git", "config", "--file", config, "--get", "remote.origin.url"], check=False,
                           capture_output=True, stdin=subprocess.DEVNULL, env=gitenv.environment())
    return found.returncode == 0 and bool(found.stdout.strip())


def sync_all(paths: list[Path], jobs: int = JOBS) -> list[Outcome]:
    """`sync` each project that has a remote, a few at a time; each outcome in its own words."""
    def one(path: Path) -> Outcome:
        if not has_remote(path):
            return Outcome(path.name, True, "skipped: no remote 'origin'")
        result = _cli("sync", os.path.abspath(path))
        return Outcome(path.name, result.returncode == 0, _said(result))

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, paths))
