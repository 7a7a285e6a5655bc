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
B7. A refusal in look-alike capitals ("HE" in Latin shows «НЕ») is read as the other script's word,
    and a format=flowed part is read as sent and as a mail program joins its lines (RFC 3676).
"""

from __future__ import annotations

import base64

import dkim
import pytest

from contractkit.flows import approval
from contractkit.mail import headers as approval_headers
from contractkit.mail import look as approval_look
from contractkit.mail import message as approval_mail
from contractkit.mail import paint as approval_paint
from contractkit.mail import space as approval_space
from contractkit.mail import text as approval_text
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

    def test_a_header_too_long_to_be_shown_refuses(self, dns):  # noqa: F811
        to = ", ".join(f"Name{i} <x{i}@romashka.example>" for i in range(1500)) + \
            f", {_encoded('Отзываю согласование')} <studio@example.ru>"
        refuses(headed(dns, to=to), dns, "not an approval", "the To header shows more than 10000 characters")

    def test_confirm_records_it_with_the_reason(self, dns):  # noqa: F811
        eml = headed(dns, sender=f"{_encoded('Отзываю согласование')} <{CLIENT}>")
        record = approval.check_reply(eml, CLIENT, [SHEET], dns, confirm=True, names=NAMES, cards=CARDS)
        assert "the From header" in record.despite and "отзываю" in record.despite

    def test_the_shown_names_leave_out_the_addresses(self):
        from email import message_from_bytes, policy

        msg = message_from_bytes(f"From: Anna <{CLIENT}>\r\nTo: studio@example.ru\r\n\r\n".encode(),
                                 policy=policy.default)
        assert approval_headers.shown_names(msg) == [("From", "Anna")]


class TestColours:
    """B2: a text must contrast with every background it may stand on (approval_paint)."""

    @pytest.mark.parametrize("markup", [
        f'<p>Спасибо!</p><p style="color:#ffffff;background-color:#ffffff">{PHRASE} SHA-256: {{sha}}</p>',
        f'</body><body bgcolor="#000000" text="#000000">{SHOWN}',
        f'<p>Спасибо!</p><p><font color="white">{PHRASE} SHA-256: {{sha}}</font></p>',
        f'<p>Спасибо!</p><p style="color:#fefefe">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p>Спасибо!</p><p style="color:yellow">{PHRASE} SHA-256: {{sha}}</p>',
        f'<table><tr><td bgcolor="navy"><font color="#000080">{PHRASE} SHA-256: {{sha}}</font></td></tr></table>',
        f'<div style="background:#000 none"><p style="color:rgb(0,0,0)">{PHRASE} SHA-256: {{sha}}</p></div>',
        f'<style>p {{color: #fff}}</style>{SHOWN}',
        f'<style>div {{background-color: black}}</style><div>{PHRASE} SHA-256: {{sha}}</div>',
        f'<p><a href="https://romashka.example" style="color:#fff">{PHRASE} SHA-256: {{sha}}</a></p>',
        f'</body><body link="#ffffff" vlink="#ffffff"><p><a href="x">{PHRASE} SHA-256: {{sha}}</a></p>',
        f'<p><mark style="color:#ff0">{PHRASE} SHA-256: {{sha}}</mark></p>',
        f'<p style="background-color:currentcolor">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p style="color:hsl(0,0%,99%)">{PHRASE} SHA-256: {{sha}}</p>',
        f'<div style="background:#000;color:#fff"><p style="color:initial">{PHRASE} SHA-256: {{sha}}</p></div>',
    ], ids=["same colour", "body text bgcolor", "font color white", "near white", "yellow on white",
            "navy cell", "background shorthand", "style block colour", "style block background",
            "link coloured", "body link colour", "mark", "currentcolor background", "hsl", "initial"])
    def test_text_drawn_in_its_background_colour_refuses(self, dns, markup):  # noqa: F811
        message = refuses(page(markup, dns), dns, "not an approval", "barely differs")
        assert "the text/html part hides text" in message

    def test_a_colour_the_reader_cannot_compute_refuses(self, dns):  # noqa: F811
        refuses(page(f'<p style="color:accentcolor">{PHRASE} SHA-256: {{sha}}</p>', dns), dns,
                "not an approval", "cannot compute")

    @pytest.mark.parametrize("markup", [
        f'<p style="color:#999999">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p style="color:windowtext">{PHRASE} SHA-256: {{sha}}</p>',
        f'</body><body bgcolor="#003366" text="#ffffff" link="#ffff00"><p style="background:#003366">{PHRASE} '
        f'SHA-256: {{sha}}</p>',
        f'<table><tr><td bgcolor="#003366"><font color="#ffffff">{PHRASE} SHA-256: {{sha}}</font></td></tr>'
        '</table>',
        f'<p><a href="https://romashka.example">{PHRASE} SHA-256: {{sha}}</a></p>',
        f'<style>a {{color:#0563C1}} p {{color:#222}}</style>{SHOWN}',
        f'<p><mark>{PHRASE}</mark> SHA-256: {{sha}}</p>',
    ], ids=["grey", "windowtext", "dark cell", "table cell", "plain link", "outlook styles", "mark"])
    def test_text_that_contrasts_still_reads(self, dns, markup):  # noqa: F811
        assert check(page(markup, dns), dns).change == "CR-001"

    def test_the_html_legacy_colour_rules_are_the_browsers(self):
        assert approval_paint.legacy_colour("chucknorris")[:3] == (0xC0 / 255, 0.0, 0.0)
        assert approval_paint.legacy_colour("#fff")[:3] == (1.0, 1.0, 1.0)
        assert approval_paint.legacy_colour("transparent") is None
        assert round(approval_paint.contrast(approval_paint.BLACK, approval_paint.WHITE)) == 21


class TestFaces:
    """B2: a face must be on the allow-list of text faces (a symbol font draws Latin as pictograms)."""

    @pytest.mark.parametrize("markup", [
        '<p style="font-family:Wingdings">I approve the document cr-001-2026-031.pdf. SHA-256: {sha}</p>',
        f'<p style="font-family:Arial, &quot;Webdings&quot;">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p style="font-family:NoSuchFace, Symbol">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p style="font:12px/1.4 &quot;Zapf Dingbats&quot;">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p><font face="Marlett">{PHRASE} SHA-256: {{sha}}</font></p>',
        f'<style>p {{font-family: "Wingdings 3"}}</style>{SHOWN}',
        f'<p style="font-family:&quot;Material Icons&quot;">{PHRASE} SHA-256: {{sha}}</p>',
    ], ids=["wingdings", "second family", "fallback", "font shorthand", "font face", "style block", "icons"])
    def test_a_face_off_the_list_refuses(self, dns, markup):  # noqa: F811
        refuses(page(markup, dns), dns, "not an approval", "not a text face")

    @pytest.mark.parametrize("markup", [
        f'<p style="font-family:Calibri,sans-serif">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p style="font-family:&quot;Segoe UI Light&quot;,&quot;Helvetica Neue&quot;,Arial">{PHRASE} '
        'SHA-256: {sha}</p>',
        f'<p style="font:14px/1.5 &quot;YS Text&quot;, Arial, sans-serif">{PHRASE} SHA-256: {{sha}}</p>',
        f'<p><font face="Times New Roman, serif">{PHRASE} SHA-256: {{sha}}</font></p>',
        '<style>@font-face {font-family:"Cambria Math"; panose-1:2 4 5 3 5 4 6 3 2 4;}</style>' + SHOWN,
    ], ids=["calibri", "variants", "yandex", "font face", "outlook font-face"])
    def test_text_faces_read(self, dns, markup):  # noqa: F811
        assert check(page(markup, dns), dns).change == "CR-001"


class TestBlankSpace:
    """B3: blank space between shown texts is bounded as CSS offsets are (approval_space)."""

    def test_blank_lines_in_plain_text_refuse(self, dns):  # noqa: F811
        body = "Спасибо!\n" + "\n" * 3000 + APPROVES
        refuses(mail(text(body), dns), dns, "not an approval", "3000 blank lines")

    def test_a_row_of_spaces_in_plain_text_refuses(self, dns):  # noqa: F811
        body = "Спасибо!" + " " * 3000 + APPROVES
        refuses(mail(text(body), dns), dns, "not an approval", "row of 3000 spaces")

    @pytest.mark.parametrize(("markup", "words"), [
        (f'<p>Спасибо!</p><div style="height:40000px"></div>{SHOWN}', "blank space"),
        (f'<p>Спасибо!</p><div style="min-height:40000px"></div>{SHOWN}', "blank space"),
        (f'<p>Спасибо!</p><hr size="40000">{SHOWN}', "blank space"),
        ("<p>Спасибо!" + "<br>" * 3000 + f"{PHRASE} SHA-256: {{sha}}</p>", "blank space"),
        ("<p>Спасибо!</p>" + "<p>&nbsp;</p>" * 3000 + SHOWN, "blank space"),
        ("<pre>Спасибо!" + "\n" * 3000 + f"{PHRASE} SHA-256: {{sha}}</pre>", "blank space"),
        (f'<table><tr><td height="40000" valign="bottom">{PHRASE} SHA-256: {{sha}}</td></tr></table>',
         "blank space"),
        ("<p>Спасибо!</p>" + '<div style="padding-top:199px"></div>' * 200 + SHOWN, "blank space"),
        (f'<p>Спасибо!</p><div style="width:40000px;text-align:right">{PHRASE} SHA-256: {{sha}}</div>',
         "40000px wide"),
        (f'<table><tr><td width="40000" align="right">{PHRASE} SHA-256: {{sha}}</td></tr></table>',
         "40000px wide"),
        ("<p>Спасибо!" + "&nbsp;" * 3000 + f"{PHRASE} SHA-256: {{sha}}</p>", "row of 3000 spaces"),
        ('<p style="white-space:nowrap">' + "Спасибо! " * 100 + f"{PHRASE} SHA-256: {{sha}}</p>",
         "does not wrap"),
        ("<p>Спасибо!</p>" + ("<p>&nbsp;</p>" * 40 + "<p>Спасибо!</p>") * 6 + SHOWN, "in all"),
    ], ids=["height", "min-height", "hr size", "br run", "empty paragraphs", "pre newlines", "td height",
            "padded siblings", "wide block", "wide cell", "nbsp row", "nowrap line", "spread out"])
    def test_text_pushed_out_of_view_refuses(self, dns, markup, words):  # noqa: F811
        refuses(page(markup, dns), dns, "not an approval", words)

    @pytest.mark.parametrize("markup", [
        '<div><p class=MsoNormal>Спасибо!<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>'
        f'<p class=MsoNormal>{PHRASE} SHA-256: {{sha}}<o:p></o:p></p></div>',
        f'<div dir="ltr">Спасибо!<div><br></div><div>{PHRASE} SHA-256: {{sha}}</div><div><br></div>'
        '<div>Марина</div></div>',
        f'<table width="600" style="width:100%"><tr><td height="30">{PHRASE} SHA-256: {{sha}}</td></tr>'
        '</table>',
        "<p>Спасибо!<br><br><br>" + f"{PHRASE}&nbsp;&nbsp;&nbsp; SHA-256: {{sha}}</p>",
        f'<pre>{PHRASE}\nSHA-256: {{sha}}\n\nМарина</pre>',
    ], ids=["outlook", "gmail", "signature table", "a few breaks", "short pre"])
    def test_ordinary_spacing_reads(self, dns, markup):  # noqa: F811
        assert check(page(markup, dns), dns).change == "CR-001"

    def test_ordinary_plain_spacing_reads(self, dns):  # noqa: F811
        body = "Добрый день!\n\n\n" + APPROVES.replace("\n", "\n\n") + "\n\n-- \nМарина Кузнецова\n"
        assert check(mail(text(body), dns), dns).change == "CR-001"

    def test_a_run_is_measured_in_pixels_as_offsets_are(self):
        assert approval_space.MAX_RUN_PX == approval_look.MAX_SHIFT_PX
        assert approval_space.plain("a\n" + "\n" * approval_space.MAX_RUN_LINES + "b") == []
        assert approval_space.plain("a\n" + "\n" * (approval_space.MAX_RUN_LINES + 1) + "b")


QUOTE_HEADER = "Пн, 7 дек. 2026 г. в 10:00, Марина Кузнецова <office@romashka.example> пишет:\n"


class TestQuotedLookAlikes:
    """B7: a quoted refusal typed in look-alike capitals, or split over flowed lines, refuses."""

    @pytest.mark.parametrize("quoted", [
        "> HE СОГЛАСОВЫВАЮ.\n",
        "> HET.\n",
        "> \u0423\u0415\u0422.\n",
    ], ids=["HE in Latin", "HET in Latin", "YET in Cyrillic"])
    def test_a_refusal_in_look_alike_capitals_refuses(self, dns, quoted):  # noqa: F811
        body = APPROVES + "\n" + QUOTE_HEADER + quoted
        refuses(mail(text(body), dns), dns, "not an approval")

    def test_a_refusal_split_over_flowed_lines_refuses(self, dns):  # noqa: F811
        body = APPROVES + "\n" + QUOTE_HEADER + "> Н \n> е согласовываю.\n"
        flowed = text(body).replace(b"charset=utf-8", b"charset=utf-8; format=flowed; delsp=yes")
        refuses(mail(flowed, dns), dns, "not an approval", "(flowed) part", "не")

    def test_a_flowed_approval_still_approves(self, dns):  # noqa: F811
        body = "Согласовываю документ \ncr-001-2026-031.pdf.\nSHA-256: {sha}\nМарина\n"
        flowed = text(body).replace(b"charset=utf-8", b"charset=utf-8; format=flowed")
        assert check(mail(flowed, dns), dns).change == "CR-001"

    def test_the_flowed_reading_is_rfc_3676s(self):
        assert approval_mail.unflowed("> Н \n> е согласовываю.\n", True) == "> Не согласовываю.\n"
        assert approval_mail.unflowed("Hello \nworld\n-- \nMarina", False) == "Hello world\n-- \nMarina"
        assert approval_mail.unflowed(">> a \n> b\n", False) == ">> a \n> b\n"  # depth changes: no join

    def test_capitals_of_one_script_are_read_in_the_other(self):
        assert approval_text.refusal("HE СОГЛАСОВЫВАЮ") == "не"
        assert approval_text.refusal("OK, Спасибо") is None  # a look-alike word that says nothing
