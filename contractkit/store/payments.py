"""The money side's records: payments received, acceptance acts, invoices.

Stored as YAML files beside the change records and committed one per command, like them. A record
is never rewritten: a wrong payment is taken back by a reversal record that names it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from contractkit.faults import point
from contractkit.model.types import Model, Money, _at_most_two_places, _decimal
from contractkit.store import records
from contractkit.store.files import write_atomic
from contractkit.store.journal import journaled, recover
from contractkit.store.layout import ACTS, INVOICES, PAYMENTS
from contractkit.store.repo import commit


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


SignedMoney = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_finite),
                        AfterValidator(_at_most_two_places)]
"""An amount of a record that may be negative (a reversal), bounded as every amount (model/types.py):
no NaN, no infinity, at most 999 999 999 999.99, two decimal places (A1d, A2g)."""
Key = Annotated[str, Field(min_length=1, max_length=40)]
Text = Annotated[str, Field(max_length=2000)]


class BankRef(Model):
    """The bank's own identity of the document a payment came from: a second import of the same
    statement finds it and records nothing."""

    id: Annotated[str, Field(min_length=1, max_length=300)]
    date: dt.date


class PaymentRecord(Model):
    """Money received (or a reversal of an earlier entry), split over the installments it pays."""

    EVENTS: ClassVar[tuple[str, ...]] = ("date",)  # never after today (clock.py)

    id: str = Field(pattern=r"^P-\d{3,9}$")
    date: dt.date
    amount: SignedMoney
    allocations: dict[Key, SignedMoney] = Field(max_length=100)
    """Installment key ('1', '2', 'addendum-1') -> the part of the amount that pays it."""
    ref: Text = ""
    reverses: str | None = Field(default=None, pattern=r"^P-\d{3,9}$")
    """The id of the payment this record takes back; its allocations are then negative."""
    bank: BankRef | None = None
    """Set when the payment was imported from a bank statement (`paid --import`)."""
    refund: bool = False
    """Money paid back to the client (`paid --refund`: an addendum cut the fee below what was paid);
    its amount and allocations are negative, taken off the installments paid beyond their amounts."""

    @property
    def number(self) -> int:
        return int(self.id[2:])


class DeliveredFile(Model):
    """A file of an accepted result, identified by its bytes: the rights act names what passes by
    it (ГК РФ ст. 1234: the alienated result must be identified precisely)."""

    stage: Key
    name: Annotated[str, Field(min_length=1, max_length=255)]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @property
    def format(self) -> str:
        return Path(self.name).suffix.lstrip(".").upper()


class ActRecord(Model):
    """An acceptance act: the stages the client accepted, or the remarks to fix by a date."""

    EVENTS: ClassVar[tuple[str, ...]] = ("date",)  # never after today (clock.py)

    id: str = Field(pattern=r"^ACT-\d{3,9}$")
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
    delivered: list[DeliveredFile] = Field(default=[], max_length=1000)
    """The files of the accepted results (`accept --files`), which the rights act lists."""

    @property
    def number(self) -> int:
        return int(self.id[4:])

    @property
    def accepted(self) -> bool:
        return self.kind == "acceptance" and not self.remarks


class InvoiceRecord(Model):
    """An invoice issued: its number in the contractor's year, what it bills, against which version."""

    id: str = Field(pattern=r"^\d{4}-\d{3,9}$")
    year: int = Field(ge=1000, le=9999)
    number: int = Field(ge=1, le=999_999_999)
    date: dt.date
    installment: Key
    amount: Money
    version: str
    files: dict[str, str] = {}
    printed: str = ""
    """The number the invoice prints, unique for the seller across clients: the project's invoice
    prefix (contract.invoice_prefix, else the contract number), «/», the id: «2026-031/2026-001».
    Blank in invoices issued before it existed, which print their id, so no issued number changes."""

    @property
    def label(self) -> str:
        """The invoice's number as printed and as the client quotes it in a payment."""
        return self.printed or self.id


def _read(repo, folder: str, model: type[Model], rev: str = "HEAD") -> list:
    """Every record of a folder; a record whose file name is not `<id>.yaml` is damaged (the next
    command would write its own record under that name, A4), and so is an id used twice."""
    from contractkit.errors import DamagedRecord

    try:
        tree = repo.commit(rev).tree / folder
    except (KeyError, ValueError):
        return []
    out, seen = [], set()
    for blob in records.bounded(tree, folder):
        record = records.parse(model, blob.data_stream.read(), blob.path)
        problem = ""
        if blob.name != f"{record.id}.yaml":
            problem = f"its id {record.id} does not match its file name"
        elif record.id in seen:
            problem = f"the id {record.id} is used twice"
        elif isinstance(record, InvoiceRecord) and record.id != f"{record.year}-{record.number:03d}":
            problem = f"its id {record.id} does not match its year {record.year} and number {record.number}"
        if problem:
            raise DamagedRecord(f"{blob.path}: damaged record ({problem})",
                                  hint="run 'contractkit doctor' to see what else is wrong")
        seen.add(record.id)
        out.append(record)
    return out


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


def printed_number(prefix: str, ident: str) -> str:
    """«2026-031/2026-001»: the seller's numbers of several projects never coincide, without any
    counter shared between machines (each project's prefix is its own contract number)."""
    return f"{prefix}/{ident}"


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
    from contractkit.errors import RepositoryError

    name = path_of(record)
    try:
        repo.head.commit.tree / name
    except (KeyError, ValueError):
        pass
    else:  # a committed record is never rewritten
        raise RepositoryError(f"{name} is already committed: a record is never rewritten",
                              hint="run 'contractkit doctor' to see what is wrong with the records")
    from contractkit.store import provenance

    with journaled(path, repo, "billing", [name]):
        data = records.dump(record)
        write_atomic(path / name, data)
        point("billing:record-written")
        provenance.remember(data, repo, name)  # written here: never shown as a teammate's
        return commit(repo, [name], message.replace("\u00a0", " "))
