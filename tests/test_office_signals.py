"""A signal at any moment of LibreOffice's start ahead (render/office.py, officesignals.py) leaves
no LibreOffice process (oosplash, soffice.bin) running after the command: SIGTERM, Ctrl-C and
SIGHUP sent at randomised small delays, before, during and after the start, over many runs; each
run ends with a scan of every process for one still alive that names the command's folder."""

import os
import random
import signal
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_office_ahead import command, render_args, until

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

RUNS = 16
EXITING = 0x4
"""PF_EXITING in /proc/PID/stat's flags: the process is ending and runs no more code."""


def alive_naming(folder: Path) -> dict[int, str]:
    """The processes whose command line or environment names `folder` (LibreOffice's profile is
    there, and TMPDIR of whatever the command started), less those already dead: a zombie, one
    ending, or one with a SIGKILL pending (it can run no more code)."""
    name = str(folder).encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            line = (entry / "cmdline").read_bytes()
            if name not in line and name not in (entry / "environ").read_bytes():
                continue
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = dict(row.split(":", 1) for row in (entry / "status").read_text().splitlines() if ":" in row)
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        pending = int(status.get("SigPnd", "0").strip(), 16) | int(status.get("ShdPnd", "0").strip(), 16)
        if stat[0] in "ZXx" or int(stat[6]) & EXITING or pending & (1 << (signal.SIGKILL - 1)):
            continue
        found[int(entry.name)] = line.replace(b"\0", b" ").decode("utf-8", "replace")
    return found


def libreoffice(folder: Path) -> dict[int, str]:
    return {pid: line for pid, line in alive_naming(folder).items() if "oosplash" in line or "soffice" in line}


def work_folders(tmp: Path) -> list[Path]:
    """LibreOffice's throw-away folders (made just before it is started) in the command's folder."""
    return list(tmp.glob("contractkit-*/contractkit-office-*"))


def test_a_signal_at_any_moment_of_the_start_leaves_no_libreoffice(ru_project, ws, tmp_path):
    chance = random.Random()
    started = 0
    for n in range(RUNS):
        tmp = tmp_path / f"tmp{n}"
        tmp.mkdir()
        number = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)[n % 3]
        done = command(ws, tmp, *render_args(ru_project, tmp_path / f"out{n}"))
        try:
            if n % 2:  # from the command's start: its imports, the project's glance, the start
                time.sleep(chance.uniform(0.0, 1.5))
            else:  # from the moment LibreOffice's folder is made: its profile, Popen, the record
                while not work_folders(tmp) and done.poll() is None:
                    time.sleep(0.002)
                time.sleep(chance.uniform(0.0, 0.08))
            started += bool(work_folders(tmp))
            done.send_signal(number)
            done.communicate(timeout=600)
        finally:
            if done.poll() is None:
                done.kill()
                done.communicate()
            left = alive_naming(tmp)
            for pid in left:  # the test leaks none either
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        assert left == {}, f"run {n}, signal {number}: left running {left}"
    assert started >= RUNS // 4  # the signal did come after LibreOffice's start had begun, often


def test_a_normal_end_leaves_no_libreoffice_and_the_scan_sees_it_running(ru_project, ws, tmp_path):
    """The scan above sees LibreOffice while it runs, and sees none once the command ends."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = command(ws, tmp, *render_args(ru_project, tmp_path / "out"))
    try:
        assert until(lambda: libreoffice(tmp) or done.poll() is not None)
        seen = libreoffice(tmp)
        _, err = done.communicate(timeout=600)
    finally:
        if done.poll() is None:
            done.kill()
            done.communicate()
    assert done.returncode == 0, err.decode()
    assert seen  # the scan sees it while it runs
    assert alive_naming(tmp) == {} and list(tmp.iterdir()) == []


def test_the_handlers_before_are_back_once_libreoffice_is_stopped(monkeypatch, tmp_path):
    """In the command's own process: ahead() puts its handler in front, stop() takes it away;
    a signal noted while held is acted on at the end (here: Python's KeyboardInterrupt)."""
    from contractkit.render import office, officesignals

    before = {number: signal.getsignal(number) for number in officesignals.STOPPING}
    monkeypatch.setattr(office, "prepare", lambda work, program: True)
    stand_in = tmp_path / "soffice"  # runs until it is killed
    stand_in.write_text("#!/bin/sh\nexec sleep 600\n")
    stand_in.chmod(0o755)
    office.ahead(str(stand_in))
    try:
        assert office._ahead and signal.getsignal(signal.SIGTERM) is officesignals._on_signal
        process = office._ahead[0].process
        with pytest.raises(KeyboardInterrupt):
            with officesignals.held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.01)  # the handler runs here and only notes it
                assert process.poll() is None
        assert process.wait(timeout=60) == -signal.SIGKILL  # killed before KeyboardInterrupt
    finally:
        office.stop()
    assert {number: signal.getsignal(number) for number in officesignals.STOPPING} == before
    assert office._ahead == []
