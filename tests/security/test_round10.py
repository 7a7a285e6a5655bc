"""Three gaps the round-9 fixers saw and left (issue 22: what arrives through git counts only once
checked; what leaves the machine is what contractkit itself made).

1. `publish` left an act or invoice off the client's page in silence when its copy in out/ was
   missing (a fresh clone has no out/) or not the one issued: now the page carries the document
   rendered again with the recorded hash, or publish stops in one line naming the record.
2. `sync` and `clone` checked out a teammate's commit that tracks files under out/ (ignored files
   are overwritten without a word: their PDF took the place of ours) or the lock: refused before
   anything is checked out, and the guard refuses the push; doctor names a HEAD that tracks them.
3. An event dated after today (paid, accepted, asked, received, a mail sent) was recorded: the
   commands refuse it, and a record that arrives through git with such a date is a damaged record
   for doctor, the reading commands and the guard.
"""

from __future__ import annotations

import hashlib
import subprocess
from decimal import Decimal

import git
import pytest

from contractkit.store import records
from contractkit.store.payments import PaymentRecord
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, head, machine, one_line_error
from tests.test_billing import example

pytestmark = pytest.mark.security("billing-records")

TODAY = "2026-12-10"
"""The day the tests of the date rule take for today (CONTRACTKIT_TODAY, contractkit/clock.py)."""


@pytest.fixture
def signed(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    return path


def _teammate(path, message: str) -> None:
    git_in(path, "-c", "user.name=Teammate", "-c", "user.email=t@example.ru", "commit", "-qm", message)


# --- 1. publish never leaves an issued document off the page in silence --------------------------

def _page_documents(site) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (site / "documents").iterdir()} if (site / "documents").is_dir() else {}


@pytest.mark.parametrize("how", ["missing", "replaced"])
def test_an_invoice_whose_out_copy_is_gone_or_replaced_is_published_as_issued(signed, how):
    """A fresh clone has no out/; a copy in out/ may have been overwritten. Before, the page simply
    had no invoice (or act); now it has the document rendered again, whose hash is the record's."""
    run("invoice", signed, "1", "--date", "2026-12-02", "--format", "pdf")
    run("accept", signed, "prototypes", "--date", "2026-12-07", "--format", "pdf")
    issued = {p.name: p.read_bytes() for p in (signed / "out").glob("*.pdf")
              if p.name.startswith(("invoice-", "act-"))}
    assert len(issued) == 2, issued
    for name in issued:
        if how == "missing":
            (signed / "out" / name).unlink()
        else:
            (signed / "out" / name).write_bytes(b"%PDF-1.4 pay to 40817810000000000666")
    site = signed.parent / "site"
    run("publish", signed, "--out", site)
    published = _page_documents(site)
    for name, data in issued.items():
        assert name in published, sorted(published)
        assert hashlib.sha256(published[name]).digest() == hashlib.sha256(data).digest()
    assert b"40817810000000000666" not in b"".join(published.values())


def test_an_issued_document_that_cannot_be_rendered_again_stops_the_page_in_one_line(signed, monkeypatch):
    """When neither out/ nor a new rendering gives the recorded hash, the page is not made."""
    from contractkit.flows.billing import issued

    run("invoice", signed, "1", "--date", "2026-12-02", "--format", "pdf")
    [pdf] = (signed / "out").glob("invoice-*.pdf")
    pdf.unlink()
    monkeypatch.setattr(issued, "rendered_again", lambda path, repo, record: {pdf.name: b"other bytes"})
    site = signed.parent / "site"
    result = run("publish", signed, "--out", site, ok=False)
    assert "not published: .contractkit/invoices/2026-001.yaml: out/" in result.output, result.output
    assert "does not give the recorded hash" in result.output
    assert not (site / "index.html").exists()


