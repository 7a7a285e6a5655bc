"""The data a PDF carries: what that document states, as canonical JSON, never the project file.

Every PDF/A-3b embeds `document-data.json` (AFRelationship Data): the parties as printed, the
stages, prices and dates in force, the installments and totals, and for acts, invoices, addenda
and change requests their own figures. It is built from the same template context the document is
rendered from (render/context.py over compute.py), so it can say nothing the page does not; YAML
comments, `notes:` and git metadata never reach it. The format is schema/document-data.schema.json.
Canonical: keys sorted, UTF-8, two-space indent, money as decimal strings, dates as ISO strings,
so the same document always carries the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

FORMAT = "contractkit/document-data"
VERSION = 1
ATTACHMENT_NAME = "document-data.json"
DESCRIPTION = "What this document states, as data (contractkit document-data v1)"

PARTY_FIELDS = ("kind", "name", "short_name", "address", "email", "phone", "inn", "kpp", "ogrn",
                "ogrnip", "registration", "entity")
BANK_FIELDS = ("name", "account", "bik", "correspondent_account", "swift", "routing", "address")
STAGE_FIELDS = ("n", "id", "title", "price", "hours", "rate", "start", "deadline")
INSTALLMENT_FIELDS = ("n", "on", "deliverable", "percent", "amount", "date", "days", "due",
                      "planned", "addendum")
CHANGE_FIELDS = ("id", "number", "title", "reason", "requested_by", "requested_on")
FULL = ("contract", "scope", "payments", "support", "brief", "addendum", "estimate", "redline")
"""Documents that state the whole deal: stages, installments and totals."""


def document_data(context: dict, kind: str, title: str, day: dt.date) -> dict:
    """The data of one document: `context` is what its template was given, `kind` which document.

    kind: contract, scope, payments, support, brief, brief-blank, addendum, estimate, redline,
    act, act-rights, invoice, or letter-<kind> (delay, remind, claim, suspend, update).
    """
    data: dict = {
        "format": FORMAT,
        "version": VERSION,
        "document": {"kind": kind, "title": title, "date": day, "language": context.get("lang")},
        "parties": {side: _party(context[side]) for side in ("contractor", "client") if side in context},
    }
    if kind == "brief-blank":  # sent before any contract exists
        return _plain(data)
    data["currency"] = context.get("currency")
    data["contract"] = _contract(context)
    if kind in FULL:
        data["stages"] = [_pick(x, STAGE_FIELDS) for x in context.get("lines", [])]
        data["installments"] = [_pick(p, INSTALLMENT_FIELDS) for p in context.get("payments", [])]
        data["totals"] = _pick(context, ("subtotal", "vat", "total", "prepayment"))
    if kind == "support" and context.get("support"):
        data["support"] = _pick(context["support"], ("name", "monthly_fee", "hours_included",
                                                     "extra_hour_rate", "months"))
    if kind == "addendum" and "addendum" in context:
        data["addendum"] = _addendum(context["addendum"])
    if kind == "estimate" and "change" in context:
        data["change"] = _estimate(context)
    if kind in ("act", "act-rights") and "act" in context:
        data["act"] = _act(context["act"])
    if kind == "invoice" and "invoice" in context:
        data["invoice"] = _pick(context["invoice"], ("id", "number", "date", "amount", "vat", "label",
                                                     "n", "percent", "due", "days", "line_text",
                                                     "purpose", "addendum"))
    return _plain(data)


def attachment(context: dict, kind: str, title: str, day: dt.date) -> bytes:
    """document_data as the canonical bytes a PDF embeds."""
    return canonical(document_data(context, kind, title, day))


def canonical(data: dict) -> bytes:
    """Sorted keys, UTF-8, two-space indent, one newline at the end: equal data, equal bytes."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _contract(context: dict) -> dict:
    c = context.get("contract", {})
    return _pick(c, ("number", "date", "place", "type", "start", "completion", "provisional"))


def _party(party: dict) -> dict:
    out = _pick(party, PARTY_FIELDS)
    signer = party.get("signer") or {}
    if signer.get("name"):
        out["signer"] = _pick(signer, ("name", "position"))
    if party.get("bank"):
        out["bank"] = _pick(party["bank"], BANK_FIELDS)
    return out


def _addendum(a: dict) -> dict:
    ledger = a.get("ledger") or {}
    return {
        "number": a.get("number"), "date": a.get("date"),
        "changes": [_pick(c, CHANGE_FIELDS)
                    for c in a.get("changes", [])],
        "added": [x.get("id") for x in a.get("added", [])],
        "removed": [x.get("id") for x in a.get("removed", [])],
        "changed": [c["new"].get("id") for c in a.get("changed", []) if c.get("new")],
        "ledger": {k: v for k, v in ledger.items() if isinstance(v, (Decimal, dt.date, int))
                   and not isinstance(v, bool)},
    }


def _estimate(context: dict) -> dict:
    effect = context.get("effect", {})
    return {
        **_pick(context["change"], CHANGE_FIELDS),
        **_pick(effect, ("old_total", "new_total", "delta", "old_completion", "new_completion",
                         "working_days_added", "valid_until")),
    }


def _act(act: dict) -> dict:
    out = _pick(act, ("number", "date", "net", "vat", "gross", "accepted", "fix_by"))
    out["lines"] = [_pick(x, STAGE_FIELDS) for x in act.get("lines", [])]
    if act.get("remarks"):
        out["remarks"] = list(act["remarks"]) if not isinstance(act["remarks"], str) else [act["remarks"]]
    if act.get("licensed"):
        out["licensed"] = list(act["licensed"])
    return out


def _pick(source: dict, fields: tuple[str, ...]) -> dict:
    """The named fields that have a value: an empty string or None is left out, not printed."""
    return {k: source[k] for k in fields if source.get(k) not in (None, "", [], {})}


def plain(value):
    """Decimals as exact strings, dates as ISO strings, every string a plain str (never Markup or
    another subclass): JSON without floats, and data a template can hold nothing live in."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if value is None or isinstance(value, (int, bool)):
        return value
    return str(value)


_plain = plain
