"""Terminal lines for letters: their place in `log`, and the warnings `status` and `check` give
when a deadline is near or past and the client was not told."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

from contractkit.flows.letters.record import LetterRecord, RequestRecord, SentRecord

NEAR = 2
"""Working days before a deadline from which `status` and `check` remind you to tell the client."""


@contextmanager
def _signed(path: Path):
    """The project's repository once a contract is signed in it, else None."""
    from contextlib import ExitStack

    from contractkit.errors import RepositoryError
    from contractkit.store.history import signatures
    from contractkit.store.repo import open_repo

    with ExitStack() as stack:
        try:  # only opening is guarded: an error of the caller's block must go up, not yield twice
            repo = stack.enter_context(open_repo(path))
            found = repo if repo.head.is_valid() and signatures(repo) else None
        except RepositoryError:
            found = None
        yield found


def notice_changes(path: Path) -> set[str]:
    """Change requests a delay notice recorded (the contractor's notice, whoever caused it)."""
    from contractkit.flows.letters.record import letters

    with _signed(path) as repo:
        if repo is None:
            return set()
        return {x.change for x in letters(repo) if x.kind == "delay" and x.change}


CLAIM_PARTS = ("penalty", "late_interest", "fixed_sums", "legal_interest")
"""What a claim demands beyond the debt, as its record keeps them: their sum and the debt make its
total, which the terminal, `log` and the update say the same (issue 21 C2)."""


def claimed_beyond_debt(facts: dict) -> Decimal:
    """The claim's demand beyond the debt: penalty, interest on payments made late, fixed sums."""
    return sum((Decimal(str(facts[k])) for k in CLAIM_PARTS if facts.get(k) not in (None, "")), Decimal(0))


def _claim_parts(facts: dict, charge: str, shown: dict) -> list[str]:
    names = {"penalty": charge, "late_interest": f"{charge} on payments made late",
             "fixed_sums": "fixed sums", "legal_interest": "statutory interest"}
    return [f"{names[k]} {shown[k]}" for k in CLAIM_PARTS
            if k == "penalty" or (facts.get(k) not in (None, "") and Decimal(str(facts[k])) != 0)]


def claim_line(facts: dict, charge: str = "penalty", shown: dict | None = None) -> str:
    """`debt D + penalty P [+ … on payments made late I] [+ fixed sums F] = T`: parts that add up;
    shown: the same facts formatted for the reader (default: as recorded)."""
    shown = shown or facts
    parts = [f"debt {shown.get('debt')}", *_claim_parts(facts, charge, shown)]
    return " + ".join(parts) + f" = {shown.get('total')}"


def claim_summary(facts: dict) -> str:
    """`claim`'s line: `debt D, penalty P (N day(s)), [… on payments made late I, ]total T`."""
    first, *more = _claim_parts(facts, "penalty", facts)
    return ", ".join([f"debt {facts['debt']}", f"{first} ({facts['days']} day(s))", *more,
                      f"total {facts['total']}"])


def _line(record: LetterRecord, numbers: dict[str, int] | None = None, project=None) -> str:
    """One letter in `log`; numbers: installment key -> its number in the schedule in force (the
    one `status` prints), for a reminder or a claim; project: the signed version, whose money
    format and name of the late charge (the contract's) the line uses."""
    f = dict(record.facts)
    number = (numbers or {}).get(record.installment or "", record.installment)
    charge = "penalty"
    if project is not None:
        from contractkit.words import fmt
        from contractkit.words.late import late_charge

        charge = late_charge(project.payment, project.language)
        for key in ("amount", "debt", "total", *CLAIM_PARTS):
            if f.get(key) not in (None, ""):
                f[key] = fmt.money(Decimal(str(f[key])), project.currency,
                                   project.language).replace("\u00a0", " ")
    what = {
        "update": lambda: f"weekly update since {f.get('since')}",
        "delay": lambda: (f"{record.stage} {f.get('old_deadline')} -> {f.get('new_deadline')} "
                          f"({record.change})"),
        "suspend": lambda: (f"work suspended, client {f.get('silent_days')} working day(s) late"
                            + (f" with {f['request']}" if f.get("request") else "")),
        "remind": lambda: f"#{number} {f.get('amount')} due {f.get('due')}, "
                          f"{f.get('days_overdue')} day(s) overdue",
        "claim": lambda: claim_line(dict(record.facts), charge, f),
        "request": lambda: (f"{f.get('request')}: {f.get('kind')} asked for"
                            + (f", due {f['due']}" if f.get("due") else "")),
    }[record.kind]()
    return f"{record.date}  {record.id:<13} {record.kind:<8} {what}"


