"""Plain data for the client's page, from the project's history (an allow-list of what to show).

Nothing private is read: not YAML comments (the model never sees them), not the .eml evidence of
approvals, not git authors or commit messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from contractkit.compute import compute
from contractkit.diff import impact
from contractkit.flows import approval, approval_trust
from contractkit.flows.site import chart
from contractkit.flows.site.documents import Document, money_documents, signed_documents
from contractkit.flows.site.labels import EVENTS, FIELDS, MONTHS, OTHER_FIELD, TRIGGERS, T, days_after
from contractkit.store import history
from contractkit.words.jurisdiction import date_style
from contractkit.words.notices import notice_shift
from contractkit.words.tax import cross_border_vat, no_vat_short


def gather(path: Path, today: dt.date) -> tuple[dict, list[Document]]:
    """(context for the page template, documents to copy beside it)."""
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        st = history.state(repo, path)
        if st.head_text is None:
            from contractkit.errors import RepositoryError

            raise RepositoryError("the project has no commits yet", hint="commit project.yaml first")
        head = history.project_at(repo, "HEAD")
        in_force = history.project_at(repo, st.last.tag) if st.signed else head
        original = history.project_at(repo, st.signed[0].tag) if st.signed else head
        from contractkit.flows.letters.record import letters

        deal = _deal_at(repo, today) if st.signed else None
        prepaid = deal.prepaid_on if deal else None
        steps = _steps(repo, [c for c in st.changes if c.status != "rejected"], prepaid)
        hollow = [cid for cid, step in steps.items() if step.empty]
        if hollow:
            from contractkit.errors import RepositoryError

            raise RepositoryError(f"{len(hollow)} change record(s) record no edit of the signed scope "
                                  f"({', '.join(hollow[:3])}{', …' if len(hollow) > 3 else ''}): written by "
                                  "hand, not by 'contractkit change'; the page is not made from them",
                                  hint="'contractkit doctor' lists them; remove them with whoever "
                                       "committed them")
        approved = {a.change: a for a in approval_trust.trusted(path, repo)}
        found = letters(repo) if st.signed else []
        from contractkit.flows.letters.update import in_effect_on_notice

        in_effect = in_effect_on_notice(found, st.changes)
        # change id -> whether it took effect on the notice (a client-caused delay, EN 2.4)
        # (the clause it took effect under, or False)
        notices = {x.change: in_effect.get(x.change, False) for x in found if x.kind == "delay" and x.change}
        notices.update(in_effect)
        if st.signed:  # a damaged or impossible billing record stops the page as it stops status
            from contractkit.flows.billing import open_book

            open_book(repo)
    lang = in_force.language
    figures = deal.figures if deal else compute(in_force)
    payments = ([_standing(s, in_force, figures, today) for s in deal.standing] if deal
                else [_payment(p, in_force, figures) for p in figures.payments])
    context = {
        "lang": lang, "t": T[lang], "today": today, "title": in_force.title, "currency": in_force.currency,
        "date_style": date_style(in_force), "vat_rule": cross_border_vat(in_force),
        "contract": {"number": in_force.contract.number, "date": in_force.contract.date,
                     "services": in_force.contract.type == "services"},
        "signed": bool(st.signed),
        "in_force": _version_name(st.last, lang, date_style(in_force)) if st.signed else None,
        "total": deal.total if deal else figures.total, "vat": figures.vat,
        "refunded": deal.refunded if deal else None, "overpaid": deal.overpaid if deal else None,
        "vat_none": no_vat_short(in_force.tax, in_force.contract.date.year, lang),
        "completion": deal.completion if deal else figures.completion,
        "awaits_prepayment": deal.prepayment_due() if deal and deal.awaits_prepayment else None,
        "parties": [_party(in_force.contractor, "contractor", in_force.language),
                    _party(in_force.client, "client", in_force.language)],
        "lines": [_line(x, in_force, deal) for x in figures.lines],
        "out_of_scope": list(in_force.brief.out_of_scope),
        "payments": payments,
        # what `status`, the update and the claim state as owed beyond the fee (state/interest.owed):
        # a page showing every installment "paid" while the letters claim interest (review-en5 E11)
        "late": _late(deal, today),
        "history": _history(st, steps, approved, lang, in_force.currency, notices,
                            deal.versions if deal else st.signed, today),
    }
    signed_figures, deposit = _signed_figures(deal)
    if signed_figures is not None and context["history"] and context["history"][0]["kind"] == "contract":
        # the completion the contract states (§2.1), not the one the late deposit moved it to
        context["history"][0]["completion"] = signed_figures.completion
    signed_on = deal.history.signed_on if deal else None  # the prepayment fell due from it
    rows, moved = _timeline(figures, signed_figures or compute(original, prepaid, signed_on),
                            compute(head, prepaid, signed_on), st, steps, deal, deposit)
    context["moved"] = moved
    context["chart"] = chart.layout(rows, today, MONTHS[lang])
    documents = signed_documents(path, st) + (money_documents(path, deal) if deal else [])
    context["documents"] = [{"name": d.name, "sha256": d.sha256, "signed_copy": d.signed_copy,
                             "size": len(d.data)} for d in documents]
    pending, sheets = _pending(path, head, st, approved, in_effect, in_force)
    context["pending"] = pending
    # a client-caused delay notice is in force (state/delays.py): shown, never "awaiting approval"
    context["notified"] = [{"id": c.id, "title": c.title, "reason": c.reason, "date": c.requested_on,
                            "clause": in_effect.get(c.id, "-"), "future": c.requested_on > today}
                           for c in st.pending if c.id in in_effect and c.id not in approved]
    return context, documents + sheets


def _version_name(record, lang: str, style: str = "") -> str:
    t = T[lang]
    from contractkit.words import fmt

    day = fmt.short_date(record.date, lang) if lang == "ru" else fmt.long_date(record.date, lang, style)
    if record.kind == "contract":
        return f"{t['contract']} {t['of']} {day}"
    drafted = getattr(record, "drafted", None)
    if lang == "ru" and drafted and drafted != record.date:  # known by the date it carries
        return f"{t['addendum']} {record.number} {t['of']} {fmt.short_date(drafted, lang)} (подписано {day})"
    return f"{t['addendum']} {record.number} {t['of']} {day}"


def _steps(repo, changes: list, prepaid=None) -> dict:
    """Each change request's effect, from one walk of the history; one diff per distinct edit."""
    from contractkit.store import audit

    memo: dict = {}
    out = {}
    for change, (sha, base) in zip(changes, audit.change_commits(repo, changes), strict=True):
        if (sha, base) not in memo:
            found = history.settled(repo, base) if base else None  # a broken version: the one before
            before = found[1] if found else history.project_at(repo, sha)
            memo[(sha, base)] = impact(before, history.project_at(repo, sha), prepaid)
        out[change.id] = memo[(sha, base)]
    return out


