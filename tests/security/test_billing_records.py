"""A teammate's billing records (payments, acts, invoices) and other records are untrusted input.

A3a: a YAML alias bomb (nine lines expand to 387 million items) in any record hung `status`.
A4: a record whose file name disagrees with its id was silently overwritten by the next `invoice`.
A1: NaN, infinities and 1e-999999999 amounts, and a 5000-digit act id, gave internal errors or
vanished. A2: records that disagree with each other or with the signed scope were "ok" in `doctor`.
Each is a damaged record, shown as one line; `doctor` names every problem; nothing is rewritten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, head

pytestmark = pytest.mark.security("inputs")

BOMB = "".join(["x0: &a0 ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"] + [
    f"x{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)])


@pytest.fixture
def book(ws):
    """An EN project signed, its prepayment paid, stage 1 accepted and installment 2 invoiced."""
    run("new", "p", "--lang", "en")
    run("sign", "p", "--date", "2026-11-30")
    run("paid", "p", "1", "--date", "2026-12-01")
    run("accept", "p", "1", "--date", "2026-12-20")
    run("invoice", "p", "2", "--date", "2026-12-21")
    return ws / "p"


def commit(path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git_in(path, "add", "-A")
    git_in(path, "commit", "-qm", "teammate: records")


def clean(result) -> str:
    output = result.stdout + result.stderr
    assert result.returncode not in (70, 137) and "Traceback" not in output and "internal error" not in output, \
        output
    return output


@pytest.mark.parametrize("name", [
    ".contractkit/payments/P-002.yaml", ".contractkit/acts/ACT-002.yaml", ".contractkit/invoices/2026-002.yaml",
    ".contractkit/approvals/CR-001.yaml", ".contractkit/changes/CR-001.yaml",
    ".contractkit/signatures/addendum-1.yaml",
])
def test_a3a_an_alias_bomb_in_any_record_is_a_damaged_record(book, name):
    commit(book, {name: BOMB + "id: x\nref: *a9\n"})
    if "signatures" in name:  # with its tag, so the record is read as a signature
        git_in(book, "tag", "addendum-1")
    outputs = [clean(ck(command, book, timeout=120)) for command in ("status", "log", "doctor")]
    assert any("YAML anchors and aliases are not allowed in a record" in out for out in outputs), outputs
    assert "ok: nothing needs your attention" not in outputs[2]


def test_a3a_the_checker_of_invisible_characters_visits_a_shared_object_once():
    from contractkit.plaintext import invisible_in

    level = ["lol"] * 9
    for _ in range(30):  # 9**30 strings if every path were walked
        level = [level] * 9
    assert invisible_in({"ref": level}) is None
    level[0] = ["bad\u202e"]
    assert "U+202E" in invisible_in({"ref": level}).upper()


def test_a4_a_record_under_another_name_is_damaged_and_never_overwritten(book):
    record = """id: 2026-002\nyear: 2026\nnumber: 2\ndate: '2026-12-22'\ninstallment: '2'\namount: '3660.00'
