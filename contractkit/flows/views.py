"""Terminal views of a project (rich tables). Only the CLI prints them."""

from __future__ import annotations

from pathlib import Path

from contractkit import money
from contractkit.compute import Figures, prepayment_due
from contractkit.model import Project
from contractkit.words import fmt

TRIGGERS = {
    "signing": "on signing", "acceptance": "on acceptance of {d}", "completion": "on completion",
    "launch": "on launch", "date": "on {date}", "addendum": "on signing addendum {n}",
}
AFTER = {"signing": "signing", "acceptance": "acceptance of {d}", "completion": "final acceptance",
         "launch": "acceptance of the launch", "addendum": "signing addendum {n}"}
"""The event a payment's days count from, named in the schedule `show` prints."""


def project_summary(project: Project, figures: Figures, payments: list[dict] | None = None,
                    signed: bool = True, state=None):
    """A renderable group: parties, deliverables, payments, support.

    payments: the schedule as signed (render.schedule.payments_as_signed) once addenda changed it;
    signed: False before the contract is signed (no date for a payment due on signing);
    state: the deal state of a signed project, whose dates in force (its stages' start and deadline,
    its installments' due dates once their event happened) the table gives, as `status` and `show
    --json` do (issue 21 C4); a stage or payment only the working file has keeps its own.
    """
    from rich.console import Group
    from rich.markup import escape as e
    from rich.table import Table

    lang, cur = project.language, project.currency
    m = lambda v: fmt.money(v, cur, lang)  # noqa: E731

    head = Table.grid(padding=(0, 2))
    head.add_row("[bold]" + e(project.title), f"contract {project.contract.number} of "
                 f"{project.contract.date} ({project.contract.type}, {lang}, {cur}, {project.calendar})")
    head.add_row("contractor", _party(project.contractor))
    head.add_row("client", _party(project.client))
    if figures.provisional:
        head.add_row("[bold yellow]dates", "[yellow]provisional: work starts the day after the "
                     "prepayment arrives; shown as if it arrives on its due date "
                     f"{prepayment_due(project)}")

    items = Table(title="Deliverables" + (" (provisional dates)" if figures.provisional else ""),
                  title_justify="left")
    for col, just in (("#", "right"), ("id", "left"), ("title", "left"), ("price", "right"),
                      ("days", "right"), ("start", "left"), ("deadline", "left")):
        items.add_column(col, justify=just, no_wrap=col != "title")
    in_force = {s.id: (s.start, s.deadline) for s in state.stages} if state is not None else {}
    for x in figures.lines:
        d = x.deliverable
        start, deadline = in_force.get(d.id, (x.start, x.deadline))
        items.add_row(str(x.number), d.id, e(d.title), m(x.price), str(d.days or ""), str(start),
                      str(deadline))
    items.add_section()
    if figures.vat is not None:
        items.add_row("", "", "VAT", m(figures.vat), "", "", "")
    known = in_force and all(x.deliverable.id in in_force for x in figures.lines)
    completion = state.completion if known else figures.completion
    items.add_row("", "", "[bold]total", "[bold]" + m(figures.total), "", "", f"[bold]{completion}")

    pays = Table(title="Payment schedule", title_justify="left")
    for col in ("#", "when", "amount", "due"):
        pays.add_column(col, justify="right" if col in ("#", "amount") else "left",
                        no_wrap=col != "due")
    rows = payments if payments is not None else [
        {"n": p.number, "on": p.installment.on, "deliverable": p.installment.deliverable,
         "date": p.installment.date, "percent": p.installment.percent, "amount": p.amount,
         "due": p.due, "days": p.days, "planned": p.event_planned, "addendum": None}
        for p in figures.payments]
    dues = {s.installment.number: s for s in state.standing} if state is not None else {}
    for p in rows:
        s = dues.get(p["n"])
        if s is not None and s.installment.amount == p["amount"]:  # the state's: events happened
            p = p | {"due": s.due, "planned": s.planned}
        when = TRIGGERS[p["on"]].format(d=p["deliverable"], date=p["date"], n=p["addendum"])
        share = f" ({fmt.percent(p['percent'], 'en')})" if p["percent"] is not None else ""
        kind = "working" if project.payment.day_kind == "working" else "calendar"
        event = AFTER.get(p["on"], "").format(d=p["deliverable"], n=p["addendum"])
        if p["on"] == "signing" and not signed:  # counted from a signing no one knows the day of yet
            due = f"{p['days']} {kind} days after signing"
        elif p["due"]:
            due = str(p["due"])
        else:
            planned = f" (planned {p['planned']})" if p["planned"] else ""
            due = f"{p['days']} {kind} days after {event}{planned}"
        pays.add_row(str(p["n"]), when + share, m(p["amount"]), due)

    parts = [head, items, pays]
    if project.support:
        s = project.support
        parts.append(f"[bold]Support[/] {e(s.name)}: {m(s.monthly_fee)}/month, {s.hours_included} h "
                     f"included, response {e(s.response)}, {s.months} months")
    notes = private_notes(project)
    if notes:
        parts.append("[bold]Private notes[/] [dim](yours alone: in no document, page or letter)[/]\n"
                     + "\n".join(e(line) for line in notes))
    return Group(*parts)


