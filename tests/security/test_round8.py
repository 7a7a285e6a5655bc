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

import re

import dkim
import pytest

from contractkit.flows import approval
from contractkit.mail import css as approval_css
from contractkit.mail import message as approval_mail
from contractkit.mail import raw as approval_raw
from tests.security.gitfixtures import git_in, head
from tests.security.test_approval_parts import leaf, multi
from tests.security.test_approvals_round7 import APPROVES, SHA, alternative, check, html, mail, refuses, text
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


BODY = "документ cr-001-2026-031.pdf. SHA-256: {sha}"
CSS = {  # A2: the red team's mails, each recorded as an approval before
    "css1 escaped content": f"<style>p:first-child::before{{con\\tent:'НЕ '}}</style><p>Согласовываю {BODY}</p>",
    "css2 string marker": f"<ul style='list-style-type:\"НЕ \"'><li>Согласовываю {BODY}</li></ul>",
    "css3 quotes": f"<style>q{{quotes:'НЕ ' ''}}</style><p><q>Согласовываю</q> {BODY}</p>",
    "css4 escaped strike": f"<style>p:first-child{{text-decoration:l\\ine-through}}</style><p>Согласовываю {BODY}</p>",
    "css5 gradient strike": ("<p><span style='background:linear-gradient(transparent 45%,#000 45%,#000 55%,"
                             f"transparent 55%)'>Согласовываю</span> {BODY}</p>"),
    "css6 remote stylesheet": f"<link rel=stylesheet href='https://evil.example/x.css'><p>Согласовываю {BODY}</p>",
    "css7 @import": f"<style>@import url(https://evil.example/x.css);</style><p>Согласовываю {BODY}</p>",
    "css8 hex-escaped marker": f"<style>li::marker{{con\\74 ent:'НЕ '}}</style><ol><li>Согласовываю {BODY}</li></ol>",
    "css9 escaped inline strike": f"<p style='text-decoration:l\\69ne-through'>Согласовываю {BODY}</p>",
    "css10 escaped display": f"<p><span style='d\\isplay:none'>Согласовываю </span>{BODY}</p>",
    "text-shadow": f"<p style='text-shadow:0 0 0 #000'>Согласовываю {BODY}</p>",
    "box-shadow strike": f"<p><span style='box-shadow:inset 0 -0.6em 0 -0.5em #000'>Согласовываю</span> {BODY}</p>",
    "see-through colour": f"<p><span style='color:rgba(0,0,0,0.1)'>Согласовываю</span> {BODY}</p>",
    "text fill": f"<p><span style='-webkit-text-fill-color:transparent'>Согласовываю</span> {BODY}</p>",
    "negative margin": f"<p><span style='margin-left:-9999px'>Согласовываю</span> {BODY}</p>",
    "counter": f"<style>p{{counter-reset:x}}</style><p>Согласовываю {BODY}</p>",
    "remote font": f"<style>@font-face{{font-family:X;src:url(https://evil.example/f.woff)}}</style><p>Согласовываю {BODY}</p>",
    "bidi override": f"<p style='unicode-bidi:bidi-override;direction:rtl'>Согласовываю {BODY}</p>",
}
HIDDEN = {  # A7: elements that never show their text
    "hid1 details": f"<p><details><summary></summary>Согласовываю</details> {BODY}</p>",
    "hid2 hidden input": f"<p><input type=hidden value='Согласовываю'> {BODY}</p>",
    "hid3 canvas": f"<p><canvas width=1 height=1>Согласовываю</canvas> {BODY}</p>",
    "hid4 dialog": f"<p><dialog>Согласовываю</dialog> {BODY}</p>",
    "hid5 datalist": f"<p><datalist>Согласовываю</datalist> {BODY}</p>",
    "hid6 video": f"<p><video width=1 height=1>Согласовываю</video> {BODY}</p>",
    "hid7 select": f"<p><select><option>Ознакомлена:</option><option>Согласовываю</option></select> {BODY}</p>",
    "hid8 progress": f"<p><progress value=1>Согласовываю</progress> {BODY}</p>",
    "meter": f"<p><meter value=1>Согласовываю</meter> {BODY}</p>",
    "ruby": f"<p><ruby>Согласовываю<rp>(</rp><rt>НЕ</rt></ruby> {BODY}</p>",
    "bdo": f"<p><bdo dir=rtl>Согласовываю</bdo> {BODY}</p>",
    "noscript": f"<p><noscript>Согласовываю</noscript> {BODY}</p>",
    "xml outside Outlook's comment": f"<p><xml>Согласовываю</xml> {BODY}</p>",
}


