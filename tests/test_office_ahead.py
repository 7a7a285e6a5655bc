"""LibreOffice started ahead of a Word template's PDF (render/office.py, issue 25 item 5): the
conversion is handed to it over its pipe, the PDF is the same bytes as a cold conversion's and
still PDF/A-3b, and no LibreOffice process outlives the command: on success, on an error, on
Ctrl-C and on SIGTERM; nothing is left in the temporary folder."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run
from tests.test_word_changes import RU_TEMPLATE

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


EXITING = 0x4
"""PF_EXITING in /proc/PID/stat's flags: the process is ending and runs no more code."""


def alive_naming(folder: Path) -> dict[int, str]:
    """The processes whose command line or environment names `folder` (LibreOffice's profile is
    there, and TMPDIR of whatever the command started), with their command lines, less those
    already dead: a zombie, one ending, or one with a SIGKILL pending (it runs no more code)."""
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


def offices_under(folder: Path) -> list[int]:
    """The LibreOffice processes (oosplash, soffice.bin) alive with their profile in `folder`
    (the command's TMPDIR)."""
    return [pid for pid, line in alive_naming(folder).items() if "oosplash" in line or "soffice" in line]


def left_in_memory(pid: int) -> list[Path]:
    """LibreOffice's throw-away folders of the command `pid` in the memory file system it uses
    (render/officework.py), if any."""
    from contractkit.render import officework

    parent = officework.parent()
    return list(Path(parent).glob(f"{officework.PREFIX}{pid}-*")) if parent else []


def until(condition, limit: float = 120.0) -> bool:
    """Poll `condition` until it holds (True) or `limit` seconds pass (False); not a timing test."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def command(ws: Path, tmp: Path, *args) -> subprocess.Popen:
    environment = {**os.environ, "TMPDIR": str(tmp)}
    environment.pop("CONTRACTKIT_DEBUG", None)
    # as from a terminal: a shell's background job (CI, `make test &`) starts with SIGINT ignored
    return subprocess.Popen([sys.executable, "-m", "contractkit", *map(str, args)], cwd=ws,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


@pytest.fixture
def tmp(tmp_path):
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    return folder


def render_args(project: Path, out: Path, template: Path = RU_TEMPLATE) -> list:
    return ["render", project, "--doc", "contract", "--format", "pdf", "--template", template, "--out", out]


def test_started_ahead_gives_the_cold_bytes_and_leaves_nothing(ru_project, ws, tmp, tmp_path, monkeypatch):
    from contractkit.render import office, officepdf
    from tests import pdfa

    with monkeypatch.context() as cold:  # no LibreOffice started ahead: a cold conversion
        cold.setattr(office, "ahead", lambda program: None)
        run(*render_args(ru_project, tmp_path / "cold"))
    expected = (tmp_path / "cold" / "contract-2026-031.pdf").read_bytes()
    profiles = Path(os.environ["HOME"]) / ".cache" / "contractkit" / "office"
    shutil.rmtree(profiles)  # the cold conversion kept its profile: the first one ahead makes its own

    def refused(*args, **kwargs):
        raise AssertionError("converted cold, not by the LibreOffice started ahead")

    with monkeypatch.context() as ahead:
        ahead.setattr(officepdf, "_convert", refused)
        for n in (1, 2):  # a new profile (then cached), then the cached one
            run(*render_args(ru_project, tmp_path / f"ahead{n}"))
            assert (tmp_path / f"ahead{n}" / "contract-2026-031.pdf").read_bytes() == expected
            kept = [p for p in profiles.rglob("*") if p.is_file()]
            assert len(kept) == 1  # the profile LibreOffice made ahead, once it exited by itself
    pdfa.check(tmp_path / "ahead2" / "contract-2026-031.pdf", "document-data.json")
    done = command(ws, tmp, *render_args(ru_project, tmp_path / "process"))  # as a user runs it
    _, err = done.communicate(timeout=600)
    assert done.returncode == 0, err.decode()
    assert offices_under(tmp) == [] and list(tmp.iterdir()) == [] and left_in_memory(done.pid) == []
    assert (tmp_path / "process" / "contract-2026-031.pdf").read_bytes() == expected


def test_an_error_after_the_start_leaves_no_libreoffice(ru_project, ws, tmp, tmp_path):
    import docx

    broken = tmp_path / "broken.docx"
    document = docx.Document(str(RU_TEMPLATE))
    document.add_paragraph("{{ client.no_such_field }}")
    document.save(str(broken))
    done = command(ws, tmp, *render_args(ru_project, tmp_path / "out", broken))
    _, err = done.communicate(timeout=600)
    assert done.returncode != 0 and "no_such_field" in err.decode()
    assert "Traceback" not in err.decode()
    assert offices_under(tmp) == [] and list(tmp.iterdir()) == [] and left_in_memory(done.pid) == []
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_ctrl_c_ends_libreoffice_with_the_command(ru_project, ws, tmp, tmp_path, number):
    done = command(ws, tmp, *render_args(ru_project, tmp_path / "out"))
    assert until(lambda: offices_under(tmp) or done.poll() is not None)
    assert done.poll() is None, "the command ended before LibreOffice was seen"
    done.send_signal(number)
    done.communicate(timeout=600)
    assert done.returncode != 0
    assert offices_under(tmp) == []  # ended with the command, not after it
    assert list(tmp.iterdir()) == [] and left_in_memory(done.pid) == []


def test_libreoffice_works_in_a_memory_folder_when_there_is_one(ru_project, ws, tmp, tmp_path, monkeypatch):
    """render/officework.py: the throw-away folder goes to $XDG_RUNTIME_DIR or /dev/shm when
    writable with room, else to the command's temporary folder; CONTRACTKIT_OFFICE_TMP wins."""
    from contractkit.render import officework

    monkeypatch.delenv("CONTRACTKIT_OFFICE_TMP", raising=False)
    with monkeypatch.context() as patch:
        patch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-such-folder"))
        assert officework.parent() in (None, "/dev/shm")
        patch.setattr(officework, "ROOM", 1 << 62)  # no file system has that much room
        assert officework.parent() is None
        patch.setenv("CONTRACTKIT_OFFICE_TMP", str(tmp_path))
        assert officework.parent() == str(tmp_path)
    if officework.parent() is None:
        return
    done = command(ws, tmp, *render_args(ru_project, tmp_path / "out"))
    try:
        assert until(lambda: left_in_memory(done.pid) or done.poll() is not None)
        seen = left_in_memory(done.pid)
        _, err = done.communicate(timeout=600)
    finally:
        if done.poll() is None:
            done.kill()
            done.communicate()
    assert done.returncode == 0, err.decode()
    assert seen and not list(tmp.glob("contractkit-*/contractkit-office-*"))
    assert left_in_memory(done.pid) == [] and list(tmp.iterdir()) == []


