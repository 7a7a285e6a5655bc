"""New York's Freelance Isn't Free laws: when a contract is the written contract they require.

N.Y. Gen. Bus. Law Art. 44-A (§§1410-1415, in force 28 August 2024) and, in New York City, the
City's Freelance Isn't Free Act (N.Y.C. Admin. Code §20-927 et seq.) protect a "freelance worker":
a natural person, or an organisation of no more than one natural person, hired as an independent
contractor for services worth $800 or more (alone or with the same hiring party's other contracts
of the last 120 days). The contract must be in writing and state the parties' names and mailing
addresses, the services itemised with their value, the rate and method of compensation, the date
of payment or how it is fixed, and the date by which the freelancer submits a list of the services
rendered (GBL §1412(2); Admin. Code §20-928); the hiring party keeps it six years (§1412(3)); a
term waiving those rights is void (§1415(1)). Here: a contractor who is a person, with a New York
address, for a fee of $800 or more.
"""

from __future__ import annotations

import re
from decimal import Decimal

from contractkit.model.parties import PERSON_KINDS

THRESHOLD = Decimal(800)
BOROUGHS = re.compile(r"\b(manhattan|brooklyn|bronx|queens|staten island)\b", re.I)
NYC_ZIP = re.compile(r"\bNY\s+(1(?:0[0-4]|1[1-46])\d\d)\b")
"""ZIP codes of the five boroughs: 100-104 (Manhattan, Staten Island, the Bronx), 111-114 and 116
(Brooklyn, Queens)."""


def ny_freelance(contractor, code: str, total: Decimal, currency: str) -> dict:
    """{"state": the contract is the one GBL §1412 requires, "nyc": and Admin. Code §20-928 too}."""
    person = contractor.kind in PERSON_KINDS
    state = person and code == "US-NY" and currency == "USD" and total >= THRESHOLD
    address = contractor.address or ""
    nyc = state and bool(NYC_ZIP.search(address) or BOROUGHS.search(address.split(",", 1)[-1]))
    return {"state": state, "nyc": nyc}
