"""The late-payment penalty (неустойка) as the contract signed it: a pure function of dates and sums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contractkit import money, statutory_interest, usury
from contractkit.model.payment import Penalty as PenaltyTerms


@dataclass(frozen=True)
class Penalty:
    debt: Decimal
    due: date
    until: date
    days: int
    """Calendar days from the day after the due date through `until` inclusive (ГК РФ ст. 191)."""
    per_day: Decimal
    cap: Decimal | None
    """The cap as a sum of money, when the contract caps the penalty."""
    amount: Decimal
    capped: bool
    periods: tuple = ()
    """Period rows (debt, first day, last day, days, amount) when a part payment split the time."""

    @property
    def total(self) -> Decimal:
        return self.debt + self.amount


@dataclass(frozen=True)
class Rate:
    """What the contract signed for late payment, as penalty() counts it: a share per day, maybe
    capped; `monthly` when it is simple interest per month (counted per day at monthly × 12 / 365)."""

    per_day: Decimal
    cap: Decimal | None = None
    monthly: Decimal | None = None
    yearly: Decimal | None = None
    """The yearly rate counted, for interest: monthly × 12, or the law's ceiling below it."""
    ceiling: usury.Ceiling | None = None
    """The governing law's ceiling that cut the signed rate down (usury.py), if any."""


def late_rate(payment, ceiling: usury.Ceiling | None = None) -> Rate | None:
    """The signed rate of a project's payment terms: interest per month, or a penalty per day;
    interest above the governing law's `ceiling` is counted at the ceiling, as the clause's "or at
    the highest rate permitted by applicable law, if lower" says."""
    if payment.late_interest_monthly is not None:
        monthly = payment.late_interest_monthly
        yearly = monthly * 12
        if ceiling is not None and ceiling.yearly < yearly:
            return Rate(ceiling.yearly / Decimal(365), None, monthly, ceiling.yearly, ceiling)
        return Rate(yearly / Decimal(365), None, monthly, yearly)
    if payment.late_penalty is not None:
        return Rate(payment.late_penalty.per_day, payment.late_penalty.cap)
    return None


def lawful_rate(project, total: Decimal) -> Rate | None:
    """The rate every letter, `status` and the interest ledger count: the signed one, cut down to
    the governing law's ceiling where one applies to a contract of `total` (review-en3 E3); None
    where the Late Payment Act 1998's interest replaces the clause (review-en3 E8)."""
    if statutory_interest.applies(project):  # the Act's interest, not an insubstantial clause's
        return None
    return late_rate(project.payment, usury.ceiling(project, total))


def penalty(debt: Decimal, due: date, until: date, terms: PenaltyTerms | Rate | None,
            currency: str) -> Penalty:
    """debt × rate × days, capped as signed, rounded half up to the minor unit once, at the end."""
    days = max((until - due).days, 0)
    if terms is None:
        return Penalty(debt, due, until, days, money.ZERO, None, money.ZERO, False)
    raw = debt * terms.per_day / 100 * days
    cap = debt * terms.cap / 100 if terms.cap is not None else None
    capped = cap is not None and raw > cap
    amount = money.to_minor(cap if capped else raw, currency)
    return Penalty(debt, due, until, days, terms.per_day,
                   money.to_minor(cap, currency) if cap is not None else None, amount, capped)


@dataclass(frozen=True)
class Period:
    """A stretch of days over which the unpaid balance of one installment stayed the same."""

    debt: Decimal
    first: date
    last: date
    days: int
    amount: Decimal
    paid: Decimal = Decimal(0)
    """What was paid on `last`, ending the period (0 for the period still running at `until`)."""
    rate: Decimal | None = None
    """ГК РФ ст. 395 interest: the key rate of the period, % a year (key_rate.py)."""
    year_days: int | None = None
    """ГК РФ ст. 395 interest: the days of the period's year, 365 or 366."""


def balance_periods(amount: Decimal, due: date, until: date,
                    parts: list[tuple[date, Decimal]]) -> list[tuple[Decimal, date, date, int, Decimal]]:
    """(unpaid balance, first day, last day, days, paid on the last day) of each period of constant
    balance from the day after `due` through `until`: the one split the penalty (ГК РФ ст. 330, п. 65
    ППВС № 7: a part paid late accrues through the day of its payment) and the statutory interest (Late
    Payment of Commercial Debts (Interest) Act 1998 s.4: interest runs while the debt remains unpaid)
    both count by, so a claim shows one row and one calculation per period."""
    debt = amount - sum((a for d, a in parts if d <= due), Decimal(0))
    later = sorted((d, a) for d, a in parts if due < d <= until)
    rows, last = [], due
    for day, paid in [*later, (until, Decimal(0))]:
        days = (day - last).days
        if days > 0 and debt > 0:
            rows.append((debt, last + timedelta(days=1), day, days, paid))
        elif rows and days == 0 and paid:  # a second payment on the same day ends the same period
            debt_, first, last_, n, before = rows[-1]
            rows[-1] = (debt_, first, last_, n, before + paid)
        debt, last = debt - paid, max(last, day)
    return rows


def penalty_by_parts(amount: Decimal, due: date, until: date, parts: list[tuple[date, Decimal]],
                     terms: PenaltyTerms | Rate | None, currency: str) -> Penalty:
    """The penalty on an installment of `amount` due on `due`, counted through `until`, with the
    payments made on it (`parts`: date, sum). A part paid late stops accruing only after the day of
    its payment: the contract counts «по день оплаты включительно» and the debt is unpaid until the
    end of that day (ГК РФ ст. 330; п. 65 Постановления Пленума ВС РФ от 24.03.2016 № 7). Each
    period is rounded to the minor unit, so the rows a claim prints add up to its total; the cap is
    taken on the sum that was overdue on the first day of delay."""
    debt = amount - sum((a for d, a in parts if d <= due), Decimal(0))
    later = sorted((d, a) for d, a in parts if due < d <= until)
    if terms is None or not later:
        return penalty(debt, due, until, terms, currency)
    rows = [Period(owed, first, last, days, money.to_minor(owed * terms.per_day / 100 * days, currency), paid)
            for owed, first, last, days, paid in balance_periods(amount, due, until, parts)]
    left = debt - sum((a for _, a in later), Decimal(0))
    raw = sum((r.amount for r in rows), money.ZERO)
    cap = money.to_minor(debt * terms.cap / 100, currency) if terms.cap is not None else None
    capped = cap is not None and raw > cap
    return Penalty(left, due, until, max((until - due).days, 0), terms.per_day, cap,
                   cap if capped else raw, capped, tuple(rows))


def installment_penalty(state, standing, until: date, terms: PenaltyTerms | Rate | None, currency: str,
                        due: date | None = None) -> Penalty:
    """The one penalty of an installment, from the deal state's dated payments on it: the claim,
    the reminder and `status` all count it here (`due`: a later date the debt is owed from)."""
    inst = standing.installment
    return penalty_by_parts(inst.amount, due or standing.due, until, state.payments_on(inst.key), terms,
                            currency)


def period_rows(p: Penalty) -> list[dict]:
    """The penalty's period rows as plain data for a letter's table ([] for one period)."""
    return [{"debt": r.debt, "first": r.first, "last": r.last, "days": r.days, "amount": r.amount,
             "paid": r.paid} for r in p.periods] if len(p.periods) > 1 else []
