"""When the client does not pay: a polite reminder, then the pre-trial claim (претензия).

Both read the signed schedule and the recorded acts, invoices and payments (billing's Book); the
claim adds the penalty as signed and cites the contract's clauses by their rendered numbers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from contractkit import money
from contractkit.flows.billing import open_book
from contractkit.flows.billing.book import Book, Standing
from contractkit.flows.billing.record import BillingError, resolve_installment
from contractkit.flows.letters import compose
from contractkit.flows.letters import interest395 as i395
from contractkit.flows.letters.clauses import signed_clauses
from contractkit.flows.letters.lawrates import (
    _legal,
    _legal_rate,
    _refuse_assumed_rate,
    _statutory,
    statutory_warning,
)
from contractkit.flows.letters.penalty import installment_penalty, lawful_rate, period_rows
from contractkit.store.files import sha256
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo
from contractkit.words import fmt
from contractkit.words.jurisdiction import venue_for_claim

SUBJECTS = {
    ("ru", "remind"): "Напоминание об оплате по Договору № {n} от {d}",
    ("en", "remind"): "Payment reminder: Agreement No. {n} dated {d}",
    ("ru", "claim"): "Претензия об оплате задолженности по Договору № {n} от {d}",
    # no debt is demanded, so it is no претензия: the notice that the work waits or stops (R17)
    ("ru", "claim-advance"): "Уведомление о просрочке предоплаты по Договору № {n} от {d}",
    ("ru", "claim-suspend"): ("Уведомление о приостановлении {doing} и о просрочке предоплаты по Договору "
                              "№ {n} от {d}"),
    ("en", "claim"): "Notice of default: Agreement No. {n} dated {d}",
}


def overdue(book: Book, day: date) -> list[Standing]:
    return [s for s in book.standing() if s.overdue_days(day) > 0]


def _subject(book: Book, kind: str) -> str:
    c = book.project.contract
    lang = book.project.language
    from contractkit.words.jurisdiction import date_style

    doing = "оказания Услуг" if c.type == "services" else "выполнения Работ"
    return SUBJECTS[(lang, kind)].format(n=c.number, d=fmt.long_date(c.date, lang, date_style(book.project)),
                                         doing=doing)


def _item(book: Book, s: Standing, day: date) -> dict:
    """One overdue installment: what it is, the event that started its term, invoice, penalty."""
    inst = s.installment
    act = None
    if inst.label == "acceptance":
        act = book.accepted.get(inst.deliverable or "")
    elif inst.label in ("completion", "launch"):
        act = next((a for a in reversed(book.acts) if a.accepted and a.date == book.completed_on), None)
    invoice = next((i for i in reversed(book.invoices) if i.installment == inst.key), None)
    p = installment_penalty(book.state, s, day, lawful_rate(book.project, book.total), book.currency)
    # no interest clause: the Late Payment Act 1998's (s.4-6), on the debt as it stood each day, with
    # the fixed sum of the debt as invoiced (s.5A(2)): the interest ledger's one count (state/interest.py)
    from contractkit.state.interest import advance_day, statutory_periods

    # s.11(4), s.4(2G): an advance payment's interest runs from the day the work is performed
    runs_from = advance_day(book.state, inst, s.due) if s.due else None
    act_interest = _statutory(book, inst.amount, runs_from, day) if runs_from and runs_from < day else None
    act_periods: list = []
    if act_interest is not None:
        parts = [(d, a) for d, a in book.state.payments_on(inst.key) if d <= day]
        act_periods = statutory_periods(inst.amount, runs_from, day, parts, book.currency)[0]
        p = replace(p, days=act_interest.days, amount=sum((r.amount for r in act_periods), money.ZERO),
                    periods=tuple(act_periods))
    return {
        "key": inst.key, "number": inst.number, "label": inst.label, "addendum": inst.addendum,
        "amount": s.balance, "due": s.due, "days_late": s.overdue_days(day), "days_to_pay": inst.days,
        "full": inst.amount, "paid": s.paid,
        # the part payments received on it by the letter's date: a reminder that names only the
        # balance would contradict the invoice it attaches (review law-ru R18, law-en E12)
        "parts": [{"date": d, "amount": a} for d, a in book.state.payments_on(inst.key) if d <= day],
        "act": {"number": book.act_no(act), "date": act.date} if act else None,
        "invoice": {"id": invoice.label, "date": invoice.date} if invoice else None,
        "penalty": p.amount, "penalty_days": p.days, "penalty_from": s.due + timedelta(days=1),
        "capped": p.capped, "cap": p.cap, "total": p.total, "advance_due": None,
        "periods": period_rows(p), "raw": _raw(p, book.currency),
        "statutory": vars(act_interest) if act_interest else None,
        "statutory_from": runs_from if act_interest and runs_from != s.due else None,
        "legal": _legal(book, s, day),
        "interest395": i395.item_interest(book, inst.key, inst.amount, s.due, day),
        "cap_base": _cap_base(book, inst, s.due),
    }


def _cap_base(book: Book, inst, due: date | None) -> Decimal:
    """What the penalty's cap is a share of: the sum not paid in time, overdue on the first day of
    delay (state/penalty.penalty_by_parts), not the installment's full sum (review-ru5 R3)."""
    paid = sum((a for d, a in book.state.payments_on(inst.key) if due is not None and d <= due), money.ZERO)
    return inst.amount - paid


