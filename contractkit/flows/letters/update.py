"""The Friday update: what was done since the last one, what is in progress and on time, what
comes next, what waits on the client (and the deadline shift it causes), changes awaiting approval,
deadlines moved, money due. Every line comes from the record; the update's own date is recorded
so the next one starts there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contractkit import calendar
from contractkit.flows.billing import open_book
from contractkit.flows.billing.book import Book
from contractkit.flows.letters import compose
from contractkit.flows.letters.clauses import signed_clauses
from contractkit.flows.letters.record import LetterRecord, letters, requests
from contractkit.flows.letters.waits import LetterError, Wait, waits, working_days_between
from contractkit.state.deal import completed_on
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo
from contractkit.words import fmt
from contractkit.words.jurisdiction import date_style
from contractkit.words.notices import notice_shift

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
            out.append({"kind": "act", "date": a.date, "number": book.act_no(a), "id": a.id,
                        "stages": [titles.get(s, s) for s in a.stages]})
    addenda: dict[int, dict] = {}  # one line per signed addendum, naming each change it signed
    for c in book.changes:
        if c.status == "signed" and c.addendum and c.addendum < len(book.signed):
            signed_on = book.signed[c.addendum].date
            if new(signed_on, c.id):
                item = addenda.setdefault(c.addendum, {"kind": "change", "date": signed_on, "ids": [],
                                                       "titles": [], "addendum": c.addendum})
                item["ids"].append(c.id)
                if c.notice_clause and book.project.language == "en":
                    # it took effect on the notice: the order records it, it is not the order's term
                    item.setdefault("noted", []).append(c.id)
                    continue
                item["titles"].append(c.title)
    for item in addenda.values():
        shown = [i for i in item["ids"] if i not in item.get("noted", [])] or item["ids"]
        out.append({**item, "id": ",".join(item["ids"]), "title": "; ".join(item["titles"]),
                    "ids_text": ", ".join(shown), "noted": item.get("noted", [])})
    for p in book.effective:
        if new(p.date, p.id):
            out.append({"kind": "payment", "date": p.date, "amount": p.amount, "id": p.id})
    return sorted(out, key=lambda x: x["date"])


def _progress(book: Book, day: date, notices: dict[str, date]) -> tuple[list[dict], list[dict], date, date]:
    """(stages started and not accepted, with on-time state; the next stages; the completion in
    force; the completion proposed).

    Every date is the deal state's as of the letter's day: the deadline in force is the last
    signed version's, moved by the client's delays as the contract's extension clause moves it.
    An unsigned delay notice (`notices`: stage -> its new date) only proposes a later date, shown
    as such: nothing unsigned moves a deadline in force."""
    from contractkit.model.checks import dependencies

    state, country = book.state, book.project.calendar
    needs = dependencies(book.project)
    titles = {s.id: s.title for s in state.stages}
    # as of the letter's day: an act signed after it is not told as done (a letter written late)
    accepted = {s for a in book.acts if a.accepted and a.date <= day for s in a.stages}
    moved: dict[str, int] = {}
    current, upcoming, ends = [], [], []
    for stage in state.stages:
        inherited = max((moved.get(dep, 0) for dep in needs.get(stage.id, [])), default=0)
        deadline = calendar.add_days(stage.deadline, inherited, country)
        own = max(deadline, notices.get(stage.id, deadline))
        moved[stage.id] = inherited + working_days_between(deadline, own, country)
        ends.append(own)
        if (stage.accepted_on is not None and stage.accepted_on <= day) or stage.id in accepted:
            continue
        waits_for = [dep for dep in needs.get(stage.id, []) if dep not in accepted]
        ready = not waits_for
        item = {"id": stage.id, "title": stage.title, "start": stage.start, "deadline": stage.deadline,
                "extended": stage.extended, "proposed": own if own > stage.deadline else None,
                "late": working_days_between(stage.deadline, day, country) if day > stage.deadline else 0,
                "remarks": under_remarks(book, stage.id, stage.deadline, day),
                # a start already past that waits for an earlier stage's acceptance starts after it
                "after": [titles[d] for d in waits_for if d in titles] if stage.start <= day else []}
        if item["remarks"]:  # delivered: behind only by how late it was delivered (ГК РФ ст. 720, 723)
            item["late"] = item["remarks"]["late"]
        started = stage.start <= day and ready and not state.awaits_prepayment  # none before it is paid
        (current if started else upcoming).append(item)
    return current, upcoming[:2], state.completion, max([state.completion, *ends])


def under_remarks(book: Book, stage: str, deadline: date, day: date) -> dict | None:
    """The act of remarks a stage's delivered result is being fixed under ({number, date, fix_by,
    late: working days the result was delivered after the deadline}), or None: a result handed
    over and returned with remarks is not behind its deadline the way an undelivered one is."""
    acts = [a for a in book.acts if a.kind == "acceptance" and stage in a.stages and a.date <= day]
    if not acts or acts[-1].accepted:
        return None
    first, last = acts[0], acts[-1]
    late = working_days_between(deadline, first.date, book.project.calendar) if first.date > deadline else 0
    return {"number": book.act_no(last), "date": last.date, "fix_by": last.fix_by, "late": late,
            "delivered": first.date}


def _waiting(book: Book, found: list[Wait]) -> list[dict]:
    """Open or late requests; the deadline shift counted from the signed schedule's date."""
    out = []
    for w in found:
        if not w.open and w.late == 0:
            continue
        line = next((x for x in book.lines if x.deliverable.id == w.stage), None)
        in_force = book.state.stage(w.stage) if line else None
        # the deadline in force: the notice's date may be later than this answer's lateness alone
        shifted = (in_force.deadline if in_force and w.late and in_force.deadline > line.deadline
                   else None)
        out.append({"id": w.request.id, "what": w.request.what, "kind": w.request.kind,
                    "asked": w.request.asked, "term": w.term, "due": w.due, "late": w.late,
                    "open": w.open, "received": w.request.received,
                    "stage": {"id": line.deliverable.id, "title": line.deliverable.title,
                              "deadline": line.deadline, "shifted": shifted,
                              "days": working_days_between(line.deadline, shifted, book.project.calendar)
                              if shifted else 0} if line else None})
    return out


