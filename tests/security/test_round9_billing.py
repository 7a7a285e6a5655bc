"""Red team round 9 (#22): billing records a teammate altered or removed with plain git counted.

B4. A payment dated 9999-12-31 stopped every reading command with "internal error: OverflowError"
    and doctor said ok: a record's dates are bounded (1900-2199) where it is parsed, so it is one
    line naming the file and field, and doctor reports it.
B5. A reversal deleted with plain git made the reversed payment count again; a deleted payment made
    `remind` demand money received; doctor said ok. Payments, acts and invoices are write-once
    records (store/written.py): one deleted or edited after the commit that wrote it stops
    status, remind, claim, invoice and publish with one line naming it and the commit. And "this
    machine wrote it" is keyed by project, path and bytes: a byte-identical record in another
    project is still a teammate's.
B6. An act edited to accept every stage made `claim` demand the final installment: the same rule.
"""

from __future__ import annotations

import hashlib
import shutil

import pytest

from contractkit.store import payments, records, written
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, one_line_error
from tests.test_billing import example

pytestmark = pytest.mark.security("billing")


@pytest.fixture
def signed(ws):
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    return path


def _teammate(path, message: str = "tidy records") -> None:
    git_in(path, "add", "-A")
    git_in(path, "-c", "user.name=Teammate", "-c", "user.email=t@example.ru", "commit", "-qm", message)


def _gone(path, name: str) -> None:
    git_in(path, "rm", "-q", f".contractkit/{name}")
    _teammate(path)


def test_a_deleted_reversal_does_not_bring_the_reversed_payment_back(signed):
    run("paid", signed, "1", "--date", "2026-12-03")
    run("paid", signed, "--reverse", "P-001", "--date", "2026-12-04")
    assert "received 0,00" in run("status", signed).output  # the control: reversed, nothing received
    _gone(signed, "payments/P-002.yaml")
    for command in ("status", "log"):
        result = run(command, signed, ok=False)
        assert "P-002.yaml: deleted after the commit that wrote it" in result.output, result.output
        assert "received 121" not in result.output
    assert "P-002.yaml: deleted after the commit that wrote it" in ck("doctor", signed).stdout


def test_a_deleted_payment_is_no_debt_to_remind_of(signed):
    run("paid", signed, "1", "--date", "2026-12-03")
    _gone(signed, "payments/P-001.yaml")
    result = run("remind", signed, "1", "--date", "2026-12-20", ok=False)
    assert "P-001.yaml: deleted after the commit that wrote it" in result.output, result.output
    letters = signed / ".contractkit" / "letters"
    assert not letters.exists() or not list(letters.iterdir())
    for command in (("claim", "--date", "2027-03-01"), ("publish", "--out", signed.parent / "site")):
        one_line_error(ck(command[0], signed, *command[1:]))


def test_an_act_edited_to_accept_every_stage_counts_for_nothing(signed):
    """B6: ACT-001 accepted the prototypes only; a teammate adds the other stages."""
    run("accept", signed, "prototypes", "--date", "2026-12-07")
    act = signed / ".contractkit" / "acts" / "ACT-001.yaml"
    text = act.read_text(encoding="utf-8")
    assert "- prototypes\n" in text
    act.write_text(text.replace("- prototypes\n", "- prototypes\n- design\n- development\n- content\n"),
                   encoding="utf-8")
    _teammate(signed, "fix act")
    for command in ("status", "invoice"):
        result = run(command, signed, *(["2", "--date", "2026-12-20"] if command == "invoice" else []), ok=False)
        assert "ACT-001.yaml: edited after the commit that wrote it" in result.output, result.output
    one_line_error(ck("claim", signed, "--date", "2027-03-01"))
    assert "ACT-001.yaml: edited after" in ck("doctor", signed).stdout


def test_an_edited_invoice_record_counts_for_nothing(signed):
    run("invoice", signed, "prepayment", "--date", "2026-12-01", "--format", "pdf")
    [record] = (signed / ".contractkit" / "invoices").glob("*.yaml")
    record.write_text(record.read_text(encoding="utf-8").replace("2026-12-01", "2026-12-02"), encoding="utf-8")
    _teammate(signed)
    result = run("status", signed, ok=False)
    assert "edited after the commit that wrote it" in result.output and record.name in result.output


