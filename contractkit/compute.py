"""Figures derived from a project: prices, totals, VAT, the timeline and the payment schedule.

Never typed by hand: each is a pure function of the model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contractkit import calendar, money
from contractkit.model import Deliverable, Installment, Project
from contractkit.model.checks import dependencies


@dataclass(frozen=True)
class Line:
    """A deliverable with its computed price and dates."""

    number: int
    deliverable: Deliverable
    price: Decimal
    rate: Decimal | None
    start: date
    deadline: date
    agreed: date | None = None
    """The fixed `deadline:` as stated (moved by the working days the schedule moved) when it fell on
    a day off and the term therefore ends on the next working day, `deadline` (ГК РФ ст. 193)."""
    signed_delay: int | None = None
    """The `delay:` the stage had in the first signed version that has it (History sets it), None
    when not known: an English milestone states as its start the one it was signed with only for
    the delay added since (stated_start; one added with a delay starts as its Change Order says)."""
    shift: int = 0
    """Working days the schedule's moves (a late start, the client's delays of this stage and of
    those it follows) add up to for this stage, whether or not its fixed `deadline:` follows them."""


@dataclass(frozen=True)
class Payment:
    """An installment with its amount and, where the event date is known, its due date."""

    number: int
    installment: Installment
    amount: Decimal
    due: date | None
    """Fixed by the contract (signing, a date); None when it follows an event."""
    event_planned: date | None
    """When the triggering event is planned (a deliverable's deadline, completion)."""
    days: int


@dataclass(frozen=True)
class Figures:
    lines: list[Line]
    subtotal: Decimal
    vat: Decimal | None
    total: Decimal
    payments: list[Payment]
    start: date
    completion: date
    provisional: bool = False
    """True while work starts on a prepayment that is not recorded yet: the dates assume it
    arrives on its due date."""

    def line(self, deliverable_id: str) -> Line:
        return next(x for x in self.lines if x.deliverable.id == deliverable_id)

    @property
    def prepayment(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.installment.on == "signing"), money.ZERO)


def compute(project: Project, prepaid_on: date | None = None, signed_on: date | None = None, *,
            numbers: Mapping[str, int] | None = None, agreed: Mapping[str, int] | None = None) -> Figures:
    """All figures of a validated project.

    `numbers`: each stage's number as the signed history fixes it (`stage_numbers`); without it
    the stages are numbered in the listed order.

    `signed_on`: the day the contract was signed, when known: payments due "within N days after
    this Agreement is signed" count from it (default: the contract date).

    `prepaid_on`: the day the prepayment arrived, when the project records it; with
    `contract.start: on_prepayment` work starts on the next working day (ГК РФ ст. 191). Without
    it the dates are provisional and assume the prepayment arrives on its due date.

    `agreed`: the fixed deadlines a change order agreed (`agreed_shifts`), which only later moves move.
    """
    begin = work_start(project, prepaid_on, signed_on)
    lines = timeline(project, begin, work_start(project, None, signed_on), numbers=numbers, agreed=agreed)
    subtotal = sum((x.price for x in lines), money.ZERO)
    vat, total = _vat_and_total(project, subtotal)
    # the contract's start: the first stage's start as signed; a client's delay of that stage
    # (`delay`) lengthens the stage, it never moves the work's start (ГК РФ ст. 191, 406, 719)
    start = calendar.first_working_day(begin, project.calendar) if lines else begin
    completion = max(x.deadline for x in lines)
    payments = payment_schedule(project, total, {x.deliverable.id: x for x in lines}, completion,
                                signed_on)
    provisional = project.contract.on_prepayment and prepaid_on is None
    return Figures(lines, subtotal, vat, total, payments, start, completion, provisional)


def work_start(project: Project, prepaid_on: date | None = None, signed_on: date | None = None) -> date:
    """The first day work may start: the fixed start, or the day after the prepayment arrives.

    A fixed start moves when the prepayment arrives after it: the contract moves every deadline
    by the working days from the start until the day the money arrives (RU 2.1, EN 2.3), so work
    starts on that day (the next working day if it is not one)."""
    if not project.contract.on_prepayment:
        start = project.contract.start_date
        if prepaid_on is not None and prepaid_on > start:
            return calendar.first_working_day(prepaid_on, project.calendar)
        return start
    if prepaid_on is None:
        prepaid_on = prepayment_due(project, signed_on)
    return prepaid_on + timedelta(days=1)


def prepayment_due(project: Project, signed_on: date | None = None) -> date:
    """The latest day the prepayment (the installments due on signing) may arrive: counted from
    the day the contract was signed (`signed_on`), or before that from the contract date."""
    terms = project.payment
    days = [terms.days_to_pay if i.days is None else i.days for i in terms.schedule if i.on == "signing"]
    return calendar.due_after(signed_on or project.contract.date, max(days, default=0), project.calendar,
                             terms.day_kind == "working")


