"""Red team round 10 (#22): replies whose approval the mail program does not show, or shows under a
header that withdraws it, were recorded as approvals. Each class is closed by design, on the rule
that a false refusal is safe (the user reads the mail and runs `approve --confirm`, README §8) and a
false approval is not. The attack mails are the red team's, generated here and signed with a test
key.

B2. Text drawn in its background's colour (or one that barely contrasts with it), and text in a
    symbol font: colours are computed down the element stack (CSS, <font color>, <body text
    bgcolor>, link colours, <mark>, <style> rules assumed anywhere) and every text must contrast
    with every background it may stand on; a font family must be on an allow-list of text faces.
B3. Text pushed out of view by blank space: blank lines in text/plain, runs of <br> and empty
    paragraphs, <pre> newlines, heights, <hr size>, table heights and widths, runs of spaces. Blank
    space is bounded as the CSS offsets are (approval_look.MAX_SHIFT_PX), one run and the whole.
B4. The display names and comments of From, Sender, Reply-To, To, Cc and Bcc are read for refusals
    and other change requests, as the Subject is.
"""

from __future__ import annotations

import base64

import dkim
import pytest

from contractkit import approval_headers
from contractkit.flows import approval
from tests.security.test_approvals_round7 import CARDS, NAMES, SHA, SHEET, html, mail, refuses, text
from tests.test_approval import CLIENT, Dns, dns  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

PHRASE = "Согласовываю документ cr-001-2026-031.pdf."
APPROVES = f"{PHRASE}\nSHA-256: {{sha}}\nМарина\n"
SHOWN = f"<p>{PHRASE} SHA-256: {{sha}}</p>"
"""The approval as a paragraph: what each attack below hides, moves or renames."""


def check(eml: bytes, resolver: Dns):
    return approval.check_reply(eml, CLIENT, [SHEET], resolver, names=NAMES, cards=CARDS)


def page(markup: str, resolver: Dns) -> bytes:
    return mail(html(markup), resolver)


def test_the_controls_approve(dns):  # noqa: F811 - every refusal below is measured by these
    assert check(mail(text(APPROVES), dns), dns).change == "CR-001"
    assert check(page("<p>Спасибо!</p>" + SHOWN + "<p>Марина</p>", dns), dns).change == "CR-001"


def _encoded(words: str) -> str:
    return f"=?utf-8?b?{base64.b64encode(words.encode()).decode()}?="


def headed(resolver: Dns, sender: str = f"Марина Кузнецова <{CLIENT}>", to: str = "studio@example.ru",
           extra: str = "") -> bytes:
    """A plain approval under the given address headers, all of them signed."""
    data = (f"From: {sender}\r\nTo: {to}\r\n{extra}Subject: Re: CR-001\r\n"
            "Date: Sat, 06 Dec 2026 10:00:00 +0000\r\nMessage-ID: <r10@romashka.example>\r\n"
            "MIME-Version: 1.0\r\n").encode() + text(APPROVES).replace(b"{sha}", SHA.encode())
    names = [b"from", b"to", b"subject", b"date", b"message-id"] + [
        h.split(":")[0].lower().encode() for h in extra.split("\r\n") if h]
    return dkim.sign(data, b"ck", b"romashka.example", resolver.keys["romashka.example"], include_headers=names) + data



class TestAddressHeaders:
    """B4: a mail program shows the address headers' names above the text, as it shows the Subject."""

    @pytest.mark.parametrize(("sender", "to", "extra", "header"), [
        (f"{_encoded('НЕ согласовываю, отзываю')} <{CLIENT}>", "studio@example.ru", "", "From"),
        (f"{CLIENT} ({_encoded('НЕ согласовываю')})", "studio@example.ru", "", "From"),
        (f'"Not approved" <{CLIENT}>', "studio@example.ru", "", "From"),
        (f"Марина Кузнецова <{CLIENT}>", f"{_encoded('Отзываю согласование CR-001')} <studio@example.ru>", "",
         "To"),
        (f"Марина Кузнецова <{CLIENT}>", "studio@example.ru",
         f"Cc: {_encoded('Не согласовано, ждите звонка')} <x@romashka.example>\r\n", "Cc"),
        (f"Марина Кузнецова <{CLIENT}>", "studio@example.ru",
         f"Reply-To: {_encoded('Отказ')} <x@romashka.example>\r\n", "Reply-To"),
        (f"Марина Кузнецова <{CLIENT}>", "studio@example.ru",
         f"Sender: {_encoded('Отменяю')} <{CLIENT}>\r\n", "Sender"),
        (f"{_encoded('Н')} {_encoded('Е')} {_encoded('согласовываю')} <{CLIENT}>", "studio@example.ru", "",
         "From"),
        (f"Н Е согласовываю <{CLIENT}>", "studio@example.ru", "", "From"),
    ], ids=["From name", "From comment", "From English", "To name", "Cc name", "Reply-To name",
            "Sender name", "split encoded words", "spaced letters"])
    def test_a_refusing_name_refuses(self, dns, sender, to, extra, header):  # noqa: F811
        message = refuses(headed(dns, sender, to, extra), dns, "not an approval", f"the {header} header")
        assert "--confirm" in message

    def test_another_change_request_named_in_a_header_refuses(self, dns):  # noqa: F811
        eml = headed(dns, to=f"{_encoded('Студия, CR-002')} <studio@example.ru>")
        refuses(eml, dns, "not an approval", "the To header", "CR-002")

    @pytest.mark.parametrize(("sender", "to"), [
        (f"Марина Кузнецова <{CLIENT}>", "studio@example.ru"),
        (f"{_encoded('Кузнецова М. С.')} <{CLIENT}>", f"{_encoded('Студия А')} <studio@example.ru>"),
        (f'"Кузнецова, Марина" <{CLIENT}>', f"{_encoded('Петров А.Б.')} <studio@example.ru>"),
        (f"{CLIENT} ({_encoded('ООО «Ромашка»')})", "studio@example.ru"),
        (CLIENT, f"{_encoded('Студия, CR-001')} <studio@example.ru>"),
    ], ids=["name", "initials", "initials joined", "company comment", "the same change"])
    def test_ordinary_names_and_initials_pass(self, dns, sender, to):  # noqa: F811
        assert check(headed(dns, sender, to), dns).change == "CR-001"

    def test_confirm_records_it_with_the_reason(self, dns):  # noqa: F811
        eml = headed(dns, sender=f"{_encoded('Отзываю согласование')} <{CLIENT}>")
        record = approval.check_reply(eml, CLIENT, [SHEET], dns, confirm=True, names=NAMES, cards=CARDS)
        assert "the From header" in record.despite and "отзываю" in record.despite

    def test_the_shown_names_leave_out_the_addresses(self):
        from email import message_from_bytes, policy

        msg = message_from_bytes(f"From: Anna <{CLIENT}>\r\nTo: studio@example.ru\r\n\r\n".encode(),
                                 policy=policy.default)
        assert approval_headers.shown_names(msg) == [("From", "Anna")]
