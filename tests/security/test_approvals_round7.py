"""Red team round 7 (#22): replies whose visible text withdraws the approval, or whose sender is not
the client, were recorded as approvals, and the guard let them in. Each class is closed by design,
on the rule that a false refusal is safe (the user reads the mail and runs `approve --confirm`) and
a false approval is not:

1. A From header with a parser defect, two addresses or an '@' in its display name refuses.
2. HTML is parsed as a browser parses it (tinyhtml5): `<!-->`, `--!>` and raw-text elements hide
   nothing; a <script>, <textarea>, <form>, <iframe>, <object>, <embed>, <svg> or <math> refuses.
3. Crossed-out text refuses: combining overlay marks, <s>, <del>, <strike>, line-through.
4. A signature line is read by an allow-list (names, the company, a position, a phone, an e-mail
   or web address, the client's address); a disclaimer is no exception.
5. A picture refuses unless an HTML part shows it by `<img src="cid:…">` with its Content-ID (and since
   round 9, B3, any picture the HTML shows refuses too: what it says is not read).
6. A line with a symbol (emoji, squared letters) refuses.
7. A quoted letter that refuses or withdraws refuses.
8. DKIM d= must be the sender's domain or its organizational domain, never a public suffix.
The attack mails are the red team's, generated here and signed with a test key.
"""

from __future__ import annotations

import dkim
import pytest

from contractkit.flows import approval
from contractkit.flows.approval import PendingDocument
from contractkit.mail import card as approval_card
from contractkit.mail import domains as approval_domains
from contractkit.mail import message as approval_mail
from contractkit.mail import sections as reply_sections
from contractkit.mail import text as approval_text
from tests.conftest import run
from tests.security.gitfixtures import git_in, head
from tests.security.test_approval_parts import leaf, multi
from tests.security.test_guard_records import (  # noqa: F401 - fixtures
    _approval_by_hand,
    approval_server,
    push,
    refused,
    server,
)
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

SHA = "d29b14eb5c0f671969acc1c3392ad4cba1a3745516710b8231cf3a9e12e4c1ea"
SHEET = PendingDocument("CR-001", "cr-001-2026-031.pdf", SHA)
NAMES = ("Кузнецова Марина Сергеевна", "Петрова Ольга Николаевна, менеджер проекта")
CARDS = ("Общество с ограниченной ответственностью «Ромашка»", "ООО «Ромашка»", "Генеральный директор",
         "125009, г. Москва, ул. Тверская, д. 1, оф. 1")
"""The RU example's client, as approval.people() and approval.card() give it."""
APPROVES = "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\nМарина\n"
APPROVES_HTML = "<p>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}</p><p>Марина</p>"


def mail(body: bytes, resolver: Dns, sha: str = SHA, sender: str = "Марина Кузнецова <office@romashka.example>",
         domain: str = "romashka.example") -> bytes:
    data = (f"From: {sender}\r\nTo: studio@example.ru\r\nSubject: Re: CR-001\r\n"
            "Date: Sat, 06 Dec 2026 10:00:00 +0000\r\nMessage-ID: <r7@romashka.example>\r\n"
            "MIME-Version: 1.0\r\n").encode() + body
    data = data.replace(b"{sha}", sha.encode())
    return dkim.sign(data, b"ck", domain.encode(), resolver.keys[domain],
                     include_headers=[b"from", b"to", b"subject", b"date", b"message-id"]) + data


def text(body: str) -> bytes:
    return leaf("text/plain", body)


def html(body: str) -> bytes:
    return leaf("text/html", f"<html><body>{body}</body></html>")


def alternative(plain: str, markup: str) -> bytes:
    return multi("alternative", text(plain), html(markup))


def check(eml: bytes, resolver: Dns, client: str = CLIENT):
    return approval.check_reply(eml, client, [SHEET], resolver, names=NAMES, cards=CARDS)


def refuses(eml: bytes, resolver: Dns, *words: str) -> str:
    with pytest.raises(approval.ApprovalError) as caught:
        check(eml, resolver)
    message = caught.value.message
    assert all(w in message for w in words), message
    assert "\n" not in message
    return message


def test_a_plain_approval_approves(dns):  # noqa: F811 - the control every refusal below is measured by
    assert check(mail(text(APPROVES), dns), dns).change == "CR-001"
    assert check(mail(html(APPROVES_HTML), dns), dns).change == "CR-001"
    assert check(mail(alternative(APPROVES, APPROVES_HTML), dns), dns).change == "CR-001"


