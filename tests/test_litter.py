"""Nothing left behind: every command, run as a user runs it, leaves its temporary folder empty,
with the engine process and without, after an error, after Ctrl-C or SIGTERM, and after the engine
is killed. weasyprint alone used to leave 3 MB of font subsets per PDF render."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.scenario_edits import EDITS


def _env(tmp: Path, **extra) -> dict:
    environment = {**os.environ, "TMPDIR": str(tmp), **extra}
    environment.pop("CONTRACTKIT_DEBUG", None)
    return environment


def _left(tmp: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))


@pytest.fixture
def tmp(tmp_path):
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    return folder


def lifecycle(ws: Path, tmp: Path, **extra) -> int:
    """RU-1 from kickoff to the last act and the claim, each command in its own process; after
    each one the temporary folder must be empty. Returns the number of commands run."""
    commands = 0

    def ck(*args, ok=True):
        nonlocal commands
        result = subprocess.run([sys.executable, "-m", "contractkit", *map(str, args)], cwd=ws,
                                capture_output=True, text=True, env=_env(tmp, **extra), timeout=300)
        commands += 1
        if ok is not None:
            assert (result.returncode == 0) == ok, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert _left(tmp) == [], (args, _left(tmp))
        return result

    p = ws / "romashka"
    ck("new", "romashka", "--from-example", "romashka-site")
    ck("check", p)
    ck("show", p)
    ck("render", p)
    ck("render", p, "--blank", "--format", "pdf")
    ck("render", p, "--doc", "contract", "--format", "docx")
    ck("sign", p, "--date", "2026-12-01", "--by", "Кузнецова М. С.")
    ck("invoice", p, "prepayment", "--date", "2026-12-01")
    ck("paid", p, "prepayment", "--date", "2026-12-03")
    ck("accept", p, "prototypes", "--date", "2026-12-07")
    ck("asked", p, "Тексты и фотографии", "--date", "2026-12-08")
    ck("update", p, "--date", "2026-12-11")
    ck("notice", "delay", p, "design", "--days", "2", "--client-caused", "--reason", "Нет текстов",
       "--date", "2026-12-17")
    ck("received", p, "R-001", "--date", "2026-12-18")
    text = (p / "project.yaml").read_text(encoding="utf-8")
    for old, new in EDITS["ru1"]:
        text = text.replace(old, new, 1)
    (p / "project.yaml").write_text(text, encoding="utf-8")
    ck("status", p)
    ck("diff", p)
    ck("change", p, "-m", "Блог и 30 страниц контента", "--reason", "Блог", "--requested-on",
       "2026-12-10", "--estimate")
    ck("addendum", p, "--date", "2026-12-15")
    ck("redline", p, "--doc", "scope")
    ck("sign", p, "--date", "2026-12-15")
    ck("log", p)
    ck("verify", p, p / "out" / "addendum-1-2026-031.pdf")
    ck("publish", p, "--out", ws / "public")
    ck("remind", p, "addendum-1", "--date", "2027-01-20")
    ck("claim", p, "--date", "2027-03-01", ok=None)
    ck("doctor", p)
    ck("list", ws)
    ck("render", ws / "nowhere", ok=False)  # an error
    ck("check", p, "--no-such-option", ok=False)
    return commands


def test_every_command_of_the_lifecycle_leaves_the_temporary_folder_empty(ws, tmp, tmp_path):
    assert lifecycle(ws, tmp, XDG_CACHE_HOME=str(tmp_path / "cache")) > 25


def test_in_one_process_too(ws, tmp, tmp_path):
    """CONTRACTKIT_ENGINE=0: weasyprint in the command's own process, which ends with os._exit."""
    assert lifecycle(ws, tmp, CONTRACTKIT_ENGINE="0", XDG_CACHE_HOME=str(tmp_path / "cache")) > 25


