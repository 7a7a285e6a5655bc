"""Git metadata files: what in .git (or a .gitattributes) would lead git to another repository,
another history or other bytes. commondir, alternates, grafts and linked object folders are
refused like a `gitdir:` file; fetch refspecs may write only refs/remotes/; a signature tag that is
no longer the annotated tag made at signing is noticed; attributes that convert bytes are refused
in the tree, in a clone and in a sync; odd refs and histories get one clear line."""

from __future__ import annotations

import os

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, head, one_line_error, tags

pytestmark = pytest.mark.security("git-metadata")


@pytest.fixture
def other(ws):
    """Another repository on the same machine, which nothing may touch."""
    run("new", "other", "--lang", "en")
    return ws / "other"


def _snapshot(repo) -> tuple[str, str, str]:
    return head(repo), git_in(repo, "for-each-ref"), git_in(repo, "status", "--porcelain")


METADATA = {
    "commondir": lambda p, o: (p / ".git" / "commondir").write_text(f"{o / '.git'}\n"),
    "objects/info/alternates": lambda p, o: (p / ".git" / "objects" / "info" / "alternates").write_text(
        f"{o / '.git' / 'objects'}\n"),
    "objects/info/http-alternates": lambda p, o: (p / ".git" / "objects" / "info" / "http-alternates"
                                                  ).write_text("http://example.invalid/objects\n"),
    "info/grafts": lambda p, o: (p / ".git" / "info" / "grafts").write_text(
        f"{head(p)} {head(o)}\n"),
}


@pytest.mark.parametrize("name", METADATA)
def test_git_metadata_leading_elsewhere_is_refused_and_the_other_repository_untouched(signed, other, name):
    (signed / ".git" / "info").mkdir(exist_ok=True)
    (signed / ".git" / "objects" / "info").mkdir(exist_ok=True)
    METADATA[name](signed, other)
    before, mine = _snapshot(other), head(signed)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    for command in (("change", signed, "-m", "x"), ("status", signed), ("log", signed),
                    ("sign", signed, "--date", "2026-12-02")):
        output = one_line_error(ck(*command))
        assert f".git/{name}" in output and "refused" in output, command
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and f".git/{name}" in doctor.stdout
    assert _snapshot(other) == before and head(signed) == mine


def test_linked_object_or_ref_folders_are_refused(signed, other):
    objects = signed / ".git" / "objects"
    os.rename(objects, signed / ".git" / "objects-own")
    objects.symlink_to(other / ".git" / "objects")
    before = _snapshot(other)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    output = one_line_error(ck("change", signed, "-m", "x"))
    assert ".git/objects is a link" in output
    assert _snapshot(other) == before


def test_a_clone_from_a_local_path_copies_no_alternates(team, ws):
    """A remote borrowing objects from another repository (git clone --shared): the clone gets its
    objects through upload-pack and has no alternates of its own."""
    a, _ = team
    shared = ws / "shared.git"
    git_in(ws, "clone", "-q", "--bare", "--shared", str(ws / "origin.git"), str(shared))
    assert (shared / "objects" / "info" / "alternates").exists()
    for url in (str(shared), f"file://{shared}"):
        dest = ws / f"c{len(url)}"
        cloned = ck("clone", url, dest)
        assert cloned.returncode == 0, cloned.stderr
        assert not (dest / ".git" / "objects" / "info" / "alternates").exists()
        git_in(dest, "fsck", "--connectivity-only")
        assert ck("status", dest).returncode == 0 and head(dest) == head(a)


REFSPECS = ["+refs/heads/main:refs/tags/contract", "+refs/*:refs/*", "+refs/tags/*:refs/tags/*",
            "refs/heads/main:refs/heads/main", "+refs/heads/*:refs/heads/backup/*",
            "+refs/heads/main:refs/replace/0000000000000000000000000000000000000000",
            "^refs/heads/x:refs/tags/y"]


