"""Interest a US state's law gives on a contract debt where the contract states no rate.

A notice of default under such a law claims it as of right on a sum certain (review-en4 E15):
California, Cal. Civ. Code §3289(b) (10 % a year after breach; §3287(a)); New York, CPLR 5001(a)
and 5004 (9 %); Oregon, ORS 82.010(1)(a) (9 %); Texas, Tex. Fin. Code §302.002 (6 % a year,
accruing from the 30th day after the amount is due). Simple interest, per day on a 365-day year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contractkit import money


@dataclass(frozen=True)
class LegalRate:
    state: str
    yearly: Decimal
    cite: str
    wait_days: int = 0
    """Days after the due date before interest accrues (Texas: from the 30th day)."""


RATES = {
    "California": LegalRate("California", Decimal(10), "section 3289(b) of the California Civil Code"),
    "New York": LegalRate("New York", Decimal(9), "sections 5001(a) and 5004 of the New York Civil Practice "
                                                  "Law and Rules"),
    "Oregon": LegalRate("Oregon", Decimal(9), "ORS 82.010(1)(a)"),
    "Texas": LegalRate("Texas", Decimal(6), "section 302.002 of the Texas Finance Code", 29),
}
STATE = re.compile(r"\bstate of (california|new york|oregon|texas)\b", re.IGNORECASE)


def legal_rate(project) -> LegalRate | None:
    """The governing state's rate where the contract has no late-payment clause of its own."""
    if project.language != "en" or project.payment.late_interest_monthly or project.payment.late_penalty:
        return None
    found = STATE.search(project.terms.governing_law or "")
    return RATES[found.group(1).title()] if found else None


def legal_interest(rate: LegalRate, debt: Decimal, due: date, until: date, currency: str) -> dict | None:
    """{from, days, amount} of the interest on `debt` due on `due`, through `until`; None if none."""
    first = due + timedelta(days=1 + rate.wait_days)
    days = (until - first).days + 1
    if days <= 0 or debt <= 0:
        return None
    amount = money.to_minor(debt * rate.yearly / 100 * days / 365, currency)
    return {"from": first, "days": days, "amount": amount, "debt": debt}
