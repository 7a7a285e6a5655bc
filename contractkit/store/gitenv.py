"""The environment every git command runs in, and the repository configuration it may trust.

Threat model: the user's environment and global (or system) git configuration are trusted; a
project's own `.git/config`, its worktree config and anything they include are not, because they
travel with an archive or were written by whoever prepared the repository. So:

* every git process (GitPython's and ours) gets settings at command scope, which outrank the
  repository's, that switch off what could run a program: hooks, fsmonitor, pagers, editors,
  askpass helpers, external diff, transports other than file, ssh and https;
* what cannot be switched off that way (filters, diff and merge drivers, per-remote upload-pack,
  signing programs, credential helpers, core.sshCommand, ...) is kept out by an allow-list: a
  repository- or worktree-scoped key that is not on a short list of harmless ones is refused.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Settings forced on every git command, at command scope (GIT_CONFIG_COUNT): they win over the
# repository's configuration whatever it says.
FORCED = (
    ("core.hooksPath", "/dev/null"),
    ("core.fsmonitor", "false"),
    ("core.pager", "cat"),
    ("core.editor", "true"),
    ("core.askPass", ""),
    ("diff.external", ""),
    ("sequence.editor", "true"),
    ("protocol.allow", "never"),
    ("protocol.file.allow", "always"),
    ("protocol.ssh.allow", "always"),
    ("protocol.https.allow", "always"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
    # git's own indexes of history beside the objects, read without checking them against the
    # objects: a commit-graph file (objects/info/commit-graph, commit-graphs/) gives a commit other
    # parents than it holds, as info/grafts would (red team 14, B01); a multi-pack-index names
    # where an object is. History is read from the objects alone.
    ("core.commitGraph", "false"),
    ("core.multiPackIndex", "false"),
)

# Repository- or worktree-scoped keys that never run a program nor send anything anywhere.
# `*` stands for one subsection name (a remote's or a branch's). remote.*.pushurl is here, but a
# push goes only where fetches come from (push_problem); remote.*.mirror is not (a mirror push
# would replace the server's branches and tags with this copy's, and sync's pushes fail with it).
ALLOWED = tuple(re.compile("^" + re.escape(k).replace(r"\*", r"[^\n]+") + "$") for k in (
    "core.repositoryformatversion", "core.filemode", "core.bare", "core.logallrefupdates",
    "core.ignorecase", "core.precomposeunicode", "core.symlinks",
    "remote.*.url", "remote.*.pushurl", "remote.*.fetch", "remote.*.push", "remote.*.tagopt",
    "remote.*.prune",
    "branch.*.remote", "branch.*.merge", "branch.*.pushremote",
    "user.name", "user.email",
    "extensions.worktreeconfig", "extensions.objectformat", "extensions.preciousobjects",
))
UNTRUSTED_SCOPES = {"local", "worktree"}
NETWORK_TIMEOUT = float(os.environ.get("CONTRACTKIT_GIT_TIMEOUT", "120"))


@dataclass(frozen=True)
class Setting:
    scope: str
    origin: str
    key: str
    value: str


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ plus the forced settings: for subprocess calls (the whole environment)."""
    return {**os.environ, **overrides(), **(extra or {})}


def overrides() -> dict[str, str]:
    """The variables added to the user's environment for every git command."""
    env = {
        "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "", "SSH_ASKPASS_REQUIRE": "never",
        "GIT_PAGER": "cat", "PAGER": "cat", "GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true",
        "GIT_PROTOCOL_FROM_USER": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "LANGUAGE": "C",
        "GIT_NO_REPLACE_OBJECTS": "1",  # history as committed: no replace refs stand in for it
    }
    start = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)  # the user's own come first
    for i, (key, value) in enumerate(FORCED, start):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env["GIT_CONFIG_COUNT"] = str(start + len(FORCED))
    if not any(k in os.environ for k in ("GIT_SSH_COMMAND", "GIT_SSH")) and not _global_ssh_command():
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"  # never asks for a password
    return env


_SSH: dict[tuple, bool] = {}


def _global_ssh_command() -> bool:
    """The user set core.sshCommand in their own configuration: it is theirs, keep it."""
    files = [os.environ.get("GIT_CONFIG_GLOBAL") or str(Path.home() / ".gitconfig")]
    key = tuple((f, os.stat(f).st_mtime_ns if os.path.exists(f) else 0) for f in files)
    if key not in _SSH:
        result = subprocess.run(["git", "config", "--global", "--get", "core.sshCommand"],
                                capture_output=True, stdin=subprocess.DEVNULL, check=False)
        _SSH[key] = bool(result.stdout.strip())
    return _SSH[key]


def own_repository(path: Path) -> bool:
    """Whether path/.git is the project's own repository: a directory of its own. A `.git` file
    (`gitdir: /elsewhere`) or a link would lead git, and so contractkit, into a repository outside
    the project, to read its history and commit to it."""
    import stat

    try:
        return stat.S_ISDIR(os.lstat(path / ".git").st_mode)
    except OSError:
        return False


