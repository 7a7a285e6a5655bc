"""Class 5: a killed `sign` comes back wrong. Killed at any step before its tag, a signature is
taken back whole (files, index, commit); the next `sign`, with another date and signer, records
and tags exactly its own hashes and signer. doctor sees every leftover, staged ones included."""

from __future__ import annotations

import hashlib

import pytest

from contractkit.store import records
from contractkit.store.records import SignatureRecord
from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, head, tags

pytestmark = pytest.mark.security("killed-sign")
STEPS = ["sign:rendered", "sign:records-written", "commit:staged", "sign:committed", "sign:tagged"]


def _record_at_tag(project, tag: str) -> SignatureRecord:
    data = git_in(project, "show", f"{tag}:{records.signature_path(tag)}").encode()
    return records.parse(SignatureRecord, data, tag)


@pytest.fixture
def pending(signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "Bigger discovery")
    return signed


@pytest.mark.parametrize("step", STEPS)
def test_killed_sign_then_signed_again_by_someone_else_on_another_day(pending, step):
    before = head(pending)
    killed = ck("sign", pending, "--date", "2026-12-02", "--by", "Alex Morgan",
                env={"CONTRACTKIT_FAULT": step})
    assert killed.returncode == 137
    if step != "sign:tagged":
        assert "addendum-1" not in tags(pending)
        doctor = ck("doctor", pending)
        if step == "sign:rendered":  # nothing recorded yet: nothing to undo
            assert doctor.returncode == 0, doctor.stdout
        else:
            assert doctor.returncode == 1 and "interrupted" in doctor.stdout, doctor.stdout
    again = ck("sign", pending, "--date", "2026-12-09", "--by", "Priya Shah")
    record = _record_at_tag(pending, "addendum-1")
    if step == "sign:tagged":  # the first one finished: it stands, and nothing is signed twice
        assert "nothing changed since the last signature" in again.stderr
        assert (record.date.isoformat(), record.by) == ("2026-12-02", ["Alex Morgan"])
    else:
        assert again.returncode == 0, again.stderr
        assert (record.date.isoformat(), record.by) == ("2026-12-09", ["Priya Shah"])
        assert git_in(pending, "rev-parse", "addendum-1^{commit}").strip() != before
        assert git_in(pending, "rev-list", "--count", f"{before}..addendum-1^{{commit}}").strip() == "1"
    for name, digest in record.files.items():  # the tag holds the hashes of the files in out/
        assert hashlib.sha256((pending / "out" / name).read_bytes()).hexdigest() == digest
        assert "matches" in ck("verify", pending, pending / "out" / name).stdout
    assert git_in(pending, "diff", "--cached", "--name-only") == ""
    assert ck("doctor", pending).returncode == 0


def test_doctor_fix_undoes_a_killed_sign_and_says_so(pending):
    before = head(pending)
    assert ck("sign", pending, "--date", "2026-12-02", env={"CONTRACTKIT_FAULT": "sign:committed"}
              ).returncode == 137
    assert head(pending) != before
    fixed = ck("doctor", pending, "--fix")
    assert "undid the unfinished 'sign'" in fixed.stdout and fixed.returncode == 0
    assert head(pending) == before and "addendum-1" not in tags(pending)
    assert not (pending / records.signature_path("addendum-1")).exists()
    assert git_in(pending, "status", "--porcelain", "--", ".contractkit") == ""
    assert ck("doctor", pending).stdout == "ok: nothing needs your attention\n"


def test_a_staged_record_without_a_journal_is_seen_and_unstaged(pending):
    stale = pending / records.signature_path("addendum-1")
    stale.write_text("tag: addendum-1\n")
    git_in(pending, "add", str(stale))
    stale.unlink()
    doctor = ck("doctor", pending)
    assert doctor.returncode == 1 and "staged but not committed" in doctor.stdout
    assert "unstaged" in ck("doctor", pending, "--fix").stdout
    assert git_in(pending, "diff", "--cached", "--name-only") == ""
    assert ck("sign", pending, "--date", "2026-12-09", "--by", "Priya Shah").returncode == 0
    assert _record_at_tag(pending, "addendum-1").by == ["Priya Shah"]


def test_killed_contract_sign_leaves_a_draft(ws):
    run("new", "q", "--lang", "en")
    project = ws / "q"
    assert ck("sign", project, "--date", "2026-11-30", env={"CONTRACTKIT_FAULT": "sign:committed"}
              ).returncode == 137
    status = ck("status", project)
    assert status.returncode == 0 and "draft" in status.stdout
    assert ck("sign", project, "--date", "2026-12-01", "--by", "Priya Shah").returncode == 0
    assert _record_at_tag(project, "contract").date.isoformat() == "2026-12-01"
