"""Sending a recorded letter's .eml and recording that it left: when, to whom, which Message-ID."""

from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.parser import BytesParser
from pathlib import Path

from contractkit.flows.letters import mail
from contractkit.flows.letters.record import SentRecord, letters, next_sent_id, save, sent
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo


def attachments_of(data: bytes) -> dict[str, str]:
    """File name -> SHA-256 of each attachment of an .eml."""
    msg = BytesParser(policy=policy.default).parsebytes(data)
    return {part.get_filename(): hashlib.sha256(part.get_payload(decode=True)).hexdigest()
            for part in msg.iter_attachments()}


def send_letter(path: Path, letter_id: str, config: mail.Settings | None = None,
                now: dt.datetime | None = None) -> SentRecord:
    """Send out/<letter>.eml as recorded (refused if the file differs), then commit a sent record."""
    with locked(path), open_repo(path) as repo:
        record = next((x for x in letters(repo) if x.id == letter_id.upper()), None)
        if record is None:
            raise mail.MailError(f"no letter {letter_id} in this project")
        file = path / "out" / record.eml
        if file.is_symlink():
            raise mail.MailError(f"out/{record.eml} is a symbolic link; only the file written is sent")
        if not file.is_file():
            raise mail.MailError(f"out/{record.eml} is missing: write the letter again")
        data = file.read_bytes()
        _check_written_here(repo, record, data)
        msg = BytesParser(policy=policy.default).parsebytes(data)
        found = attachments_of(data)
        if msg["Message-ID"] != record.message_id or found != record.files:
            raise mail.MailError(f"out/{record.eml} is not the letter {record.id} recorded "
                                 "(its Message-ID or attachments differ)")
        config = config or mail.settings()
        sender = msg["From"].addresses[0].addr_spec
        mail.send(data, sender, record.to, config)
        entry = SentRecord(id=next_sent_id(sent(repo)), letter=record.id,
                           date=(now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0),
                           recipients=record.to, message_id=record.message_id, server=config.server,
                           attachments=found, eml_sha256=hashlib.sha256(data).hexdigest())
        save(path, repo, entry, f"{entry.id}: sent {record.id} ({record.kind}) to {', '.join(record.to)} "
                                f"as {record.message_id}")
        return entry


def _check_written_here(repo, record, data: bytes) -> None:
    """A letter leaves exactly as this machine wrote it: its record made here by `remind`, `claim`,
    `update` or `notice` in this project (a record that came through git is a teammate's, a forgery,
    or a copy of another project's letter: red team 13, B08), and the .eml's whole bytes the hash it
    recorded (a body edited after writing is refused)."""
    from contractkit.flows.letters.record import path_of
    from contractkit.store import history, trust

    if not record.eml_sha256:
        raise mail.MailError(f"letter {record.id} records no hash of out/{record.eml} (written by an older "
                             "version): write the letter again, then send the new one")
    if hashlib.sha256(data).hexdigest() != record.eml_sha256:
        raise mail.MailError(f"out/{record.eml} differs from the letter {record.id} as it was written "
                             "(its text, headers or attachments were changed); it was not sent",
                             hint="write the letter again; 'git log -p out/' shows who changed it")
    written = history.blob(repo, "HEAD", path_of(record)) or b""
    if not trust.made_here(repo, path_of(record), written):  # this project's, not another's copy (B08)
        if trust.made_before_scopes(written):
            raise mail.MailError(f"letter {record.id} was written on this machine by an older version, "
                                 "whose marks do not say for which project, so contractkit cannot vouch "
                                 "that it is this project's letter; it was not sent",
                                 hint="write the letter again and send the new one")
        raise mail.MailError(f"letter {record.id} was not written on this machine (its record came through "
                             "git), so contractkit cannot vouch for its text; it was not sent",
                             hint="whoever wrote it sends it, or write the letter again here and send that")