def test_the_rule_is_the_guards_too(signed):
    run("paid", signed, "1", "--date", "2026-12-03")
    _gone(signed, "payments/P-001.yaml")
    with open_repo(signed) as repo:
        assert any("P-001.yaml: deleted" in p for p in written.problems(repo))


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2300-01-01"])
def test_a_payment_dated_out_of_range_is_one_line_not_an_internal_error(signed, day):
    """B4: the record is otherwise valid; added by a teammate, not edited (so the write-once rule
    does not see it): the parse itself refuses the date."""
    run("paid", signed, "1", "--date", "2026-12-03")
    payments = signed / ".contractkit" / "payments"
    text = (payments / "P-001.yaml").read_text(encoding="utf-8")
    (payments / "P-002.yaml").write_text(text.replace("P-001", "P-002").replace("2026-12-03", day),
                                         encoding="utf-8")
    _teammate(signed, "another payment")
    status = ck("status", signed)  # status shows the signed facts and names the damaged record
    assert "internal error" not in status.stdout + status.stderr and "Traceback" not in status.stderr
    assert "payments: not shown: .contractkit/payments/P-002.yaml: damaged record (date:" in status.stdout
    for command in (("publish", "--out", signed.parent / "site"), ("remind", "1", "--date", "2026-12-20")):
        output = one_line_error(ck(command[0], signed, *command[1:]))
        assert "P-002.yaml" in output and "date" in output
    doctor = ck("doctor", signed)
    assert doctor.returncode != 0 and "P-002.yaml: damaged record (date: a date outside" in doctor.stdout


def test_a_byte_identical_record_in_another_project_is_still_a_teammates(signed, ws):
    """B5c: provenance keyed by the bytes alone took a teammate's copy for this machine's own."""
    other = ws / "third"
    shutil.copytree(signed, other)
    shutil.rmtree(other / ".git")
    git_in(other, "init", "-q", "-b", "main")
    git_in(other, "add", "project.yaml")
    git_in(other, "commit", "-qm", "third")
    run("sign", other, "--date", "2026-12-01")
    run("paid", signed, "1", "--date", "2026-12-03")
    (other / ".contractkit" / "payments").mkdir(parents=True, exist_ok=True)
    shutil.copy(signed / ".contractkit" / "payments" / "P-001.yaml", other / ".contractkit" / "payments")
    _teammate(other, "payment")
    output = run("status", other).output
    assert "recorded by others via git" in output and "Teammate" in output, output
    assert "recorded by others" not in run("status", signed).output  # this machine's own stays unmarked


def test_a_teammates_new_invoice_record_with_their_own_pdf_is_never_attached_or_published(signed):
    """B7: a record that only a teammate vouches for names their PDF (other bank details); `remind`
    attached it to the letter to the client and `publish` put it on the page. Its hashes must be
    those of its documents rendered again (flows/billing/issued.py) before any letter or page uses it."""
    from contractkit.flows.billing import open_book
    from contractkit.flows.letters import dunning

    run("invoice", signed, "1", "--date", "2026-12-02", "--format", "pdf")
    [genuine] = (signed / ".contractkit" / "invoices").glob("*.yaml")
    [pdf] = (signed / "out").glob("invoice-*.pdf")
    fake = b"%PDF-1.4 pay to 40817810000000000666"
    pdf.write_bytes(fake)  # as `sync` would place a tracked out/ file over the local one
    record = records.parse(payments.InvoiceRecord, genuine.read_bytes(), genuine.name)
    # the teammate's variant that edits nothing: a history in which their record is the one added
    git_in(signed, "reset", "-q", "--hard", "HEAD~1")
    forged = record.model_copy(update={"files": {pdf.name: hashlib.sha256(fake).hexdigest()}})
    genuine.parent.mkdir(parents=True, exist_ok=True)
    genuine.write_bytes(records.dump(forged))
    pdf.write_bytes(fake)
    _teammate(signed, "invoice 2026-001")
    with open_repo(signed) as repo:  # the book itself refuses a record no re-render vouches for (B6)
        with pytest.raises(Exception) as caught:
            book = open_book(repo)
            dunning._invoice_pdf(signed, book, book.invoices[0].installment, repo)
    assert "rendered again" in str(caught.value)
    result = run("remind", signed, "1", "--date", "2026-12-20", ok=False)
    assert "rendered again" in result.output
    run("publish", signed, "--out", signed.parent / "site", ok=None)
    assert not (signed.parent / "site" / "documents" / pdf.name).exists()

def test_a_teammates_hand_written_act_is_not_counted_before_its_documents_are_rendered_again(signed):
    """B6, the variant that edits nothing: a new act record accepting a stage, its hashes those of
    no act contractkit renders. doctor called it forged; status, claim and invoice counted it."""
    run("accept", signed, "prototypes", "--date", "2026-12-07")
    acts = signed / ".contractkit" / "acts"
    record = records.parse(payments.ActRecord, (acts / "ACT-001.yaml").read_bytes(), "ACT-001.yaml")
    forged = record.model_copy(update={"id": "ACT-002", "stages": ["design"], "date": record.date,
                                       "files": {n.replace("001", "002", 1): "0" * 64 for n in record.files}})
    (acts / "ACT-002.yaml").write_bytes(records.dump(forged))
    _teammate(signed, "act 2")
    status = run("status", signed).output  # the signed facts, and one line instead of the money side
    assert "not shown: damaged record: act ACT-002" in status and "rendered again" in status, status
    assert "(act 2)" not in status
    for command in (("invoice", "2", "--date", "2026-12-20"), ("claim", "--date", "2027-03-01")):
        result = run(command[0], signed, *command[1:], ok=False)
        assert "act ACT-002" in result.output and "rendered again" in result.output, result.output
