"""Red team 14, B03: a bank offers one statement in several formats (camt.053, MT940, OFX, 1C), and
an import remembered the document by an id that begins with its format (`camt:ACCOUNT/REF`,
`mt940:ACCOUNT/REF`): the same payment imported from the camt.053 and then from the MT940 export of
the same statement was recorded twice (installment 2 "paid", nothing owed for `remind`/`claim`).
A line whose bank reference on the same account, or whose day and sum, is that of a payment
imported from another format is "recorded already", as a payment recorded by hand is (B05, round 13).
"""

from __future__ import annotations

import pytest

from tests.conftest import run

pytestmark = pytest.mark.security("billing-records")

CAMT = """<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr>
<Stmt><Id>s</Id><Acct><Id><Othr><Id>40802810600001234567</Id></Othr></Id></Acct>
<Ntry><AcctSvcrRef>BANKREF1</AcctSvcrRef><Amt Ccy="RUB">121750.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
<Sts>BOOK</Sts><BookgDt><Dt>2026-12-03</Dt></BookgDt>
<NtryDtls><TxDtls><RmtInf><Ustrd>Оплата по договору 2026-031</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""
MT940 = """:20:STMT1
:25:40802810600001234567
:28C:1/1
:60F:C261202RUB0,00
:61:2612031203C121750,00NTRFREF123//{ref}
:86:Oplata po dogovoru 2026-031
:62F:C261203RUB121750,00
"""


@pytest.mark.parametrize("ref", ["BANKREF1", "OTHERREF"])
def test_the_same_payment_from_the_statements_other_format_is_not_recorded_again(ws, ref):
    """BANKREF1: the bank's reference the camt.053 gave too; OTHERREF: another reference (a bank
    may number its exports apart), the same account, day and sum."""
    run("new", "p")
    project = ws / "p"
    run("sign", project, "--date", "2026-12-02")
    (ws / "statement.xml").write_text(CAMT, encoding="utf-8")
    (ws / "statement.sta").write_text(MT940.format(ref=ref), encoding="utf-8")
    assert "recorded P-001" in run("paid", "--import", ws / "statement.xml", project, "--yes").output
    again = run("paid", "--import", ws / "statement.sta", project, "--yes").output
    assert "P-002" not in again and "recorded already as P-001" in again, again
    assert not (project / ".contractkit" / "payments" / "P-002.yaml").exists()
    assert "balance 121\u00a0750,00" in run("status", project).output
