"""Bank statements handed over by a client (red team 13): only money paid into the contractor's own
account counts, and a flood of tiny entries is refused before it is parsed.

B01: a statement of another account (a 1C file, camt.053, MT940 or OFX of the client's choice)
paying that account with the contract's purpose was recorded as the prepayment: no parser's own
account was compared with `contractor.bank.account`. B03: 70,000 one-rouble MT940 entries (3 MB,
under the size limit) kept `paid --import --dry-run` busy for 20 s, 10 MB for 73 s and 660 MB.
"""

from __future__ import annotations

import pytest

from tests.security import test_bank_statements as statements
from tests.security.gitfixtures import one_line_error
from tests.security.test_bank_statements import CAMT, MT940, OFX, _entry, _import, _payments

pytestmark = pytest.mark.security("billing-records")

invoiced = statements.invoiced
MINE = "40802810600001234567"
OTHER = "40702810000000099999"


@pytest.mark.parametrize("kind", ["camt", "mt940", "ofx"])
def test_a_statement_of_another_account_records_nothing(invoiced, tmp_path, kind):
    text, name = {"camt": (CAMT.format(entries=_entry("R1")), "st.xml"),
                  "mt940": (MT940.format(mark="C"), "st.mt940"),
                  "ofx": (OFX.format(currency=""), "st.ofx")}[kind]
    assert MINE in text
    own = _import(invoiced, tmp_path, text, "--dry-run", name=name)
    assert "1 to record" in own.stdout, own.stdout + own.stderr  # control: the contractor's account
    result = _import(invoiced, tmp_path, text.replace(MINE, OTHER), "--yes", name=name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 to record" in result.stdout and f"the statement is of account {OTHER}" in result.stdout
    assert _payments(invoiced) == []


ONEC = """1CClientBankExchange
ВерсияФормата=1.03
Кодировка=UTF-8
СекцияРасчСчет
РасчСчет={own}
КонецРасчСчет
СекцияДокумент=Платежное поручение
Номер=17
Дата=03.12.2026
Сумма=121750.00
ПлательщикСчет=40702810538000054321
ПлательщикИНН=7714567895
ПолучательСчет={own}
НазначениеПлатежа=Предоплата по договору 2026-031, счёт 2026-001
КонецДокумента
КонецФайла
"""


def test_a_1c_statement_paying_another_account_records_nothing(invoiced, tmp_path):
    own = _import(invoiced, tmp_path, ONEC.format(own=MINE), "--dry-run", name="st.txt")
    assert "1 to record" in own.stdout, own.stdout + own.stderr
    result = _import(invoiced, tmp_path, ONEC.format(own=OTHER), "--yes", name="st.txt")
    assert "0 to record" in result.stdout and OTHER in result.stdout, result.stdout
    assert _payments(invoiced) == []


def test_a_flood_of_entries_is_refused_before_parsing(invoiced, tmp_path):
    head = f":20:STMT1\n:25:{MINE}\n:28C:1/1\n:60F:C261201RUB0,00\n"
    entries = "".join(f":61:2612031203C1,00NTRF//{i}\n:86:x\n" for i in range(10_001))
    result = _import(invoiced, tmp_path, head + entries + ":62F:C261205RUB10001,00\n", "--dry-run",
                     name="big.mt940")
    assert "10,001 entries; a statement holds at most 10,000" in one_line_error(result)
    assert _payments(invoiced) == []


@pytest.mark.parametrize("kind", ["camt", "mt940", "ofx"])
def test_a_bank_reference_is_told_apart_by_its_account(kind):
    """B04: an OFX FITID, an MT940 bank reference or a camt AcctSvcrRef is unique within one account
    only (OFX 2.1.1 §3.2.1: FITID unique per account); a second account's payment with the same
    reference was "recorded already" and never recorded. The id names the account; the id recorded
    before stays known (previous_id), on the same day and sum only."""
    from contractkit.flows.bank import parse_statement

    text, name = {"camt": (CAMT.format(entries=_entry("R1").replace("<NtryRef>R1</NtryRef>",
                                                                     "<AcctSvcrRef>B1</AcctSvcrRef>")), "st.xml"),
                  "mt940": (MT940.format(mark="C").replace("NONREF", "NONREF//B1"), "st.mt940"),
                  "ofx": (OFX.format(currency=""), "st.ofx")}[kind]
    mine = [x for x in parse_statement(text.encode(), name) if x.incoming]
    other = [x for x in parse_statement(text.replace(MINE, OTHER).encode(), name) if x.incoming]
    assert len(mine) == len(other) == 1
    assert mine[0].doc_id != other[0].doc_id and MINE in mine[0].doc_id and OTHER in other[0].doc_id
    assert mine[0].previous_id == other[0].previous_id and mine[0].previous_id


def test_a_payment_recorded_by_hand_is_not_booked_again_by_the_statement(invoiced, tmp_path):
    """B05: `paid 1` by hand (the client said so), then the month's statement holding that payment:
    the import booked the same 121,750 again onto installment 2. A line of the sum of a payment
    recorded by hand within a week is that payment: shown, not recorded."""
    from tests.conftest import run

    run("paid", invoiced, "1", "--date", "2026-12-02", "--ref", "platezhka 17")
    result = _import(invoiced, tmp_path, CAMT.format(entries=_entry("R1")), "--yes")
    assert "recorded by hand already as P-001" in result.stdout, result.stdout + result.stderr
    assert "0 to record" in result.stdout and len(_payments(invoiced)) == 1