def test_a_fetch_refspec_writing_outside_refs_remotes_is_refused(team, request):
    a, b = team
    request.node.user_properties.append(("cases", len(REFSPECS)))
    edit(b / "project.yaml", "price: 750", "price: 7500")
    git_in(b, "commit", "-qam", "teammate")
    git_in(b, "push", "-q", "origin", "HEAD:main")
    before = tags(a), head(a)
    for spec in REFSPECS:
        git_in(a, "config", "--add", "remote.origin.fetch", spec)
        output = one_line_error(ck("sync", a))
        assert "remote.origin.fetch" in output and "refs/remotes/" in output, spec
        assert (tags(a), head(a)) == before, spec
        git_in(a, "config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
    synced = ck("sync", a)  # the default refspec stays allowed
    assert synced.returncode == 0, synced.stderr
    assert tags(a) == before[0]


@pytest.mark.parametrize("how", ["lightweight on a later commit", "another annotated tag"])
def test_doctor_notices_a_signature_tag_that_is_no_longer_the_one_signed(signed, how):
    (signed / "notes.txt").write_text("a teammate's commit that keeps the signed record\n")
    git_in(signed, "add", "notes.txt")
    git_in(signed, "commit", "-qm", "notes")
    assert ck("doctor", signed).returncode == 0
    if how.startswith("lightweight"):
        git_in(signed, "tag", "-f", "contract", "HEAD")
        expected = "lightweight tag"
    else:
        git_in(signed, "tag", "-f", "-a", "contract", "-m", "Signed contract again", "contract^{commit}")
        expected = "no longer the annotated tag recorded when it was signed"
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and expected in doctor.stdout, doctor.stdout


ATTRIBUTES = {
    "working-tree-encoding": ("project.yaml working-tree-encoding=UTF-16LE\n", ".gitattributes"),
    "filter": ("*.yaml filter=lfs diff=lfs merge=lfs\n", ".gitattributes"),
    "ident": ("* ident\n", ".gitattributes"),
    "eol": ("*.yaml eol=crlf\n", ".gitattributes"),
    "text": ("* text=auto\n", ".gitattributes"),
    "crlf": ("* crlf\n", ".gitattributes"),
    "macro": ("[attr]wide working-tree-encoding=UTF-16LE\n*.yaml wide\n", ".gitattributes"),
    "quoted pattern": ('"project.yaml" working-tree-encoding=UTF-16LE\n', ".gitattributes"),
    "in the records folder": ("*.yaml working-tree-encoding=UTF-16LE\n", ".contractkit/.gitattributes"),
    # git ends a line at "\n" only and takes "\r" for a space inside it (a red team's find)
    "carriage returns, eol": ("project.yaml\rtext\reol=crlf\r\n", ".gitattributes"),
    "carriage returns, encoding": ("project.yaml\rworking-tree-encoding=UTF-16\r\n", ".gitattributes"),
}


def test_converting_attributes_committed_in_the_tree_give_one_line_not_a_crash(signed, request):
    """The attributes as a teammate's plain `git pull` brings them (files checked out converted)."""
    request.node.user_properties.append(("cases", len(ATTRIBUTES) + 1))
    for name, (text, where) in ATTRIBUTES.items():
        (signed / where).write_text(text)
        git_in(signed, "add", where)
        git_in(signed, "commit", "-qm", name)
        git_in(signed, "rm", "-q", "--cached", "project.yaml")
        git_in(signed, "commit", "-qm", "re-add")
        (signed / "project.yaml").unlink()
        git_in(signed, "checkout", "HEAD~2", "--", "project.yaml")  # checked out through the attributes
        git_in(signed, "commit", "-qm", "back")
        for command in (("status", signed), ("change", signed, "-m", "x"), ("log", signed)):
            output = one_line_error(ck(*command))
            assert where in output and "convert" in output, (name, command)
        doctor = ck("doctor", signed)
        assert doctor.returncode == 1 and where in doctor.stdout, name
        assert "without a change request" not in doctor.stdout and "unrecorded" not in doctor.stdout
        git_in(signed, "rm", "-q", where)
        git_in(signed, "commit", "-qm", f"drop {name}")
        (signed / "project.yaml").unlink()
        git_in(signed, "checkout", "contract", "--", "project.yaml")
        git_in(signed, "commit", "-qm", "signed text", "--allow-empty")
        assert ck("status", signed).returncode == 0, name
    info = signed / ".git" / "info" / "attributes"
    info.parent.mkdir(exist_ok=True)
    info.write_text("project.yaml working-tree-encoding=UTF-16LE\n")
    assert ".git/info/attributes" in one_line_error(ck("status", signed))


def test_converting_attributes_from_a_teammate_are_refused_by_sync_and_clone(team, ws, request):
    a, b = team
    request.node.user_properties.append(("cases", len(ATTRIBUTES) * 2))
    for n, (name, (text, where)) in enumerate(ATTRIBUTES.items()):
        (b / where).write_text(text)
        git_in(b, "add", where)
        git_in(b, "commit", "-qm", name)
        git_in(b, "push", "-q", "origin", "HEAD:main")
        before = head(a), (a / "project.yaml").read_bytes()
        output = one_line_error(ck("sync", a))
        assert where in output and "convert" in output, name
        assert (head(a), (a / "project.yaml").read_bytes()) == before and not (a / where).exists()
        dest = ws / f"clone{n}"
        output = one_line_error(ck("clone", ws / "origin.git", dest))
        assert where in output, name
        assert not dest.exists(), name
        git_in(b, "rm", "-q", where)
        git_in(b, "commit", "-qm", f"drop {name}")
        git_in(b, "push", "-q", "origin", "HEAD:main")
    assert ck("sync", a).returncode == 0


def test_head_naming_the_signature_tag_leaves_nothing_staged(signed):
    git_in(signed, "symbolic-ref", "HEAD", "refs/tags/contract")
    before = tags(signed)
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    output = one_line_error(ck("change", signed, "-m", "x"))
    assert "refs/tags/contract, not a branch" in output
    assert git_in(signed, "diff", "--cached", "--name-only") == ""
    assert tags(signed) == before
    assert not list(signed.glob(".contractkit/changes/CR-*.yaml"))


def test_a_remote_branch_named_like_an_option_leaves_no_half_made_clone(team, ws):
    bare = ws / "origin.git"
    git_in(bare, "update-ref", "refs/heads/--detach", git_in(bare, "rev-parse", "main").strip())
    git_in(bare, "update-ref", "-d", "refs/heads/main")
    output = one_line_error(ck("clone", bare, ws / "c"))
    assert "--detach" in output
    assert not (ws / "c").exists()


def test_a_force_pushed_unrelated_history_gets_one_line(team, ws):
    a, b = team
    git_in(b, "checkout", "-q", "--orphan", "other")
    git_in(b, "commit", "-qm", "a history of its own")
    git_in(b, "push", "-q", "-f", "origin", "HEAD:main")
    before = head(a)
    output = one_line_error(ck("sync", a))
    assert "the remote's history shares no commit with yours" in output
    assert head(a) == before
    assert git_in(ws / "origin.git", "rev-parse", "main").strip() == head(b)
