"""The whole deal state of a project directory: every record the history holds, letters too,
for `show --json`, `status --json`, `log --json` and the consistency test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path


def read_deal(path: Path, as_of: date, until: date | None = None):
    """(deal state or None while unsigned, history.State with recomputed change figures);
    until: only the records dated by then (`status --date`, state/asof.py)."""
    from contractkit.flows.letters.record import letters, requests, sent
    from contractkit.state import deal_state
    from contractkit.store.deal import read_state, records_at
    from contractkit.store.repo import open_repo

    st = read_state(path)
    with open_repo(path) as repo:
        found = records_at(repo) if st.signed else None
        if found is None:
            return None, st
        found = replace(found, letters=letters(repo), sent=sent(repo), requests=requests(repo))
    if until is not None:
        from contractkit.state.asof import records_until

        found, st = records_until(found, until), state_until(st, until)
        if found is None:
            return None, st
    return deal_state(found, as_of), st


def state_until(st, day: date):
    """history.State as it stood at the end of `day`: later signatures and change requests are
    not there yet (state/asof.py)."""
    from contractkit.state.asof import changes_until, signed_until

    return replace(st, signed=signed_until(st.signed, day), changes=changes_until(st.changes, st.signed, day))


def deal_json(path: Path, as_of: date, until: date | None = None) -> str:
    """The state as JSON (contractkit/state/view.py); a draft gives its own figures; until: only
    the records dated by then."""
    from contractkit.compute import compute
    from contractkit.load import PROJECT_FILE, parse_project
    from contractkit.state.view import draft_data, dumps, state_data

    state, st = read_deal(path, as_of, until)
    working = parse_project((path / PROJECT_FILE).read_text(encoding="utf-8-sig"))
    if state is None:
        return dumps(draft_data(working, compute(working), as_of))
    same = st.signed_text is not None and st.working_text == st.signed_text
    extra = None if same else (working, compute(working, state.prepaid_on))
    return dumps(state_data(state, st.changes, extra))
