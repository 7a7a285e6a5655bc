"""The journal: this machine's private record of how to undo an interrupted command. It lives in
.git (no commit carries it); one that git tracks or a remote sends is refused, and one whose
entries are not what a command of ours writes is never replayed, whatever it names."""

from __future__ import annotations

import base64
import json
import os

import pytest

from contractkit.store.journal import JOURNAL, LEGACY
from tests.security.attack import Sentinel
from tests.security.gitfixtures import ck, edit, git_in, head, one_line_error

pytestmark = pytest.mark.security("journal")
PAYLOAD = base64.b64encode(b"[filter \"x\"]\n\tsmudge = touch /tmp/pwned\n").decode()


def _journal(project, files: dict, **fields) -> dict:
    data = {"operation": "change", "head": head(project), "tag": None, "files": files}
    return {**data, **fields}


def _names(sentinel: Sentinel) -> dict[str, dict]:
    """Journals that would write outside the project, into .git, or through a link."""
    return {
        "absolute path": {str(sentinel.root / "written"): PAYLOAD},
        "absolute path over a file": {str(sentinel.secret): None},
        "dot-dot": {"../../outside-written": PAYLOAD},
        "dot-dot inside records": {".contractkit/../../outside-written": PAYLOAD},
        "git config": {".git/config": PAYLOAD},
        "git hook": {".git/hooks/post-commit": PAYLOAD},
        "home gitconfig": {"~/.gitconfig": PAYLOAD},
        "backslashes": {"..\\..\\outside-written": PAYLOAD},
        "out folder": {"out/contract.pdf": PAYLOAD},
        "the journal itself": {LEGACY: PAYLOAD},
    }


NAMES = ["absolute path", "absolute path over a file", "dot-dot", "dot-dot inside records", "git config",
         "git hook", "home gitconfig", "backslashes", "out folder", "the journal itself"]
FIELDS = {
    "unknown operation": {"operation": "rm -rf"},
    "head a revision, not a commit id": {"head": "HEAD~1"},
    "tag not a signature tag": {"operation": "sign", "tag": "refs/heads/main"},
    "damaged content": {"files": {"project.yaml": "%%% not base64 %%%"}},
}


def _outside_untouched(project, sentinel: Sentinel) -> None:
    sentinel.assert_untouched()
    assert not (project.parent / "outside-written").exists()
    assert not (project.parent.parent / "outside-written").exists()
    assert "pwned" not in (project / ".git" / "config").read_text()


@pytest.mark.parametrize("name", NAMES)
def test_a_committed_journal_arriving_by_sync_is_refused_and_replays_nothing(team, ws, name):
    a, b = team
    sentinel = Sentinel(ws / "outside")
    files = _names(sentinel)[name]
    (b / LEGACY).write_text(json.dumps(_journal(b, files)))
    git_in(b, "add", "-f", LEGACY)
    git_in(b, "commit", "-qm", "journal")
    git_in(b, "push", "-q", "origin", "HEAD:main")
    before = head(a)
    output = one_line_error(ck("sync", a))
    assert LEGACY in output and "never comes from git" in output
    assert head(a) == before and not os.path.lexists(a / LEGACY)
    assert ck("doctor", a).returncode == 0  # a's own copy took nothing
    _outside_untouched(a, sentinel)
    # Taken by plain git anyway: every writing command and doctor refuse it, nothing replayed.
    git_in(a, "pull", "-q", "--no-rebase", "origin", "main")
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    for command in (("change", a, "-m", "x"), ("paid", a, "prepayment", "--date", "2026-12-03"),
                    ("sync", a)):
        output = one_line_error(ck(*command))
        assert LEGACY in output and "never comes from git" in output, command
    for doctor in (ck("doctor", a), ck("doctor", a, "--fix")):
        assert doctor.returncode == 1 and f"{LEGACY} is in the repository" in doctor.stdout
    _outside_untouched(a, sentinel)
    assert os.path.lexists(a / LEGACY)  # reported, not silently deleted: it is in the history


def test_a_clone_whose_history_carries_a_journal_is_refused_whole(team, ws):
    _, b = team
    (b / LEGACY).write_text(json.dumps(_journal(b, {"../../outside-written": PAYLOAD})))
    git_in(b, "add", "-f", LEGACY)
    git_in(b, "commit", "-qm", "journal")
    git_in(b, "push", "-q", "origin", "HEAD:main")
    output = one_line_error(ck("clone", ws / "origin.git", ws / "c"))
    assert LEGACY in output
    assert not (ws / "c").exists() and not (ws.parent / "outside-written").exists()