class TestFromHeader:
    @pytest.mark.parametrize("sender", [
        "office@romashka.example <intern@romashka.example>",
        "<office@romashka.example> <intern@romashka.example>",
        "office@romashka.example;intern@romashka.example",
        '"office@romashka.example" <office@romashka.example>',
        "=?utf-8?q?office=40romashka.example?= <office@romashka.example>",
        "office@romashka.example (intern@romashka.example)",
    ], ids=["address as display name", "two angle addresses", "semicolon", "quoted @ in the name",
            "encoded @ in the name", "address in a comment"])
    def test_a_from_header_read_two_ways_refuses(self, dns, sender):  # noqa: F811
        message = refuses(mail(text(APPROVES), dns, sender=sender), dns, "wrong sender")
        assert "From header" in message

    @pytest.mark.parametrize("sender", [
        "Марина Кузнецова <office@romashka.example>",
        "=?utf-8?b?0JzQsNGA0LjQvdCw?= <office@romashka.example>",
        "office@romashka.example",
        '"Кузнецова, Марина" <office@romashka.example>',
    ])
    def test_an_ordinary_from_header_passes(self, dns, sender):  # noqa: F811
        assert check(mail(text(APPROVES), dns, sender=sender), dns).sender == CLIENT


COMMENT = ('<p>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}</p><!--><p><b>UPDATE: Передумали. '
           'НЕ согласовываю, отзываю согласование.</b></p><!-- --><p>Марина</p>')
BANG = ('<p>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}</p><!-- x --!><p><b>Передумали. '
        'НЕ согласовываю.</b></p><!-- --><p>Марина</p>')
TEXTAREA = ('<p>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}</p><textarea readonly style="border:0">'
            '<script>UPDATE: Передумали. НЕ согласовываю.</script></textarea><p>Марина</p>')


class TestHtmlReadAsABrowserReadsIt:
    @pytest.mark.parametrize("markup, words", [
        (COMMENT, ("«не»",)), (BANG, ("«не»",)), (TEXTAREA, ("<textarea>",)),
    ], ids=["<!--> ends the comment", "--!> ends the comment", "textarea shows a script tag"])
    def test_the_red_team_html_refuses(self, dns, markup, words):  # noqa: F811
        refuses(mail(html(markup), dns), dns, "not an approval", *words)
        # comment2.eml: a clean text/plain part beside it changes nothing
        refuses(mail(alternative(APPROVES, markup), dns), dns, "not an approval", "text/html", *words)

    def test_text_an_html5_parser_shows_is_read(self):
        shown, problems = approval_mail.html_text(COMMENT.format(sha=SHA))
        assert "UPDATE: Передумали. НЕ согласовываю, отзываю согласование." in shown.split("\n")
        shown, _ = approval_mail.html_text("<p>a</p><xmp><b>НЕ согласовываю</b></xmp><plaintext>Отзываю</p>")
        assert "<b>НЕ согласовываю</b>" in shown and "Отзываю</p>" in shown

    def test_what_a_browser_does_not_show_is_not_read(self):
        shown, problems = approval_mail.html_text(
            "<html><head><title>Не то</title><style>p {margin:0}</style></head><body><p>Да</p></body></html>")
        assert [x for x in shown.split("\n") if x] == ["Да"] and problems == []

    @pytest.mark.parametrize("markup, words", [
        ("<div>" * 300 + "Approved", "more than 256 deep"),
        ("<b><i>x</b></i>" * 6000, "more than 20000 tags"),
    ], ids=["deep", "many tags"])
    def test_html_too_large_to_parse_quickly_refuses(self, markup, words):
        """The HTML5 parser takes time quadratic in the nesting: a part nested deeper, or with more
        tags, than a reply has is refused before it is parsed."""
        shown, problems = approval_mail.html_text(markup)
        assert shown == "" and problems == [f"{words.replace('more', 'nests elements more') if 'deep' in words else 'has ' + words}"]

    @pytest.mark.parametrize("element", ["<script>x()</script>", "<textarea>a</textarea>", "<form>a</form>",
                                         "<iframe src='x'></iframe>", "<object data='x'></object>",
                                         "<embed src='x'>", "<svg><text>a</text></svg>", "<math><mi>x</mi></math>"])
    def test_an_element_a_reply_has_no_need_of_refuses(self, dns, element):  # noqa: F811
        name = element[1:].split(">")[0].split(" ")[0]
        refuses(mail(html(APPROVES_HTML + element), dns), dns, "not an approval", f"<{name}>")


