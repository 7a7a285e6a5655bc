"""Class 7: git states nobody planned for. Each gets a clear one-line message or the right
behaviour; every network operation has a timeout and never prompts; an unrecorded edit of the
signed scope arriving from the remote is reported and kept out of the addendum until recorded."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, head, one_line_error, tags

pytestmark = pytest.mark.security("git-states")


def test_a_shallow_clone_is_refused_and_doctor_tags_nothing(team, ws):
    a, b = team
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    run("change", a, "-m", "Bigger discovery")
    run("sync", a)
    git_in(ws, "clone", "-q", "--depth", "1", f"file://{ws / 'origin.git'}", "s")
    shallow = ws / "s"
    before = tags(shallow)
    output = one_line_error(ck("status", shallow))
    assert "is a shallow clone" in output and "fetch --unshallow" in output
    doctor = ck("doctor", shallow, "--fix")
    assert doctor.returncode == 1 and "shallow clone" in doctor.stdout
    assert tags(shallow) == before
    git_in(shallow, "fetch", "-q", "--unshallow", "--tags")
    assert "last signed: contract" in ck("status", shallow).stdout


def test_a_detached_head_gets_a_clear_message_for_writing_commands(team):
    a, b = team
    git_in(a, "checkout", "-q", "--detach")
    assert ck("status", a).returncode == 0
    edit(a / "project.yaml", "price: 1200", "price: 1500")
    for command in (("change", "-m", "x"), ("sync",)):
        output = one_line_error(ck(command[0], a, *command[1:]))
        assert "HEAD is detached" in output and "git switch main" in output
    assert "HEAD is detached" in ck("doctor", a).stdout


def test_core_worktree_pointing_elsewhere_is_refused(signed, ws):
    git_in(signed, "config", "core.worktree", str(ws))
    output = one_line_error(ck("status", signed))
    assert "sets core.worktree" in output


def test_global_autocrlf_gives_no_false_warnings(team, ws, tmp_path):
    with open(tmp_path / "home" / ".gitconfig", "a", encoding="utf-8") as handle:
        handle.write("[core]\n\tautocrlf = true\n")
    run("clone", str(ws / "origin.git"), "c")
    c = ws / "c"
    assert b"\r\n" in (c / "project.yaml").read_bytes()
    status = ck("status", c)
    assert status.returncode == 0 and "unrecorded" not in status.stdout, status.stdout
    assert ck("doctor", c).returncode == 0
    edit(c / "project.yaml", "price: 1200", "price: 1500")
    recorded = ck("change", c, "-m", "Bigger discovery")
    assert recorded.returncode == 0 and "+$300.00" in recorded.stdout, recorded.stderr


def test_a_latin1_terminal_gets_text_not_a_crash(ws):
    run("new", "r", "--from-example", "romashka-site")
    run("sign", "r", "--date", "2026-12-01")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    env.pop("CONTRACTKIT_DEBUG", None)
    for command in ("status", "log", "doctor"):
        result = subprocess.run([sys.executable, "-m", "contractkit", command, str(ws / "r")],
                                capture_output=True, env=env, check=False)
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
        assert result.stdout.decode("latin-1").strip()


@pytest.mark.parametrize("url", ["fd::0", "fd::0,1", "ext::sh -c touch% {m}", "ext::touch {m}"])
def test_clone_from_fd_or_ext_transports_fails_at_once(ws, url):
    marker = ws / "pwned"
    result = ck("clone", url.format(m=marker), "x", timeout=120)  # a hang fails this test
    one_line_error(result)
    assert not marker.exists() and not (ws / "x").exists()


def test_a_remote_that_never_answers_times_out_without_prompting(signed, ws):
    git_in(signed, "remote", "add", "origin", "ssh://example.invalid/p.git")
    result = ck("sync", signed, env={"GIT_SSH_COMMAND": "sleep 60; :", "CONTRACTKIT_GIT_TIMEOUT": "2"},
                timeout=120)
    output = one_line_error(result)
    assert "gave no answer within 2 s" in output


def test_an_unrecorded_scope_edit_from_the_remote_is_reported_and_kept_out_of_the_addendum(team):
    a, b = team
    edit(b / "project.yaml", "price: 750", "price: 7500")  # a teammate's plain git commit
    git_in(b, "commit", "-qam", "training price")
    git_in(b, "push", "-q", "origin", "HEAD:main")
    synced = ck("sync", a)
    assert synced.returncode == 0
    assert "edits the signed scope without a change request" in synced.stdout
    assert "training price" in synced.stdout
    output = one_line_error(ck("addendum", a, "--format", "html", "--date", "2026-12-02"))
    assert "without a change request" in output
    assert "without a change request" in ck("doctor", a).stdout
    recorded = ck("change", a, "-m", "Training price agreed")
    assert recorded.returncode == 0, recorded.stderr
    assert "+$6,750.00" in recorded.stdout
    assert ck("addendum", a, "--format", "html", "--date", "2026-12-02").returncode == 0
    assert "+$6,750.00 Training price agreed" in ck("log", a).stdout
    assert ck("doctor", a).returncode == 0
    before = head(a)
    assert ck("sign", a, "--date", "2026-12-02").returncode == 0
    assert head(a) != before and "addendum-1" in tags(a)


@pytest.mark.parametrize("kind", ["gitdir file", "link"])
def test_a_dot_git_leading_to_another_repository_is_refused_and_that_one_untouched(signed, ws, kind):
    """A project folder whose .git is a `gitdir:` file or a link (an archive can carry either)
    would have git, and so contractkit, read another client's history and commit into it."""
    other = ws / "q"
    other.mkdir()
    (other / "project.yaml").write_bytes((signed / "project.yaml").read_bytes())
    if kind == "link":
        (other / ".git").symlink_to(signed / ".git")
    else:
        (other / ".git").write_text(f"gitdir: {signed / '.git'}\n", encoding="utf-8")
    before = (head(signed), tags(signed), git_in(signed, "status", "--porcelain"))
    edit(other / "project.yaml", "price: 1200", "price: 1500")
    for command in (("status",), ("log",), ("diff",), ("change", "-m", "x"), ("sign", "--date", "2026-12-01"),
                    ("doctor",)):
        result = ck(command[0], other, *command[1:])
        assert result.returncode != 0, command
        refusal = "is a symbolic link" if kind == "link" else "not the project's own repository"
        assert refusal in result.stdout + result.stderr, command
        assert "Traceback" not in result.stderr
    rendered = ck("render", other, "--doc", "contract", "--format", "html")
    if kind == "link":  # a link anywhere in a project is refused, this one too
        assert rendered.returncode == 1 and "is a symbolic link" in rendered.stderr
    else:  # renders as a project without a repository: nothing read from the other history
        assert rendered.returncode == 0 and "unrecorded" not in rendered.stderr
    assert (head(signed), tags(signed), git_in(signed, "status", "--porcelain")) == before


def _git_processes_in(path) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                line = handle.read().split(b"\0")
        except OSError:
            continue
        if cwd == str(path) and line and line[0].endswith(b"git"):
            found.append(f"{pid} {b' '.join(line).decode(errors='replace')}")
    return found


def test_a_refused_repository_gets_no_history_walk_and_leaves_no_git_process(signed, ws):
    for n in range(3):
        edit(signed / "project.yaml", f"price: {1200 + n}", f"price: {1201 + n}")
        run("change", signed, "-m", f"Change {n}")
    (signed / ".git" / "shallow").write_text(head(signed) + "\n", encoding="utf-8")
    for command in ("log", "status"):
        output = one_line_error(ck(command, signed))
        assert "is a shallow clone" in output
        assert _git_processes_in(signed) == []