def _engine_of(pid: int, timeout: float = 60) -> int:
    """The engine child of the command `pid`, once it has one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.01)
    raise AssertionError("the command started no engine")


def _render(ws: Path, tmp: Path, tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "contractkit", "render", "romashka"], cwd=ws,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(tmp, CONTRACTKIT_ENGINE="1", XDG_CACHE_HOME=str(tmp_path / "cache")),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


@pytest.fixture
def project(ws, tmp, tmp_path):
    done = subprocess.run([sys.executable, "-m", "contractkit", "new", "romashka", "--from-example",
                           "romashka-site"], cwd=ws, env=_env(tmp), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return ws / "romashka"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or len(os.sched_getaffinity(0)) < 2,
                    reason="the engine runs on Linux with two cores or more")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_a_killed_engine_leaves_nothing(project, ws, tmp, tmp_path, how):
    """The engine dies while it renders: the command makes the documents itself, or (Ctrl-C
    reaching the engine alone) stops; the folder is empty either way."""
    command = _render(ws, tmp, tmp_path)
    engine = _engine_of(command.pid)
    while not any(tmp.rglob("weasyprint-*")) and command.poll() is None:  # the engine is at work
        time.sleep(0.005)
    os.kill(engine, getattr(signal, how))
    out, err = command.communicate(timeout=300)
    assert "Traceback" not in err
    if how == "SIGKILL":
        assert command.returncode == 0, err
        assert (project / "out" / "contract-2026-031.pdf").read_bytes().startswith(b"%PDF")
    assert _left(tmp) == []


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_a_command_stopped_by_ctrl_c_or_sigterm_leaves_nothing(project, ws, tmp, tmp_path, how):
    command = _render(ws, tmp, tmp_path)
    while not any(tmp.rglob("weasyprint-*")) and command.poll() is None:  # a PDF is being made
        time.sleep(0.005)
    command.send_signal(getattr(signal, how))
    out, err = command.communicate(timeout=300)
    assert "Traceback" not in err
    assert command.returncode != 0 or not err  # stopped, or it had already finished
    assert _left(tmp) == []


def test_the_folder_is_private_and_goes_at_exit(tmp):
    """scratch.begin points TMPDIR and tempfile at a folder of its own; end removes it with its
    contents and gives TMPDIR back."""
    code = """
import os, sys, tempfile
from contractkit import scratch
folder = scratch.begin()
print(os.path.dirname(folder) == os.environ["TMPDIR_PARENT"], os.environ["TMPDIR"] == folder,
      tempfile.gettempdir() == folder, oct(os.stat(folder).st_mode & 0o777))
os.makedirs(os.path.join(tempfile.mkdtemp(prefix="weasyprint-"), "deep"))
scratch.end()
print(os.path.exists(folder), os.environ["TMPDIR"] == os.environ["TMPDIR_PARENT"])
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env=_env(tmp, TMPDIR_PARENT=str(tmp)))
    assert done.stdout.split() == ["True", "True", "True", "0o700", "False", "True"], done.stderr
    assert _left(tmp) == []


def test_the_engine_removes_its_font_subsets_for_a_library_caller_too(tmp, tmp_path):
    """Without a command's folder (a program calling the library), the engine still removes
    weasyprint's folder before it exits, and render_pdf's caller can with pdf.release()."""
    code = """
import datetime as dt, os
from contractkit.render import engine, pdf
from contractkit.resources import TEMPLATES
os.sched_getaffinity = lambda pid: {0, 1}
engine.allowed = True
css = (TEMPLATES / "style.css").as_uri()
job = dict(html=f'<html><head><link rel="stylesheet" href="{css}"></head><body><p>Договор</p></body></html>',
           base=TEMPLATES, roots=(TEMPLATES,), attachment=b"id: x\\n", attachment_name="project.yaml",
           stamp=dt.datetime(2026, 12, 1), extra=None)
engine.start()
made = engine.pdf(**job)
engine.stop()
print(made[:5] == b"%PDF-", len(os.listdir(os.environ["TMPDIR"])))
here = pdf.render_pdf(**job)
print(here == made, len(os.listdir(os.environ["TMPDIR"])))
pdf.release()
print(len(os.listdir(os.environ["TMPDIR"])))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env=_env(tmp, CONTRACTKIT_ENGINE="1", XDG_CACHE_HOME=str(tmp_path / "cache")),
                          timeout=300)
    assert done.stdout.split() == ["True", "0", "True", "1", "0"], done.stderr


def test_sigterm_unwinds_the_command_but_a_forked_child_dies_of_it_as_before(tmp):
    code = """
import os, signal, time
from contractkit import scratch
scratch.begin()
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
    os._exit(0)
_, status = os.waitpid(pid, 0)
print(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM)
try:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
except KeyboardInterrupt as stop:
    print(type(stop).__name__, scratch.signalled == signal.SIGTERM)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env=_env(tmp), timeout=120)
    assert done.stdout.split() == ["True", "Terminated", "True"], done.stderr
    assert _left(tmp) == []
