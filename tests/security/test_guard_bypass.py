"""`contractkit guard` on a bare repository of this machine, pushed to with plain git over a path
(git runs the remote's pre-receive hook then too): what a merge brings of its own is checked against
each parent, and commits planted first under a ref the guard used to skip (a tag of any name, notes,
any other ref) are checked like a branch's before a branch can hold them."""

from __future__ import annotations

import subprocess

import pytest

from tests.security.gitfixtures import ck, git_in

pytestmark = pytest.mark.security("forgery")

RECORD = ".contractkit/signatures/contract.yaml"


@pytest.fixture
def guarded(team, ws):
    """Alice's signed project on a bare remote that runs the guard."""
    a, _ = team
    installed = ck("guard", "--install", ws / "origin.git")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git_in(a, "fetch", "-q", "origin")
    return a, ws / "origin.git"


def push(path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(path), "push", "origin", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False)


def refused(result, words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "contractkit guard: refused:" in output and words in output, output
    assert "Traceback" not in output and "could not check" not in output, output
    return output


def _commit(path, message: str, name: str, text: str) -> None:
    (path / name).parent.mkdir(parents=True, exist_ok=True)
    (path / name).write_text(text)
    git_in(path, "add", name)
    git_in(path, "commit", "-qm", message)


def _evil_merge(a, change) -> None:
    """Two harmless lines of work merged by a merge commit that carries a change of its own."""
    git_in(a, "checkout", "-q", "-b", "side")
    _commit(a, "side note", "notes/side.txt", "side\n")
    git_in(a, "checkout", "-q", "main")
    _commit(a, "main note", "notes/main.txt", "main\n")
    git_in(a, "merge", "-q", "--no-ff", "--no-commit", "side")
    change(a)
    git_in(a, "commit", "-qm", "Merge side")
    assert git_in(a, "diff-tree", "-r", "--root", "HEAD").strip() == ""  # what the guard used to read


def _edit_record(a) -> None:
    (a / RECORD).write_text((a / RECORD).read_text() + "# edited in the merge\n")
    git_in(a, "add", RECORD)


def _journal(a) -> None:
    (a / ".contractkit" / "journal.json").write_text("{}\n")
    git_in(a, "add", "-f", ".contractkit/journal.json")


def _new_signature(a) -> None:
    (a / ".contractkit" / "signatures" / "addendum-9.yaml").write_text((a / RECORD).read_text())
    git_in(a, "add", ".contractkit/signatures/addendum-9.yaml")


def _link(a) -> None:
    (a / "notes" / "key").symlink_to("/etc/passwd")
    git_in(a, "add", "notes/key")


@pytest.mark.parametrize("change, words", [
    (_edit_record, f"{RECORD}: edits a record that is never changed"),
    (_journal, ".contractkit/journal.json: a file contractkit never commits"),
    (_link, "notes/key: a symbolic link"),
    (_new_signature, "a signature record pushed without its tag addendum-9"),
])
def test_a_merge_carrying_its_own_change_is_refused(guarded, change, words):
    a, bare = guarded
    before = git_in(bare, "rev-parse", "refs/heads/main")
    _evil_merge(a, change)
    refused(push(a, "main"), words)
    assert git_in(bare, "rev-parse", "refs/heads/main") == before


def test_an_honest_merge_passes(guarded):
    a, bare = guarded
    _evil_merge(a, lambda a: None)
    result = push(a, "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main") == git_in(a, "rev-parse", "HEAD")


@pytest.mark.parametrize("ref", ["refs/tags/wip-1", "refs/notes/commits", "refs/wip/planted",
                                 "refs/tags/addendum-x", "refs/remotes/origin/x"])
@pytest.mark.parametrize("annotated", [False, True])
def test_commits_planted_under_another_ref_are_checked_there(guarded, ref, annotated):
    a, bare = guarded
    before = git_in(bare, "for-each-ref")
    _edit_record(a)
    git_in(a, "commit", "-qm", "an edited signature record")
    if annotated:
        git_in(a, "tag", "-a", "-m", "planted", "planted", "HEAD")
    source = "planted" if annotated else "HEAD"
    refused(push(a, f"{source}:{ref}"), f"{RECORD}: edits a record")
    assert git_in(bare, "for-each-ref") == before
    refused(push(a, "HEAD:refs/heads/main"), f"{RECORD}: edits a record")  # and still when it is a branch
    assert git_in(bare, "for-each-ref") == before


def test_a_ref_to_a_tree_or_a_blob_is_not_a_commit_to_check(guarded):
    """Not read as a commit (no traceback), and refused as a ref outside branches and signature tags."""
    a, bare = guarded
    tree = git_in(a, "rev-parse", "HEAD^{tree}").strip()
    git_in(a, "update-ref", "refs/trees/t", tree)
    refused(push(a, "refs/trees/t:refs/trees/t"), "refs/trees/t: is a ref contractkit never pushes")


def test_merging_work_older_than_a_signature_passes(guarded):
    """Against the older parent the signature record looks added; it is not the merge's own."""
    a, bare = guarded
    first = git_in(a, "log", "--format=%H", "--diff-filter=A", "--", RECORD).split()[-1]
    git_in(a, "checkout", "-q", "-b", "older", f"{first}~1")
    _commit(a, "work from before the signature", "notes/older.txt", "older\n")
    git_in(a, "merge", "-q", "--no-ff", "-m", "Merge main into older", "main")
    assert RECORD in git_in(a, "diff-tree", "-r", "--name-only", "HEAD^1", "HEAD")
    result = push(a, "older")
    assert result.returncode == 0, result.stdout + result.stderr
    assert git_in(bare, "rev-parse", "refs/heads/older") == git_in(a, "rev-parse", "HEAD")


def test_a_yaml_alias_in_project_yaml_is_refused_at_the_server(guarded):
    """Every machine refuses anchors and aliases (an alias printed a private note in the brief: the
    round-2 red team's F5); the server refuses them too, so the project never stops a teammate."""
    a, _ = guarded
    text = (a / "project.yaml").read_text(encoding="utf-8")
    (a / "project.yaml").write_text(text + "\nnotes: {secret: &n 'the client pays late'}\n"
                                    "x_shared: *n\n", encoding="utf-8")
    git_in(a, "commit", "-qam", "Notes")
    output = refused(push(a, "HEAD:main"), "project.yaml: line")
    assert "anchors and aliases are not allowed" in output


def test_a_plain_edit_of_project_yaml_still_passes_the_server(guarded):
    a, _ = guarded
    text = (a / "project.yaml").read_text(encoding="utf-8")
    (a / "project.yaml").write_text(text + "\n# a comment with * and & that is no alias\n", encoding="utf-8")
    git_in(a, "commit", "-qam", "A comment")
    result = push(a, "HEAD:main")
    assert result.returncode == 0, result.stdout + result.stderr