def _raw(p, currency: str) -> Decimal:
    """The penalty as the rate counts it, before any cap: the sum of its period rows, else debt ×
    rate × days; the claim shows it beside the capped sum so its arithmetic adds up (review-ru4 R17)."""
    if p.periods:
        return sum((r.amount for r in p.periods), money.ZERO)
    return money.to_minor(p.debt * p.per_day / 100 * p.days, currency)


def _invoice_pdf(path: Path, book: Book, key: str, repo=None) -> dict[str, bytes]:
    """The recorded invoice's PDF from out/, attached only if its bytes are the ones recorded and
    the record's hashes are vouched for (this machine made it, or its documents rendered again
    have them: flows/billing/issued.py). A teammate's record naming their own PDF (new bank
    details) was attached to the letter to the client (red team 9, B7)."""
    from contractkit.flows.billing import issued

    invoice = next((i for i in reversed(book.invoices) if i.installment == key), None)
    if invoice is None:
        return {}
    why = issued.problem(path, repo, invoice) if repo is not None else "no repository to check it in"
    if why:
        raise BillingError(f"{why}; no letter attaches it",
                           hint="'contractkit doctor' lists every problem; restore the record and out/ "
                                "from the commit that wrote them, with whoever changed them")
    for name, digest in invoice.files.items():
        file = path / "out" / name
        if Path(name).name != name or not name.endswith(".pdf") or file.is_symlink() or not file.is_file():
            continue  # a record names a plain file in out/, never a path or a link out of it
        data = file.read_bytes()
        if sha256(data) == digest:
            return {name: data}
    return {}


def remind(path: Path, spec: str | None, day: date) -> compose.Written:
    """A polite reminder of one overdue installment (the oldest, unless named)."""
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        late = overdue(book, day)
        chosen = late[0] if late else None
        if spec:
            key = resolve_installment(book, spec)
            chosen = next((s for s in book.standing() if s.installment.key == key), None)
            if chosen not in late:
                raise BillingError(_not_late(book, chosen, day), hint=book.others_line())
        if chosen is None:
            raise BillingError(f"nothing is overdue on {day}: no reminder to send", hint=book.others_line())
        item = _item(book, chosen, day)
        item["advance"] = not earned(book, chosen)
        # the reminder names every amount overdue, not only the one it is about: a client told of
        # £900 while £9,400 is also late would read the silence as a waiver
        others = [_item(book, s, day) for s in late if s is not chosen]
        facts = {"installment": item["key"], "amount": str(item["amount"]), "due": str(item["due"]),
                 "days_overdue": str(item["days_late"])}
        if item["invoice"]:
            facts["invoice"] = item["invoice"]["id"]
        if others:
            facts["also_overdue"] = ", ".join(i["key"] for i in others)
        attach = _invoice_pdf(path, book, item["key"], repo)
        for other in others:
            attach.update(_invoice_pdf(path, book, other["key"], repo))
        letter = {"date": day, "item": item, "others": others,
                  "total": item["amount"] + sum((i["amount"] for i in others), money.ZERO)}
        draft = compose.Draft("remind", day, _subject(book, "remind"), compose.context_for(book, letter),
                              facts, attach=attach, installment=item["key"])
        written = compose.write(path, repo, book, draft)
        # a rate the table lacks is printed "[… to be confirmed]", with no figure (letter-remind)
        warning = statutory_warning([item])
        return replace(written, warnings=(warning,)) if warning else written