def test_a_hand_written_invoice_record_stops_publish_naming_the_record(signed):
    """The record is not vouched for (its hashes are not its documents rendered again): one line."""
    run("invoice", signed, "1", "--date", "2026-12-02", "--format", "pdf")
    [record] = (signed / ".contractkit" / "invoices").glob("*.yaml")
    data = record.read_bytes()
    git_in(signed, "reset", "-q", "--hard", "HEAD~1")  # the history in which theirs is the one added
    sha = next(w for w in data.decode().split() if len(w) == 64)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_bytes(data.replace(sha.encode(), hashlib.sha256(b"their pdf").hexdigest().encode()))
    git_in(signed, "add", "-f", str(record))
    _teammate(signed, "invoice 2026-001")
    output = one_line_error(ck("publish", signed, "--out", signed.parent / "site",
                               env=machine(signed.parent, "other")))
    assert ".contractkit/invoices/2026-001.yaml" in output and "rendered again" in output, output
    assert not (signed.parent / "site" / "index.html").exists()


# --- 2. files each machine makes for itself never come from git ----------------------------------

@pytest.fixture
def hostile_remote(team):
    """b commits a PDF under out/ (git add -f: out/ is ignored) and pushes it with plain git."""
    a, b = team
    (b / "out").mkdir(exist_ok=True)
    (b / "out" / "invoice-2026-001.pdf").write_bytes(b"%PDF-1.4 pay to 40817810000000000666")
    git_in(b, "add", "-f", "out/invoice-2026-001.pdf")
    _teammate(b, "add the invoice")
    git_in(b, "push", "-q", "origin", "HEAD:refs/heads/main")
    return a, a.parent / "origin.git"


def test_sync_refuses_a_commit_that_tracks_out_and_changes_nothing(hostile_remote):
    a, _ = hostile_remote
    (a / "out").mkdir(exist_ok=True)
    mine = a / "out" / "invoice-2026-001.pdf"
    mine.write_bytes(b"%PDF-1.4 this machine's own invoice")
    before = head(a)
    output = one_line_error(ck("sync", a))
    assert "tracks out/invoice-2026-001.pdf" in output and "nothing was checked out" in output, output
    assert head(a) == before
    assert mine.read_bytes() == b"%PDF-1.4 this machine's own invoice"


def test_clone_refuses_a_remote_that_tracks_out(hostile_remote, ws, tmp_path):
    _, bare = hostile_remote
    output = one_line_error(ck("clone", bare, ws / "c", env=machine(tmp_path, "c")))
    assert "tracks out/invoice-2026-001.pdf" in output, output
    assert not (ws / "c").exists()


@pytest.mark.parametrize("name", ["Out/invoice-2026-001.pdf", ".contractkit.lock",
                                  ".ContractKit/journal.json"])
def test_the_lock_and_case_variants_are_refused_too(team, name):
    """A case-insensitive disk checks Out/ out as out/, .ContractKit/ as .contractkit/."""
    a, b = team
    (b / name).parent.mkdir(parents=True, exist_ok=True)
    (b / name).write_bytes(b"{}")
    git_in(b, "add", "-f", name)
    _teammate(b, "a local file")
    git_in(b, "push", "-q", "origin", "HEAD:refs/heads/main")
    before = head(a)
    output = one_line_error(ck("sync", a))
    assert f"tracks {name}" in output, output
    assert head(a) == before


def test_doctor_names_a_head_that_tracks_out(signed):
    (signed / "out" / "x.pdf").write_bytes(b"%PDF-1.4")
    git_in(signed, "add", "-f", "out/x.pdf")
    _teammate(signed, "x")
    doctor = ck("doctor", signed)
    assert doctor.returncode != 0 and "the repository tracks out/x.pdf" in doctor.stdout, doctor.stdout


@pytest.fixture
def server(ws):
    """RU-1 signed and synced to a bare repository that runs the guard."""
    project, bare = ws / "romashka", ws / "origin.git"
    run("new", "romashka", "--from-example", "romashka-site")
    run("sign", project, "--date", "2026-12-01")
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    git_in(project, "remote", "add", "origin", str(bare))
    run("sync", project)
    installed = ck("guard", "--install", bare)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return project, bare


def _push(path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(path), "push", "origin", "HEAD:refs/heads/main"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)


