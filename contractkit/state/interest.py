"""Interest on late payments, installment by installment, until each part is paid.

One ledger, computed here from the deal state's dated payments, that the claim, the update, the
agenda and `status` all read: an installment paid late still owes the interest it accrued until
the day of its payment (the deposit too), and it stays owed until recorded as paid. The rate is
the contract's own clause (state/penalty.py) or, where the Late Payment of Commercial Debts
(Interest) Act 1998 applies instead, the Act's: simple interest from the day after the due date
(s.4) and a fixed sum per debt (s.5A), owed for a debt paid late as much as for one unpaid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contractkit import money
from contractkit import statutory_interest as act
from contractkit.state.penalty import Period, balance_periods, installment_penalty, lawful_rate


@dataclass(frozen=True)
class Accrual:
    """The interest one installment accrued from the day after its due date until it was paid
    (or through `until` while unpaid)."""

    key: str
    number: int
    amount: Decimal
    """The installment's sum."""
    due: date
    until: date
    """The day interest stopped (the last part's payment) or, while unpaid, the day counted to."""
    paid: bool
    """Paid in full by `until`: the principal is settled, the interest is not."""
    days: int
    interest: Decimal
    fixed: Decimal = money.ZERO
    """The Late Payment Act's fixed sum (s.5A), where that Act applies."""
    rate: Decimal | None = None
    """The yearly statutory rate (base + 8), where the Act applies."""
    periods: tuple[Period, ...] = ()
    """One row per period of constant unpaid balance (state/penalty.balance_periods): what a
    claim prints, each with its own calculation, adding up to `interest`."""
    advance: date | None = None
    """For an advance payment under the Late Payment Act: its agreed due date (`due` is then the
    day of performance, from which s.11(4) and s.4(2G) run the interest)."""

    @property
    def total(self) -> Decimal:
        return self.interest + self.fixed


def accruals(state, until: date, paid_only: bool = False) -> list[Accrual]:
    """Each installment's late interest through `until`, in due order; only those that accrued any.
    paid_only: the installments paid in full late (their principal gone from every list of debts)."""
    project = state.project
    rate = lawful_rate(project, state.total)
    statutory = act.applies(project)
    by_key_rate = key_rate_applies(project)
    if rate is None and not statutory and not by_key_rate:
        return []
    out = []
    for s in sorted(state.standing, key=lambda s: s.installment.place):
        if s.due is None or s.due >= until:
            continue
        parts = [(d, a) for d, a in state.payments_on(s.installment.key) if d <= until]
        left = s.installment.amount - sum((a for _, a in parts), money.ZERO)
        paid = left <= 0
        if paid_only and not paid:
            continue
        stop = max(d for d, _ in parts) if paid else until
        due = advance_day(state, s.installment, s.due) if statutory else s.due
        if by_key_rate and not paid and s.installment.label in ADVANCES:
            due = _unpaid_advance_due(state, s.due)
        if due is None or stop <= due:
            continue  # paid on time, or (an advance payment) before the statutory interest could run
        if by_key_rate:
            periods = key_rate_periods(s.installment.amount, due, stop, parts, project.currency)
            interest, fixed, yearly = sum((r.amount for r in periods), money.ZERO), money.ZERO, None
        elif statutory:
            periods, yearly = statutory_periods(s.installment.amount, due, stop, parts, project.currency)
            interest = sum((r.amount for r in periods), money.ZERO)
            fixed = act.fixed_sum(s.installment.amount)  # s.5A(1): once statutory interest runs
        else:
            p = installment_penalty(state, s, stop, rate, project.currency)
            interest, fixed, yearly = p.amount, money.ZERO, None
            raw = money.to_minor(p.debt * rate.per_day / 100 * p.days, project.currency)  # before any cap
            periods = p.periods or (Period(p.debt, s.due + timedelta(days=1), stop, p.days, raw),)
        if interest > 0 or fixed > 0:
            out.append(Accrual(s.installment.key, s.installment.number, s.installment.amount, due, stop,
                               paid, (stop - due).days, interest, fixed, yearly, tuple(periods),
                               advance=s.due if due != s.due else None))
    return out


ADVANCES = ("signing", "addendum", "date")
"""Installments that may fall due before the work they pay for: the deposits, a payment on a date."""


