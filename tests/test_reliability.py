"""Faults and attacks: concurrent writers, killed processes, hostile input, shared remotes."""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import git
import pytest

from contractkit.store.lock import LOCK_FILE, locked
from tests import processes
from tests.conftest import copy_example, run


def ck(*args, env=None, check=False) -> subprocess.CompletedProcess:
    """The CLI in its own process, as a user (or a killed laptop) runs it."""
    environment = {**os.environ, **(env or {})}
    environment.pop("CONTRACTKIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "contractkit", *map(str, args)], capture_output=True,
                          text=True, env=environment, check=check)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def signed(ws):
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30")
    return ws / "p"


def head(path: Path) -> str:
    with git.Repo(path) as repo:
        return repo.head.commit.hexsha


def tags(path: Path) -> dict[str, str]:
    with git.Repo(path) as repo:
        return {t.name: t.commit.hexsha for t in repo.tags}


def consistent(path: Path) -> None:
    """doctor --fix leaves nothing to report, and every commit that adds a record is whole."""
    result = ck("doctor", path, "--fix")
    assert result.returncode == 0, result.stdout + result.stderr
    with git.Repo(path) as repo:
        for commit in repo.iter_commits():
            title = commit.message.splitlines()[0]
            if title.startswith("CR-"):
                assert any(p.startswith(".contractkit/changes/") for p in commit.stats.files), title
    assert not list(path.rglob(".*.tmp"))


# --- concurrency ---------------------------------------------------------------------------


