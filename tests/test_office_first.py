"""LibreOffice started as the command's first act, before click is imported (cli/first.py), and
run without GnuPG on its PATH (render/office.py `environment`): issue 25 item 5's speed, with the
same PDF bytes (tests/test_office_ahead.py compares them with a cold conversion's)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_word_changes import EN_TEMPLATE, RU_TEMPLATE


def scanned(monkeypatch, *argv) -> list:
    """What office_first asked office_ahead for, given the command's arguments."""
    from contractkit.cli import first

    asked = []
    monkeypatch.setattr(first, "office_ahead", lambda *args: asked.append(args))
    first.office_first(list(argv))
    return asked


def test_render_options_are_read_before_click(monkeypatch):
    t = str(RU_TEMPLATE)
    assert scanned(monkeypatch, "render", "p", "--doc", "contract", "--format", "pdf", "--template", t) == [
        ("p", "contract", "pdf", RU_TEMPLATE)]
    assert scanned(monkeypatch, "render", "--format=pdf", "--out", "o", "--no-data") == [
        (None, "all", "pdf", None)]
    assert scanned(monkeypatch, "render") == [(None, "all", "pdf,docx", None)]


@pytest.mark.parametrize("argv", [
    ["check"], ["render", "--help"], ["render", "-h"], ["render", "--watch"], ["render", "w", "--all"],
    ["render", "--blank"], ["render", "--doc"], ["render", "--unknown", "x"], ["render", "a", "b"],
    ["render", "--", "p"], []])
def test_anything_else_is_left_to_click(monkeypatch, argv):
    assert scanned(monkeypatch, *argv) == []


def test_only_the_command_itself_starts_it_early(monkeypatch):
    from contractkit.cli.first import started_as_command

    for program, expected in (("/usr/local/bin/contractkit", True), ("/x/contractkit/__main__.py", True),
                              ("/x/pytest/__main__.py", False), ("/x/bin/pytest", False), ("", False)):
        monkeypatch.setattr(sys, "argv", [program, "render"])
        assert started_as_command() is expected, program


