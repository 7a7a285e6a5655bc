"""One project's dated facts for the calendar and the agenda: the single place their figures come
from, so that later they can be read off the deal's computed state instead.

`facts_for(path, today)` is the one function per project. Its result is plain data, cached on disk
by the project file's bytes, the repository's HEAD and the day, so a workspace of 1,000 projects
answers from the cache as `list` does.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from contractkit.errors import ContractkitError

WORDS = {
    "ru": {"payment": "Оплата {n}: {money}", "client": "Заказчик: {kind}: {what}",
           "feedback": "обратная связь", "materials": "материалы", "update": "Еженедельный отчёт заказчику",
           "support": "Окончание поддержки: {name}"},
    "en": {"payment": "Payment {n}: {money}", "client": "Client: {kind}: {what}",
           "feedback": "feedback", "materials": "materials", "update": "Friday update to the client",
           "support": "End of support: {name}"},
}


def _words(project) -> dict[str, str]:
    return WORDS.get(project.language, WORDS["en"])


@dataclass(frozen=True)
class Event:
    """A dated thing for the calendar: its kind and key make the stable UID, never its date."""

    kind: str
    """'deadline', 'obligation' (the client's), 'installment', 'update' (weekly), 'support'."""
    key: str
    day: date
    title: str
    detail: str = ""
    moves: int = 0
    """How often the date moved: the event's SEQUENCE."""
    done: bool = False
    client: bool = False
    """Part of the client's own view (their obligations and the deadlines)."""
    until: date | None = None
    """For the weekly update: the last week it recurs."""
    waits: date | None = None
    """A deadline of work an addendum added, waiting for its deposit (due then): provisional."""


@dataclass(frozen=True)
class Due:
    number: int
    amount: Decimal
    balance: Decimal
    due: date | None
    planned_due: date | None
    """Not due yet: the day it falls due on the current plan (the state's `planned_due`, the page's
    «ориентировочно до»), never the planned day of the event it waits for (issue 21 C3)."""
    overdue_days: int = 0
    penalty: Decimal = Decimal(0)


@dataclass(frozen=True)
class Waiting:
    id: str
    kind: str
    what: str
    asked: date
    due: date | None
    waited: int
    """Working days since it was asked."""
    late: int
    silent_limit: int
    """The contract's silent-client term (working days) after which work may be suspended."""


@dataclass(frozen=True)
class Pending:
    id: str
    title: str
    requested_on: date
    age: int
    notice: bool = False
    """A client-caused delay on the contractor's notice: in force from its date, never signed."""


@dataclass(frozen=True)
class Facts:
    name: str
    project_id: str = ""
    title: str = ""
    number: str = ""
    currency: str = ""
    language: str = "en"
    signed: bool = False
    completed: bool = False
    error: str = ""
    events: list[Event] = field(default_factory=list)
    installments: list[Due] = field(default_factory=list)
    waits: list[Waiting] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    last_update: date | None = None
    uninvoiced: list[str] = field(default_factory=list)
    """Accepted stages whose installment has no invoice yet."""
    awaits_prepayment: date | None = None
    """Work starts on the prepayment and it is unpaid: its due date (no deadline runs yet)."""
    late_charge: str = "late fee"
    """What the contract calls the charge on a late payment (words/late.py)."""


def facts_for(path: Path, today: date, until: date | None = None) -> Facts:
    """The project's facts as of `today`, from the cache when nothing changed; until: only the
    records dated by then count (`agenda --date`, `calendar --date`: state/asof.py)."""
    from contractkit import cache as disk
    from contractkit.load import PROJECT_FILE
    from contractkit.workspace import check_listed

    try:
        check_listed(path)
        raw = (path / PROJECT_FILE).read_bytes()
    except ContractkitError as exc:
        return Facts(path.name, error=exc.lines()[0])
    except OSError as exc:
        return Facts(path.name, error=f"error: {PROJECT_FILE}: {exc.strerror}")
    name = disk.key("facts", disk.code_key(), raw, head_commit(path), today.isoformat(), path.name,
                    until.isoformat() if until else "")
    cached = disk.read_json("facts", name)
    if cached is not None:
        try:
            return _load(cached)
        except (KeyError, TypeError, ValueError):
            pass
    found = _compute(path, today, until)
    disk.write_json("facts", name, _dump(found))
    return found


def head_commit(path: Path) -> str:
    """The commit HEAD names, read from .git without starting git ('' when none)."""
    git = path / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="ascii").strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        loose = git / ref
        if loose.is_file():
            return loose.read_text(encoding="ascii").strip()
        packed = (git / "packed-refs").read_text(encoding="ascii")
        return next((line.split()[0] for line in packed.splitlines() if line.endswith(" " + ref)), "")
    except (OSError, UnicodeDecodeError):
        return ""


def _compute(path: Path, today: date, until: date | None = None) -> Facts:
    from contractkit.flows.billing.views import book_for

    try:
        book = book_for(path, today, until)
        if book is None:
            return _unsigned(path)
        return _signed(path, book, today, until)
    except ContractkitError as exc:
        return Facts(path.name, error=exc.lines()[0])
    except Exception as exc:  # noqa: BLE001 - one broken project must not hide the others
        return Facts(path.name, error=f"error: internal error: {type(exc).__name__}")


