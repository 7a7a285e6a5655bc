"""The money side's records: payments received, acceptance acts, invoices.

Stored as YAML files beside the change records and committed one per command, like them. A record
is never rewritten: a wrong payment is taken back by a reversal record that names it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field

from contractkit.faults import point
from contractkit.model.types import Model
from contractkit.store import records
from contractkit.store.files import write_atomic
from contractkit.store.journal import journaled, recover
from contractkit.store.repo import commit

PAYMENTS = f"{records.RECORDS}/payments"
ACTS = f"{records.RECORDS}/acts"
INVOICES = f"{records.RECORDS}/invoices"


class PaymentRecord(Model):
    """Money received (or a reversal of an earlier entry), split over the installments it pays."""

    id: str = Field(pattern=r"^P-\d{3,}$")
    date: dt.date
    amount: Decimal
    allocations: dict[str, Decimal]
    """Installment key ('1', '2', 'addendum-1') -> the part of the amount that pays it."""
    ref: str = ""
    reverses: str | None = None
    """The id of the payment this record takes back; its allocations are then negative."""

    @property
    def number(self) -> int:
        return int(self.id[2:])


class ActRecord(Model):
    """An acceptance act: the stages the client accepted, or the remarks to fix by a date."""

    id: str = Field(pattern=r"^ACT-\d{3,}$")
    kind: Literal["acceptance", "rights"] = "acceptance"
    date: dt.date
    stages: list[str]
    remarks: list[str] = []
    fix_by: dt.date | None = None
    licensed: list[str] = []
    """For a rights act: third-party components the client only gets a licence to use."""
    version: str
    """The tag of the signed version (contract or addendum-N) the act refers to."""
    files: dict[str, str] = {}
    """File name -> SHA-256 of the rendered act, for `verify`."""

    @property
    def number(self) -> int:
        return int(self.id[4:])

    @property
    def accepted(self) -> bool:
        return self.kind == "acceptance" and not self.remarks


class InvoiceRecord(Model):
    """An invoice issued: its number in the contractor's year, what it bills, against which version."""

    id: str = Field(pattern=r"^\d{4}-\d{3,}$")
    year: int
    number: int = Field(ge=1)
    date: dt.date
    installment: str
    amount: Decimal
    version: str
    files: dict[str, str] = {}


def _read(repo, folder: str, model: type[Model], rev: str = "HEAD") -> list:
    try:
        tree = repo.commit(rev).tree / folder
    except (KeyError, ValueError):
        return []
    return [records.parse(model, b.data_stream.read(), b.path) for b in tree.blobs
            if b.name.endswith(".yaml")]


def payments(repo, rev: str = "HEAD") -> list[PaymentRecord]:
    return sorted(_read(repo, PAYMENTS, PaymentRecord, rev), key=lambda p: p.number)


def acts(repo, rev: str = "HEAD") -> list[ActRecord]:
    return sorted(_read(repo, ACTS, ActRecord, rev), key=lambda a: a.number)


def invoices(repo, rev: str = "HEAD") -> list[InvoiceRecord]:
    return sorted(_read(repo, INVOICES, InvoiceRecord, rev), key=lambda i: (i.year, i.number))


def path_of(record: PaymentRecord | ActRecord | InvoiceRecord) -> str:
    folder = {PaymentRecord: PAYMENTS, ActRecord: ACTS, InvoiceRecord: INVOICES}[type(record)]
    return f"{folder}/{record.id}.yaml"


def next_payment_id(existing: list[PaymentRecord]) -> str:
    return f"P-{max((p.number for p in existing), default=0) + 1:03d}"


def next_act_id(existing: list[ActRecord]) -> str:
    return f"ACT-{max((a.number for a in existing), default=0) + 1:03d}"


def next_invoice(existing: list[InvoiceRecord], year: int) -> tuple[str, int]:
    """The next number in `year`: one more than the last, so the sequence has no gaps."""
    number = max((i.number for i in existing if i.year == year), default=0) + 1
    return f"{year}-{number:03d}", number


def save(path: Path, repo, record, message: str, documents: dict[Path, bytes] | None = None) -> str:
    """Write the record (and its rendered documents) and commit the record; nothing half-done.

    Documents go to out/ first (atomic writes, outside git); the record is committed last, so a
    crash before the commit leaves no record, and the journal undoes a written but uncommitted one.
    """
    recover(path, repo)
    for target, data in (documents or {}).items():
        write_atomic(target, data)
    point("billing:documents-written")
    name = path_of(record)
    with journaled(path, repo, "billing", [name]):
        write_atomic(path / name, records.dump(record))
        point("billing:record-written")
        return commit(repo, [name], message.replace("\u00a0", " "))
