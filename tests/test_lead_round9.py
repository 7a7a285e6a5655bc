"""The lead's fixes of session 9's reviews (review-ru3 R15, R16), each read from the commands'
own output."""

from pathlib import Path

import git

from contractkit.store import trust
from tests.conftest import run
from tests.readback import normal, out_pdf


def _status(path: Path) -> str:
    trust._SEEN.clear()  # a fresh command, as the user runs it (the verdict is kept per process)
    return run("status", path).output


def test_a_scratch_clone_re_signing_the_same_version_leaves_the_original_signed(ws):
    """review-ru3 R15: this machine's mark of a signature held one tag object, so a second copy of
    the project re-signing the same version (same record bytes, same root commit, another tag
    object) overwrote it, and the genuine project then read as unsigned ("tag contract is no longer
    the annotated tag recorded when it was signed"): no invoice, act or claim could be made."""
    run("new", "shop", "--from-example", "blue-harbor-shop")
    original = ws / "shop"
    run("sign", original, "--date", "2026-12-04")
    assert "not signed" not in _status(original)
    copy = ws / "scratch"
    git.Repo.clone_from(str(original), str(copy)).close()
    with git.Repo(copy) as repo:
        repo.git.reset("--hard", "HEAD~1")  # back before 'Sign contract'
        repo.git.tag("-d", "contract")
    run("sign", copy, "--date", "2026-12-04")
    with git.Repo(original) as a, git.Repo(copy) as b:
        assert a.tags["contract"].object.hexsha != b.tags["contract"].object.hexsha  # two tags
    for path in (original, copy):
        out = _status(path)
        assert "ignored signature" not in out and "not signed" not in out, out
    run("invoice", original, "1", "--date", "2026-12-04")  # the genuine copy still bills


def test_a_tag_this_machine_never_signed_or_checked_still_reads_as_replaced(ws):
    """The set of tag objects is only what this machine's `sign` made or checked: a tag object
    put in place of the signed one by other means is still "replaced", not a signature (issue 22,
    item 9)."""
    run("new", "shop", "--from-example", "blue-harbor-shop")
    path = ws / "shop"
    run("sign", path, "--date", "2026-12-04")
    with git.Repo(path) as repo:
        target = repo.tags["contract"].commit.hexsha
        repo.git.tag("-d", "contract")
        repo.git.tag("-a", "contract", target, "-m", "another tag object")
    out = _status(path)
    assert "no longer the annotated tag recorded when it was signed" in out, out


def test_the_future_date_warnings_take_today_from_contractkit_today(ws, monkeypatch):
    """review-ru3 R16: `sign`, `change --requested-on` and `notice` warned against the system clock
    while `paid`, `accept`, `asked` and `received` took CONTRACTKIT_TODAY: one clock for both."""
    run("new", "shop", "--from-example", "blue-harbor-shop")
    path = ws / "shop"
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2026-12-01")
    out = run("sign", path, "--date", "2026-12-04").output
    assert "signing date 2026-12-04 is in the future (today is 2026-12-01)" in out, out
    run("new", "later", "--from-example", "blue-harbor-shop")
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2099-12-31")
    out = run("sign", ws / "later", "--date", "2030-06-03").output
    assert "in the future" not in out, out


def _signed(ws):
    run("new", "shop", "--from-example", "blue-harbor-shop")
    path = ws / "shop"
    run("sign", path, "--date", "2026-12-04")
    return path


def _fake_commit(path: Path) -> str:
    """A commit holding a project.yaml with a larger price, as a received .git may point a ref at."""
    with git.Repo(path) as repo:
        return repo.git.commit_tree(repo.head.commit.tree.hexsha, "-p", "HEAD", "-m", "x")


import pytest  # noqa: E402


