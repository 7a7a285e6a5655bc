"""Red team round 3 (#2): a write-once record deleted in one commit and added again with other
bytes in the next passed the written-once check (it compared HEAD with ANY commit that ever added
the path), and the guard let a plain edit of a request through. A request back-dated to before the
contract made `update` claim late materials and shift a deadline in a letter to the client."""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, git_in
from tests.security.test_guard_records import passes, push, refused, server  # noqa: F401 - fixture

pytestmark = pytest.mark.security("letters")
REQUEST = ".contractkit/requests/R-001.yaml"


def _readd_backdated(project) -> None:
    text = (project / REQUEST).read_text(encoding="utf-8")
    assert "asked: '2026-12-08'" in text, text
    git_in(project, "rm", "-q", REQUEST)
    git_in(project, "commit", "-qm", "tidy")
    (project / REQUEST).parent.mkdir(parents=True, exist_ok=True)
    (project / REQUEST).write_text(text.replace("asked: '2026-12-08'", "asked: '2026-11-20'"), encoding="utf-8")
    git_in(project, "add", REQUEST)
    git_in(project, "commit", "-qm", "restore")


def test_a_request_deleted_and_added_again_with_other_bytes_is_reported(ws):
    from tests.test_billing import example

    project = example(ws, "romashka-site", "romashka")
    run("sign", project, "--date", "2026-12-01")
    run("asked", project, "Тексты и фотографии", "--date", "2026-12-08")
    _readd_backdated(project)
    doctor = ck("doctor", project)
    assert doctor.returncode != 0 and "R-001.yaml: deleted after the commit that wrote it" in doctor.stdout, \
        doctor.stdout
    update = ck("update", project, "--date", "2026-12-11")
    assert update.returncode != 0 and "R-001.yaml" in update.stderr, update.stdout + update.stderr
    assert "20 ноября" not in update.stdout


def test_the_guard_refuses_a_request_rewritten_by_delete_and_add_and_lets_received_in(server):  # noqa: F811
    project, bare = server
    run("asked", project, "Тексты и фотографии", "--date", "2026-12-08")
    passes(project, bare)
    before = git_in(bare, "rev-parse", "refs/heads/main").strip()
    _readd_backdated(project)
    refused(push(project), bare, before, "R-001.yaml: deleted after the commit that wrote it")
    git_in(project, "reset", "-q", "--hard", before)
    # a plain edit of its date is refused too
    path = project / REQUEST
    path.write_text(path.read_text(encoding="utf-8").replace("2026-12-08", "2026-11-20"), encoding="utf-8")
    git_in(project, "commit", "-qam", "backdate")
    refused(push(project), bare, before, "R-001.yaml: edited after the commit that wrote it")
    git_in(project, "reset", "-q", "--hard", before)
    # the control: `received` may be added
    run("received", project, "R-001", "--date", "2026-12-12")
    passes(project, bare)
