"""Billing records contractkit could never have issued (red team round 2, F1/F2). A teammate's
hand-written invoice of 500 000 on an installment with far less due, or a rights act while stages
are unaccepted and unpaid, rendered with contractkit's own code so that re-rendering matched:
`verify` vouched for the PDF, `doctor` said ok, and the deal state counted them. A record counts now
only when the command that writes it would have written the same record at that commit
(store/deal.py `plausible`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contractkit.flows.billing import issued, open_book
from contractkit.store import records
from contractkit.store.deal import records_at
from contractkit.store.files import sha256
from contractkit.store.payments import ActRecord, InvoiceRecord
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in

pytestmark = pytest.mark.security("billing-records")


@pytest.fixture
def book(ws):
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30")
    run("paid", "p", "1", "--date", "2026-12-01")
    return ws / "p"


def forge(path, record, name: str):
    """What the red team did: render the record's documents with contractkit's own code, write
    the record with their hashes, commit it with plain git; the PDF is kept outside the project."""
    with open_repo(path) as repo:
        files = issued._render(path, open_book(repo), record, ["pdf"])
    record = record.model_copy(update={"files": {n: sha256(d) for n, d in files.items()}})
    target = path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(records.dump(record))
    git_in(path, "add", name)
    git_in(path, "commit", "-qm", "teammate: a record")
    [(pdf_name, pdf)] = files.items()
    outside = path.parent / pdf_name
    outside.write_bytes(pdf)
    return outside


def _counted(path):
    with open_repo(path) as repo:
        found = records_at(repo)
        return [a.id for a in found.acts], [i.id for i in found.invoices]


def test_an_invoice_for_more_than_was_due_is_neither_vouched_for_nor_counted(book):
    record = InvoiceRecord(id="2027-001", year=2027, number=1, date=dt.date(2027, 2, 1), installment="2",
                           amount=Decimal("500000.00"), version="contract")
    pdf = forge(book, record, ".contractkit/invoices/2027-001.yaml")
    verified = ck("verify", book, pdf)
    assert "matches" not in verified.stdout, verified.stdout
    doctor = ck("doctor", book)
    assert doctor.returncode != 0 and "invoice 2027-001" in doctor.stdout and "bills 500000" in doctor.stdout, \
        doctor.stdout
    assert _counted(book) == ([], [])
    status = ck("status", book)
    assert "damaged record: invoice 2027-001" in status.stdout + status.stderr
    assert "500,000" not in status.stdout + status.stderr


def test_a_rights_act_over_unaccepted_unpaid_stages_is_neither_vouched_for_nor_counted(book):
    with open_repo(book) as repo:
        stages = [x.deliverable.id for x in open_book(repo).lines]
    record = ActRecord(id="ACT-001", kind="rights", date=dt.date(2026, 12, 8), stages=stages, version="contract")
    pdf = forge(book, record, ".contractkit/acts/ACT-001.yaml")
    assert "matches" not in ck("verify", book, pdf).stdout
    doctor = ck("doctor", book)
    assert doctor.returncode != 0 and "a rights act while stages are not accepted" in doctor.stdout, doctor.stdout
    assert _counted(book) == ([], [])
    refused = ck("accept", book, "--rights", "--date", "2026-12-09")
    assert "passed already" not in refused.stdout + refused.stderr


def test_an_acceptance_act_a_teammate_could_have_recorded_counts(book):
    with open_repo(book) as repo:
        stages = [x.deliverable.id for x in open_book(repo).lines]
    record = ActRecord(id="ACT-001", date=dt.date(2026, 12, 8), stages=stages[:1], version="contract")
    forge(book, record, ".contractkit/acts/ACT-001.yaml")
    assert _counted(book) == (["ACT-001"], [])
    assert "act ACT-001" not in ck("doctor", book).stdout
    [line] = [x for x in ck("log", book).stdout.splitlines() if "act-1" in x]
    assert "(recorded by Test User <test@example.com> via git, not on this machine)" in line, line


def test_a_payment_a_teammate_committed_counts_but_is_shown_as_theirs(book):
    """Red team F7: a teammate's well-formed P-002 for money that never came made the balance 0 and
    `claim`/`remind` refuse, with nothing saying who recorded it."""
    with open_repo(book) as repo:
        second = open_book(repo).installments[1]
    amount = f"{second.amount:.2f}"
    (book / ".contractkit" / "payments" / "P-002.yaml").write_text(
        f"id: P-002\ndate: '2026-12-04'\namount: '{amount}'\nallocations:\n  '{second.key}': '{amount}'\n"
        "ref: pp 777\n", encoding="utf-8")
    git_in(book, "add", "-A")
    git_in(book, "-c", "user.name=Mallory", "-c", "user.email=m@evil.example", "commit", "-qm", "P-002")
    status = ck("status", book).stdout
    assert "payments recorded by others via git, not on this machine: P-002" in status, status
    assert "by Mallory <m@evil.example>, no bank document" in status and "P-001" not in status.split("others")[1]
    log = ck("log", book).stdout
    [line] = [x for x in log.splitlines() if "P-002" in x]
    assert "(recorded by Mallory <m@evil.example> via git, not on this machine)" in line
    assert not any("recorded by" in x for x in log.splitlines() if "P-001" in x)
    claim = ck("claim", book, "--date", "2027-06-01")
    said = claim.stdout + claim.stderr
    if claim.returncode != 0:
        assert "P-002" in said and "Mallory" in said, said