STRUCK_TEXT = "С̶о̶г̶л̶а̶с̶о̶в̶ы̶в̶а̶ю̶ документ cr-001-2026-031.pdf.\nSHA-256: {sha}\nМарина\n"


class TestCrossedOut:
    @pytest.mark.parametrize("mark", ["\u0336", "\u0335", "\u0338", "\u20d2", "\u0337"])
    def test_a_word_struck_with_a_combining_mark_refuses(self, dns, mark):  # noqa: F811
        body = "".join(c + mark for c in "Согласовываю") + " документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n"
        refuses(mail(text(body), dns), dns, "not an approval", f"U+{ord(mark):04X}", "--confirm")

    def test_the_red_team_text_part_refuses(self, dns):  # noqa: F811
        refuses(mail(text(STRUCK_TEXT), dns), dns, "not an approval", "U+0336")

    @pytest.mark.parametrize("markup", [
        "<p><s>Согласовываю</s> документ cr-001-2026-031.pdf. SHA-256: {sha}</p>",
        "<p><del>Согласовываю</del> документ cr-001-2026-031.pdf. SHA-256: {sha}</p>",
        "<p><strike>Согласовываю</strike> документ cr-001-2026-031.pdf. SHA-256: {sha}</p>",
        '<p><span style="text-decoration: Line-Through">Согласовываю</span> документ. SHA-256: {sha}</p>',
        '<style>.x {text-decoration-line: line-through}</style><p class="x">Согласовываю. SHA-256: {sha}</p>',
    ], ids=["s", "del", "strike", "inline style", "style block"])
    def test_crossed_out_html_refuses(self, dns, markup):  # noqa: F811
        refuses(mail(alternative(APPROVES, markup), dns), dns, "not an approval", "crosses text out")

    def test_a_letter_written_decomposed_is_no_mark(self, dns):  # noqa: F811
        """«й» as «и» + U+0306 is one letter after NFC: no mark is left, the reply approves."""
        body = "Здравствуйте!\n" + APPROVES
        assert check(mail(text(body.replace("й", "и\u0306")), dns), dns).change == "CR-001"


SIGNATURES = {
    "sig1": "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n-- \nМарина Кузнецова\nООО «Ромашка»\n"
            "Данное письмо означает: по CR-001 мы передумали, отказ, ничего не делайте.",
    "sig2": "Approved cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n-- \nMarina\n"
            "This message is to say CR-001 is rejected after all, do not proceed.",
    "sig3": "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n-- \nМарина Кузнецова\n"
            "P.S. Передумали. Отбой. Остаёмся на 20 страницах.",
    "sig4": "Approved cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n-- \nMarina\n"
            "PS: scratch that, we changed our minds. Keep 20 pages.",
    "disclaimer": "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n-- \nМарина Кузнецова\n"
                  "Это письмо и вложения конфиденциальны.",
    "en disclaimer": "Approved {sha}.\n-- \nMarina Kuznetsova, Romashka LLC. This mail is not an offer; "
                     "if you got it by mistake, delete it.",
    "a word in a trailing name block": "Согласовываю {sha}.\nМарина Кузнецова\nОтбой",
}
GOOD_SIGNATURES = [
    "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n-- \nМарина Кузнецова\nГенеральный директор\n"
    "ООО «Ромашка»\nТел.: +7 (495) 123-45-67 доб. 12\noffice@romashka.example\nhttps://romashka.example\n"
    "125009, г. Москва, ул. Тверская, д. 1, оф. 1\n",
    "Approved {sha}.\n-- \nMarina Kuznetsova, CEO | Romashka LLC | +7 495 123 45 67\nwww.romashka.example\n",
    "Согласовываю {sha}.\n\nС уважением,\nМарина Кузнецова\nООО «Ромашка»\n",
    "Согласовываю {sha}.\n-- \nС уважением, Петрова О. Н.\nменеджер проекта\n",
]