def require_own_repository(path: Path) -> None:
    """RepositoryError unless path/.git is a directory of the project's own (own_repository)."""
    from contractkit.errors import RepositoryError
    from contractkit.store import gitfiles

    dot = path / ".git"
    if own_repository(path):
        gitfiles.refuse(path)  # commondir, alternates, grafts, linked object folders
        return
    if not os.path.lexists(dot):
        raise RepositoryError(
            f"{path} is not a git repository",
            hint="contractkit keeps every project in its own repository; 'contractkit new' creates one")
    what = "a link" if os.path.islink(dot) else "a file pointing to another repository"
    raise RepositoryError(
        f"{dot} is {what}, not the project's own repository; refused",
        hint="a project keeps its history in its own .git folder: clone it ('git clone') "
             "rather than using a worktree, a submodule or a link")


def pinned(path: Path) -> dict[str, str]:
    """GIT_DIR and GIT_WORK_TREE for a git process in the project at path: git then never looks
    for a repository elsewhere (a parent folder's, when path/.git is not a valid one)."""
    return {"GIT_DIR": str(path / ".git"), "GIT_WORK_TREE": str(path)}


def settings(path: Path) -> list[Setting]:
    """The configuration exactly as git resolves it for this repository, each key with its scope."""
    require_own_repository(path)
    result = subprocess.run(["git", "-C", str(path), "config", "--list", "--show-scope", "--show-origin",
                             "-z"], capture_output=True, stdin=subprocess.DEVNULL,
                            env=environment(pinned(path)), check=False)
    if result.returncode != 0:
        from contractkit.errors import RepositoryError

        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise RepositoryError(f"{path}: git cannot read the repository's configuration: "
                              f"{detail[-1] if detail else result.returncode}",
                              hint=f"look at {path}/.git/config")
    fields = result.stdout.decode("utf-8", errors="replace").split("\0")
    out = []
    for i in range(0, len(fields) - 2, 3):
        key, _, value = fields[i + 2].partition("\n")
        out.append(Setting(fields[i], fields[i + 1], key.lower(), value))
    return out


def refused(found: list[Setting]) -> list[Setting]:
    """Settings from the repository itself (its config, worktree config or their includes) that
    are not on the allow-list, or whose value is not harmless (a fetch refspec writing outside
    refs/remotes/, where it could replace a signature tag or a branch)."""
    return [s for s in found if s.scope in UNTRUSTED_SCOPES
            and (not any(p.match(s.key) for p in ALLOWED) or not _harmless_value(s))]


FETCH_KEY = re.compile(r"^remote\.[^\n]+\.fetch$")


def _harmless_value(setting: Setting) -> bool:
    """A remote.*.fetch refspec may only write remote-tracking refs (or exclude refs: ^refs/...)."""
    if not FETCH_KEY.match(setting.key):
        return True
    spec = setting.value.strip()
    if spec.startswith("^"):
        return ":" not in spec
    _, colon, destination = spec.lstrip("+").partition(":")
    return not colon or (destination.startswith("refs/remotes/") and ".." not in destination)


def value(found: list[Setting], key: str) -> str:
    """The value git would use (the last one wins)."""
    values = [s.value for s in found if s.key == key]
    return values[-1] if values else ""


def push_problem(found: list[Setting], remote: str = "origin") -> str:
    """Why a push to `remote` would not go where its fetches come from, or "": a pushurl from the
    project's own configuration that is not the remote's url (sync would fetch from the studio's
    server and push everything, notes included, to another), or several urls (git pushes to each).
    The user's own configuration is trusted: a global url.<x>.pushInsteadOf is theirs."""
    prefix = f"remote.{remote.lower()}."
    urls = [s for s in found if s.key == prefix + "url"]
    if len(urls) > 1 and any(s.scope in UNTRUSTED_SCOPES for s in urls):
        return (f"{_where(urls)} sets remote.{remote}.url {len(urls)} times "
                f"({', '.join(repr(s.value) for s in urls)}): git would push to each address")
    url = urls[-1].value if urls else ""
    for push in (s for s in found if s.key == prefix + "pushurl" and s.scope in UNTRUSTED_SCOPES):
        if push.value != url:
            return (f"{_where([push])} sets remote.{remote}.pushurl={push.value!r}, which is not "
                    f"remote.{remote}.url={url!r}: sync would fetch from one address and push to the "
                    "other")
    return ""


def _where(settings: list[Setting]) -> str:
    """The file of the first untrusted setting, as git names it (.git/config)."""
    untrusted = [s for s in settings if s.scope in UNTRUSTED_SCOPES] or settings
    return untrusted[0].origin.removeprefix("file:")
