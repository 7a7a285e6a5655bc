"""Letters, sent records, requests and change records are never rewritten (red team round 2, F6,
F8). A teammate's plain-git commits backdated letter L-001 and changed its recipient, and deleted
the pending CR-001: `doctor` said ok, `status` said "nothing pending", `addendum` signed the
unrecorded edit. A letter dated 2026-02-30 stopped `status`, `log` and `publish`, but `doctor`
said ok."""

from __future__ import annotations

import pytest

from contractkit.flows import guard
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in
from tests.test_billing import example

pytestmark = pytest.mark.security("letters")


@pytest.fixture
def project(ws):
    """Signed, its prepayment invoiced, a reminder letter written, a change pending."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01", "--format", "pdf")
    run("remind", path, "--date", "2026-12-10")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("20 страниц", "30 страниц", 1), encoding="utf-8")
    run("change", path, "-m", "More content", "--reason", "client asked")
    return path


def _teammate(path, message: str) -> None:
    git_in(path, "add", "-A")
    git_in(path, "commit", "-qm", message)


def _letter(path):
    [letter] = sorted((path / ".contractkit" / "letters").glob("L-*.yaml"))
    return letter


def test_a_rewritten_letter_is_reported_and_stops_status_and_log(project):
    letter = _letter(project)
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("office@romashka.example", "ceo@evil.example"), encoding="utf-8")
    _teammate(project, "rewrite L-001")
    doctor = ck("doctor", project)
    assert doctor.returncode != 0 and "L-001.yaml: edited after the commit that wrote it" in doctor.stdout, \
        doctor.stdout
    for command in ("status", "log"):
        result = ck(command, project)
        assert result.returncode != 0 and "L-001.yaml: edited after the commit" in result.stderr, result.stderr
        assert "evil.example" not in result.stdout


def test_a_deleted_change_record_is_reported_and_no_addendum_takes_its_edit(project):
    git_in(project, "rm", "-q", ".contractkit/changes/CR-001.yaml")
    git_in(project, "commit", "-qm", "drop CR-001")
    doctor = ck("doctor", project)
    assert "CR-001.yaml: deleted after the commit that wrote it" in doctor.stdout, doctor.stdout
    addendum = ck("addendum", project, "--date", "2026-12-20")
    assert addendum.returncode != 0 and "CR-001.yaml: deleted" in addendum.stderr, addendum.stderr
    assert not list((project / "out").glob("addendum-1*"))
    status = ck("status", project)
    assert "nothing pending" not in status.stdout and "CR-001.yaml: deleted" in status.stderr


def test_sign_and_a_received_request_are_no_rewrite(project):
    run("asked", project, "texts for the pages", "--date", "2026-12-11")
    run("received", project, "R-001", "--date", "2026-12-12")
    run("sign", project, "--date", "2026-12-20")
    assert "edited after" not in ck("doctor", project).stdout
    assert ck("status", project).returncode == 0


def test_a_damaged_letter_record_is_found_by_doctor(project):
    letter = _letter(project)
    bad = letter.with_name("L-002.yaml")
    text = letter.read_text(encoding="utf-8").replace("L-001", "L-002")
    bad.write_text("\n".join("date: '2026-02-30'" if x.startswith("date:") else x for x in text.splitlines()) + "\n",
                   encoding="utf-8")
    _teammate(project, "L-002")
    status = ck("status", project)
    doctor = ck("doctor", project)
    assert doctor.returncode != 0 and "L-002.yaml: damaged record (date:" in doctor.stdout, doctor.stdout
    assert "L-002.yaml: damaged record" in status.stdout + status.stderr


def test_the_guard_refuses_an_edit_or_removal_of_a_letter_or_sent_record():
    for folder in (".contractkit/letters", ".contractkit/sent"):
        assert folder in guard.APPEND_ONLY