def test_a_killed_commands_memory_folder_is_swept_by_the_next(tmp_path):
    """A SIGKILL leaves the command's folder in memory (not under its temporary folder, which goes
    with it): the next command removes folders of processes that no longer run, and nothing else."""
    from contractkit.render import officework

    tmp_path = tmp_path / "shm"
    tmp_path.mkdir()

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    dead = int(ended.stdout)
    (tmp_path / f"{officework.PREFIX}{dead}-abc" / "profile").mkdir(parents=True)
    (tmp_path / f"{officework.PREFIX}{os.getpid()}-def").mkdir()  # this process: running
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / f"{officework.PREFIX}{dead}-link").symlink_to(tmp_path / "elsewhere")
    (tmp_path / f"{officework.PREFIX}x-ghi").mkdir()  # not a pid
    assert officework.sweep(str(tmp_path)) == [f"{officework.PREFIX}{dead}-abc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        f"{officework.PREFIX}{os.getpid()}-def", "elsewhere", f"{officework.PREFIX}{dead}-link",
        f"{officework.PREFIX}x-ghi"])
    assert (tmp_path / "elsewhere").is_dir()


def test_word_documents_read_from_the_project_text_and_template(tmp_path):
    from contractkit.render.office import word_documents

    text = "id: x\ncontract:\n  number: 1\ntemplates:\n  contract: lawyer/contract.docx\n  scope: 'a b/scope.DOCX'\n"
    assert word_documents(text, None) == {"contract", "scope"}
    assert word_documents("templates: {payments: p.docx, html: look}\n", None) == {"payments"}
    assert word_documents("templates:\n  docx: letterhead.docx\n", None) == set()
    assert word_documents("", RU_TEMPLATE) == {"*"}
    folder = tmp_path / "look"
    folder.mkdir()
    assert word_documents("", folder) == set()


def test_the_pipe_request_is_escaped_as_libreoffice_reads_it():
    from contractkit.render.office import _escaped, pipe_path

    assert _escaped("a,b\\c\0d") == "a\\,b\\\\c\\0d"
    # the pipe LibreOffice 7.4 names for the profile file:///tmp/w25/px0 (seen on this machine)
    assert pipe_path("file:///tmp/w25/px0")[0].endswith("_SingleOfficeIPC_37cc784eb16e88c40fe3beb80141af")


def test_a_project_naming_its_template_renders_all_with_libreoffice_started_ahead(ru_project, monkeypatch):
    """`render` of every document: the contract from the Word template through the LibreOffice
    started ahead, the annexes by the engine as ever."""
    from contractkit.render import officepdf
    from tests.test_word_signed import names_template

    names_template(ru_project)

    def refused(*args, **kwargs):
        raise AssertionError("converted cold, not by the LibreOffice started ahead")

    monkeypatch.setattr(officepdf, "_convert", refused)
    run("render", ru_project, "--format", "pdf")
    made = sorted(p.name for p in (ru_project / "out").glob("*.pdf"))
    assert made == ["brief-2026-031.pdf", "contract-2026-031.pdf", "payments-2026-031.pdf",
                    "scope-2026-031.pdf", "support-2026-031.pdf"]


def test_render_help_or_docx_starts_no_libreoffice_and_bad_options_are_clicks(ru_project, monkeypatch):
    from contractkit.render import office
    from tests.test_word_signed import names_template

    names_template(ru_project)
    monkeypatch.chdir(ru_project)
    started = []
    monkeypatch.setattr(office, "ahead", started.append)
    assert "Usage:" in run("render", "--help").output
    run("render", "--doc", "contract", "--format", "docx")
    assert started == []
    refused = run("render", "--doc", "contract", "--jobs", "0", ok=False)
    assert "--jobs" in refused.output and "Traceback" not in refused.output
    run("render", "--doc", "contract", "--format", "pdf")
    assert len(started) >= 1  # the early hook and the command both ask; one instance is started
