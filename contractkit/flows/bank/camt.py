"""ISO 20022 camt.053 (bank-to-customer statement), read with lxml.

The ISO schema itself is not shipped: the file is checked by its namespace
(urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN) and the elements the schema requires of what we
read (GrpHdr/MsgId, Stmt/Id and Acct, and per entry Amt with Ccy, CdtDbtInd, Sts, BookgDt).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from contractkit.flows.bank import (
    MAX_ACCOUNT,
    MAX_REFERENCE,
    StatementError,
    StatementLine,
    amount_of,
    bounded,
)

NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$")


def parse(data: bytes, name: str) -> list[StatementLine]:
    from lxml import etree

    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise StatementError(f"{name}: a camt.053 file has no DOCTYPE or entities")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise StatementError(f"{name}:{exc.lineno}: not well-formed XML: {exc.msg}") from None
    ns = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "Document" or not NAMESPACE.match(ns):
        raise StatementError(f"{name}:{root.sourceline}: not a camt.053 document (namespace {ns!r})")
    q = {"c": ns}
    stmt_root = _one(root, "c:BkToCstmrStmt", q, name)
    _one(stmt_root, "c:GrpHdr/c:MsgId", q, name)
    statements = stmt_root.findall("c:Stmt", q)
    if not statements:
        raise StatementError(f"{name}:{stmt_root.sourceline}: BkToCstmrStmt without Stmt")
    out = []
    for stmt in statements:
        _one(stmt, "c:Id", q, name)
        _one(stmt, "c:Acct", q, name)
        own = (_bounded(stmt, "c:Acct/c:Id/c:IBAN", q, name, MAX_ACCOUNT)
               or _bounded(stmt, "c:Acct/c:Id/c:Othr/c:Id", q, name, MAX_ACCOUNT))
        for entry in stmt.findall("c:Ntry", q):
            own = own.replace(" ", "").upper()
            out += [replace(line, payee_account=own) for line in _entry(entry, q, name)]
    return out


def _one(node, path: str, q: dict, name: str):
    found = node.find(path, q)
    if found is None:
        raise StatementError(f"{name}:{node.sourceline}: {path.replace('c:', '')} missing "
                             f"in {node.tag.split('}')[-1]}")
    return found


def _text(node, path: str, q: dict) -> str:
    found = node.find(path, q)
    return (found.text or "").strip() if found is not None else ""


def _bounded(node, path: str, q: dict, name: str, limit: int = MAX_REFERENCE) -> str:
    """The text of an id field (a reference, an account), at most `limit` characters, else one
    StatementError naming the element's line (red team 14, B05)."""
    found = node.find(path, q)
    if found is None:
        return ""
    text = (found.text or "").strip()
    field = path.replace("c:", "")
    return bounded(text, f"{name}:{found.sourceline}", field, limit)


