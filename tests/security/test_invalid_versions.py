"""An unsigned intermediate commit whose project.yaml does not parse (a teammate's duplicate key,
fixed in the next commit) stopped `change`, `status` and `log` for good: "project.yaml@…: duplicate
key". Such a version is skipped with one warning naming its commit and counts as nothing: an edit
it carries is measured from the last version that parses, so it cannot hide an edit of the signed
scope from `change`, `doctor` or the guard. HEAD and the signed versions must parse."""

from __future__ import annotations

import pytest

from contractkit.store import audit, history
from contractkit.store.repo import open_repo
from tests.security.gitfixtures import ck, git_in, head
from tests.security.test_guard_records import _payment, push, server  # noqa: F401 - fixture

pytestmark = pytest.mark.security("git-states")

NAME = "  name: Northwind Web Studio LLC\n"


def _broken(project, message: str = "broken by hand", price: str | None = None) -> str:
    """Commit with plain git a project.yaml with a duplicate key (and, if given, another price)."""
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert NAME in text
    text = text.replace(NAME, NAME + NAME, 1)
    if price:
        text = _priced(text, price)
    path.write_text(text, encoding="utf-8")
    git_in(project, "commit", "-qam", message)
    return head(project)


def _priced(text: str, price: str) -> str:
    import re

    found = re.search(r"(?m)^(\s+price: )(\d+)$", text)
    assert found, text
    return text[:found.start(2)] + price + text[found.end(2):]


def _fixed(project, good: str, price: str | None = None) -> str:
    (project / "project.yaml").write_text(_priced(good, price) if price else good, encoding="utf-8")
    git_in(project, "commit", "-qam", "fixed by hand")
    return head(project)


@pytest.fixture
def project(signed):
    return signed


def test_change_status_and_log_skip_a_broken_intermediate_version_with_one_warning(project):
    good = (project / "project.yaml").read_text(encoding="utf-8")
    bad = _broken(project)
    _fixed(project, good)
    (project / "project.yaml").write_text(_priced(good, "999999"), encoding="utf-8")
    changed = ck("change", project, "-m", "Dearer", "--requested-on", "2026-12-10")
    output = changed.stdout + changed.stderr
    assert changed.returncode == 0, output
    warnings = [x for x in changed.stderr.splitlines() if bad[:10] in x]
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), output
    assert "duplicate key" in warnings[0], output
    for command in ("status", "log", "doctor"):
        result = ck(command, project)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        assert "error:" not in result.stderr, (command, result.stderr)
    assert "CR-001" in ck("log", project).stdout


def test_an_edit_carried_by_a_broken_version_is_not_hidden(project):
    """The broken commit carries a dearer price and the next one keeps it: the edit is measured from
    the signed version, so it is an unrecorded edit of the signed scope, as without the broken one."""
    good = (project / "project.yaml").read_text(encoding="utf-8")
    bad = _broken(project, price="999999")
    dearer = _fixed(project, good, price="999999")
    with open_repo(project) as repo:
        assert audit.unrecorded_commits(repo) == [dearer]
    assert bad != dearer  # the broken one counts as nothing
    doctor = ck("doctor", project)
    assert dearer[:10] in doctor.stdout + doctor.stderr, doctor.stdout + doctor.stderr
    changed = ck("change", project, "-m", "Dearer", "--requested-on", "2026-12-10")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    log = ck("log", project).stdout
    assert "CR-001" in log and "Traceback" not in log
    with open_repo(project) as repo:
        [change] = audit.recomputed(repo, history.state(repo, project))[0].changes
        assert change.covers == [dearer] and change.delta > 0, change


def test_a_broken_head_still_stops_with_its_line(project):
    _broken(project)
    for args in (("status",), ("change", "-m", "x", "--requested-on", "2026-12-10")):
        result = ck(args[0], project, *args[1:])
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        assert result.returncode not in (0, 70), result.stderr
        assert len(lines) == 1 and "duplicate key 'name'" in lines[0], result.stderr
        assert "skipped" not in result.stderr


def test_the_guard_still_checks_the_records_a_broken_version_brings(server):  # noqa: F811
    """A payment added in the broken commit is checked as any other: refused, not skipped."""
    from decimal import Decimal

    project, bare = server
    before = head(project)
    text = (project / "project.yaml").read_text(encoding="utf-8")
    _payment(project, amount=Decimal("9121750.00"), allocations={"1": Decimal("9121750.00")})
    (project / "project.yaml").write_text(text.replace("\ncontractor:\n", "\ncontractor:\ncontractor:\n", 1),
                                          encoding="utf-8")
    git_in(project, "commit", "-q", "--amend", "--no-edit", "-a")
    (project / "project.yaml").write_text(text, encoding="utf-8")
    git_in(project, "commit", "-qam", "fixed by hand")
    result = push(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before
    # the guard now reads every pushed version of project.yaml with load's own check (round 6): the
    # broken version is refused by its line before its records could slip through
    assert ("billing records cannot be checked against the signed versions" in output
            or "project.yaml: line 19: duplicate key 'contractor'" in output), output


def test_a_change_recorded_on_a_broken_version_is_not_skipped(project):
    """A change record in the commit whose project.yaml does not parse is no intermediate version:
    its figures cannot be recomputed, so the commands stop with its line (never take the record's
    own figures, never drop the change)."""
    good = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(_priced(good, "999999"), encoding="utf-8")
    assert ck("change", project, "-m", "Dearer", "--requested-on", "2026-12-10").returncode == 0
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text.replace(NAME, NAME + NAME, 1), encoding="utf-8")
    git_in(project, "commit", "-q", "--amend", "--no-edit", "-a")
    recorded = head(project)
    (project / "project.yaml").write_text(text, encoding="utf-8")
    git_in(project, "commit", "-qam", "fixed by hand")
    for command in ("log", "status"):
        result = ck(command, project)
        assert result.returncode not in (0, 70), (command, result.stdout, result.stderr)
        assert f"project.yaml@{recorded[:10]}" in result.stderr and "duplicate key" in result.stderr, result.stderr
        assert "skipped" not in result.stderr, result.stderr
