"""Letters: a committed .eml leaves exactly as this machine wrote it, or not at all. A teammate
rewrote the body of out/letter-001-update.eml (a new bank account), kept the Message-ID and the
attachments, and pushed it; `send` mailed the altered text and recorded it as sent."""

from __future__ import annotations

import hashlib

import git
import pytest

from tests.conftest import run
from tests.test_billing import example
from tests.test_letters_mail import Inbox, free_port

pytestmark = pytest.mark.security("letters")


@pytest.fixture
def outbox(ws, monkeypatch):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("CONTRACTKIT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONTRACTKIT_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("CONTRACTKIT_SMTP_SECURITY", "none")
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01", "--format", "pdf")
    run("remind", path, "--date", "2026-12-10")
    yield path, inbox
    controller.stop()


def _commit(path, *names):
    with git.Repo(path) as repo:
        repo.git.add("-f", *names)
        repo.index.commit("teammate: the letter, corrected")


def _blank(data: bytes) -> bytes:
    return b"\r\n\r\n" if b"\r\n\r\n" in data else b"\n\n"


EDITS = {
    "a byte at the end": lambda b: b + b"\n",
    "account in the text": lambda b: b.replace(_blank(b), _blank(b) + b"New account: 40817810000000000666"
                                               + _blank(b)[:len(_blank(b)) // 2], 1),
    "recipient header": lambda b: b.replace(b"To: ", b"To: thief@evil.example, ", 1),
    "a Bcc added": lambda b: b.replace(b"Subject: ", b"Bcc: thief@evil.example\nSubject: ", 1),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_eml_changed_after_it_was_written_is_never_sent(outbox, edit):
    path, inbox = outbox
    eml = path / "out" / "letter-001-remind.eml"
    before = eml.read_bytes()
    eml.write_bytes(EDITS[edit](before))
    assert eml.read_bytes() != before
    _commit(path, "out/letter-001-remind.eml")
    refused = run("send", path, "L-001", ok=False)
    assert "differs from the letter L-001 as it was written" in refused.output
    assert inbox.envelopes == [] and not (path / ".contractkit" / "sent").exists()


def test_a_hand_written_letter_record_with_the_hash_of_an_edited_eml_is_not_sent(outbox):
    """The teammate also rewrites the record's hash: the record did not come from this machine."""
    path, inbox = outbox
    eml = path / "out" / "letter-001-remind.eml"
    eml.write_bytes(EDITS["account in the text"](eml.read_bytes()))
    record = path / ".contractkit" / "letters" / "L-001.yaml"
    text = record.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("eml_sha256:"))
    record.write_text(text.replace(old, f"eml_sha256: {hashlib.sha256(eml.read_bytes()).hexdigest()}"),
                      encoding="utf-8")
    _commit(path, "out/letter-001-remind.eml", ".contractkit/letters/L-001.yaml")
    refused = run("send", path, "L-001", ok=False)
    assert "was not written on this machine" in refused.output
    assert inbox.envelopes == []


def test_a_letter_written_here_and_untouched_is_sent(outbox):
    path, inbox = outbox
    written = (path / "out" / "letter-001-remind.eml").read_bytes()
    assert "sent S-001" in run("send", path, "L-001").output
    assert len(inbox.envelopes) == 1
    from ruamel.yaml import YAML

    record = YAML(typ="safe").load((path / ".contractkit" / "letters" / "L-001.yaml").read_text("utf-8"))
    assert record["eml_sha256"] == hashlib.sha256(written).hexdigest()


@pytest.mark.parametrize("value", [
    "office@romashka.example\r\nBcc: thief@evil.example", "office@romashka.example\nBcc: thief@evil.example",
    "office@romashka.example, boss@romashka.example", "office@romashka.example; boss@romashka.example",
    "Марина Кузнецова <office@romashka.example>", "office", "office@romashka", "@romashka.example",
    "office@@romashka.example", "of fice@romashka.example", '"a,b"@romashka.example',
])
def test_every_email_in_the_model_is_one_bare_address(ws, value):
    import json

    from tests.security.gitfixtures import ck

    path = example(ws, "romashka-site", "romashka")
    project = path / "project.yaml"
    text = project.read_text(encoding="utf-8")
    assert "email: office@romashka.example" in text
    project.write_text(text.replace("email: office@romashka.example", f"email: {json.dumps(value)}", 1),
                       encoding="utf-8")
    result = ck("check", path)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and "internal error" not in output, output
    lines = [x for x in output.splitlines() if "email" in x]
    assert lines and "client.email" in lines[0] and "project.yaml:" in lines[0], output