def _not_late(book: Book, s: Standing, day: date) -> str:
    m = fmt.money(s.installment.amount, book.currency, book.project.language)
    if s.balance <= 0:
        return f"installment {s.installment.number} ({m}) is paid"
    if s.due is None:
        return f"installment {s.installment.number} ({m}) is not due yet: its event has not happened"
    return f"installment {s.installment.number} ({m}) is due {s.due}, not overdue on {day}"


ADVANCES = ("signing", "addendum", "date")
"""Installments whose term runs from an event before the work is accepted: a prepayment."""


def earned(book: Book, s: Standing) -> bool:
    """Whether an overdue installment pays for accepted work, so the client owes it as a debt.

    Under Russian law an unpaid prepayment is not recoverable as a debt while the work is not
    done (ГК РФ ст. 711, 746): the contractor may suspend the work or refuse the contract (ст. 328
    п. 2, 719). Once the final act is signed the whole price is owed for accepted work (ст. 711)."""
    inst = s.installment
    if book.project.language != "ru" or book.completed_on is not None:
        return True
    if inst.label not in ADVANCES:
        return True
    return bool(inst.label == "date" and inst.deliverable and inst.deliverable in book.accepted)


def claim_context(path: Path, book: Book, day: date) -> dict:
    """The claim's figures: each overdue installment for accepted work with its penalty, the
    totals, the clauses; overdue prepayments apart (`advances`), which are not claimed as debt."""
    late = overdue(book, day)
    paid_late = _paid_late(book, day)
    if not late and (not paid_late or book.project.language == "ru"):
        raise BillingError(f"nothing is overdue on {day}: there is no debt to claim", hint=book.others_line())
    advances = [_item(book, s, day) for s in late if not earned(book, s)]
    items = [_item(book, s, day) for s in late if earned(book, s)]
    work_due = book.due_date(next(i for i in book.installments if i.final))
    for i in items:
        # a prepayment unpaid when the work was accepted is owed from the final payment's due
        # date as part of the price (ГК РФ ст. 711); the penalty runs from then, not before
        if i["label"] in ADVANCES and book.project.language == "ru" and work_due and work_due > i["due"]:
            standing = next(s for s in late if s.installment.key == i["key"])
            again = installment_penalty(book.state, standing, day, lawful_rate(book.project, book.total),
                                        book.currency, due=work_due)
            i.update(advance_due=i["due"], due=work_due, days_late=(day - work_due).days,
                     penalty=again.amount, penalty_days=again.days, capped=again.capped,
                     periods=period_rows(again), raw=_raw(again, book.currency),
                     cap=again.cap, total=again.total, penalty_from=work_due + timedelta(days=1),
                     interest395=i395.item_interest(book, i["key"], standing.installment.amount, work_due,
                                                    day),
                     cap_base=_cap_base(book, standing.installment, work_due))
    terms = lawful_rate(book.project, book.total)
    # the clause numbers the signed text has (sign records them), never today's templates'
    clauses = signed_clauses(book, path)
    # each installment is a sub-clause of the payment clause in the version in force: «подпункт
    # 3.3.3 Договора (в редакции Дополнительного соглашения № 1)»
    now = signed_clauses(book, path, amended=True) if len(book.versions) > 1 else clauses
    for i in items + advances:
        i["clause"] = f"{now['payment']}.{i['number']}" if now.get("payment") else ""
        i["amended"] = None
    if book.project.language == "en" and len(book.versions) > 1:  # "as added by Section 1.6 of …"
        from contractkit.flows.letters.clauses import amending_clauses

        by = amending_clauses(book, path)
        for i in items + advances:
            i["amended"] = by.get(i["clause"])
    addenda = [s.number for s in book.signed if s.kind == "addendum"]
    if book.project.language == "ru" and addenda:  # «(в редакции Дополнительного соглашения № 1)»:
        _restated_by(book, path, items + advances, addenda)  # the one that restated that sub-clause
    debt = sum((i["amount"] for i in items), money.ZERO)
    fine = sum((i["penalty"] for i in items), money.ZERO)
    statutory = any(i["statutory"] for i in items)
    fixed = sum((i["statutory"]["fixed"] for i in items if i["statutory"]), money.ZERO)
    paid_late_rows = [row for _, row in paid_late] if book.project.language == "ru" else []
    if book.project.language == "ru":
        paid_late = [a for a, _ in paid_late] if items else []  # claimed with the debts it joins
        paid_late_rows = paid_late_rows if items else []
        for row in paid_late_rows:
            row["clause"] = f"{now['payment']}.{row['number']}" if now.get("payment") else ""
        if addenda:
            _restated_by(book, path, paid_late_rows, addenda)
    legal = sum((i["legal"]["amount"] for i in items if i.get("legal")), money.ZERO)
    interest395 = sum((i["interest395"]["amount"] for i in items if i.get("interest395")), money.ZERO)
    late_interest = sum((a.interest for a in paid_late), money.ZERO)
    fixed += sum((a.fixed for a in paid_late), money.ZERO)
    statutory = statutory or any(a.fixed for a in paid_late)
    disputes = book.project.terms.disputes
    return {
        "date": day, "next_day": day + timedelta(days=1), "debts": items, "advances": advances, "debt": debt,
        "penalty": fine,
        "paid_late": paid_late, "late_interest": late_interest, "paid_late_rows": paid_late_rows,
        "total": debt + fine + late_interest + fixed + legal + interest395, "statutory": statutory,
        "fixed_sums": fixed,
        # ГК РФ ст. 395 where no неустойка is signed: at the key rate in roubles; in foreign currency
        # demanded without a sum (п. 39 ППВС № 7)
        "key_rate": i395.applies(book), "interest395": interest395,
        "fx_interest": i395.in_foreign_currency(book),
        "legal_interest": legal, "legal_rate": _legal_rate(book) if legal else None,
        "statutory_warning": statutory_warning(items) if statutory else None,
        "per_day": terms.per_day if terms else None, "cap_percent": terms.cap if terms else None,
        "monthly": terms.monthly if terms else None,
        # the yearly rate counted: the signed one, or the governing law's ceiling below it (usury.py)
        "yearly": terms.yearly if terms else None, "ceiling": terms.ceiling if terms else None,
        "claim_days": disputes.claim_days, "refusal_days": book.project.terms.termination_notice_days,
        "forum": disputes.forum,
        "venue": (venue_for_claim(disputes.venue, debt + fine) if book.project.language == "en"
                  else disputes.venue),
        # the venue as signed named federal courts the claim cannot use: cite the clause, not a court
        # the clause does not name alone
        "venue_narrowed": (book.project.language == "en"
                           and venue_for_claim(disputes.venue, debt + fine) != disputes.venue),
        "rules": disputes.rules, "seat": disputes.seat,
        "clauses": clauses, "pay_by_note": disputes.claim_days,
        "amended_by": addenda[-1] if addenda else None,
        # the installment's own sub-clause (3.3.2) is cited only where `sign` recorded the signed
        # numbers, whose payment clause always lists the installments as sub-clauses (review-en E12)
        "exact": any(getattr(s, "clauses", None) for s in book.signed),
    }


