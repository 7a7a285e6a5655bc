"""Red team round 6 (#22): refusals the round-5 reader still counted as approvals, and a
teammate's confirmation passed off as the user's own decision.

- Names: a line of capitalised words beside the approval was taken for a name ("Scratch That.
  Abort.", «Передумали. Отбой.», "Nevermind."). A name is now one of the people who may sign: the
  From header's display name, the client's signatory and contact person, the contractor's (whom a
  greeting addresses), or an initial of one.
- The signature: only its first 3 lines were searched; now every line is, and a signature of more
  than 10 lines is no approval's.
- Quotes: any `>` line was dropped as a quote, so ">>> UPDATE: we do NOT approve <<<" between the
  client's own lines went unread. Now only the trailing `>` block under a quote header ("On … wrote:",
  «… пишет:») is another's letter; any other `>` line is the client's own text.
- Other parts: a text/plain attachment withdrawing the approval (Thunderbird and Apple Mail show it
  inline) was not read. Any attachment, forwarded message or part other than the text, its HTML
  version and the HTML's inline pictures now refuses.
- `confirmed_by` is what a record claims: a teammate could commit the client's refusal with an
  approval record "confirmed by" the victim and an invented reason. A confirmation counts only on
  the machine that made it, or once its user accepts it (`approve --accept`); its reason must be
  the one its mail gives, recomputed.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import dkim
import pytest

from contractkit.flows import approval, approval_trust
from contractkit.mail import sections as reply_sections
from contractkit.mail import text as approval_text
from contractkit.store import records
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import git_in, head
from tests.test_approval import CLIENT, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

PEOPLE = approval_text.person_words("Марина Кузнецова", "Кузнецова Марина Сергеевна", "Anna Kuznetsova")
KNOWN = approval_text.document_words("cr-001-2026-031.pdf", "CR-001")
CARD = approval_text.card_words("Romashka LLC", "Tverskaya 1, Moscow")
"""The company and the client's address a signature may name (round 7: read by an allow-list)."""

REFUSED = {
    "ru changed minds": "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\nСпасибо, Марина\n"
                        "Передумали. Отбой.",
    "scratch that": "Approved {sha}.\nScratch That. Abort.\nAnna",
    "nevermind": "I approve {sha}.\nNevermind.",
    "ru forget it": "Согласовываю {sha}.\nМарина\nЗабудьте. Передумали.",
    "fourth signature line": "Approved {sha}.\n-- \nAnna Kuznetsova\nRomashka LLC\n+7 999 000 00 00\n"
                             "P.S. We do not approve the blog after all.",
    "tenth signature line": "Approved {sha}.\n-- \nAnna\n" + "Romashka LLC\n" * 9 + "Cancel it.",
    "long signature": "Approved {sha}.\n-- \n" + "Anna\n" * 11,
    "quote-shaped own line": "Approved {sha}.\n>>> UPDATE: we do NOT approve <<<\nAnna",
    "quote-shaped last line": "Approved {sha}.\n\n> Stop all work, we withdraw.",
    "unknown name": "Approved {sha}.\nThanks, Boris",
    "unknown ru name": "Согласовываю {sha}.\nСпасибо, Отбой",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_the_reader_refuses_round6_replies(case):
    text = REFUSED[case].format(sha="a" * 64)
    said = approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text), KNOWN,
                                 "Re: CR-001", PEOPLE)
    assert said is not None and said.startswith("not an approval: «"), (case, said)
    assert "\n" not in said


@pytest.mark.parametrize("text", [
    "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\nСпасибо, Марина",
    "Approved {sha}.\nThanks,\nAnna K.",
    "Согласовываю {sha}.\n\nС уважением,\nКузнецова М. С.",
    "Approved {sha}.\n-- \nAnna Kuznetsova\nRomashka LLC\n+7 999 000 00 00\nMoscow\n",
    "Согласовываю {sha}.\n\nИван <ivan@example.ru> пишет:\n> Прошу согласовать.\n>\n> Начнём работу в понедельник.\n",
])
def test_genuine_round6_approvals_still_approve(text):
    text = text.format(sha="b" * 64)
    said = approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text), KNOWN,
                                 "", PEOPLE, CARD)
    assert said is None, said