version: contract\n"""
    commit(book, {".contractkit/invoices/2027-001.yaml": record})
    before = head(book)
    out = clean(ck("invoice", book, "final", "--date", "2027-01-10"))
    assert "2027-001.yaml: damaged record (its id 2026-002 does not match its file name)" in out
    assert head(book) == before
    assert (book / ".contractkit/invoices/2027-001.yaml").read_text(encoding="utf-8") == record
    assert "does not match its file name" in clean(ck("doctor", book))


def test_a4_save_refuses_to_rewrite_a_committed_record(book):
    import datetime as dt

    from contractkit.errors import RepositoryError
    from contractkit.store import payments
    from contractkit.store.repo import open_repo

    with open_repo(book) as repo:
        old = payments.payments(repo)[0]
        forged = payments.PaymentRecord(id=old.id, date=dt.date(2026, 12, 2), amount=old.amount,
                                        allocations=old.allocations)
        with pytest.raises(RepositoryError, match="already committed"):
            payments.save(book, repo, forged, "rewrite")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN", "1E+999999999", "1e-999999999",
                                   "99999999999999999999.99", "0.001"])
def test_a1_an_amount_out_of_bounds_is_a_damaged_record_on_one_line(book, value):
    commit(book, {".contractkit/payments/P-002.yaml":
                  f"id: P-002\ndate: '2026-12-05'\namount: '{value}'\nallocations:\n  '2': '{value}'\n"})
    status = clean(ck("status", book))
    assert "payments: not shown: .contractkit/payments/P-002.yaml: damaged record" in status
    for command in ("paid", "invoice"):
        result = ck(command, book, "2", "--date", "2027-01-10")
        assert result.returncode == 1 and "P-002.yaml: damaged record" in clean(result)
    assert "P-002.yaml: damaged record" in clean(ck("doctor", book))


def test_a1_an_unbounded_id_is_a_damaged_record(book):
    commit(book, {".contractkit/acts/ACT-002.yaml":
                  f"id: ACT-{'9' * 5000}\ndate: '2026-12-21'\nstages: [design]\nversion: contract\n"})
    out = clean(ck("status", book))
    assert "ACT-002.yaml: damaged record" in out
    result = ck("accept", book, "2", "--date", "2027-01-10")
    assert result.returncode == 1 and "damaged record" in clean(result)


A2 = {
    "duplicate id": ({".contractkit/payments/zz.yaml":
                      "id: P-001\ndate: '2026-12-02'\namount: '3660.00'\nallocations: {'2': '3660.00'}\n"},
                     "its id P-001 does not match its file name"),
    "allocations not the amount": ({".contractkit/payments/P-002.yaml":
                                    "id: P-002\ndate: '2026-12-02'\namount: '1'\nallocations: {'2': '3000'}\n"},
                                   "allocations sum to 3000, not its amount 1"),
    "paid beyond an installment": ({".contractkit/payments/P-002.yaml":
                                    "id: P-002\ndate: '2026-12-02'\namount: '5000'\nallocations: {'2': '5000'}\n"},
                                   "installment 2: 5000 is recorded as paid, more than its 3660"),
    "reverses itself": ({".contractkit/payments/P-002.yaml": "id: P-002\ndate: '2026-12-02'\namount: '-4880'\n"
                         "allocations: {'1': '-4880'}\nreverses: P-002\n"}, "it reverses itself"),
    "reverses nothing": ({".contractkit/payments/P-002.yaml": "id: P-002\ndate: '2026-12-02'\namount: '-4880'\n"
                          "allocations: {'1': '-4880'}\nreverses: P-999\n"}, "P-999, which does not exist"),
    "reversal not exact": ({".contractkit/payments/P-002.yaml": "id: P-002\ndate: '2026-12-02'\namount: '-1'\n"
                            "allocations: {'1': '-1'}\nreverses: P-001\n"}, "does not take back P-001 exactly"),
    "act stage outside the scope": ({".contractkit/acts/ACT-002.yaml": "id: ACT-002\ndate: '2026-12-21'\n"
                                     "stages: [nonexistent]\nversion: contract\n"},
                                    "'nonexistent' are not in the scope signed as contract"),
    "act version no signature": ({".contractkit/acts/ACT-002.yaml": "id: ACT-002\ndate: '2026-12-21'\n"
                                  "stages: [design]\nversion: '--upload-pack=touch MARK'\n"},
                                 "is not a signed version"),
}


@pytest.mark.parametrize("case", list(A2))
def test_a2_doctor_reports_records_that_disagree(book, case):
    files, message = A2[case]
    commit(book, files)
    out = clean(ck("doctor", book))
    assert message in out, out
    assert "ok: nothing needs your attention" not in out
    assert not (book / "MARK").exists() and not Path("MARK").exists()
