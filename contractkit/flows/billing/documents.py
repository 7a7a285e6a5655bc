"""Acceptance acts and invoices: their template context, rendered like every other document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from contractkit import calendar, money
from contractkit.compute import rights_later
from contractkit.errors import WorkspaceError
from contractkit.flows.billing.book import Book, Installment, is_self_employed
from contractkit.model import Project
from contractkit.render import context as ctx
from contractkit.render.docdata import attachment
from contractkit.render.documents import file_name, html_for, stamp_of, to_formats
from contractkit.render.look import look_for
from contractkit.state.offsets import prepayment_offset, prepayment_offset_vat
from contractkit.state.rights import act_split
from contractkit.store.payments import ActRecord
from contractkit.words import licenses, remarks

ACT_TITLES = {
    ("ru", "services"): "Акт сдачи-приёмки оказанных услуг",
    ("ru", "work"): "Акт сдачи-приёмки выполненных работ",
    ("en", "services"): "Acceptance Certificate",
    ("en", "work"): "Acceptance Certificate",
}


RIGHTS_TITLES = {"ru": "Акт приёма-передачи исключительных прав",
                 "en": "Certificate of Transfer of Intellectual Property Rights"}


def vat_of(project: Project, net: Decimal) -> tuple[Decimal | None, Decimal]:
    """(VAT, sum to pay) on a part of the price, the way the contract states its VAT."""
    tax = project.tax
    if tax.vat is None or is_self_employed(project):
        return None, net
    if tax.prices_include_vat:
        return money.vat_within(net, tax.vat, project.currency), net
    vat = money.vat_on(net, tax.vat, project.currency)
    return vat, net + vat


def base_context(book: Book, day: date | None = None, stages: Sequence[str] = ()) -> dict:
    """The common document context of the last signed version, plus which versions are signed.
    With `day` (an act's or a certificate's date): the version in force on that day, so an act
    recorded later never recites, or takes figures from, an addendum or Change Order signed after its
    own date (review-en4 E14; review-ru5 R8: an act of 18 May «в редакции ДС № 1 от 20 мая» reads as
    backdated), unless a stage it names came only with that addendum."""
    k = len(book.signed)
    if day is not None:
        k = max(1, sum(1 for s in book.signed if s.date <= day))
        figures = book.state.history.figures[k - 1]
        known = {x.deliverable.id for x in figures.lines}
        if any(s not in known for s in stages):
            k = len(book.signed)
    project, figures = book.versions[k - 1], book.state.history.figures[k - 1]
    base = ctx.build(book.project, book.figures) if k == len(book.signed) else ctx.build(project, figures)
    return {
        **base,
        "versions": [{"tag": s.tag, "kind": s.kind, "number": s.number, "date": s.date, "drafted": s.drafted}
                     for s in book.signed[:k]],
        "npd": is_self_employed(book.project),
    }


def installments_due_on_act(book: Book, record: ActRecord) -> list[Installment]:
    """Installments whose payment term this act starts: a stage's, or the final one's."""
    accepted = set(book.accepted) | (set(record.stages) if record.accepted else set())
    completes = record.accepted and all(x.deliverable.id in accepted for x in book.lines)
    out = []
    for inst in book.installments:
        if inst.label == "acceptance" and record.accepted and inst.deliverable in record.stages:
            out.append(inst)
        elif inst.label in ("completion", "launch") and completes:
            out.append(inst)
    return out


def act_context(book: Book, record: ActRecord) -> dict:
    base = base_context(book, record.date, record.stages)
    lines = [x for x in base["lines"] if x["id"] in record.stages]
    net = sum((x["price"] for x in lines), money.ZERO)
    vat, gross = vat_of(book.project, net)
    p = book.project
    working = p.payment.day_kind == "working"
    paid = book.state.paid_by(record.date)  # the act states the deal as of its own date
    due = [{"n": i.number, "label": i.label, "amount": i.amount - paid.get(i.key, money.ZERO),
            "days": i.days, "due": calendar.due_after(record.date, i.days, p.calendar, working)}
           for i in installments_due_on_act(book, record)]
    return {
        **base,
        "act": {
            "number": book.act_no(record), "date": record.date, "lines": lines, "net": net, "vat": vat,
            "gross": gross, "remarks": record.remarks, "fix_by": record.fix_by,
            # each remark with the acceptance criterion it fails (EN Section 4.2; review-en E14)
            "tied": remarks.tie(record.remarks, lines),
            "accepted": record.accepted, "whole": len(lines) == len(base["lines"]),
            "late": late_stages(book, record),
            "licensed": record.licensed, "paid": book.state.received_by(record.date),
            "price": book.total,  # the contract's price in force: never the sum paid (ГК РФ ст. 424)
            "on_acceptance": p.terms.ip_transfer == "acceptance",
            "passing": _passing_now(book, record, lines),
            # `ip_transfer: full_payment`: the works' price and the right's remuneration apart, the
            # right passing later by the rights act (НК РФ ст. 167 п. 1 пп. 1; review-ru5 R17)
            "split": act_split(book.state, record.stages, record.date, gross, vat)
            if record.accepted and record.kind != "rights" else None,
            "rights_later": rights_later(p),  # the final act's summary: not all of it «работы»
            # `accept --files`: what was delivered, by name and SHA-256 (review-en3 E4)
            "files": [{"n": next((x["n"] for x in lines if x["id"] == f.stage), ""), "name": f.name,
                       "format": f.format, "sha256": f.sha256} for f in record.delivered],
            # what was delivered with the act, in either rights mode: the evidence of what was
            # accepted (ГК РФ ст. 720, 721; review-ru3 R10)
            "delivered": [{"stage": f.stage, "name": f.name, "sha256": f.sha256} for f in record.delivered]
            if record.accepted and record.kind != "rights" else [],
            "extra_licensed": licenses.extra_licensed(base["ip"]["third_party"], record.licensed),
            "restated_licensed": licenses.restated_licensed(base["ip"]["third_party"], record.licensed),
            "paid_in_full_on": max((x.date for x in book.effective if x.date <= record.date), default=None),
            "acts": [{"number": book.act_no(a), "date": a.date} for a in book.acts
                     if a.accepted and a.date <= record.date],
            "due": [d for d in due if d["amount"] > 0],
            "overdue": _overdue(book, record, paid, {i.key for i in installments_due_on_act(book, record)}),
            "fixed": fixed_remarks(book, record, base["lines"]),
            "offset": _offset(book, record),
            "summary": _summary(book, record, gross) if any(
                d["label"] in ("completion", "launch") for d in due) else None,
            # it accepts the last open stage: the final act the contract's final payment, warranty
            # and support count from, whether or not anything is left to pay (review-ru3 R3)
            "final": record.accepted and _closes_all(book, record, base["lines"]),
            "final_paid": bool(book.state.installments) and all(
                paid.get(i.key, money.ZERO) >= i.amount for i in book.state.installments),
        },
    }


def _closes_all(book: Book, record: ActRecord, lines: list[dict]) -> bool:
    """The act accepts the last stage still open on its date (itself counted, recorded or not)."""
    done = {s for a in book.acts if a.accepted and a.date <= record.date for s in a.stages}
    done |= set(record.stages)
    return all(x["id"] in done for x in lines)


def _passing_now(book: Book, record: ActRecord, lines: list[dict]) -> list[dict]:
    """With `ip_transfer: acceptance` the act accepting a stage is the one by which its exclusive
    right passes (contract 11.2, ГК РФ п. 4 ст. 1234): each such stage of this act with the files
    recorded for it (`accept --files`), which identify the result."""
    if book.project.terms.ip_transfer != "acceptance" or not record.accepted or record.kind == "rights":
        return []
    files: dict[str, list] = {}
    for f in record.delivered:
        files.setdefault(f.stage, []).append({"name": f.name, "format": f.format, "sha256": f.sha256})
    return [{"id": x["id"], "title": x["title"], "program": x["program"], "files": files.get(x["id"], [])}
            for x in lines if x["rights"]]


def _overdue(book: Book, record: ActRecord, paid: dict, billed: set[str]) -> list[dict]:
    """Installments overdue on the act's date (the deal state's due dates, the payments made by
    then) other than those this act bills: the final act states the client's debt with them."""
    out = []
    for s in book.standing():
        inst = s.installment
        left = inst.amount - paid.get(inst.key, money.ZERO)
        if s.due is not None and s.due < record.date and left > 0 and inst.key not in billed:
            out.append({"n": inst.number, "amount": left, "since": s.due + timedelta(days=1),
                        "addendum": inst.addendum})
    return out