class TestSignatureAllowList:
    @pytest.mark.parametrize("case", list(SIGNATURES))
    def test_a_signature_line_that_is_no_card_item_refuses(self, dns, case):  # noqa: F811
        message = refuses(mail(text(SIGNATURES[case]), dns), dns, "not an approval")
        assert message.startswith("not an approval: «"), message

    def test_the_refusal_says_how_to_record_it_anyway(self, dns):  # noqa: F811
        message = refuses(mail(text(SIGNATURES["disclaimer"]), dns), dns, "конфиденциальны")
        assert "approve with --confirm" in message and "signature" in message
        record = approval.check_reply(mail(text(SIGNATURES["disclaimer"]), dns), CLIENT, [SHEET], dns,
                                      confirm=True, names=NAMES, cards=CARDS)
        assert "конфиденциальны" in record.despite

    @pytest.mark.parametrize("body", GOOD_SIGNATURES)
    def test_a_signature_of_names_company_position_phone_mail_web_and_address_approves(self, dns, body):  # noqa: F811
        assert check(mail(text(body), dns), dns).change == "CR-001"

    def test_approve_reads_the_company_position_and_address_from_the_project(self, pending, dns, tmp_path):  # noqa: F811
        path, sha = pending
        eml, key = tmp_path / "reply.eml", tmp_path / "key.txt"
        key.write_bytes(dns.records[b"ck._domainkey.romashka.example."])
        eml.write_bytes(reply(CLIENT, SIGNATURES["sig3"].format(sha=sha), dns))
        out = run("approve", path, "--eml", eml, "--dkim-key", key, ok=False).output
        assert "not an approval" in out and "Передумали" in out and not (path / approval.APPROVALS).exists()
        eml.write_bytes(reply(CLIENT, GOOD_SIGNATURES[0].format(sha=sha), dns))
        assert "CR-001 approved by email" in run("approve", path, "--eml", eml, "--dkim-key", key).output


PICTURE = leaf("image/png", b"\x89PNG", charset="", cte="base64", extra="Content-ID: <sig1@romashka.example>\r\n")


class TestPictures:
    def test_a_picture_no_html_shows_refuses(self, dns):  # noqa: F811
        refuses(mail(multi("mixed", text(APPROVES), PICTURE), dns), dns, "image/png")

    def test_a_picture_shown_by_another_cid_refuses(self, dns):  # noqa: F811
        related = multi("related", html(APPROVES_HTML + '<img src="cid:logo@romashka.example">'), PICTURE)
        message = refuses(mail(multi("alternative", text(APPROVES), related), dns), dns, "not an approval")
        assert "image/png" in message or "picture" in message  # since round 9 any <img> refuses first

    @pytest.mark.parametrize("src", ["cid:sig1@romashka.example", "CID:sig1%40romashka.example"])
    def test_a_picture_the_html_shows_by_its_cid_is_not_read_so_it_refuses(self, dns, src):  # noqa: F811
        """Round 9 (B3) turned this from a pass: the picture is shown and may say «НЕ СОГЛАСОВЫВАЮ»;
        the reader cannot read it, so the user reads the mail and confirms (`approve --confirm`)."""
        related = multi("related", html(APPROVES_HTML + f'<img src="{src}" alt="">'), PICTURE)
        eml = mail(multi("alternative", text(APPROVES), related), dns)
        refuses(eml, dns, "not an approval", "picture")
        found = approval.check_reply(eml, CLIENT, [SHEET], dns, names=NAMES, cards=CARDS, confirm=True)
        assert found.change == "CR-001" and "picture" in found.despite


class TestSymbols:
    @pytest.mark.parametrize("line", ["🅽🅾🆃 🅰🅿🅿🆁🅾🆅🅴🅳 🚫", "👎", "❌", "⛔", "\ue000", "Марина ✍"])
    def test_a_line_of_symbols_refuses(self, dns, line):  # noqa: F811
        body = "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n" + line + "\nМарина\n"
        refuses(mail(text(body), dns), dns, "not an approval", "symbol", "--confirm")

    def test_a_symbol_in_the_html_or_signature_refuses(self, dns):  # noqa: F811
        refuses(mail(html(APPROVES_HTML + "<p>🅽🅾</p>"), dns), dns, "symbol")
        refuses(mail(text(APPROVES + "-- \nМарина Кузнецова 👍\n"), dns), dns, "symbol")

    def test_letters_digits_and_punctuation_are_no_symbols(self):
        assert approval_card.mark("Согласовываю № 5 — «да», +7 (495) 123-45-67; ½ ™ café") is None
        assert approval_card.mark("🅽") and approval_card.mark("a\u0336")


