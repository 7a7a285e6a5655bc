"""`render --watch`: one warm process re-renders on each save, reports errors by line, keeps going."""

import os
import signal
import subprocess
import sys
import threading
import time

from pypdf import PdfReader

from contractkit.flows.watch import Watcher, watch
from tests.conftest import ROOT

WAIT = 120  # generous: the machine may be busy; no test asserts how fast


def _wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def _edit(path, old, new):
    """Save as editors do: write a new file and rename it over the old one."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    tmp = path.with_name(".project.yaml.swp")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(tmp, path)


def test_watch_renders_again_after_each_save_and_survives_an_error(ru_project, tmp_path):
    out = tmp_path / "out"
    events, stop = [], threading.Event()
    watcher = Watcher(ru_project, ["contract", "scope"], ["pdf", "docx"], out)
    thread = threading.Thread(target=watch, args=(watcher, events.append, stop), kwargs={"poll": 0.05})
    thread.start()
    try:
        _wait_for(lambda: len(events) >= 1, "the first render")
        assert not events[0].errors and len(events[0].written) == 4
        pdf = out / "contract-2026-031.pdf"
        first = pdf.read_bytes()
        assert "243\xa0500" in "".join(p.extract_text() for p in PdfReader(pdf).pages)

        yaml = ru_project / "project.yaml"
        _edit(yaml, "price: 18500", "price: 19500")
        _wait_for(lambda: len(events) >= 2, "a render after the edit")
        assert not events[1].errors
        assert pdf.read_bytes() != first
        assert "244\xa0500" in "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert set(events[1].changed) == {"contract", "scope"}  # the price is in both
        assert events[1].written[:2] == [out / "contract-2026-031.pdf", out / "contract-2026-031.docx"]

        good = pdf.read_bytes()
        _edit(yaml, "\ntitle:", "\ntitel:")
        _wait_for(lambda: len(events) >= 3, "the error to be reported")
        assert any(line.startswith("project.yaml:") and "unknown key 'titel'" in line
                   for line in events[2].errors)
        assert ":" in events[2].errors[-1].split("project.yaml", 1)[1]
        assert pdf.read_bytes() == good  # an error leaves the last good documents alone

        _edit(yaml, "\ntitel:", "\ntitle:")
        _wait_for(lambda: len(events) >= 4, "a render after the fix")
        assert not events[3].errors

        _edit(yaml, "\ntitle:", "\ntitle:")  # saved, unchanged
        time.sleep(0.5)
        assert len(events) == 4
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()
    assert sorted(p.name for p in out.iterdir()) == [
        "contract-2026-031.docx", "contract-2026-031.pdf", "scope-2026-031.docx", "scope-2026-031.pdf"]


def test_watch_command_prints_files_and_errors_and_stops_cleanly_on_ctrl_c(ru_project):
    env = {**os.environ, "CONTRACTKIT_HOME": str(ru_project.parent)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "contractkit", "render", str(ru_project), "--watch", "--doc", "contract",
         "--format", "pdf"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # Ctrl-C as in a terminal: a shell's background job (a CI runner) starts with SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    pdf = ru_project / "out" / "contract-2026-031.pdf"
    try:
        first = _wait_for(lambda: pdf.is_file() and pdf.read_bytes(), "the first render")
        _edit(ru_project / "project.yaml", "price: 18500", "price: 17500")
        _wait_for(lambda: pdf.read_bytes() != first, "the PDF to change")
        _edit(ru_project / "project.yaml", "\ntitle:", "\ntitel:")
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0, stderr
    assert stdout.splitlines().count(str(pdf)) == 2
    assert "unknown key 'titel'" in stderr and "project.yaml:" in stderr
    assert stderr.rstrip().endswith("stopped")
    assert "Traceback" not in stderr
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]  # no temporary files left


def test_watch_refuses_all_and_blank(ru_project):
    from tests.conftest import run

    for extra in ("--all", "--blank"):
        result = run("render", ru_project, "--watch", extra, ok=False)
        assert "--watch renders one project" in result.output
