"""Red team round 9 (#22), second fixer: B9, B10, B12 (B7 is in test_round9_billing.py).

B9.  A request's `received` date rewritten with plain git passed doctor and the guard, and the
     weekly update told the client they were 16 working days late (and moved a deadline under the
     contract's client-delay clause). `received` may go from null to a date once, in the commit the
     `received` command makes, never before `asked`.
B10. Bidi overrides (U+202E ... U+202C) in an approval reply: every mail program shows the phrase
     mirrored and the hash reversed (another hash), while the reader dropped them and approved.
     Bidi controls and other invisible format characters refuse, in the text, the HTML and the
     Subject.
B12. 3,000 request records committed by hand made doctor ~45x slower: a record folder holds at
     most bounds.MAX_RECORDS records, more is refused in one line naming the folder.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import dkim
import pytest

from contractkit import bounds
from contractkit.errors import ContractkitError
from contractkit.flows import approval_trust
from contractkit.mail import sections as reply_sections
from contractkit.mail import text as approval_text
from tests.conftest import run
from tests.security.gitfixtures import git_in
from tests.test_approval import CLIENT, dns, pending  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("records")

REQUEST = ".contractkit/requests/R-001.yaml"


def _teammate(path, message: str) -> None:
    git_in(path, "add", "-A")
    git_in(path, "-c", "user.name=Teammate", "-c", "user.email=t@example.ru", "commit", "-qm", message)


@pytest.fixture
def asked(ru_project):
    run("sign", ru_project, "--date", "2026-12-01")
    run("asked", ru_project, "Тексты", "--date", "2026-12-08")
    return ru_project


def _set_received(path, old: str, new: str) -> None:
    file = path / REQUEST
    text = file.read_text(encoding="utf-8")
    assert f"received: {old}" in text
    file.write_text(text.replace(f"received: {old}", f"received: {new}"), encoding="utf-8")


def test_a_received_date_rewritten_after_the_received_command_is_refused(asked):
    run("received", asked, "R-001", "--date", "2026-12-09")
    assert "R-001.yaml" not in run("doctor", asked).output  # the control: the command's own change
    _set_received(asked, "'2026-12-09'", "'2027-01-15'")
    _teammate(asked, "R-001")
    out = run("doctor", asked, ok=False).output
    assert "R-001.yaml: edited after the commit that wrote it" in out and "received changed more than once" in out
    result = run("update", asked, "--date", "2027-01-16", ok=False)
    assert "damaged record: .contractkit/requests/R-001.yaml" in result.output
    assert "позже" not in result.output  # no lateness claim reaches a letter
    assert not list((asked / "out").glob("letter-*-update*"))


@pytest.mark.parametrize("day, message, why", [
    ("'2020-01-01'", "R-001: received from the client on 2020-01-01: Тексты", "is before asked 2026-12-08"),
    ("'2026-12-20'", "R-001", "not by the `received` command"),
])
def test_a_received_date_set_by_plain_git_is_refused(asked, day, message, why):
    _set_received(asked, "null", day)
    _teammate(asked, message)
    out = run("doctor", asked, ok=False).output
    assert "R-001.yaml: edited after the commit that wrote it" in out and why in out, out


def _mail(resolver, text: str, html: str | None = None, subject: str = "Re: Согласовано") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Марина Кузнецова <{CLIENT}>"
    msg["To"] = "studio@example.ru"
    msg["Subject"] = subject
    msg["Date"] = formatdate(1765000000)
    msg["Message-ID"] = make_msgid(domain="romashka.example")
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    data = msg.as_bytes().replace(b"\n", b"\r\n")
    signature = dkim.sign(data, b"ck", b"romashka.example", resolver.keys["romashka.example"],
                          include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    return signature + data


RLO, PDF = "\u202e", "\u202c"


def test_a_reply_with_bidi_overrides_is_refused_and_a_plain_one_approves(pending, dns):  # noqa: F811
    path, sha = pending
    plain = f"Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n"
    mirrored = f"{RLO}Согласовываю документ cr-001-2026-031.pdf.{PDF}\nSHA-256: {RLO}{sha}{PDF}\n"
    with pytest.raises(ContractkitError, match="U\\+202E, a bidi control") as caught:
        approval_trust.record_approval(path, _mail(dns, mirrored), dnsfunc=dns)
    assert "\n" not in caught.value.message
    html = f"<p>&#x202E;Согласовываю документ cr-001-2026-031.pdf.&#x202C;</p><p>SHA-256: {sha}</p>"
    with pytest.raises(ContractkitError, match="bidi control"):
        approval_trust.record_approval(path, _mail(dns, plain, html), dnsfunc=dns)
    with pytest.raises(ContractkitError, match="U\\+2067, a bidi control"):
        approval_trust.record_approval(path, _mail(dns, plain, subject="Re: \u2067Согласовано\u2069"), dnsfunc=dns)
    assert not (path / ".contractkit/approvals/CR-001.eml").exists()
    assert approval_trust.record_approval(path, _mail(dns, plain), dnsfunc=dns).change == "CR-001"


@pytest.mark.parametrize("char", ["\u202a", "\u202d", "\u2066", "\u2068", "\u200f", "\u061c", "\u200b", "\u2060"])
def test_every_bidi_control_and_invisible_format_character_refuses(char):
    text = f"Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {'a' * 32}{char}{'a' * 32}\n"
    said = approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text))
    assert said is not None and f"U+{ord(char):04X}" in said, said


def test_a_bidi_control_in_a_quoted_line_refuses():
    said = approval_text.verdict([f"Approved {'a' * 64}."], quoted=[f"> {RLO}devorppa ton{PDF}"])
    assert said is not None and "U+202E" in said, said


def test_a_flood_of_request_records_is_refused_in_one_line(asked, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_RECORDS", 5)  # the same rule as at 1,000, with fewer files
    folder = asked / ".contractkit/requests"
    for n in range(2, 8):
        (folder / f"R-{n:03d}.yaml").write_text(
            f"id: R-{n:03d}\nwhat: x{n}\nkind: materials\nasked: '2026-12-04'\nstage: null\nreceived: null\n",
            encoding="utf-8")
    _teammate(asked, "requests")
    for command in (("doctor",), ("update", "--date", "2026-12-14")):
        result = run(*command[:1], asked, *command[1:], ok=False)
        assert ".contractkit/requests: 7 records, more than the 5 a project may hold" in result.output, result.output