def test_a_second_writer_waits_then_fails_clearly_and_loses_nothing(signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    with locked(signed):
        result = ck("change", signed, "-m", "x", env={"CONTRACTKIT_LOCK_WAIT": "0.3"})
    assert result.returncode == 1
    assert f"another contractkit command (pid {os.getpid()}) is writing this project" in result.stderr
    assert "Traceback" not in result.stderr
    assert "price: 1500" in (signed / "project.yaml").read_text()
    assert ck("change", signed, "-m", "x").returncode == 0


def test_two_commands_at_once_one_records_the_other_finds_nothing_left(signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    procs = [subprocess.Popen([sys.executable, "-m", "contractkit", "change", str(signed), "-m", f"c{i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    assert sorted(r[2] for r in results) == [0, 1]
    assert any("no edits to record" in r[1] for r in results)
    with git.Repo(signed) as repo:
        assert len([c for c in repo.iter_commits() if c.message.startswith("CR-")]) == 1


def test_a_stale_lock_from_a_dead_process_is_taken_over(signed):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (signed / LOCK_FILE).write_text(str(dead.pid))
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    assert ck("change", signed, "-m", "x", env={"CONTRACTKIT_LOCK_WAIT": "0.3"}).returncode == 0
    result = ck("doctor", signed, "--fix")  # a lock file is no leftover: the kernel released its flock
    assert result.stdout == "ok: nothing needs your attention\n"


# --- crashes at each step ------------------------------------------------------------------

STEPS = {
    "change:record-written": ("change", "-m", "More discovery"),
    "sign:rendered": ("sign", "--date", "2026-12-02"),
    "sign:records-written": ("sign", "--date", "2026-12-02"),
    "sign:committed": ("sign", "--date", "2026-12-02"),
    "reject:project-written": ("reject", "CR-001"),
    "reject:record-written": ("reject", "CR-001"),
    "render:one-file-written": ("render", "--doc", "contract"),
}


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_leaves_before_or_after(signed, step):
    command = STEPS[step]
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    if not step.startswith("change"):
        run("change", "p", "-m", "More discovery")
    before_head, before_tags = head(signed), tags(signed)
    before_text = (signed / "project.yaml").read_bytes()
    old_out = {p.name: p.read_bytes() for p in (signed / "out").glob("*")}

    killed = ck(command[0], signed, *command[1:], env={"CONTRACTKIT_FAULT": step})
    assert killed.returncode == 137, killed.stderr

    if step == "sign:committed":  # committed but not tagged: no signature, the commit is taken back
        assert "a command was interrupted halfway" in ck("doctor", signed).stdout
    elif step.startswith("render"):
        for f in (signed / "out").glob("*"):  # every file whole: the old bytes or complete new ones
            assert f.name in old_out or f.read_bytes()[:5] in (b"%PDF-", b"PK\x03\x04")
            if f.suffix == ".pdf":
                assert f.read_bytes().rstrip().endswith(b"%%EOF")
    if not step.startswith("render"):
        consistent(signed)
        assert head(signed) == before_head and tags(signed) == before_tags
    consistent(signed)
    if step.startswith(("change", "reject")):
        assert (signed / "project.yaml").read_bytes() == before_text  # the user's edit survives
    again = ck(command[0], signed, *command[1:])
    assert again.returncode == 0 or "nothing changed since the last signature" in again.stderr, again.stderr
    if step.startswith("sign"):
        assert "addendum-1" in tags(signed)
        pdf = signed / "out" / "addendum-1-NW-2026-11.pdf"
        assert "matches" in ck("verify", signed, pdf).stdout


def random_kills(signed: Path, count: int, seed: int) -> int:
    """SIGKILL `change` and `sign` at random moments; each time the project must stay whole."""
    rng = random.Random(seed)
    kills = 0
    for i in range(count):
        edit(signed / "project.yaml", f"price: {1200 + i}", f"price: {1200 + i + 1}")
        for command in (("change", "-m", f"step {i}"), ("sign", "--date", f"2026-12-{i % 27 + 2:02d}")):
            proc = subprocess.Popen([sys.executable, "-m", "contractkit", command[0], str(signed),
                                     *command[1:]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, 2.5))
            forked = processes.children(proc.pid)  # the document engine, if it has one by now
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            assert processes.still_running(forked) == []  # they die with it (children.die_with_parent)
            for left in Path(tempfile.gettempdir()).glob(f"contractkit-{proc.pid}-*"):
                shutil.rmtree(left)  # a killed command cannot remove its own temporary folder
            consistent(signed)
            ck(*command[:1], signed, *command[1:])  # finishing it by hand always works
            consistent(signed)
        assert ck("status", signed).returncode == 0
    return kills


def test_sigkill_at_random_moments(signed, request):
    request.node.user_properties.append(("cases", random_kills(signed, 2, seed=7)))


@pytest.mark.slow
def test_sigkill_at_random_moments_many(signed, request):
    request.node.user_properties.append(("cases", random_kills(signed, 12, seed=11)))


# --- hostile and odd input -------------------------------------------------------------------


@pytest.fixture
def project(ws):
    return copy_example("blue-harbor-shop", ws / "h")


@pytest.mark.parametrize(("name", "text", "accepted"), [
    ("rtl", "מאפיית הנמל الكحول", True),
    ("emoji", "Blue Harbor 😀☺", True),
    ("emoji-uncovered", "Blue Harbor 🍞", False),
    ("zero-width", "Blue\u200bHarbor\u200d Bakery", False),  # invisible: refused (issue 11, class 6)
    ("combining", "Cafe\u0301 Noe\u0308l", True),
    ("control", "Blue\u0007Harbor", False),
    ("control-escaped", "Blue\\aHarbor", False),
    ("non-character", "Blue\\uFFFEHarbor", False),  # not XML: no DOCX can hold it
    ("private-use", "Blue\\uE000Harbor", False),  # no font's glyph, and typography's own marker
    ("cjk", "青港面包", False),
])
def test_odd_characters_render_as_text_or_get_a_clear_error(project, name, text, accepted):
    edit(project, "  name: Blue Harbor Bakery Inc.", f'  name: "{text}"')
    result = run("render", "h", "--doc", "contract", "--format", "pdf,docx", ok=accepted)
    if accepted:
        from tests.readback import docx_text, normal
        assert normal(text) in normal(docx_text(result.output.split()[1]))
    elif name.startswith("control"):
        assert "control character U+0007 in a value; remove it" in result.output
        line = next(i for i, x in enumerate(project.read_text().splitlines(), 1) if x.startswith('  name: "Blue'))
        assert result.output.startswith(f"project.yaml:{line}:")
        assert len(result.output.strip().splitlines()) == 1
    elif name == "zero-width":
        assert "client.name: invisible format character U+200B (zero width space)" in result.output
    elif name == "cjk":
        assert "client.name: the character '青' (U+9752) is not in the document fonts" in result.output
    elif name == "non-character":
        assert "client.name: non-character U+FFFE (not allowed in a document)" in result.output
    elif name == "private-use":
        assert "client.name: private-use character U+E000 (no font shows it the same way)" in result.output
    else:
        assert "client.name: the character '🍞' (U+1F35E) is not in the document fonts" in result.output


def test_windows_line_endings_and_bom(project):
    project.write_bytes(b"\xef\xbb\xbf" + project.read_bytes().replace(b"\n", b"\r\n"))
    assert "valid" in run("check", "h").output
    assert run("render", "h", "--doc", "brief", "--format", "docx").exit_code == 0


def test_a_ten_megabyte_string_is_refused_with_its_place(project):
    edit(project, "  name: Blue Harbor Bakery Inc.", "  name: " + "x" * 10_000_000)
    result = run("check", "h", ok=False)
    assert "a value of 10,000,000 characters; the limit is 20,000" in result.output


def test_deep_nesting_is_refused(project):
    project.write_text("id: " + "[" * 5000 + "]" * 5000 + "\n")
    result = run("check", "h", ok=False)
    assert "nesting deeper than" in result.output or "invalid YAML" in result.output


def test_repository_config_that_runs_programs_is_refused(signed, ws):
    marker = ws / "pwned"
    with git.Repo(signed) as repo:
        with repo.config_writer() as config:
            config.set_value('filter "evil"', "clean", f"touch {marker}")
    (signed / ".gitattributes").write_text("* filter=evil\n")
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    result = run("change", "p", "-m", "x", ok=False)
    assert "sets filter.evil.clean, which contractkit does not accept" in result.output
    assert not marker.exists()


def test_git_never_takes_user_strings_as_options(signed):
    assert "No such option" in run("diff", "p", "--output=/tmp/x", ok=False).output
    assert "is not a version" in run("diff", "p", "--", "--output=/tmp/x", ok=False).output
    assert "is not a repository address" in run("clone", "--", "--upload-pack=touch /tmp/x", "q",
                                                 ok=False).output
    result = run("reject", "p", "--", "-rf", ok=False)
    assert "no change request -rf" in result.output


# --- a shared remote -----------------------------------------------------------------------


@pytest.fixture
def team(ws):
    bare = ws / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    run("new", "a", "--lang", "en")
    run("sign", "a", "--date", "2026-11-30")
    with git.Repo(ws / "a") as repo:
        repo.create_remote("origin", str(bare))
    run("sync", "a")
    run("clone", str(bare), "b")
    return ws / "a", ws / "b"


def test_two_people_record_different_changes_and_both_end_up_with_both(team):
    a, b = team
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    run("change", a, "-m", "Bigger discovery")
    edit(b / "project.yaml", "price: 750", "price: 900")
    run("change", b, "-m", "Longer training")
    run("sync", a)
    out = run("sync", b).output
    assert "renumbered your CR-001 to CR-002" in out
    run("sync", a)
    for side in (a, b):
        text = (side / "project.yaml").read_text()
        assert "price: 1500" in text and "price: 900" in text
        log = run("log", side).output
        assert "CR-001        proposed +$300.00 Bigger discovery" in log
        assert "CR-002        proposed +$150.00 Longer training" in log
    assert head(a) == head(b)


def test_conflicting_edits_stop_sync_and_keep_local_work(team):
    a, b = team
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    run("change", a, "-m", "Discovery 1500")
    run("sync", a)
    edit(b / "project.yaml", "price: 1200", "price: 1300")
    run("change", b, "-m", "Discovery 1300")
    before = head(b)
    result = run("sync", b, ok=False)
    assert ("your CR-001 and the remote's CR-001 both change deliverables[discovery].price: 1300 here, "
            "1500 on the remote; nothing was changed") in result.output
    assert head(b) == before and "price: 1300" in (b / "project.yaml").read_text()


def test_a_signed_tag_that_differs_is_never_overwritten(team):
    a, b = team
    for side, price in ((a, "1500"), (b, "1300")):
        edit(side / "project.yaml", "price: 1200", f"price: {price}")
        run("change", side, "-m", f"Discovery {price}")
        run("sign", side, "--date", "2026-12-02")
    run("sync", a)
    mine = tags(b)["addendum-1"]
    result = run("sync", b, ok=False)
    assert "signed tag addendum-1 differs between this copy and the remote; it is never overwritten" in result.output
    assert tags(b)["addendum-1"] == mine


@pytest.mark.parametrize("step", ["sync:merge-built", "sync:before-push"])
def test_sync_killed_midway_leaves_before_or_after_and_finishes_next_time(team, step, monkeypatch, ws):
    a, b = team
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    run("change", a, "-m", "Bigger discovery")
    run("sync", a)
    # b is the teammate's machine: its own state folder (a change request a machine has shown keeps
    # its edit there, and b's own CR-001 is another edit until sync renumbers it)
    monkeypatch.setenv("CONTRACTKIT_STATE", str(ws / "b-state"))
    edit(b / "project.yaml", "price: 750", "price: 900")
    run("change", b, "-m", "Longer training")
    before = head(b)
    assert ck("sync", b, env={"CONTRACTKIT_FAULT": step}).returncode == 137
    if step == "sync:merge-built":
        assert head(b) == before  # the merge commit exists only as an object: nothing moved
    consistent(b)
    assert ck("sync", b).returncode == 0
    monkeypatch.delenv("CONTRACTKIT_STATE")
    run("sync", a)
    assert head(a) == head(b)
    assert "price: 900" in (a / "project.yaml").read_text()


def test_a_cloned_projects_hooks_do_not_run(team, ws):
    a, b = team
    marker = ws / "hook-ran"
    for hook in ("pre-commit", "post-commit", "post-merge", "pre-push", "reference-transaction"):
        path = b / ".git" / "hooks" / hook
        path.write_text(f"#!/bin/sh\ntouch {marker}\n")
        path.chmod(0o755)
    edit(b / "project.yaml", "price: 750", "price: 900")
    run("change", b, "-m", "x")
    run("sync", b)
    assert not marker.exists()


def test_clone_refuses_what_is_not_a_project(ws):
    bare = ws / "other.git"
    git.Repo.init(bare, bare=True).close()
    assert "git clone failed" in run("clone", str(ws / "nope.git"), "x", ok=False).output
    assert not (ws / "x").exists()
