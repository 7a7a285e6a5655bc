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


def test_thousands_of_change_records_that_record_no_edit_are_refused_by_publish_and_reported(signed_en):
    from tests.security.gitfixtures import edit

    edit(signed_en / "project.yaml", "price: 1200", "price: 1500")
    run("change", signed_en, "-m", "Bigger discovery")
    honest = (signed_en / ".contractkit" / "changes" / "CR-001.yaml").read_text(encoding="utf-8")
    for n in range(2, 3002):
        (signed_en / ".contractkit" / "changes" / f"CR-{n:04d}.yaml").write_text(
            honest.replace("id: CR-001", f"id: CR-{n:04d}").replace("number: 1\n", f"number: {n}\n"),
            encoding="utf-8")
    git_in(signed_en, "add", "-A")
    git_in(signed_en, "commit", "-qm", "teammate: records")
    publish = ck("publish", signed_en, timeout=600)
    output = publish.stdout + publish.stderr
    assert publish.returncode == 1 and "3000 change record(s) record no edit of the signed scope" in output, output
    assert "Traceback" not in output and not (signed_en / "out" / "site").exists()
    doctor = ck("doctor", signed_en, timeout=600)
    assert doctor.returncode == 1 and "3000 change record(s) record no edit" in doctor.stdout, doctor.stdout
    assert "CR-001," not in doctor.stdout.split("record no edit")[1].split("\n")[0]