def late_stages(book: Book, record: ActRecord) -> list[dict]:
    """The act's stages accepted after their deadline in force (the deal state's), by how many
    working days: such an act never says «в срок»."""
    from contractkit.state.deal import working_days_after

    if not record.accepted:
        return []
    out = []
    for stage_id in record.stages:
        stage = book.state.stage(stage_id)
        days = working_days_after(stage.deadline, record.date, book.project.calendar) if stage else 0
        if days:
            out.append({"id": stage.id, "title": stage.title, "deadline": stage.deadline, "days": days})
    return out


def rights_context(path: Path, book: Book, record: ActRecord) -> dict:
    """The rights act: each result whose rights pass, identified by the files delivered for it
    (`accept --files`), and the contract's clause on third-party objects cited by its number."""
    from contractkit.flows.letters.clauses import signed_clauses

    context = act_context(book, record)
    files: dict[str, list] = {}
    listed: set[str] = set()  # a file recorded for two stages (before `accept` refused it) is listed once
    for act in book.acts:
        if act.accepted:
            for f in act.delivered:
                if f.sha256 not in listed:
                    listed.add(f.sha256)
                    files.setdefault(f.stage, []).append({"name": f.name, "format": f.format,
                                                          "sha256": f.sha256})
    accepted_by = {}
    for act in book.acts:
        if act.accepted and act.kind == "acceptance":
            for stage in act.stages:
                accepted_by[stage] = {"number": book.act_no(act), "date": act.date}
    for line in context["act"]["lines"]:
        line_files = files.get(line["id"], [])
        line["files"] = line_files
        line["accepted_by"] = accepted_by.get(line["id"])
    clauses = signed_clauses(book, path)
    context["act"]["third_party_clause"] = clauses.get("third_party", "")
    context["act"]["ip_clause"] = clauses.get("ip", "")
    context["act"]["moment_clause"] = clauses.get("ip_moment", "")
    context["act"]["materials_clause"] = clauses.get("materials", "")  # Contractor Materials: licensed
    context["act"]["licence_clause"] = clauses.get("licence", "")  # the licence until full payment
    return context