def private_notes(project: Project) -> list[str]:
    """The project's and each stage's `notes:` as lines for `show`, the only place they appear."""
    out: list[str] = []
    for label, notes in [("project", project.notes),
                         *((f"stage {d.id}", d.notes) for d in project.deliverables)]:
        if notes in (None, "", {}):
            continue
        out.append(f"{label}:")
        out.extend("  " + line for line in _note_lines(notes))
    return out


def _note_lines(value, indent: str = "") -> list[str]:
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines += [f"{indent}{key}:", *_note_lines(item, indent + "  ")]
            else:
                lines.append(f"{indent}{key}: {item}")
        return lines
    if isinstance(value, list):
        return [line for item in value for line in _note_lines(item, indent + "- ")]
    return [indent + line for line in str(value).splitlines()]


def _party(party) -> str:
    from rich.markup import escape

    signer = party.signer
    who = f", signs {signer.name}" + (f" ({signer.position})" if signer.position else "")
    return escape(f"{party.display_name} ({party.kind}){who if party.signatory else ''}")


def projects_table(rows: list[tuple[Path, Project | None, Figures | None, str]]):
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None)
    for col in ("project", "title", "contract", "total", "completion", "status"):
        table.add_column(col)
    for path, project, figures, status in rows:
        if project is None:
            table.add_row(escape(path.name), "", "", "", "", f"[red]{escape(status)}")
            continue
        table.add_row(escape(path.name), escape(project.title), project.contract.number,
                      fmt.money(figures.total, project.currency, project.language),
                      str(figures.completion), status)
    return table


def signed(amount, currency: str, lang: str) -> str:
    sign = "+" if amount > 0 else ("−" if amount < 0 else "±")
    return sign + fmt.money(abs(amount), currency, lang)


