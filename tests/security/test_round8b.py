"""Red team round 8 (#22), the second half: each attack is rebuilt here from its description (the
mails are generated and signed with a test key) and must be refused.

A8.  HTML whose HTML5 parse is quadratic (`<font size=N></x>` repeated, `<rt>` repeated) stops at
     a cap on what the parser keeps open, and a reply's HTML is parsed once per command.
"""

from __future__ import annotations

import pytest

from contractkit import approval_mail
from contractkit.flows import approval
from tests.security.test_approvals_round7 import APPROVES, APPROVES_HTML, alternative, check, html, mail, refuses
from tests.test_approval import Dns, dns  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")


class TestQuadraticHtml:
    """A8: `_too_big` counted depth by tags, and `</x>` closed nothing the parser had open."""

    @pytest.mark.parametrize("tail, words", [
        ("".join(f"<font size={i}></x>" for i in range(1500)), "formatting elements"),
        ("".join(f"<b class=c{i}></p>" for i in range(1500)), "formatting elements"),
        ("<rt>" * 1500, "more than 256 deep"),
        ("".join(f"<span></x{i}>" for i in range(1500)), "more than 256 deep"),
    ], ids=["font and a stray end tag", "b and a stray </p>", "rt", "span and stray end tags"])
    def test_html_the_parser_keeps_open_refuses(self, dns, tail, words):  # noqa: F811
        markup = APPROVES_HTML.replace("<p>Марина</p>", tail + "<p>Марина</p>")
        refuses(mail(alternative(APPROVES, markup), dns), dns, "not an approval", words)

    def test_the_bound_is_what_the_parser_holds_not_a_tag_count(self):
        shown, problems = approval_mail.html_text("<div>" * 200 + "ok" + "</div>" * 200 + "<p>x</p>" * 3000)
        assert problems == [] and "ok" in shown

    def test_a_reply_is_parsed_once_per_command(self, dns, monkeypatch):  # noqa: F811
        from tinyhtml5 import parser

        calls = []
        original = parser.HTMLParser.parse
        monkeypatch.setattr(parser.HTMLParser, "parse", lambda self, *a, **k: calls.append(1) or original(
            self, *a, **k))
        getattr(approval_mail, "_read", None) and approval_mail._read.cache_clear()
        eml = mail(html(APPROVES_HTML), dns)
        assert check(eml, dns).change == "CR-001"
        assert approval.reply_lines(eml)[0].startswith("Согласовываю документ")
        assert len(calls) == 1
