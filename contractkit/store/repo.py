"""Safe access to a project's git repository.

GitPython is imported lazily. Every git process, GitPython's included, runs in the environment
of store/gitenv.py (nothing in the repository can make git run a program), a repository whose own
configuration sets anything but a few harmless keys is refused, and repositories are always closed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contractkit.errors import RepositoryError
from contractkit.faults import point
from contractkit.store import gitenv, gitfiles

FALLBACK_IDENTITY = ("contractkit", "contractkit@localhost")


@contextmanager
def open_repo(path: Path) -> Iterator:
    """The git.Repo of a project directory, closed on exit; refused if its config is not harmless."""
    import git

    found = check_config(path)  # and that path/.git is the project's own (gitenv)
    try:
        repo = git.Repo(path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(
            f"{path} is not a git repository",
            hint="contractkit keeps every project in its own repository; 'contractkit new' creates one",
        ) from None
    try:
        repo.git.update_environment(**gitenv.overrides())
        repo.contractkit_settings = found
        refuse_shallow(path)
        yield repo
    finally:
        repo.close()


def refuse_shallow(path: Path) -> None:
    """RepositoryError for a shallow clone: its history (and so what was signed) is incomplete."""
    if (path / ".git" / "shallow").exists():
        raise RepositoryError(
            f"{path} is a shallow clone: its history (and so what was signed) is incomplete",
            hint=f"fetch the whole history first: git -C {path} fetch --unshallow --tags",
        )


def check_config(path: Path) -> list[gitenv.Setting]:
    """The repository's resolved configuration; RepositoryError if it sets a key not allowed."""
    found = gitenv.settings(path)
    bad = gitenv.refused(found)
    if bad:
        names = ", ".join(dict.fromkeys(s.key for s in bad))
        origin = bad[0].origin.removeprefix("file:")
        why = ("a fetch refspec may write only refs/remotes/, never a tag or a branch"
               if all(gitenv.FETCH_KEY.match(s.key) for s in bad) else
               "a mirror push would replace the server's branches and tags with this copy's"
               if all(s.key.endswith(".mirror") for s in bad) else
               "it could run a program or send data elsewhere")
        raise RepositoryError(
            f"{path}: {origin} sets {names}, which contractkit does not accept in a project's own "
            f"git configuration ({why})",
            hint=f"if you trust it and need it, move it to your global config; otherwise: "
                 f"git -C {path} config --unset-all {bad[0].key}",
        )
    gitfiles.refuse_attributes(path)  # working-tree-encoding, filters, eol conversions
    return found


def push_problem(repo, path: Path, remote: str = "origin") -> str:
    """gitenv.push_problem of the repository's resolved configuration ("" when none)."""
    found = getattr(repo, "contractkit_settings", None) or gitenv.settings(path)
    return gitenv.push_problem(found, remote)


def check_push(repo, path: Path, remote: str = "origin") -> None:
    """RepositoryError unless a push to `remote` goes where its fetches come from
    (gitenv.push_problem): before sync fetches or pushes anything."""
    problem = push_problem(repo, path, remote)
    if problem:
        raise RepositoryError(
            f"{problem}; nothing fetched or pushed",
            hint=(f"remove it: git -C {path} config --unset-all remote.{remote}.pushurl (to push "
                  "through another address of your own, set url.<address>.pushInsteadOf in your "
                  "global git config)" if "pushurl" in problem else
                  f"keep your server's address only: git -C {path} remote set-url --delete {remote} "
                  "<other address>"))


def run(repo, *args: str, env: dict[str, str] | None = None, network: bool = False) -> str:
    """Run one git command in the repository with the safe configuration."""
    import git

    env = {**gitenv.overrides(), **_identity(repo), **(env or {})}
    timeout = gitenv.NETWORK_TIMEOUT if network else None
    try:
        return repo.git.execute(["git", *args], env=env, kill_after_timeout=timeout)
    except git.GitCommandError as exc:
        if network and exc.status == -9:
            raise RepositoryError(f"git {args[0]} gave no answer within {gitenv.NETWORK_TIMEOUT:.0f} s",
                                  hint="check the remote's address and your network") from None
        reason = failure(exc.stderr or exc.stdout or "", exc.status)
        raise RepositoryError(f"git {args[0]} failed: {reason}") from None


_GENERIC = ("could not read from remote repository", "please make sure you have the correct access",
            "and the repository exists", "failed to push some refs", "to ssh://", "to https://",
            "to http://", "to file://", "to /", "hint:")


def failure(stderr: str, status: object = "") -> str:
    """What a failed git command says that matters, in one line: the server's own words (its
    `remote:` lines) first, then git's specific reason, never its generic closing advice."""
    lines = [x.strip().removeprefix("stderr: '").removeprefix("stdout: '").rstrip("'").strip()
             for x in stderr.strip().splitlines()]
    lines = [x for x in lines if x]
    remote = [x.removeprefix("remote:").strip() for x in lines if x.startswith("remote:")]
    remote = [x for x in remote if x and not x.lower().startswith(("counting", "compressing", "total",
                                                                     "resolving", "enumerating"))]
    specific = [x for x in lines if not x.startswith("remote:")
                and not x.lower().lstrip("! ").startswith(_GENERIC)]
    rejected = [x for x in specific if "[remote rejected]" in x or "[rejected]" in x]
    if remote:
        why = f" ({rejected[0].lstrip('! ')})" if rejected else ""
        return "the server said: " + "; ".join(remote) + why
    pick = rejected or specific or lines
    return pick[-1].removeprefix("fatal: ").removeprefix("error: ") if pick else str(status)


def spawn(path: Path, *args: str, stdin, stdout):
    """A git process in the repository at path with the safe configuration, reading stdin and
    writing stdout (open files), stderr piped: for a command fed many requests (cat-file --batch,
    diff-tree --stdin). Only for a repository check_config passed. GitPython is not needed, so it
    can start before GitPython is imported."""
    import subprocess

    gitenv.require_own_repository(path)
    return subprocess.Popen(["git", *args], cwd=path, env=gitenv.environment(gitenv.pinned(path)),
                            stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)


def _identity(repo) -> dict[str, str]:
    """The user's git identity if configured, else a neutral one, so commits never fail."""
    found = getattr(repo, "contractkit_settings", None) or gitenv.settings(Path(repo.working_tree_dir))
    if gitenv.value(found, "user.name") and gitenv.value(found, "user.email"):
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


def require_branch(repo) -> str:
    """The checked-out branch; a clear error on a detached HEAD, or a HEAD naming a ref that is
    not a branch (refs/tags/contract: a commit there would move a signed tag)."""
    if repo.head.is_detached:
        raise RepositoryError("HEAD is detached (not on a branch), so there is nowhere to record this",
                              hint="check out the project's branch first: git switch main")
    ref = repo.head.reference.path
    if not ref.startswith("refs/heads/"):
        raise RepositoryError(f"HEAD names {ref}, not a branch, so there is nowhere to record this",
                              hint="check out the project's branch first: git switch main")
    return repo.active_branch.name


def commit(repo, paths: list[str], message: str) -> str:
    """Stage exactly these paths and commit them; returns the new commit's sha."""
    require_branch(repo)
    run(repo, "add", "--", *paths)
    point("commit:staged")
    run(repo, "commit", "--no-verify", "-q", "-m", message, "--", *paths)
    return repo.head.commit.hexsha