def _unsigned(path: Path) -> Facts:
    from contractkit.load import PROJECT_FILE, parse_project, read_source

    project = parse_project(read_source(path / PROJECT_FILE)[1])
    return Facts(path.name, project.id, project.title, project.contract.number, project.currency,
                 project.language)


def _signed(path: Path, book, today: date, until: date | None = None) -> Facts:
    from contractkit.flows.letters.record import letters, requests
    from contractkit.store.repo import open_repo
    from contractkit.words.late import late_charge

    with open_repo(path) as repo:
        found_letters, found_requests = letters(repo), requests(repo)
    if until is not None:
        from contractkit.state.asof import dated_until, requests_until

        found_letters = dated_until(found_letters, until)
        found_requests = requests_until(found_requests, until)
    book = book.on(today)  # the deal as of the agenda's day: the client's delays through it
    project = book.project
    installments = _installments(book, today)
    events = _deadlines(book, found_letters) + _installment_events(book, installments)
    waits = _waits(book, found_requests, today)
    events += [e for e in _obligations(book, found_requests, today)]
    events += _update_and_support(book)
    updates = [x.date for x in found_letters if x.kind == "update"]
    return Facts(
        path.name, project.id, project.title, project.contract.number, project.currency,
        project.language, signed=True, completed=book.completed_on is not None, events=events,
        installments=installments, waits=waits,
        pending=[Pending(c.id, c.title, c.requested_on, (today - c.requested_on).days,
                         bool(getattr(c, "notice_clause", "")))
                 for c in book.changes if c.status == "proposed"],
        last_update=max(updates, default=None), uninvoiced=_uninvoiced(book),
        awaits_prepayment=book.state.prepayment_due() if book.state.awaits_prepayment else None,
        late_charge=late_charge(project.payment, project.language))


def _deadlines(book, found_letters) -> list[Event]:
    """Each stage's deadline in force; every move (an addendum, a delay notice) with its reason."""
    from contractkit.compute import compute

    plans = [compute(v, book.prepaid_on, book.state.history.signed_on) for v in book.versions]
    out = []
    for x in book.lines:
        d = x.deliverable
        moves, reasons, last = 0, [], None
        for i, plan in enumerate(plans):
            line = next((y for y in plan.lines if y.deliverable.id == d.id), None)
            if line is None:
                continue
            if last is not None and line.deadline != last:
                moves += 1
                why = "; ".join(c.reason or c.title for c in book.changes
                                if c.addendum == i and c.status == "signed")
                reasons.append(f"moved {last} -> {line.deadline} by {book.signed[i].tag} "
                               f"({book.signed[i].date}){': ' + why if why else ''}")
            last = line.deadline
        stage = book.state.stage(d.id)  # the deadline in force: signed, moved by the client's delays
        deadline = stage.deadline if stage else x.deadline
        if stage is not None and stage.deposit_days:
            reasons.append(f"moved by {stage.deposit_days} working day(s): the addendum's additional "
                           "deposit was received after the stage's planned start (the added work waits "
                           "for it)")
        if stage is not None and stage.waits_for:
            reasons.append(f"provisional: the added work waits for the addendum's additional deposit "
                           f"(due {stage.waits_for})")
        if stage is not None and stage.extended:
            moves += 1
            reasons.append(f"moved {stage.signed_deadline} -> {deadline} by the client's delay "
                           "(the contract's extension clause)")
        signed = {c.id for c in book.changes if c.status == "signed"}
        for letter in found_letters:
            new = letter.facts.get("new_deadline")
            if (letter.kind == "delay" and letter.stage == d.id and new and letter.change not in signed
                    and date.fromisoformat(new) > deadline):
                reasons.append(f"proposed {deadline} -> {new} by the delay notice of {letter.date} "
                               f"({letter.change or 'no change request'}, not signed)")
        act = book.accepted.get(d.id)
        detail = "\n".join([*reasons, f"accepted {act.date} (act {act.number})" if act else ""]).strip()
        out.append(Event("deadline", d.id, deadline, d.title, detail, moves, act is not None, True,
                         waits=stage.waits_for if stage else None))
    return out


