"""Red team 13, B07: a teammate commits a signature record for addendum 1 with the right hash of
project.yaml (so the cheap check passes) but the contract's file hashes, under an annotated tag.
It was refused, correctly, but only after rendering every document of the tag again, and on every
reading command (27-36 s per `status`): the verdict was never remembered. A "does not match"
verdict is now remembered in the state folder, keyed by the record's bytes, the tag object, the
project and the versions that render; `doctor` renders it again all the same."""

from __future__ import annotations

import hashlib

import pytest

from contractkit.flows.signing.reproduce import reproduce
from contractkit.store import trust
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, signed  # noqa: F401 - fixture

pytestmark = pytest.mark.security("forgery")

RECORDS = ".contractkit/signatures"


@pytest.fixture
def forged(signed):  # noqa: F811
    p = signed
    text = (p / "project.yaml").read_text(encoding="utf-8")
    price = next(line for line in text.splitlines() if line.strip().startswith("price:"))
    edit(p / "project.yaml", price, price.replace("price:", "price: 1"))  # 1 before the figure: dearer
    run("change", p, "-m", "More work")
    digest = hashlib.sha256(git_in(p, "show", "HEAD:project.yaml").encode("utf-8")).hexdigest()
    record = (p / RECORDS / "contract.yaml").read_text(encoding="utf-8")
    lines = []
    for line in record.splitlines():
        key = line.split(":", 1)[0]
        line = {"tag": "tag: addendum-1", "kind": "kind: addendum", "number": "number: 1",
                "project_sha256": f"project_sha256: {digest}",
                "changes": "changes: [CR-001]"}.get(key, line) if not line.startswith(" ") else line
        lines.append(line)
    (p / RECORDS / "addendum-1.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git_in(p, "add", RECORDS)
    git_in(p, "-c", "user.name=Mate", "-c", "user.email=m@example.com", "commit", "-qm", "Sign addendum 1")
    git_in(p, "-c", "user.name=Mate", "-c", "user.email=m@example.com", "tag", "-a", "addendum-1", "-m", "a1")
    return p


def _counting(calls: list[str]):
    """The renderer `trust.problem` uses, noting each tag it renders again."""
    def counting(path, tag):
        calls.append(tag)
        return reproduce(path, tag)
    return counting


def test_a_forged_record_is_rendered_again_once_not_on_every_read(forged):
    calls: list[str] = []
    counting = _counting(calls)

    with open_repo(forged) as repo:
        first = trust.problem(repo, forged, "addendum-1", counting)
        assert calls == ["addendum-1"] and "a forged or damaged record" in first, first
        again = trust.problem(repo, forged, "addendum-1", counting)
        assert calls == ["addendum-1"], "the refused record was rendered again"
        assert first in again and "found on an earlier check" in again
        assert trust.problem(repo, forged, "addendum-1", counting, recheck=True) == first
        assert calls == ["addendum-1"] * 2  # doctor's check renders it again


def test_status_in_a_new_process_reads_the_verdict_and_doctor_checks_again(forged):
    first = ck("status", forged)
    assert "ignored signature: addendum-1" in first.stderr and "earlier check" not in first.stderr, first.stderr
    second = ck("status", forged)
    assert "ignored signature: addendum-1" in second.stderr, second.stderr
    assert "found on an earlier check" in second.stderr  # the verdict, not a second rendering
    assert "last signed: contract" in second.stdout  # still not signed
    doctor = ck("doctor", forged)
    assert doctor.returncode != 0 and "addendum-1" in doctor.stdout + doctor.stderr
    assert "earlier check" not in doctor.stdout + doctor.stderr


def test_the_verdict_does_not_travel_to_another_tag_object(forged):
    """Retagging (another tag object) is another record under trial: checked again, not read."""
    calls: list[str] = []
    counting = _counting(calls)

    with open_repo(forged) as repo:
        trust.problem(repo, forged, "addendum-1", counting)
    git_in(forged, "-c", "user.name=Mate", "-c", "user.email=m@example.com", "tag", "-f", "-a", "addendum-1",
           "-m", "again")
    with open_repo(forged) as repo:
        found = trust.problem(repo, forged, "addendum-1", counting)
    assert calls == ["addendum-1"] * 2 and "earlier check" not in found