def price_of(deliverable: Deliverable, project: Project) -> tuple[Decimal, Decimal | None]:
    """(price, hourly rate used) of one deliverable."""
    if deliverable.price is not None:
        return money.to_minor(deliverable.price, project.currency), None
    rate = deliverable.rate or project.payment.hourly_rate
    return money.to_minor(deliverable.hours * rate, project.currency), rate


def timeline(project: Project, begin: date | None = None, planned: date | None = None, *,
             numbers: Mapping[str, int] | None = None,
             agreed: Mapping[str, int] | None = None) -> list[Line]:
    """Start and deadline of each deliverable, in the listed order, numbered by `numbers` (the
    signed history's, `stage_numbers`) or else in that order.

    A deliverable starts on the first working day after all it depends on are done
    (or on the start of work, `begin`), and lasts its working days.

    A fixed `deadline:` (a dated stage, or the cap on a stage's days) moves as the contract moves
    every deadline (RU 2.1, EN 2.3 and 2.4): by the working days the work began later than
    `planned` (the start as signed: a late prepayment), plus the client-caused `delay:` of the
    stage and of the stages it follows, the same working days a counted stage moves by. Under
    Russian law a fixed date that is a day off ends the term on the next working day (ГК РФ ст.
    193, contract clause «Сроки исчисляются…»): that day is the term's end, which the working days
    above then move, as they move a counted stage's last day; it is the deadline everywhere (acts,
    notices, status, lateness from the day after it), and the line's `agreed` keeps the date as stated.

    `agreed` (stage id → working days): the fixed deadline of a stage a change order added was agreed
    when the schedule had already moved by those days (a running client's delay, a late start): the
    parties fixed the date knowing them, so only the moves beyond them move it (EN 2.4, RU 2.1 move
    the deadlines agreed before the delay, not one agreed after it: review-en5 E15).
    """
    work_begins = begin or work_start(project)
    country = project.calendar
    late_start = start_shift(planned or work_begins, work_begins, country)
    deps = dependencies(project)
    by_id = {d.id: d for d in project.deliverables}
    done: dict[str, date] = {}
    shifts: dict[str, int] = {}
    stated: dict[str, date] = {}

    def finish(did: str) -> date:
        if did not in done:
            d = by_id[did]
            after = [finish(dep) for dep in deps[did]]
            begin = (calendar.next_working_day(max(after), country) if after
                     else calendar.first_working_day(work_begins, country))
            begin = calendar.add_days(begin, d.delay, country)
            shifts[did] = max((shifts[dep] for dep in deps[did]), default=late_start) + d.delay
            fixed = d.deadline
            if fixed is not None and project.language == "ru":
                fixed = calendar.first_working_day(fixed, country)  # ГК РФ ст. 193
            moves = max(shifts[did] - (agreed or {}).get(did, 0), 0)
            fixed = calendar.add_days(fixed, moves, country) if fixed else None
            end = calendar.deadline_after(begin, d.days, country) if d.days else fixed
            if d.days and fixed and fixed < end:
                end = fixed
            if fixed is not None and end == fixed and not moves and d.deadline != fixed:
                stated[did] = d.deadline
            done[did] = end
            starts[did] = begin
        return done[did]

    starts: dict[str, date] = {}
    lines = []
    given = stage_numbers([project], numbers)
    for d in project.deliverables:
        end = finish(d.id)
        price, rate = price_of(d, project)
        lines.append(Line(given[d.id], d, price, rate, starts[d.id], end, stated.get(d.id),
                          shift=shifts[d.id]))
    return lines


def agreed_shifts(versions: Sequence[Project], prepaid_on: date | None = None,
                  signed_on: date | None = None, known: Mapping[str, int] | None = None) -> dict[str, int]:
    """For each stage with a fixed `deadline:` that a later version adds (a change order), the working
    days the schedule had already moved when that version agreed the date (`timeline`'s `agreed`):
    versions in the order signed, the last may be the one being drafted; `known`: those already fixed."""
    out, seen = dict(known or {}), set()
    for n, version in enumerate(versions):
        if n:
            for x in timeline(version, work_start(version, prepaid_on, signed_on),
                              work_start(version, None, signed_on)):
                did = x.deliverable.id
                if did not in seen and did not in out and x.deliverable.deadline is not None and x.shift:
                    out[did] = x.shift
        seen |= {d.id for d in version.deliverables}
    return out


def stated_start(line: Line, project: Project, start: date | None = None) -> date:
    """The start the scope annex / Exhibit 1 states for a stage (`start`: the one in force, default
    the line's): a client's `delay:` lengthens the stage from the start it was signed with (ГК РФ ст.
    452: an addendum changes the end it names, never a start already past; EN §2.4: the client's
    delay extends the due date, the milestone started when it started), so the annex, the change
    order's restated exhibit, the client's page and `status` give that start and more days
    (review-ru4 R13, issue 24 E3). In English only the delay added since the milestone was signed
    (`stated_delay`): one a Change Order adds with a delay starts as that Change Order says."""
    day, back = start or line.start, stated_delay(line, project.language)
    return calendar.working_days_before(day, back, project.calendar) if back else day


