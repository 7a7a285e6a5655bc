"""Class 2, symlinks travel in git: a link committed into a project is refused, never followed.

Each link below is committed as a teammate would push it, pointing into a sentinel folder outside
the project that holds a secret. The command refuses with one line naming the link and saying how
to remove it; nothing lands in the sentinel folder and the secret is in no output.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.security.attack import SECRET, Sentinel, one_line_error, output_texts, run, written


@pytest.fixture
def sentinel(tmp_path):
    return Sentinel(tmp_path / "sentinel")


@pytest.fixture
def project(ws):
    run("new", "p", "--lang", "en")
    return ws / "p"


def commit_link(project, name, target):
    link = project / name
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    subprocess.run(["git", "-C", str(project), "add", "-f", name], check=True, capture_output=True)
    subprocess.run(["git", "-C", str(project), "commit", "-qm", f"add {name}"], check=True,
                   capture_output=True)
    return link


def refused(result, name):
    line = one_line_error(result)
    assert f"p/{name} is a symbolic link" in line, result.output
    assert f"git rm {name}" in result.output
    return line


COMMANDS = [
    ("render",), ("render", "--format", "html"), ("check",), ("show",), ("status",), ("log",),
    ("change", "-m", "x"), ("sign", "--date", "2026-12-01"), ("doctor",), ("addendum",),
]


@pytest.mark.security("symlinks")
@pytest.mark.parametrize("name", ["out", ".contractkit", ".contractkit/changes", ".contractkit.lock",
                                  "look", "out/contract-NW-2026-11.pdf"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_a_committed_link_stops_every_command(project, sentinel, name, command):
    target = sentinel.root / "keep.txt" if name.endswith((".lock", ".pdf")) else sentinel.root
    commit_link(project, name, target)
    result = run(command[0], project, *command[1:], ok=False)
    refused(result, name)
    sentinel.assert_untouched()


@pytest.mark.security("symlinks")
def test_project_yaml_as_a_link_is_refused_and_not_read(ws, sentinel, project):
    (sentinel.root / "project.yaml").write_bytes((project / "project.yaml").read_bytes()
                                                 .replace(b"Blue Harbor", SECRET.encode()))
    sentinel.before = sentinel.snapshot()
    (project / "project.yaml").unlink()
    commit_link(project, "project.yaml", sentinel.root / "project.yaml")
    for command in (("check",), ("render", "--format", "pdf,docx,html")):
        result = run(command[0], project, *command[1:], ok=False)
        assert SECRET not in result.output
        refused(result, "project.yaml")
    sentinel.assert_untouched()
    from contractkit.errors import ProjectFileError
    from contractkit.load import read_source

    with pytest.raises(ProjectFileError, match="symbolic link"):
        read_source(project / "project.yaml")


@pytest.mark.security("symlinks")
@pytest.mark.parametrize("where", ["look/style.css", "look/en/contract.html.j2", "look/en/_inc.html.j2",
                                   "look/fonts/x.ttf", "look"])
@pytest.mark.parametrize("formats", ["pdf", "docx", "html"])
def test_a_linked_template_resource_never_reaches_an_output(project, sentinel, where, formats):
    look = project / "look"
    (look / "en").mkdir(parents=True)
    (look / "en" / "contract.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<p>own look</p>{% endblock %}')
    target = sentinel.secret
    if where == "look":
        (sentinel.root / "en").mkdir()
        (sentinel.root / "en" / "contract.html.j2").write_text(
            '{% extends "base.html.j2" %}{% block body %}{% include "secret.txt" %}{% endblock %}')
        (sentinel.root / "style.css").write_text("/* " + SECRET + " */")
        for child in look.rglob("*"):
            child.unlink() if child.is_file() else None
        os.rmdir(look / "en")
        os.rmdir(look)
        target = sentinel.root
        sentinel.before = sentinel.snapshot()
    elif where.endswith(".j2") and "_inc" in where:
        (look / "en" / "contract.html.j2").write_text(
            '{% extends "base.html.j2" %}{% block body %}{% include "en/_inc.html.j2" %}{% endblock %}')
    elif where.endswith(".j2"):
        (look / "en" / "contract.html.j2").unlink()
    commit_link(project, where, target)
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  html: look\n")
    result = run("render", project, "--doc", "contract", "--format", formats, ok=False)
    assert SECRET not in result.output
    refused(result, where)
    sentinel.assert_untouched()
    assert not (project / "out").exists() or not list((project / "out").iterdir())


@pytest.mark.security("symlinks")
@pytest.mark.parametrize("formats", ["pdf", "docx", "html"])
def test_users_template_folder_with_a_link_inside_is_refused_too(ws, project, sentinel, formats):
    """--template is the user's own folder, but a link inside it still may not lead outside."""
    look = ws / "mylook"
    (look / "en").mkdir(parents=True)
    (look / "en" / "contract.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<p>x</p>{% endblock %}')
    os.symlink(sentinel.secret, look / "style.css")
    result = run("render", project, "--doc", "contract", "--format", formats, "--template", look, ok=False)
    assert "mylook/style.css is a symbolic link" in one_line_error(result)
    assert SECRET not in result.output
    sentinel.assert_untouched()


@pytest.mark.security("symlinks")
def test_letterhead_link_is_refused(project, sentinel):
    from docx import Document

    doc = Document()
    doc.add_paragraph(SECRET)
    doc.add_paragraph("{{p body }}")
    doc.save(sentinel.root / "lh.docx")
    sentinel.before = sentinel.snapshot()
    commit_link(project, "lh.docx", sentinel.root / "lh.docx")
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  docx: lh.docx\n")
    result = run("render", project, "--format", "docx", ok=False)
    assert "lh.docx" in one_line_error(result)
    sentinel.assert_untouched()


@pytest.mark.security("symlinks")
def test_a_dangling_link_is_refused_like_any_other(project, sentinel):
    commit_link(project, "out", sentinel.root / "does-not-exist")
    refused(run("render", project, ok=False), "out")
    sentinel.assert_untouched()


# --- the write and lock primitives on their own (a link that appears between check and write) ---

@pytest.mark.security("symlinks")
@pytest.mark.parametrize("layout", ["file-link", "folder-link", "nested-folder-link", "folder", "fifo"])
def test_atomic_write_never_follows_a_link(project, sentinel, layout):
    from contractkit.errors import WorkspaceError
    from contractkit.store.files import write_atomic

    target = project / "out" / "a" / "doc.pdf"
    if layout == "file-link":
        target.parent.mkdir(parents=True)
        os.symlink(sentinel.root / "keep.txt", target)
    elif layout == "folder-link":
        os.symlink(sentinel.root, project / "out")
    elif layout == "nested-folder-link":
        (project / "out").mkdir()
        os.symlink(sentinel.root, project / "out" / "a")
    elif layout == "folder":
        target.mkdir(parents=True)
    else:
        target.parent.mkdir(parents=True)
        os.mkfifo(target)
    with pytest.raises(WorkspaceError) as caught:
        write_atomic(target, b"payload")
    assert "refusing" in str(caught.value) or "symbolic link" in str(caught.value)
    sentinel.assert_untouched()
    assert not list(sentinel.root.glob(".*.tmp"))


@pytest.mark.security("symlinks")
@pytest.mark.parametrize("layout", ["link", "dangling-link", "folder", "hard-link"])
def test_the_lock_is_never_opened_through_a_link_and_truncates_nothing(project, sentinel, layout):
    from contractkit.errors import ContractkitError
    from contractkit.store.lock import LOCK_FILE, is_held, locked

    lock = project / LOCK_FILE
    if layout == "link":
        os.symlink(sentinel.root / "keep.txt", lock)
    elif layout == "dangling-link":
        os.symlink(sentinel.root / "created-by-lock", lock)
    elif layout == "folder":
        lock.mkdir()
    else:
        os.link(sentinel.root / "keep.txt", lock)
    with pytest.raises(ContractkitError) as caught:
        with locked(project):
            pass
    assert LOCK_FILE in str(caught.value)
    with pytest.raises(ContractkitError):
        is_held(project)
    assert (sentinel.root / "keep.txt").read_text() == "unchanged\n"
    assert not (sentinel.root / "created-by-lock").exists()
    if layout != "hard-link":
        sentinel.assert_untouched()


@pytest.mark.security("symlinks")
def test_render_all_reports_the_linked_project_and_renders_the_others(ws, sentinel):
    run("new", "a", "--lang", "en")
    run("new", "b", "--lang", "en")
    os.symlink(sentinel.root, ws / "b" / "out")
    result = run("render", "--all", "--doc", "contract", "--format", "html", "--jobs", "1", ok=False)
    assert "b: error: b/out is a symbolic link" in result.output
    assert "rendered 1 of 2 project(s)" in result.output
    assert (ws / "a" / "out").is_dir()
    sentinel.assert_untouched()


@pytest.mark.security("symlinks")
def test_outputs_of_a_clean_project_hold_no_secret(project, sentinel):
    """Control: the same render without links works and its outputs are what they should be."""
    paths = written(run("render", project, "--format", "pdf,docx,html"))
    assert len(paths) >= 6 and SECRET not in output_texts(paths)
    sentinel.assert_untouched()


@pytest.mark.security("symlinks")
def test_a_linked_project_in_a_workspace_is_reported_not_rendered(ws, tmp_path):
    """A workspace kept in git can carry a link to another project elsewhere on the machine."""
    run("new", "a", "--lang", "en")
    run("new", tmp_path / "elsewhere", "--lang", "en")
    os.symlink(tmp_path / "elsewhere", ws / "b")
    result = run("render", "--all", "--doc", "contract", "--format", "html", "--jobs", "1", ok=False)
    assert "b: error: ws/b is a symbolic link" in result.output and "rendered 1 of 2" in result.output
    assert not (tmp_path / "elsewhere" / "out").exists()
    assert "is a symbolic link" in run("list", ws).output
