"""Red team round 8 (#22): replies the DKIM check and the reader read differently, or whose shown text
is not the text read, were recorded as approvals, and the guard let them in.

A1. A lone CR in an unsigned header ended the header block for Python's parser while dkimpy read
    one header line: the text after it became the body, the signed body an ignored epilogue. The
    raw message is now checked before anything is parsed (approval_raw): no lone CR, NUL or mixed
    line ends; the verifier and the reader see the same header names in the same order; no parser
    defect; no second instance of a single header (Content-Type, MIME-Version, …) or of a signed one.
A3. An obsolete `From :` line (dkimpy skips it, Python records a defect) is refused.
The attack mails are the red team's, generated here and signed with a test key.
"""

from __future__ import annotations

import dkim
import pytest

from contractkit import approval_raw
from contractkit.flows import approval
from tests.security.gitfixtures import git_in, head
from tests.security.test_approvals_round7 import APPROVES, SHA, check, html, mail, refuses, text
from tests.security.test_guard_records import (  # noqa: F401 - fixtures
    _approval_by_hand,
    approval_server,
    push,
    refused,
    server,
)
from tests.test_approval import CLIENT, Dns, dns  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

REFUSAL = "Нет, НЕ согласовываю. Цена слишком высокая, ждите звонка.\nМарина\n"
FORGED = "Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}\rМарина\r"


def inject(eml: bytes, sha: str = SHA, top: bytes = b'Content-Type: multipart/mixed; boundary="BB"\r\n',
           end: str = "\r") -> bytes:
    """The red team's inject.py: unsigned headers only; a lone CR (or `end`) ends the header block for
    Python's parser but not for dkimpy, and the injected text becomes the body."""
    head_, sep, body = eml.partition(b"\r\n\r\n")
    injected = ("X-Spam-Score: 0{e}{e}--BB{e}Content-Type: text/plain; charset=utf-8{e}"
                "Content-Transfer-Encoding: 8bit{e}{e}" + FORGED.replace("\r", "{e}") + "--BB--{e}")
    return top + head_ + b"\r\n" + injected.format(e=end, sha=sha).encode() + sep + body


def test_the_refusal_itself_is_signed_and_refused_for_its_wording(dns):  # noqa: F811 - the control
    eml = mail(text(REFUSAL), dns)
    assert dkim.verify(eml, dnsfunc=dns)
    refuses(eml, dns, "wrong hash")  # no hash of its own: no approval of anything


def test_a_lone_cr_header_injection_is_refused_though_dkim_still_verifies(dns):  # noqa: F811
    forged = inject(mail(text(REFUSAL), dns))
    assert dkim.verify(forged, dnsfunc=dns)  # the attack: the signature still holds
    message = refuses(forged, dns, "CR without LF")
    assert "approved" not in message


@pytest.mark.parametrize("variant", [
    lambda e: e.replace(b"\r\nTo:", b"\r\nX-A: 1\r2\r\nTo:", 1),
    lambda e: e.replace(b"\r\nTo:", b"\nTo:", 1),
    lambda e: e.replace(b"\r\nTo:", b"\r\nX-A: \x00\r\nTo:", 1),
    lambda e: e.replace(b"\r\n\r\n", b"\r\nFrom intern@romashka.example Sat Dec  6 10:00:00 2026\r\n\r\n", 1),
    lambda e: b"From office@romashka.example Sat Dec  6 10:00:00 2026\r\n" + e,
    lambda e: e.replace(b"\r\nTo:", b"\r\nX-Bad header\r\nTo:", 1),
    lambda e: e.replace(b"\r\nTo:", b"\r\n:empty\r\nTo:", 1),
], ids=["lone CR", "bare LF among CRLF", "NUL", "mbox From line inside", "mbox From line on top",
        "line without colon", "empty header name"])
def test_every_way_the_verifier_and_reader_could_split_the_header_differently_is_refused(dns, variant):  # noqa: F811
    good = mail(text(APPROVES), dns)
    assert check(good, dns).change == "CR-001"
    refuses(variant(good), dns)


@pytest.mark.parametrize("header", ["Content-Type: text/plain; charset=koi8-r",
                                    "Content-Transfer-Encoding: base64", "MIME-Version: 1.0",
                                    "Date: Mon, 01 Jan 2024 00:00:00 +0000", "Subject: Согласовываю",
                                    "To: other@romashka.example",
                                    "Message-ID: <other@romashka.example>"])
def test_a_second_instance_of_a_single_header_on_top_is_refused(dns, header):  # noqa: F811
    good = mail(text(APPROVES), dns)
    forged = header.encode() + b"\r\n" + good
    message = refuses(forged, dns, "more than one " + header.split(":")[0])
    assert "\n" not in message


def test_a_duplicate_of_a_signed_header_is_refused(dns):  # noqa: F811
    """DKIM covers the last instance of a signed header; a reader shows the first."""
    body = ("From: Марина Кузнецова <office@romashka.example>\r\nTo: studio@example.ru\r\nSubject: Re: CR-001\r\n"
            "X-Note: a\r\nX-Note: b\r\nDate: Sat, 06 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n").encode() \
        + text(APPROVES).replace(b"{sha}", SHA.encode())
    signed = dkim.sign(body, b"ck", b"romashka.example", dns.keys["romashka.example"],
                       include_headers=[b"from", b"to", b"subject", b"date", b"x-note"]) + body
    refuses(signed, dns, "more than one X-Note header", "DKIM signature covers only the last")


def test_a_second_content_type_inside_a_part_is_refused(dns):  # noqa: F811
    part = text(APPROVES).replace(b"Content-Transfer-Encoding", b"Content-Type: text/html\r\n"
                                  b"Content-Transfer-Encoding", 1)
    from tests.security.test_approval_parts import multi

    refuses(mail(multi("mixed", part), dns), dns, "more than one Content-Type")


def test_an_obsolete_from_header_is_refused(dns):  # noqa: F811 - A3
    eml = mail(text(APPROVES), dns).replace(b"\r\nTo:", b"\r\nFrom : intern@romashka.example\r\nTo:", 1)
    assert dkim.verify(eml, dnsfunc=dns)
    refuses(eml, dns, "'From '")


def test_a_mail_saved_with_lf_line_ends_still_approves(dns):  # noqa: F811 - no false refusal
    good = mail(text(APPROVES), dns).replace(b"\r\n", b"\n")
    assert check(good, dns).change == "CR-001"


def test_the_raw_checks_hold_for_the_shown_lines_too(dns):  # noqa: F811
    assert approval.reply_lines(inject(mail(text(REFUSAL), dns))) == []


def test_the_guard_refuses_the_injected_mail(approval_server):  # noqa: F811 - repro_guard.sh forged.eml
    project, bare, resolver, sha = approval_server
    before = head(project)
    forged = inject(mail(text(REFUSAL), resolver, sha), sha)
    assert dkim.verify(forged, dnsfunc=resolver)
    _approval_by_hand(project, forged, sha, "romashka.example")
    refused(push(project), bare, before, ".contractkit/approvals/CR-001.yaml", "CR without LF")
    git_in(project, "reset", "-q", "--hard", before)


def test_the_raw_module_has_one_reading_for_a_clean_mail(dns):  # noqa: F811
    eml = mail(html("<p>x</p>"), dns)
    raw = approval_raw.headers(eml)
    assert [k.lower() for k, _ in raw][:2] == [b"dkim-signature", b"from"]
    assert approval_raw.message(eml, raw)["From"].addresses[0].addr_spec == CLIENT
