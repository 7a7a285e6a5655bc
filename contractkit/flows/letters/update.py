"""The Friday update: what was done since the last one, what is in progress and on time, what
comes next, what waits on the client (and the deadline shift it causes), changes awaiting approval,
deadlines moved, money due. Every line comes from the record; the update's own date is recorded
so the next one starts there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contractkit import calendar
from contractkit.compute import Figures, compute
from contractkit.flows.billing import open_book
from contractkit.flows.billing.book import Book
from contractkit.flows.letters import compose
from contractkit.flows.letters.clauses import contract_clauses
from contractkit.flows.letters.record import LetterRecord, letters, requests
from contractkit.flows.letters.waits import LetterError, Wait, waits, working_days_between
from contractkit.store import history
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo
from contractkit.words import fmt
from contractkit.words.jurisdiction import date_style

SUBJECTS = {"ru": "Проект «{title}»: отчёт на {day}", "en": "{title}: weekly update, {day}"}


def last_update(found: list[LetterRecord]) -> LetterRecord | None:
    return next((x for x in reversed(found) if x.kind == "update"), None)


def told_before(found: list[LetterRecord]) -> tuple[set[str], date | None]:
    """(ids of the acts, changes and payments earlier updates listed, the date of the last update
    that did not record them)."""
    ids: set[str] = set()
    legacy = None
    for x in found:
        if x.kind != "update":
            continue
        if "done" in x.facts:
            ids |= {i for i in x.facts["done"].split(",") if i}
        else:
            legacy = x.date
    return ids, legacy


def _done(book: Book, since: date, day: date, told: tuple[set[str], date | None] | None = None) -> list[dict]:
    """Acts, signed addenda and payments not told yet: with `told` (told_before), also one
    recorded after the last update under an earlier date, or on the update's own day; without
    it, those dated after `since`."""
    titles = {x.deliverable.id: x.deliverable.title for x in book.lines}
    out = []

    def new(when: date, ident: str) -> bool:
        if told is None:
            return since < when <= day
        ids, legacy = told
        return when <= day and ident not in ids and (legacy is None or when > legacy)

    for a in book.acts:
        if new(a.date, a.id) and a.accepted:
            out.append({"kind": "act", "date": a.date, "number": a.number, "id": a.id,
                        "stages": [titles.get(s, s) for s in a.stages]})
    for c in book.changes:
        if c.status == "signed" and c.addendum and c.addendum < len(book.signed):
            signed_on = book.signed[c.addendum].date
            if new(signed_on, c.id):
                out.append({"kind": "change", "date": signed_on, "id": c.id, "title": c.title,
                            "addendum": c.addendum})
    for p in book.effective:
        if new(p.date, p.id):
            out.append({"kind": "payment", "date": p.date, "amount": p.amount, "id": p.id})
    return sorted(out, key=lambda x: x["date"])


def _progress(book: Book, plan: Figures, day: date,
              waiting: list[dict]) -> tuple[list[dict], list[dict], date]:
    """(stages started and not accepted, with on-time state; the next stages; the completion).

    A stage's deadline is the later of the plan's and the one the client's delay gives it, and
    the stages after it move by as many working days (the contract's extension clause)."""
    from contractkit.model.checks import dependencies

    country = book.project.calendar
    needs = dependencies(book.project)
    moved: dict[str, int] = {}
    current, upcoming, ends = [], [], []
    for x in plan.lines:
        d = x.deliverable
        inherited = max((moved.get(dep, 0) for dep in needs.get(d.id, [])), default=0)
        start = calendar.add_days(x.start, inherited, country)
        deadline = calendar.add_days(x.deadline, inherited, country)
        shifted = [w["stage"]["shifted"] for w in waiting if w["stage"] and w["stage"]["id"] == d.id
                   and w["stage"]["shifted"]]
        own = max([deadline, *shifted])
        moved[d.id] = inherited + working_days_between(deadline, own, country)
        deadline = own
        ends.append(deadline)
        if d.id in book.accepted:
            continue
        ready = all(dep in book.accepted for dep in needs.get(d.id, []))
        item = {"id": d.id, "title": d.title, "start": start, "deadline": deadline,
                "extended": deadline > x.deadline,
                "late": working_days_between(deadline, day, country) if day > deadline else 0}
        (current if start <= day and ready else upcoming).append(item)
    return current, upcoming[:2], max(ends)


def _waiting(book: Book, found: list[Wait]) -> list[dict]:
    """Open or late requests; the deadline shift counted from the signed schedule's date."""
    out = []
    for w in found:
        if not w.open and w.late == 0:
            continue
        line = next((x for x in book.lines if x.deliverable.id == w.stage), None)
        shifted = (calendar.add_days(line.deadline, w.late, book.project.calendar)
                   if line and w.late else None)
        out.append({"id": w.request.id, "what": w.request.what, "kind": w.request.kind,
                    "asked": w.request.asked, "term": w.term, "due": w.due, "late": w.late,
                    "open": w.open, "received": w.request.received,
                    "stage": {"id": line.deliverable.id, "title": line.deliverable.title,
                              "deadline": line.deadline, "shifted": shifted} if line else None})
    return out


def _moved(found: list[LetterRecord], book: Book, since: date, day: date) -> list[dict]:
    titles = {x.deliverable.id: x.deliverable.title for x in book.lines}
    out = [{"stage": titles.get(x.stage or "", x.stage), "old": date.fromisoformat(x.facts["old_deadline"]),
            "new": date.fromisoformat(x.facts["new_deadline"]), "reason": x.facts.get("reason", ""),
            "change": x.change}
           for x in found if x.kind == "delay" and since < x.date <= day]
    # A client-caused delay takes effect on the contractor's notice (EN 2.4, RU 2.3): no approval.
    notices = in_effect_on_notice(found, book)
    for m in out:
        m["notice"] = notices.get(m["change"] or "", "")
    noted = {m["change"] for m in out}
    for c in book.changes:
        if c.kind == "timeline" and c.id not in noted and since < c.requested_on <= day:
            out.append({"stage": None, "old": None, "new": c.completion, "reason": c.reason or c.title,
                        "change": c.id, "notice": c.notice_clause})
    return out


def in_effect_on_notice(found: list[LetterRecord], changes) -> dict[str, str]:
    """Change id -> the clause («2.4»; "-" if unknown) of each client-caused delay: it took effect on
    the contractor's notice under the extension clause (EN 2.4, RU 2.3), not on a Change Order.
    Records made before `notice_clause` existed are known by their client-caused delay letter."""
    out = {x.change: "-" for x in found
           if x.kind == "delay" and x.change and x.facts.get("client_caused") == "true"}
    out.update({c.id: c.notice_clause for c in getattr(changes, "changes", changes) if c.notice_clause})
    return out


def _one_date(moved: list[dict], planned: list[dict]) -> list[dict]:
    """A moved stage's new date is the one the update gives it elsewhere (a client's late
    materials may move it further than the notice did): one stage, one date in a letter."""
    deadlines = {x["title"]: x["deadline"] for x in planned}
    return [m | {"new": deadlines.get(m["stage"], m["new"])} for m in moved]


def _money(book: Book, day: date) -> list[dict]:
    out = []
    for s in book.standing():
        if s.balance > 0 and s.due is not None:
            out.append({"number": s.installment.number, "amount": s.balance, "due": s.due,
                        "overdue": s.overdue_days(day)})
    return out


def update_context(path: Path, repo, book: Book, day: date, since: date | None) -> dict:
    found = letters(repo)
    previous = last_update(found)
    told = None if since else told_before(found)
    since = since or (previous.date if previous else book.signed[0].date)
    if since > day:
        raise LetterError(f"--since {since} is after the update's date {day}")
    head = history.project_at(repo, "HEAD")
    plan = compute(head, book.prepaid_on)
    waiting = _waiting(book, waits(book, requests(repo), day))
    current, upcoming, completion = _progress(book, plan, day, waiting)
    notices = in_effect_on_notice(found, book)  # a client-caused delay awaits no approval
    pending = [{"id": c.id, "title": c.title, "kind": c.kind, "requested_on": c.requested_on,
                "age": (day - c.requested_on).days, "notice": notices.get(c.id, "")}
               for c in book.changes if c.status == "proposed"]
    return {
        "date": day, "since": since, "first": previous is None,
        "done": _done(book, since, day, told), "current": current, "upcoming": upcoming,
        "waiting": [w for w in waiting if w["open"] or (w["received"] and since < w["received"] <= day)],
        "pending": pending,
        "moved": _one_date(_moved(found, book, since, day), current + upcoming), "money": _money(book, day),
        "completion": completion, "extended": completion > plan.completion,
        "clauses": contract_clauses(book.versions[0], path, book.prepaid_on),
    }


def update(path: Path, day: date, since: date | None = None) -> compose.Written:
    """Write, record and mail the weekly status as of `day`."""
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        letter = update_context(path, repo, book, day, since)
        project = book.project
        subject = SUBJECTS[project.language].format(title=project.title,
                                                    day=fmt.long_date(day, project.language,
                                                                      date_style(project)))
        facts = {"since": str(letter["since"]), "completion": str(letter["completion"]),
                 "waiting": ", ".join(f"{w['id']} {w['late']}" for w in letter["waiting"]),
                 "in_progress": ", ".join(f"{c['id']} {c['deadline']}" for c in letter["current"]),
                 "done": ",".join(x["id"] for x in letter["done"])}
        draft = compose.Draft("update", day, subject, compose.context_for(book, letter), facts)
        return compose.write(path, repo, book, draft)