def stated_delay(line: Line, language: str) -> int:
    """The working days of `delay:` that lengthen the stage back to the start it was signed with
    (stated_start): all of it in Russian; in English what was added since it was signed, nothing
    when that is not known (a line computed outside the signed history)."""
    d = line.deliverable
    if not (d.delay and d.days):
        return 0
    if language == "ru":
        return d.delay
    return max(d.delay - line.signed_delay, 0) if line.signed_delay is not None else 0


def start_shift(planned: date, begin: date, country: str) -> int:
    """Working days the work began later than planned (0 when on time or early): the days every
    fixed deadline moves by (RU 2.1: «на число рабочих дней между … и днём её поступления»)."""
    return calendar.working_days_between(calendar.first_working_day(planned, country),
                                         calendar.first_working_day(begin, country), country)


def stage_numbers(versions: Sequence[Project], numbers: Mapping[str, int] | None = None) -> dict[str, int]:
    """Each stage's number as the signed history fixes it (ГК РФ ст. 450, 452: an addendum amends
    the signed text by its signed numbers, so no signed number may come to mean another stage):
    the contract's stages in their listed order, then each stage a later version adds takes the
    next number never used, wherever it stands in the timeline; a deleted stage leaves its number
    unused. versions: the signed ones, then the one rendered; `numbers`: those already fixed."""
    out = dict(numbers or {})
    for version in versions:
        for d in version.deliverables:
            if d.id not in out:
                out[d.id] = max(out.values(), default=0) + 1
    return out


def _vat_and_total(project: Project, subtotal: Decimal) -> tuple[Decimal | None, Decimal]:
    tax = project.tax
    if tax.vat is None:
        return None, subtotal
    if tax.prices_include_vat:
        return money.vat_within(subtotal, tax.vat, project.currency), subtotal
    vat = money.vat_on(subtotal, tax.vat, project.currency)
    return vat, subtotal + vat


def payment_schedule(project: Project, total: Decimal, lines: dict[str, Line],
                     completion: date, signed_on: date | None = None) -> list[Payment]:
    terms = project.payment
    amounts = money.split(
        total, [i.percent for i in terms.schedule], [i.amount for i in terms.schedule],
        project.currency,
    )
    out = []
    for n, (inst, amount) in enumerate(zip(terms.schedule, amounts, strict=True), 1):
        days = terms.days_to_pay if inst.days is None else inst.days
        fixed = {"signing": signed_on or project.contract.date, "date": inst.date}.get(inst.on)
        due = (calendar.due_after(fixed, days, project.calendar, terms.day_kind == "working")
               if fixed else None)
        planned = lines[inst.deliverable].deadline if inst.on == "acceptance" else completion
        out.append(Payment(n, inst, amount, due, fixed or planned, days))
    return out


def schedule_problems(project: Project) -> list[tuple[tuple, str]]:
    """Fixed installments that, with the percentages, take more than the total (for `check`)."""
    schedule = project.payment.schedule
    if all(inst.percent is not None for inst in schedule):
        return []
    percent = sum((inst.percent or Decimal(0) for inst in schedule), Decimal(0))
    figures = compute(project)
    fixed = sum((inst.amount or Decimal(0) for inst in schedule[:-1]), Decimal(0))
    if fixed + figures.total * percent / 100 > figures.total or figures.payments[-1].amount < 0:
        return [(("payment", "schedule"),
                 f"installments exceed the total {figures.total} {project.currency}")]
    return []


def rights_later(project: Project) -> bool:
    """The results' exclusive right passes by the rights act after full payment, not with their acts,
    for the remuneration each stage names apart (`rights_price`): the works acts state it apart and
    its VAT and счёт-фактура count from the rights act (НК РФ ст. 167 п. 1 пп. 1; review-ru5 R17)."""
    mine = [d for d in project.deliverables if d.rights]
    return project.terms.ip_transfer == "full_payment" and bool(mine) and all(
        d.rights_price is not None for d in mine)


def rights_remuneration(project: Project, line: Line) -> tuple[Decimal, Decimal | None]:
    """(amount, VAT within it) paid for the alienation of the exclusive right to a stage's result
    (ГК РФ ст. 1234 п. 3: a price the contract must state): the stage's `rights_price`, else its
    whole price, with the VAT charged on it (None when no VAT is charged)."""
    base = line.price if line.deliverable.rights_price is None else money.to_minor(
        line.deliverable.rights_price, project.currency)
    tax = project.tax
    if tax.vat is None:
        return base, None
    if tax.prices_include_vat:
        return base, money.vat_within(base, tax.vat, project.currency)
    vat = money.vat_on(base, tax.vat, project.currency)
    return base + vat, vat
