"""A signal at any moment of LibreOffice's start ahead (render/office.py, officesignals.py) leaves
no LibreOffice process (oosplash, soffice.bin) running after the command: SIGTERM, Ctrl-C and
SIGHUP sent at randomised small delays, before, during and after the start, over many runs; each
run ends with a scan of every process for one still alive that names the command's folder."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_office_ahead import alive_naming, command, left_in_memory, offices_under, render_args, until

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

RUNS = 16


def work_folders(tmp: Path, pid: int) -> list[Path]:
    """LibreOffice's throw-away folders (made just before it is started) of the command `pid`: in
    the memory file system (render/officework.py), or else in the command's folder."""
    return list(tmp.glob("contractkit-*/contractkit-office-*")) + left_in_memory(pid)


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
                while not work_folders(tmp, done.pid) and done.poll() is None:
                    time.sleep(0.002)
                time.sleep(chance.uniform(0.0, 0.08))
            started += bool(work_folders(tmp, done.pid))
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
        assert left_in_memory(done.pid) == [], f"run {n}, signal {number}: its folder is left"
    assert started >= RUNS // 4  # the signal did come after LibreOffice's start had begun, often


def test_a_normal_end_leaves_no_libreoffice_and_the_scan_sees_it_running(ru_project, ws, tmp_path):
    """The scan above sees LibreOffice while it runs, and sees none once the command ends."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = command(ws, tmp, *render_args(ru_project, tmp_path / "out"))
    try:
        assert until(lambda: offices_under(tmp) or done.poll() is not None)
        seen = offices_under(tmp)
        _, err = done.communicate(timeout=600)
    finally:
        if done.poll() is None:
            done.kill()
            done.communicate()
    assert done.returncode == 0, err.decode()
    assert seen  # the scan sees it while it runs
    assert alive_naming(tmp) == {} and list(tmp.iterdir()) == [] and left_in_memory(done.pid) == []


def test_the_handlers_before_are_back_once_libreoffice_is_stopped(monkeypatch, tmp_path):
    """In the command's own process: ahead() puts its handler in front, stop() takes it away;
    a signal noted while held is acted on at the end (here: Python's KeyboardInterrupt)."""
    from contractkit.render import office, officesignals

    # Python's own Ctrl-C handler, as from a terminal (a shell's background job ignores SIGINT)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.setattr(office, "prepare", lambda work, program: True)
    before = {number: signal.getsignal(number) for number in officesignals.STOPPING}
    office.ahead(str(stand_in(tmp_path)))
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
        after = {number: signal.getsignal(number) for number in officesignals.STOPPING}
        signal.signal(signal.SIGINT, previous)
    assert after == before
    assert office._ahead == []


def stand_in(folder: Path) -> Path:
    """A `soffice` that runs until it is killed."""
    program = folder / "soffice"
    program.write_text("#!/bin/sh\nexec sleep 600\n")
    program.chmod(0o755)
    return program


def test_in_a_thread_nothing_is_started_ahead(tmp_path):
    """No handler can be set outside the main thread, so the start could not be made safe."""
    import threading

    from contractkit.render import office, officesignals

    before = {number: signal.getsignal(number) for number in officesignals.STOPPING}
    worker = threading.Thread(target=office.ahead, args=(str(stand_in(tmp_path)),))
    worker.start()
    worker.join()
    assert office._ahead == []
    assert {number: signal.getsignal(number) for number in officesignals.STOPPING} == before


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_process_that_dies_of_the_signal_kills_libreoffice_first(tmp_path, number):
    """A program using the library with no handler of its own (the default: die of SIGTERM)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    script = ("import os, signal, sys\nfrom contractkit.render import office\n"
              "office.prepare = lambda work, program: True\n"
              f"office.ahead(sys.argv[1])\nassert office._ahead\nos.kill(os.getpid(), {int(number)})\n")
    done = subprocess.run([sys.executable, "-c", script, str(stand_in(tmp_path))], capture_output=True,
                          env={**os.environ, "TMPDIR": str(tmp)}, timeout=600)
    left = alive_naming(tmp)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert done.returncode == -number, done.stderr.decode()
    assert left == {}
