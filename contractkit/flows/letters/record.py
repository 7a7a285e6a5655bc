"""Letters written and mails sent, as committed records beside the change and payment records.

A letter record says what was told and when (its figures, its attachments by hash); a sent record
says it left through an SMTP server to whom, under which Message-ID. Neither is ever rewritten.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field

from contractkit.model.types import Model
from contractkit.store import records
from contractkit.store.files import write_atomic
from contractkit.store.journal import journaled, recover
from contractkit.store.repo import commit

LETTERS = f"{records.RECORDS}/letters"
SENT = f"{records.RECORDS}/sent"

Kind = Literal["update", "delay", "suspend", "remind", "claim", "request"]


class LetterRecord(Model):
    """One letter to the client: its kind, date, what it states, the mail it became."""

    id: str = Field(pattern=r"^L-\d{3,}$")
    kind: Kind
    date: dt.date
    subject: str
    to: list[str]
    stage: str | None = None
    installment: str | None = None
    change: str | None = None
    """The timeline change request a delay or suspension notice recorded."""
    facts: dict[str, str] = {}
    """The figures and dates the letter states, as text: a reviewer reads them without rendering."""
    files: dict[str, str] = {}
    """Attachment name -> SHA-256."""
    eml: str = Field(pattern=r"^[A-Za-z0-9][\w.-]*\.eml$")
    """The file name in out/: a plain name, never a path (records come from an untrusted tree)."""
    message_id: str
    eml_sha256: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")
    """SHA-256 of the whole .eml as written: `send` sends exactly that file or nothing."""

    @property
    def number(self) -> int:
        return int(self.id[2:])


class SentRecord(Model):
    """A letter handed to an SMTP server: the proof of when the client was told."""

    EVENTS: ClassVar[tuple[str, ...]] = ("date",)  # never after today (clock.py)

    id: str = Field(pattern=r"^S-\d{3,}$")
    letter: str
    date: dt.datetime
    recipients: list[str]
    message_id: str
    server: str
    attachments: dict[str, str] = {}
    eml_sha256: str


def _read(repo, folder: str, model, rev: str = "HEAD") -> list:
    try:
        tree = repo.commit(rev).tree / folder
    except (KeyError, ValueError):
        return []
    return [records.parse(model, b.data_stream.read(), b.path) for b in records.bounded(tree, folder)]


def letters(repo, rev: str = "HEAD") -> list[LetterRecord]:
    return sorted(_read(repo, LETTERS, LetterRecord, rev), key=lambda x: x.number)


def sent(repo, rev: str = "HEAD") -> list[SentRecord]:
    return sorted(_read(repo, SENT, SentRecord, rev), key=lambda x: int(x.id[2:]))


def next_letter_id(existing: list[LetterRecord]) -> str:
    return f"L-{max((x.number for x in existing), default=0) + 1:03d}"


def next_sent_id(existing: list[SentRecord]) -> str:
    return f"S-{max((int(x.id[2:]) for x in existing), default=0) + 1:03d}"


def path_of(record: LetterRecord | SentRecord) -> str:
    folder = LETTERS if isinstance(record, LetterRecord) else SENT
    return f"{folder}/{record.id}.yaml"


def save(path: Path, repo, record: LetterRecord | SentRecord, message: str,
         documents: dict[Path, bytes] | None = None) -> str:
    """Documents to out/ first (outside git), then the record, committed; a crash leaves no record."""
    recover(path, repo)
    for target, data in (documents or {}).items():
        write_atomic(target, data)
    name = path_of(record)
    with journaled(path, repo, "letter", [name]):
        write_atomic(path / name, records.dump(record))
        return commit(repo, [name], message.replace("\u00a0", " "))


REQUESTS = f"{records.RECORDS}/requests"


class RequestRecord(Model):
    """Something the contractor asked the client for: materials or feedback, and when it came."""

    EVENTS: ClassVar[tuple[str, ...]] = ("asked", "received")  # never after today (clock.py)

    id: str = Field(pattern=r"^R-\d{3,}$")
    what: str = Field(min_length=1)
    kind: Literal["materials", "feedback"] = "materials"
    asked: dt.date
    stage: str | None = None
    received: dt.date | None = None

    @property
    def number(self) -> int:
        return int(self.id[2:])


def requests(repo, rev: str = "HEAD") -> list[RequestRecord]:
    return sorted(_read(repo, REQUESTS, RequestRecord, rev), key=lambda x: x.number)


def save_request(path: Path, repo, record: RequestRecord, message: str) -> str:
    recover(path, repo)
    name = f"{REQUESTS}/{record.id}.yaml"
    with journaled(path, repo, "request", [name]):
        write_atomic(path / name, records.dump(record))
        return commit(repo, [name], message.replace("\u00a0", " "))
