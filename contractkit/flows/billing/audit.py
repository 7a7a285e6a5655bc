"""`doctor`'s billing pass: every payment, act and invoice record checked against the others and
the signed scope (A2). The records come from teammates, so each is judged on its own and every
problem is reported; nothing here repairs or rewrites a record (a record is never rewritten).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from contractkit.errors import ContractkitError


def problems(repo, rev: str = "HEAD") -> list[str]:
    """One line per problem with the billing records at rev (the signed versions it holds); empty
    when they all stand."""
    from contractkit.store import history
    from contractkit.store.payments import ACTS, INVOICES, PAYMENTS, ActRecord, InvoiceRecord, PaymentRecord

    if not repo.head.is_valid():
        return []
    out: list[str] = []
    pays = _load(repo, rev, PAYMENTS, PaymentRecord, out)
    acts = _load(repo, rev, ACTS, ActRecord, out)
    invoices = _load(repo, rev, INVOICES, InvoiceRecord, out)
    if not (pays or acts or invoices):
        return out
    try:
        signed = [s for s in history.signatures(repo) if rev == "HEAD"
                  or repo.is_ancestor(repo.commit(f"refs/tags/{s.tag}").hexsha, repo.commit(rev).hexsha)]
        scopes = {s.tag: {d.id for d in history.project_at(repo, s.tag).deliverables} for s in signed}
        installments = _installments(repo, signed, rev)
        cut = ((signed[-1].date, _ceilings([history.project_at(repo, s.tag) for s in signed]))
               if len(signed) > 1 else None)
    except ContractkitError as exc:
        return out + [f"billing records cannot be checked against the signed versions ({exc.message})"]
    signed_on = signed[0].date if signed else None
    return out + record_problems(pays, acts, invoices, installments, scopes, signed_on, cut)


def record_problems(pays: list, acts: list, invoices: list, installments: dict[str, Decimal],
                    scopes: dict[str, set[str]], signed_on: date | None = None,
                    cut: tuple | None = None) -> list[str]:
    """What makes these billing records impossible against the signed versions (their schedule,
    scopes and the contract's signing day): one line each, naming the record's file and field;
    cut: (the last addendum's signing day, each installment's largest signed amount before it): an
    installment paid by then within an earlier amount may exceed what the addendum cut it to: that is
    owed back (`paid --refund`), not a damaged record."""
    from contractkit.store.payments import ACTS, INVOICES

    out = _payments(pays, installments, cut) + _dates(pays, acts, invoices, signed_on)
    for act in acts:
        where = f"act {act.id} ({ACTS}/{act.id}.yaml, version)"
        if act.version not in scopes:
            out.append(f"{where}: its version {act.version!r} is not a signed version ({', '.join(scopes)})")
            continue
        foreign = [s for s in act.stages if s not in scopes[act.version]]
        if foreign:
            out.append(f"act {act.id} ({ACTS}/{act.id}.yaml, stages): stages {', '.join(map(repr, foreign))} "
                       f"are not in the scope signed as {act.version}")
    for invoice in invoices:
        where = f"invoice {invoice.id} ({INVOICES}/{invoice.id}.yaml"
        if invoice.version not in scopes:
            out.append(f"{where}, version): its version {invoice.version!r} is not a signed version")
        if invoice.installment not in installments:
            out.append(f"{where}, installment): installment {invoice.installment!r} is not in the signed "
                       "schedule")
    return out


def book_problems(book) -> list[str]:
    """record_problems for an opened book (billing.open_book stops on the first)."""
    installments = {i.key: i.amount for i in book.installments}
    scopes = {s.tag: {d.id for d in v.deliverables} for s, v in zip(book.signed, book.versions, strict=True)}
    signed_on = book.signed[0].date if book.signed else None
    cut = (book.signed[-1].date, _ceilings(book.versions)) if len(book.signed) > 1 else None
    return record_problems(book.payments, book.acts, book.invoices, installments, scopes, signed_on, cut)


def _ceilings(versions: list) -> dict[str, Decimal]:
    """Installment key -> its largest amount in the signed versions before the last one."""
    from contractkit.ledger import History
    from contractkit.state.schedule import numbered

    dates = [i.date for i in versions[0].payment.schedule]
    out: dict[str, Decimal] = {}
    try:
        schedules = History(list(versions)).schedules[:-1]  # amounts do not depend on the dates
    except ContractkitError:
        return out
    for schedule in schedules:
        for i in numbered(schedule, dates):
            out[i.key] = max(out.get(i.key, i.amount), i.amount)
    return out


def _dates(pays: list, acts: list, invoices: list, signed_on: date | None) -> list[str]:
    """Records dated before the contract was signed, and reversals before what they take back
    (what `paid`, `accept` and `invoice` refuse to write)."""
    from contractkit.store.payments import path_of

    if signed_on is None:
        return []
    out = []
    for record in [*pays, *acts, *invoices]:
        if record.date < signed_on:
            out.append(f"{type(record).__name__.removesuffix('Record').lower()} {record.id} "
                       f"({path_of(record)}, date): dated {record.date}, before the contract was signed "
                       f"({signed_on})")
    by_id = {p.id: p for p in pays}
    for p in pays:
        target = by_id.get(p.reverses) if p.reverses else None
        if target is not None and p.date < target.date:
            out.append(f"payment {p.id} ({path_of(p)}, date): a reversal dated {p.date}, before the payment "
                       f"it takes back ({target.date})")
    return out


def _load(repo, rev: str, folder: str, model, out: list[str]) -> list:
    """The records of a folder at rev that parse and sit under `<id>.yaml`, once each; the rest
    reported."""
    from contractkit.store import records

    try:
        blobs = records.bounded(repo.commit(rev).tree / folder, folder)
    except KeyError:
        return []
    except ContractkitError as exc:  # a flood: one line, its records unread (red team 9, B12)
        out.append(exc.message)
        return []
    good, seen = [], set()
    for blob in blobs:
        try:
            record = records.parse(model, blob.data_stream.read(), blob.path)
        except ContractkitError as exc:
            out.append(exc.message)
            continue
        if blob.name != f"{record.id}.yaml":
            out.append(f"{blob.path}: its id {record.id} does not match its file name")
        elif record.id in seen:
            out.append(f"{blob.path}: the id {record.id} is used twice")
        else:
            seen.add(record.id)
            good.append(record)
    return good


def _installments(repo, signed, rev: str = "HEAD") -> dict[str, Decimal]:
    from contractkit.flows.billing.book import Book
    from contractkit.store import history

    if not signed:
        return {}
    book = Book(signed=signed, versions=[history.project_at(repo, s.tag) for s in signed],
                head=history.project_at(repo, rev), changes=[], payments=[], acts=[])
    return {i.key: i.amount for i in book.installments}


def _payments(pays: list, installments: dict[str, Decimal], cut: tuple | None = None) -> list[str]:
    from contractkit.store.payments import PAYMENTS

    out = []
    by_id = {p.id: p for p in pays}
    for p in pays:
        where = f"payment {p.id} ({PAYMENTS}/{p.id}.yaml"
        total = sum(p.allocations.values(), Decimal(0))
        if total != p.amount:
            out.append(f"{where}, allocations): its allocations sum to {total}, not its amount {p.amount}")
        unknown = [k for k in p.allocations if k not in installments]
        if unknown:
            out.append(f"{where}, allocations): installments {', '.join(map(repr, unknown))} are not in the "
                       "signed schedule")
        if p.refund:
            if p.reverses is not None or p.amount >= 0 or any(v >= 0 for v in p.allocations.values()):
                out.append(f"{where}, amount): a refund takes money off installments: every sum negative")
            continue
        if p.reverses is None:
            if p.amount <= 0 or any(v < 0 for v in p.allocations.values()):
                out.append(f"{where}, amount): a negative or zero amount that reverses nothing")
            continue
        target = by_id.get(p.reverses)
        if p.reverses == p.id:
            out.append(f"{where}, reverses): it reverses itself")
        elif target is None:
            out.append(f"{where}, reverses): it reverses {p.reverses}, which does not exist")
        elif target.reverses is not None:
            out.append(f"{where}, reverses): it reverses {p.reverses}, which is itself a reversal")
        elif p.amount != -target.amount or p.allocations != {k: -v for k, v in target.allocations.items()}:
            out.append(f"{where}, reverses): it does not take back {p.reverses} exactly (amount and every "
                       "allocation negated)")
    taken = [p.reverses for p in pays if p.reverses]
    for target in sorted({t for t in taken if taken.count(t) > 1}):
        out.append(f"payment {target} ({PAYMENTS}/{target}.yaml, reverses): it is taken back more than once")
    reversed_ids = set(taken)
    paid: dict[str, Decimal] = {}
    last: dict[str, str] = {}
    on: dict[str, date] = {}
    for p in pays:
        if not p.reverses and p.id not in reversed_ids:
            for key, amount in p.allocations.items():
                paid[key] = paid.get(key, Decimal(0)) + amount
                if not p.refund:
                    last[key], on[key] = p.id, p.date
    for key, amount in paid.items():
        if cut is not None and key in on and on[key] <= cut[0] and amount <= cut[1].get(key, Decimal(0)):
            continue  # paid, as then due, before an addendum cut it: owed back (`paid --refund`)
        if key in installments and amount > installments[key]:
            out.append(f"payment {last[key]} ({PAYMENTS}/{last[key]}.yaml, allocations): installment {key}: "
                       f"{amount} is recorded as paid, more than its {installments[key]}")
    return out
