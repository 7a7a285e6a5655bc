"""Payments as records: `paid`, its refusals, reversals, and the dates a recorded prepayment fixes."""

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import git
import pytest

from contractkit.flows.billing import open_book
from contractkit.flows.billing.views import book_status
from contractkit.store.repo import open_repo
from tests.conftest import copy_example, run
from tests.readback import normal

DATA = Path(__file__).parent / "data"
NB = "\u00a0"


def flat(text: str) -> str:
    return normal(text.replace(NB, " "))


def ru2(ws: Path) -> Path:
    """RU-2 (shared/scenarios/ru-2-self-employed-designer.md) as a committed project repository."""
    path = ws / "vector"
    path.mkdir()
    shutil.copy(DATA / "ru-2-vector-brand.yaml", path / "project.yaml")
    repo = git.Repo.init(path, initial_branch="main")
    repo.index.add(["project.yaml"])
    repo.index.commit("RU-2 project")
    repo.close()
    return path


def example(ws: Path, name: str, folder: str) -> Path:
    path = ws / folder
    copy_example(name, path)
    repo = git.Repo.init(path, initial_branch="main")
    repo.index.add(["project.yaml"])
    repo.index.commit(f"{name} project")
    repo.close()
    return path


def commits(path: Path) -> int:
    with git.Repo(path) as repo:
        return int(repo.git.rev_list("--count", "HEAD"))


def book(path: Path):
    with open_repo(path) as repo:
        return open_book(repo)


@pytest.fixture
def signed_ru2(ws):
    path = ru2(ws)
    run("sign", path, "--date", "2027-03-01")
    return path


def test_ru2_recorded_prepayment_fixes_the_start_and_every_deadline(signed_ru2):
    """RU-2: work starts the day after the prepayment arrives (ГК РФ ст. 191); 8 March is a holiday."""
    path = signed_ru2
    before = flat(run("status", path).output)
    assert "dates are provisional until the prepayment is recorded" in before
    assert "1. prepayment 56 000,00 ₽ due 2027-03-04 unpaid" in before

    out = flat(run("paid", path, "prepayment", "--date", "2027-03-03", "--ref", "п/п 17").output)
    assert "recorded P-001: 56000.00 received on 2027-03-03" in out
    assert "prepayment received 2027-03-03: work started 2027-03-04" in out

    lines = {x.deliverable.id: x for x in book(path).lines}
    assert (lines["logo"].start, lines["logo"].deadline) == (dt.date(2027, 3, 4), dt.date(2027, 3, 11))
    assert lines["identity"].deadline == dt.date(2027, 3, 23)
    assert lines["brandbook"].deadline == dt.date(2027, 3, 31)

    shown = flat(run("show", path).output)
    for day in ("2027-03-11", "2027-03-23", "2027-03-31"):
        assert day in shown
    assert "2027-04-01" not in shown  # the provisional completion is gone

    status = flat(run("status", path).output)
    # in progress from its start, "not started (starts …)" before it (status is as of today)
    assert re.search(r"1\. logo (in progress|not started \(starts 2027-03-04\)), deadline 2027-03-11", status)
    assert re.search(r"3\. brandbook (in progress|not started \(starts 2027-03-24\)), deadline 2027-03-31",
                     status)
    assert "1. prepayment 56 000,00 ₽ due 2027-03-04 paid" in status
    assert "received 56 000,00 ₽ of 140 000,00 ₽; balance 84 000,00 ₽" in status

    # render (a working copy of the documents) uses the recorded date too
    run("render", path, "--doc", "scope", "--format", "html")
    html = flat((path / "out" / "scope-Д-2027-014.html").read_text(encoding="utf-8"))
    assert "04.03.2027" in html and "11.03.2027" in html and "31.03.2027" in html
    # the signed contract is kept as signed: provisional, from the prepayment's due date
    assert commits(path) == 3  # project, signature, payment


def test_payment_commit_and_log(signed_ru2):
    path = signed_ru2
    run("paid", path, "1", "--date", "2027-03-03", "--ref", "п/п 17")
    with git.Repo(path) as repo:
        message = repo.head.commit.message
        files = list(repo.head.commit.stats.files)
    assert message.startswith("P-001: received 56 000,00 ₽ on 2027-03-03")
    assert files == [".contractkit/payments/P-001.yaml"]
    log = flat(run("log", path).output)
    assert "2027-03-01 contract signed" in log
    assert "2027-03-03 P-001 paid 56 000,00 ₽ (#1 56 000,00 ₽) ref п/п 17" in log
    assert log.index("contract signed") < log.index("P-001")


