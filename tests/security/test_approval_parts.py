"""Red team round 5 (#22, 1d): a reply whose text/plain part approves while its text/html part, what
the client's mail program shows, refuses was recorded as an approval: only text/plain was read.

Now every way a mail program may show the reply is read (approval_mail.views): each alternative
(text/plain, text/html, multipart/related) and the parts a multipart/mixed shows together must each
pass the allow-list reader and quote the same document's hash; HTML is read as text (tags dropped,
entities decoded, <blockquote> as `>` quotes, alt text read); a part in a charset, encoding or form
the reader does not read, or HTML that hides or adds text with CSS, refuses. Each mail below is
DKIM-valid, from the client, and quotes the pending sheet's hash in its text/plain part."""

from __future__ import annotations

import itertools

import dkim
import pytest

from contractkit.flows import approval, approval_trust
from contractkit.flows.approval import PendingDocument
from contractkit.mail import message as approval_mail
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import git_in, head
from tests.security.test_guard_records import (  # noqa: F401 - fixtures
    _approval_by_hand,
    approval_server,
    push,
    refused,
    server,
)
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

SHA = "ab" * 32
SHEET = PendingDocument("CR-001", "cr-001-2026-031.pdf", SHA)
PLAIN_OK = "Approved {sha}\nThanks, Marina"
HTML_OK = '<div dir="ltr">Approved {sha}<br>Thanks, Marina</div>'


def leaf(ctype: str, body: str | bytes, charset: str = "utf-8", cte: str = "8bit", extra: str = "") -> bytes:
    data = body.encode(charset if charset in ("utf-8", "koi8-r", "us-ascii") else "utf-8") \
        if isinstance(body, str) else body
    head_ = f"Content-Type: {ctype}" + (f"; charset={charset}" if charset else "")
    return (f"{head_}\r\nContent-Transfer-Encoding: {cte}\r\n{extra}\r\n").encode() + \
        data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


BOUNDARIES = itertools.count(1)


def multi(sub: str, *children: bytes) -> bytes:
    mark = f"part-{next(BOUNDARIES)}"
    out = f'Content-Type: multipart/{sub}; boundary="{mark}"\r\n\r\n'.encode()
    for child in children:
        out += f"--{mark}\r\n".encode() + child + b"\r\n"
    return out + f"--{mark}--\r\n".encode()


def nested(levels: int, body: bytes) -> bytes:
    for _ in range(levels):
        body = multi("mixed", body)
    return body


def signed(body: bytes, resolver: Dns, sha: str = SHA) -> bytes:
    data = ("From: Марина Кузнецова <office@romashka.example>\r\nTo: studio@example.ru\r\n"
            "Subject: Re: Approved\r\nDate: Sat, 06 Dec 2026 10:00:00 +0000\r\n"
            "Message-ID: <parts@romashka.example>\r\nMIME-Version: 1.0\r\n").encode() + body
    data = data.replace(b"{sha}", sha.encode())
    return dkim.sign(data, b"ck", b"romashka.example", resolver.keys["romashka.example"],
                     include_headers=[b"from", b"to", b"subject", b"date", b"message-id"]) + data


def alternative(plain: str, html: str) -> bytes:
    return multi("alternative", leaf("text/plain", plain), leaf("text/html", html))


def check(eml: bytes, resolver: Dns, confirm: bool = False):
    # the names a reply may sign with are the project's (round 8, A4: never the display name's)
    return approval.check_reply(eml, CLIENT, [SHEET], resolver, confirm=confirm,
                                names=("Кузнецова Марина Сергеевна",))


def refuses(eml: bytes, resolver: Dns, *words: str) -> str:
    with pytest.raises(approval.ApprovalError) as caught:
        check(eml, resolver)
    message = caught.value.message
    assert message.startswith("not an approval") or message.startswith("wrong hash"), message
    assert all(w in message for w in words), message
    assert "\n" not in message
    return message


GMAIL_HTML = ('<div dir="ltr">Approved {sha}<br>Thanks, Marina</div><br><div class="gmail_quote">'
              '<div dir="ltr" class="gmail_attr">On Sat, Dec 6, 2026 at 10:00 AM Studio &lt;studio@example.ru&gt; '
              'wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px '
              'solid rgb(204,204,204);padding-left:1ex"><div>Please approve the estimate for clause 4.</div>'
              '</blockquote></div>')
GMAIL_PLAIN = ("Approved {sha}\nThanks, Marina\n\nOn Sat, Dec 6, 2026 at 10:00 AM Studio <studio@example.ru> "
               "wrote:\n> Please approve the estimate for clause 4.\n")

