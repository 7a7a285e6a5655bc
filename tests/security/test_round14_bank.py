"""Bank statements (red team 14): one bank document in two export formats, and ids too long to keep.

B03: the account's camt.053 and its MT940 of the same day (AcctSvcrRef BANKREF1 = the MT940 bank
reference after //) were recorded twice: ids differed by their format prefix only, and a payment
imported from another file was never compared by its day and sum, as one recorded by hand is.
B05: a 400-character AcctSvcrRef passed the table, then crashed the recording ("internal error:
ValidationError") after the line above it was committed: half a statement recorded.
"""

from __future__ import annotations

import pytest

from contractkit.flows.bank import parse_statement
from contractkit.store.payments import BankRef
from tests.security import test_bank_statements as statements
from tests.security.gitfixtures import one_line_error
from tests.security.test_bank_statements import CAMT, MT940, OFX, _entry, _import, _payments
from tests.security.test_round13_bank import ONEC

pytestmark = pytest.mark.security("billing-records")

invoiced = statements.invoiced
MINE = "40802810600001234567"
LONG = "R" * 400


def _camt(ref_tag: str, ref: str, day: str = "2026-12-03") -> str:
    return CAMT.format(entries=_entry("X", day=day).replace("<NtryRef>X</NtryRef>", f"<{ref_tag}>{ref}</{ref_tag}>"))


def _other(kind: str, bank_ref: str) -> tuple[str, str]:
    """The same payment (121 750.00 on 2026-12-03 into MINE) in another export format."""
    if kind == "mt940":
        return MT940.format(mark="C").replace("NONREF", f"NONREF//{bank_ref}" if bank_ref else "NONREF"), "st.mt940"
    if kind == "ofx":
        return OFX.format(currency="").replace("<FITID>F1", f"<FITID>{bank_ref or 'F1'}"), "st.ofx"
    return ONEC.format(own=MINE), "st.txt"


@pytest.mark.parametrize("kind", ["mt940", "ofx"])
def test_one_bank_reference_in_two_formats_is_one_payment(invoiced, tmp_path, kind):
    """B03: the bank's reference on the account names the document whatever the export."""
    first = _import(invoiced, tmp_path, _camt("AcctSvcrRef", "BANKREF1"), "--yes")
    assert "recorded P-001" in first.stdout, first.stdout + first.stderr
    text, name = _other(kind, "BANKREF1")
    second = _import(invoiced, tmp_path, text, "--yes", name=name)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "recorded already as P-001" in second.stdout and "0 to record" in second.stdout, second.stdout
    assert len(_payments(invoiced)) == 1


@pytest.mark.parametrize("kind", ["mt940", "1c"])
def test_a_line_of_the_day_and_sum_imported_from_another_format_is_not_recorded_again(invoiced, tmp_path,
                                                                                      kind):
    """B03: without a shared reference (camt NtryRef only; MT940 NONREF; a 1C document number), the
    same sum into the same account within the booking lag as a payment imported from a statement
    of another format is that payment: shown as recorded, as one recorded by hand is (round 13)."""
    first = _import(invoiced, tmp_path, CAMT.format(entries=_entry("N1")), "--yes")
    assert "recorded P-001" in first.stdout, first.stdout + first.stderr
    text, name = _other(kind, "")
    second = _import(invoiced, tmp_path, text, "--yes", name=name)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "recorded already as P-001 from a camt statement" in second.stdout, second.stdout
    assert "0 to record" in second.stdout and len(_payments(invoiced)) == 1


def test_another_reference_of_the_same_format_is_another_payment(invoiced, tmp_path):
    """Control: within one format the ids are the bank's; a second camt entry of the same sum two
    days later under another AcctSvcrRef is the next installment's money, recorded."""
    _import(invoiced, tmp_path, _camt("AcctSvcrRef", "BANKREF1"), "--yes")
    second = _import(invoiced, tmp_path, _camt("AcctSvcrRef", "BANKREF2", day="2026-12-05"), "--yes")
    assert "recorded P-002" in second.stdout, second.stdout + second.stderr
    assert len(_payments(invoiced)) == 2


LONG_IDS = {
    "camt AcctSvcrRef": (lambda: CAMT.format(entries=_entry("OK1") + _entry("X", day="2026-12-04").replace(
        "<NtryRef>X</NtryRef>", f"<AcctSvcrRef>{LONG}</AcctSvcrRef>")), "st.xml", "st.xml:5:"),
    "camt NtryRef": (lambda: CAMT.format(entries=_entry("OK1") + _entry(LONG, day="2026-12-04")), "st.xml",
                     "st.xml:5:"),
    "camt account": (lambda: CAMT.format(entries=_entry("OK1")).replace(MINE, MINE + "0" * 400), "st.xml",
                     "st.xml:4:"),
    "MT940 bank reference": (lambda: MT940.format(mark="C").replace("NONREF", f"NONREF//{LONG}"), "st.mt940",
                             "st.mt940:5:"),
    "MT940 account": (lambda: MT940.format(mark="C").replace(MINE, MINE + "0" * 400), "st.mt940",
                      "st.mt940:2:"),
    "OFX FITID": (lambda: OFX.format(currency="").replace("<FITID>F1", f"<FITID>{LONG}"), "st.ofx",
                  "st.ofx:16:"),
    "OFX ACCTID": (lambda: OFX.format(currency="").replace(MINE, MINE + "0" * 400), "st.ofx", "st.ofx:14:"),
    "1C Номер": (lambda: ONEC.format(own=MINE).replace("Номер=17", f"Номер={LONG}"), "st.txt", "st.txt:8:"),
    "1C account": (lambda: ONEC.format(own=MINE + "0" * 400), "st.txt", "st.txt:5:"),
}


@pytest.mark.parametrize("field", list(LONG_IDS))
def test_an_over_long_id_refuses_the_statement_before_anything_is_recorded(invoiced, tmp_path, field):
    """B05: every id field of every format is bounded when the file is read: one line naming the file
    and line, and nothing recorded (README: "a broken line is one error naming the file and line,
    and nothing is recorded")."""
    make, name, where = LONG_IDS[field]
    output = one_line_error(_import(invoiced, tmp_path, make(), "--yes", name=name))
    assert where in output and "characters long" in output, output
    assert _payments(invoiced) == []


def test_every_id_a_statement_gives_fits_the_payment_record():
    """The parsers' bound is the record's (store/payments.py BankRef.id): what the table shows is
    what gets recorded."""
    from contractkit.flows.bank import MAX_DOC_ID

    assert BankRef.model_fields["id"].metadata[-1].max_length == MAX_DOC_ID
    worst = MT940.format(mark="C").replace(MINE, "A" * 35).replace("NONREF", "C" * 16)
    worst = worst.replace("Оплата по счету 2026-001", "D" * 300)
    for line in parse_statement(worst.encode(), "st.mt940"):
        BankRef(id=line.doc_id, date=line.day)
