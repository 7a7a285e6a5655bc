"""What waits on the client: materials and feedback asked for, their contractual term, how late.

Under the contract the deadlines move by the client's delay (ГК РФ ст. 328, 406, 719; the
contract's clause on extension), counted in working days of the project calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contractkit.calendar import working_days_between  # noqa: F401  (re-exported)
from contractkit.clock import refuse_future
from contractkit.errors import ContractkitError
from contractkit.flows.billing import open_book
from contractkit.flows.billing.book import Book
from contractkit.flows.letters.record import RequestRecord, letters, requests, save_request
from contractkit.state.delays import request_lateness, term_for  # noqa: F401  (term_for re-exported)
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo


class LetterError(ContractkitError):
    """A letter or request that does not fit the project's record."""



@dataclass(frozen=True)
class Wait:
    request: RequestRecord
    term: int | None
    """Working days the contract gives the client for it, if it states one."""
    due: date | None
    late: int
    """Working days past the term, through the reply (or through today while none came)."""
    stage: str | None

    @property
    def open(self) -> bool:
        return self.request.received is None


def in_progress(book: Book, day: date) -> str | None:
    """The first stage not accepted by `day`: the one work was on (the deal state's reading)."""
    from contractkit.state.delays import stage_on

    return stage_on([x.deliverable.id for x in book.lines], {k: a.date for k, a in book.accepted.items()},
                    day)


def waits(book: Book, found: list[RequestRecord], day: date) -> list[Wait]:
    project = book.project
    out = []
    for r in found:
        if r.asked > day:
            continue
        term, due, late = request_lateness(project, r, day)
        out.append(Wait(r, term, due, late, r.stage or in_progress(book, r.asked)))
    return out


def ask(path: Path, what: str, day: date, kind: str, stage: str | None, letter: bool = False,
        formats: tuple[str, ...] = ("pdf",)):
    """Record that the client was asked for materials or feedback on `day`; `letter`: also write the
    request itself, the contractor's notice listing what is needed that the contract's extension
    clause counts from (ГК РФ ст. 328, 406, 719; review-ru2 R7.16). Returns (record, the letter or
    None). The letter is rendered before anything is written: a request that fails records nothing."""
    from contractkit.flows.letters import compose

    refuse_future(day, "asked")
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        if stage and stage not in {x.deliverable.id for x in book.lines}:
            raise LetterError(f"no stage {stage!r} in the signed scope")
        found = requests(repo)
        record = RequestRecord(id=f"R-{max((r.number for r in found), default=0) + 1:03d}", what=what,
                               kind=kind, asked=day, stage=stage)
        ready = compose.prepare(path, repo, book, _request_draft(path, book, record, list(formats))) \
            if letter else None
        save_request(path, repo, record, f"{record.id}: asked the client for {kind}: {what} ({day})")
        return record, (compose.save_prepared(path, repo, ready) if ready else None)


REQUEST_SUBJECTS = {
    ("ru", "materials"): "Запрос о предоставлении материалов по Договору № {n}",
    ("ru", "feedback"): "Запрос обратной связи по Договору № {n}",
    ("en", "materials"): "Request for materials: Agreement No. {n}",
    ("en", "feedback"): "Request for feedback: Agreement No. {n}",
}


def _request_draft(path: Path, book: Book, record: RequestRecord, formats: list[str]):
    """The request letter: what is needed, for which stage, the contract's term and its last day,
    and the clause that extends the deadlines while it waits."""
    from contractkit.flows.letters import compose
    from contractkit.flows.letters.clauses import signed_clauses

    project = book.project
    term, due, _ = request_lateness(project, record, record.asked)
    stage = record.stage or in_progress(book, record.asked)
    title = next((x.deliverable.title for x in book.lines if x.deliverable.id == stage), None)
    letter = {"date": record.asked, "what": record.what, "kind": record.kind, "term": term, "due": due,
              "stage": title, "request": record.id, "clauses": signed_clauses(book, path),
              "limit": project.terms.silent_client_days}
    facts = {"request": record.id, "what": record.what, "kind": record.kind,
             **({"due": str(due)} if due else {})}
    subject = REQUEST_SUBJECTS[(project.language, record.kind)].format(n=project.contract.number)
    return compose.Draft("request", record.asked, subject, compose.context_for(book, letter), facts,
                         documents=formats, stage=stage)


def told_missing(repo, record: RequestRecord, day: date):
    """The first letter after `day` that cited the still-open request as not come: a client-caused
    delay notice or a suspension notice written while it waited."""
    for letter in letters(repo):
        caused = letter.facts.get("client_caused") == "true"
        cited = letter.kind == "suspend" or (letter.kind == "delay" and caused)
        if cited and letter.date > day and letter.date >= record.asked:
            return letter
    return None


def receive(path: Path, request_id: str, day: date) -> RequestRecord:
    """Record that what was asked for came on `day`."""
    refuse_future(day, "received")
    with locked(path), open_repo(path) as repo:
        found = {r.id: r for r in requests(repo)}
        record = found.get(request_id.upper())
        if record is None:
            raise LetterError(f"no request {request_id} in this project")
        if record.received:
            raise LetterError(f"{record.id} was received already on {record.received}")
        if day < record.asked:
            raise LetterError(f"{day} is before {record.id} was asked for ({record.asked})")
        told = told_missing(repo, record, day)
        if told is not None:  # the notice stays as sent: a receipt before it would contradict it
            raise LetterError(f"{record.id} received on {day} is before {told.id} of {told.date}, a "
                              f"{told.kind} notice that told the client it had not arrived",
                              hint=f"record the day it came, {told.date} or later; if it came earlier, "
                                   "the notice stands as sent and the client should be told in a letter")
        record = record.model_copy(update={"received": day})
        save_request(path, repo, record, f"{record.id}: received from the client on {day}: {record.what}")
        return record
