"""Terminal lines for the money side: installments, stages, balance; payments in the log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from contractkit.flows.billing.book import NPD_LIMIT, Book, is_self_employed
from contractkit.words import fmt

WHEN = {"signing": "prepayment", "acceptance": "on acceptance of {d}", "completion": "on completion",
        "launch": "on launch", "date": "on {date}", "addendum": "addendum {a} prepayment"}


def book_for(path: Path, as_of: date | None = None, until: date | None = None) -> Book | None:
    """The project's book, or None while there is no signed contract (or no repository, or, with
    until, none signed by then). A damaged record is not hidden: its RepositoryError goes up."""
    from contractkit.errors import RepositoryError
    from contractkit.flows.billing import open_book
    from contractkit.store.history import signatures
    from contractkit.store.repo import open_repo

    try:
        with open_repo(path) as repo:
            return (open_book(repo, as_of=as_of, until=until)
                    if repo.head.is_valid() and signatures(repo) else None)
    except RepositoryError as exc:
        if "damaged record" in exc.message:
            raise
        return None


def _book_or_damage(path: Path, until: date | None = None) -> tuple[Book | None, str]:
    from contractkit.errors import RepositoryError

    try:
        return book_for(path, until=until), ""
    except RepositoryError as exc:
        return None, f"payments: not shown: {exc.message}"


def status_lines(path: Path, today: date, until: date | None = None) -> list[str]:
    """until: only the records dated by then (`status --date`)."""
    book, damage = _book_or_damage(path, until)
    return [damage] if damage else book_status(book, today) if book else []


def _interest_lines(book: Book, today: date, m) -> list[str]:
    """Every late-payment accrual a demand may state (state/interest.owed), an installment paid
    late included, as the claim lists them."""
    from contractkit.state.interest import owed

    found = owed(book.state, today)
    if book.project.language != "en":
        from contractkit.state.interest import key_rate_applies

        if key_rate_applies(book.project):  # no неустойка signed: ГК РФ ст. 395 at the key rate
            from contractkit import key_rate

            lines = [f"  interest (ГК РФ ст. 395) on installment {a.number}: {m(a.interest)} (due {a.due}, "
                     f"{f'paid {a.until}' if a.paid else f'through {a.until}, unpaid'}, {a.days} day(s) "
                     "late); not paid" for a in found]
            assumed = key_rate.assumed(max(a.until for a in found)) if found else None
            return lines + ([f"  warning: {assumed}"] if assumed else [])
        return [f"  penalty on installment {a.number}: {m(a.interest)} (due {a.due}, paid {a.until}, "
                f"{a.days} day(s) late); not paid" for a in found]
    out = []
    for a in found:
        until = f"paid {a.until}" if a.paid else f"through {today}, unpaid"
        fixed = f" + fixed sum {m(a.fixed)} (Late Payment Act s.5A)" if a.fixed else ""
        out.append(f"  late interest on installment {a.number}: {m(a.interest)}{fixed} "
                   f"(due {a.due}, {until}, {a.days} day(s)); not paid")
    if len(out) > 1:
        out.append(f"  late interest owed in all: {m(sum((a.total for a in found), Decimal(0)))}")
    return out


def book_status(book: Book, today: date) -> list[str]:
    """Each installment (due date, amount, paid, overdue), each stage's acceptance, the balance."""
    book = book.on(today) if book.as_of != today else book
    m = lambda v: fmt.money(v, book.currency, book.project.language)  # noqa: E731
    out = ["payments:"]
    for s in book.standing():
        i = s.installment
        when = WHEN[i.label].format(d=i.deliverable, date=i.fixed, a=i.addendum)
        if s.due:
            due = f"due {s.due}"
        else:
            kind = "working" if book.project.payment.day_kind == "working" else "calendar"
            event = f"acceptance of {i.deliverable}" if i.label == "acceptance" else "final acceptance"
            due = f"due {i.days} {kind} days after {event} (planned {s.planned})"
        late = s.overdue_days(today)
        state = ("paid" if s.balance <= 0 else f"paid {m(s.paid)}" if s.paid else "unpaid")
        if late:
            state += f", OVERDUE by {late} day(s)"
        out.append(f"  {i.number}. {when:<28} {m(i.amount):>16}  {due}  {state}")
    refunded = book.state.refunded
    back = f" (after refunding {m(refunded)})" if refunded else ""
    out.append(f"  received {m(book.received)}{back} of {m(book.total)}; balance {m(book.balance)}")
    if book.state.overpaid:  # a fee cut below what was paid: the addendum's refund clause
        out.append(f"  warning: {m(book.state.overpaid)} received beyond the fee is owed back to the client; "
                   "once paid back, record it: contractkit paid --refund AMOUNT --date DATE")
    out += _interest_lines(book, today, m)
    if book.others_line():
        out.append(f"  {book.others_line()}")
    if book.project.contract.on_prepayment:
        if book.prepaid_on:
            out.append(f"  prepayment received {book.prepaid_on}: work started {book.figures.start}")
        else:
            out.append("  dates are provisional until the prepayment is recorded ('contractkit paid "
                       "prepayment --date DATE')")
    out.append("stages:")
    for x in book.lines:
        d = x.deliverable
        act = book.accepted.get(d.id)
        remarks = book.remarks(d.id)
        if act:
            state = f"accepted {act.date} (act {act.number})"
        elif remarks:
            state = f"remarks in act {remarks.number}, to fix by {remarks.fix_by}"
        else:
            stage = book.state.stage(d.id)  # the deadline in force, the client's delays counted
            phase, since = book.state.phase(stage)
            now = {"prepayment": f"waits for the prepayment (due {since}), planned deadline",
                   "not started": f"not started (starts {since}), deadline"}.get(
                       phase, "in progress, deadline")
            if stage.waits_for is not None and not book.state.awaits_prepayment:
                now = (f"waits for the addendum's additional deposit (due {since}), "
                       "provisional deadline")
            state = f"{now} {stage.deadline}" + (
                f" (signed {stage.signed_deadline}, extended for the client's delay)"
                if stage.extended else "") + (
                f" (moved {stage.deposit_days} working day(s): the additional deposit came after "
                "the stage's planned start)" if stage.deposit_days else "")
        out.append(f"  {x.number}. {d.id:<20} {state}")
    if book.state.completion != book.figures.completion:
        why = ("moved for the addendum's late additional deposit"
               if book.state.completion_moved_by == "deposit" else "extended for the client's delay")
        out.append(f"  completion {book.state.completion} in force (signed {book.figures.completion}, "
                   f"{why})")
    if is_self_employed(book.project):  # by the year the money arrived, never the clock's year
        return out + _npd_lines(book, m)
    return out


