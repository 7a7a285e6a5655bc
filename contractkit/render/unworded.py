"""The changed values of a project no clause of the contract states (ГК РФ ст. 452: an addendum
amends the signed wording; a data key of the project file is no term of the deal)."""

from __future__ import annotations

REQUISITES = ("contractor", "client", "tax")
"""Sections whose values are the parties' details and tax status, not terms of the deal: a change
that reaches no clause is no amendment and is left out of the addendum, not refused."""


def unworded(hist, n: int, look, changes: list[dict]) -> list[dict]:
    """The changed values (field_changes) of addendum n that no clause of the contract states: the
    contract rendered for version n-1 with only that value changed reads as before, and its payment
    schedule is the same. A term of the deal no clause states is refused (flows/output.py), never
    written into the addendum as the project file's key; a party's detail is left out."""
    from contractkit.ledger import History
    from contractkit.render import amendments, amendments_en

    terms = [x for x in changes if x["path"].split(".")[0] not in REQUISITES]
    if not terms:
        return []
    old = hist.versions[n - 1]
    kind = amendments_en if old.language == "en" else amendments
    signed = kind.contract_html(hist, n - 1, look)
    # RU: the support annex is part of the signed contract; an addendum restates its clauses too
    annex = amendments.support_html(hist, n - 1, look) if kind is amendments else ""
    out = []
    for x in terms:
        probe = _with_value(old, hist.versions[n], x["path"])
        if probe is None:
            continue  # the value alone makes no valid project: it goes with another change
        probed = History([*hist.versions[:n - 1], old, probe], hist.prepaid_on, hist.signed_on)
        try:
            found = kind.amended(signed, kind.contract_html(probed, n, look))
            if annex and not found and x["path"].startswith("support."):
                found = amendments.amended(annex, amendments.support_html(probed, n, look))
            same = probed.schedules[n] == probed.schedules[n - 1]
        except Exception:  # noqa: BLE001 - a value that cannot stand alone goes with another change
            continue
        if not found and same:
            out.append(x)
    return out


def _with_value(old, new, path: str):
    """Version `old` with the one value at `path` ("payment.days_to_pay") as version `new` has it."""
    from pydantic import ValidationError

    a, b = old.model_dump(mode="json", exclude_unset=False), new.model_dump(mode="json")
    keys = path.split(".")
    here, there = a, b
    for k in keys[:-1]:
        if not isinstance(here.get(k), dict) or not isinstance(there.get(k), dict):
            return None
        here, there = here[k], there[k]
    if keys[-1] in there:
        here[keys[-1]] = there[keys[-1]]
    else:
        here.pop(keys[-1], None)
    try:
        return type(old).model_validate(a)
    except (ValidationError, ValueError):
        return None
