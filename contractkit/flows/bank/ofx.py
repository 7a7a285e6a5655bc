"""OFX statements (STMTTRN with FITID, TRNAMT, DTPOSTED, NAME, MEMO), read with ofxtools."""

from __future__ import annotations

import io
import re

from contractkit.cpulimit import cpu_limit
from contractkit.flows.bank import MAX_ACCOUNT, StatementError, StatementLine, amount_of, bounded

MAX_SECONDS = 20
"""CPU seconds to read one statement: ofxtools' regular expressions backtrack on crafted input
(an unclosed CDATA section costs time in proportion to the rest of its line), and a real
statement of thousands of transactions reads in well under a second."""

AMOUNT = re.compile(r"<TRNAMT>\s*([^<\r\n]*)", re.I)
POSTED = re.compile(r"<DTPOSTED>\s*([^<\r\n]*)", re.I)
FITID = re.compile(r"<FITID>\s*([^<\r\n]*)", re.I)
ACCTID = re.compile(r"<ACCTID>\s*([^<\r\n]*)", re.I)


def _lines_of(text: str, name: str) -> dict[str, int]:
    """FITID -> the line its STMTTRN starts on; a bad amount or date is named by its line."""
    out, start = {}, 0
    for n, line in enumerate(text.splitlines(), 1):
        if re.search(r"<STMTTRN>", line, re.I):
            start = n
        amount = AMOUNT.search(line)
        if amount:
            amount_of(amount[1], f"{name}:{n}", "TRNAMT", signed=True)
        posted = POSTED.search(line)
        if posted and not re.match(r"\d{8}", posted[1].strip()):
            raise StatementError(f"{name}:{n}: DTPOSTED {posted[1].strip()!r} is not a date")
        fitid = FITID.search(line)
        if fitid:
            out[bounded(fitid[1].strip(), f"{name}:{n}", "FITID")] = start or n
        acctid = ACCTID.search(line)
        if acctid:
            bounded(acctid[1].strip(), f"{name}:{n}", "ACCTID", MAX_ACCOUNT)
    return out


def _cdata_closed(text: str, name: str) -> None:
    """Every CDATA section is closed on its own line (ofxtools reads them line by line, and an
    unclosed one makes its reader rescan the rest of the line for every opening)."""
    for n, line in enumerate(text.splitlines(), 1):
        at = 0
        while (start := line.find("<![CDATA[", at)) >= 0:
            end = line.find("]]>", start + 9)
            if end < 0:
                raise StatementError(f"{name}:{n}: a CDATA section is not closed on its line")
            at = end + 3


def _statements(ofx, text: str, name: str) -> list:
    """The bank and card statements of the file, each with its list of transactions, else one
    StatementError naming the file, the line and what is missing (a reply without STMTRS, a
    statement without BANKTRANLIST: ofxtools reads both as None)."""
    opened = [n for n, line in enumerate(text.splitlines(), 1)
              if re.search(r"<(?:CC|INV)?STMTRS>", line, re.I)]
    found = list(getattr(ofx, "statements", None) or [])
    if not found:
        raise StatementError(f"{name}: no bank statement in the file (no BANKMSGSRSV1/STMTTRNRS/STMTRS "
                             "or CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS)")
    for i, stmt in enumerate(found):
        kind = type(stmt).__name__
        where = f"{name}:{opened[i]}" if i < len(opened) else name
        if kind not in ("STMTRS", "CCSTMTRS"):
            raise StatementError(f"{where}: {kind} is not a bank or card statement (STMTRS or CCSTMTRS)")
        if getattr(stmt, "banktranlist", None) is None:
            raise StatementError(f"{where}: {kind} without BANKTRANLIST: the statement lists no "
                                 "transactions")
    return found


def parse(data: bytes, name: str) -> list[StatementLine]:
    from ofxtools.Parser import OFXTree

    text = data.decode("utf-8", "replace")
    _cdata_closed(text, name)
    lines = _lines_of(text, name)
    tree = OFXTree()
    try:
        with cpu_limit(MAX_SECONDS, lambda: StatementError(
                f"{name}: reading the statement took more than {MAX_SECONDS} s of CPU time; "
                "refused (not a statement a bank writes)")):
            tree.parse(io.BytesIO(data))
            ofx = tree.convert()
    except StatementError:
        raise
    except Exception as exc:  # noqa: BLE001 - ofxtools' errors carry no line
        raise StatementError(f"{name}: not a readable OFX statement ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:120] if str(exc) else ''})") from None
    out = []
    for stmt in _statements(ofx, text, name):
        currency = str(stmt.curdef or "")
        own = bounded(str(getattr(getattr(stmt, "account", None), "acctid", "") or ""), name, "ACCTID",
                      MAX_ACCOUNT)
        for trn in stmt.banktranlist:
            fitid = bounded(str(trn.fitid), f"{name}:{lines.get(str(trn.fitid), 0)}", "FITID")
            amount = amount_of(str(trn.trnamt), f"{name}:{lines.get(fitid, 0)}", "TRNAMT", signed=True)
            purpose = " ".join(str(x) for x in (trn.name, trn.memo) if x)
            out.append(StatementLine(
                line=lines.get(fitid, 0), doc_id=f"ofx:{fitid}", day=trn.dtposted.date(),
                amount=abs(amount), currency=_currency(trn, currency), incoming=amount > 0,
                purpose=purpose, payer=str(trn.name or ""), payee_account=own))
    return out


def _currency(trn, statement: str) -> str:
    """The currency TRNAMT is in: a CURRENCY aggregate's CURSYM when the transaction has one (OFX
    2.x, 11.4.3: the amount is then in that currency, CURRATE converting it), else the statement's
    CURDEF (ORIGCURRENCY says the amount was converted into CURDEF). USD 121 750 was recorded as
    121 750 RUB (red team 11, B2)."""
    own = getattr(trn, "currency", None)
    symbol = str(getattr(own, "cursym", "") or "") if own is not None else ""
    return symbol or statement