def suspends(book: Book, advances: list[dict]) -> bool:
    """Whether the letter on unpaid prepayments suspends the work (ГК РФ ст. 328 п. 2): not where
    the contract starts the work on the prepayment, which then simply has not started."""
    labels = [i["label"] for i in advances]
    return not ("signing" in labels and book.project.contract.on_prepayment)


def _paid_late(book: Book, day: date) -> list:
    """The installments paid in full but late, whose interest until the day of payment (and the
    Late Payment Act's fixed sum) is still owed: the deal state's one interest ledger. The Russian
    claim demands the penalty earned on them too (ГК РФ ст. 330, 332): a penalty left out of the
    претензия cannot be sued for without another (АПК РФ ст. 4 ч. 5), so each is listed with its
    periods (_paid_late_ru)."""
    from contractkit.state.interest import owed

    # the state's one rule of what is owed (state/interest.owed): a prepayment paid late before the
    # work was accepted owes no penalty, then or after the final act (ГК РФ ст. 711; issue 21 C1)
    found = [a for a in owed(book.state, day) if a.paid]
    if book.project.language != "ru":
        return found
    return [_paid_late_ru(book, a) for a in found]


def _paid_late_ru(book: Book, a):
    """One installment paid late, as the Russian claim's penalty table prints it: the periods its
    unpaid part ran late (through the day of payment inclusive, п. 65 ППВС № 7), capped as signed."""
    standing = next(s for s in book.standing() if s.installment.key == a.key)
    parts = [{"date": d, "amount": x, "days": max((d - a.due).days, 0)}
             for d, x in book.state.payments_on(a.key) if d <= a.until]
    if i395.applies(book):  # ст. 395 interest: the ledger's own rows (state/interest.key_rate_periods)
        return a, {"key": a.key, "number": a.number, "full": a.amount, "due": a.due, "paid_on": a.until,
                   "days": a.days, "penalty": a.interest, "rows": i395.rows(a.periods), "capped": False,
                   "cap": None, "parts": parts if len(parts) > 1 else []}
    rate = lawful_rate(book.project, book.total)
    p = installment_penalty(book.state, standing, a.until, rate, book.currency)
    rows = period_rows(p) or [{"debt": p.periods[0].debt if p.periods else a.amount,
                               "first": a.due + timedelta(days=1), "last": a.until, "days": a.days,
                               "amount": p.amount, "paid": p.periods[0].paid if p.periods else a.amount}]
    # each part as it came: a sum paid in time is never said to be late with the rest (review-ru3 R17)
    parts = [{"date": d, "amount": x, "days": max((d - a.due).days, 0)}
             for d, x in book.state.payments_on(a.key) if d <= a.until]
    return replace(a, interest=p.amount), {"key": a.key, "number": a.number, "full": a.amount, "due": a.due,
                                           "paid_on": a.until, "days": a.days, "penalty": p.amount,
                                           "rows": rows, "capped": p.capped, "cap": p.cap,
                                           "parts": parts if len(parts) > 1 else []}


