"""`contractkit guard` on the studio's server: a push that rewrites or forges signed history is
refused whoever makes it (a teammate with plain git, a compromised laptop holding push rights),
through both real servers; normal work passes."""

from __future__ import annotations

import hashlib
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import run
from tests.hosts.test_hosts import LAST, deliverable, shared
from tests.security.gitfixtures import ck, edit, git_in, head

pytestmark = pytest.mark.hosts


def guarded(ws, host):
    """A project on a server whose repository runs the guard from its very first push."""
    bare = host.create("studio/acme" if host.kind == "ssh" else "acme")
    installed = ck("guard", "--install", bare)
    assert installed.returncode == 0, installed.stderr
    assert "contractkit guard" in (bare / "hooks" / "pre-receive").read_text()
    alice, url = shared(ws, host)  # the contract's tag is checked by rendering it again
    return alice, url, bare


def plain_git(path, env, *args) -> subprocess.CompletedProcess:
    """git as anyone can run it, with no contractkit protection, with the pusher's credentials."""
    return subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True,
                          env={**os.environ, **env, "GIT_TERMINAL_PROMPT": "0"}, stdin=subprocess.DEVNULL)


def refused(result, words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "remote: contractkit guard: refused:" in output, output
    assert words in output, output


def _traced(bare, log) -> Path:
    """The installed guard run with `python -X importtime`: each run appends a "run" line and the
    modules it imported to log, so a test can tell whether the guard rendered (a PDF needs
    weasyprint) without timing it. Its own messages still reach the pusher."""
    hook = bare / "hooks" / "pre-receive"
    command = hook.read_text().strip().splitlines()[-1].replace("exec ", "", 1)
    command = command.replace(" -P -m contractkit", " -X importtime -P -m contractkit", 1)
    hook.write_text(f"#!/bin/sh\necho run >> {log}\n{command} 2> {log}.err\nstatus=$?\n"
                    f"grep -v '^import time:' {log}.err >&2\ngrep '^import time:' {log}.err >> {log}\n"
                    "exit $status\n")
    return log


def _runs(log: Path) -> tuple[int, bool]:
    """How many times the guard ran, and whether any run loaded the PDF renderer."""
    lines = log.read_text().splitlines() if log.exists() else []
    return lines.count("run"), any(line.rsplit("|", 1)[-1].strip() == "weasyprint" for line in lines)


def test_normal_work_passes_the_guard(ws, host, tmp_path):
    """A push with no new signature tag is checked without rendering anything (the tags the server
    holds passed the guard already): the guard's work is bounded by what the push brings, not by
    the history. A push with a new signature tag renders that version again."""
    alice, url, bare = guarded(ws, host)
    assert git_in(bare, "rev-parse", "refs/tags/contract").strip()
    edit(alice / "project.yaml", LAST, LAST + deliverable("seo", 900))
    run("change", alice, "-m", "SEO audit")
    log = _traced(bare, tmp_path / "guard.log")
    synced = ck("sync", alice, env=host.env("alice"))
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert _runs(log) == (1, False)  # one push, one guard run, nothing rendered
    run("addendum", alice, "--date", "2026-12-03")  # signed as drafted: the draft carries the date
    run("sign", alice, "--date", "2026-12-03")
    signed = ck("sync", alice, env=host.env("alice"))  # a new signature tag: rendered again there
    assert signed.returncode == 0, signed.stdout + signed.stderr
    assert _runs(log) == (2, True)
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == head(alice)
    assert "addendum-1" in git_in(bare, "tag")


def test_deleting_or_moving_a_signature_tag_is_refused(ws, host):
    alice, url, bare = guarded(ws, host)
    env = host.env("alice")
    signed_tag = git_in(bare, "rev-parse", "refs/tags/contract").strip()
    refused(plain_git(alice, env, "push", "origin", ":refs/tags/contract"), "deletes the signature tag contract")
    plain_git(alice, env, "commit", "--allow-empty", "-q", "-m", "later")
    git_in(alice, "tag", "-f", "contract")  # a lightweight tag on another commit
    refused(plain_git(alice, env, "push", "--force", "origin", "HEAD:refs/heads/main", "refs/tags/contract"),
            "moves the signature tag contract")
    assert git_in(bare, "rev-parse", "refs/tags/contract").strip() == signed_tag


def test_rewriting_history_below_a_signed_tag_is_refused(ws, host):
    alice, url, bare = guarded(ws, host)
    before = git_in(bare, "rev-parse", "refs/heads/main").strip()
    git_in(alice, "checkout", "-q", "--orphan", "rewritten")
    git_in(alice, "commit", "-q", "-m", "history, rewritten")
    refused(plain_git(alice, host.env("alice"), "push", "--force", "origin", "rewritten:refs/heads/main"),
            "rewrites history")
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before


def test_a_forged_signature_is_refused(ws, host):
    alice, url, bare = guarded(ws, host)
    edit(alice / "project.yaml", "price: 1200", "price: 99000")
    git_in(alice, "commit", "-qam", "bigger price")
    record = (alice / ".contractkit" / "signatures" / "contract.yaml").read_text()
    forged = record.replace("tag: contract", "tag: addendum-1").replace("kind: contract", "kind: addendum")
    (alice / ".contractkit" / "signatures" / "addendum-1.yaml").write_text(forged)
    git_in(alice, "add", ".contractkit/signatures/addendum-1.yaml")
    git_in(alice, "commit", "-qm", "sign addendum 1")
    git_in(alice, "tag", "-a", "addendum-1", "-m", "signed")
    result = plain_git(alice, host.env("alice"), "push", "origin", "HEAD:refs/heads/main", "refs/tags/addendum-1")
    refused(result, "refs/tags/addendum-1")
    assert "addendum-1" not in git_in(bare, "tag")


def test_a_signature_record_without_its_tag_and_edited_records_are_refused(ws, host):
    alice, url, bare = guarded(ws, host)
    env = host.env("alice")
    record = alice / ".contractkit" / "signatures" / "contract.yaml"
    record.write_text(record.read_text().replace("2026-11-30", "2026-11-01"))
    git_in(alice, "commit", "-qam", "backdate the signature")
    refused(plain_git(alice, env, "push", "origin", "HEAD:refs/heads/main"), "edits a record")
    git_in(alice, "reset", "-q", "--hard", "HEAD~1")
    (alice / ".contractkit" / "signatures" / "addendum-7.yaml").write_text("tag: addendum-7\n")
    git_in(alice, "add", "-A")
    git_in(alice, "commit", "-qm", "a record with no tag")
    refused(plain_git(alice, env, "push", "origin", "HEAD:refs/heads/main"), "pushed without its tag addendum-7")


@pytest.mark.parametrize("name, make", [
    ("a link", lambda p: os.symlink("/etc/passwd", p / "brief.txt")),
    ("the journal", lambda p: (p / ".contractkit" / "journal.json").write_text('{"files": {}}')),
    ("git metadata", lambda p: (p / ".gitattributes").write_text("project.yaml filter=x\n")),
])
def test_files_contractkit_refuses_anywhere_are_refused_on_the_server(ws, host, name, make):
    alice, url, bare = guarded(ws, host)
    make(alice)
    git_in(alice, "add", "-A", "-f")
    git_in(alice, "commit", "-qm", f"add {name}")
    result = plain_git(alice, host.env("alice"), "push", "origin", "HEAD:refs/heads/main")
    refused(result, "refused")


def test_records_are_read_for_what_they_say_through_the_server(ws, host, tmp_path):
    """A forged invoice, a forged act, an impossible payment and forged approvals (DKIM of another
    domain; a "no") are refused with their line in git's remote: output; invoice, accept, paid and
    approve then sync through."""
    from tests.security.test_guard_records import _approval_by_hand, _forge_hash, _payment, server_keys
    from tests.test_approval import CLIENT, RU_CONTENT, RU_CONTENT_30, reply

    bare = host.create("studio/romashka" if host.kind == "ssh" else "romashka")
    assert ck("guard", "--install", bare).returncode == 0
    env = host.env("alice")
    run("new", "romashka", "--from-example", "romashka-site")
    alice = ws / "romashka"
    run("sign", alice, "--date", "2026-12-01")
    git_in(alice, "remote", "add", "origin", host.url("studio/romashka" if host.kind == "ssh" else "romashka"))
    assert ck("sync", alice, env=env).returncode == 0

    def push_refused(*words: str) -> None:
        before = git_in(bare, "rev-parse", "refs/heads/main")
        result = plain_git(alice, env, "push", "origin", "HEAD:refs/heads/main")
        for words_ in words:
            refused(result, words_)
        assert git_in(bare, "rev-parse", "refs/heads/main") == before
        git_in(alice, "reset", "-q", "--hard", "HEAD~1")

    run("invoice", alice, "prepayment", "--date", "2026-12-02")
    _forge_hash(alice, ".contractkit/invoices/2026-001.yaml")
    push_refused("invoice 2026-001 (.contractkit/invoices/2026-001.yaml): the hashes in the record do not match")
    run("accept", alice, "1", "--date", "2026-12-20")
    _forge_hash(alice, ".contractkit/acts/ACT-001.yaml")
    push_refused("act ACT-001 (.contractkit/acts/ACT-001.yaml): the hashes in the record do not match")
    _payment(alice, amount=Decimal("9121750.00"), allocations={"1": Decimal("9121750.00")})
    push_refused("payment P-001 (.contractkit/payments/P-001.yaml, allocations): installment 1: 9121750.00 "
                 "is recorded as paid, more than its 121750.00")

    run("invoice", alice, "prepayment", "--date", "2026-12-02")
    run("paid", alice, "prepayment", "--date", "2026-12-03")
    run("accept", alice, "1", "--date", "2026-12-20")
    synced = ck("sync", alice, env=env)
    assert synced.returncode == 0, synced.stdout + synced.stderr

    yaml = alice / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", alice, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    assert ck("sync", alice, env=env).returncode == 0
    dns, keys = server_keys(tmp_path)
    git_in(bare, "config", "contractkit.dkimKeys", str(keys))
    sha = hashlib.sha256((alice / "out" / "cr-001-2026-031.pdf").read_bytes()).hexdigest()
    _approval_by_hand(alice, reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns, domain="evil.example"),
                      sha, "evil.example")
    push_refused(".contractkit/approvals/CR-001.yaml: not an approval", "no DKIM signature is from the sender's "
                 "domain romashka.example")
    _approval_by_hand(alice, reply(CLIENT, f"Нет, я НЕ согласовываю.\nSHA-256: {sha}\n", dns), sha,
                      "romashka.example")
    push_refused(".contractkit/approvals/CR-001.yaml: not an approval", "the reply says «нет»")
    eml, key = tmp_path / "reply.eml", tmp_path / "key.txt"
    eml.write_bytes(reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns))
    key.write_bytes(dns.records[b"ck._domainkey.romashka.example."])
    run("approve", alice, "--eml", eml, "--dkim-key", key)
    synced = ck("sync", alice, env=env)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == head(alice)