@pytest.mark.parametrize(("args", "message"), [
    (["prepayment", "--date", "2027-02-28"], "a payment dated 2027-02-28 is before the contract (2027-03-01)"),
    (["prepayment", "--amount", "56000.01", "--date", "2027-03-03"],
     "paying 56 000,01 ₽ is more than is due on installment 1: 56 000,00 ₽ of 56 000,00 ₽"),
    (["3", "--date", "2027-03-03"], "no installment '3' in the signed schedule (installments: 1, 2, prepayment, final)"),
    (["stage-2", "--date", "2027-03-03"], "no installment 'stage-2'"),
    (["1", "--amount", "0", "--date", "2027-03-03"], "a payment must be a positive sum, not 0.00"),
    (["1", "--amount", "-5", "--date", "2027-03-03"], "a payment must be a positive sum"),
    (["1", "--amount", "много", "--date", "2027-03-03"], "--amount 'много' is not a sum of money"),
    (["--amount", "140000.01", "--date", "2027-03-03"],
     "paying 140 000,01 ₽ is more than is due under the contract: 140 000,00 ₽ of 140 000,00 ₽"),
    (["--reverse", "P-009", "--date", "2027-03-03"], "no payment P-009 in this project"),
])
def test_wrong_payments_are_refused_with_one_line_and_nothing_recorded(signed_ru2, args, message):
    before = commits(signed_ru2)
    result = run("paid", signed_ru2, *args, ok=False)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert message in flat(lines[0])
    assert commits(signed_ru2) == before
    assert not (signed_ru2 / ".contractkit" / "payments").exists()


def test_payments_before_the_contract_is_signed_are_refused(ws):
    path = ru2(ws)
    result = run("paid", path, "prepayment", "--date", "2027-03-03", ok=False)
    assert "error: the contract is not signed yet, so nothing is owed or accepted" in result.output


def test_paying_an_installment_twice_is_refused(signed_ru2):
    run("paid", signed_ru2, "prepayment", "--date", "2027-03-03")
    result = run("paid", signed_ru2, "1", "--date", "2027-03-04", ok=False)
    assert "error: installment 1 (1) is already paid in full (56 000,00 ₽)" in flat(result.output)


def test_a_wrong_entry_is_reversed_by_a_record_never_rewritten(signed_ru2):
    path = signed_ru2
    run("paid", path, "final", "--amount", "84000", "--date", "2027-03-03")  # booked on the wrong one
    first = (path / ".contractkit/payments/P-001.yaml").read_bytes()
    out = flat(run("paid", path, "--reverse", "P-001", "--date", "2027-03-04", "--ref", "ошибка").output)
    assert "recorded P-002: reverses P-001" in out
    assert "2. on completion 84 000,00 ₽" in out and "balance 140 000,00 ₽" in out
    assert (path / ".contractkit/payments/P-001.yaml").read_bytes() == first  # never rewritten
    again = run("paid", path, "--reverse", "P-001", "--date", "2027-03-04", ok=False)
    assert "error: P-001 is already reversed by P-002" in again.output
    undo = run("paid", path, "--reverse", "P-002", "--date", "2027-03-04", ok=False)
    assert "error: P-002 is itself a reversal (of P-001)" in undo.output
    log = flat(run("log", path).output)
    assert "P-001 paid 84 000,00 ₽ (#2 84 000,00 ₽)" in log
    assert "2027-03-04 P-002 reversal 84 000,00 ₽ (reverses P-001)" in log
    assert book(path).prepaid_on is None  # the reversed entry never paid the prepayment


def test_an_amount_alone_pays_the_oldest_open_installments(signed_ru2):
    run("paid", signed_ru2, "--amount", "60000", "--date", "2027-03-03")
    b = book(signed_ru2)
    assert b.paid == {"1": Decimal("56000.00"), "2": Decimal("4000.00")}
    assert b.prepaid_on == dt.date(2027, 3, 3)
    assert b.balance == Decimal("80000.00")


def test_a_partial_prepayment_does_not_start_the_work(signed_ru2):
    run("paid", signed_ru2, "prepayment", "--amount", "30000", "--date", "2027-03-02")
    assert book(signed_ru2).prepaid_on is None
    run("paid", signed_ru2, "prepayment", "--date", "2027-03-05")  # the remaining 26 000,00
    b = book(signed_ru2)
    assert b.paid["1"] == Decimal("56000.00")
    assert b.prepaid_on == dt.date(2027, 3, 5)
    assert b.figures.start == dt.date(2027, 3, 9)  # 6 March is a Saturday, 8 March a holiday


def test_status_counts_overdue_days_from_the_day_after_the_due_date(signed_ru2):
    """ГК РФ ст. 191: a term runs from the next day; overdue days are calendar days after the due date."""
    b = book(signed_ru2)
    lines = flat("\n".join(book_status(b, dt.date(2027, 3, 10))))
    assert "1. prepayment 56 000,00 ₽ due 2027-03-04 unpaid, OVERDUE by 6 day(s)" in lines
    on_time = flat("\n".join(book_status(b, dt.date(2027, 3, 4))))
    assert "OVERDUE" not in on_time


