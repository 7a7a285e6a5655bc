"""Red team round 3 (#1): a teammate's own CR-001 reached the server first; the victim's client
approved the victim's CR-001 sheet (+5 000), `sync` renumbered it to CR-002 but left the approval
record under CR-001, and every machine then showed the teammate's dearer CR-001 as approved by the
client. An approval counts only for the sheet pending under its change id now."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from contractkit.flows import approval_trust
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in
from tests.security.test_guard_records import passes, push, server, server_keys  # noqa: F401 - fixture
from tests.test_approval import CLIENT, RU_CONTENT, RU_CONTENT_30, reply

pytestmark = pytest.mark.security("approvals")
APPROVAL = ".contractkit/approvals/CR-001.yaml"


def _approved(project, dns) -> dict[str, str]:
    with open_repo(project) as repo:
        return {e.name: e.problem for e in approval_trust.entries(project, repo, dnsfunc=dns)}


def test_a_renumbered_change_does_not_carry_its_approval_onto_the_remotes_change(server, ws, tmp_path):  # noqa: F811
    project, bare = server
    dns, keys = server_keys(tmp_path)
    git_in(bare, "config", "contractkit.dkimKeys", str(keys))
    mate = ws / "mate"
    subprocess.run(["git", "clone", "-q", str(bare), str(mate)], check=True, capture_output=True)
    yaml = mate / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("price: 75000", "price: 175000", 1),
                    encoding="utf-8")
    elsewhere = {"CONTRACTKIT_STATE": str(tmp_path / "mate-state")}  # the teammate's own machine
    assert ck("change", mate, "-m", "Дизайн дороже", "--requested-on", "2026-12-10", env=elsewhere).returncode == 0
    assert ck("sync", mate, env=elsewhere).returncode == 0
    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", project, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    sha = hashlib.sha256((project / "out" / "cr-001-2026-031.pdf").read_bytes()).hexdigest()
    approval_trust.record_approval(project, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    assert _approved(project, dns) == {"CR-001.yaml": ""}
    approved_at = git_in(project, "rev-parse", "HEAD").strip()

    synced = ck("sync", project)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "renumbered your CR-001 to CR-002" in synced.stdout
    assert "approval was not kept" in synced.stdout, synced.stdout
    assert not (project / APPROVAL).exists()
    assert "approved by email" not in ck("status", project).stdout

    # a teammate puts the old record back by hand: this machine remembered it, yet it counts for
    # nothing, since CR-001 is now another change with another sheet
    git_in(project, "checkout", approved_at, "--", ".contractkit/approvals")
    git_in(project, "commit", "-qm", "restore the approval")
    problems = _approved(project, dns)
    assert problems["CR-001.yaml"], problems
    doctor = ck("doctor", project)
    assert "CR-001" in doctor.stdout and "nothing needs your attention" not in doctor.stdout, doctor.stdout
    before = git_in(bare, "rev-parse", "refs/heads/main").strip()
    result = push(project)
    assert result.returncode != 0 and "CR-001.yaml: not an approval" in result.stdout + result.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before
