"""A reply mail of many tiny parts (red team 14, B08): `approve --eml` parsed the whole message with
the modern email policy (~2 ms a part) before it counted the parts against MAX_PARTS, so a 370 KB
reply of 10,000 "hi" parts took 20 s and a 2 MB one 100 s. The parts are counted in the raw bytes
first; the parser never sees such a mail."""

from __future__ import annotations

import email

import pytest

from contractkit.mail import raw

pytestmark = pytest.mark.security("approvals")

HEAD = ("From: office@romashka.example\r\nTo: studio@example.ru\r\nSubject: Re: CR-001\r\n"
        "Message-ID: <a@romashka.example>\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n")


def _mail(parts: int) -> bytes:
    body = ('Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
            + "--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n" * parts + "--x--\r\n")
    return (HEAD + body).encode()


def test_a_mail_of_many_parts_is_refused_before_it_is_parsed(monkeypatch):
    eml = _mail(10_000)
    signed = raw.headers(eml)

    def parsed(*_args, **_kwargs):
        raise AssertionError("the mail was parsed before its parts were counted")

    monkeypatch.setattr(email, "message_from_bytes", parsed)
    with pytest.raises(raw.Malformed, match=f"more than {raw.MAX_PARTS} parts"):
        raw.message(eml, signed)


def test_a_mail_of_a_few_parts_is_read():
    """Control: a reply within MAX_PARTS is parsed and read as before."""
    eml = _mail(raw.MAX_PARTS - 1)
    msg = raw.message(eml, raw.headers(eml))
    assert sum(1 for _ in msg.walk()) == raw.MAX_PARTS