def test_a_quote_under_a_header_is_not_read_but_an_unheaded_one_is():
    """The contractor's own letter, quoted under "… пишет:", may say «не» (its words are not the
    client's); the same lines with no header above are the client's text."""
    quoted = "Согласовываю {sha}.\n\nИван <ivan@example.ru> пишет:\n> Работы не начнутся до ответа.\n"
    bare = "Согласовываю {sha}.\n\n> Работы не начнутся до ответа.\n"
    assert reply_sections.own_lines(quoted.format(sha="c" * 64)) == ["Согласовываю " + "c" * 64 + ".", ""]
    assert "> Работы не начнутся до ответа." in reply_sections.own_lines(bare.format(sha="c" * 64))


def _mail(body: str, resolver, attachment: tuple[str, str, str] | None = None, display: str = "Марина Кузнецова"):
    msg = EmailMessage()
    msg["From"] = f"{display} <{CLIENT}>"
    msg["To"] = "studio@example.ru"
    msg["Subject"] = "Re: Согласовано"
    msg["Date"] = formatdate(1765000000)
    msg["Message-ID"] = make_msgid(domain="romashka.example")
    msg.set_content(body)
    if attachment is not None:
        maintype, subtype, text = attachment
        if maintype == "text":
            msg.add_attachment(text, subtype=subtype, filename="note.txt")
        else:
            msg.add_attachment(text.encode(), maintype=maintype, subtype=subtype, filename="note.bin")
    data = msg.as_bytes().replace(b"\n", b"\r\n")
    signature = dkim.sign(data, b"ck", b"romashka.example", resolver.keys["romashka.example"],
                          include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    return signature + data


@pytest.fixture
def key_file(dns, tmp_path):  # noqa: F811
    key = tmp_path / "key.txt"
    key.write_bytes(dns.records[b"ck._domainkey.romashka.example."])
    return key


@pytest.mark.parametrize("case", ["ru changed minds", "scratch that", "fourth signature line",
                                  "quote-shaped own line"])
def test_approve_eml_records_none_of_them(pending, dns, key_file, tmp_path, case):  # noqa: F811
    path, sha = pending
    eml = tmp_path / "reply.eml"
    eml.write_bytes(reply(CLIENT, REFUSED[case].format(sha=sha), dns))
    before = head(path)
    result = run("approve", path, "--eml", eml, "--dkim-key", key_file, ok=False)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "not an approval" in lines[0], result.output
    assert head(path) == before and not (path / approval.APPROVALS).exists()


@pytest.mark.parametrize("attachment", [
    ("text", "plain", "Прошу считать предыдущую строку недействительной: мы НЕ согласовываем изменение."),
    ("text", "plain", "Всё хорошо."),
    ("application", "pdf", "%PDF-1.4 withdrawn"),
], ids=["refusing text", "harmless text", "a PDF"])
def test_an_approval_with_an_attachment_is_refused(pending, dns, key_file, tmp_path, attachment):  # noqa: F811
    """The body approves; an attachment a mail program may show inline says otherwise, or may: it is
    not read, so the reply is not an approval (--confirm is the user's way to record it)."""
    path, sha = pending
    eml = tmp_path / "reply.eml"
    eml.write_bytes(_mail(f"Согласовываю документ cr-001-2026-031.pdf, SHA-256: {sha}", dns, attachment))
    result = run("approve", path, "--eml", eml, "--dkim-key", key_file, ok=False)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "not an approval" in lines[0] and "attachment" in lines[0], result.output
    assert not (path / approval.APPROVALS).exists()


def test_a_name_only_the_from_header_gives_is_not_a_name(pending, dns, key_file, tmp_path):  # noqa: F811
    """«Спасибо, Светлана» is one clause too many when Светлана is no person of the project, whatever
    the From header's display name says: the sender writes it (round 8, A4: «Марина Передумали
    Отбой» made «Передумали. Отбой» two names)."""
    path, sha = pending
    body = f"Согласовываю документ cr-001-2026-031.pdf, SHA-256: {sha}\nСпасибо, Светлана"
    eml = tmp_path / "reply.eml"
    for display in ("", "Светлана Орлова"):
        eml.write_bytes(_mail(body, dns, display=display))
        result = run("approve", path, "--eml", eml, "--dkim-key", key_file, ok=False)
        assert "not an approval" in result.output and "Светлана" in result.output


def _teammate_confirmation(path, eml: bytes, sha: str, despite: str) -> None:
    """What a teammate commits with plain git: the client's mail and a record "confirmed by" the
    victim, with a reason of their own."""
    folder = path / ".contractkit" / "approvals"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "CR-001.eml").write_bytes(eml)
    record = approval.ApprovalRecord(change="CR-001", document="cr-001-2026-031.pdf", sha256=sha, sender=CLIENT,
                                     dkim_domain="romashka.example", recorded_on="2026-12-11",
                                     confirmed_by="Victim", despite=despite)
    (folder / "CR-001.yaml").write_bytes(records.dump(record))
    git_in(path, "add", ".contractkit/approvals")
    git_in(path, "commit", "-qm", "CR-001 approved by email")