@pytest.mark.parametrize("where", [JOURNAL, LEGACY])
def test_an_untracked_journal_that_a_command_did_not_write_is_never_replayed(signed, ws, where, request):
    """In .git (a project received as an archive) or where older versions kept it: each journal
    in turn, on one project."""
    request.node.user_properties.append(("cases", len(NAMES) + len(FIELDS)))
    sentinel = Sentinel(ws / "outside")
    target = signed / where
    target.parent.mkdir(parents=True, exist_ok=True)
    before = head(signed)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    for name in [*NAMES, *FIELDS]:
        data = {**_journal(signed, {"project.yaml": PAYLOAD}), **FIELDS[name]} if name in FIELDS \
            else _journal(signed, _names(sentinel)[name])
        target.write_text(json.dumps(data))
        output = one_line_error(ck("change", signed, "-m", "x"))
        assert where in output and "nothing of it was replayed" in output, name
        doctor = ck("doctor", signed)
        assert doctor.returncode == 1 and "never replayed" in doctor.stdout, name
        assert head(signed) == before and b"price: 1500" in (signed / "project.yaml").read_bytes(), name
        _outside_untouched(signed, sentinel)
    fixed = ck("doctor", signed, "--fix")
    assert f"removed {where} without replaying it" in fixed.stdout
    assert not os.path.lexists(target)
    assert b"price: 1500" in (signed / "project.yaml").read_bytes()
    assert ck("change", signed, "-m", "Bigger discovery").returncode == 0
    _outside_untouched(signed, sentinel)


def test_a_journal_path_through_a_link_is_never_replayed(signed, ws):
    sentinel = Sentinel(ws / "outside")
    (signed / ".contractkit" / "notes").symlink_to(sentinel.root)
    target = signed / JOURNAL
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(_journal(signed, {".contractkit/notes/secret.txt": None,
                                                   ".contractkit/notes/written": PAYLOAD})))
    output = one_line_error(ck("sign", signed, "--date", "2026-12-02"))
    assert "link" in output
    _outside_untouched(signed, sentinel)


def test_an_old_untracked_journal_in_the_tree_is_refused_not_replayed(signed):
    """Older versions kept the journal in the tree, where an archive of the folder carries it too
    (red team 13, B02): it bears no mark of this machine, so it is refused and removed unreplayed."""
    record = signed / ".contractkit" / "changes" / "CR-001.yaml"
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text("id: CR-001\n")  # what a killed `change` left behind
    (signed / LEGACY).write_text(json.dumps(_journal(signed, {".contractkit/changes/CR-001.yaml": None})))
    output = one_line_error(ck("change", signed, "-m", "x"))
    assert LEGACY in output and "not written by a command on this machine" in output
    fixed = ck("doctor", signed, "--fix")
    assert f"removed {LEGACY} without replaying it" in fixed.stdout, fixed.stdout
    assert not (signed / LEGACY).exists() and not (signed / JOURNAL).exists()
    assert b"price: 1500" in (signed / "project.yaml").read_bytes()


def test_the_journal_of_a_killed_command_lives_in_dot_git(signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    killed = ck("change", signed, "-m", "x", env={"CONTRACTKIT_FAULT": "change:record-written"})
    assert killed.returncode == 137
    assert (signed / JOURNAL).is_file() and not (signed / LEGACY).exists()
    assert ck("change", signed, "-m", "Bigger discovery").returncode == 0
    assert not (signed / JOURNAL).exists()


def test_a_sign_journal_takes_back_only_the_commit_of_its_own_signature(signed):
    """A journal naming a `sign` on HEAD's parent: HEAD is a change request, not that signature's
    commit, so it stays."""
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    assert ck("change", signed, "-m", "Bigger discovery").returncode == 0
    before = head(signed)
    target = signed / JOURNAL
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(_journal(
        signed, {".contractkit/signatures/addendum-1.yaml": None, ".contractkit/changes/CR-001.yaml": None},
        operation="sign", tag="addendum-1", head=git_in(signed, "rev-parse", "HEAD^").strip())))
    _as_if_written_here(signed, target)
    fixed = ck("doctor", signed, "--fix")
    assert "had finished; nothing to undo" in fixed.stdout, fixed.stdout
    assert head(signed) == before and (signed / ".contractkit" / "changes" / "CR-001.yaml").is_file()


def _as_if_written_here(project, target) -> None:
    """The mark this machine's command keeps of the journal it writes (store/journal.py)."""
    from contractkit.store import journal
    from contractkit.store.repo import open_repo

    with open_repo(project) as repo:
        journal.own(repo, target.read_bytes())


def test_a_well_formed_journal_that_came_in_dot_git_is_refused_and_the_edit_kept(signed):
    """Red team 13, B02: an archive of the folder carries .git/contractkit/journal.json. One of the
    right form on the right HEAD, naming project.yaml, overwrote the user's uncommitted edit and
    `change` committed the journal's project.yaml as the user's change request. No mark of this
    machine, no replay: the command stops in one line, the edit and the history stay."""
    before = head(signed)
    planted = (signed / "project.yaml").read_text(encoding="utf-8").replace("price: 1200", "price: 12", 1)
    target = signed / JOURNAL
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(_journal(signed, {"project.yaml": base64.b64encode(planted.encode()).decode()})))
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    output = one_line_error(ck("change", signed, "-m", "Bigger discovery"))
    assert JOURNAL in output and "not written by a command on this machine" in output
    assert "nothing of it was replayed" in output and "doctor --fix" in output
    assert head(signed) == before and b"price: 1500" in (signed / "project.yaml").read_bytes()
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and "never replayed" in doctor.stdout
    assert f"removed {JOURNAL} without replaying it" in ck("doctor", signed, "--fix").stdout
    assert ck("change", signed, "-m", "Bigger discovery").returncode == 0
    assert b"price: 1500" in (signed / "project.yaml").read_bytes()
    assert b"price: 1500" in git_in(signed, "show", "HEAD:project.yaml").encode()
