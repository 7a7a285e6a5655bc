"""Invoices: numbered per year without gaps, each naming the signed version it bills.

Russian invoices carry the ГОСТ Р 56042-2014 payment QR code banking apps scan; English ones
carry a Factur-X (EN 16931) XML inside the PDF/A-3 (billing/facturx.py).
"""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from contractkit import money
from contractkit.flows.billing import issued, open_book
from contractkit.flows.billing.book import Book, Installment, is_self_employed
from contractkit.flows.billing.documents import base_context, render_document
from contractkit.flows.billing.record import BillingError, resolve_installment
from contractkit.flows.billing.settlement import balance_vat, final_settlement
from contractkit.model import Project
from contractkit.store import payments
from contractkit.store.lock import locked
from contractkit.store.payments import InvoiceRecord
from contractkit.store.repo import open_repo
from contractkit.words import fmt, foreign_ru, transfer_ru
from contractkit.words.tax import cross_border_vat

TITLES = {"ru": "Счёт на оплату", "en": "Invoice"}
WHAT_RU = {"signing": "Предоплата", "acceptance": "Оплата этапа", "completion": "Окончательный платёж",
           "launch": "Окончательный платёж", "date": "Платёж", "addendum": "Дополнительная предоплата"}
WHAT_EN = {"signing": "Deposit", "acceptance": "Milestone payment", "completion": "Final payment",
           "launch": "Final payment", "date": "Scheduled payment", "addendum": "Change order deposit"}


def version_billed(book: Book, inst: Installment, day: date) -> dict:
    """The signed version an installment is owed under: its addendum, or the last one signed by
    the invoice's date."""
    if inst.addendum is not None:
        record = book.signed[inst.addendum]
    else:
        record = [s for s in book.signed if s.date <= day][-1]
    return {"tag": record.tag, "kind": record.kind, "number": record.number, "date": record.date,
            "sha256": record.project_sha256,
            # the addenda in force in that version, for a basis worded «в редакции …» in plain words
            "addenda": [{"number": s.number, "date": s.date, "drafted": s.drafted} for s in book.signed
                        if s.kind == "addendum" and s.number <= (record.number or 0)]}


def act_billed(book: Book, inst: Installment) -> dict | None:
    """The act whose signing made an installment payable (a stage's act, or the final one)."""
    if inst.addendum is not None or inst.label not in ("acceptance", "completion"):
        return None
    if inst.label == "acceptance":
        act = book.accepted.get(inst.deliverable or "")
    else:
        acts = [a for a in book.acts if a.accepted and a.kind == "acceptance" and a.date == book.completed_on]
        act = acts[-1] if acts and book.completed_on else None
    if act is None:
        return None
    return {"number": book.act_no(act), "date": act.date, "final": inst.label == "completion"}


def purpose(project: Project, record: InvoiceRecord, vat) -> str:
    """Назначение платежа: the invoice, the contract, and the VAT in it."""
    c = project.contract
    if project.language == "ru":
        text = (f"Оплата по счёту № {record.label} от {fmt.short_date(record.date, 'ru')} по Договору "
                f"№ {c.number} от {fmt.short_date(c.date, 'ru')}. ")
        text += (f"В т.ч. НДС {fmt.number(vat, 'ru')} руб." if vat is not None else "Без НДС")
    else:
        text = f"Invoice {record.label}, Agreement No. {c.number}"
    return text.replace("\u00a0", " ")


def qr_payload(project: Project, amount, text: str) -> str:
    """ГОСТ Р 56042-2014 «ST00012» text: the payee's bank details, the sum in kopecks, the purpose."""
    payee, bank = project.contractor, project.contractor.bank
    if bank is None or not bank.bik or not bank.correspondent_account:
        raise BillingError("the contractor's bank needs bik and correspondent_account for a payment QR code",
                           hint="add them under contractor.bank in project.yaml")
    # the payee as its bank account is opened: «ИП Соколов Андрей Викторович» for a sole proprietor
    ip = payee.kind == "sole_proprietor" and not payee.name.startswith("ИП ")
    name = f"ИП {payee.name}" if ip else payee.name
    fields = [("Name", name), ("PersonalAcc", bank.account), ("BankName", bank.name),
              ("BIC", bank.bik), ("CorrespAcc", bank.correspondent_account),
              ("Sum", str(int(amount * 100))), ("Purpose", text), ("PayeeINN", payee.inn or ""),
              ("KPP", payee.kpp or "")]
    # '|' separates fields: a value may not contain it (ГОСТ Р 56042-2014 п. 5.2)
    return "ST00012|" + "|".join(f"{k}={v.replace('|', '/')}" for k, v in fields if v)