def impact_lines(effect, project: Project, baseline: str, payments: bool = True,
                 in_force: tuple[dict, dict] = ({}, {})) -> list[str]:
    """The impact of a change against a baseline, one fact a line.

    payments: say how the difference is paid (only meaningful against the last signed version);
    in_force: (stage id -> deadline in force before the change, stage id -> {start, deadline} the
    addendum would state), as pending_dates gives them: the dates the addendum will print.
    """
    before, dated = in_force
    new_deadline = {x.deliverable.id: dated.get(x.deliverable.id, {}).get("deadline", x.deadline)
                    for x in effect.new.lines}
    lang, cur = project.language, project.currency
    m = lambda v: fmt.money(v, cur, lang)  # noqa: E731
    out = [f"against {baseline}:"]
    for x in effect.added:
        out.append(f"  + {x.deliverable.id}: {x.deliverable.title} ({m(x.price)}, "
                   f"{x.deliverable.days or '-'} working days, due {new_deadline[x.deliverable.id]})")
    for x in effect.removed:
        out.append(f"  - {x.deliverable.id}: {x.deliverable.title} ({m(x.price)})")
    for c in effect.changed:
        out.append(f"  ~ {c.new.deliverable.id}:")
        for f in c.fields:
            old, new = (_value(v, f.name, m) for v in (f.old, f.new))
            out.append(f"      {f.name}: {old} -> {new}")
    for mv in effect.moved:
        out.append(f"  deadline {mv.id}: {before.get(mv.id, mv.old)} -> {new_deadline.get(mv.id, mv.new)}")
    moved = {mv.id for mv in effect.moved} | {x.deliverable.id for x in effect.added}
    for x in effect.new.lines:  # a date in force one side states and the other does not
        sid = x.deliverable.id
        if sid not in moved and sid in before and before[sid] != new_deadline[sid]:
            out.append(f"  deadline {sid}: {before[sid]} -> {new_deadline[sid]} (in force)")
    out.append(f"  money: {m(effect.old.total)} {signed(effect.delta, cur, lang)} = {m(effect.new.total)}"
               + (f" (VAT {m(effect.new.vat)})" if effect.new.vat is not None else ""))
    recorded = ([(p.installment, p.days) for p in effect.old.payments]
                != [(p.installment, p.days) for p in effect.new.payments])
    if payments and recorded:  # ledger.follow_the_record: the unpaid installments take the new schedule
        out.append("  payment schedule: as now recorded for the installments not due yet; the addendum "
                   "restates the payment clause (3.3.N) by its signed numbers")
    elif payments and effect.delta > 0:
        extra = money.percent_of(effect.delta, project.payment.change_prepayment, cur)
        out.append(f"  extra prepayment on signing the addendum: {m(extra)}; "
                   f"{m(effect.delta - extra)} joins the final payment")
    elif payments and effect.delta < 0:
        out.append(f"  the final payment falls by {m(-effect.delta)}; no extra prepayment")
    old_end = max([effect.old.completion, *before.values()])
    new_end = max(new_deadline.values(), default=effect.new.completion)
    out.append(f"  completion: {old_end} -> {new_end}")
    if effect.sections:
        out.append("  also changed: " + ", ".join(effect.sections))
    out.extend(undescribed_warnings(effect))
    return out


def pending_dates(path: Path, day) -> tuple[dict, dict]:
    """(stage id -> deadline in force on `day`, stage id -> {start, deadline} its addendum would state)
    for the change pending after the last signature, as an addendum of that day will state them
    (render/inforce.py); ({}, {}) with no signed addendum's dates to carry."""
    from contractkit.flows.billing import prepaid_on_for
    from contractkit.load import PROJECT_FILE
    from contractkit.render.inforce import dates_in_force
    from contractkit.store import history
    from contractkit.store.deal import state_before
    from contractkit.store.repo import open_repo

    signed = history.as_signed(path, (path / PROJECT_FILE).read_bytes(), prepaid_on_for(path))
    if not signed or signed[1] < 1:
        return {}, {}
    hist, n = signed
    with open_repo(path) as repo:
        before = state_before(repo, n, day)
    if before is None:
        return {}, {}
    return {s.id: s.deadline for s in before.stages}, dates_in_force(hist, n, before)


def diff_in_force(path: Path, result) -> tuple[dict, dict]:
    """impact_lines' in_force for `diff FROM TO` (store/compare.Comparison): each side's deadlines
    as `render` of that version and that side of the redline state them (flows/stated.py)."""
    from contractkit.flows.redline.versions import pick
    from contractkit.flows.stated import deadlines

    before, after = pick(path, result.old_name, result.new_name)  # each side as the redline has it
    old, new = before.dated or {}, after.dated or {}
    if not (old or new):
        return {}, {}
    return deadlines(result.impact.old.lines, old), new


def undescribed_warnings(effect) -> list[str]:
    """An added stage without a description leaves the work undefined in the addendum."""
    return [f"warning: added stage {x.deliverable.id} has no description, so the addendum cannot say "
            f"what the work is; add 'description:' to it in project.yaml"
            for x in effect.added if not (x.deliverable.description or "").strip()]


