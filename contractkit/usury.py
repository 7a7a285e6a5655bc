"""The highest contractual interest rate the governing law permits, where the tool knows it.

An English contract's late-interest clause reads "… or at the highest rate permitted by applicable
law, if lower", so where the law caps the rate the clause itself gives the capped rate, and every
figure (`check`, `status`, the reminder, the notice of default) uses that one rate (review-en3 E3).
Known: Delaware, 6 Del. C. §2301(a) (5 % a year over the Federal Reserve discount rate; §2301(c):
no limit where the amount exceeds $100,000).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contractkit.errors import OptionError

DELAWARE_MARGIN = 5
"""6 Del. C. §2301(a): at most 5 % a year over the Federal Reserve discount rate."""
DELAWARE_UNLIMITED = 100_000
"""6 Del. C. §2301(c): no limit on the rate where the amount exceeds $100,000."""
FED_DISCOUNT_RATE = Decimal("3.75")
"""The Federal Reserve's primary credit (discount) rate: 3.75 % since the cut of 10 December 2025
(federal funds target 3.50-3.75 %), held in January 2026 and still in force before the FOMC meeting
of 16-17 June 2026, the latest we could check (FOMC statements as reported by the ABA Banking
Journal, America's Credit Unions and calendarial.com). CONTRACTKIT_FED_DISCOUNT_RATE overrides it."""
FED_DISCOUNT_RATE_AS_OF = date(2026, 6, 16)
"""The last day FED_DISCOUNT_RATE is known to have been in force."""
RATE_SETTING = "CONTRACTKIT_FED_DISCOUNT_RATE"


def fed_discount_rate() -> tuple[Decimal, str]:
    """The discount rate and where it comes from: the user's CONTRACTKIT_FED_DISCOUNT_RATE (a
    percentage, "4.25"), else the built-in figure with its date; the Fed may have moved it since."""
    given = os.environ.get(RATE_SETTING, "").strip()
    if not given:
        return FED_DISCOUNT_RATE, f"{FED_DISCOUNT_RATE:f} % as of {_day(FED_DISCOUNT_RATE_AS_OF)}"
    try:
        rate = Decimal(given.removesuffix("%").strip())
    except ArithmeticError:
        rate = Decimal(-1)
    if not rate.is_finite() or not 0 <= rate <= 50:
        raise OptionError(f"{RATE_SETTING}={given!r} is not a percentage (say 3.75)",
                          hint=f"unset it to use the built-in {FED_DISCOUNT_RATE:f} % as of "
                               f"{FED_DISCOUNT_RATE_AS_OF}")
    return rate, f"{rate.normalize():f} % as set in {RATE_SETTING}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Ceiling:
    """The lawful yearly rate that replaces a higher contractual one, and why."""

    yearly: Decimal
    """The highest rate permitted, % a year."""
    stated: Decimal
    """The contract's own rate, % a year (above `yearly`)."""
    statute: str
    """"6 Del. C. §2301(a)"."""
    discount: Decimal
    """The Federal Reserve discount rate the ceiling is built on, % a year."""
    source: str
    """Where that rate comes from: "3.75 % as of 16 June 2026" or the setting."""


def ceiling(project, total) -> Ceiling | None:
    """The governing law's ceiling when the contract's late interest (`late_interest_monthly`) is
    above it; None when the law is not one we know, the amount is beyond its reach, or the rate is
    within it."""
    monthly = project.payment.late_interest_monthly
    if (monthly is None or "delaware" not in (project.terms.governing_law or "").lower()
            or total > DELAWARE_UNLIMITED):
        return None
    rate, source = fed_discount_rate()
    yearly, lawful = monthly * 12, rate + DELAWARE_MARGIN
    if yearly <= lawful:
        return None
    return Ceiling(lawful, yearly, "6 Del. C. §2301(a)", rate, source)