def test_the_command_starts_libreoffice_before_importing_click(ru_project):
    """A real process: `contractkit render --format pdf --template T` asks for LibreOffice while
    click is not yet imported (office.ahead replaced by a recorder, so nothing is started)."""
    code = ("import sys\n"
            f"sys.argv = ['contractkit', 'render', {str(ru_project)!r}, '--doc', 'contract',"
            f" '--format', 'pdf', '--template', {str(RU_TEMPLATE)!r}]\n"
            "from contractkit.render import office\n"
            "office.program = lambda: 'soffice'\n"
            "asked = []\n"
            "heavy = ('click', 'lxml.etree', 'docx', 'dataclasses', 'contractkit.render.userdocx')\n"
            "office.ahead = lambda program: asked.append([m for m in heavy if m in sys.modules])\n"
            "import contractkit.cli\n"
            "print(asked)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[[]]", done.stderr  # nothing of these loaded before it starts


def test_libreoffice_runs_without_gnupg_on_its_path(tmp_path):
    """oosplash is run with PATH its own folder (and paperconf, if installed), where no gpgconf
    is (gpgme would run it, and gpg and gpgsm, on every document LibreOffice loads); a start-up
    script keeps the usual PATH."""
    from contractkit.render.office import environment, launcher

    program = shutil.which("soffice")
    if program is None or Path(launcher(program)).name != "oosplash":
        pytest.skip("LibreOffice with oosplash is not installed")
    env = environment(str(tmp_path), program)
    assert env["PATH"].split(os.pathsep)[0] == str(Path(launcher(program)).parent)
    assert all(shutil.which(tool, path=env["PATH"]) is None for tool in ("gpgconf", "gpg", "gpgsm"))
    assert (shutil.which("paperconf") is None) == (shutil.which("paperconf", path=env["PATH"]) is None)
    assert env["HOME"] == str(tmp_path) and env["TZ"] == "UTC"
    fake = tmp_path / "usr-bin"
    fake.mkdir()
    (fake / "paperconf").write_text("#!/bin/sh\necho a4\n")
    (fake / "paperconf").chmod(0o755)
    (fake / "gpgconf").write_text("#!/bin/sh\n")
    (fake / "gpgconf").chmod(0o755)
    (tmp_path / "work").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
        env = environment(str(tmp_path / "work"), program)
    found = shutil.which("paperconf", path=env["PATH"])
    assert found and os.path.realpath(found) == str(fake / "paperconf")
    assert shutil.which("gpgconf", path=env["PATH"]) is None
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert environment(str(tmp_path), str(script))["PATH"] == os.environ["PATH"]


def test_the_cached_profile_unpacks_folders_and_files_only(tmp_path):
    """render/office.py `_unpack`: what keep() archives comes back byte for byte; a link, or a
    name outside the folder, is refused (the caller then lets LibreOffice make a new profile)."""
    import io
    import tarfile

    from contractkit.render.office import _unpack

    def archive(*members) -> tarfile.TarFile:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for name, kind, data in members:
                info = tarfile.TarInfo(name)
                info.type = kind
                info.size = len(data)
                info.mode = 0o644
                if kind == tarfile.SYMTYPE:
                    info.linkname = "/etc"
                tar.addfile(info, io.BytesIO(data) if data else None)
        return tarfile.open(fileobj=io.BytesIO(buffer.getvalue()))

    with archive(("user", tarfile.DIRTYPE, b""), ("user/a.xcu", tarfile.REGTYPE, b"<x/>")) as tar:
        _unpack(tar, tmp_path / "ok")
    assert (tmp_path / "ok" / "user" / "a.xcu").read_bytes() == b"<x/>"
    for bad in (("../out", tarfile.REGTYPE, b"x"), ("/abs", tarfile.REGTYPE, b"x"),
                ("user/link", tarfile.SYMTYPE, b""), ("user/../../x", tarfile.REGTYPE, b"x")):
        with archive(bad) as tar, pytest.raises(ValueError):
            _unpack(tar, tmp_path / "bad")
    assert not (tmp_path / "out").exists() and not (tmp_path / "x").exists()


def test_a_glance_at_a_template_answers_as_its_full_check(tmp_path):
    """office.word_documents decides on LibreOffice from a glance at word/document.xml (no package
    checks, nothing of lxml): the same answer as userdocx.is_word_template's on a Word template, a
    letterhead, a DOCX without tags and a file that is no DOCX."""
    import zipfile

    from contractkit.render import office
    from contractkit.render.userdocx import is_word_template
    from contractkit.resources import TEMPLATES

    plain = tmp_path / "plain.docx"
    with zipfile.ZipFile(RU_TEMPLATE) as source, zipfile.ZipFile(plain, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{", b"(").replace(b"{%", b"(")
            copy.writestr(info, data)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    for path, expected in ((RU_TEMPLATE, True), (EN_TEMPLATE, True), (TEMPLATES / "letterhead.docx", False),
                           (plain, False), (broken, False), (tmp_path / "missing.docx", False)):
        assert office._word_template_at_a_glance(path) is expected, path
        if path.exists():
            assert is_word_template(path) is expected, path
        assert office.word_documents("", path) == ({"*"} if expected else set())


@pytest.mark.parametrize("formats, kinds", [("docx", ("docx",)), ("pdf", ("pdf",)), ("pdf,docx", ("pdf",)),
                                            ("html", None)])
def test_the_command_starts_the_engine_before_importing_click(ru_project, formats, kinds):
    """A real process: `contractkit render --format F` (no Word template) forks the document engine
    while click is not yet imported (engine.start replaced by a recorder, so nothing is forked)."""
    code = ("import sys\n"
            f"sys.argv = ['contractkit', 'render', {str(ru_project)!r}, '--doc', 'contract', '--format', {formats!r}]\n"
            "from contractkit.render import engine\n"
            "asked = []\n"
            "engine.start = lambda kinds: asked.append((kinds, 'click' in sys.modules, engine.allowed))\n"
            "import contractkit.cli\n"
            "print(asked)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == (str([(kinds, False, True)]) if kinds else "[]"), done.stderr