def qr_png(payload: str) -> bytes:
    """The QR code as PNG bytes: segno writes no timestamps, so the bytes repeat."""
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="png", scale=4, border=4)
    return out.getvalue()


def vat_balance(book: Book, record: InvoiceRecord, vat):
    """The invoice that completes the price carries the VAT balance, so the VAT invoiced adds up
    to the contract's (review-en3: £780.00 + £22.22 + £1,203.33 fell a penny short of £2,005.56;
    each invoice rounds on its own, the last takes the pennies), as the contract's own schedule does
    (context.vat_within_each); any other invoice states the VAT within its amount."""
    project, total = book.project, book.figures.vat
    earlier = [i for i in book.invoices if i.id != record.id and i.installment != record.installment]
    if total is None or sum((i.amount for i in earlier), record.amount) != book.figures.total:
        return vat
    balance = total - sum((money.vat_within(i.amount, project.tax.vat, project.currency) for i in earlier),
                          money.ZERO)
    return balance if abs(balance - vat) <= Decimal("0.01") * (len(earlier) + 1) else vat


def invoice_context(book: Book, record: InvoiceRecord) -> dict:
    project = book.project
    inst = book.installment(record.installment)
    vat = None  # an installment is a share of the total, VAT included
    if project.tax.vat is not None and not is_self_employed(project):
        vat = vat_balance(book, record, money.vat_within(record.amount, project.tax.vat, project.currency))
    final = final_settlement(book, record)
    vat = balance_vat(final, vat)
    line = book.figures.line(inst.deliverable) if inst.deliverable else None
    text = purpose(project, record, vat)
    # a payer abroad pays by a SWIFT transfer; the ГОСТ Р 56042-2014 code is for Russian banking apps
    russian_payer = not foreign_ru.abroad(project.client)
    payload = qr_payload(project, record.amount, text) if project.language == "ru" and russian_payer else ""
    qr = ("data:image/png;base64," + base64.b64encode(qr_png(payload)).decode()) if payload else ""
    version = version_billed(book, inst, record.date)
    text_line = line_text(project, inst, line.deliverable.title if line else "", version["addenda"])
    if final:
        text_line = work_text(project, version["addenda"])
        for row in final["rows"]:
            row["what"] = WHAT_EN[row["label"]]
    from contractkit.flows.billing.facturx import supply

    supplied, period = supply(book, record, (act_billed(book, inst) or {}).get("date"))
    return {
        **base_context(book),
        "invoice": {
            # §14(4) no. 6 UStG, Directive 2006/112/EC Art. 226(7): the date of supply, or for an
            # advance the planned period of the work it pays for, as the XML's BT-72 / BG-14 (review-en4 E17)
            "supplied": supplied, "period": period,
            "id": record.label, "number": record.number, "date": record.date, "amount": record.amount,
            "vat": vat, "label": inst.label, "n": inst.number, "percent": inst.percent,
            "what": (WHAT_RU if project.language == "ru" else WHAT_EN)[inst.label],
            "stage": line.deliverable.title if line else "", "addendum": inst.addendum,
            "due": book.due_date(inst), "days": inst.days, "version": version_billed(book, inst, record.date),
            "act": act_billed(book, inst),
            "purpose": text, "qr": qr, "qr_payload": payload,
            # a transfer from abroad carries its purpose in Latin letters (issue 24 R8)
            "purpose_latin": transfer_ru.latin(f"Invoice No. {record.label} dated {record.date:%d.%m.%Y}, "
                                               f"Contract No. {project.contract.number} dated "
                                               f"{project.contract.date:%d.%m.%Y}"),
            "line_text": text_line,
            "terms_text": _terms_text(book, inst),
            "delivered": (act_billed(book, inst) or {}).get("date"),
            "vat_rule": cross_border_vat(project) if vat is None else None,
            "settlement": final,
        },
    }