def claim(path: Path, day: date, formats: list[str]) -> compose.Written:
    """Render, record and write the pre-trial claim with its .eml."""
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        letter = claim_context(path, book, day)
        _refuse_assumed_rate(letter["debts"])
        if letter["key_rate"] and (letter["interest395"] or letter["late_interest"]):
            i395.refuse_assumed(day)
        facts = {"debt": str(letter["debt"]), "penalty": str(letter["penalty"] + letter["interest395"]),
                 "total": str(letter["total"]),
                 "days": ", ".join(str(i["penalty_days"]) for i in letter["debts"]),
                 "installments": ", ".join(i["key"] for i in letter["debts"]),
                 "advances": ", ".join(i["key"] for i in letter["advances"]),
                 "clauses": ", ".join(f"{k} {v}" for k, v in sorted(letter["clauses"].items()))}
        kind = "claim" if letter["debts"] or book.project.language != "ru" else "claim-advance"
        if kind == "claim-advance" and suspends(book, letter["advances"]):
            kind = "claim-suspend"
        if letter["statutory"]:
            facts["fixed_sums"] = str(letter["fixed_sums"])
        if letter["ceiling"]:  # the lawful rate counted instead of the signed one (usury.py)
            facts["rate"] = f"{letter['yearly']:f} % a year ({letter['ceiling'].statute})"
        if letter["legal_interest"]:  # the statutory interest on the debts (legal_interest.py)
            facts["legal_interest"] = str(letter["legal_interest"])
        if letter["paid_late"]:  # interest on installments paid late, still owed
            facts["late_interest"] = str(letter["late_interest"])
            facts["paid_late"] = ", ".join(a.key for a in letter["paid_late"])
        draft = compose.Draft("claim", day, _subject(book, kind), compose.context_for(book, letter),
                              facts, documents=formats)
        written = compose.write(path, repo, book, draft)
        warning = letter["statutory_warning"]
        return replace(written, warnings=(warning,)) if warning else written


def _restated_by(book, path, rows: list[dict], addenda: list[int]) -> None:
    """Each row's `amended_by`: the signed addendum that last restated or added its sub-clause (or
    the clause holding it), read off the signed addenda (clauses.amending_clauses); a sub-clause no
    addendum touched is the signed contract's own (None); without a readable addendum, the last."""
    from contractkit.flows.letters.clauses import amending_clauses

    by = amending_clauses(book, path)
    signed_on = {s.number: s.date for s in book.signed if s.kind == "addendum"}
    for row in rows:
        clause = row.get("clause") or ""
        hit = by.get(clause) or by.get(clause.rsplit(".", 1)[0]) if clause else None
        number = hit["co"] if hit else (None if by else addenda[-1])
        # an amendment binds from its conclusion (ГК РФ ст. 453 п. 2): an obligation due before the
        # addendum was signed is cited in the edition then in force, the contract's own (review-ru5 R10)
        due = row.get("advance_due") or row.get("due")
        on = signed_on.get(number) if number is not None else None
        row["amended_by"] = None if on is not None and due is not None and due < on else number