def test_a_teammates_confirmation_with_an_invented_reason_never_counts(pending, dns, monkeypatch):  # noqa: F811
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    refusal = reply(CLIENT, f"Не согласовываю {sha}: цена завышена.", dns)
    _teammate_confirmation(path, refusal, sha, "the client approved by phone")
    with open_repo(path) as repo:
        [entry] = approval_trust.entries(path, repo, dnsfunc=dns)
        assert "reason its email does not give" in entry.problem and "не" in entry.problem, entry.problem
        [guarded] = approval_trust.entries(path, repo, dnsfunc=dns, confirmations=True)
        assert guarded.problem == entry.problem  # the server guard refuses it too
    log = run("log", path).output
    assert "unverified approval record" in log and "approved by email" not in log, log
    assert "approved by email" not in run("status", path).output
    out = run("approve", path, "--accept", "CR-001", ok=False).output
    assert out.startswith("error: CR-001: the approval record cannot be accepted"), out


def test_a_teammates_confirmation_awaits_the_users_acceptance(pending, dns, key_file, monkeypatch):  # noqa: F811
    """The reason is the mail's own, so the guard lets it through; here it does not count until the
    user, shown the client's words again, accepts it."""
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    refusal = reply(CLIENT, f"Не согласовываю {sha}: цена завышена.", dns)
    again = approval.check_reply(refusal, CLIENT, [approval.PendingDocument("CR-001", "cr-001-2026-031.pdf", sha)],
                                 dns, confirm=True)
    _teammate_confirmation(path, refusal, sha, again.despite)
    with open_repo(path) as repo:
        [entry] = approval_trust.entries(path, repo, dnsfunc=dns)
        assert "Victim recorded it as approved over the client's wording" in entry.problem, entry.problem
        assert "approve --accept CR-001" in entry.problem
        [guarded] = approval_trust.entries(path, repo, dnsfunc=dns, confirmations=True)
        assert guarded.problem == ""
        assert approval_trust.trusted(path, repo) == []
    assert "approved by email" not in run("status", path).output
    out = run("approve", path, "--accept", "CR-001", "--dkim-key", key_file).output
    assert out.startswith("CR-001 accepted as approved: Victim confirmed the reply"), out
    assert "Не согласовываю" in out
    with open_repo(path) as repo:
        assert [a.change for a in approval_trust.trusted(path, repo)] == ["CR-001"]
    assert "confirmed by Victim despite" in run("log", path).output


def test_approve_needs_one_of_eml_or_accept(pending):  # noqa: F811
    path, _ = pending
    out = run("approve", path, ok=False).output
    assert out.startswith("error: approve needs either --eml FILE") and "Traceback" not in out