def line_text(project: Project, inst: Installment, stage: str, addenda: list[dict] = ()) -> str:
    """What the one invoice line bills, in the document's language; `addenda`: the change orders in
    force, named in English where the line bills the contract as they amended it."""
    c = project.contract
    if project.language == "ru":  # the installment's signed number: the schedule's, never reused
        what = (WHAT_RU[inst.label] + (f" «{stage}»" if stage else "")
                + f" (платёж № {inst.number} графика платежей)")
        base = (f"по Дополнительному соглашению № {inst.addendum} к Договору" if inst.addendum
                else "по Договору")
        return f"{what} {base} № {c.number} от {fmt.short_date(c.date, 'ru')}"
    from contractkit.render.context import date_style

    with fmt.date_style(date_style(project)):
        what = (WHAT_EN[inst.label] + (f" ({stage})" if stage else "")
                + f", payment No. {inst.number} of the schedule,")
        base = f"under Change Order No. {inst.addendum} to" if inst.addendum else "under"
        text = f"{what} {base} Agreement No. {c.number} dated {fmt.long_date(c.date, 'en')}"
        if addenda and not inst.addendum:
            text += ", as amended by " + fmt.change_orders(addenda)
    return text


def work_text(project: Project, addenda: list[dict] = ()) -> str:
    """The one line of a final invoice: the whole Work at its whole price (UStG §14(5))."""
    from contractkit.render.context import date_style

    c = project.contract
    with fmt.date_style(date_style(project)):
        text = f"The Work under Agreement No. {c.number} dated {fmt.long_date(c.date, 'en')}"
        if addenda:
            text += ", as amended by " + fmt.change_orders(addenda)
    return text + ", all milestones: the whole price (final invoice)"


def _terms_text(book: Book, inst: Installment) -> str:
    due = book.due_date(inst)
    kind = book.project.payment.day_kind
    if due:
        from contractkit.words.jurisdiction import date_style

        return f"Payable by {fmt.long_date(due, 'en', date_style(book.project))}"
    return f"Payable within {inst.days} {'business' if kind == 'working' else 'calendar'} days of acceptance"


def check_invoice(book: Book, key: str, day: date) -> None:
    inst = book.installment(key)
    if book.paid.get(key, money.ZERO) >= inst.amount:
        raise BillingError(f"installment {inst.number} ({key}) is paid in full; no invoice is needed")
    if day < book.signed[0].date:
        raise BillingError(f"an invoice dated {day} is before the contract ({book.signed[0].date})")
    if inst.addendum is not None and day < book.signed[inst.addendum].date:
        raise BillingError(f"an invoice dated {day} is before addendum {inst.addendum} "
                           f"({book.signed[inst.addendum].date}) it bills")
    last = max((i for i in book.invoices if i.year == day.year), default=None,
               key=lambda i: i.number)
    if last is not None and day < last.date:
        raise BillingError(f"invoice {last.id} is dated {last.date}: a later number cannot be dated "
                           f"{day}, or the numbering would not follow the dates")


def record_invoice(path: Path, spec: str, day: date, formats: list[str]) -> tuple[InvoiceRecord, list[Path]]:
    """Number, render and commit an invoice for the open part of an installment."""
    from contractkit.store.files import sha256

    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        key = resolve_installment(book, spec)
        check_invoice(book, key, day)
        inst = book.installment(key)
        ident, number = payments.next_invoice(payments.invoices(repo), day.year)  # every file, counted or not
        prefix = book.project.contract.invoice_prefix or book.project.contract.number
        record = InvoiceRecord(id=ident, printed=payments.printed_number(prefix, ident), year=day.year,
                               number=number, date=day, installment=key,
                               amount=inst.amount - book.paid.get(key, money.ZERO),
                               version=version_billed(book, inst, day)["tag"])
        files = invoice_files(path, book, record, formats)
        record = record.model_copy(update={"files": {n: sha256(d) for n, d in sorted(files.items())}})
        documents = {path / "out" / name: data for name, data in files.items()}
        amount = fmt.money(record.amount, book.currency, book.project.language)
        payments.save(path, repo, record, f"Invoice {record.id}: {amount} for installment {key}",
                      documents)
        issued.remember(repo, record)
        return record, list(documents)


def invoice_files(path: Path, book: Book, record: InvoiceRecord, formats: list[str]) -> dict[str, bytes]:
    project = book.project
    title = f"{TITLES[project.language]} № {record.label}" if project.language == "ru" else \
        f"Invoice {record.label}"
    context = invoice_context(book, record)
    extra = None
    if project.language == "en":
        from contractkit.flows.billing.facturx import facturx_attachment

        extra = facturx_attachment(book, record, context)
    return render_document(path, book, "invoice.html.j2", context, title, record.date,
                           f"invoice-{record.id}", formats, extra)


__all__ = ["is_self_employed", "qr_payload", "qr_png", "record_invoice"]