def _refused(result, bare, before: str, *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "contractkit guard: refused:" in output, output
    assert all(w in output for w in words), output
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before


def test_the_guard_refuses_a_push_that_tracks_out(server):
    project, bare = server
    before = head(project)
    (project / "out").mkdir(exist_ok=True)
    (project / "out" / "invoice-2026-001.pdf").write_bytes(b"%PDF-1.4 theirs")
    git_in(project, "add", "-f", "out/invoice-2026-001.pdf")
    _teammate(project, "invoice")
    _refused(_push(project), bare, before, "out/invoice-2026-001.pdf: a file each machine makes for itself")


# --- 3. no event is recorded before it happened ---------------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_TODAY", TODAY)


@pytest.mark.parametrize("command, field", [
    (("paid", "1", "--date", "2026-12-11"), "payment date: 2026-12-11"),
    (("accept", "prototypes", "--date", "2026-12-11"), "act date (accepted): 2026-12-11"),
    (("asked", "texts", "--date", "2026-12-11"), "asked: 2026-12-11"),
], ids=["paid", "accept", "asked"])
def test_the_commands_refuse_an_event_after_today(signed, clock, command, field):
    before = head(signed)
    output = one_line_error(ck(command[0], signed, *command[1:]))
    assert f"{field} is after today ({TODAY})" in output, output
    assert head(signed) == before


def test_received_refuses_a_day_after_today(signed, clock):
    run("asked", signed, "texts", "--date", "2026-12-08")
    before = head(signed)
    output = one_line_error(ck("received", signed, "R-001", "--date", "2026-12-11"))
    assert f"received: 2026-12-11 is after today ({TODAY})" in output, output
    assert head(signed) == before
    assert "recorded R-001: received on 2026-12-10" in run("received", signed, "R-001", "--date", TODAY).output


def _payment_by_hand(project, day: str) -> None:
    record = PaymentRecord(id="P-001", date=day, amount=Decimal("121750.00"),
                           allocations={"1": Decimal("121750.00")})
    name = ".contractkit/payments/P-001.yaml"
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_bytes(records.dump(record))
    git_in(project, "add", name)
    _teammate(project, "P-001: by hand")


def test_a_payment_dated_ahead_that_arrives_through_git_is_a_damaged_record(signed, clock):
    """A day of slack for time zones (a teammate east of here): two days ahead is no time zone."""
    _payment_by_hand(signed, "2026-12-12")
    doctor = ck("doctor", signed)
    assert doctor.returncode != 0, doctor.stdout
    assert "P-001.yaml: damaged record (date: 2026-12-12 is after today (2026-12-10)" in doctor.stdout
    status = ck("status", signed)
    assert "received 121" not in status.stdout and "P-001.yaml: damaged record (date: 2026-12-12" in status.stdout
    output = one_line_error(ck("remind", signed, "1", "--date", TODAY))
    assert "P-001.yaml" in output


def test_a_request_received_ahead_that_arrives_through_git_is_a_damaged_record(signed, clock):
    run("asked", signed, "texts", "--date", "2026-12-08")
    name = signed / ".contractkit" / "requests" / "R-001.yaml"
    name.write_text(name.read_text(encoding="utf-8").replace("received: null", "received: '2026-12-20'"),
                    encoding="utf-8")
    assert "2026-12-20" in name.read_text(encoding="utf-8")
    git_in(signed, "add", str(name))
    _teammate(signed, "R-001: received from the client on 2026-12-20: texts")
    doctor = ck("doctor", signed)
    assert doctor.returncode != 0 and "received: 2026-12-20 is after today" in doctor.stdout, doctor.stdout


def test_a_teammate_a_day_ahead_is_a_time_zone_not_a_forgery(signed, clock):
    _payment_by_hand(signed, "2026-12-11")
    assert "P-001.yaml: damaged" not in ck("doctor", signed).stdout


def test_the_guard_refuses_a_pushed_payment_dated_ahead(server, clock):
    project, bare = server
    before = head(project)
    _payment_by_hand(project, "2026-12-25")
    _refused(_push(project), bare, before, "P-001.yaml", "2026-12-25 is after today")
