"""Class 8: filesystem faults. A full disk at any write of `sign`, a git that cannot write, a
read-only project, a lock path that is a folder: one-line errors, nothing half-written, and the
next run works. doctor --fix reports nothing after clean runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from contractkit.store.lock import LOCK_FILE
from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, head, one_line_error, tags

pytestmark = pytest.mark.security("filesystem")

# Runs the CLI with os.fsync failing on its Nth call (every atomic write fsyncs once), or with
# every open-for-writing under the project failing: a full disk and a read-only project, without
# needing root to mount one.
FAULTY = """
import errno, os, sys
mode, arg, project = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "enospc":
    calls, real = [0], os.fsync
    def fsync(fd):
        calls[0] += 1
        if calls[0] == int(arg):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd)
    os.fsync = fsync
else:
    real_open = os.open
    def guarded(path, flags, *rest, **kw):
        writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writes and os.path.abspath(os.fspath(path)).startswith(project):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, flags, *rest, **kw)
    os.open = guarded
from contractkit.cli import cli
cli(sys.argv[4:], prog_name="contractkit")
"""


def faulty(mode: str, arg: str, project, *args) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("CONTRACTKIT_DEBUG", None)
    return subprocess.run([sys.executable, "-c", FAULTY, mode, arg, str(project), *map(str, args)],
                          capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL)


@pytest.fixture
def pending(signed):
    edit(signed / "project.yaml", "price: 1200", "price: 1500")
    run("change", "p", "-m", "Bigger discovery")
    return signed


def _unchanged(project, before_head, before_tags) -> None:
    assert head(project) == before_head and tags(project) == before_tags
    assert git_in(project, "status", "--porcelain", "--", ".contractkit", "project.yaml") == ""
    assert not list(project.rglob(".*.tmp")) and not (project / ".contractkit" / "journal.json").exists()
    assert not (project / ".git" / "contractkit" / "journal.json").exists()


@pytest.mark.parametrize("nth", [1, 2, 3, 4, 5, 6])
def test_a_full_disk_at_each_write_of_sign_changes_nothing(pending, nth, request):
    before_head, before_tags = head(pending), tags(pending)
    result = faulty("enospc", str(nth), pending, "sign", pending, "--date", "2026-12-02")
    if result.returncode == 0:  # sign makes fewer writes than nth: it simply succeeded
        request.node.user_properties.append(("cases", 0))
        assert "addendum-1" in tags(pending)
        return
    output = one_line_error(result)
    assert "No space left on device" in output
    _unchanged(pending, before_head, before_tags)
    assert ck("doctor", pending).returncode == 0
    assert ck("sign", pending, "--date", "2026-12-02").returncode == 0


def test_git_failing_to_write_its_commit_changes_nothing(pending, tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    real = subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()
    (fake / "git").write_text(f'#!/bin/sh\nfor a in "$@"; do [ "$a" = commit ] && '
                              f'{{ echo "fatal: unable to write new index file: No space left on device" >&2; '
                              f'exit 128; }}; done\nexec {real} "$@"\n')
    (fake / "git").chmod(0o755)
    before_head, before_tags = head(pending), tags(pending)
    result = ck("sign", pending, "--date", "2026-12-02", env={"PATH": f"{fake}:{os.environ['PATH']}"})
    output = one_line_error(result)
    assert "git commit failed: unable to write new index file: No space left on device" in output
    _unchanged(pending, before_head, before_tags)
    assert ck("sign", pending, "--date", "2026-12-02").returncode == 0


def test_a_read_only_project_gets_one_line_and_reading_still_works(pending):
    before_head, before_tags = head(pending), tags(pending)
    edit(pending / "project.yaml", "price: 750", "price: 900")
    for command in (("change", "-m", "x"), ("sign", "--date", "2026-12-02"), ("reject", "CR-001")):
        output = one_line_error(faulty("erofs", "", pending, command[0], pending, *command[1:]))
        assert "Read-only file system" in output
    assert head(pending) == before_head and tags(pending) == before_tags
    status = faulty("erofs", "", pending, "status", pending)
    assert status.returncode == 0 and "pending: CR-001" in status.stdout


def test_a_lock_path_that_is_a_folder_is_one_line(pending):
    (pending / LOCK_FILE).unlink(missing_ok=True)
    (pending / LOCK_FILE).mkdir()
    edit(pending / "project.yaml", "price: 750", "price: 900")
    output = one_line_error(ck("change", pending, "-m", "x"))
    assert "cannot use it as the project's lock: a folder" in output and "remove" in output
    doctor = ck("doctor", pending, "--fix")
    assert doctor.returncode == 1 and "is not a plain file" in doctor.stdout


def test_doctor_fix_after_clean_runs_reports_nothing(pending):
    assert ck("sign", pending, "--date", "2026-12-02").returncode == 0
    assert (pending / LOCK_FILE).exists()  # left by design: the kernel released its flock
    for _ in range(2):
        assert ck("doctor", pending, "--fix").stdout == "ok: nothing needs your attention\n"
