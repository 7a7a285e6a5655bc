"""Red team round 10 (/work/redteam10/REPORT.md): findings B1, ...

B1. A remembered approval counted for a rewritten change request: the mark in the user's state
    folder was keyed by the project's root commit and the change record's bytes, so a teammate who
    rewrote the CR-001 commit (300 pages where the client approved the sheet of 30) and kept both
    records byte for byte had the client's approval shown on status, log and the client's page.
    A mark now names the sheet: the trees of the commit that recorded the change and of the one
    before; anything else has its mail checked again against the sheet pending now.
"""

from __future__ import annotations

import hashlib

import pytest

from contractkit.flows import approval_trust
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in
from tests.security.test_guard_records import server_keys
from tests.test_approval import CLIENT, RU_CONTENT, RU_CONTENT_30, reply


def _problems(project, dns) -> dict[str, str]:
    with open_repo(project) as repo:
        return {e.name: e.problem for e in approval_trust.entries(project, repo, dnsfunc=dns)}


@pytest.fixture
def approved(ws, tmp_path):
    """RU-1 signed, CR-001 (30 pages) proposed and approved by the client's DKIM-signed reply."""
    project = ws / "romashka"
    run("new", "romashka", "--from-example", "romashka-site")
    run("sign", project, "--date", "2026-12-01")
    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", project, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    sha = hashlib.sha256((project / "out" / "cr-001-2026-031.pdf").read_bytes()).hexdigest()
    dns, _ = server_keys(tmp_path)
    approval_trust.record_approval(project, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    assert _problems(project, dns) == {"CR-001.yaml": ""}
    return project, dns


@pytest.mark.security("approvals")
def test_a_remembered_approval_does_not_count_for_a_rewritten_change_request(approved, ws):
    project, dns = approved
    fresh = ws / "fresh"  # the same machine's state folder, another copy (a new laptop's clone)
    git_in(ws, "clone", "-q", str(project), str(fresh))
    assert _problems(fresh, dns) == {"CR-001.yaml": ""}  # control: an honest copy keeps its approval
    # the teammate's rewrite: CR-001's commit says 300 pages, both records stay byte for byte
    change = git_in(fresh, "log", "--format=%H", "--grep", "^CR-001: ", "-1").strip()
    tip = git_in(fresh, "rev-parse", "HEAD").strip()
    git_in(fresh, "checkout", "-q", "-b", "fake", change)
    yaml = fresh / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("контентом, 30 страниц", "контентом, 300 страниц"),
                    encoding="utf-8")
    git_in(fresh, "-c", "user.name=Mate", "-c", "user.email=m@x", "commit", "-q", "--amend", "-am", "CR-001: 30")
    git_in(fresh, "-c", "user.name=Mate", "-c", "user.email=m@x", "cherry-pick", tip)
    git_in(fresh, "branch", "-q", "-f", "main", "fake")
    git_in(fresh, "checkout", "-q", "main")
    assert "300 страниц" in yaml.read_text(encoding="utf-8")
    problem = _problems(fresh, dns)["CR-001.yaml"]
    assert problem.startswith("its email does not pass the check again"), problem
    status = ck("status", fresh)
    assert "approved by email" not in status.stdout, status.stdout
    doctor = ck("doctor", fresh)
    assert "CR-001" in doctor.stdout and "nothing needs your attention" not in doctor.stdout, doctor.stdout