def _offset(book: Book, record: ActRecord) -> dict | None:
    """The prepayment this act offsets against its stages (the contract's rule, state/offsets.py:
    issue 24 R11) and, for a VAT payer, the VAT within it (НК РФ п. 6 ст. 172); None when there is
    none. Russian acts only."""
    if not record.accepted or book.project.language != "ru":
        return None
    amount = prepayment_offset(book.state, record.stages, record.date, record.id)
    if amount <= 0:
        return None
    vat = None if is_self_employed(book.project) else prepayment_offset_vat(book.state, amount)
    return {"amount": amount, "vat": vat}


def fixed_remarks(book: Book, record: ActRecord, lines: list[dict]) -> list[dict]:
    """Earlier rejections (acts of remarks) of the stages this act accepts: the act says they were
    fixed (RU act 5 after act 4; EN review-en2 E6), naming each by number and date and, for the
    English certificate, what it listed: its remarks on the milestones accepted now, each tied to
    its criterion as the notice printed it (a remark on a milestone still rejected stays open)."""
    if not record.accepted:
        return []
    out = []
    for act in book.acts:
        common = set(act.stages) & set(record.stages)
        if act.accepted or act.id == record.id or act.date > record.date or not common:
            continue
        rejected = [x for x in lines if x["id"] in act.stages]
        now = {x["n"] for x in rejected if x["id"] in common}
        listed = [r for r in remarks.tie(act.remarks, rejected) if r["milestone"] in now | {None}]
        out.append({"number": book.act_no(act), "date": act.date, "fix_by": act.fix_by,
                    "milestones": [{"n": x["n"], "title": x["title"]} for x in rejected if x["n"] in now],
                    "remarks": listed})
    return out