def _entry(entry, q: dict, name: str) -> list[StatementLine]:
    """The entry's line, or one line per transaction of a batch entry (several TxDtls): a batch
    booked as one sum may hold several payers' money (red team 11, B9)."""
    at = f"{name}:{entry.sourceline}"
    amt = _one(entry, "c:Amt", q, name)
    indicator = _text(entry, "c:CdtDbtInd", q)
    if indicator not in ("CRDT", "DBIT"):
        raise StatementError(f"{at}: Ntry: CdtDbtInd must be CRDT or DBIT, not {indicator!r}")
    status = _one(entry, "c:Sts", q, name)
    code = (_text(status, "c:Cd", q) or (status.text or "")).strip().upper()
    if code not in ("BOOK", "PDNG", "INFO", "FUTR"):  # camt.053.001.02 codes and the later Cd form
        raise StatementError(f"{at}: Ntry: Sts {code[:20]!r} is not BOOK, PDNG, INFO or FUTR")
    amount = amount_of(amt.text or "", f"{name}:{amt.sourceline}", "Ntry/Amt", comma=False)
    currency = _currency(amt, name)
    booked = _text(entry, "c:BookgDt/c:Dt", q) or _text(entry, "c:BookgDt/c:DtTm", q)[:10]
    try:
        day = date.fromisoformat(booked)
    except ValueError:
        raise StatementError(f"{at}: Ntry: BookgDt {booked!r} is not a date") from None
    own = _bounded(entry, "c:AcctSvcrRef", q, name)
    number = _bounded(entry, "c:NtryRef", q, name)
    if not (own or number or entry.find("c:NtryDtls/c:TxDtls/c:Refs/c:AcctSvcrRef", q) is not None):
        raise StatementError(f"{at}: Ntry without AcctSvcrRef or NtryRef: its payment could not be "
                             "told from a second import of it")
    common = {"line": entry.sourceline, "day": day, "incoming": indicator == "CRDT",
              "unbooked": "" if code == "BOOK" else f"not booked by the bank (Sts {code})",
              "reversal": _text(entry, "c:RvslInd", q).lower() in ("true", "1")}
    txs = entry.findall("c:NtryDtls/c:TxDtls", q)
    if len(txs) <= 1:
        tx = txs[0] if txs else entry
        ref = own or _bounded(tx, "c:Refs/c:AcctSvcrRef", q, name)
        legacy = "" if ref else f"camt:{number}"
        doc = _doc_id(ref, number, day, amount)
        return [_line(tx, entry, q, name, doc, amount, currency, common, legacy)]
    parts = [_tx_amount(tx, q, name) for tx in txs]
    if any(p is None for p in parts) or sum(p[0] for p in parts) != amount \
            or any(p[1] != currency for p in parts):
        return [StatementLine(
            doc_id=_doc_id(own, number, day, amount), amount=amount, currency=currency,
            purpose=_text(entry, "c:AddtlNtryInf", q), **common,
            unmatched=f"a batch of {len(txs)} transactions whose own amounts do not add up to the "
                      "entry's: record each with 'contractkit paid'")]
    out = []
    for index, (tx, (part, _ccy)) in enumerate(zip(txs, parts, strict=True), 1):
        ref = _bounded(tx, "c:Refs/c:AcctSvcrRef", q, name)
        doc = f"camt:{ref}" if ref else f"{_doc_id(own, number, day, amount)}#{index}"
        out.append(_line(tx, entry, q, name, doc, part, currency, {**common, "line": tx.sourceline}))
    return out


def _line(tx, entry, q: dict, name: str, doc_id: str, amount, currency: str, common: dict,
          legacy: str = "") -> StatementLine:
    texts = [(n.text or "").strip() for n in tx.findall("c:RmtInf/c:Ustrd", q)]
    texts += [(n.text or "").strip() for n in tx.findall("c:RmtInf/c:Strd//c:Ref", q)]
    if tx is entry or len(entry.findall("c:NtryDtls/c:TxDtls", q)) == 1:
        texts.append(_text(entry, "c:AddtlNtryInf", q))  # a batch's note is no one payer's purpose
    debtor = tx.find("c:RltdPties/c:Dbtr", q)
    account = (_bounded(tx, "c:RltdPties/c:DbtrAcct/c:Id/c:IBAN", q, name, MAX_ACCOUNT)
               or _bounded(tx, "c:RltdPties/c:DbtrAcct/c:Id/c:Othr/c:Id", q, name, MAX_ACCOUNT))
    return StatementLine(
        doc_id=doc_id, amount=amount, currency=currency, purpose=" ".join(t for t in texts if t),
        payer=_text(debtor, "c:Nm", q) if debtor is not None else "",
        payer_account=account.replace(" ", "").upper(), legacy_id=legacy, **common)


def _doc_id(own: str, number: str, day, amount) -> str:
    """The bank's own reference (AcctSvcrRef) is unique; NtryRef is unique only within its
    statement (ISO 20022), so a bank numbering entries 1, 2, 3 every day would make the next day's
    entry 1 "recorded already": with NtryRef alone the id also carries the day and the sum (red
    team 11, B10)."""
    return f"camt:{own}" if own else f"camt:{number}@{day}/{amount}"


def _tx_amount(tx, q: dict, name: str):
    """(amount, currency) a batch transaction states for itself, or None."""
    node = tx.find("c:Amt", q)
    if node is None:
        node = tx.find("c:AmtDtls/c:TxAmt/c:Amt", q)
    if node is None:
        return None
    where = f"{name}:{node.sourceline}"
    return amount_of(node.text or "", where, "TxDtls/Amt", comma=False), _currency(node, name)


def _currency(node, name: str) -> str:
    currency = node.get("Ccy", "")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise StatementError(f"{name}:{node.sourceline}: Amt without a Ccy currency code")
    return currency
