"""Red team 14, B01: git's commit-graph file (.git/objects/info/commit-graph, a cache of each
commit's parents beside the objects) is read by `git log`/`rev-list` without checking it against
the commits themselves. A project's .git is untrusted: a commit-graph shipped in it gave the commit
that edited a payment record the signing commit for its parent, so the record seemed written as it
now reads, and the edited payment (the whole fee) counted. Like info/grafts (refused, gitfiles.py),
the history is read from the objects alone: every git contractkit runs has core.commitGraph (and
the multi-pack index) off.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import pytest

from contractkit.store.repo import open_repo
from contractkit.store.repo import run as git_run
from tests.conftest import run
from tests.security.gitfixtures import git_in
from tests.test_billing import example

pytestmark = pytest.mark.security("gitconfig")

PAYMENT = ".contractkit/payments/P-001.yaml"


def _lie_about_parent(path: Path, child: str, parent: str) -> None:
    """Rewrite the commit-graph's record of `child` so that its first parent is `parent`."""
    graph = path / ".git" / "objects" / "info" / "commit-graph"
    data = bytearray(graph.read_bytes())
    chunks = {}
    for i in range(data[6] + 1):
        at = 8 + 12 * i
        chunks[bytes(data[at:at + 4])] = struct.unpack(">Q", data[at + 4:at + 12])[0]
    count = struct.unpack(">I", data[chunks[b"OIDF"] + 1020:chunks[b"OIDF"] + 1024])[0]
    oids = [bytes(data[chunks[b"OIDL"] + 20 * i:chunks[b"OIDL"] + 20 * (i + 1)]).hex() for i in range(count)]
    record = chunks[b"CDAT"] + 36 * oids.index(child)
    data[record + 20:record + 28] = struct.pack(">II", oids.index(parent), 0x70000000)
    data[-20:] = hashlib.sha1(bytes(data[:-20])).digest()
    graph.chmod(0o644)
    graph.write_bytes(bytes(data))


def test_a_commit_graph_cannot_give_an_edited_payment_record_another_parent(ws, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "1")  # the history read afresh, as from a new copy
    path = example(ws, "romashka-site", "a")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "1", "--date", "2026-12-03")
    signing = git_in(path, "rev-parse", "HEAD~1").strip()
    record = path / PAYMENT
    text = record.read_text(encoding="utf-8")
    assert "amount: '121750.00'" in text and "  '1': '121750.00'" in text
    record.write_text(text.replace("amount: '121750.00'", "amount: '243500.00'")
                      .replace("  '1': '121750.00'", "  '1': '121750.00'\n  '2': '121750.00'"), encoding="utf-8")
    git_in(path, "-c", "user.name=Mallory", "-c", "user.email=m@example.org", "commit", "-qam", "tidy")
    git_in(path, "commit-graph", "write", "--reachable", "--no-progress")
    _lie_about_parent(path, git_in(path, "rev-parse", "HEAD").strip(), signing)
    assert signing in git_in(path, "log", "-1", "--format=%P", "HEAD")  # plain git believes the graph
    status = run("status", path, ok=False).output
    assert "edited after the commit that wrote it" in status, status
    assert "received 243 500,00" not in status, status


def test_every_git_contractkit_runs_reads_history_from_the_objects(ws):
    path = example(ws, "romashka-site", "a")
    with open_repo(path) as repo:
        assert git_run(repo, "config", "--get", "core.commitGraph").strip() == "false"
        assert git_run(repo, "config", "--get", "core.multiPackIndex").strip() == "false"
        assert repo.git.config("--get", "core.commitGraph").strip() == "false"  # GitPython's own


def test_one_copys_cached_history_does_not_answer_for_another(ws, monkeypatch):
    """Red team 14, B02: what git said of a commit's history was kept in the user's cache by the
    commit id alone (store/written.py `records-added`, store/walk.py `walk`), so an answer one copy
    of a project gave (a received archive whose .git misled git) answered for the user's own
    repository at the same commit. Here the archive's answer is made to lie outright (no payment
    record added anywhere); the genuine copy must still find the edit of its record."""
    import shutil

    from contractkit.store import written

    path = example(ws, "romashka-site", "p")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "1", "--date", "2026-12-03")
    record = path / PAYMENT
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("amount: '121750.00'", "amount: '243500.00'")
                      .replace("  '1': '121750.00'", "  '1': '121750.00'\n  '2': '121750.00'"), encoding="utf-8")
    git_in(path, "-c", "user.name=Mallory", "-c", "user.email=m@example.org", "commit", "-qam", "tidy")
    genuine, archive = ws / "genuine", ws / "archive"
    shutil.copytree(path, genuine, symlinks=True)
    shutil.copytree(path, archive, symlinks=True)
    honest = written._logged
    tidy = git_in(path, "rev-parse", "HEAD").strip()

    def misled(repo, rev, gone):  # what git said in the archive: P-001 first added by the edit
        found = honest(repo, rev, gone)
        return {**found, PAYMENT: [tidy]} if "archive" in str(repo.git_dir) else found

    monkeypatch.setattr(written, "_logged", misled)
    run("status", archive)  # the user looks at what they were sent
    status = run("status", genuine, ok=False).output
    assert "edited after the commit that wrote it" in status, status
