"""Billing records: a teammate's damaged or impossible payment, act or invoice record stops every
command that draws figures from it (status, remind, claim, invoice, publish) with one line naming
the record and its field. A committed payment of -500 000 with a bogus reversal made status show
"received -500 000" and claim a debt larger than the contract."""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, head

pytestmark = pytest.mark.security("billing-records")


@pytest.fixture
def book(ws):
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30")
    run("paid", "p", "1", "--date", "2026-12-01")
    return ws / "p"


def commit(path, name: str, text: str) -> None:
    target = path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git_in(path, "add", "-A")
    git_in(path, "commit", "-qm", "teammate: a record")


RECORDS = {
    "negative, reverses nothing": (".contractkit/payments/P-002.yaml",
                                   "id: P-002\ndate: '2026-12-05'\namount: '-500000'\n"
                                   "allocations: {'2': '-500000'}\n", "P-002.yaml, amount"),
    "bogus reversal": (".contractkit/payments/P-002.yaml",
                       "id: P-002\ndate: '2026-12-05'\namount: '-500000'\nallocations: {'1': '-500000'}\n"
                       "reverses: P-001\n", "P-002.yaml, reverses"),
    "reverses a missing payment": (".contractkit/payments/P-002.yaml",
                                   "id: P-002\ndate: '2026-12-05'\namount: '-10'\nallocations: {'1': '-10'}\n"
                                   "reverses: P-777\n", "P-002.yaml, reverses"),
    "more than the installment": (".contractkit/payments/P-002.yaml",
                                  "id: P-002\ndate: '2026-12-05'\namount: '900000'\n"
                                  "allocations: {'2': '900000'}\n", "P-002.yaml, allocations"),
    "allocations not the amount": (".contractkit/payments/P-002.yaml",
                                   "id: P-002\ndate: '2026-12-05'\namount: '1'\nallocations: {'2': '100'}\n",
                                   "P-002.yaml, allocations"),
    "installment not in the schedule": (".contractkit/payments/P-002.yaml",
                                        "id: P-002\ndate: '2026-12-05'\namount: '5'\n"
                                        "allocations: {'addendum-9': '5'}\n", "P-002.yaml, allocations"),
    "duplicate id": (".contractkit/payments/P-009.yaml",
                     "id: P-001\ndate: '2026-12-05'\namount: '5'\nallocations: {'2': '5'}\n", "P-009.yaml"),
    "act of an unsigned version": (".contractkit/acts/ACT-001.yaml",
                                   "id: ACT-001\ndate: '2026-12-21'\nstages: [design]\nversion: addendum-4\n",
                                   "ACT-001.yaml, version"),
    "invoice of a made-up installment": (".contractkit/invoices/2026-001.yaml",
                                         "id: 2026-001\nyear: 2026\nnumber: 1\ndate: '2026-12-21'\n"
                                         "installment: '77'\namount: '10.00'\nversion: contract\n",
                                         "2026-001.yaml, installment"),
}
COMMANDS = {"status": (), "remind": ("--date", "2027-03-01"), "claim": ("--date", "2027-03-01"),
            "invoice": ("2", "--date", "2027-01-10"), "publish": ()}


