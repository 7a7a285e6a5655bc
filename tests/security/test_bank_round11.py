"""Bank statements, red team 11's later findings (B6, B8-B11): each statement line is one payer's
money, told from every other payment, and one damaged project stops no one else's import."""

from __future__ import annotations

import re

import pytest

from contractkit.flows.bank import camt
from tests.conftest import run
from tests.security import test_bank_statements as statements
from tests.security.gitfixtures import ck, git_in
from tests.security.test_bank_statements import CAMT, _entry, _import, _payments

pytestmark = pytest.mark.security("bank-statements")
invoiced = statements.invoiced  # the signed, invoiced romashka project of the bank suite

TX = ("<TxDtls><Refs>{ref}</Refs>{amount}<RltdPties><Dbtr><Nm>{payer}</Nm></Dbtr></RltdPties>"
      "<RmtInf><Ustrd>{purpose}</Ustrd></RmtInf></TxDtls>")
BATCH = ("<Ntry><NtryRef>B1</NtryRef><Amt Ccy=\"RUB\">243500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
         "<Sts>BOOK</Sts><BookgDt><Dt>2026-12-03</Dt></BookgDt><NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>"
         "{txs}</NtryDtls></Ntry>")


def _tx(payer, purpose, amount="121750.00", ref="", own=True) -> str:
    money = (f"<AmtDtls><TxAmt><Amt Ccy=\"RUB\">{amount}</Amt></TxAmt></AmtDtls>" if own else "")
    refs = f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""
    return TX.format(ref=refs, amount=money, payer=payer, purpose=purpose)


def _received(project) -> str:
    line = next(x for x in run("status", project).output.splitlines() if x.strip().startswith("received "))
    return line.replace("\u00a0", " ")


