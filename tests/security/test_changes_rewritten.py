"""A change request is the edit its commit recorded, once and for all (red team 10, B1 and B1-sync).

B1-sync: a teammate branched from the signed commit, added the same CR-001 record bytes with 300
pages where the victim recorded 30, merged main into that branch (their commit first) and pushed:
the victim's plain `sync` fast-forwarded, and `diff contract CR-001` and the addendum followed the
teammate's commit. B1: the teammate rewrote the CR-001 commit and force-pushed; a fresh clone on
the victim's machine had only the teammate's edit. Now a record added by commits with different
edits is refused wherever write-once records are (doctor, the reading commands, diff, the sheet,
`sync` before it merges), and a change request this machine has shown (its sheet, an approval, the
addendum, a sync) keeps the edit it had then: another one is refused, naming the record.
"""

from __future__ import annotations

import subprocess

import git
import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, head, one_line_error
from tests.security.test_round10b import proposed_30_pages
from tests.test_approval import RU_CONTENT

pytestmark = pytest.mark.security("forgery")
RECORD = ".contractkit/changes/CR-001.yaml"
MATE = ("-c", "user.name=Mate", "-c", "user.email=m@x")
PAGES_300 = "    title: Наполнение контентом, 300 страниц\n"


@pytest.fixture
def proposed(ws):
    """RU-1 signed; CR-001 (20 -> 30 pages) recorded and its sheet made for the client."""
    return proposed_30_pages(ws)


def _side_branch_merged_first(path) -> None:
    """Plain git, as the teammate: a branch from the signed commit adds the same CR-001 record bytes
    with 300 pages, merges main into itself keeping its project.yaml, and main fast-forwards."""
    signed_at = git_in(path, "rev-list", "-1", "contract").strip()
    change = git_in(path, "log", "--format=%H", "--grep", "^CR-001: ", "-1").strip()
    record = git_in(path, "show", f"{change}:{RECORD}")
    git_in(path, "checkout", "-q", "-b", "side", signed_at)
    (path / RECORD).parent.mkdir(parents=True, exist_ok=True)
    (path / RECORD).write_text(record, encoding="utf-8")
    yaml = path / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, PAGES_300), encoding="utf-8")
    git_in(path, "add", "-A")
    git_in(path, *MATE, "commit", "-qm", "CR-001: 30 страниц")
    merged = subprocess.run(["git", "-C", str(path), *MATE, "merge", "-q", "main", "-m", "Merge"],
                            capture_output=True, text=True, check=False)
    if merged.returncode != 0:
        git_in(path, "checkout", "-q", "--ours", "project.yaml")
        git_in(path, "add", "project.yaml")
        git_in(path, *MATE, "commit", "-qm", "Merge")
    git_in(path, "checkout", "-q", "main")
    git_in(path, "merge", "-q", "--ff-only", "side")
    assert "300 страниц" in yaml.read_text(encoding="utf-8")


def test_a_change_request_a_merge_gives_another_edit_is_refused_everywhere(proposed):
    before = ck("diff", proposed, "contract", "CR-001")
    assert before.returncode == 0 and "30 страниц" in before.stdout, before.stdout + before.stderr  # control
    _side_branch_merged_first(proposed)
    # before the fix: diff showed "20 страниц -> 300 страниц" and the addendum restated 300 pages
    for args in (("diff", proposed, "contract", "CR-001"), ("addendum", proposed), ("status", proposed),
                 ("log", proposed), ("publish", proposed, "--out", proposed.parent / "site")):
        output = one_line_error(ck(*args))
        assert f"{RECORD}: recorded twice with different edits" in output, (args, output)
    assert not list((proposed / "out").glob("addendum-1*")), "an addendum was written"
    doctor = ck("doctor", proposed)
    assert doctor.returncode != 0 and f"{RECORD}: recorded twice with different edits" in doctor.stdout, doctor.stdout


@pytest.fixture
def shared(proposed, ws):
    """The victim synced CR-001 to a bare remote; a teammate's clone of it."""
    bare = ws / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    with git.Repo(proposed) as repo:
        repo.create_remote("origin", str(bare))
    assert ck("sync", proposed).returncode == 0
    mate = ws / "mate"
    git_in(ws, "clone", "-q", str(bare), str(mate))
    return proposed, bare, mate


