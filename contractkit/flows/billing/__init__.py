"""The money side of a signed scope: payments, acceptance acts and invoices.

book.py computes where the money stands; ledger.py records payments and acts (store/payments.py
keeps the records); documents.py renders acts and invoices through the common render pipeline.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contractkit.flows.billing.book import Book


def open_book(repo, rev: str = "HEAD", as_of: date | None = None, until: date | None = None) -> Book:
    """The signed versions and money records at `rev` (HEAD: everything committed), viewed on
    `as_of` (None: today); until: only the records dated by then (`status --date`, state/asof.py)."""
    from dataclasses import replace

    from contractkit.errors import RepositoryError
    from contractkit.flows.billing.audit import book_problems
    from contractkit.flows.billing.book import Book
    from contractkit.load import PROJECT_FILE
    from contractkit.store import history, payments, provenance, written
    from contractkit.store.deal import problems as implausible
    from contractkit.store.deal import records_at

    written.refuse(repo, rev)  # a record edited or deleted after it was written counts for nothing (B5)
    found = records_at(repo, rev)  # the same records the deal state reads, read once
    if found is None:
        raise RepositoryError("the contract is not signed yet, so nothing is owed or accepted",
                              hint="sign it first: 'contractkit sign --date DATE'")
    from contractkit.flows.letters.record import requests

    asked = requests(repo, rev)
    if until is not None:
        from contractkit.state.asof import records_until, requests_until

        found, asked = records_until(found, until), requests_until(asked, until)
        if found is None:
            raise RepositoryError(f"the contract was not signed yet on {until}, so nothing was owed "
                                  "or accepted then")
    book = Book(
        signed=found.signed, versions=found.versions, head=history.project_at(repo, rev),
        changes=found.changes, payments=found.payments, acts=found.acts, invoices=found.invoices,
        source=history.blob(repo, found.signed[-1].tag, PROJECT_FILE) or b"",
        requests=asked, notices=found.notices, as_of=as_of,
        recorded_by=provenance.others(repo, rev),
    )
    every = replace(book, acts=payments.acts(repo, rev), invoices=payments.invoices(repo, rev))
    problems = book_problems(every) or implausible(repo, rev) or _unvouched(repo, rev, every)
    if problems:  # no figure, claim, reminder or page is drawn from an impossible record
        more = f" (and {len(problems) - 1} more)" if problems[1:] else ""
        raise RepositoryError(f"damaged record: {problems[0]}{more}",
                              hint="'contractkit doctor' lists every problem; fix the record with whoever "
                                   "committed it")
    return book


def _unvouched(repo, rev: str, book) -> list[str]:
    """Acts and invoices at HEAD whose hashes neither this machine wrote nor their documents
    rendered again give (flows/billing/issued.py, the check doctor and verify make): a teammate's
    hand-written act counted as accepting stages (red team 9, B6). Checked once per record bytes."""
    if rev != "HEAD" or not (book.acts or book.invoices) or repo.working_tree_dir is None:
        return []
    from contractkit.flows.billing import issued
    from contractkit.store import history, payments, trust

    path = Path(repo.working_tree_dir)
    out = []
    for record in [*book.acts, *book.invoices]:
        data = history.blob(repo, rev, payments.path_of(record))
        if data is not None and trust.made_here(repo, payments.path_of(record), data):
            continue
        found = issued.problem(path, repo, record)
        if found:
            out.append(found)
    return out


def prepaid_on(repo, rev: str = "HEAD") -> date | None:
    """The recorded day the prepayment arrived, as of `rev`, or None (no repository records)."""
    from contractkit.store import history, payments

    if not repo.head.is_valid() or not payments.payments(repo, rev) or not history.signatures(repo):
        return None
    return open_book(repo, rev).prepaid_on


def prepaid_on_for(path: Path) -> date | None:
    """The same for a project directory; None where it is no repository (a plain folder), or where
    no payment was ever recorded (then git is not even opened: a plain render stays light)."""
    from contractkit.store.layout import PAYMENTS

    folder = path / PAYMENTS
    if not folder.is_dir() or not any(folder.iterdir()):
        return None
    from contractkit.errors import RepositoryError
    from contractkit.store.repo import open_repo

    try:
        with open_repo(path) as repo:
            return prepaid_on(repo)
    except RepositoryError:
        return None


def verify_document(path: Path, data: bytes) -> str | None:
    """Which recorded act or invoice these exact bytes are, in words, if any; a record whose hashes
    do not stand (billing/issued.py: re-rendered and compared) is an error, never a match."""
    from contractkit.errors import RepositoryError
    from contractkit.flows.billing import issued
    from contractkit.store import payments
    from contractkit.store.files import sha256
    from contractkit.store.repo import open_repo

    digest = sha256(data)
    with open_repo(path) as repo:
        if not repo.head.is_valid():
            return None
        for record in [*payments.acts(repo), *payments.invoices(repo)]:
            name = next((n for n, value in record.files.items() if value == digest), None)
            if name is None:
                continue
            found = issued.problem(path, repo, record)
            if found:
                raise RepositoryError(f"{found}; it vouches for no file",
                                      hint="'contractkit doctor' lists every such record")
            if isinstance(record, payments.ActRecord):
                return f"{name}, acceptance act {record.number} of {record.date} ({record.id})"
            return f"{name}, invoice {record.id} of {record.date}"
    return None


__all__ = ["open_book", "prepaid_on", "prepaid_on_for", "verify_document"]
