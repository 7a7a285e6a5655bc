"""OFX statements (STMTTRN with FITID, TRNAMT, DTPOSTED, NAME, MEMO), read with ofxtools."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from contractkit.flows.bank import StatementError, StatementLine

AMOUNT = re.compile(r"<TRNAMT>\s*([^<\r\n]*)", re.I)
POSTED = re.compile(r"<DTPOSTED>\s*([^<\r\n]*)", re.I)
FITID = re.compile(r"<FITID>\s*([^<\r\n]*)", re.I)


def _lines_of(text: str, name: str) -> dict[str, int]:
    """FITID -> the line its STMTTRN starts on; a bad amount or date is named by its line."""
    out, start = {}, 0
    for n, line in enumerate(text.splitlines(), 1):
        if re.search(r"<STMTTRN>", line, re.I):
            start = n
        amount = AMOUNT.search(line)
        if amount and not re.fullmatch(r"[+-]?\d+([.,]\d{1,2})?", amount[1].strip()):
            raise StatementError(f"{name}:{n}: TRNAMT {amount[1].strip()!r} is not a sum of money")
        posted = POSTED.search(line)
        if posted and not re.match(r"\d{8}", posted[1].strip()):
            raise StatementError(f"{name}:{n}: DTPOSTED {posted[1].strip()!r} is not a date")
        fitid = FITID.search(line)
        if fitid:
            out[fitid[1].strip()] = start or n
    return out


def parse(data: bytes, name: str) -> list[StatementLine]:
    from ofxtools.Parser import OFXTree

    text = data.decode("utf-8", "replace")
    lines = _lines_of(text, name)
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
        ofx = tree.convert()
    except Exception as exc:  # noqa: BLE001 - ofxtools' errors carry no line
        raise StatementError(f"{name}: not a readable OFX statement ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:120] if str(exc) else ''})") from None
    out = []
    for stmt in ofx.statements:
        currency = str(stmt.curdef or "")
        for trn in stmt.transactions:
            amount = Decimal(trn.trnamt)
            fitid = str(trn.fitid)
            purpose = " ".join(str(x) for x in (trn.name, trn.memo) if x)
            out.append(StatementLine(
                line=lines.get(fitid, 0), doc_id=f"ofx:{fitid}", day=trn.dtposted.date(),
                amount=abs(amount), currency=currency, incoming=amount > 0, purpose=purpose,
                payer=str(trn.name or "")))
    return out