@pytest.mark.parametrize("markup", list(CSS.values()), ids=list(CSS))
def test_css_that_adds_hides_or_strikes_text_is_refused(dns, markup):  # noqa: F811 - A2
    eml = mail(alternative(APPROVES, f"<html><body>{markup}<p>Марина</p></body></html>"), dns)
    refuses(eml, dns, "not an approval", "text/html part")


@pytest.mark.parametrize("markup", list(HIDDEN.values()), ids=list(HIDDEN))
def test_an_element_that_does_not_show_its_text_is_refused(dns, markup):  # noqa: F811 - A7
    eml = mail(alternative(APPROVES, f"<html><body>{markup}<p>Марина</p></body></html>"), dns)
    refuses(eml, dns, "not an approval", "element")


OUTLOOK = ("<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><meta http-equiv=Content-Type "
           "content='text/html; charset=utf-8'><style><!--\n/* Font Definitions */\n@font-face {font-family:"
           "\"Cambria Math\"; panose-1:2 4 5 3 5 4 6 3 2 4;}\np.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm;"
           "font-size:11.0pt; font-family:\"Calibri\",sans-serif; mso-fareast-language:EN-US;}\na:link, "
           "span.MsoHyperlink {mso-style-priority:99; color:#0563C1; text-decoration:underline;}\n"
           "span.EmailStyle17 {mso-style-type:personal-compose; font-family:\"Calibri\",sans-serif; color:windowtext;}"
           "\n@page WordSection1 {size:612.0pt 792.0pt; margin:72.0pt 72.0pt 72.0pt 72.0pt;}\ndiv.WordSection1 "
           "{page:WordSection1;}\n--></style><!--[if gte mso 9]><xml><o:shapedefaults v:ext='edit' spidmax='1026' />"
           "</xml><![endif]--></head><body lang=RU link='#0563C1' vlink='#954F72' style='word-wrap:break-word'>"
           "<div class=WordSection1><p class=MsoNormal>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}"
           "<o:p></o:p></p><p class=MsoNormal>Марина<o:p></o:p></p></div></body></html>")
APPLE = ("<html><head><meta http-equiv='content-type' content='text/html; charset=utf-8'></head><body style="
         "'word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;'><div>Согласовываю "
         "документ cr-001-2026-031.pdf. SHA-256: {sha}</div><div style='color: rgb(0, 0, 0); font-size: 14px;"
         "'>Марина</div></body></html>")


@pytest.mark.parametrize("markup", [OUTLOOK, APPLE], ids=["Outlook", "Apple Mail"])
def test_ordinary_mail_program_html_still_approves(dns, markup):  # noqa: F811 - no false refusal
    assert check(mail(alternative(APPROVES, markup), dns), dns).change == "CR-001"


def test_the_css_verdicts_read_escapes_as_the_browser_does():
    assert approval_css.style_attribute("color:#333; font-size:13px; margin:0 0 0 .8ex").kind == ""
    assert approval_css.style_attribute("display:none").kind == approval_css.HIDES
    assert approval_css.style_attribute("font-size:0").kind == approval_css.HIDES
    assert approval_css.style_attribute("TEXT-DECORATION: Line-Through").kind == approval_css.STRIKES
    assert approval_css.style_block("p{color:red}\n.x{text-decoration-line:line-through}").kind == approval_css.STRIKES
    assert approval_css.style_attribute("d\\isplay:none").kind == approval_css.REFUSED
    assert approval_css.style_block("@media (max-width:600px){p{content:'x'}}").kind == approval_css.REFUSED


