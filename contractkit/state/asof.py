"""The history as it stood at the end of a day: what `status --date D` (and agenda, calendar)
show. A record dated after D did not exist yet, so it is neither counted nor listed: a signature,
a payment, an act, an invoice, a letter, a request (or its answer), a change request. A delay
notice dated after D is listed as announced and counted only from its date (state/delays.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def signed_until(signed, day: date) -> list:
    """The signatures made by the end of `day` (a prefix: each is dated on or after the last)."""
    return [s for s in signed if s.date <= day]


def changes_until(changes, signed, day: date) -> list:
    """The change requests made by `day`; one signed by an addendum signed later was still
    pending then. A delay notice dated later stays, as announced: it is in force only from its
    own date (state/delays.py), and every output says so before that date."""
    numbers = {s.number for s in signed_until(signed, day) if s.kind == "addendum"}
    out = []
    for change in changes:
        if change.requested_on > day and not change.notice_clause:
            continue
        if change.status == "signed" and change.addendum not in numbers:
            change = change.model_copy(update={"status": "proposed", "addendum": None})
        out.append(change)
    return out


def requests_until(requests, day: date) -> list:
    """The requests asked by `day`, an answer that came later not yet come."""
    return [r if r.received is None or r.received <= day else r.model_copy(update={"received": None})
            for r in requests if r.asked <= day]


def dated_until(items, day: date) -> list:
    return [x for x in items if _day(x.date) <= day]


def records_until(records, day: date):
    """The deal's records (state.Records) as they stood at the end of `day`; None when the
    contract was not signed yet then."""
    signed = signed_until(records.signed, day)
    if not signed:
        return None
    return replace(
        records, signed=signed, versions=list(records.versions)[:len(signed)],
        changes=changes_until(records.changes, records.signed, day),
        payments=dated_until(records.payments, day), acts=dated_until(records.acts, day),
        invoices=dated_until(records.invoices, day), letters=dated_until(records.letters, day),
        sent=dated_until(records.sent, day), requests=requests_until(records.requests, day))
