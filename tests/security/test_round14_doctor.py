"""Red team 14, B04: `doctor --fix` removed the unfinished temporary files (`.*.tmp`) of the
project's folders, `.git/contractkit` among them, before asking whether a folder is the project's
own: with `.git/contractkit` a link to the user's ~/Documents (a project's .git comes with a
received archive, untrusted), the user's own `.thesis.tmp` there was deleted. A folder reached
through a link is reported and left alone; the journal (`.git/contractkit/journal.json`) likewise.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import run

pytestmark = pytest.mark.security("symlinks")


@pytest.mark.parametrize("name", [".thesis.tmp", "journal.json"])
def test_doctor_fix_removes_nothing_through_a_link_in_git(ws, tmp_path, name):
    run("new", "p")
    project = ws / "p"
    documents = tmp_path / "home-documents"
    documents.mkdir()
    mine = documents / name
    mine.write_text('{"my": "draft"}', encoding="utf-8")
    shutil.rmtree(project / ".git" / "contractkit", ignore_errors=True)
    (project / ".git" / "contractkit").symlink_to(documents, target_is_directory=True)
    result = run("doctor", project, "--fix", ok=None)
    assert mine.read_text(encoding="utf-8") == '{"my": "draft"}', result.output
    assert "symbolic link" in result.output and "Traceback" not in result.output, result.output