def log_events(letters: list[LetterRecord], sent: list[SentRecord], asked: list[RequestRecord],
               numbers: dict[str, int] | None = None, project=None):
    out = [(x.date, _line(x, numbers, project)) for x in letters]
    out += [(s.date.date(), f"{s.date.date()}  {s.id:<13} sent     {s.letter} to {', '.join(s.recipients)} "
             f"{s.message_id} via {s.server}") for s in sent]
    for r in asked:
        out.append((r.asked, f"{r.asked}  {r.id:<13} asked    {r.kind}: {r.what}"))
        if r.received:
            out.append((r.received, f"{r.received}  {r.id:<13} received {r.kind}: {r.what}"))
    return out


def merged_log(lines: list[str], path: Path) -> list[str]:
    """The log with letters, mails sent and requests to the client in date order."""
    from contractkit.flows.letters.record import letters, requests, sent

    with _signed(path) as repo:
        if repo is None:
            return lines
        found = letters(repo)
        state = _state(repo) if any(x.kind in ("remind", "claim") for x in found) else None
        numbers = {i.key: i.number for i in state.installments} if state else None
        events = log_events(found, sent(repo), requests(repo), numbers, state.project if state else None)
    dated = [(line[:10], n, line) for n, line in enumerate(lines)]
    dated += [(str(day), len(lines) + n, line) for n, (day, line) in enumerate(events)]
    return [line for _, _, line in sorted(dated)]


def _state(repo):
    """The deal state (installment numbers, the signed version's money format and wording)."""
    from contractkit.store.deal import state_at

    return state_at(repo, date.today())


def deadline_warnings(path: Path, today: date, until: date | None = None) -> list[str]:
    """A stage not accepted whose deadline is within NEAR working days or past, with no delay
    notice stating that deadline: the client should hear it from you first (until: only the
    records dated by then count)."""
    from contractkit.compute import compute
    from contractkit.errors import RepositoryError
    from contractkit.flows.billing import open_book
    from contractkit.flows.letters.record import letters
    from contractkit.flows.letters.waits import working_days_between
    from contractkit.store.history import project_at

    with _signed(path) as repo:
        if repo is None:
            return []
        try:
            book = open_book(repo, as_of=today, until=until)
        except RepositoryError:  # a damaged record: `status` shows it on its payments line
            return []
        plan = compute(book.project if until else project_at(repo, "HEAD"), book.prepaid_on,
                       book.state.history.signed_on)
        # the latest date each stage's delay notices announced: a plan that ignores the client's
        # lateness (or a proposal not signed yet) still shows the older deadline, told all the same
        told: dict[str, date] = {}
        for x in letters(repo):
            new = x.facts.get("new_deadline")
            if x.kind == "suspend":  # the suspension told the deadline in force and that it runs on
                new = x.facts.get("deadline_now") and date.max
            if x.kind in ("delay", "suspend") and new and (until is None or x.date <= until):
                told[x.stage] = max(told.get(x.stage, date.min), new if new == date.max else
                                    date.fromisoformat(str(new)))
    country = book.project.calendar
    out = []
    for x in plan.lines:
        d = x.deliverable
        stage = book.state.stage(d.id)
        if stage is not None and stage.waits_for:  # waits for its addendum's deposit: no deadline runs
            continue
        if stage is not None and stage.deposit_days and x.deadline < stage.deadline:
            x = stage  # the deadline the late deposit moved (the deal state's)
        if d.id in book.accepted or told.get(d.id, date.min) >= x.deadline or x.start > today:
            continue
        if stage is not None and x.deadline < stage.deadline <= today:
            x = stage  # past even the deadline the client's delay gave it: the stage is late
        held = stage is not None and stage.deadline > x.deadline and (
            today > x.deadline or working_days_between(today, x.deadline, country) <= NEAR)
        if held and stage.deadline >= today:
            # the client's overdue request holds the deadline in force back: nothing is missed,
            # but the client hears of the new date from you (a delay or suspension notice); said
            # so as the signed date nears too, never «due <signed date>» beside the date `status`
            # prints (review-ru R21)
            out.append(f"warning: stage {d.id}'s deadline {x.deadline} is held back by the client's "
                       f"delay (in force {stage.deadline}) and the client was not told; send "
                       f"'contractkit notice delay {d.id} --client-caused --reason TEXT'")
        elif today > x.deadline:
            late = working_days_between(x.deadline, today, country)
            out.append(f"warning: stage {d.id} is past its deadline {x.deadline} by {late} working "
                       f"day(s) and the client was not told; send 'contractkit notice delay {d.id} "
                       "--days N --reason TEXT'")
        elif working_days_between(today, x.deadline, country) <= NEAR:
            left = working_days_between(today, x.deadline, country)
            out.append(f"warning: stage {d.id} is due {x.deadline}, in {left} working day(s); if it "
                       f"will be late, tell the client now: 'contractkit notice delay {d.id} --days N "
                       "--reason TEXT'")
    return out
