"""ISO 20022 camt.053 (bank-to-customer statement), read with lxml.

The ISO schema itself is not shipped: the file is checked by its namespace
(urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN) and the elements the schema requires of what we
read (GrpHdr/MsgId, Stmt/Id and Acct, and per entry Amt with Ccy, CdtDbtInd, Sts, BookgDt).
"""

from __future__ import annotations

import re
from datetime import date

from contractkit.flows.bank import StatementError, StatementLine, amount_of

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
        for entry in stmt.findall("c:Ntry", q):
            out.append(_entry(entry, q, name))
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


def _entry(entry, q: dict, name: str) -> StatementLine:
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
    currency = amt.get("Ccy", "")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise StatementError(f"{name}:{amt.sourceline}: Amt without a Ccy currency code")
    booked = _text(entry, "c:BookgDt/c:Dt", q) or _text(entry, "c:BookgDt/c:DtTm", q)[:10]
    try:
        day = date.fromisoformat(booked)
    except ValueError:
        raise StatementError(f"{at}: Ntry: BookgDt {booked!r} is not a date") from None
    tx = entry.find("c:NtryDtls/c:TxDtls", q)
    tx = tx if tx is not None else entry
    ref = (_text(entry, "c:AcctSvcrRef", q) or _text(tx, "c:Refs/c:AcctSvcrRef", q)
           or _text(entry, "c:NtryRef", q))
    if not ref:
        raise StatementError(f"{at}: Ntry without AcctSvcrRef or NtryRef: its payment could not be "
                             "told from a second import of it")
    texts = [(n.text or "").strip() for n in tx.findall("c:RmtInf/c:Ustrd", q)]
    texts += [(n.text or "").strip() for n in tx.findall("c:RmtInf/c:Strd//c:Ref", q)]
    texts.append(_text(entry, "c:AddtlNtryInf", q))
    debtor = tx.find("c:RltdPties/c:Dbtr", q)
    account = (_text(tx, "c:RltdPties/c:DbtrAcct/c:Id/c:IBAN", q)
               or _text(tx, "c:RltdPties/c:DbtrAcct/c:Id/c:Othr/c:Id", q))
    return StatementLine(
        line=entry.sourceline, doc_id=f"camt:{ref}", day=day, amount=amount, currency=currency,
        incoming=indicator == "CRDT", purpose=" ".join(t for t in texts if t),
        payer=_text(debtor, "c:Nm", q) if debtor is not None else "",
        payer_account=account.replace(" ", "").upper(),
        unbooked="" if code == "BOOK" else f"not booked by the bank (Sts {code})",
        reversal=_text(entry, "c:RvslInd", q).lower() in ("true", "1"))
