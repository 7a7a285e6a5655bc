"""Red team 13, B08: this machine's marks for the act, invoice and letter records it wrote were
keyed by the record's bytes alone. Project A's genuine act, copied byte for byte by a teammate of
both projects into project B, counted in B as accepting the stage (deadlines, the final installment
falling due, `claim` against B's client) and `verify` named A's act PDF as B's; A's letter copied
into B was sent from B. The marks are now scoped like signature marks (the project's root commits)
and named by the record's path; a mark of an older version (bytes alone) vouches nowhere: acts and
invoices are rendered again and compared in the project that reads them, letters are written again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contractkit.store import trust
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import git_in
from tests.test_billing import example

pytestmark = pytest.mark.security("billing-records")

ACT = ".contractkit/acts/ACT-001.yaml"


def _teammate(path: Path, message: str) -> None:
    git_in(path, "add", "-A")
    git_in(path, "-c", "user.name=Mate", "-c", "user.email=m@example.ru", "commit", "-qm", message)


def _project(ws: Path, folder: str, number: str = "2026-031", price: str = "30000") -> Path:
    path = example(ws, "romashka-site", folder)
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    assert "number: 2026-031" in text and "price: 30000" in text
    project.write_text(text.replace("number: 2026-031", f"number: {number}", 1)
                       .replace("price: 30000", f"price: {price}", 1), encoding="utf-8")
    if number != "2026-031":
        git_in(path, "commit", "-qam", "this deal")
    run("sign", path, "--date", "2026-12-01")
    return path


@pytest.fixture
def two(ws):
    a = _project(ws, "a")
    run("accept", a, "prototypes", "--date", "2026-12-07")
    b = _project(ws, "b", "2026-044", "35000")  # another deal, another history
    return a, b


def _copy_act(a: Path, b: Path) -> None:
    (b / ACT).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(a / ACT, b / ACT)
    _teammate(b, "ACT-001: prototypes accepted")


def test_another_projects_act_copied_byte_for_byte_accepts_nothing(two):
    a, b = two
    assert "accepted 2026-12-07 (act 1)" in run("status", a).output  # the control: it counts in A
    _copy_act(a, b)
    status = run("status", b).output  # one line on the payments, the rest as it stands
    assert "accepted 2026-12-07" not in status, status
    assert "ACT-001" in status and "do not match its documents rendered again" in status, status
    verify = run("verify", b, str(a / "out" / next(p.name for p in (a / "out").glob("act-*.pdf"))), ok=False)
    assert "acceptance act" not in verify.output, verify.output
    assert "accepted 2026-12-07 (act 1)" in run("status", a).output  # and A is untouched


def test_a_mark_of_an_older_version_vouches_only_where_the_act_renders_again(two):
    """A mark written before marks named their project (the bytes alone): in B the copy is rendered
    again and refused; in A, where it was made, it is rendered again, matches, and is remembered
    with A's scope."""
    a, b = two
    data = (a / ACT).read_bytes()
    shutil.rmtree(trust.state_dir() / "records")
    trust.remember(data)  # the old, unscoped mark
    _copy_act(a, b)
    assert "accepted 2026-12-07" not in run("status", b).output
    assert "accepted 2026-12-07 (act 1)" in run("status", a).output
    with open_repo(a) as repo:
        assert trust.made_here(repo, ACT, data)
    with open_repo(b) as repo:
        assert not trust.made_here(repo, ACT, data)


@pytest.mark.security("letters")
def test_another_projects_letter_copied_byte_for_byte_is_not_sent(ws, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONTRACTKIT_SMTP_PORT", "9")  # nothing listens: nothing may leave anyway
    monkeypatch.setenv("CONTRACTKIT_SMTP_SECURITY", "none")
    a = _project(ws, "a")
    run("invoice", a, "prepayment", "--date", "2026-12-01", "--format", "pdf")
    run("remind", a, "--date", "2026-12-10")
    b = _project(ws, "b", "2026-044", "35000")
    for name in (".contractkit/letters/L-001.yaml", *(f"out/{p.name}" for p in (a / "out").glob("letter-001-*"))):
        (b / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(a / name, b / name)
    git_in(b, "add", "-f", "out", ".contractkit/letters")
    git_in(b, "-c", "user.name=Mate", "-c", "user.email=m@example.ru", "commit", "-qm", "L-001")
    refused = run("send", b, "L-001", ok=False)
    assert "was not written on this machine" in refused.output, refused.output
    assert not (b / ".contractkit" / "sent").exists()


def test_the_copied_act_is_rendered_again_once_not_on_every_read(two, monkeypatch):
    """The B07 cost for billing records: the refused copy's verdict is remembered for its bytes, path,
    project and the commit that added it; doctor checks again."""
    from contractkit.flows.billing import issued
    from contractkit.store import payments

    a, b = two
    _copy_act(a, b)
    calls = []
    real = issued.rendered_again

    def counting(path, repo, record):
        calls.append(record.id)
        return real(path, repo, record)

    monkeypatch.setattr(issued, "rendered_again", counting)
    with open_repo(b) as repo:
        [act] = payments.acts(repo)
        first = issued.problem(b, repo, act)
        second = issued.problem(b, repo, act)
        assert calls == ["ACT-001"] and "do not match" in first
        assert first in second and "found on an earlier check" in second
        assert issued.problems(b, repo) == [first] and calls == ["ACT-001"] * 2
