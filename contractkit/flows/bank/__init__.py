"""Bank statements: parsed into plain lines (pure, below the store), matched to installments and
recorded through `paid` (match.py and importer.py, which sit with the flows).

A statement is parsed whole before anything is matched: a file with one broken line gives one
error naming that line, and nothing from it is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractkit.errors import ContractkitError

MAX_AMOUNT = Decimal("1000000000000")
"""The largest sum a statement line may carry (10^12): larger is no payment a bank books."""
MAX_ENTRIES = 10_000
"""Entries in one statement: a year of a busy freelancer's account has hundreds. 70,000 one-rouble
MT940 entries (3 MB, under the size limit) kept `paid --import` busy for 20 s and 10 MB for 73 s and
660 MB (red team 13, B03): more is refused before the entries are parsed."""
MARKERS = (b":61:", b"<STMTTRN>", b"<stmttrn>", b"Ntry>", "СекцияДокумент".encode("cp1251"),
           "СекцияДокумент".encode())
"""What starts an entry in each format (MT940, OFX, camt.053, 1C), counted in the raw bytes: a
cheap upper bound read before any parser runs (a camt entry counts twice, its open and close tag)."""
PLAIN = re.compile(r"[+-]?\d{1,30}(?:[.,]\d{1,30})?")
MAX_REFERENCE = 120
"""Characters in one reference a statement gives (camt AcctSvcrRef/NtryRef are Max35Text, MT940
references 16x, a 1C Номер a few digits, OFX FITID rarely over 40): a 400-character AcctSvcrRef
passed the table and then crashed the recording halfway through the statement (red team 14, B05)."""
MAX_ACCOUNT = 48
"""Characters in an account number (IBAN 34, 42 written in groups; MT940 :25: 35x, OFX ACCTID 22,
a Russian account 20)."""
MAX_DOC_ID = 300
"""What a payment record keeps of the bank's document id (store/payments.py BankRef.id): a line
whose id would be longer is refused with the statement, never halfway through recording it."""


class StatementError(ContractkitError):
    """A bank statement that cannot be read: names the file and the line."""


@dataclass(frozen=True)
class StatementLine:
    """One booked entry of a statement, as the bank wrote it."""

    line: int
    """Where the entry starts in the file (1-based), for the table and for errors."""
    doc_id: str
    """The bank's identity of the document: what makes a second import record nothing."""
    day: date
    amount: Decimal
    currency: str
    incoming: bool
    purpose: str = ""
    payer: str = ""
    payer_inn: str = ""
    payer_account: str = ""
    """The payer's account number or IBAN, without spaces."""
    payee_account: str = ""
    """The account the statement is of (where an incoming entry's money went), as the bank writes
    it: only money paid into the contractor's own account is a payment (red team 13, B01)."""
    unbooked: str = ""
    """Why the bank has not booked it ('' when it has): a camt.053 entry pending (PDNG) or for
    information (INFO) may still be cancelled, so it is no money received (red team 11, B1)."""
    reversal: bool = False
    """The bank's reversal of an earlier entry (camt.053 RvslInd): money coming back, no payment."""
    legacy_id: str = ""
    """The id contractkit 0.x recorded for the same document (before B10 made NtryRef-only and
    payer-reference ids carry the day and sum): recorded already when the day and sum agree."""
    previous_id: str = ""
    """The id contractkit recorded before ids named the statement's account (red team 13, B04):
    recorded already when the day and sum agree, as legacy_id."""
    unmatched: str = ""
    """Why the line cannot be matched as it stands ('' when it can): a camt.053 batch whose
    transactions do not state their own sums (red team 11, B9)."""