def test_a_batch_entry_is_one_line_per_transaction(invoiced, tmp_path):
    """B9: a camt.053 entry booking two payers' transfers as one sum (Btch, two TxDtls) was read
    with the first transaction's purpose and the entry's whole sum: another payer's 121 750 ₽
    counted as this client's, and the client's own debt vanished."""
    txs = (_tx("ООО Ромашка", "Оплата по счету 2026-001", ref="A1")
           + _tx("ООО Вектор", "Оплата по договору Д-2027-014", ref="A2"))
    result = _import(invoiced, tmp_path, CAMT.format(entries=BATCH.format(txs=txs)), "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 to record, 1 unmatched" in result.stdout, result.stdout
    assert "received 121 750,00 ₽ of 243 500,00 ₽" in _received(invoiced)
    again = _import(invoiced, tmp_path, CAMT.format(entries=BATCH.format(txs=txs)), "--dry-run")
    assert "recorded already as P-001" in again.stdout, again.stdout


def test_a_batch_whose_transactions_state_no_sums_is_never_recorded_whole(invoiced, tmp_path):
    txs = _tx("ООО Ромашка", "Оплата по счету 2026-001", own=False) + _tx("ООО Вектор", "x", own=False)
    result = _import(invoiced, tmp_path, CAMT.format(entries=BATCH.format(txs=txs)), "--yes")
    assert result.returncode == 0 and "a batch of 2 transactions" in result.stdout, result.stdout
    assert _payments(invoiced) == []


def test_an_entry_number_reused_by_the_next_statement_is_another_payment(invoiced, tmp_path):
    """B10: ISO 20022 makes NtryRef unique only within its statement; a bank numbering entries
    1, 2, 3 every day made day 2's entry 1 "recorded already" as day 1's."""
    day1 = _import(invoiced, tmp_path, CAMT.format(entries=_entry("1", "60000.00", day="2026-12-03")), "--yes")
    day2 = _import(invoiced, tmp_path, CAMT.format(entries=_entry("1", "61750.00", day="2026-12-04")), "--yes")
    assert day1.returncode == 0 and day2.returncode == 0, day1.stdout + day2.stdout + day2.stderr
    assert len(_payments(invoiced)) == 2, day2.stdout
    again = _import(invoiced, tmp_path, CAMT.format(entries=_entry("1", "61750.00", day="2026-12-04")),
                    "--dry-run")
    assert "recorded already as P-002" in again.stdout, again.stdout


def test_a_payment_an_older_version_recorded_by_its_entry_number_stays_recorded(invoiced, tmp_path):
    """The id before B10 was camt:<NtryRef>: a statement imported then and again now is recognised
    by that id on the same day and sum (not recorded twice), and not on another day."""
    import datetime as dt
    from decimal import Decimal

    from contractkit.flows.billing.record import record_payment
    from contractkit.store.payments import BankRef

    record_payment(invoiced, "1", Decimal("60000.00"), dt.date(2026, 12, 3), "st.xml line 5",
                   bank=BankRef(id="camt:7", date=dt.date(2026, 12, 3)))
    same = _import(invoiced, tmp_path, CAMT.format(entries=_entry("7", "60000.00", day="2026-12-03")),
                   "--dry-run")
    assert "recorded already as P-001" in same.stdout, same.stdout
    other = _import(invoiced, tmp_path, CAMT.format(entries=_entry("7", "61750.00", day="2026-12-04")),
                    "--dry-run")
    assert "1 to record" in other.stdout, other.stdout


def test_thousands_of_tiny_transfers_are_not_recorded_one_by_one(invoiced, tmp_path):
    """B6: each line paying a project is matched against the book the earlier ones leave (the deal
    worked out again): 4,000 transfers of 0,01 ₽ took minutes. At most 100 per project and
    statement are planned; the rest are listed unmatched at once."""
    entries = "\n".join(_entry(f"T{i}", "0.01") for i in range(130))
    plan = _import(invoiced, tmp_path, CAMT.format(entries=entries), "--dry-run")
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert "100 to record, 30 unmatched" in plan.stdout, plan.stdout[-600:]
    assert "more than 100 payments to r in one statement" in plan.stdout


def test_one_damaged_project_stops_no_one_elses_import(invoiced, tmp_path, ws):
    """B8: a project whose signature tag names an object its .git does not hold (a copied or
    half-synced folder) ended `paid --import` for every project with "internal error"."""
    run("new", "bad", "--from-example", "romashka-site")
    run("sign", ws / "bad", "--date", "2026-12-01")
    (ws / "bad" / ".git" / "refs" / "tags" / "contract").write_text("01" * 20 + "\n", encoding="ascii")
    path = tmp_path / "st.xml"
    path.write_text(CAMT.format(entries=_entry("R1")), encoding="utf-8")
    result = ck("paid", "--import", path, "--dry-run", cwd=ws)
    output = result.stdout + result.stderr
    assert "internal error" not in output and "Traceback" not in output, output
    assert "skipped project bad: tag contract is a damaged record: it names an object" in output, output
    assert "#1" in output  # r's line is still planned
    for command in (("agenda", "--date", "2026-12-10"), ("status", ws / "bad")):
        out = ck(*command, cwd=ws)
        assert "internal error" not in out.stdout + out.stderr, out.stdout + out.stderr


def test_an_invoice_number_two_projects_share_is_not_decided_by_a_payer_account(invoiced, tmp_path, ws):
    """B11 (README: "a number found in two projects is unmatched with both names"): another project
    naming the payer's account as its client's took a payment whose purpose names only the invoice
    number both projects have."""
    run("new", "b", "--from-example", "romashka-site")
    text = (ws / "b" / "project.yaml").read_text(encoding="utf-8")
    assert "account:" in text
    text = re.sub(r"(client:(?:\n .*)*?\n\s+account: )['\"]?\d+['\"]?", r"\g<1>'40817810700000000001'", text,
                  count=1)
    (ws / "b" / "project.yaml").write_text(text, encoding="utf-8")
    git_in(ws / "b", "commit", "-qam", "client account")
    run("sign", ws / "b", "--date", "2026-12-01")
    run("invoice", ws / "b", "1", "--date", "2026-12-01")
    entry = _entry("R1").replace("<RmtInf>", "<RltdPties><DbtrAcct><Id><Othr><Id>40817810700000000001</Id>"
                                 "</Othr></Id></DbtrAcct></RltdPties><RmtInf>")
    path = tmp_path / "st.xml"
    path.write_text(CAMT.format(entries=entry), encoding="utf-8")
    plan = ck("paid", "--import", path, "--dry-run", cwd=ws)
    row = next(x for x in plan.stdout.splitlines() if x.startswith("5 "))
    assert "unmatched" in row and "several projects (b, r)" in row, plan.stdout


def test_camt_parser_unit_batch_lines_carry_their_own_line_and_sum():
    txs = _tx("A", "p1", "100.00", ref="X1") + "\n" + _tx("B", "p2", "143400.00", ref="X2")
    lines = camt.parse(CAMT.format(entries=BATCH.format(txs=txs)).replace("243500.00", "143500.00").encode(), "s")
    assert [(str(x.amount), x.doc_id, x.payer) for x in lines] == [("100.00", "camt:X1", "A"),
                                                                    ("143400.00", "camt:X2", "B")]
    assert lines[0].line != lines[1].line


def test_a_statement_over_ten_megabytes_is_refused_unread(invoiced, tmp_path):
    """B12: a 49 MB camt.053 (under the old 50 MB limit) cost 86 s and 1.2 GB to parse; a year of a
    busy account is a few MB. Refused before it is read, with one line."""
    from contractkit.flows.bank.importer import MAX_STATEMENT
    from tests.security.gitfixtures import one_line_error

    big = tmp_path / "st.xml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_STATEMENT + 1)
    assert MAX_STATEMENT == 10 * 1024 * 1024
    out = one_line_error(ck("paid", "--import", big, invoiced, "--dry-run"))
    assert "st.xml: more than 10 MB: not a statement" in out, out
