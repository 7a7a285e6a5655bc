"""The project's history as plain records for the deal state (contractkit/state): read here, at
one revision, computed there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contractkit.state import DealState, Records, deal_state
from contractkit.store import history, payments


def records_at(repo, rev: str = "HEAD") -> Records | None:
    """The signed versions reachable from rev and the money records at rev; None while unsigned."""
    if not repo.head.is_valid():
        return None
    signed = [s for s in history.signatures(repo) if _reachable(repo, s.tag, rev)]
    if not signed:
        return None
    return Records(
        signed=signed,
        versions=[history.project_at(repo, s.tag) for s in signed],
        changes=history.changes(repo, rev),
        payments=payments.payments(repo, rev),
        acts=payments.acts(repo, rev),
        invoices=payments.invoices(repo, rev),
    )


def _reachable(repo, tag: str, rev: str) -> bool:
    if rev == "HEAD":
        return True
    return repo.is_ancestor(repo.commit(tag).hexsha, repo.commit(rev).hexsha)


def state_at(repo, as_of: date, rev: str = "HEAD") -> DealState | None:
    found = records_at(repo, rev)
    return deal_state(found, as_of) if found else None


def read_state(path: Path, walk=None):
    """history.read_state with the completions dated by the recorded prepayment, as the deal
    state dates them (`status`, `log`)."""
    from contractkit.store.audit import recomputed
    from contractkit.store.repo import open_repo
    from contractkit.store.walk import Walk

    walk = walk or Walk.start(path)
    with open_repo(path) as repo:
        found = history.state(repo, path)
        return recomputed(repo, found, walk, prepaid_on(repo) if found.signed else None)[0]


def prepaid_on(repo, rev: str = "HEAD") -> date | None:
    """The recorded day the prepayment arrived, as of rev; None without payment records (then
    nothing else is read: a history with no money is as light as before), and None when a
    record is damaged: the dates stay provisional, and the money side reports the damage."""
    from contractkit.errors import RepositoryError

    try:
        if not repo.head.is_valid() or not payments.payments(repo, rev):
            return None
        found = state_at(repo, date.today(), rev)
    except RepositoryError:
        return None
    return found.prepaid_on if found else None