APPROVE = {
    "plain only": leaf("text/plain", PLAIN_OK),
    "both parts approve": alternative(PLAIN_OK, HTML_OK),
    "a Gmail reply quoting a request": alternative(GMAIL_PLAIN, GMAIL_HTML),
    "HTML only": leaf("text/html", "<html><head><style>p {margin:0}</style><title>Re</title></head>"
                                   "<body><p>Approved {sha}</p><p>Thanks, Marina</p></body></html>"),
    "KOI8-R": leaf("text/plain", "Согласовываю {sha}\nСпасибо, Марина", charset="koi8-r"),
    "mixed: alternative with a related part": multi(
        "mixed", multi("alternative", leaf("text/plain", PLAIN_OK),
                       multi("related", leaf("text/html", HTML_OK)))),
}


@pytest.mark.parametrize("case", list(APPROVE))
def test_a_reply_whose_every_part_approves_is_an_approval(case, dns):  # noqa: F811
    record = check(signed(APPROVE[case], dns), dns)
    assert (record.change, record.sha256, record.despite) == ("CR-001", SHA, "")


REFUSE = {
    # the red team's case: text/plain approves, text/html refuses
    "html refuses": (alternative(PLAIN_OK, "<p>We do <b>not</b> approve {sha}. Please do not start.</p>"),
                     ("in its text/html part", "«not»")),
    "the red team's mail": (alternative(PLAIN_OK, "<p>We do <b>not</b> approve this change. Please do not "
                                                  "start.</p>"), ("text/html part quotes no SHA-256",)),
    "html says something else": (alternative(PLAIN_OK, "<p>Approved {sha}</p><p>Let us talk on Monday</p>"),
                                 ("text/html part", "Monday")),
    "html without the hash": (alternative(PLAIN_OK, "<p>Approved, thanks</p>"),
                              ("text/html part quotes no SHA-256",)),
    "plain refuses, html approves": (alternative("No, I do not approve {sha}", HTML_OK), ("text/plain part",)),
    "html only, refusing": (leaf("text/html", "<p>Approved {sha}</p><div>Not yet: our lawyer is against it</div>"),
                            ("not",)),
    "an entity spells the refusal": (alternative(PLAIN_OK, "<p>Approved {sha}. I do &#110;&#x6f;t.</p>"), ("not",)),
    "a quote that is no <blockquote>": (
        alternative(PLAIN_OK, HTML_OK + '<div style="border-left:1px solid">We withdraw it.</div>'), ("withdraw",)),
    "hidden refusal": (alternative(PLAIN_OK, HTML_OK + '<div style="display:none">I do not approve</div>'),
                       ("not",)),
    "hidden approval": (alternative(PLAIN_OK, '<p>Thanks</p><p style="font-size:0">Approved {sha}</p>'),
                        ("hides text",)),
    "hidden by the hidden attribute": (alternative(PLAIN_OK, '<p>Thanks, Marina</p><p hidden>Approved {sha}</p>'),
                                       ("hides text",)),
    "hidden by a <style> class": (alternative(PLAIN_OK, '<style>.q{visibility:hidden}</style>' + HTML_OK),
                                  ("<style> block",)),
    "text added by CSS": (alternative(PLAIN_OK, '<style>p::before{content:"Not "}</style><p>Approved {sha}</p>'),
                          ("<style> block",)),
    "an Outlook-only conditional comment": (
        alternative(PLAIN_OK, HTML_OK + "<!--[if mso]><p>We do not approve it</p><![endif]-->"), ("not",)),
    "image alt text": (alternative(PLAIN_OK, HTML_OK + '<img src="cid:x" alt="Do not start the work">'), ("not",)),
    "html in UTF-7": (multi("alternative", leaf("text/plain", PLAIN_OK),
                            leaf("text/html", "<p>Approved {sha} I do +AG4-ot</p>", charset="utf-7")),
                      ("charset utf-7",)),
    "unknown charset": (multi("alternative", leaf("text/plain", PLAIN_OK),
                              leaf("text/html", "<p>I do not approve</p>", charset="x-unknown")),
                        ("unknown charset",)),
    "8-bit bytes declared ASCII": (multi("alternative", leaf("text/plain", PLAIN_OK),
                                         leaf("text/html", "<p>Approved {sha}</p><p>Нет</p>".encode(),
                                              charset="us-ascii")),
                                   ("not ascii",)),
    "a <meta> charset other than the header's": (
        alternative(PLAIN_OK, '<meta charset="koi8-r">' + HTML_OK), ("<meta>",)),
    "an unknown transfer encoding": (multi("alternative", leaf("text/plain", PLAIN_OK),
                                           leaf("text/html", HTML_OK, cte="x-uuencode")),
                                     ("transfer encoding",)),
    "a PDF as the other alternative": (multi("alternative", leaf("text/plain", PLAIN_OK),
                                             leaf("application/pdf", b"JVBERi0=", charset="", cte="base64")),
                                       ("application/pdf",)),
    # round 6: what a mail program may show beside the reply and the reader does not read refuses
    # round 9 (B3): a picture the HTML shows is not read (a logo may say «НЕ СОГЛАСОВЫВАЮ» as well)
    "mixed: alternative with a related picture": (multi(
        "mixed", multi("alternative", leaf("text/plain", PLAIN_OK),
                       multi("related", leaf("text/html", HTML_OK + '<img src="cid:logo" alt="">'),
                             leaf("image/png", b"\x89PNG", charset="", cte="base64",
                                  extra="Content-ID: <logo>\r\n")))), ("picture", "cid:logo")),
    "a PDF attached": (multi(
        "mixed", multi("alternative", leaf("text/plain", PLAIN_OK), leaf("text/html", HTML_OK)),
        leaf("application/pdf", b"JVBERi0=", charset="", cte="base64",
             extra='Content-Disposition: attachment; filename="a.pdf"\r\n')), ("attachment", "a.pdf")),
    "a text attachment": (multi(
        "mixed", leaf("text/plain", PLAIN_OK),
        leaf("text/plain", "I do not approve", extra='Content-Disposition: attachment; filename="n.txt"\r\n')),
        ("attachment", "n.txt")),
    "a picture shown by no cid": (multi("mixed", leaf("text/plain", PLAIN_OK),
                                        leaf("image/png", b"\x89PNG", charset="", cte="base64")), ("image/png",)),
    "mixed: a second inline text part refuses": (
        multi("mixed", leaf("text/plain", PLAIN_OK), leaf("text/plain", "P.S. We withdraw this approval.")),
        ("withdraw",)),
    "mixed: alternatives disagree deep inside": (
        multi("mixed", multi("alternative", leaf("text/plain", PLAIN_OK),
                             multi("related", leaf("text/html", '<p>Approved {sha}, except clause 4</p><img src="cid:logo">'),
                                   leaf("image/png", b"\x89PNG", charset="", cte="base64",
                                        extra="Content-ID: <logo>\r\n")))),
        ("text/html part",)),
    "parts nested too deep": (nested(30, leaf("text/plain", PLAIN_OK)), ("nested more than",)),
}


