"""Red team round 9 (#22): replies whose shown text is not the text read, and billing records a
teammate altered or removed with plain git. Each attack is rebuilt here from the red team's report
(the mails generated and signed with a test key) and must be refused.

B1. List markers draw words the reader never read: `<ol type="A" start="9874">` shows "NOT." under
    the approval. Only bullets and 1., 2., 3. from the start are read as shown (no type, start,
    value or reversed; list-style-type disc, circle, square, decimal or none).
B2. CSS that passes declaration by declaration compounds: nested `font-size:50%`, `opacity:0.5`,
    <small>, and positive offsets (`text-indent:20000px`). The computed size, opacity and offset
    are carried down the element stack (approval_look) and judged.
B3. A picture's alt text was read as the client's words while the mail shows the picture, which
    may say «НЕ СОГЛАСОВЫВАЮ». A picture is not read, so any <img> refuses (`approve --confirm`
    records what the user read themselves).
"""

from __future__ import annotations

import pytest

from contractkit.flows import approval
from contractkit.mail import look as approval_look
from contractkit.mail import message as approval_mail
from tests.security.test_approval_parts import leaf, multi
from tests.security.test_approvals_round7 import (
    APPROVES,
    APPROVES_HTML,
    CARDS,
    NAMES,
    SHA,
    SHEET,
    check,
    html,
    mail,
    refuses,
)
from tests.test_approval import CLIENT, Dns, dns  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

PHRASE = "Согласовываю документ cr-001-2026-031.pdf."
HASH = "<p>SHA-256: {sha}</p>"


def test_the_control_approves(dns):  # noqa: F811 - every refusal below is measured by it
    assert check(mail(html(f"<p>{PHRASE}</p>" + HASH), dns), dns).change == "CR-001"
    plain_list = f"<p>{PHRASE}</p><ol><li>Спасибо!</li></ol><ul type=disc><li>Марина</li></ul>" + HASH
    assert check(mail(html(plain_list), dns), dns).change == "CR-001"


class TestListMarkers:
    """B1: a list marker is shown text; only markers that spell nothing are read as shown."""

    def test_the_red_teams_not_yet_refuses(self, dns):  # noqa: F811
        markup = (f"<p>{PHRASE}</p>" + HASH + '<ol type="A" start="9874"><li>&nbsp;</li></ol>'
                  '<ol type="A" start="17050"><li>&nbsp;</li></ol>')
        refuses(mail(html(markup), dns), dns, "not an approval", "list")

    @pytest.mark.parametrize("lists", [
        '<ol type="a"><li>&nbsp;</li></ol>',
        '<ol start="5"><li>&nbsp;</li></ol>',
        '<ol reversed><li>&nbsp;</li></ol>',
        '<ol><li value="9874">&nbsp;</li></ol>',
        '<ol><li type="A">&nbsp;</li></ol>',
        '<ol type="i"><li>&nbsp;</li></ol>',
        '<ul type="A"><li>&nbsp;</li></ul>',
        '<ol style="list-style-type: upper-alpha"><li>&nbsp;</li></ol>',
        '<ol style="list-style: lower-roman inside"><li>&nbsp;</li></ol>',
        '<div style="display:list-item;list-style-type:lower-greek">&nbsp;</div>',
        '<style>ol {list-style-type: upper-latin}</style><ol><li>&nbsp;</li></ol>',
    ], ids=["type a", "start", "reversed", "li value", "li type", "roman", "ul type", "css upper-alpha",
            "css list-style roman", "list-item greek", "style block"])
    def test_every_marker_that_spells_refuses(self, dns, lists):  # noqa: F811
        refuses(mail(html(f"<p>{PHRASE}</p>" + HASH + lists), dns), dns, "not an approval")


