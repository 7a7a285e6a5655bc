"""Where `sync` fetches from and pushes to (A12): named in one line on every sync, credentials
stripped, and remembered per project on this machine, in the user's state folder (nothing in a
project or its .git writes there). A project whose remote address changed since its last sync or
clone here (an archive or a copied folder whose .git/config names another server) is refused until
the user says the new address is theirs (`sync --new-remote`)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from contractkit.errors import RepositoryError
from contractkit.store.packs import is_local
from contractkit.store.repo import run

SCHEME_USER = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@")
MAX_SHOWN = 200


def shown(url: str) -> str:
    """The address as the user may see it: no user name or password of a `scheme://user:pw@host`,
    no query, no control characters, at most MAX_SHOWN characters."""
    url = SCHEME_USER.sub(r"\1", url.strip()).split("?", 1)[0]
    url = "".join(c if c.isprintable() else "?" for c in url)
    return url if len(url) <= MAX_SHOWN else url[:MAX_SHOWN] + "…"


def _same(url: str) -> str:
    """What is compared between syncs: a local repository by its real path (a path and its
    file:// url are the same remote), anything else as shown."""
    if is_local(url):
        return "local:" + os.path.realpath(url.removeprefix("file://"))
    return shown(url)


def addresses(repo, remote: str = "origin") -> tuple[str, str]:
    """(fetch address, push addresses joined by ", ") as git will use them (insteadOf applied)."""
    fetch = run(repo, "ls-remote", "--get-url", remote).strip()
    push = run(repo, "remote", "get-url", "--push", "--all", remote).strip().splitlines()
    return fetch, ", ".join(push) or fetch


def _mark(repo) -> Path | None:
    from contractkit.workspace import state_dir

    try:
        roots = " ".join(sorted(run(repo, "rev-list", "--max-parents=0", "HEAD").split()))
    except RepositoryError:
        return None
    return state_dir() / "remotes" / hashlib.sha256(roots.encode()).hexdigest() if roots else None


def _state(fetch: str, push: str) -> dict[str, str]:
    pushes = ", ".join(_same(u) for u in push.split(", "))
    return {"fetch": _same(fetch), "push": pushes, "shown": shown(fetch)}


def configured(repo, remote: str = "origin") -> tuple[str, str]:
    """(url, pushurls joined by ", ") as the project's own .git/config writes them, before the
    user's global url.<x>.insteadOf / pushInsteadOf rewrites, which are theirs and trusted: only
    the project's own config can have been changed by someone else."""
    def values(key: str) -> list[str]:
        try:
            return run(repo, "config", "--local", "--get-all", f"remote.{remote}.{key}").splitlines()
        except RepositoryError:  # not set
            return []

    urls = values("url")
    url = ", ".join(urls)
    return url, ", ".join(values("pushurl")) or url


def _recorded(repo, fetch: str) -> dict[str, str]:
    """What is remembered and compared: the configured addresses, shown as the effective one."""
    url, push = configured(repo)
    return {**_state(url, push), "shown": shown(fetch)}


def line(fetch: str, push: str) -> str:
    """`origin URL`, and where it pushes when that is another address."""
    state = _state(fetch, push)
    other = ", ".join(shown(u) for u in push.split(", "))
    pushes = "" if state["push"] == state["fetch"] else f" (pushes to {other})"
    return f"origin {shown(fetch)}{pushes}"


def check(repo, new_remote: bool = False) -> str:
    """The one line naming the remote; RepositoryError when its address is not the one this
    machine last synced or cloned the project with, unless new_remote."""
    fetch, push = addresses(repo)
    mark = _mark(repo)
    if mark is None or new_remote:
        return line(fetch, push)
    try:
        before = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return line(fetch, push)
    now = _recorded(repo, fetch)
    if isinstance(before, dict) and (before.get("fetch"), before.get("push")) != (now["fetch"], now["push"]):
        was = str(before.get("shown", ""))[:MAX_SHOWN]
        raise RepositoryError(
            f"the remote is now {line(fetch, push)}, not {was} as at this project's last sync here; "
            "nothing fetched or pushed",
            hint="if the new address is your server, run 'contractkit sync --new-remote'; otherwise "
                 f"set it back: git remote set-url origin {was}")
    return line(fetch, push)


def remember(repo) -> None:
    """This project's remote address, as synced or cloned now."""
    from contractkit.store.files import write_atomic

    mark = _mark(repo)
    if mark is not None:
        fetch, _ = addresses(repo)
        write_atomic(mark, json.dumps(_recorded(repo, fetch)).encode())