def _moved(found: list[LetterRecord], book: Book, since: date, day: date) -> list[dict]:
    titles = {x.deliverable.id: x.deliverable.title for x in book.lines}
    signed_dates = {s.id: s.signed_deadline for s in book.state.stages if s.signed_deadline}
    in_force = {s.id: s.deadline for s in book.state.stages}  # the notice's date, or a later one
    out = [{"stage": titles.get(x.stage or "", x.stage),
            "old": signed_dates.get(x.stage or "") or date.fromisoformat(x.facts["old_deadline"]),
            "new": max(date.fromisoformat(x.facts["new_deadline"]),
                       in_force.get(x.stage or "", date.min)), "reason": x.facts.get("reason", ""),
            "change": x.change, "noticed_on": x.date}
           for x in found if x.kind == "delay" and since < x.date <= day]
    for m, x in zip(out, [x for x in found if x.kind == "delay" and since < x.date <= day], strict=True):
        if m["old"] >= m["new"] and x.facts.get("old_deadline"):
            # the addendum that signed this move made its new date the signed one: the move is
            # from the date the notice moved
            m["old"] = date.fromisoformat(x.facts["old_deadline"])
    out += _ordered_after(out, [x for x in found if x.kind == "delay" and since < x.date <= day], book)
    signed = {c.id for c in book.changes if c.status == "signed"}
    # A client-caused delay takes effect on the contractor's notice (EN 2.4, RU 2.3): no approval.
    notices = in_effect_on_notice(found, book)
    for m in out:
        m["signed"] = m["change"] in signed or bool(m.get("order"))
        m["notice"] = notices.get(m["change"] or "", "")
    _followers(out, book)
    noted = {m["change"] for m in out}
    for c in book.changes:
        if c.kind == "timeline" and c.id not in noted and since < c.requested_on <= day:
            out.append({"stage": None, "old": None, "new": c.completion, "reason": c.reason or c.title,
                        "change": c.id, "signed": c.status == "signed", "notice": c.notice_clause})
    return out


def _ordered_after(out: list[dict], letters: list[LetterRecord], book: Book) -> list[dict]:
    """Each instrument with its own move: where a change order or addendum signed after a delay
    notice moved the stage further, the notice's row ends at the date the notice gave, and the
    agreement's row goes on from there ("by Change Order No. 1 signed on …", «по Дополнительному
    соглашению № 1 от …»): a letter must not call the agreed days the client's delay (review-ru5 R5)."""
    last = book.state.versions[-1] if book.state.versions else None
    if last is None or last.tag == "contract":  # Russian too: review-ru5 R5
        return []
    added = []
    for m, x in zip(out, letters, strict=True):
        noticed = x.facts.get("new_deadline")
        if not noticed or last.date < x.date:
            continue
        noticed = date.fromisoformat(noticed)
        if m["new"] > noticed:
            added.append({"stage": m["stage"], "old": noticed, "new": m["new"], "reason": "",
                          "change": None, "order": last.number, "order_date": last.date, "own": True})
            m["new"], m["own"] = noticed, True
    return added


