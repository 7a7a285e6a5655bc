"""The final invoice of an English contract: the whole price, less what was received on account.

UStG §14(5) sentence 2 (a German client's Endrechnung / Schlussrechnung): a final invoice states
the whole consideration and deducts the part-payments received before and the VAT on them; HMRC
(VAT Notice 700, 14.2: payments on account) asks the same of a UK VAT invoice that follows
advance payments; with no VAT (a US client, reverse charge) the payments are simply credited.
The Factur-X XML says the same: BT-112 the whole price, BT-113 what was paid, BT-115 the rest
(EN 16931 BR-CO-16).
"""

from __future__ import annotations

from decimal import Decimal

from contractkit import money
from contractkit.flows.billing.book import Book, is_self_employed
from contractkit.state.offsets import PREPAYMENT_LABELS
from contractkit.store.payments import InvoiceRecord


def final_settlement(book: Book, record: InvoiceRecord) -> dict | None:
    """The final statement an invoice carries when it bills what is left of the whole price after
    money was received on account (every other installment paid), or None: a deposit invoice, an
    invoice with installments still open besides it, or the first money asked."""
    project = book.project
    inst = book.installment(record.installment)
    if project.language != "en" or inst.label in PREPAYMENT_LABELS:
        return None
    paid = {k: v for k, v in book.paid.items() if v > 0}
    received = sum(paid.values(), money.ZERO)
    total = book.figures.total
    if received <= 0 or received + record.amount != total:
        return None
    with_vat = project.tax.vat is not None and book.figures.vat is not None and not is_self_employed(project)
    rows = []
    for i in book.installments:
        amount = paid.get(i.key)
        if not amount:
            continue
        vat = money.vat_within(amount, project.tax.vat, project.currency) if with_vat else None
        rows.append({
            "n": i.number, "label": i.label, "addendum": i.addendum, "amount": amount, "vat": vat,
            "invoices": [{"id": v.label, "date": v.date} for v in book.invoices
                         if v.installment == i.key and v.id != record.id],
            "payments": [{"id": p.id, "date": p.date} for p in book.effective
                         if not p.reverses and not p.refund and p.allocations.get(i.key, money.ZERO) > 0],
        })
    total_vat = book.figures.vat if with_vat else None
    received_vat = sum((r["vat"] for r in rows), money.ZERO) if with_vat else None
    due_vat = total_vat - received_vat if with_vat else None
    return {
        "total": total, "vat": total_vat, "net": total - (total_vat or money.ZERO),
        "rows": rows, "received": received, "received_vat": received_vat,
        "received_net": received - (received_vat or money.ZERO),
        "due": record.amount, "due_vat": due_vat, "due_net": record.amount - (due_vat or money.ZERO),
        "earlier": [v for r in rows for v in r["invoices"]],
    }


def balance_vat(settlement: dict | None, vat: Decimal | None) -> Decimal | None:
    """The VAT a final invoice charges: the whole price's VAT less the VAT on what was received
    (so the VAT invoiced adds up to the contract's to the penny)."""
    return settlement["due_vat"] if settlement and settlement["due_vat"] is not None else vat