def _installments(book, today: date) -> list[Due]:
    from contractkit.flows.letters.dunning import earned
    from contractkit.flows.letters.penalty import installment_penalty, lawful_rate

    rate = lawful_rate(book.project, book.total)
    # English documents: the deal state's interest ledger, an installment paid late included (the
    # claim lists the same accruals: state/interest.py)
    from contractkit.state.interest import accruals, key_rate_applies

    ledger = None  # and a Russian contract with no неустойка: ГК РФ ст. 395 at the key rate
    if book.project.language == "en" or key_rate_applies(book.project):
        ledger = {a.key: a.total for a in accruals(book.state, today)}
    from contractkit.state.interest import owed

    # paid late: the penalty it accrued until paid, still owed, as `status` lists it (issue 21 C6)
    paid_late = {a.key: a.total for a in owed(book.state, today) if a.paid}
    out = []
    for s in book.standing():
        late = s.overdue_days(today)
        # an unpaid advance carries no penalty before the work is accepted (ГК РФ ст. 328, 711,
        # 719): the claim does not charge one, so neither does the agenda (one figure everywhere)
        fine = (installment_penalty(book.state, s, today, rate, book.currency).amount
                if late and s.due and earned(book, s) else Decimal("0.00"))
        if ledger is not None:
            fine = ledger.get(s.installment.key, Decimal("0.00"))
        elif s.balance <= 0:
            fine = paid_late.get(s.installment.key, Decimal("0.00"))
        out.append(Due(s.installment.number, s.installment.amount, s.balance, s.due, s.planned_due,
                       late, fine))
    return out


def _installment_events(book, found: list[Due]) -> list[Event]:
    from contractkit.words import fmt

    out = []
    for s, inst in zip(found, book.installments, strict=True):
        day = s.due or s.planned_due
        money = fmt.money(inst.amount, book.currency, book.project.language)
        detail = "" if s.due else "planned: the due date follows the event it waits for"
        title = _words(book.project)["payment"].format(n=inst.number, money=money)
        out.append(Event("installment", inst.key, day, title, detail,
                         done=s.balance <= 0, client=True))
    return out


def _waits(book, found_requests, today: date) -> list[Waiting]:
    from contractkit.flows.letters.waits import waits, working_days_between

    limit = book.project.terms.silent_client_days
    country = book.project.calendar
    return [Waiting(w.request.id, w.request.kind, w.request.what, w.request.asked, w.due,
                    working_days_between(w.request.asked, today, country), w.late, limit)
            for w in waits(book, found_requests, today) if w.open]


def _obligations(book, found_requests, today: date) -> list[Event]:
    from contractkit.flows.letters.waits import waits

    out = []
    for w in waits(book, found_requests, today):
        if w.due is None:
            continue
        r = w.request
        detail = f"asked {r.asked}; {w.term} working days under the contract"
        if r.received:
            detail += f"; received {r.received}"
        words = _words(book.project)
        title = words["client"].format(kind=words[r.kind], what=r.what)
        out.append(Event("obligation", r.id, w.due, title, detail,
                         done=not w.open, client=True))
    return out


def _update_and_support(book) -> list[Event]:
    out = []
    start = book.signed[0].date
    friday = start + timedelta(days=(4 - start.weekday()) % 7)
    end = book.completed_on or book.figures.completion
    if friday <= end:
        out.append(Event("update", "weekly", friday, _words(book.project)["update"],
                         "contractkit update", until=end))
    support = book.project.support
    if support is not None:
        first, last = support_period(book.project.language, end, support.months)
        out.append(Event("support", "end", last,
                         _words(book.project)["support"].format(name=support.name),
                         f"{support.months} months from {first}, through {last}",
                         client=True))
    return out


def support_period(language: str, accepted: date, months: int) -> tuple[date, date]:
    """The support plan's first and last day as its annex words them: in Russian from the 1st of the
    month after the final act's month, in English from the day after final acceptance; `months`
    later less a day (ГК РФ ст. 192 п. 3: a period in months ends on the matching day of the last
    month). The page's calendar ended support on the acceptance day + months, ten days before the
    signed annex did (review-ru5 R20)."""
    if language == "ru":
        first = date(accepted.year + accepted.month // 12, accepted.month % 12 + 1, 1)
    else:
        first = accepted + timedelta(days=1)
    return first, add_months(first, months) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _uninvoiced(book) -> list[str]:
    invoiced = {i.installment for i in book.invoices}
    out = []
    for inst, s in zip(book.installments, book.standing(), strict=True):
        if s.due is None or s.balance <= 0 or inst.key in invoiced or inst.is_prepayment:
            continue
        if inst.label in ("acceptance", "completion", "launch"):
            out.append(f"installment {inst.number} ({inst.deliverable or 'final acceptance'})")
    return out


# --- the cache's plain form --------------------------------------------------------------------

def _dump(found: Facts) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(found), default=str))


def _load(data: dict) -> Facts:
    def day(v):
        return date.fromisoformat(v) if v else None

    events = [Event(**{**e, "day": day(e["day"]), "until": day(e["until"]), "waits": day(e.get("waits"))})
              for e in data["events"]]
    dues = [Due(d["number"], Decimal(d["amount"]), Decimal(d["balance"]), day(d["due"]),
                day(d["planned_due"]), d["overdue_days"], Decimal(d["penalty"]))
            for d in data["installments"]]
    waits = [Waiting(**{**w, "asked": day(w["asked"]), "due": day(w["due"])}) for w in data["waits"]]
    pending = [Pending(**{**p, "requested_on": day(p["requested_on"])}) for p in data["pending"]]
    data = {**data, "awaits_prepayment": day(data.get("awaits_prepayment"))}
    return Facts(**{**data, "events": events, "installments": dues, "waits": waits, "pending": pending,
                    "last_update": day(data["last_update"])})
