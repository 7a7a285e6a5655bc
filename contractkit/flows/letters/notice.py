"""Telling the client early: a deadline moves (a timeline change request, as `change` records it)
or the work stops while the client is silent (ГК РФ ст. 328, 719).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from contractkit import calendar
from contractkit.compute import compute
from contractkit.flows.billing import open_book
from contractkit.flows.letters import compose
from contractkit.flows.letters.clauses import signed_clauses
from contractkit.flows.letters.record import requests
from contractkit.flows.letters.waits import LetterError, waits, working_days_between
from contractkit.flows.yamledit import with_delay  # noqa: F401 - notice.with_delay, as before
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.store import history
from contractkit.store.files import write_atomic
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo
from contractkit.words.notices import notice_shift

"""Working days of silence after which the notice of suspension is sent, while the contract
states none (the contract's own number wins once the model carries it)."""

SUBJECTS = {
    ("ru", "delay"): "Уведомление о переносе срока этапа «{stage}» по Договору № {n}",
    ("en", "delay"): "Notice of a new deadline for “{stage}”: Agreement No. {n}",
    # the Contractor's own delay moves nothing until a Change Order is signed (review-en2, E5)
    ("en", "delay_own"): "Notice of expected delay of “{stage}”: Agreement No. {n}",
    ("ru", "suspend"): "Уведомление о приостановлении {doing} по Договору № {n}",
    ("en", "suspend"): "Notice of suspension of work: Agreement No. {n}",
}


def _subject(project, kind: str, stage: str = "") -> str:
    doing = "оказания Услуг" if project.contract.type == "services" else "выполнения Работ"
    return SUBJECTS[(project.language, kind)].format(stage=stage, n=project.contract.number, doing=doing)


def delay(path: Path, stage: str, days: int | None, reason: str, client_caused: bool, day: date,
          formats: list[str], force: bool = False) -> compose.Written:
    """Move STAGE (and what follows it) by `days` working days, record it as a timeline change
    and write the notice stating the old and new dates. A client-caused delay stands on a recorded,
    overdue request to the client (ГК РФ ст. 406, 719): the letter cites it, and the change is the
    contractor's notice under the contract's extension clause. Everything is checked and the letter
    rendered before anything is written: a notice that fails changes nothing."""
    from contractkit.flows.workflow import record_change

    if days is None and not client_caused:
        raise LetterError("--days is required for a delay of your own: say how many working days it moves")
    if days is not None and days < 1:
        raise LetterError(f"--days {days}: a delay is at least one working day")
    if not reason.strip():
        raise LetterError("--reason is required: the client is told why the date moves")
    with open_repo(path) as repo:
        book = open_book(repo)
        st = history.state(repo, path)
        if st.uncommitted:
            raise LetterError("project.yaml has uncommitted edits; a delay notice would mix them in",
                              hint="record them with 'contractkit change' or set them aside first")
        head = parse_project(st.head_text.decode("utf-8-sig"))
        prepaid = book.prepaid_on
        signed_on = book.state.history.signed_on  # a dated stage moves from the prepayment's due day
        change_id = st.next_change_id()
        auto = days is None
        asked = waits(book, requests(repo), day)
        if days is None:  # the contract's clause extends the term by the client's whole delay
            days = max((w.late for w in asked), default=0)
            if days < 1:
                grounds([], 1, day, False)  # refuses: no request is overdue, nothing to move by
    if stage not in {d.id for d in head.deliverables}:
        raise LetterError(f"no stage {stage!r} in project.yaml (stages: "
                          f"{', '.join(d.id for d in head.deliverables)})")
    if stage in book.accepted:
        act = book.accepted[stage]
        raise LetterError(f"stage {stage} is accepted already (act {act.number} of {act.date}); "
                          "its deadline no longer moves")
    # a client-caused delay moves the deadline in force (the signed one, moved by earlier notices),
    # never one the contractor's own proposal, not signed, would give (review-en3 E10)
    source = _in_force(book, day) if client_caused else head
    agreed = book.state.history.agreed  # a stage a change order added keeps the date it agreed (E15)
    before = compute(source, prepaid, signed_on, agreed=agreed)
    blocked = None
    if client_caused:
        blocked = _blocked(asked, stage, before.line(stage), day, head.calendar)
        if blocked and (auto or days == blocked["days"]):
            days = blocked["days"]  # the lateness alone would give a date already past
        else:
            blocked = None
    text = st.head_text.decode("utf-8-sig")
    moved_text = with_delay(text, stage, days)
    after = compute(_delayed(source, stage, days) if client_caused else parse_project(moved_text), prepaid,
                    signed_on, agreed=agreed)
    title = before.line(stage).deliverable.title
    moved = [{"id": a.deliverable.id, "title": a.deliverable.title, "old": b.deadline, "new": a.deadline}
             for b, a in zip(before.lines, after.lines, strict=True) if a.deadline != b.deadline]
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        found = [w for w in waits(book, requests(repo), day)]
        waited = blocked["days"] if blocked else 0
        warnings = grounds(found, days, day, force, waited) if client_caused else []
        new_deadline = after.line(stage).deadline
        if client_caused and new_deadline < day:
            # a notice that announces a deadline already past concedes the contractor's delay
            problem = (f"the new deadline {new_deadline} of {stage} is before this notice's date {day}: "
                       "the notice would tell the client the stage is late")
            if not force:
                raise LetterError(problem, hint="leave out --days to move the stage by the time it waited "
                                                "for the client, or pass --force to send it anyway")
            warnings.append(f"{problem}; sent anyway (--force)")
        cited = [w for w in found if w.late > 0] or ([w for w in found if w.open] if client_caused else [])
        clauses = signed_clauses(book, path)
        letter = {
            "date": day, "stage": {"id": stage, "title": title, "old": before.line(stage).deadline,
                                   "new": after.line(stage).deadline},
            "days": days, "reason": reason, "client_caused": client_caused, "moved": moved,
            "completion_old": before.completion, "completion_new": after.completion,
            # the contract's own date when the late prepayment moved it and nothing signed since
            # (review-ru4 R12, as the addendum's ledger says it: R2)
            "completion_signed": _as_signed(book, before.completion), "prepaid_on": prepaid,
            "change": change_id, "clauses": clauses, "early": day <= before.line(stage).deadline,
            "shift_text": notice_shift(clauses.get("extension")),  # the page says the same
            "waits": [_wait(w) for w in cited],
            "blocked": blocked,
            # still nothing from the client: the extension runs on past this notice's count
            "running": client_caused and any(w.open for w in cited),
            "running_kind": next((w.request.kind for w in cited if w.open), ""),
        }
        if blocked:
            facts_blocked = {"waited_days": str(blocked["days"]), "waited_from": str(blocked["from"])}
        facts = {"stage": stage, "days": str(days), "old_deadline": str(letter["stage"]["old"]),
                 "new_deadline": str(letter["stage"]["new"]), "completion": str(after.completion),
                 "reason": reason, "client_caused": str(client_caused).lower(),
                 **(facts_blocked if blocked else {})}
        subject = _subject(head, "delay" if client_caused or head.language != "en" else "delay_own", title)
        draft = compose.Draft("delay", day, subject,
                              compose.context_for(book, letter), facts, documents=formats, stage=stage,
                              change=change_id)
        ready = compose.prepare(path, repo, book, draft)  # renders; raises before anything is written
    write_atomic(path / PROJECT_FILE, moved_text.encode("utf-8"))
    try:
        recorded = record_change(path, _change_title(head, stage, days), reason,
                                 "contractor", day,
                                 notice_clause=(clauses.get("extension") or "-") if client_caused else "",
                                 completion=after.completion if client_caused else None)
    except BaseException:
        write_atomic(path / PROJECT_FILE, st.head_text)
        raise
    if recorded.change.id != change_id:  # another process recorded a change in between
        raise LetterError(f"{recorded.change.id} was recorded, not {change_id}; render the notice again")
    with locked(path), open_repo(path) as repo:
        written = compose.save_prepared(path, repo, ready)
    return compose.Written(written.record, written.files, written.eml, written.text, tuple(warnings))


def _as_signed(book, old):
    """The completion the signed contract states, when the late prepayment alone moved it to `old`."""
    hist = book.state.history
    if len(hist.versions) != 1 or hist.figures[0].completion != old:
        return None
    return hist.completion_as_signed()


def _in_force(book, day: date):
    """The version in force on `day`: the last signed one with the delays notices gave it by then."""
    told = [n for n in book.state.records.notices if n.date <= day]
    return told[-1].project if told else book.state.project


def _delayed(project, stage: str, days: int):
    """The project with `days` more on the stage's `delay:` (as with_delay writes it)."""
    stages = [d.model_copy(update={"delay": d.delay + days}) if d.id == stage else d
              for d in project.deliverables]
    return project.model_copy(update={"deliverables": stages})


def _blocked(found: list, stage: str, line, day: date, country: str) -> dict | None:
    """When the client's lateness alone would move the stage to a date before this notice (a
    request made during a short stage falls due after the stage's own deadline), the period the
    stage waited instead: from the request (or the stage's start, if later) until the answer came
    (or this notice, while none has). The contractor is not in delay while the client's delay
    prevents the work (ГК РФ ст. 406 п. 3, 719 п. 1; the prevention principle under English and
    New York law), so the stage moves by that period; None when the lateness suffices."""
    mine = [w for w in found if w.late > 0 and w.stage == stage] or [w for w in found if w.late > 0]
    # only a request made while the stage's deadline still ran held it back: one made after the
    # deadline had passed found the contractor late already (ГК РФ ст. 405, 406)
    mine = [w for w in mine if w.request.asked < line.deadline]
    if not mine:
        return None
    late = max(w.late for w in mine)
    by_clause = calendar.add_days(line.deadline, late, country)
    if by_clause >= day:
        return None
    # the stage waits from the day after the request, or from its own first day if it starts later
    waited = [(max(w.request.asked, line.start - timedelta(days=1)), min(w.request.received or day, day), w)
              for w in mine]
    start, until, w = max(waited, key=lambda x: working_days_between(x[0], x[1], country))
    days = working_days_between(start, until, country)
    if days <= late:
        return None
    return {"days": days, "from": calendar.next_working_day(start, country), "until": until,
            "request": w.request.id, "kind": w.request.kind,
            "received": w.request.received, "clause_days": late, "clause_new": by_clause}


def grounds(found: list, days: int, day: date, force: bool, waited: int = 0) -> list[str]:
    """A client-caused delay needs an overdue request to the client and claims no more working days
    than it is late (or, where the lateness alone gives a date already past, than the stage waited:
    `waited`, see _blocked); with `force`, the missing ground is a warning instead of a refusal."""
    late = [w for w in found if w.late > 0]
    if not late:
        pending = [w for w in found if w.open and w.due]
        said = "; ".join(f"{w.request.id} of {w.request.asked} is due {w.due}" for w in pending)
        problem = (f"no request to the client is overdue on {day}" + (f" ({said})" if said else
                   " (record what was asked for with 'contractkit asked WHAT --date DATE')"))
    elif waited and days == waited:
        return []
    elif days > max(w.late for w in late):
        worst = max(late, key=lambda w: w.late)
        problem = (f"--days {days} is more than the client's recorded lateness: {worst.request.id} "
                   f"(asked {worst.request.asked}, due {worst.due}) is {worst.late} working day(s) late")
    elif days < max(w.late for w in late):
        # the clause moves the term by the whole delay (ГК РФ ст. 406, 719, 783): a notice that
        # states the lateness and moves by less contradicts itself
        worst = max(late, key=lambda w: w.late)
        problem = (f"--days {days} is less than the client's recorded lateness: {worst.request.id} is "
                   f"{worst.late} working day(s) late, and the contract extends the term by all of it; "
                   "leave out --days to move the stage by the lateness")
    else:
        return []
    if not force:
        raise LetterError(problem + "; a client-caused delay stands on it",
                          hint="correct --days or the date, or pass --force to send it anyway")
    return [f"{problem}; sent anyway (--force)"]


def _change_title(project, stage: str, days: int) -> str:
    title = next(d.title for d in project.deliverables if d.id == stage)
    if project.language == "ru":
        return f"Перенос срока этапа «{title}» на {days} {fmt_days_ru(days)}"
    return f"Deadline of “{title}” moved by {days} business day{'s' if days != 1 else ''}"


def fmt_days_ru(n: int) -> str:
    from contractkit.words.amounts import ru_plural

    return ru_plural(n, ("рабочий день", "рабочих дня", "рабочих дней"))


def _wait(w) -> dict:
    r = w.request
    return {"id": r.id, "what": r.what, "kind": r.kind, "asked": r.asked, "term": w.term, "due": w.due,
            "late": w.late, "received": r.received, "stage": w.stage}


def suspend(path: Path, day: date, days: int | None, reason: str, formats: list[str]) -> compose.Written:
    """The notice that work stops until the client answers. The contract allows it once the
    client's delay with a request is more than terms.silent_client_days working days (RU п. 2.3
    «более …»; EN §2.3 "exceeds"; ГК РФ ст. 328 п. 2, 719 п. 1): before that the notice is refused,
    since a suspension the contract does not allow is the contractor's own breach. `days` may only
    wait longer. The letter cites the request, its due date and the lateness, and states the stage's
    deadline in force before this delay and as of the notice, from the deal state."""
    with locked(path), open_repo(path) as repo:
        book = open_book(repo, as_of=day)
        project = book.project
        signed_days = project.terms.silent_client_days  # the contract's clause: never sooner
        need = max(signed_days + 1, days or 0)
        open_ = [w for w in waits(book, requests(repo), day) if w.open]
        if not open_:
            raise LetterError("nothing waits on the client: record what was asked for first "
                              "('contractkit asked WHAT --date DATE')")
        late = [w for w in open_ if w.late > 0]
        if not late:
            said = "; ".join(f"{w.request.id} of {w.request.asked} is due {w.due}" for w in open_ if w.due)
            raise LetterError(f"no request to the client is overdue on {day}" + (f" ({said})" if said else
                              " (the contract states no term for it)") + "; a suspension stands on the "
                              "client's delay")
        worst = max(late, key=lambda w: (w.late, -w.request.number))
        if worst.late < need:
            first = calendar.add_days(worst.due, need, project.calendar)
            raise LetterError(f"{worst.request.id} (asked {worst.request.asked}, due {worst.due}) is "
                              f"{worst.late} working day(s) late on {day}; the contract allows suspension "
                              f"once the delay is more than {signed_days} working day(s)"
                              + (f" (and --days {days} asks for {days})" if days and days > signed_days + 1
                                 else "") + f": from {first}",
                              hint=f"send it on {first} or later")
        letter = {"date": day, "silent": worst.late, "limit": signed_days, "contract_days": signed_days,
                  "waits": [_wait(w) for w in open_], "oldest": _wait(worst), "reason": reason,
                  "late_from": worst.due + timedelta(days=1),
                  "stage": _stage_in_force(book, worst, day), "clauses": signed_clauses(book, path)}
        facts = {"silent_days": str(worst.late), "since": str(worst.due), "limit": str(signed_days),
                 "requests": ", ".join(w.request.id for w in open_), "request": worst.request.id}
        if letter["stage"] and letter["stage"]["moves"]:
            facts["deadline_before"] = str(letter["stage"]["before"])
            facts["deadline_now"] = str(letter["stage"]["now"])
        draft = compose.Draft("suspend", day, _subject(project, "suspend"),
                              compose.context_for(book, letter), facts, documents=formats,
                              stage=worst.stage)
        return compose.write(path, repo, book, draft)


def _stage_in_force(book, wait, day: date) -> dict | None:
    """The stage a suspension stops, from the deal state: its deadline in force before this delay
    (the records without the requests still open) and as of the notice, and whether the delay
    moves it at all (a lateness that began after the deadline moves nothing: ГК РФ ст. 405, 406)."""
    from dataclasses import replace

    from contractkit.state.deal import deal_state
    from contractkit.state.delays import ClientDelay, moves

    stage = book.state.stage(wait.stage) if wait.stage else None
    if stage is None or stage.accepted_on is not None:
        return None
    records = book.state.records
    without = replace(records, requests=[r for r in records.requests
                                         if r.received is not None and r.received <= day])
    before = deal_state(without, day).stage(stage.id).deadline
    delay = ClientDelay(wait.request, wait.term, wait.due, wait.late, wait.stage)
    return {"id": stage.id, "title": stage.title, "deadline": stage.deadline, "before": before,
            "now": stage.deadline, "moves": moves(delay, before)}
