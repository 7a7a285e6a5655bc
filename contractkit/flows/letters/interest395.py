"""ГК РФ ст. 395 interest in the Russian claim, where the contract has no неустойка: the deal
state's one count (state/interest.key_rate_periods), per period of balance, key rate and year."""

from __future__ import annotations

from datetime import date

from contractkit import money


def applies(book) -> bool:
    from contractkit.state.interest import key_rate_applies

    return key_rate_applies(book.project)


def in_foreign_currency(book) -> bool:
    """A Russian debt in foreign currency with no неустойка: ст. 395 interest runs at the Bank of
    Russia's average short-term credit rates in that currency (п. 39 ППВС № 7), which the claim
    demands without a sum."""
    p = book.project
    return (p.language == "ru" and p.currency != "RUB" and p.payment.late_penalty is None
            and p.payment.late_interest_monthly is None)


def rows(periods) -> list[dict]:
    return [{"debt": r.debt, "first": r.first, "last": r.last, "days": r.days, "rate": r.rate,
             "year_days": r.year_days, "amount": r.amount, "paid": r.paid} for r in periods]


def item_interest(book, key: str, amount, due: date | None, day: date) -> dict | None:
    """The interest on one installment of `amount` due on `due`, through the claim's `day`."""
    from contractkit.state.interest import key_rate_periods

    if not applies(book) or due is None or due >= day:
        return None
    parts = [(d, a) for d, a in book.state.payments_on(key) if d <= day]
    periods = key_rate_periods(amount, due, day, parts, book.currency)
    if not periods:
        return None
    return {"rows": rows(periods), "amount": sum((r.amount for r in periods), money.ZERO)}


def refuse_assumed(day: date) -> None:
    """A claim states the interest as owed: never on a key rate the table lacks (an assumed rate
    stated as fact), as the English notice refuses an unknown base rate."""
    from contractkit import key_rate
    from contractkit.flows.billing.record import BillingError

    why = key_rate.assumed(day)
    if why:
        raise BillingError(why + ", before sending the claim")