def _party(p, role: str, lang: str = "en") -> dict:
    """A party as the page shows it; in Russian an ИП as «ИП …» with its ОГРНИП, and a foreign
    party's number under its own name («БИН»), never as an ИНН."""
    name, label, number, ogrnip = p.name, "", p.inn or p.registration, ""
    if lang == "ru":
        from contractkit.words.foreign_ru import registration
        from contractkit.words.names import without_legal_form

        if p.kind == "sole_proprietor":
            name, ogrnip = f"ИП {without_legal_form(p.name)}", p.ogrnip or ""
        if not p.inn and p.registration:
            label, number = registration(p)
    return {"role": role, "name": name, "short": p.display_name, "inn": number, "inn_label": label,
            "ogrnip": ogrnip, "email": p.email, "phone": p.phone, "signer": p.signer.name,
            "position": p.signer.position}


CLIENT_DELAY = {"ru": "просрочка Заказчика (продление по Договору)",
                "en": "the Client's delay (extension under the Agreement)"}
LATE_DEPOSIT = {"ru": "предоплата поступила позже срока (перенос по Договору)",
                "en": "the deposit was received late (extension under the Agreement)"}


def _signed_figures(deal):
    """The contract's figures as signed, before a late deposit moved its dates (EN §2.3), and the
    move; (None, None) when no deposit moved them (the dated figures are then the signed ones)."""
    if deal is None:
        return None, None
    from contractkit.render.addendum import as_signed, deposit_move

    moved = deposit_move(deal.history, 0)
    return (as_signed(deal.history).figures[0], moved) if moved else (None, None)


def _in_force(x, deal):
    """(start, deadline) of a stage in force: the deal state's, the client's delays counted."""
    stage = deal.stage(x.deliverable.id) if deal else None
    return (stage.start, stage.deadline) if stage else (x.start, x.deadline)


def _deal_at(repo, today: dt.date):
    """The deal state on `today` with the requests to the client, whose delays move deadlines."""
    from dataclasses import replace

    from contractkit.flows.letters.record import requests
    from contractkit.state import deal_state
    from contractkit.store.deal import records_at

    found = records_at(repo)
    return deal_state(replace(found, requests=requests(repo)), today) if found else None