def owed(state, until: date) -> list[Accrual]:
    """The accruals a demand may state through `until`, which `status`, its --json and the claim show.

    English projects: every accrual (the Late Payment Act's own advance-payment rule, s.11, is in
    `accruals`). Russian projects: the penalty on an installment paid late, which stays owed after
    the debt is paid (ГК РФ ст. 330); a prepayment paid late before the work was accepted is left
    out, then and after (ГК РФ ст. 711: an advance the work has not earned is no debt, and a penalty on
    it needs a clause that says so: review-ru4 R12), as the claim leaves it."""
    from contractkit.state.deal import completed_on

    found = accruals(state, until)
    if state.project.language == "en":
        return found
    by_key = {i.key: i for i in state.installments}
    done = completed_on(state)
    by_key_rate = key_rate_applies(state.project)  # ст. 395 interest on a debt still unpaid, too
    return [a for a in found if (a.paid or by_key_rate)
            and (_earned(state, by_key.get(a.key)) or (done and a.until > done))]


def key_rate_applies(project) -> bool:
    """ГК РФ ст. 395: a Russian contract with no неустойка for late payment (п. 4: never both for
    the same delay) owes interest at the Bank of Russia's key rate on a debt in roubles. A debt in
    foreign currency bears interest at the Bank of Russia's average short-term credit rates in that
    currency instead (п. 39 ППВС № 7), which contractkit does not have: none is counted for it."""
    payment = project.payment
    return (project.language == "ru" and payment.late_penalty is None
            and payment.late_interest_monthly is None and project.currency == "RUB")


def key_rate_periods(amount: Decimal, due: date, stop: date, parts, currency: str) -> list[Period]:
    """ст. 395 interest on a debt of `amount` due on `due`, through `stop`: one row per period of
    one unpaid balance (п. 48 ППВС № 7: through the day of payment inclusive), one key rate and one
    year (365 or 366 days), each rounded to the kopeck so the rows add up."""
    from contractkit import key_rate

    return [Period(r.debt, r.first, r.last, r.days, r.amount, r.paid, r.rate, r.year_days)
            for debt, first, last, _, paid in balance_periods(amount, due, stop, parts)
            for r in key_rate.split(debt, first, last, currency, paid)]


def _unpaid_advance_due(state, due: date) -> date | None:
    """A prepayment still unpaid when the work is accepted is owed as part of the price from the
    final payment's due date (ГК РФ ст. 711), as the claim demands it; None before then."""
    final = [s.due for s in state.standing if s.installment.final]
    if not final or final[-1] is None:
        return None
    return max(due, final[-1])


def _earned(state, installment) -> bool:
    """Whether an installment pays for work, not in advance of it: any but a deposit, and a payment
    on a date for a stage already accepted (ГК РФ ст. 711), as the claim counts a debt."""
    if installment is None or installment.label not in ADVANCES:
        return True
    if installment.label != "date" or not installment.deliverable:
        return False
    stage = next((s for s in state.stages if s.id == installment.deliverable), None)
    return bool(stage and stage.accepted_on)


def advance_day(state, installment, due: date) -> date | None:
    """The day the Late Payment Act's interest counts from: the due date, or for an advance payment
    (due before the supplier's obligation is performed) the day of performance, the final
    acceptance (s.11(4): the debt is treated as created then; s.4(2G): the relevant day; review-en4
    E11); None while the work is not performed (no statutory interest runs yet)."""
    if installment.label not in ADVANCES:
        return due
    accepted = [st.accepted_on for st in state.stages]
    performed = max(accepted) if accepted and all(accepted) else None
    if performed is None:
        return None
    return max(due, performed)


def statutory_periods(amount: Decimal, due: date, stop: date, parts,
                      currency: str) -> tuple[list[Period], Decimal]:
    """The Act's interest on a debt of `amount` due on `due`, through `stop`, one period per
    constant unpaid balance (s.4(2)-(4): interest runs on the debt while it remains unpaid), each
    rounded to the penny so the rows add up; and the yearly rate (s.6: fixed for the debt)."""
    rate = act.rate_for(due)[2]
    return [Period(debt, first, last, days, act.period_interest(debt, days, rate, currency), paid)
            for debt, first, last, days, paid in balance_periods(amount, due, stop, parts)], rate
