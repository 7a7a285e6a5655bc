"""Clone-time trust: a signature that arrives with `clone` (or any other way into .git) counts only
once it is checked. A teammate's hand-made record plus an annotated tag made status, log, the client
page and invoice read a forged addendum as signed; only doctor and verify said "forged"."""

from __future__ import annotations

import pytest

from tests.security.gitfixtures import ck, git_in, machine, one_line_error, tags
from tests.security.test_forgery import _forged_record, _push_forgery

pytestmark = pytest.mark.security("clone-trust")


@pytest.fixture
def forged_remote(team):
    """b pushes a hand-made addendum-1 record with an annotated tag (no contractkit)."""
    a, b = team
    _push_forgery(b, _forged_record(), tag=True)
    return a.parent / "origin.git"


def test_clone_checks_the_tags_it_brings_and_keeps_nothing_forged(forged_remote, ws, tmp_path):
    output = one_line_error(ck("clone", forged_remote, ws / "c", env=machine(tmp_path, "c")))
    assert "the remote's tag addendum-1: the hashes in its record do not match the documents" in output
    assert "the clone was not kept" in output
    assert not (ws / "c").exists()


def test_a_clean_clone_keeps_a_teammates_real_signature(team, ws, tmp_path):
    result = ck("clone", team[0].parent / "origin.git", ws / "c", env=machine(tmp_path, "c"))
    assert result.returncode == 0, result.stderr
    assert "contract" in tags(ws / "c")
    status = ck("status", ws / "c", env=machine(tmp_path, "c"))
    assert status.returncode == 0 and "ignored signature" not in status.stderr


@pytest.fixture
def plain_clone(forged_remote, ws):
    """The same forgery fetched by plain git (or received as an archive): it is in .git already."""
    git_in(ws, "clone", "-q", str(forged_remote), "c")
    return ws / "c"


@pytest.mark.parametrize("command", [("status",), ("log",), ("invoice", "2", "--date", "2026-12-21"),
                                     ("publish",), ("show",)])
def test_every_command_reads_what_is_signed_from_verified_signatures(plain_clone, tmp_path, command):
    result = ck(command[0], plain_clone, *command[1:], env=machine(tmp_path, "c"))
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert "9,999,999" not in output and "9 999 999" not in output and "addendum-1 on 2026-12-05" not in output
    site = plain_clone / "public"
    if site.exists():
        assert "Mallory" not in "".join(p.read_text(errors="replace") for p in site.rglob("*.html"))
    if result.returncode == 0:
        lines = [x for x in result.stderr.splitlines() if "ignored signature: addendum-1:" in x]
        assert len(lines) == 1, result.stderr
        assert "do not match the documents rendered again" in lines[0]


def test_the_library_view_of_what_is_signed_leaves_out_the_forgery(plain_clone, tmp_path, monkeypatch):
    from contractkit.store import history, trust
    from contractkit.store.repo import open_repo

    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "state-lib"))
    with open_repo(plain_clone) as repo:
        found = trust.verified(repo, plain_clone)
        assert [r.tag for r in found.records] == ["contract"]
        assert len(found.ignored) == 1 and found.ignored[0].startswith("addendum-1:")
        assert [r.tag for r in history.signatures(repo)] == ["contract"]
        assert [r.tag for r in history.signature_records(repo)] == ["contract", "addendum-1"]


def test_status_says_which_record_it_ignored(plain_clone, tmp_path):
    result = ck("status", plain_clone, env=machine(tmp_path, "c"))
    assert result.returncode == 0, result.stderr
    assert "warning: ignored signature: addendum-1: the hashes in its record do not match" in result.stderr
    assert "addendum-1" not in result.stdout