def _npd_lines(book: Book, m) -> list[str]:
    """The НПД 2.4 mln ₽ limit (422-ФЗ ст. 4), by the year the money arrived. The limit and
    tax.income_this_year are roubles: income in another currency is stated, never added to them
    (it counts at the Bank of Russia rate of its day, review-ru4 R9)."""
    out = []
    by_year = book.state.income_by_year() or {book.signed[0].date.year: book.received}
    before = book.project.tax.income_this_year
    rub = lambda v: fmt.money(v, "RUB", book.project.language)  # noqa: E731
    if book.currency != "RUB":
        for year, income in sorted(by_year.items()):
            known = (f"; {rub(before)} received before it (tax.income_this_year) leaves "
                     f"{rub(NPD_LIMIT - before)} of the limit"
                     if before is not None and year == book.project.contract.date.year else "")
            out.append(f"self-employed (НПД): received {m(income)} from this client in {year}: the "
                       f"{rub(NPD_LIMIT)} limit counts it in roubles at the Bank of Russia rate of each day "
                       f"received (see the «Мой налог» receipts){known}")
        return out
    for year, income in sorted(by_year.items()):
        if before is not None and year == book.project.contract.date.year:
            # tax.income_this_year: what other clients paid this year before the contract
            total = before + income
            out.append(f"self-employed (НПД): received {m(income)} from this client in {year} and "
                       f"{m(before)} before it (tax.income_this_year): {m(total)} of the "
                       f"{m(NPD_LIMIT)} limit, {m(NPD_LIMIT - total)} left")
            continue
        out.append(f"self-employed (НПД): received {m(income)} from this client in {year}, limit "
                   f"{m(NPD_LIMIT)}, {m(NPD_LIMIT - income)} left (other clients' income not counted)")
    return out


def log_events(book: Book) -> list[tuple[date, str]]:
    """Payments, reversals, acts and invoices as dated lines for `log`."""
    m = lambda v: fmt.money(v, book.currency, book.project.language)  # noqa: E731
    out = []
    by = {id(r): f" (recorded by {who} via git, not on this machine)"
          for r, who in book.by_others([*book.payments, *book.acts, *book.invoices])}
    for p in book.payments:
        if p.reverses:
            out.append((p.date, f"{p.date}  {p.id:<13} reversal {m(-p.amount)} (reverses {p.reverses})"))
        elif p.refund:
            parts = ", ".join(f"#{book.installment(k).number} {m(-a)}" for k, a in p.allocations.items())
            ref = f" ref {p.ref}" if p.ref else ""
            out.append((p.date, f"{p.date}  {p.id:<13} refunded {m(-p.amount)} ({parts}){ref}"))
        else:
            parts = ", ".join(f"#{book.installment(k).number} {m(a)}" for k, a in p.allocations.items())
            ref = f" ref {p.ref}" if p.ref else ""
            bank = f" bank document {p.bank.id}" if p.bank else ""
            out.append((p.date, f"{p.date}  {p.id:<13} paid     {m(p.amount)} ({parts}){ref}{bank}"
                                f"{by.get(id(p), '')}"))
    passing = {x.deliverable.id for x in book.lines if x.deliverable.rights}  # `rights: false`: none pass
    for a in book.acts:
        what = ("rights" if a.kind == "rights" else "accepted" if a.accepted
                else f"remarks, fix by {a.fix_by}")
        named = ([s for s in a.stages if s in passing] or a.stages) if a.kind == "rights" else a.stages
        out.append((a.date, f"{a.date}  act-{a.number:<9} {what:<8} {', '.join(named)}"
                            f"{by.get(id(a), '')}"))
    for i in book.invoices:
        n = book.installment(i.installment).number
        out.append((i.date, f"{i.date}  invoice       {i.id} {m(i.amount)} for #{n} (bills {i.version})"
                            f"{by.get(id(i), '')}"))
    return out


def merged_log(lines: list[str], path: Path) -> list[str]:
    """The history log with the money events inserted in date order."""
    book, damage = _book_or_damage(path)
    if book is None:
        return lines + ([damage] if damage else [])
    dated = [(line[:10], n, line) for n, line in enumerate(lines)]
    dated += [(str(day), len(lines) + n, line) for n, (day, line) in enumerate(log_events(book))]
    return [line for _, _, line in sorted(dated)]
