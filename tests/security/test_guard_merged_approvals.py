"""`contractkit guard` checks an approval record again when a merge brings it, not only when a
commit of its own adds it: a forged approval (DKIM of another domain, a "no", a reply quoting
another document's hash) arriving (a) through a merge commit's second parent, (b) on a side branch
pushed as a fast-forward of several commits, or (c) written by hand to resolve a merge conflict is
refused with its line after git's "remote:"; a genuine approval merged in passes."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from tests.conftest import run
from tests.security.gitfixtures import git_in, head
from tests.security.test_guard_records import (  # noqa: F401 - fixtures
    _approval_by_hand,
    approval_server,
    push,
    refused,
    server,
)
from tests.test_approval import CLIENT, reply

pytestmark = pytest.mark.security("approvals")

RECORD = ".contractkit/approvals/CR-001.yaml"
FORGERIES = {
    "DKIM of another domain": ("Согласовываю. SHA-256: {sha}\n", "evil.example",
                               "no DKIM signature is from the sender's domain romashka.example"),
    "a no": ("Нет, я НЕ согласовываю этот документ.\nSHA-256: {sha}\n", "romashka.example",
             "the reply says «нет»"),
    "copied from another change": ("Согласовываю. SHA-256: {other}\n", "romashka.example", "wrong hash"),
}
OTHER = hashlib.sha256(b"another project's change sheet").hexdigest()


def _forge(project, dns, sha: str, case: str) -> None:
    body, domain, _ = FORGERIES[case]
    eml = reply(CLIENT, body.format(sha=sha, other=OTHER), dns, domain=domain)
    _approval_by_hand(project, eml, sha, domain)


def _remote_line(output: str, *words: str) -> None:
    """The refusal names the record on a line git relays from the server ("remote: ...")."""
    lines = [x for x in output.splitlines() if x.startswith("remote:") and all(w in x for w in words)]
    assert lines, output


def _side_commit(project, name: str) -> None:
    (project / name).write_text(f"{name}\n", encoding="utf-8")
    git_in(project, "add", name)
    git_in(project, "commit", "-qm", f"add {name}")



def _guard_refuses(project, bare, before, case) -> None:
    """The push is refused, the remote keeps `before`, and a `remote:` line names the record and
    the forgery's reason."""
    output = refused(push(project), bare, before, f"{RECORD}: not an approval", FORGERIES[case][2])
    _remote_line(output, f"{RECORD}: not an approval", FORGERIES[case][2])

@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_forged_approval_from_a_merges_second_parent_is_refused(approval_server, case):  # noqa: F811
    project, bare, dns, sha = approval_server
    before = head(project)
    git_in(project, "checkout", "-q", "-b", "side")
    _forge(project, dns, sha, case)
    git_in(project, "checkout", "-q", "main")
    _side_commit(project, "notes.md")
    git_in(project, "merge", "-q", "--no-ff", "-m", "Merge side", "side")
    assert len(git_in(project, "rev-list", "--parents", "-n", "1", "HEAD").split()) == 3
    _guard_refuses(project, bare, before, case)


@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_forged_approval_in_a_fast_forwarded_side_branch_is_refused(approval_server, case):  # noqa: F811
    project, bare, dns, sha = approval_server
    before = head(project)
    git_in(project, "checkout", "-q", "-b", "side")
    _side_commit(project, "notes.md")
    _forge(project, dns, sha, case)
    _side_commit(project, "more-notes.md")
    git_in(project, "checkout", "-q", "main")
    git_in(project, "merge", "-q", "--ff-only", "side")
    assert git_in(project, "rev-list", "--count", f"{before}..HEAD").strip() == "3"
    _guard_refuses(project, bare, before, case)


@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_forged_approval_written_to_resolve_a_merge_conflict_is_refused(approval_server, case):  # noqa: F811
    """Each side adds its own CR-001 record; the merge resolves the conflict with a third one."""
    project, bare, dns, sha = approval_server
    before = head(project)
    git_in(project, "checkout", "-q", "-b", "side")
    _forge(project, dns, sha, "a no")
    git_in(project, "checkout", "-q", "main")
    _forge(project, dns, sha, "DKIM of another domain")
    merged = subprocess.run(["git", "-C", str(project), "merge", "-q", "-m", "Merge side", "side"],
                            capture_output=True, text=True, check=False)
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout + merged.stderr, merged.stdout
    body, domain, words = FORGERIES[case]
    folder = project / ".contractkit" / "approvals"
    (folder / "CR-001.eml").write_bytes(reply(CLIENT, body.format(sha=sha, other=OTHER), dns, domain=domain))
    text = (folder / "CR-001.yaml").read_text(encoding="utf-8")
    theirs = text.split("=======\n", 1)[1].split(">>>>>>>", 1)[0]  # side's record, edited by hand
    (folder / "CR-001.yaml").write_text(theirs.replace("evil.example", domain).replace(
        "romashka.example\n", f"{domain}\n"), encoding="utf-8")
    git_in(project, "add", ".contractkit/approvals")
    git_in(project, "commit", "-qm", "Merge side (resolved)")
    assert len(git_in(project, "rev-list", "--parents", "-n", "1", "HEAD").split()) == 3
    output = refused(push(project), bare, before, RECORD)
    _remote_line(output, RECORD)


def test_a_genuine_approval_merged_from_a_side_branch_passes(approval_server, tmp_path):  # noqa: F811
    project, bare, dns, sha = approval_server
    git_in(project, "checkout", "-q", "-b", "side")
    eml, key = tmp_path / "reply.eml", tmp_path / "key.txt"
    eml.write_bytes(reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns))
    key.write_bytes(dns.records[b"ck._domainkey.romashka.example."])
    run("approve", project, "--eml", eml, "--dkim-key", key)
    git_in(project, "checkout", "-q", "main")
    _side_commit(project, "notes.md")
    git_in(project, "merge", "-q", "--no-ff", "-m", "Merge side", "side")
    pushed = push(project)
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == head(project)
