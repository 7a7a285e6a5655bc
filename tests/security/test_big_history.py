"""Inputs that cost time or memory: a project.yaml over the 50 MB limit is refused by every command
that reads it (status, log, doctor, and a version in the history), before it is read or parsed; a
history of thousands of change records that record no edit is reported and kept cheap."""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, git_in

pytestmark = pytest.mark.security("inputs")
LIMIT = 50 * 1024 * 1024


def _huge(path) -> None:
    text = (path / "project.yaml").read_text(encoding="utf-8")
    padding = ("# " + "x" * 1000 + "\n") * (LIMIT // 1000 + 100)
    (path / "project.yaml").write_text(text + padding, encoding="utf-8")


@pytest.fixture
def signed_en(ws):
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30")
    return ws / "p"


@pytest.mark.parametrize("where", ["working file", "committed at HEAD"])
def test_a_project_file_over_the_limit_is_refused_by_every_reader(signed_en, where):
    _huge(signed_en)
    if where == "committed at HEAD":
        git_in(signed_en, "commit", "-qam", "teammate: a big file")
    for command in ("status", "log", "doctor"):
        result = ck(command, signed_en, timeout=120)
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "internal error" not in output, output
        assert "over the 52,428,800" in output, (command, output[-2000:])
        assert result.returncode != 0, (command, output[-2000:])


def test_a_version_over_the_limit_in_the_history_is_refused_not_parsed(signed_en):
    original = (signed_en / "project.yaml").read_text(encoding="utf-8")
    _huge(signed_en)
    git_in(signed_en, "commit", "-qam", "teammate: a big file")
    (signed_en / "project.yaml").write_text(original, encoding="utf-8")
    git_in(signed_en, "commit", "-qam", "teammate: back")
    from contractkit.errors import RepositoryError
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    with open_repo(signed_en) as repo:
        with pytest.raises(RepositoryError, match="over the 52,428,800 limit"):
            history.project_at(repo, "HEAD~1")
    for command in ("log", "doctor"):
        result = ck(command, signed_en, timeout=120)
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "internal error" not in output, output
