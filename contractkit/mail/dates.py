"""The days a reply bears, for the estimate's validity (red team 12, B15).

A change request sheet is an offer with a term for its acceptance: it holds until the day it
prints (ГК РФ ст. 440: a contract is made when the acceptance is received within the term the offer
sets; Restatement (Second) of Contracts § 41: an offer lapses at the time it specifies). So a reply
is checked against that day by the day it was sent, as a signature vouches for it: its Date header
when DKIM signs it, else the time its aligned DKIM signature was made (t=). A reply that bears
neither is dated by the day it is recorded, the only day this machine vouches for. The day it is
recorded does not bound a reply that is dated: an acceptance received in time stands however late
the contractor records it (ст. 440 counts receipt, not filing).
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

MAX_SIGNATURES = 64


def days(msg, raw: list[tuple[bytes, bytes]], signed: set[str], domain: str) -> list[tuple[str, dt.date]]:
    """(what, day): the day the reply was sent as a signature vouches for it: its Date header if
    signed, else the t= of each DKIM signature of domain (in the Date header's time zone, else UTC)."""
    out: list[tuple[str, dt.date]] = []
    sent = _date(str(msg.get("Date", "")))
    zone = sent.tzinfo if sent is not None and sent.tzinfo is not None else dt.UTC
    if sent is not None and "date" in signed:
        return [("its Date header", sent.date())]
    for key, value in raw[:MAX_SIGNATURES]:
        if key.lower() != b"dkim-signature":
            continue
        tags = {k.strip(): v for k, v in (t.strip().split(b"=", 1) for t in value.split(b";") if b"=" in t)}
        d = b"".join(tags.get(b"d", b"").split()).decode("ascii", "replace").lower()
        stamp = b"".join(tags.get(b"t", b"").split())
        if d == domain and stamp.isdigit() and len(stamp) <= 12:
            out.append(("its DKIM signature's time", dt.datetime.fromtimestamp(int(stamp), zone).date()))
    return out


def expired(change: str, valid_until: dt.date | None, borne: list[tuple[str, dt.date]],
            recorded: dt.date) -> str | None:
    """Why a reply comes too late for the estimate of change, or None. A sheet with no validity
    (one made before validity was recorded) is not bounded."""
    if valid_until is None:
        return None
    late = [(what, day) for what, day in borne or [("the day it is recorded: no signed date", recorded)]
            if day > valid_until]
    if not late:
        return None
    what, day = max(late, key=lambda x: x[1])
    return (f"the estimate for {change} held until {valid_until}; the reply is dated {day} ({what}): ask the "
            "client to approve a fresh sheet ('contractkit change -m TITLE --estimate --valid-until DATE')")


def _date(header: str) -> dt.datetime | None:
    try:
        return parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