def _line(x, project, deal=None) -> dict:
    """A stage as the page shows it: its signed number and the start the annex states (review-ru4 R13)."""
    from contractkit.compute import stated_start

    d = x.deliverable
    start, deadline = _in_force(x, deal)
    return {"id": d.id, "n": x.number, "title": d.title, "description": d.description,
            "acceptance": list(d.acceptance), "revisions": d.revisions, "price": x.price,
            "start": stated_start(x, project, start), "deadline": deadline, "days": d.days}


def _payment(p, project, figures) -> dict:
    inst = p.installment
    lang = project.language
    title = next((x.deliverable.title for x in figures.lines if x.deliverable.id == inst.deliverable), "")
    when = TRIGGERS[lang][inst.on].format(d=title)
    # unsigned: no computed date for a term counted from the signing (it is not known yet)
    due = None if inst.on == "signing" else p.due
    return {"n": p.number, "when": when, "percent": inst.percent, "amount": p.amount, "due": due,
            "planned": p.event_planned, "planned_due": None,
            "after": _after(project, inst.on, p.days, title, None), "days": p.days, "state": "none"}


def _after(project, label: str, days: int, title: str, addendum) -> str:
    """What the due date counts from, in words: «5 рабочих дней после итогового акта»."""
    lang = project.language
    event = EVENTS[lang].get(label)
    if event is None:  # a fixed date: nothing to count from
        return ""
    return days_after(lang, days, project.payment.day_kind == "working", event.format(d=title, a=addendum))


def _late(deal, today: dt.date) -> list[dict]:
    if deal is None:
        return []
    from contractkit.state.interest import owed

    return [{"n": a.number, "due": a.due, "days": a.days, "amount": a.total} for a in owed(deal, today)]


def _standing(s, project, figures, today: dt.date) -> dict:
    """An installment as signed (the deal state's), with what was paid on it."""
    inst = s.installment
    title = next((x.deliverable.title for x in figures.lines if x.deliverable.id == inst.deliverable), "")
    when = TRIGGERS[project.language][inst.label].format(d=title, a=inst.addendum)
    state = "paid" if s.balance <= 0 else "part" if s.paid > 0 else "unpaid"
    return {"n": inst.number, "when": when, "percent": inst.percent, "amount": inst.amount, "due": s.due,
            "planned": s.planned, "planned_due": s.planned_due,
            "after": _after(project, inst.label, inst.days, title, inst.addendum), "days": inst.days,
            "paid": s.paid, "state": state, "overdue": s.overdue_days(today) > 0}


def _impact(step, lang: str) -> dict:
    names = FIELDS[lang]
    return {
        "added": [{"title": x.deliverable.title, "price": x.price, "deadline": x.deadline}
                  for x in step.added],
        "removed": [{"title": x.deliverable.title, "price": x.price} for x in step.removed],
        "changed": [{"title": c.new.deliverable.title,
                     "fields": [names.get(f.name, OTHER_FIELD[lang]) for f in c.fields],
                     "old_price": c.old.price, "new_price": c.new.price,
                     "old_deadline": c.old.deadline, "new_deadline": c.new.deadline} for c in step.changed],
        "delta": step.delta, "old_total": step.old.total, "new_total": step.new.total,
        "old_completion": step.old.completion, "new_completion": step.new.completion,
        "terms": _sections(step.sections, lang),
    }


def _sections(sections: list[str], lang: str) -> list[str]:
    """What else a change edits (payment, legal terms, details), named as its sheet names them:
    the page hides nothing the approval covers (red team 10, B10)."""
    from contractkit.diff import SECTIONS
    from contractkit.render.sheetterms import SECTION_LABELS

    keys = {label: key for key, label in SECTIONS.items()}
    return [SECTION_LABELS[lang][keys[s]].lower() for s in sections if s in keys]