def _value(value, name: str, m) -> str:
    if value is None:
        return "-"
    if name in ("price", "rate"):
        return m(value)
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def log_lines(state, project: Project, notices: set[str] = frozenset()) -> list[str]:
    """The project's story: contract, change requests, addenda, running totals; notices: the
    change requests a contractor's delay notice recorded (whoever caused the delay)."""
    lang, cur = project.language, project.currency
    m = lambda v: fmt.money(v, cur, lang)  # noqa: E731
    if not state.signed:
        return ["draft: the contract is not signed yet"]
    fmt.preload_money([x for c in state.changes for x in (c.total, abs(c.delta))], cur, lang)
    out = []
    contract = state.signed[0]
    out.append(f"{contract.date}  contract      signed   total {m(contract.total)}, "
               f"completion {_completion(state, contract, project)}")
    by_addendum: dict[int | None, list] = {}
    for change in state.changes:
        by_addendum.setdefault(change.addendum, []).append(change)
    for record in state.signed[1:]:
        for change in by_addendum.get(record.number, []):
            out.append(_signed_change_line(change, record, cur, lang, notices))
        before = state.signed[record.number - 1].total
        change = signed(record.total - before, cur, lang)
        out.append(f"{record.date}  addendum-{record.number:<4} signed   {change}"
                   f" -> total {m(record.total)}, completion {_completion(state, record, project)}")
    for change in by_addendum.get(None, []):
        out.append(_change_line(change, m, cur, lang, notices))
    return out


def _completion(state, record, project: Project) -> str:
    """A signed version's completion: the date its text states and, when the prepayment came after
    the fixed start and moved it (RU 2.1, EN 2.3), the date in force, each named for what it is
    (review-ru4 R2: the moved date is not what was signed). A contract that starts on the prepayment
    states no date: its completion is the one the prepayment gives."""
    stated = state.extra.get("completion_as_signed", {}).get(record.tag)
    if stated is None or project.contract.on_prepayment:
        return str(record.completion)
    return (f"{stated} as signed, {record.completion} after the prepayment received on "
            f"{state.extra.get('prepaid_on')}")


def _who(change, notices) -> str:
    return "on the contractor's delay notice" if change.id in notices else f"asked by {change.requested_by}"


def _signed_change_line(change, record, cur, lang, notices=frozenset()) -> str:
    """A change is signed when its addendum is: logged on that day, the running total on the
    addendum's own line (one event, one state after it; never a total from the change's own day)."""
    return (f"{record.date}  {change.id:<13} signed   {signed(change.delta, cur, lang)} {change.title} "
            f"[{change.kind}, {_who(change, notices)}{' of' if change.id in notices else ', requested'} "
            f"{change.requested_on}] "
            f"in addendum-{record.number}")


def _change_line(change, m, cur, lang, notices=frozenset()) -> str:
    """A change not signed: proposed (its figures if signed), rejected (nothing changed), or a
    client-caused delay in force on the contractor's notice (the completion it gives)."""
    status = change.status + (f" ({change.rejected_reason})" if change.rejected_reason else "")
    head = (f"{change.requested_on}  {change.id:<13} {status:<8} {signed(change.delta, cur, lang)} "
            f"{change.title} [{change.kind}, {_who(change, notices)}]")
    if change.status == "rejected":
        return head
    if change.status == "proposed" and change.notice_clause:
        # a client-caused delay: in force on the notice (state/delays.py); the money is as signed
        return (head.replace(f" {status:<8} ", f" {'in force':<8} ", 1)
                + f" -> {m(change.total)}, completion {change.completion}")
    return head + f" -> if signed: total {m(change.total)}, completion {change.completion}"


def notice_line(change, today, lang: str = "ru") -> str:
    """A client-caused delay on the contractor's notice: in force from the notice's date (no
    addendum needed); before that date, announced (one rule for every output, state/delays.py).
    The clause is named as the contract names it: "Section 2.4" in English, "clause 2.3" else."""
    word = "Section" if lang == "en" else "clause"
    clause = f" under {word} {change.notice_clause}" if change.notice_clause != "-" else ""
    if change.requested_on > today:
        return (f"announced: {change.id} {change.title} (contractor's notice of {change.requested_on}"
                f"{clause}; in force from {change.requested_on}, completion then {change.completion})")
    return (f"in force: {change.id} {change.title} (contractor's notice of {change.requested_on}{clause}; "
            f"no addendum needed)")