CONDITIONAL = {  # A7: text that only Outlook, or every program but Outlook, shows
    "never shown": f"<p><!--[if gte mso 99]>Согласовываю <![endif]-->{BODY}</p>",
    "Outlook only": f"<p><!--[if mso]>Согласовываю <![endif]-->{BODY}</p>",
    "all but Outlook": f"<p><!--[if !mso]><!-->Согласовываю <!--<![endif]-->{BODY}</p>",
}


@pytest.mark.parametrize("markup", list(CONDITIONAL.values()), ids=list(CONDITIONAL))
def test_a_conditional_comment_with_text_is_refused(dns, markup):  # noqa: F811 - A7
    eml = mail(alternative(APPROVES, f"<html><body>{markup}<p>Марина</p></body></html>"), dns)
    refuses(eml, dns, "not an approval", "conditional comment")


QUOTE_LIKE_TEXT = ("<p>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}</p><p>Марина</p><p>Марина пишет:</p>"
                   "<blockquote {attr}><b>P.S. Передумали. Остаёмся на 20 страницах.</b></blockquote>")


@pytest.mark.parametrize("attr, style", [
    ("style='margin:0;padding:0;border:0'", ""),
    ("style='margin:0px 0px 0px 0px;border-left:none'", ""),
    ("", "<style>blockquote{margin:0;padding:0;border:0}</style>"),
], ids=["bq3 inline style", "no left side", "restyled by a <style> block"])
def test_a_blockquote_that_does_not_look_like_a_quote_is_the_replys_own_text(dns, attr, style):  # noqa: F811 - A6
    markup = style + QUOTE_LIKE_TEXT.replace("{attr}", attr)
    eml = mail(alternative(APPROVES, f"<html><body>{markup}</body></html>"), dns)
    refuses(eml, dns, "not an approval")


def test_a_quote_drawn_as_a_quote_is_still_a_quote():
    assert approval_css.indented("margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex")
    assert approval_css.indented("")  # the default margin
    assert not approval_css.indented("margin:0;padding:0;border:0")
    shown, problems = approval_mail.html_text("<p>Да</p><blockquote type=cite><p>Нет</p></blockquote>")
    assert shown.splitlines()[-1] == "> Нет" and not problems


def test_base64_that_does_not_decode_is_refused(dns):  # noqa: F811 - A11
    body = APPROVES.replace("{sha}", SHA)
    while len(re.findall(r"[A-Za-z0-9+/]", body)) % 4 != 1:
        body += "x"
    eml = mail(leaf("text/plain", body, cte="base64"), dns)
    refuses(eml, dns, "does not decode cleanly")


def test_the_guard_refuses_the_round8_html_mails(approval_server):  # noqa: F811 - repro_guard.sh css1/hid2/bq3
    project, bare, resolver, sha = approval_server
    before = head(project)
    for markup in (CSS["css1 escaped content"], HIDDEN["hid2 hidden input"],
                   QUOTE_LIKE_TEXT.replace("{attr}", "style='margin:0;padding:0;border:0'")):
        eml = mail(alternative(APPROVES, f"<html><body>{markup}<p>Марина</p></body></html>"), resolver, sha)
        _approval_by_hand(project, eml, sha, "romashka.example")
        refused(push(project), bare, before, ".contractkit/approvals/CR-001.yaml", "not an approval")
        git_in(project, "reset", "-q", "--hard", before)


GMAIL_PASTE = ("color:rgb(34,34,34);font-family:Arial,Helvetica,sans-serif;font-size:small;font-style:normal;"
               "font-variant-ligatures:normal;font-variant-caps:normal;font-weight:400;letter-spacing:normal;"
               "orphans:2;text-align:start;text-indent:0px;text-transform:none;white-space:normal;widows:2;"
               "word-spacing:0px;-webkit-text-stroke-width:0px;background-color:rgb(255,255,255);"
               "text-decoration-thickness:initial;text-decoration-style:initial;text-decoration-color:initial;"
               "background-image:initial;display:inline;float:none")


def test_text_pasted_from_a_web_page_keeps_its_harmless_style():  # no false refusal
    assert approval_css.style_attribute(GMAIL_PASTE).kind == ""
    assert approval_css.style_attribute("background-clip:text").kind == approval_css.REFUSED
    assert approval_css.style_attribute("-webkit-text-stroke-width:9px").kind == approval_css.REFUSED