QUOTED = ("Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}\nМарина\n\nМарина пишет:\n"
          "> Передумали. НЕ согласовываю, отзываю. Работы не начинать.\n")
BLOCKQUOTE = ('<p>Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}</p>\n<p>Марина пишет:</p>\n'
              '<blockquote style="margin:0;padding:0;border:0">Передумали. НЕ согласовываю, отзываю.</blockquote>')


class TestQuotes:
    def test_an_unindented_blockquote_that_refuses_refuses(self, dns):  # noqa: F811
        # since round 8 (A6) an unindented <blockquote> is the reply's own text, read by the strict rules
        refuses(mail(html(BLOCKQUOTE), dns), dns, "not an approval", "«не»")

    def test_a_quoted_refusal_under_a_header_refuses(self, dns):  # noqa: F811
        refuses(mail(text(QUOTED), dns), dns, "the letter it quotes says", "--confirm")

    def test_a_quoted_request_approves(self, dns):  # noqa: F811
        body = ("Согласовываю {sha}.\n\nOn Mon, 1 Dec 2026 at 10:00, Studio <studio@example.ru> wrote:\n"
                "> Please approve the estimate?\n")
        assert check(mail(text(body), dns), dns).change == "CR-001"

    def test_contractkits_own_lines_may_be_quoted(self):
        ours = approval_text.ours_lines("Не начинайте работы до согласования.")
        assert approval_text.quote_refusal(["> Не начинайте работы до согласования."], ours) is None
        assert approval_text.quote_refusal(["> Не начинайте работы."], ours) is not None

    def test_a_blockquote_above_own_text_is_own_text(self):
        shown, _ = approval_mail.html_text("<blockquote>Не согласовываю</blockquote><p>Согласовываю</p>")
        assert reply_sections.quoted_lines(shown) == []
        assert "> Не согласовываю" in reply_sections.own_lines(shown)


class TestDkimDomain:
    @pytest.mark.parametrize("d, sender, ok", [
        ("romashka.example", "romashka.example", True),
        ("romashka.co.uk", "mail.romashka.co.uk", True),
        ("romashka.ru", "msk.romashka.ru", True),
        ("co.uk", "romashka.co.uk", False),
        ("com.ru", "romashka.com.ru", False),
        ("msk.ru", "romashka.msk.ru", False),
        ("co.jp", "x.co.jp", False),
        ("ru", "romashka.ru", False),
        ("b.example.com", "a.b.example.com", False),
        ("other.co.uk", "romashka.co.uk", False),
        ("narod.ru", "romashka.narod.ru", False),
    ])
    def test_speaks_for(self, d, sender, ok):
        assert approval_domains.speaks_for(d, sender) is ok

    def test_a_signature_by_a_public_suffix_refuses(self):
        resolver = Dns()
        resolver.add("co.uk")
        resolver.add("romashka.co.uk")
        sender = "office@romashka.co.uk"
        eml = mail(text(APPROVES), resolver, sender=f"Марина <{sender}>", domain="co.uk")
        with pytest.raises(approval.ApprovalError, match="no DKIM signature is from the sender's domain"):
            check(eml, resolver, client=sender)
        eml = mail(text(APPROVES), resolver, sender=f"Марина <{sender}>", domain="romashka.co.uk")
        assert check(eml, resolver, client=sender).dkim_domain == "romashka.co.uk"


ATTACKS = {
    "from1": (text(APPROVES), "office@romashka.example <intern@romashka.example>", "wrong sender"),
    "sig3": (text(SIGNATURES["sig3"]), None, "Передумали"),
    "strike": (alternative(STRUCK_TEXT, "<p><s>Согласовываю</s> SHA-256: {sha}</p>"), None, "not an approval"),
    "comment": (html(COMMENT), None, "not an approval"),
}


def test_the_guard_refuses_every_round7_mail(approval_server):  # noqa: F811
    """repro_guard.sh: each mail, committed with a record by plain git and pushed, is refused."""
    project, bare, resolver, sha = approval_server
    before = head(project)
    for body, sender, words in ATTACKS.values():
        eml = mail(body, resolver, sha, **({"sender": sender} if sender else {}))
        _approval_by_hand(project, eml, sha, "romashka.example")
        refused(push(project), bare, before, ".contractkit/approvals/CR-001.yaml", words)
        git_in(project, "reset", "-q", "--hard", before)