def _summary(book: Book, record: ActRecord, gross: Decimal) -> dict:
    """What the final act settles: every act's sum, what was paid, what is left (the final act
    demands the whole final payment, so it shows the whole contract it closes)."""
    prices = {x.deliverable.id: x.price for x in book.lines}
    earlier = []
    for act in book.acts:
        if act.accepted and act.kind == "acceptance" and act.id != record.id and act.date <= record.date:
            net = sum((prices.get(s, money.ZERO) for s in act.stages), money.ZERO)
            earlier.append({"number": book.act_no(act), "date": act.date,
                            "sum": vat_of(book.project, net)[1]})
    return {"total": book.total, "acts": earlier, "this": gross, "paid": book.state.received_by(record.date),
            "addenda": [{"number": s.number, "date": s.date, "drafted": s.drafted}
                       for s in book.signed if s.kind == "addendum"]}


def _stamped(project: Project, day: date) -> Project:
    """The project with the document's date as the one date written into file metadata."""
    return project.model_copy(update={"contract": project.contract.model_copy(update={"date": day})})


def _refuse_placeholders(project: Project) -> None:
    """An invoice, act or letter never names a party by a starting point's FILL placeholder."""
    from contractkit.model.ids import placeholder_fields

    left = placeholder_fields(project.plain())
    if left:
        field, value = left[0]
        raise WorkspaceError(f"{field}: FILL is still to be filled in ({value!r}) in the version this "
                             f"document comes from; {len(left)} FILL left in all",
                             hint="fill them in, commit, and sign that version")


def render_document(path: Path, book: Book, template: str, context: dict, title: str, day: date,
                    stem: str, formats: list[str], extra: dict | None = None,
                    attach: bool = True) -> dict[str, bytes]:
    """{file name: bytes}: PDF/A-3b (the document's data attached unless `attach` is False, see
    render/docdata.py, and `extra`, an e-invoice for render/pdf.py), DOCX, HTML. The document's own
    date is the one written into metadata; the running head still names the contract."""
    project = book.project
    _refuse_placeholders(project)
    look = _signed_look(path, book)
    html = html_for(template, context, project, look, title)
    stamp = stamp_of(_stamped(project, day))
    data = attachment(context, template.removesuffix(".html.j2"), title, day) if attach else None
    files = to_formats(html, formats, project, look, data, title, stamp=stamp, extra=extra)
    return {file_name(stem, project, fmt): data for fmt, data in files.items()}


def _signed_look(path: Path, book: Book):
    """The project's look as the last signed version holds it (flows/wordsigned.py): a teammate's
    later edit of the look's invoice template reached the client's invoice with their account in it
    (red team 11, B4); the look changes for billing when the client signs the next version."""
    if not book.signed:
        return look_for(book.project, path)
    from contractkit.flows.wordsigned import signed_look
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return signed_look(repo, path, book.project, book.signed[-1])


def act_files(path: Path, book: Book, record: ActRecord, formats: list[str]) -> dict[str, bytes]:
    project = book.project
    if record.kind == "rights":
        title = RIGHTS_TITLES[project.language]
        number = record.number if project.language == "ru" else book.act_no(record)
        title = f"{title} № {number}" if project.language == "ru" else f"{title} No. {number}"
        return render_document(path, book, "act-rights.html.j2", rights_context(path, book, record),
                               title, record.date, f"act-{record.number}", formats)
    title = ACT_TITLES[(project.language, project.contract.type)]
    if project.language == "ru" and not record.accepted:  # accepts and bills nothing
        what = "услуг" if project.contract.type == "services" else "работ"
        title = f"Акт о замечаниях при приёмке {what}"
    if project.language == "en" and not record.accepted:  # the Client's notice, numbered apart
        title = "Notice of Rejection"
    title = f"{title} № {record.number}" if project.language == "ru" else f"{title} No. {book.act_no(record)}"
    context = act_context(book, record)
    if project.language == "ru":  # «(платёж по подпункту 3.3.2 Договора)»: the signed numbers in force
        from contractkit.flows.letters.clauses import signed_clauses

        clauses = signed_clauses(book, path, amended=len(book.versions) > 1)
        context["act"]["payment_clause"] = clauses.get("payment", "")
        context["act"]["moment_clause"] = clauses.get("ip_moment", "")
        context["act"]["third_party_clause"] = clauses.get("third_party", "")
    return render_document(path, book, "act.html.j2", context, title, record.date,
                           f"act-{record.number}", formats)
