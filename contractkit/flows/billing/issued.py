"""Which act and invoice records `verify` may name: the rule of signatures (store/trust.py), after
the plausibility check every billing record passes before it counts (store/plausible.py).

A record's file hashes vouch for a document only when this machine's `accept` or `invoice` made
the record, or when the documents rendered again from the history as it stood just before the
record was committed have exactly those hashes; then it is remembered. A hand-written record with
the hash of any file would otherwise make `verify` say "matches invoice 2026-002". The marks are
the project's (trust.remember_made): a genuine record of another project, copied byte for byte, is
rendered again here and refused (red team 13, B08).
"""

from __future__ import annotations

from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.store import payments, records, trust
from contractkit.store.payments import ActRecord, InvoiceRecord

FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html"}


def remember(repo, record: ActRecord | InvoiceRecord) -> None:
    """This machine made the record in repo's project (the bytes committed are records.dump of it)."""
    trust.remember_made(repo, payments.path_of(record), records.dump(record))


def problem(path: Path, repo, record: ActRecord | InvoiceRecord, recheck: bool = False) -> str | None:
    """Why the record's hashes do not vouch for its documents, or None when they do. A mismatch is
    remembered (trust.refuse_made) and read instead of rendering again, except with recheck (doctor)."""
    from contractkit.store import deal as plausible
    from contractkit.store import history
    from contractkit.store.files import sha256

    name = payments.path_of(record)
    what = f"{'invoice' if isinstance(record, InvoiceRecord) else 'act'} {record.id} ({name})"
    data = history.blob(repo, "HEAD", name)
    if data is None:
        return f"{what}: not committed"
    implausible = plausible.problem(repo, record)
    if implausible:
        return implausible
    if trust.made_here(repo, name, data):  # made or checked here, in this very project (B08)
        return None
    formats = sorted({FORMATS.get(Path(n).suffix, "?") for n in record.files})
    if "?" in formats:
        return f"{what}: it names a file that is no document of contractkit"
    added = _added(repo, name)
    refused = "" if recheck else trust.refused_made(repo, name, data, added)
    if refused:
        return f"{refused} (found on an earlier check; 'contractkit doctor' checks it again)"
    try:
        files = rendered_again(path, repo, record)
    except ContractkitError as exc:
        return f"{what}: its documents cannot be rendered again ({exc.message})"
    again = {n: sha256(d) for n, d in files.items()}
    if again != record.files:
        return trust.refuse_made(repo, name, data, added, f"{what}: the hashes in the record do not match "
                                 "its documents rendered again: a forged or damaged record")
    trust.remember_made(repo, name, data)
    return None


def rendered_again(path: Path, repo, record: ActRecord | InvoiceRecord) -> dict[str, bytes]:
    """The record's documents rendered again from the history as it stood just before the commit
    that added it (the bookkeeping of that moment): file name -> bytes, in the record's formats."""
    from contractkit.flows.billing import open_book

    formats = sorted({FORMATS.get(Path(n).suffix, "?") for n in record.files})
    if "?" in formats:
        raise ContractkitError("it names a file that is no document of contractkit")
    name = payments.path_of(record)
    added = _added(repo, name)
    if not added or not repo.commit(added).parents:
        raise ContractkitError("no history before it")
    book = open_book(repo, f"{added}^")
    return _render(path, book, record.model_copy(update={"files": {}}), formats)


def _added(repo, name: str) -> str:
    """The commit that added the record (the history it is rendered from), '' if none."""
    from contractkit.store.repo import run

    try:
        return run(repo, "log", "--diff-filter=A", "--format=%H", "-1", "--", name).strip()
    except ContractkitError:
        return ""


def _render(path: Path, book, record, formats: list[str]) -> dict[str, bytes]:
    if isinstance(record, InvoiceRecord):
        from contractkit.flows.billing.invoice import invoice_files

        return invoice_files(path, book, record, formats)
    from contractkit.flows.billing.documents import act_files

    return act_files(path, book, record, formats)


def problems(path: Path, repo) -> list[str]:
    """doctor: every act and invoice record whose hashes do not stand."""
    if not repo.head.is_valid():
        return []
    try:
        found = payments.acts(repo) + payments.invoices(repo)
    except ContractkitError:
        return []  # a damaged record: the billing pass reports it
    return [p for p in (problem(path, repo, r, recheck=True) for r in found) if p]