def test_self_employed_income_against_the_npd_limit(signed_ru2):
    """422-ФЗ ст. 4 п. 2 пп. 8: a self-employed person's income is capped at 2.4 mln ₽ a year."""
    run("paid", signed_ru2, "prepayment", "--date", "2027-03-03")
    lines = flat("\n".join(book_status(book(signed_ru2), dt.date(2027, 6, 1))))
    assert ("self-employed (НПД): received 56 000,00 ₽ from this client in 2027, limit 2 400 000,00 ₽, "
            "2 344 000,00 ₽ left") in lines
    assert "НПД" not in flat("\n".join(book_status(book(signed_ru2), dt.date(2027, 6, 1))[:-1]))


def test_addendum_dates_follow_the_recorded_prepayment(signed_ru2):
    path = signed_ru2
    run("paid", path, "prepayment", "--date", "2027-03-03")
    project = path / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("    price: 35000\n    days: 6\n",
                                                                   "    price: 35000\n    days: 8\n"),
                       encoding="utf-8")
    run("change", path, "-m", "Брендбук на 30 страниц", "--requested-on", "2027-03-15")
    run("addendum", path, "--date", "2027-03-16", "--format", "html")
    html = flat((path / "out" / "addendum-1-Д-2027-014.html").read_text(encoding="utf-8"))
    assert "Новый срок завершения</strong></td><td class=\"num\"><strong>2 апреля 2027 г." in html
    assert "31 марта 2027 г." in html  # the completion before, from the recorded prepayment


def test_en1_payment_in_dollars(ws):
    path = example(ws, "blue-harbor-shop", "harbor")
    run("sign", path, "--date", "2026-11-30")
    out = flat(run("paid", path, "prepayment", "--date", "2026-12-02", "--ref", "wire 88").output)
    assert "1. prepayment $4,880.00 due 2026-12-07 paid" in out
    # the deposit arrived a business day after the start (Dec 1): §2.3 moves every deadline by one
    assert "2. on acceptance of design $3,660.00 due 7 calendar days after acceptance of design (planned 2026-12-16) unpaid" in out
    result = run("paid", path, "2", "--amount", "3660.01", "--date", "2026-12-02", ok=False)
    assert "error: paying $3,660.01 is more than is due on installment 2: $3,660.00 of $3,660.00" in result.output


def test_a_forged_payment_record_gets_a_clear_error_not_a_traceback(signed_ru2):
    """Everything inside a project's .git is untrusted: a record naming no installment is refused."""
    record = signed_ru2 / ".contractkit" / "payments" / "P-001.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("id: P-001\ndate: 2027-03-03\namount: '5'\nallocations:\n  '9': '5'\n", encoding="utf-8")
    with git.Repo(signed_ru2) as repo:
        repo.index.add([".contractkit/payments/P-001.yaml"])
        repo.index.commit("forged")
    result = run("status", signed_ru2, ok=None)  # one line naming the record and its field
    assert ("payments: not shown: damaged record: payment P-001 (.contractkit/payments/P-001.yaml, "
            "allocations): installments '9' are not in the signed schedule" in result.output)
    result = run("invoice", signed_ru2, "1", "--date", "2027-03-03", ok=False)
    assert "P-001.yaml, allocations): installments '9' are not in the signed schedule" in result.output
    assert "hint: 'contractkit doctor' lists every problem" in result.output
    record.write_text("id: P-001\ndate: not-a-date\n", encoding="utf-8")
    with git.Repo(signed_ru2) as repo:
        repo.index.add([".contractkit/payments/P-001.yaml"])
        repo.index.commit("damaged")
    result = run("paid", signed_ru2, "1", "--date", "2027-03-03", ok=False)
    # since round 9 (B5) the edit itself is named first: a payment record is written once
    assert result.output.startswith("error: ") and "damaged record" in result.output
    assert ".contractkit/payments/P-001.yaml" in result.output


@pytest.mark.parametrize("step", ["billing:documents-written", "billing:record-written"])
def test_killed_while_recording_leaves_no_record_and_the_next_command_records_cleanly(signed_ru2, step):
    """A `paid` or `accept` killed before its commit leaves the project as before (journal undo)."""
    import os
    import subprocess
    import sys

    def ck(*args, env=None):
        environment = {**os.environ, **(env or {})}
        environment.pop("CONTRACTKIT_DEBUG", None)
        return subprocess.run([sys.executable, "-m", "contractkit", *map(str, args)],
                              capture_output=True, text=True, env=environment, check=False)

    before = commits(signed_ru2)
    killed = ck("paid", signed_ru2, "prepayment", "--date", "2027-03-03", env={"CONTRACTKIT_FAULT": step})
    assert killed.returncode == 137, killed.stderr
    assert commits(signed_ru2) == before
    with git.Repo(signed_ru2) as repo:
        assert not repo.is_dirty(untracked_files=False)
    assert ck("paid", signed_ru2, "prepayment", "--date", "2027-03-03").returncode == 0
    assert commits(signed_ru2) == before + 1
    assert not (signed_ru2 / ".contractkit" / "journal.json").exists()
    assert not (signed_ru2 / ".git" / "contractkit" / "journal.json").exists()
    assert [p.id for p in book(signed_ru2).payments] == ["P-001"]