def amount_of(text: str, where: str, field: str, signed: bool = False, comma: bool = True,
              spaces: bool = False) -> Decimal:
    """The sum a statement writes as `text` (plain digits, a decimal dot, or comma when `comma`,
    at most 2 decimal places, under MAX_AMOUNT; a sign only when `signed`), else one
    StatementError naming `where` (file:line) and the field: `1E+999999`, `3660.001` or 28 digits
    are no sum a bank books; `spaces`: digits grouped by spaces ("30 000.00") are read."""
    raw = text.strip().replace(" ", "") if spaces else text.strip()
    if not PLAIN.fullmatch(raw) or (not signed and raw[0] in "+-") or (not comma and "," in raw):
        reason = "not a plain decimal number"
    else:
        value = Decimal(raw.replace(",", "."))
        if abs(value) >= MAX_AMOUNT:
            reason = "over 10^12"
        elif value != value.quantize(Decimal("0.01")):
            reason = "more than 2 decimal places"
        elif not signed and value <= 0:
            reason = "not above zero"
        else:
            return value.quantize(Decimal("0.01"))
    raise StatementError(f"{where}: {field}={text.strip()[:40]!r} is not a sum of money ({reason})")


def bounded(value: str, where: str, field: str, limit: int = MAX_REFERENCE) -> str:
    """`value` when it has at most `limit` characters, else one StatementError naming `where`
    (file:line) and the field: a bank's reference or account number is short (B05)."""
    if len(value) > limit:
        raise StatementError(f"{where}: {field} is {len(value):,} characters long; a bank writes "
                             f"at most {limit}")
    return value


def parse_statement(data: bytes, name: str) -> list[StatementLine]:
    """Every entry of a statement in any supported format, told apart by its first bytes; each id
    fits the payment record, or the whole statement is refused before anything is matched."""
    lines = _parse(data, name)
    for line in lines:
        for field in ("doc_id", "previous_id", "legacy_id"):
            if len(getattr(line, field)) > MAX_DOC_ID:
                raise StatementError(f"{name}:{line.line}: the entry's reference is too long to record "
                                     f"({len(getattr(line, field)):,} characters; at most {MAX_DOC_ID})")
        bounded(line.payer_account, f"{name}:{line.line}", "the payer's account", MAX_ACCOUNT)
        bounded(line.payee_account, f"{name}:{line.line}", "the statement's account", MAX_ACCOUNT)
    return lines


def _parse(data: bytes, name: str) -> list[StatementLine]:
    from contractkit.flows.bank import camt, ofx, onec, swift

    entries = max(data.count(marker) // (2 if marker == b"Ntry>" else 1) for marker in MARKERS)
    if entries > MAX_ENTRIES:
        raise StatementError(f"{name}: {entries:,} entries; a statement holds at most {MAX_ENTRIES:,} "
                             "(split it by month)")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"1CClientBankExchange"):
        return onec.parse(data, name)  # its ids carry the payer's account, number, day and sum
    if b"OFXHEADER" in head[:200] or head[:200].upper().lstrip().startswith(b"<OFX"):
        return _per_account(ofx.parse(data, name))
    if head.startswith(b"<") and b"camt.053" in data[:4096]:
        return _per_account(camt.parse(data, name))
    if b":20:" in head and b":61:" in data:
        return _per_account(swift.parse(data, name))
    raise StatementError(f"{name}: not a bank statement contractkit reads (1C exchange file, "
                         "camt.053, MT940 or OFX)")


def _per_account(lines: list[StatementLine]) -> list[StatementLine]:
    """Ids that name the statement's account: an OFX FITID, an MT940 bank reference or a camt
    AcctSvcrRef is unique within one account only, so another account's payment with the same
    reference was "recorded already" and never recorded (red team 13, B04). The id recorded before
    stays recognised, on the same day and sum only (StatementLine.previous_id)."""
    import dataclasses

    out = []
    for line in lines:
        if not line.payee_account:
            out.append(line)
            continue
        kind, _, rest = line.doc_id.partition(":")
        out.append(dataclasses.replace(line, doc_id=f"{kind}:{line.payee_account}/{rest}",
                                       previous_id=line.doc_id))
    return out