def test_sync_refuses_a_remote_whose_merge_gives_a_change_request_another_edit(shared):
    project, bare, mate = shared
    _side_branch_merged_first(mate)
    git_in(mate, "push", "-q", "origin", "main")
    before = head(project)
    output = one_line_error(ck("sync", project))
    assert f"the remote's history: {RECORD}: recorded twice with different edits" in output, output
    assert "nothing was merged" in output
    assert head(project) == before and "30 страниц" in (project / "project.yaml").read_text(encoding="utf-8")


def _rewritten_and_force_pushed(mate) -> None:
    """Plain git, as the teammate: the CR-001 commit amended to 300 pages (its record byte for byte),
    the commits after it picked onto it, and the branch force-pushed."""
    change = git_in(mate, "log", "--format=%H", "--grep", "^CR-001: ", "-1").strip()
    after = git_in(mate, "rev-list", "--reverse", f"{change}..HEAD").split()
    git_in(mate, "checkout", "-q", "-b", "fake", change)
    yaml = mate / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("контентом, 30 страниц", "контентом, 300 страниц"),
                    encoding="utf-8")
    git_in(mate, *MATE, "commit", "-q", "--amend", "-am", "CR-001: 30 страниц")
    for sha in after:
        git_in(mate, *MATE, "cherry-pick", sha)
    git_in(mate, "push", "-q", "-f", "origin", "fake:main")


def test_a_change_request_rewritten_after_this_machine_showed_it_is_refused_in_a_fresh_clone(shared, ws, tmp_path):
    project, bare, mate = shared
    _rewritten_and_force_pushed(mate)
    fresh = ws / "fresh"  # the victim's new laptop folder: the same machine account, a fresh clone
    assert ck("clone", str(bare), fresh).returncode == 0
    assert "300 страниц" in (fresh / "project.yaml").read_text(encoding="utf-8")
    for args in (("diff", fresh, "contract", "CR-001"), ("addendum", fresh), ("status", fresh),
                 ("publish", fresh, "--out", ws / "site")):
        output = one_line_error(ck(*args))
        assert f"{RECORD}: its edit is not the one this machine saw" in output, (args, output)
    doctor = ck("doctor", fresh)
    assert f"{RECORD}: its edit is not the one this machine saw" in doctor.stdout, doctor.stdout
    # control: another machine, which never saw CR-001, has nothing to compare it with
    elsewhere = ck("diff", fresh, "contract", "CR-001", env={"CONTRACTKIT_STATE": str(tmp_path / "other")})
    assert elsewhere.returncode == 0 and "300 страниц" in elsewhere.stdout, elsewhere.stderr


def test_sync_renumbering_two_peoples_change_requests_is_no_rewrite(shared, tmp_path):
    """Control: the teammate records their own CR-001 first; the victim's sync keeps theirs as
    CR-001 and renumbers the victim's (the one this machine showed) to CR-002: both stand."""
    project, bare, mate = shared
    elsewhere = {"CONTRACTKIT_STATE": str(tmp_path / "mate-state")}
    # a new CR on both sides: the victim's second change (its sheet made) and the teammate's own
    git_in(mate, "pull", "-q", "origin", "main")
    yaml = mate / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("price: 75000", "price: 175000", 1), encoding="utf-8")
    assert ck("change", mate, "-m", "Дизайн дороже", "--requested-on", "2026-12-11", env=elsewhere).returncode == 0
    assert ck("sync", mate, env=elsewhere).returncode == 0
    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("30 страниц", "40 страниц"), encoding="utf-8")
    run("change", project, "-m", "40 страниц", "--requested-on", "2026-12-11", "--estimate")
    synced = ck("sync", project)
    assert synced.returncode == 0 and "renumbered your CR-002 to CR-003" in synced.stdout, synced.stdout + synced.stderr
    for args in (("status", project), ("diff", project, "contract", "CR-003"), ("doctor", project)):
        result = ck(*args)
        assert result.returncode == 0, (args, result.stdout + result.stderr)
    assert "40 страниц" in ck("diff", project, "contract", "CR-003").stdout
