"""SWIFT MT940 statements, read with the mt-940 package; `:86:` details may wrap over lines."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from contractkit.cpulimit import cpu_limit
from contractkit.flows.bank import MAX_ACCOUNT, StatementError, StatementLine, amount_of, bounded
from contractkit.flows.bank.ofx import MAX_SECONDS

ENTRY = re.compile(r"^:61:(\d{6})(\d{4})?(C|D|RC|RD)[A-Z]?(\d+,\d*)N?[A-Z0-9]{3}")
IBAN = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{11,30})\b")
BANK_REFERENCE = 23
"""Characters of the :61: bank reference after // (16x in the standard): the mt-940 package reads 23
and drops the rest unsaid, so two references alike in their first 23 would be one document."""
REQUIRED = ((":25:", "the account"), (":28C: or :28:", "the statement number"),
            (":60F: or :60M:", "the opening balance"), (":62F: or :62M:", "the closing balance"))
"""The fields every MT940 statement carries besides :20: (the mt-940 package reads a statement
without them as if nothing were missing)."""


def _sections_complete(text: str, name: str) -> None:
    """Each statement (from its :20: line) has the account, number and both balances."""
    blocks: list[tuple[int, set[str]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        tag = re.match(r"^(:\d{2}[A-Z]?:)", line)
        if tag and tag[1] == ":20:":
            blocks.append((n, set()))
        elif tag and blocks:
            blocks[-1][1].add(tag[1])
    if not blocks:
        raise StatementError(f"{name}: MT940 statement without :20: (the statement reference)")
    for start, tags in blocks:
        for need, what in REQUIRED:
            if not tags & set(need.split(" or ")):
                raise StatementError(f"{name}:{start}: MT940 statement without {need} ({what})")


def parse(data: bytes, name: str) -> list[StatementLine]:
    import mt940

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    starts, reversals, accounts = [], set(), {}
    account = ""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(":25:"):
            account = bounded(line[4:].strip(), f"{name}:{n}", ":25: account", MAX_ACCOUNT)
        if line.startswith(":61:"):
            accounts[n] = account
            entry = ENTRY.match(line)
            if not entry:
                raise StatementError(f"{name}:{n}: :61: entry line not in MT940 form")
            amount_of(entry[4].rstrip(","), f"{name}:{n}", ":61: amount")
            customer, _, bank = line[entry.end():].partition("//")
            bounded(customer.strip(), f"{name}:{n}", ":61: reference for the account owner")
            bounded(bank.strip(), f"{name}:{n}", ":61: bank reference", BANK_REFERENCE)
            starts.append(n)
            if entry[3] in ("RC", "RD"):  # a reversal of a credit or of a debit: no payment
                reversals.add(n)
    _sections_complete(text, name)
    try:
        with cpu_limit(MAX_SECONDS, lambda: StatementError(
                f"{name}: reading the statement took more than {MAX_SECONDS} s of CPU time; "
                "refused (not a statement a bank writes)")):
            transactions = mt940.models.Transactions()
            transactions.parse(text)
    except StatementError:
        raise
    except Exception as exc:  # noqa: BLE001 - the parser's own errors carry no line
        raise StatementError(f"{name}: not a readable MT940 statement ({type(exc).__name__})") from None
    found = list(transactions)
    if len(found) != len(starts):
        raise StatementError(f"{name}: {len(starts)} :61: lines but {len(found)} entries read")
    out = []
    for n, tx in zip(starts, found, strict=True):
        data_ = tx.data
        amount = data_["amount"]
        value = Decimal(str(amount.amount))
        details = re.sub(r"\s*\n\s*", " ", data_.get("transaction_details") or "").strip()
        # the bank's own reference (after //) is unique; the account owner's is the payer's word,
        # reused across payments: with it alone the id carries the day and the sum too (B10)
        ref = bounded(data_.get("bank_reference") or "", f"{name}:{n}", ":61: bank reference")
        bounded(data_.get("customer_reference") or "", f"{name}:{n}", ":61: reference for the account owner")
        legacy = f"mt940:{data_.get('customer_reference')}" if not ref and data_.get("customer_reference") \
            not in (None, "", "NONREF") else ""
        if not ref:
            own = data_.get("customer_reference") or ""
            ref = f"{own if own != 'NONREF' else ''}@{data_['date']}/{abs(value)}/{details[:60]}"
        day = data_["date"]
        found_iban = IBAN.search(details.replace(" ", ""))
        out.append(StatementLine(
            line=n, doc_id=f"mt940:{ref}", day=date(day.year, day.month, day.day), amount=abs(value),
            currency=amount.currency, incoming=value > 0, purpose=details,
            payer_account=found_iban[1] if found_iban else "", reversal=n in reversals, legacy_id=legacy,
            payee_account=accounts[n]))
    return out
