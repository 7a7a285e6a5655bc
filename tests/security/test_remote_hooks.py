"""Remote hooks: a shared remote on a path or a file:// address runs its side of git (upload-pack,
receive-pack) on this machine. Whatever hooks and configuration that repository holds, nothing of
it runs during clone or sync, on either local transport."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.security.gitfixtures import ck, edit, git_in, head, one_line_error

pytestmark = pytest.mark.security("remote-hooks")

# Every hook name of githooks(5), whichever side of git would call it.
HOOKS = (
    "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit",
    "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge",
    "pre-push", "pre-receive", "update", "proc-receive", "post-receive", "post-update",
    "reference-transaction", "push-to-checkout", "pre-auto-gc", "post-rewrite", "sendemail-validate",
    "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist", "p4-post-changelist",
    "p4-pre-submit", "post-index-change",
)
TRANSPORTS = {"path": lambda bare: str(bare), "file url": lambda bare: f"file://{bare}"}


def _arm(bare: Path, markers: Path) -> None:
    """Every hook in the remote's own hooks folder and in a folder its config names; each leaves a
    marker named after itself."""
    markers.mkdir(exist_ok=True)
    other = bare / "more-hooks"
    other.mkdir(exist_ok=True)
    for folder in (bare / "hooks", other):
        folder.mkdir(exist_ok=True)
        for name in HOOKS:
            hook = folder / name
            hook.write_text(f"#!/bin/sh\ntouch '{markers / name}'\ncat >/dev/null 2>&1\nexit 0\n")
            hook.chmod(0o755)
    git_in(bare, "config", "core.hooksPath", str(other))
    git_in(bare, "config", "receive.autogc", "true")
    git_in(bare, "config", "gc.auto", "1")  # would start gc --auto (and pre-auto-gc) after a push
    git_in(bare, "config", "core.alternateRefsCommand", f"touch '{markers / 'alternate-refs'}'")


def _ran(markers: Path) -> list[str]:
    return sorted(os.listdir(markers))


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_no_hook_of_a_shared_remote_runs_during_clone_or_sync(team, ws, request, transport):
    a, b = team
    bare, markers = ws / "origin.git", ws / "markers"
    url = TRANSPORTS[transport](bare)
    for copy in (a, b):
        git_in(copy, "remote", "set-url", "origin", url)
    _arm(bare, markers)
    request.node.user_properties.append(("cases", len(HOOKS) * 3))  # each hook, three commands

    edit(a / "project.yaml", "price: 1200", "price: 1500")
    assert ck("change", a, "-m", "Discovery costs more").returncode == 0
    pushed = ck("sync", a)  # fetch (nothing new), push
    assert pushed.returncode == 0, pushed.stderr
    assert _ran(markers) == [], "a hook of the remote ran during sync (push)"

    edit(b / "project.yaml", "title: Discovery and sitemap", "title: Discovery, sitemap and wireframes")
    assert ck("change", b, "-m", "Wireframes too").returncode == 0
    merged = ck("sync", b)  # fetch a's change, merge, push the merge
    assert merged.returncode == 0, merged.stderr
    assert _ran(markers) == [], "a hook of the remote ran during sync (fetch, merge, push)"
    assert git_in(bare, "rev-parse", "main").strip() == head(b)

    cloned = ck("clone", url, ws / "c")
    assert cloned.returncode == 0, cloned.stderr
    assert _ran(markers) == [], "a hook of the remote ran during clone"
    assert head(ws / "c") == head(b)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_remote_that_asks_for_proc_receive_or_a_checkout_runs_nothing(team, ws, transport):
    """receive.procReceiveRefs wants the proc-receive hook; updateInstead checks out the pushed
    commit in the remote's own tree (its filters, its push-to-checkout hook). Neither runs: the
    push fails with one line, or is refused, and nothing ran."""
    a, _ = team
    bare, markers = ws / "origin.git", ws / "markers"
    git_in(a, "remote", "set-url", "origin", TRANSPORTS[transport](bare))
    _arm(bare, markers)
    git_in(bare, "config", "receive.procReceiveRefs", "refs/heads")
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    assert ck("change", a, "-m", "Discovery costs more").returncode == 0
    result = ck("sync", a)
    if result.returncode:
        one_line_error(result)
    assert _ran(markers) == []

    # A non-bare remote whose checked-out branch takes pushes into its tree through a filter.
    work = ws / "work-remote"
    git_in(ws, "clone", "-q", str(bare), str(work))
    git_in(work, "config", "receive.denyCurrentBranch", "updateInstead")
    git_in(work, "config", "filter.x.smudge", f"touch '{markers / 'smudge'}'; cat")
    (work / ".git" / "info").mkdir(exist_ok=True)
    (work / ".git" / "info" / "attributes").write_text("* filter=x\n")
    shutil.copytree(bare / "hooks", work / ".git" / "hooks", dirs_exist_ok=True)
    git_in(a, "remote", "set-url", "origin", TRANSPORTS[transport](work))
    edit(a / "project.yaml", "price: 1500", "price: 1600")
    assert ck("change", a, "-m", "Discovery costs even more").returncode == 0
    result = ck("sync", a, "--new-remote")  # another remote than the last sync's: the user says so
    if result.returncode:
        one_line_error(result)
    assert _ran(markers) == []