def _history(st, steps: dict, approved: dict, lang: str, currency: str,
             notices: dict | frozenset = frozenset(), versions=None,
             today: dt.date = dt.date.max) -> list[dict]:
    """The contract, each change request and addendum, in date order (a change before the
    addendum that signs it, on the same day)."""
    out = []
    versions = versions or st.signed  # the deal state's: dated by the recorded prepayment
    if st.signed:
        c = versions[0]
        out.append({"kind": "contract", "date": c.date, "total": c.total, "completion": c.completion})
    by_addendum: dict = {}
    for change in st.changes:
        by_addendum.setdefault(change.addendum, []).append(change)

    def change_entry(c) -> dict:
        a = approved.get(c.id)
        return {"kind": "change", "id": c.id, "title": c.title, "reason": c.reason, "date": c.requested_on,
                "asked_by": "notice" if c.id in notices else c.requested_by, "status": c.status,
                "in_effect": bool(notices.get(c.id)), "future": c.requested_on > today,
                "notice_text": notice_shift(notices[c.id]) if lang == "ru" and notices.get(c.id) else None,
                "addendum": c.addendum,
                "impact": _impact(steps[c.id], lang) if c.id in steps else None,
                "approved": {"sender": a.sender, "date": a.recorded_on,
                             "confirmed_by": a.confirmed_by} if a else None}

    drafted = {s.number: s.drafted for s in st.signed if s.kind == "addendum"}  # the date it carries
    for record in versions[1:]:
        out += [change_entry(c) for c in by_addendum.get(record.number, [])]
        before = versions[record.number - 1]
        out.append({"kind": "addendum", "number": record.number, "date": record.date, "total": record.total,
                    "delta": record.total - before.total, "completion": record.completion,
                    "drafted": drafted.get(record.number) if lang == "ru" else None})
    out += [change_entry(c) for c in by_addendum.get(None, [])]
    return sorted(out, key=lambda e: e["date"])  # stable: same-day entries keep the story's order


def _timeline(figures, original, head, st, steps, deal=None, deposit=None) -> tuple[list[dict], list[dict]]:
    """Chart rows of the version in force, the deadlines moved since the contract (as signed, a late
    deposit's move included) and why, and the stages pending changes would add."""
    first = {x.deliverable.id: x.deadline for x in original.lines}
    reasons: dict[str, list[str]] = {}
    if deposit and deal is not None:
        for d in first:
            reasons[d] = [LATE_DEPOSIT[deal.project.language]]
    for c in st.changes:
        if c.status == "signed" and c.id in steps:
            step = steps[c.id]
            for moved in step.moved:
                reasons.setdefault(moved.id, []).append(f"{c.id}: {c.reason or c.title}")
    rows, moved = [], []
    for x in figures.lines:
        d = x.deliverable
        was = first.get(d.id)
        start, deadline = _in_force(x, deal)  # the deadline in force, the client's delays counted
        if deal is not None:  # the start the annex states, as the stage table gives it (R13)
            from contractkit.compute import stated_start

            start = stated_start(x, deal.project, start)
        row = {"title": d.title, "start": start, "deadline": deadline}
        if was is not None and was != deadline:
            stage = deal.stage(d.id) if deal else None
            delay = [CLIENT_DELAY[deal.project.language]] if stage is not None and stage.extended else []
            note = "; ".join([*reasons.get(d.id, []), *delay])
            row.update(original=was, note=note)
            moved.append({"title": d.title, "was": was, "now": deadline, "reason": note})
        rows.append(row)
    if st.pending:
        known = {x.deliverable.id for x in figures.lines}
        rows += [{"title": x.deliverable.title, "start": x.start, "deadline": x.deadline, "pending": True}
                 for x in head.lines if x.deliverable.id not in known]
    return rows, moved


def _pending(path: Path, head, st, approved: dict, in_effect=(),
             in_force=None) -> tuple[list[dict], list[Document]]:
    """Pending change requests with their CR sheet and the approve link, to the contractor's
    address as last signed (in_force)."""
    import tempfile

    from contractkit.flows.estimate import render_estimate

    items, sheets = [], []
    for change in st.pending:
        if change.id in approved or change.id in in_effect:  # a delay notice is in effect: nothing to approve
            continue
        with tempfile.TemporaryDirectory() as tmp:
            pdf = next(p for p in render_estimate(path, change.id, ["pdf"], Path(tmp)) if p.suffix == ".pdf")
            data = pdf.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        doc = approval.PendingDocument(change.id, pdf.name, sha)
        signed = in_force or head
        ok = signed.terms.electronic_exchange and signed.contractor.email
        link = approval.mailto(head, doc, signed) if ok else ""
        items.append({"id": change.id, "title": change.title, "reason": change.reason,
                      "date": change.requested_on, "age": None, "file": pdf.name, "sha256": sha, "link": link,
                      "delta": change.delta, "total": change.total, "completion": change.completion})
        sheets.append(Document(pdf.name, data, sha))
    return items, sheets