class TestComputedStyle:
    """B2: the size, opacity and offset the text is shown at, as they compound."""

    @pytest.mark.parametrize("hidden", [
        '<span style="font-size:50%">' * 6 + PHRASE + "</span>" * 6,
        '<span style="opacity:0.5">' * 7 + PHRASE + "</span>" * 7,
        f'<div style="text-indent:20000px;white-space:nowrap">{PHRASE}</div>',
        "<small>" * 15 + PHRASE + "</small>" * 15,
        "<sub>" * 15 + PHRASE + "</sub>" * 15,
        '<span style="font-size:smaller">' * 15 + PHRASE + "</span>" * 15,
        '<span style="font-size:0.6em">' * 5 + PHRASE + "</span>" * 5,
        f'<div style="border-left:30000px solid white">{PHRASE}</div>',
        f'<div style="line-height:50000px">{PHRASE}</div>',
        '<div style="padding-left:150px">' * 10 + PHRASE + "</div>" * 10,
        '<div style="margin-top:190px">' * 10 + PHRASE + "</div>" * 10,
        f'<div style="letter-spacing:500px">{PHRASE}</div>',
        f'<div style="font-size:3000px">{PHRASE}</div>',
        f'<div style="text-indent:60em">{PHRASE}</div>',
        f'<div style="margin-left:900%">{PHRASE}</div>',
        '<font size=1><span style="font-size:50%">' + PHRASE + "</span></font>",
        '<style>span {font-size:50%}</style>' + "<span>" * 6 + PHRASE + "</span>" * 6,
        '<style>span {opacity:0.5}</style>' + "<span>" * 7 + PHRASE + "</span>" * 7,
        '<style>div {padding-left:150px}</style>' + "<div>" * 10 + PHRASE + "</div>" * 10,
    ], ids=["font-size 50% x6", "opacity 0.5 x7", "text-indent", "small x15", "sub x15", "smaller x15",
            "0.6em x5", "border-left", "line-height", "padding x10", "margin-top x10", "letter-spacing",
            "huge font", "indent in em", "margin in percent", "font size 1 halved", "style block font",
            "style block opacity", "style block padding"])
    def test_text_hidden_by_compounding_or_moving_is_no_approval(self, dns, hidden):  # noqa: F811
        markup = f"<div>Добрый день!</div>{hidden}<div>SHA-256: {{sha}}</div>"
        refuses(mail(html(markup), dns), dns, "not an approval")

    @pytest.mark.parametrize("shown", [
        '<span style="font-size:90%">' * 3 + PHRASE + "</span>" * 3,
        f'<div style="font-size:11pt;margin:0 0 12pt 0;padding-left:40px">{PHRASE}</div>',
        f'<font size="2"><small>{PHRASE}</small></font>',
        f'<div style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex"><p>{PHRASE}</p></div>',
        '<style>p.MsoNormal {margin:0cm;font-size:11.0pt} @page WordSection1 {margin:2cm 42.5pt}</style>'
        f'<p class=MsoNormal>{PHRASE}</p>',
    ], ids=["90% x3", "outlook paragraph", "font size 2 small", "gmail-like border", "outlook style block"])
    def test_ordinary_sizes_and_margins_still_read(self, dns, shown):  # noqa: F811
        markup = f"<div>Добрый день!</div>{shown}<div>SHA-256: {{sha}}</div>"
        assert check(mail(html(markup), dns), dns).change == "CR-001"

    def test_the_look_compounds_as_a_browser_computes_it(self):
        look = approval_look.Look()
        for _ in range(6):
            look, why = approval_look.step(look, "span", {"style": "font-size:50%"})
        assert look.font == pytest.approx(0.25) and "0.2px" in why
        look, why = approval_look.step(approval_look.Look(), "font", {"size": "1"})
        assert look.font == 10 and why == ""


class TestPictures:
    """B3: a picture is shown, its alt text is not; neither is read."""

    PNG = leaf("image/png", b"\x89PNG", charset="", cte="base64", extra="Content-ID: <answer@romashka.example>\r\n")

    def test_the_red_teams_alt_text_refuses(self, dns):  # noqa: F811
        markup = (f'<p><img src="cid:answer@romashka.example" alt="{PHRASE}"></p>' + HASH)
        eml = mail(multi("related", html(markup), self.PNG), dns)
        message = refuses(eml, dns, "not an approval", "picture")
        assert "alt text" in message

    @pytest.mark.parametrize("src", ["https://evil.example/no.png", "data:image/png;base64,iVBORw0KGgo=", ""])
    def test_a_remote_inline_or_missing_picture_refuses(self, dns, src):  # noqa: F811
        markup = f'<p>{PHRASE}</p><p><img src="{src}" alt="">' + HASH
        refuses(mail(html(markup), dns), dns, "not an approval", "picture")

    def test_a_background_picture_refuses(self, dns):  # noqa: F811
        markup = f'<table background="cid:answer@romashka.example"><tr><td>{PHRASE}</td></tr></table>' + HASH
        refuses(mail(multi("related", html(markup), self.PNG), dns), dns, "not an approval", "picture")

    def test_the_alt_text_is_never_read_as_words(self):
        shown, problems = approval_mail.html_text(f'<p>Да</p><img src="cid:x" alt="{PHRASE}">')
        assert "Согласовываю" not in shown and any("picture" in p for p in problems)

    def test_the_user_may_still_confirm_what_they_read(self, dns):  # noqa: F811
        eml = mail(multi("related", html(APPROVES_HTML + '<img src="cid:answer@romashka.example">'), self.PNG), dns)
        found = approval.check_reply(eml, CLIENT, [SHEET], dns, names=NAMES, cards=CARDS, confirm=True)
        assert found.change == "CR-001" and "picture" in found.despite
        assert check(mail(html(APPROVES_HTML), dns), dns).sha256 == SHA  # no picture: no confirmation needed


def test_the_text_direction_attribute_refuses(dns):  # noqa: F811
    refuses(mail(html(f'<p dir="rtl">{PHRASE}</p>' + HASH), dns), dns, "not an approval", "direction")


def test_plain_text_is_untouched(dns):  # noqa: F811
    assert check(mail(leaf("text/plain", APPROVES), dns), dns).change == "CR-001"
