"""Interest the law gives on a late debt where the contract states none, in a demand: a US state's
legal rate (legal_interest.py) and the UK Late Payment Act's (statutory_interest.py); the Russian
ст. 395 interest is interest395.py. Split from dunning.py, which states them in the claim."""

from __future__ import annotations

from datetime import date

from contractkit.flows.billing.book import Book, Standing
from contractkit.flows.billing.record import BillingError


def _legal_rate(book: Book):
    from contractkit.legal_interest import legal_rate

    return legal_rate(book.project)


def _legal(book: Book, s: Standing, day: date) -> dict | None:
    """A US state's interest on the unpaid balance where the contract states no rate (review-en4 E15)."""
    from contractkit.legal_interest import legal_interest, legal_rate

    rate = legal_rate(book.project)
    if rate is None or s.due is None:
        return None
    return legal_interest(rate, s.balance, s.due, day, book.currency)


def _statutory(book: Book, debt, due: date | None, day: date):
    """The Late Payment of Commercial Debts (Interest) Act 1998's interest on one debt, where the
    Act applies and the contract has no late-payment clause (statutory_interest.py); else None."""
    from contractkit import statutory_interest as act

    if due is None or not act.applies(book.project):
        return None
    return act.statutory_interest(debt, due, day, book.currency)


def _refuse_assumed_rate(items: list[dict]) -> None:
    """A formal demand states the statutory interest as an amount owed and adds it to the total, so
    it never rests on a base rate the bundled table lacks (an assumed rate stated as fact)."""
    missing = next((i for i in items if i.get("statutory") and not i["statutory"]["covered"]), None)
    if missing is not None:
        s = missing["statutory"]
        raise BillingError(
            f"the statutory interest on installment {missing['number']} (Late Payment of Commercial Debts "
            f"(Interest) Act 1998 s.6) needs the Bank of England base rate of {s['reference']:%d %B %Y}, "
            f"which contractkit's table lacks: give it as CONTRACTKIT_BOE_BASE_RATE="
            f"{s['reference']:%Y-%m-%d}=RATE (e.g. 3.75; the Bank of England's Bank Rate on that day), "
            f"or update contractkit, before sending the claim")


def statutory_warning(items: list[dict]) -> str | None:
    """The warning when a reference rate the claim needs is not in the bundled table."""
    from contractkit import statutory_interest as act

    dues = [i["due"] for i in items if i.get("statutory")]
    return act.uncovered(dues) if dues else None