@pytest.mark.parametrize("case", list(RECORDS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_impossible_billing_record_stops_the_command_naming_record_and_field(book, case, command):
    name, text, where = RECORDS[case]
    commit(book, name, text)
    before = head(book)
    result = ck(command, book, *COMMANDS[command])
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert "500,000" not in output and "900,000" not in output
    lines = [x for x in output.splitlines() if "damaged record" in x]
    assert len(lines) == 1 and where in lines[0], output
    if command == "status":
        assert "payments: not shown:" in lines[0]
    else:
        assert result.returncode != 0 and result.stderr.startswith("error: "), output
    assert head(book) == before and not (book / "public").exists()
    assert not [p for p in (book / "out").glob("*") if "claim" in p.name or "remind" in p.name]


def test_doctor_reports_each_impossible_record(book):
    commit(book, *RECORDS["bogus reversal"][:2])
    out = ck("doctor", book).stdout
    assert "P-002.yaml, reverses): it does not take back P-001 exactly" in out
    assert "ok: nothing needs your attention" not in out


def test_an_honest_reversal_still_counts(book):
    run("paid", "p", "--reverse", "P-001", "--date", "2026-12-02")
    result = ck("status", book)
    assert result.returncode == 0 and "damaged record" not in result.stdout + result.stderr, result.stdout


FAKE = b"%PDF-1.7 fake invoice: pay to account 40817810000000000666\n%%EOF\n"


@pytest.fixture
def issued_book(book):
    run("accept", "p", "1", "--date", "2026-12-20")
    run("invoice", "p", "2", "--date", "2026-12-21")
    return book


def _forge(book, ws, folder: str, text: str):
    import hashlib

    fake = ws / "fake.pdf"
    fake.write_bytes(FAKE)
    commit(book, folder, text.replace("HASH", hashlib.sha256(FAKE).hexdigest()))
    return fake


FORGED = {
    "invoice": (".contractkit/invoices/2026-002.yaml",
                "id: 2026-002\nyear: 2026\nnumber: 2\ndate: '2026-12-22'\ninstallment: '3'\namount: '3660.00'\n"
                "version: contract\nfiles:\n  invoice-2026-002-NW-2026-11.pdf: HASH\n"),
    "act": (".contractkit/acts/ACT-002.yaml",
            "id: ACT-002\ndate: '2026-12-22'\nstages: [theme]\nversion: contract\n"
            "files:\n  act-2-NW-2026-11.pdf: HASH\n"),
}


@pytest.mark.parametrize("kind", list(FORGED))
def test_a_hand_written_act_or_invoice_record_vouches_for_no_file(issued_book, ws, tmp_path, kind):
    fake = _forge(issued_book, ws, *FORGED[kind])
    for env in ({}, {"CONTRACTKIT_STATE": str(tmp_path / "elsewhere")}):
        result = ck("verify", issued_book, fake, env=env)
        output = result.stdout + result.stderr
        assert result.returncode != 0 and "matches" not in output, output
        assert "do not match its documents rendered again: a forged or damaged record" in output
    doctor = ck("doctor", issued_book)
    assert doctor.returncode == 1 and "a forged or damaged record; 'verify' names no file by it" in doctor.stdout


def test_an_honest_act_and_invoice_verify_on_this_and_another_machine(issued_book, tmp_path):
    files = sorted((issued_book / "out").glob("invoice-*.pdf")) + sorted((issued_book / "out").glob("act-*.pdf"))
    assert len(files) == 2
    for env in ({}, {"CONTRACTKIT_STATE": str(tmp_path / "elsewhere")}):
        for file in files:
            result = ck("verify", issued_book, file, env=env)
            assert result.returncode == 0 and "matches" in result.stdout, result.stdout + result.stderr
    assert ck("doctor", issued_book, env={"CONTRACTKIT_STATE": str(tmp_path / "third")}).returncode == 0


@pytest.mark.parametrize(("typed", "message"), [
    ("45,000", "'45,000' is ambiguous: 45000 (comma as a thousands separator) or 45.000 (decimal comma)"),
    ("1,500", "is ambiguous"), ("NaN", "not a finite number"), ("1e999999", "too large"),
    ("12.345", "more than two decimal places"), ("abc", "not a number"),
])
def test_paid_amount_is_read_by_the_project_files_money_parser(book, typed, message):
    before = head(book)
    result = ck("paid", book, "2", "--amount", typed, "--date", "2026-12-05")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and result.stderr.startswith("error: --amount") and message in output, output
    assert head(book) == before


def test_paid_amount_with_a_decimal_comma_that_is_not_ambiguous_still_works(book):
    result = ck("paid", book, "2", "--amount", "1000,50", "--date", "2026-12-05")
    assert result.returncode == 0 and "1000.50 received" in result.stdout, result.stdout + result.stderr