@pytest.mark.parametrize("where", ["refs/contract", "contract", "packed-refs"])
def test_a_ref_that_would_stand_in_for_the_signature_tag_is_refused(ws, where):
    """redteam11 B5: git resolves a bare name as .git/<name>, then refs/<name>, before
    refs/tags/<name>, so a received .git holding `.git/refs/contract` (or `.git/contract`, or a
    packed `refs/contract`) made `diff` and `redline` compare against a commit of its maker's
    choosing as "the signed contract". Such a ref is refused with one line naming it, and the tag
    is read by its full ref anyway (issue 22: everything in .git is untrusted)."""
    path = _signed(ws)
    fake = _fake_commit(path)
    dot = path / ".git"
    if where == "packed-refs":
        with open(dot / "packed-refs", "a", encoding="ascii") as handle:
            handle.write(f"{fake} refs/contract\n")
    else:
        (dot / where).write_text(fake + "\n", encoding="ascii")
    for command in (("diff", path), ("status", path)):
        out = run(*command, ok=False).output
        assert "would stand in for the signature tag contract" in out or "outside refs/heads" in out, out
        assert "refused" in out and out.count("\n") <= 3, out


def test_git_stash_is_not_taken_for_a_shadowing_ref(ws):
    """refs/stash is git's own (a user's `git stash`): the project still opens."""
    path = _signed(ws)
    with open(path / "project.yaml", "a", encoding="utf-8") as handle:
        handle.write("# a note\n")
    with git.Repo(path) as repo:
        repo.git.stash()
        assert (path / ".git" / "refs" / "stash").is_file()
    assert "not signed" not in _status(path)


def test_the_history_reads_a_signature_tag_by_its_full_ref(ws):
    """Below the refusal: store.history.resolve names refs/tags/<tag>, so a ref the check did not
    see (one made after the command opened the repository) never stands in for the tag."""
    from contractkit.store import history

    path = _signed(ws)
    fake = _fake_commit(path)
    with git.Repo(path) as repo:
        signed = repo.commit("refs/tags/contract").hexsha
        (path / ".git" / "refs" / "contract").write_text(fake + "\n", encoding="ascii")
        assert repo.commit("contract").hexsha == fake  # what a bare name gives
        assert history.resolve(repo, "contract") == signed


def test_a_client_caused_notice_moves_the_deadline_in_force_not_the_contractors_own_proposal(ws, monkeypatch):
    """review-en3 E10: after the contractor's own delay proposal (a Change Order not signed), a
    notice of the client's delay under the extension clause (Section 2.4) took the proposal's date
    as the deadline in force: "moves from 17 December to 18 December", and `status` showed the
    contractor's unagreed days as "extended for the client's delay". A proposal binds no one until
    signed (Restatement (Second) of Contracts § 17, offer and acceptance); the notice moves the
    deadline in force (December 15) by the client's one business day late: December 16."""
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-06-30")
    run("new", "bh", "--from-example", "blue-harbor-shop")
    path = ws / "bh"
    run("sign", path, "--date", "2026-11-30")
    run("paid", path, "1", "--date", "2026-11-30")
    run("accept", path, "discovery", "--date", "2026-12-03")
    own = run("notice", "delay", path, "design", "--days", "2", "--reason", "Our developer is ill",
              "--date", "2026-12-04").output
    assert "design moves 2026-12-15 -> 2026-12-17" in own, own
    run("asked", path, "Product photos", "--stage", "design", "--date", "2026-12-04")
    run("received", path, "R-001", "--date", "2026-12-14")  # 5 business days ran to December 11
    told = run("notice", "delay", path, "design", "--client-caused", "--reason", "The photos came late",
               "--date", "2026-12-14").output
    assert "design moves 2026-12-15 -> 2026-12-16" in told, told
    letter = normal(out_pdf(path, "letter-002-delay-*.pdf"))
    assert "moves from December 15, 2026 to December 16, 2026" in letter, letter
    status = run("status", path, "--date", "2026-12-15").output
    assert "deadline 2026-12-16 (signed 2026-12-15, extended for the client's delay)" in status, status
    assert "pending: CR-001" in status  # the proposal stays a proposal
    log = [x for x in run("log", path).output.splitlines() if "CR-002" in x and "in force" in x]
    assert log and "completion 2027-01-07" in log[0], log
    # the proposal can still be withdrawn: its own two days come off, the client's one stays
    run("reject", path, "CR-001", "--reason", "withdrawn")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    design = text[text.index("- id: design"):]
    assert "delay: 1" in design.split("- id:", 2)[1], design[:400]
    status = run("status", path, "--date", "2026-12-15").output
    assert "deadline 2026-12-16" in status and "pending: CR-001" not in status, status