def _followers(out: list[dict], book: Book) -> None:
    """English updates: a delay notice moves the later milestones and the completion date with the
    one it names; each is listed, under the same notice, so the letter gives every moved date."""
    notices = [m for m in out if m.get("noticed_on") and m["stage"]]
    if book.project.language != "en" or not notices:
        return
    listed = {m["stage"] for m in out}
    for s in book.state.stages:
        if (s.title not in listed and s.accepted_on is None and s.signed_deadline
                and s.deadline > s.signed_deadline):
            out.append(notices[-1] | {"stage": s.title, "old": s.signed_deadline, "new": s.deadline})
    if book.state.completion_moved_by == "client" and not any(m["stage"] is None for m in out):
        out.append(notices[-1] | {"stage": None, "old": book.figures.completion,
                                  "new": book.state.completion})


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
    materials may move it further than the notice did): one stage, one date in a letter; an
    unsigned move is a proposal, its date the proposed one."""
    deadlines = {x["title"]: x["proposed"] or x["deadline"] for x in planned}
    out = [m if m.get("own") else m | {"new": deadlines.get(m["stage"], m["new"])} for m in moved]
    return [m for m in out if m["old"] is None or m["new"] != m["old"]]  # a shift of zero moves nothing


def _money(book: Book, day: date) -> list[dict]:
    out = []
    for s in book.standing():
        if s.balance > 0 and s.due is not None:
            out.append({"number": s.installment.number, "amount": s.balance, "due": s.due,
                        "overdue": s.overdue_days(day)})
    return out


def _claimed(found: list[LetterRecord], day: date) -> dict | None:
    """The penalty or interest the last claim by `day` demanded: owed until paid, and no record
    of its payment exists yet, so the update lists it rather than saying nothing is due."""
    claims = [x for x in found if x.kind == "claim" and x.date <= day]
    if not claims:
        return None
    last = max(claims, key=lambda x: (x.date, x.number))
    from contractkit.flows.letters.views import claimed_beyond_debt

    try:  # the penalty and the interest on payments made late it demanded, as its total counts them
        amount = claimed_beyond_debt(last.facts)
    except ArithmeticError:
        return None
    return {"date": last.date, "amount": amount, "letter": last.id} if amount > 0 else None


def _interest(book: Book, day: date) -> list:
    """Every late-payment accrual a demand may state (state/interest.owed), as `status` lists it: the
    interest or penalty on a payment made late included, not only what the last claim demanded,
    which the letter names as the part of it already demanded (review-ru4 R15)."""
    from contractkit.state.interest import owed

    return owed(book.state, day)


def _key_rate(book: Book) -> bool:
    """No неустойка signed: the interest owed is ГК РФ ст. 395's at the key rate (state/interest.py)."""
    from contractkit.state.interest import key_rate_applies

    return key_rate_applies(book.project)


def update_context(path: Path, repo, book: Book, day: date, since: date | None) -> dict:
    found = letters(repo)
    previous = last_update(found)
    asked = since is not None  # --since: the letter covers that period, whatever came before it
    told = None if since else told_before(found)
    since = since or (previous.date if previous else book.signed[0].date)
    if since > day:
        raise LetterError(f"--since {since} is after the update's date {day}")
    book = book.on(day)  # the deal as of the letter's day: the client's delays through it
    signed = {c.id for c in book.changes if c.status == "signed"}
    # a delay the client caused moves the dates under the contract's own clause (ГК РФ ст. 406,
    # 719; EN 2.4): it is the contractor's notice, in force without an addendum, never "awaiting
    # approval" nor "proposed"; the state already moves its deadline by the client's late answers
    in_effect = in_effect_on_notice(found, book)
    notices = {x.stage: date.fromisoformat(x.facts["new_deadline"]) for x in found
               if x.kind == "delay" and x.stage and x.facts.get("new_deadline")
               and x.change not in signed and x.change not in in_effect}
    waiting = _waiting(book, waits(book, requests(repo), day))
    current, upcoming, completion, proposed = _progress(book, day, notices)
    pending = [{"id": c.id, "title": c.title, "kind": c.kind, "requested_on": c.requested_on,
                "age": (day - c.requested_on).days, "clause": c.notice_clause,
                "notice": in_effect.get(c.id, "")}
               for c in book.changes if c.status == "proposed"]
    # a notice dated after the letter's day is not in force yet: announced, "in force from D"
    announced = [c for c in pending if c["clause"] and c["requested_on"] > day]
    pending = [c for c in pending if not (c["clause"] and c["requested_on"] > day)]
    ru = book.project.language == "ru"
    notified = [c | {"shift_text": notice_shift(c["clause"])} for c in pending if c["clause"] and ru]
    pending = [c for c in pending if not (c["clause"] and ru)]
    return {
        "date": day, "since": since, "first": previous is None and not asked,
        "done": _done(book, since, day, told), "current": current, "upcoming": upcoming,
        "waiting": [w for w in waiting if w["open"] or (w["received"] and since < w["received"] <= day)],
        "pending": pending, "notified": notified, "announced": announced,
        "moved": _one_date(_moved(found, book, since, day), current + upcoming), "money": _money(book, day),
        "completion": completion, "extended": book.state.completion_moved_by == "client",
        "claimed": _claimed(found, day),
        "interest": _interest(book, day),
        "key_rate": _key_rate(book),
        "awaits_prepayment": book.state.prepayment_due() if book.state.awaits_prepayment else None,
        "completed_on": done if (done := completed_on(book.state)) and done <= day else None,
        "proposed_completion": proposed if proposed > completion else None,
        "clauses": signed_clauses(book, path),
    }


def update(path: Path, day: date, since: date | None = None) -> compose.Written:
    """Write, record and mail the weekly status as of `day`."""
    from contractkit.store import written

    with locked(path), open_repo(path) as repo:
        written.refuse(repo)  # a request back-dated by hand would claim late materials to the client
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