@pytest.mark.parametrize("case", list(REFUSE))
def test_a_reply_any_part_of_which_refuses_is_refused(case, dns):  # noqa: F811
    body, words = REFUSE[case]
    refuses(signed(body, dns), dns, *words)


def test_html_is_read_as_its_text_with_blockquotes_as_quotes():
    text, problems = approval_mail.html_text(
        "<p>Approved &amp; thanks</p><blockquote>old <b>text</b><blockquote>older</blockquote></blockquote>"
        "<p>Марина</p>")
    assert [x for x in text.split("\n") if x] == ["Approved & thanks", "> old text", "> > older", "Марина"]
    assert problems == []


def test_a_confirmed_reply_keeps_why_its_parts_disagree(dns):  # noqa: F811
    eml = signed(REFUSE["html refuses"][0], dns)
    record = check(eml, dns, confirm=True)
    assert record.despite.startswith("not an approval: in its text/html part")


def test_approve_refuses_the_red_team_mail_and_records_nothing(pending, dns, tmp_path, monkeypatch):  # noqa: F811
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    mail = tmp_path / "reply.eml"
    mail.write_bytes(signed(REFUSE["html refuses"][0], dns, sha))
    out = run("approve", path, "--eml", mail, ok=False).output
    assert out.startswith("error: not an approval: in its text/html part"), out
    assert "Traceback" not in out and not (path / approval.APPROVALS).exists()
    mail.write_bytes(signed(APPROVE["both parts approve"], dns, sha))
    assert "CR-001 approved by email" in run("approve", path, "--eml", mail).output


def test_a_teammates_record_of_it_is_unverified(pending, dns, monkeypatch):  # noqa: F811
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    _approval_by_hand(path, signed(REFUSE["html refuses"][0], dns, sha), sha, "romashka.example")
    with open_repo(path) as repo:
        [entry] = approval_trust.entries(path, repo, dnsfunc=dns)
    assert "not an approval: in its text/html part" in entry.problem, entry.problem
    assert "approved by email" not in run("status", path).output


def test_the_guard_refuses_it(approval_server):  # noqa: F811
    project, bare, resolver, sha = approval_server
    before = head(project)
    for case in ("html refuses", "hidden approval", "html in UTF-7"):
        _approval_by_hand(project, signed(REFUSE[case][0], resolver, sha), sha, "romashka.example")
        refused(push(project), bare, before, ".contractkit/approvals/CR-001.yaml: not an approval", "text/html")
        git_in(project, "reset", "-q", "--hard", before)
