"""The program git starts on the remote's side (upload-pack, receive-pack), named on our command line.

On the local transports (a path, `file://`) that program runs on this machine, in the remote's
repository, and git removes the command-scope settings (GIT_CONFIG_COUNT, GIT_CONFIG_PARAMETERS)
from its environment before starting it: the remote's hooks (pre-receive, update, post-receive,
post-update, reference-transaction, push-to-checkout, proc-receive, pre-auto-gc, ...) and its own
configuration would run. So for those transports the settings go on the program's own command
line. Over ssh the server decides which program runs and accepts only the plain name; https has
no such program at all. Naming them also keeps remote.<name>.uploadpack / receivepack unused.
"""

from __future__ import annotations

import re
import shlex
import stat
import subprocess
from pathlib import Path
from urllib.parse import unquote

from contractkit.errors import RepositoryError
from contractkit.store import gitenv

# What the remote's side is started with, besides everything gitenv.FORCED switches off.
REMOTE_SIDE = gitenv.FORCED + (
    ("receive.denyCurrentBranch", "refuse"),  # no checkout (and no filters) in the remote's tree
    ("receive.autogc", "false"),
    ("core.alternateRefsCommand", "true"),  # the remote's own config must not name a program
)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_local(url: str) -> bool:
    """Whether git reaches url through its local transport: `file://`, or a path (not `host:path`,
    not `scheme://`, not `helper::address`)."""
    if url.startswith("file://"):
        return True
    if SCHEME.match(url) or "::" in url:
        return False
    colon, slash = url.find(":"), url.find("/")
    return colon < 0 or (0 <= slash < colon)


INCLUDE = re.compile(rb"^\s*\[\s*include(?:if)?\b", re.IGNORECASE | re.MULTILINE)


def check_local(url: str) -> None:
    """RepositoryError if a local remote's own configuration could stall or steer the git that
    runs in it: its config must be a regular file that includes no other (include.path,
    includeIf): a named pipe there blocks upload-pack for good, and no command-line setting
    switches includes off. Addresses that are not local, or not there, are left to git."""
    if not is_local(url):
        return
    where = Path(unquote(url[len("file://"):]) if url.startswith("file://") else url).expanduser()
    for gitdir in (where, where / ".git"):
        config = gitdir / "config"
        try:
            mode = config.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            raise RepositoryError(f"{config} is not a regular file; contractkit does not read a repository "
                                  "whose configuration is a link, a pipe or a device")
        with open(config, "rb") as handle:
            head = handle.read(1 << 20)
        if INCLUDE.search(head):
            raise RepositoryError(f"{config} includes other files (include.path / includeIf), which the "
                                  "git contractkit starts in that repository would read; remove the include "
                                  "from the shared repository's configuration")
        return


def _program(name: str, local: bool) -> str:
    if not local:
        return f"git-{name}"
    settings = " ".join(f"-c {shlex.quote(f'{key}={value}')}" for key, value in REMOTE_SIDE)
    return f"git {settings} {name}"


def upload_pack(url: str) -> str:
    """--upload-pack=... for fetch, clone and ls-remote from url."""
    return f"--upload-pack={_program('upload-pack', is_local(url))}"


def receive_pack(url: str) -> str:
    """--receive-pack=... for a push to url."""
    return f"--receive-pack={_program('receive-pack', is_local(url))}"


def resolved(url: str) -> str:
    """The address git will use for url, after the user's own url.<base>.insteadOf rewrites."""
    result = subprocess.run(["git", "ls-remote", "--get-url", "--", url], capture_output=True, text=True,
                            env=gitenv.environment(), stdin=subprocess.DEVNULL, check=False,
                            cwd="/")  # not in a repository whose configuration could rewrite it
    return result.stdout.strip() or url if result.returncode == 0 else url


def for_remote(repo, remote: str = "origin") -> tuple[str, str]:
    """(--upload-pack=..., --receive-pack=...) for the remote's fetch and push addresses."""
    from contractkit.store.repo import run

    fetch_url = run(repo, "ls-remote", "--get-url", remote).strip()
    push_url = run(repo, "remote", "get-url", "--push", "--all", remote).strip().splitlines()
    # Every push address must get the local form if any of them is local.
    local_push = any(is_local(u) for u in push_url) if push_url else is_local(fetch_url)
    for url in (fetch_url, *push_url):
        check_local(url)
    return upload_pack(fetch_url), f"--receive-pack={_program('receive-pack', local_push)}"
