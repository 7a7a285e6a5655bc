"""Red team 12, B12 and B19: what a mail program shows as the reply's text.

B19: a part a mail program shows beside the text, not as it (a text part with a file name, a
calendar or contact card, a resource of multipart/related that its HTML root does not show), held the
approval while the visible body said «Спасибо!»; it was read as the reply's text. B12: a NUL (or
another control character) that decoding brings back, which some readers treat as the text's end,
passed where a raw NUL was refused. Each is now a problem of the reply (not an approval), and the
everyday shapes (plain, HTML with an inline picture) still read."""

from __future__ import annotations

import base64
from email import message_from_bytes as _parse
from email import policy

import pytest

from contractkit.mail import message as approval_mail

pytestmark = pytest.mark.security("approvals")

SHA = "ab" * 32
APPROVAL = f"Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {SHA}"


def _mixed(second: str) -> bytes:
    return ("From: office@romashka.example\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "Спасибо!\r\n"
            f"--b\r\n{second}\r\n--b--\r\n").encode()


def message_from_bytes(raw: bytes):
    return _parse(raw, policy=policy.default)  # as flows/approval.py reads a reply


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


HIDDEN = {
    "a text part with a file name": ('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n'
                                     f'Content-Disposition: inline; filename="approval.txt"\r\n\r\n{_b64(APPROVAL)}'),
    "a text part with a name": ('Content-Type: text/plain; charset=utf-8; name="approval.txt"\r\n'
                                f'Content-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL)}'),
    "a calendar card": f"Content-Type: text/calendar; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL)}",
    "a contact card": f"Content-Type: text/x-vcard; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL)}",
    "a csv table": f"Content-Type: text/csv; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL)}",
}


@pytest.mark.parametrize("what", list(HIDDEN))
def test_a_part_shown_as_an_attachment_or_a_card_is_not_the_replys_text(what):
    views, problems = approval_mail.views(message_from_bytes(_mixed(HIDDEN[what])))
    assert all("Согласовываю" not in v.text for v in views), views
    assert problems and any("not read" in p for p in problems), problems


def _related(start: str = "") -> bytes:
    param = f'; start="<{start}>"' if start else ""
    return ("From: office@romashka.example\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related; type="text/html"; boundary="r"{param}\r\n\r\n'
            + ("--r\r\nContent-Type: text/plain; charset=utf-8\r\nContent-ID: <res>\r\n"
               f"Content-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL)}\r\n" if start else "")
            + "--r\r\nContent-Type: text/html; charset=utf-8\r\nContent-ID: <root>\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n<div>Спасибо!</div>\r\n"
            + ("" if start else "--r\r\nContent-Type: text/plain; charset=utf-8\r\nContent-ID: <res>\r\n"
               f"Content-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL)}\r\n")
            + "--r--\r\n").encode()


@pytest.mark.parametrize("start", ["", "root"], ids=["root first", "root named by start"])
def test_multipart_related_shows_its_root_only(start):
    """RFC 2387: the root (the part `start` names, else the first) is what is shown; a text part
    beside it is a resource nothing shows."""
    views, problems = approval_mail.views(message_from_bytes(_related(start)))
    assert all("Согласовываю" not in v.text for v in views), views
    assert any("multipart/related" in p for p in problems), problems


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x0c", "\x85", "\u2028"])
@pytest.mark.parametrize("cte", ["base64", "quoted-printable"])
def test_a_control_character_decoding_brings_back_is_refused(char, cte):
    text = f"Спасибо!{char}{APPROVAL}"
    if cte == "base64":
        body = _b64(text)
    else:
        import quopri

        body = quopri.encodestring(text.encode()).decode()
    raw = ("From: office@romashka.example\r\nMIME-Version: 1.0\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: {cte}\r\n\r\n{body}\r\n").encode()
    views, problems = approval_mail.views(message_from_bytes(raw))
    assert not views and any(f"U+{ord(char):04X}" in p for p in problems), (views, problems)


def test_the_everyday_shapes_still_read():
    plain = ("From: office@romashka.example\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
             f"Content-Transfer-Encoding: base64\r\n\r\n{_b64(APPROVAL + chr(9) + '.')}\r\n").encode()
    views, problems = approval_mail.views(message_from_bytes(plain))
    assert problems == [] and "Согласовываю" in views[0].text
    alternative = ("From: office@romashka.example\r\nMIME-Version: 1.0\r\n"
                   'Content-Type: multipart/alternative; boundary="a"\r\n\r\n'
                   "--a\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                   f"{APPROVAL}\r\n"
                   "--a\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                   f'<div dir="ltr">{APPROVAL.replace(chr(10), "<br>")}</div>\r\n--a--\r\n').encode()
    views, problems = approval_mail.views(message_from_bytes(alternative))
    assert problems == [] and len(views) == 2 and all("Согласовываю" in v.text for v in views), (views, problems)
