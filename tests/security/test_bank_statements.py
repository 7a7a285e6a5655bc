"""Bank statements record only money a bank booked for the client (red team 11, B1-B3, and this
round's own attacks on the readers).

B1: a camt.053 entry the bank has not booked (Sts PDNG, INFO) was recorded as received, and its
reference then made the booked one "recorded already". B2: an OFX transaction with a CURRENCY
aggregate (its TRNAMT in USD) was recorded as that many roubles. B3: a line dated after today was
planned as "pay", and `--yes` recorded the lines before it and stopped half-way.
"""

from __future__ import annotations

import pytest

from contractkit.flows.bank import StatementError, camt, parse_statement
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, one_line_error

pytestmark = pytest.mark.security("billing-records")

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><Othr><Id>40802810600001234567</Id></Othr></Id></Acct>
{entries}
</Stmt></BkToCstmrStmt></Document>
"""
ENTRY = ("<Ntry><NtryRef>{ref}</NtryRef><Amt Ccy=\"RUB\">{amount}</Amt><CdtDbtInd>{way}</CdtDbtInd>{extra}"
         "<Sts>{status}</Sts><BookgDt><Dt>{day}</Dt></BookgDt><NtryDtls><TxDtls><RmtInf>"
         "<Ustrd>Оплата по счету 2026-001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")


def _entry(ref, amount="121750.00", status="BOOK", day="2026-12-03", way="CRDT", extra="") -> str:
    return ENTRY.format(ref=ref, amount=amount, status=status, day=day, way=way, extra=extra)


@pytest.fixture
def invoiced(ws, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_TODAY", "2027-06-30")
    run("new", "r", "--from-example", "romashka-site")
    run("sign", ws / "r", "--date", "2026-12-01")
    run("invoice", ws / "r", "1", "--date", "2026-12-01")
    return ws / "r"


def _import(project, tmp_path, text: str, *flags: str, name: str = "st.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ck("paid", "--import", path, project, *flags)


def _payments(project) -> list[str]:
    return [x for x in git_in(project, "log", "--format=%s").splitlines() if x.startswith("P-")]


@pytest.mark.parametrize("status", ["<Cd>PDNG</Cd>", "PDNG", "<Cd>INFO</Cd>", "INFO", "FUTR"])
def test_an_entry_the_bank_has_not_booked_is_no_payment(invoiced, tmp_path, status):
    result = _import(invoiced, tmp_path, CAMT.format(entries=_entry("R1", status=status)), "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not booked" in result.stdout and "0 to record" in result.stdout, result.stdout
    assert _payments(invoiced) == []
    # the booked entry of the same money, on the next statement, is recorded
    booked = _import(invoiced, tmp_path, CAMT.format(entries=_entry("R1", status="<Cd>BOOK</Cd>")), "--yes")
    assert booked.returncode == 0 and len(_payments(invoiced)) == 1, booked.stdout + booked.stderr


def test_an_entry_status_camt_does_not_know_is_one_line(invoiced, tmp_path):
    output = one_line_error(_import(invoiced, tmp_path, CAMT.format(entries=_entry("R1", status="OK")), "--yes"))
    assert "st.xml:5: Ntry: Sts 'OK' is not BOOK" in output, output


@pytest.mark.parametrize("way", ["CRDT", "DBIT"])
def test_a_reversal_is_no_payment(invoiced, tmp_path, way):
    entry = _entry("R9", way=way, extra="<RvslInd>true</RvslInd>")
    result = _import(invoiced, tmp_path, CAMT.format(entries=entry), "--yes")
    assert result.returncode == 0 and "reversal" in result.stdout, result.stdout + result.stderr
    assert _payments(invoiced) == []


def test_a_line_dated_after_today_is_refused_in_the_plan_and_the_rest_is_recorded(invoiced, tmp_path):
    entries = "\n".join((_entry("R1", "100000.00"), _entry("R2", "21750.00", day="2031-12-04"),
                         _entry("R3", "5.00", day="2026-12-05")))
    plan = _import(invoiced, tmp_path, CAMT.format(entries=entries), "--dry-run")
    row = next(x for x in plan.stdout.splitlines() if "2031-12-04" in x)
    assert "refused" in row and "after today (2027-06-30)" in row, plan.stdout
    done = _import(invoiced, tmp_path, CAMT.format(entries=entries), "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(_payments(invoiced)) == 2  # before the fix: 1 recorded, then exit 2 at the future line


OFX = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261205<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>RUB<BANKACCTFROM><BANKID>044525225<ACCTID>40802810600001234567<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261201<DTEND>20261205
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261203<TRNAMT>121750.00<FITID>F1<NAME>Romashka<MEMO>invoice 2026-001{currency}</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>0<DTASOF>20261205</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""


def test_an_ofx_transaction_in_another_currency_is_not_roubles(invoiced, tmp_path):
    usd = _import(invoiced, tmp_path, OFX.format(currency="<CURRENCY><CURRATE>100<CURSYM>USD</CURRENCY>"),
                  "--dry-run", name="st.ofx")
    row = next(x for x in usd.stdout.splitlines() if x.startswith("16 "))
    assert "121750.00 USD" in row and "unmatched" in row, usd.stdout
    # control: ORIGCURRENCY says the amount was converted into CURDEF, so it is roubles
    rub = _import(invoiced, tmp_path, OFX.format(currency="<ORIGCURRENCY><CURRATE>100<CURSYM>USD</ORIGCURRENCY>"),
                  "--dry-run", name="st.ofx")
    row = next(x for x in rub.stdout.splitlines() if x.startswith("16 "))
    assert "121750.00 RUB" in row and "#1" in row, rub.stdout


MT940 = """:20:STMT1
:25:40802810600001234567
:28C:1/1
:60F:C261201RUB0,00
:61:2612031203{mark}121750,00NTRFNONREF
:86:Оплата по счету 2026-001
:62F:C261205RUB121750,00
"""


def test_an_mt940_reversal_is_no_payment(invoiced, tmp_path):
    plain = _import(invoiced, tmp_path, MT940.format(mark="C"), "--dry-run", name="st.mt940")
    assert "#1" in plain.stdout, plain.stdout + plain.stderr  # control
    reversed_ = _import(invoiced, tmp_path, MT940.format(mark="RD"), "--dry-run", name="st.mt940")
    assert "reversal" in reversed_.stdout and "0 to record" in reversed_.stdout, reversed_.stdout + reversed_.stderr


# --- the readers on hostile files: entities, depth, size; one line each -----------------------------

HOSTILE_XML = [
    ("a DOCTYPE after a long comment", "<!--" + "x" * 5000 + "-->" + '<!DOCTYPE d [<!ENTITY e "x">]>'),
    ("an external entity", '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
    ("a parameter entity", '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1/x">%p;]>'),
]


@pytest.mark.parametrize(("what", "prolog"), HOSTILE_XML, ids=[h[0] for h in HOSTILE_XML])
def test_camt_with_a_dtd_anywhere_is_refused(what, prolog):
    text = CAMT.format(entries=_entry("R1")).replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                                       '<?xml version="1.0" encoding="UTF-8"?>\n' + prolog)
    with pytest.raises(StatementError) as caught:
        camt.parse(text.encode(), "st.xml")
    assert "st.xml" in caught.value.message


def test_camt_nested_deeper_than_a_statement_is_one_line():
    deep = "<a>" * 100_000 + "</a>" * 100_000
    text = CAMT.format(entries=_entry("R1", extra=f"<AddtlNtryInf>{deep}</AddtlNtryInf>"))
    with pytest.raises(StatementError) as caught:
        parse_statement(text.encode(), "st.xml")
    assert caught.value.message.startswith("st.xml")
