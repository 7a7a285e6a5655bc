"""Statutory interest on a late commercial debt under English law: the Late Payment of Commercial
Debts (Interest) Act 1998, where the contract has no late-payment clause of its own.

s.1: a term is implied into a contract for services between businesses that a qualifying debt
carries simple interest; s.4: it runs from the day after the relevant (due) date; s.6 and the Late
Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002 (SI 2002/1675): at 8% a year over
the Bank of England's official dealing rate in force on 31 December (interest that starts to run
from 1 January to 30 June) or 30 June (from 1 July to 31 December) before it starts; s.5A: a
fixed sum per debt of £40 (under £1,000), £70 (under £10,000) or £100. s.12: the Act does not apply
where UK law governs only by the parties' choice; a UK supplier's services are governed by its law
anyway (Rome I art. 4(1)(b)), so a UK contractor under English law qualifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractkit import money

MARGIN = Decimal(8)
"""Percentage points over the reference rate (SI 2002/1675 art. 4)."""

BASE_RATES: tuple[tuple[date, Decimal], ...] = (
    # Bank Rate in force on each reference date. Sources: the Bank of England's Bank Rate
    # decisions as reported on each day, and payontime.co.uk's table of reference rates
    # (https://www.payontime.co.uk/late-payment-legislation-interest-calculators, for 2023-2024);
    # 2025: 4.25% after the cut of 8 May 2025, held on 19 June; 3.75% after the cut of 18 December
    # 2025 (held at 3.75% on 5 February 2026, news.az / BBC); 30 June 2026: held at 3.75% at the
    # June 2026 meeting (livesquawk.com, "BoE Holds Bank Rate At 3.75%").
    (date(2023, 6, 30), Decimal("5.00")),
    (date(2023, 12, 31), Decimal("5.25")),
    (date(2024, 6, 30), Decimal("5.25")),
    (date(2024, 12, 31), Decimal("4.75")),
    (date(2025, 6, 30), Decimal("4.25")),
    (date(2025, 12, 31), Decimal("3.75")),
    (date(2026, 6, 30), Decimal("3.75")),
)
"""Dated reference rates; a later reference date is not covered (`covered` is then False)."""


def applies(project) -> bool:
    """The Act's interest applies: English law, a UK supplier, a business client, pounds, and no
    contractual late-payment clause that displaces it (s.8(1): only a substantial contractual
    remedy does; see `insubstantial`)."""
    payment = project.payment
    return _qualifies(project) and payment.late_penalty is None and (
        payment.late_interest_monthly is None or insubstantial(project))


def _qualifies(project) -> bool:
    """A contract the Act reaches: English law, a UK supplier, a business client, pounds."""
    from contractkit.words import jurisdiction

    return (jurisdiction.english_law(project.terms.governing_law)
            and jurisdiction.region(jurisdiction.of(project.contractor)) == "UK"
            and project.client.kind != "individual" and project.currency == "GBP")


def latest_rate() -> tuple[date, Decimal]:
    """The latest reference date known (the table's, or one CONTRACTKIT_BOE_BASE_RATE gives) and
    the base rate on it."""
    known = {**dict(BASE_RATES), **given_rates()}
    day = max(known)
    return day, known[day]


def insubstantial(project) -> bool:
    """A contractual interest rate below the statutory one (8% over the latest reference rate) is
    not a substantial remedy for late payment (s.8(1)-(2), s.9(1): it neither compensates the
    supplier nor deters late payment, and it is not fair and reasonable that it displace the
    statutory right): the Act's interest and fixed sums apply in its place (review-en3 E8)."""
    monthly = project.payment.late_interest_monthly
    if monthly is None or not _qualifies(project):
        return False
    return monthly * 12 < MARGIN + latest_rate()[1]


def reference_date(starts: date) -> date:
    """s.6 and SI 2002/1675: 31 December before interest that starts from January to June, 30 June
    before interest that starts from July to December."""
    return date(starts.year - 1, 12, 31) if starts.month <= 6 else date(starts.year, 6, 30)


RATE_SETTING = "CONTRACTKIT_BOE_BASE_RATE"
"""The user's reference rates the table lacks, "2026-12-31=3.75" (several: comma-separated): a
user can demand interest without editing contractkit; the letter states the figure it used."""


def given_rates(text: str | None = None) -> dict[date, Decimal]:
    """The reference rates CONTRACTKIT_BOE_BASE_RATE gives; a malformed entry is an OptionError."""
    import os

    from contractkit.errors import OptionError

    text = os.environ.get(RATE_SETTING, "") if text is None else text
    out = money.dated_rates(text, RATE_SETTING, "2026-12-31=3.75")
    for reference in out:
        if reference.month * 100 + reference.day not in (630, 1231):
            raise OptionError(f"{RATE_SETTING}: {reference}: the reference date is 30 June or 31 December "
                              "(SI 2002/1675), e.g. 2026-12-31=3.75")
    return out


def base_rate(reference: date) -> tuple[Decimal, bool]:
    """The rate in force on the reference date, and whether it is known: from the table, or given
    by the user in CONTRACTKIT_BOE_BASE_RATE (if neither: the latest rate the table has, which
    `check` and `claim` warn of)."""
    given = given_rates().get(reference)
    if given is not None:
        return given, True
    for day, rate in reversed(BASE_RATES):
        if day == reference:
            return rate, True
    return BASE_RATES[-1][1], False


def fixed_sum(debt: Decimal) -> Decimal:
    """s.5A(2): £40 for a debt under £1,000, £70 under £10,000, £100 from £10,000."""
    if debt < 1000:
        return Decimal("40.00")
    return Decimal("70.00") if debt < 10000 else Decimal("100.00")


@dataclass(frozen=True)
class StatutoryInterest:
    debt: Decimal
    due: date
    until: date
    days: int
    """From the day after the due date through `until` inclusive (s.4(2))."""
    reference: date
    base: Decimal
    rate: Decimal
    """base + 8, a year."""
    covered: bool
    amount: Decimal
    fixed: Decimal


def rate_for(due: date) -> tuple[date, Decimal, Decimal, bool]:
    """(reference date, base rate, yearly rate = base + 8, whether the base is known) of the interest
    on a debt due on `due`: fixed by the day after it, when the interest starts to run (s.6)."""
    reference = reference_date(date.fromordinal(due.toordinal() + 1))
    base, covered = base_rate(reference)
    return reference, base, base + MARGIN, covered


def period_interest(debt: Decimal, days: int, rate: Decimal, currency: str = "GBP") -> Decimal:
    """debt × rate% × days ÷ 365, simple, rounded to the penny: one period's interest (s.4)."""
    return money.to_minor(debt * rate / 100 * days / Decimal(365), currency)


def statutory_interest(debt: Decimal, due: date, until: date, currency: str = "GBP") -> StatutoryInterest:
    """debt × (base + 8)% × days ÷ 365, simple, rounded to the penny once, and the s.5A sum."""
    days = max((until - due).days, 0)
    reference, base, rate, covered = rate_for(due)
    amount = period_interest(debt, days, rate, currency)
    return StatutoryInterest(debt, due, until, days, reference, base, rate, covered, amount,
                             fixed_sum(debt))


def uncovered(due_dates: list[date]) -> str | None:
    """A warning when interest on a debt falling due on one of these days would need a reference
    rate the bundled table does not have."""
    given = given_rates()
    missing = sorted(m for m in {reference_date(date.fromordinal(d.toordinal() + 1)) for d in due_dates}
                     if m > BASE_RATES[-1][0] and m not in given)
    if not missing:
        return None
    last, rate = BASE_RATES[-1]
    return (f"UK statutory interest (Late Payment of Commercial Debts (Interest) Act 1998 s.6) on a debt "
            f"due after {last:%d %B %Y} needs the Bank of England base rate of {missing[0]:%d %B %Y}, which "
            f"the bundled table (contractkit/statutory_interest.py) does not have: {rate}% is assumed; "
            f"give the rate as {RATE_SETTING}={missing[0]:%Y-%m-%d}=R, or update contractkit")