def status_lines(state, project: Project, today, approved: dict | None = None) -> list[str]:
    """Where the project stands and what to do next; `approved`: change id -> its verified approval
    by email (approval_trust), so an approved change is not called merely unsigned."""
    m = lambda v: fmt.money(v, project.currency, project.language)  # noqa: E731
    out = [f"{project.id}: {project.title} (contract {project.contract.number})"]
    if not state.signed:
        out.append("draft: the contract is not signed; edits to project.yaml are free")
        out.append("next: 'contractkit render', send the documents, then 'contractkit sign --date DATE'")
        return out
    last = state.last
    out.append(f"last signed: {last.tag} on {last.date} (total {m(last.total)}, "
               f"completion {_completion(state, last, project)})")
    pending = state.pending
    for change in pending:
        age = (today - change.requested_on).days
        delta = signed(change.delta, project.currency, project.language)
        when = f"asked {age} day(s) ago" if age > 0 else f"asked on {change.requested_on}"
        by_mail = (approved or {}).get(change.id)
        confirmed = (f" (confirmed by {by_mail.confirmed_by} despite the reply's wording)"
                     if by_mail and by_mail.confirmed_by else "")
        signature = (f"approved by email from {by_mail.sender} on {by_mail.recorded_on}{confirmed}; "
                     "addendum unsigned" if by_mail else "unsigned")
        if change.notice_clause:  # a client-caused delay: in force on the notice (state/delays.py)
            out.append(notice_line(change, today, project.language))
            continue
        out.append(f"pending: {change.id} {change.title} ({delta}, {when}, {signature})")
    added = [d for c in pending for d in c.added]
    if added:
        out.append("not to be started until the addendum is signed: " + ", ".join(added))
    to_sign = [c for c in pending if not c.notice_clause]
    if state.unrecorded:
        out.append("warning: project.yaml has unrecorded edits to the signed scope")
        out.append("next: 'contractkit change -m TITLE' to record them as a change request")
    elif to_sign:
        out.append(f"next: 'contractkit addendum', get it signed, then 'contractkit sign --date DATE' "
                   f"(addendum {len(state.signed)})")
    else:
        out.append("next: nothing pending; edit project.yaml when the scope changes")
    return out


def change_deposit_warnings(effect, project: Project, requested_on) -> list[str]:
    """An English change order holds its added work until its additional deposit arrives, and the
    deposit falls due only days_to_pay after the order is signed (the request's day at the
    earliest): an added milestone that starts before then cannot start on time even if the Client
    pays on time. The deal state moves it by the business days from its planned start until the
    deposit arrives (state/deposits.py): the line says so. One per milestone."""
    from datetime import date

    from contractkit import calendar

    pay = project.payment
    if project.language != "en" or not effect.added or effect.delta <= 0 or not pay.change_prepayment:
        return []
    signed = requested_on or date.today()
    due = calendar.due_after(signed, pay.days_to_pay, project.calendar, pay.day_kind == "working")
    kind = "business" if pay.day_kind == "working" else "calendar"
    return [f"warning: {x.deliverable.id} starts {x.start}, but the additional deposit falls due "
            f"{pay.days_to_pay} {kind} days after the change order is signed ({due} if signed on {signed}): "
            f"the added work waits for the deposit, and {x.deliverable.id} and the milestones after it move "
            f"by the business days from {x.start} until it arrives" for x in effect.added if x.start < due]


def held_deadline_warnings(effect) -> list[str]:
    """A stage the change adds with a fixed deadline keeps the date as entered, though a move already
    in force (a client's delay) moves the signed deadlines: say so, so the date is confirmed (E15)."""
    lines = {x.deliverable.id: x for x in effect.added}
    return [f"warning: {sid}: deadline {lines[sid].deadline} is stated as entered; the {days} working "
            f"day(s) the schedule has already moved do not move it (a date the parties agree now): "
            f"confirm it with the client, or enter the later date"
            for sid, days in effect.held.items() if sid in lines]


def deadline_cap_warnings(effect) -> list[str]:
    """A stage with `days:` ends when its working days end; its `deadline:` is only a cap, so a later
    deadline moves nothing and the addendum would amend nothing about it (review-ru2 R7.18)."""
    return [f"warning: {c.new.deliverable.id}: deadline {c.new.deliverable.deadline} is only a cap on its "
            f"{c.new.deliverable.days} working days, so the stage still ends on {c.new.deadline}: the change "
            "moves nothing; change 'days:' to move the end"
            for c in effect.changed
            if [f.name for f in c.fields] == ["deadline"] and c.new.deliverable.days
            and c.old.deadline == c.new.deadline]
