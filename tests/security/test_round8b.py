"""Red team round 8 (#22), the second half: each attack is rebuilt here from its description (the
mails are generated and signed with a test key) and must be refused.

A8.  HTML whose HTML5 parse is quadratic (`<font size=N></x>` repeated, `<rt>` repeated) stops at
     a cap on what the parser keeps open, and a reply's HTML is parsed once per command.
A9.  A reply naming another change request (CR-002) beside CR-001's hash is no approval of either.
A10. The Subject is read by the body's clause rules: one that withdraws refuses.
A4.  The From header's display name adds no "name" words («Марина Передумали Отбой»).
A5.  A web or e-mail address in a signature must look like one, not a sentence joined by dots.
A12. `sync` names the address it fetches from and pushes to, credentials stripped, and refuses one
     that changed since the project's last sync or clone on this machine (`--new-remote` accepts it).
A13. The guard refuses a push of any ref outside branches and signature tags (refs/replace/*,
     refs/notes/*, another tag).
"""

from __future__ import annotations

import pytest

from contractkit.flows import approval
from contractkit.mail import message as approval_mail
from tests.security.gitfixtures import ck, git_in, head
from tests.security.test_approvals_round7 import (
    APPROVES,
    APPROVES_HTML,
    CARDS,
    NAMES,
    SHA,
    SHEET,
    alternative,
    check,
    html,
    mail,
    refuses,
    text,
)
from tests.security.test_guard_bypass import guarded, push  # noqa: F401 - fixtures
from tests.security.test_guard_bypass import refused as guard_refused
from tests.test_approval import CLIENT, Dns, dns  # noqa: F401 - fixtures

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


SHA2 = "a1" * 32
SHEET2 = approval.PendingDocument("CR-002", "cr-002-2026-031.pdf", SHA2)


def signed(body: bytes, resolver: Dns, subject: str = "Re: CR-001",
           sender: str = "Марина Кузнецова <office@romashka.example>") -> bytes:
    """A reply with the Subject and From given, DKIM-signed by the client's domain."""
    from email.header import Header
    from email.utils import formataddr, parseaddr

    import dkim

    folded = Header(subject, "utf-8").encode(linesep="\r\n")  # CRLF throughout, as a mail program writes
    head = (f"From: {formataddr(parseaddr(sender))}\r\n"
            f"To: studio@example.ru\r\nSubject: {folded}\r\n"
            "Date: Sat, 06 Dec 2026 10:00:00 +0000\r\nMessage-ID: <r8b@romashka.example>\r\nMIME-Version: 1.0\r\n")
    data = head.encode() + body.replace(b"{sha}", SHA.encode())
    return dkim.sign(data, b"ck", b"romashka.example", resolver.keys["romashka.example"],
                     include_headers=[b"from", b"to", b"subject", b"date", b"message-id"]) + data


def both(eml: bytes, resolver: Dns, names=NAMES):
    return approval.check_reply(eml, CLIENT, [SHEET, SHEET2], resolver, names=names, cards=CARDS)


def refused(eml: bytes, resolver: Dns, *words: str, names=NAMES) -> str:
    with pytest.raises(approval.ApprovalError) as caught:
        both(eml, resolver, names)
    message = caught.value.message
    assert all(w in message for w in words) and "\n" not in message, message
    return message


class TestAnotherDocumentNamed:
    """A9: every pending document's words stood by the phrase, beside whichever hash matched."""

    @pytest.mark.parametrize("body", [
        "Согласовываю документ cr-002-2026-031.pdf (запрос на изменение CR-002).\nSHA-256: {sha}\nМарина\n",
        "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\nМарина\nCR-002\n",
        "Approved CR 2.\nSHA-256: {sha}\n",
        "Согласовываю документ cr-001-2026-031.pdf и сr-007.\nSHA-256: {sha}\n",
    ], ids=["the other pending one", "a line naming it", "cr 2", "an unknown id, look-alike c"])
    def test_a_reply_naming_another_change_request_refuses(self, dns, body):  # noqa: F811
        refused(signed(text(body), dns), dns, "not an approval", "CR-00")

    def test_another_change_request_in_the_subject_refuses(self, dns):  # noqa: F811
        refused(signed(text(APPROVES), dns, subject="Re: Согласовано: cr-002-2026-031.pdf"), dns, "CR-002")

    def test_the_document_whose_hash_it_quotes_approves(self, dns):  # noqa: F811
        body = "Согласовываю документ cr-001-2026-031.pdf (запрос на изменение CR-001).\nSHA-256: {sha}\nМарина\n"
        record = both(signed(text(body), dns, subject="Re: Согласовано: cr-001-2026-031.pdf"), dns)
        assert (record.change, record.sha256) == ("CR-001", SHA)


class TestSubject:
    """A10: the Subject was only searched for refusing words."""

    @pytest.mark.parametrize("subject", [
        "Передумали. Остаёмся на 20 страницах, блог убираем",
        "Re: Согласовано: cr-001-2026-031.pdf; остаёмся на 20 страницах",
        "Approved: cr-001-2026-031.pdf. Scratch that",
        "Марина Кузнецова",
    ])
    def test_a_subject_saying_more_than_a_reply_refuses(self, dns, subject):  # noqa: F811
        refused(signed(text(APPROVES), dns, subject=subject), dns, "not an approval", "Subject")

    @pytest.mark.parametrize("subject", [
        "", "Re: CR-001", "Re: Согласовано: cr-001-2026-031.pdf", "RE: Approved: cr-001-2026-031.pdf",
        "Ответ: Согласовано", "Fwd: Re[2]: Согласование CR-001", "Согласовано: document-data.json",
    ])
    def test_a_subject_replying_to_the_request_passes(self, dns, subject):  # noqa: F811
        assert both(signed(text(APPROVES), dns, subject=subject), dns).change == "CR-001"


class TestDisplayName:
    """A4: every word of the From header's display name counted as a person's name."""

    WITHDRAWN = "Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}\nПередумали. Отбой\nМарина\n"

    def test_display_name_words_are_not_names(self, dns):  # noqa: F811
        eml = signed(text(self.WITHDRAWN), dns, sender="Марина Передумали Отбой <office@romashka.example>")
        refused(eml, dns, "not an approval", "Передумали")
        refused(eml, dns, "not an approval", "Передумали", names=())

    @pytest.mark.parametrize("sender, names, body", [
        ("Марина Иванова <office@romashka.example>", ("Иванова Марина Петровна",),
         "Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}\nМарина Иванова\n"),
        ("Jane Doe <office@romashka.example>", ("Jane Doe",), "Approved {sha}.\nThanks, Jane Doe\n"),
        ("Марина Иванова <office@romashka.example>", NAMES,
         "Согласовываю документ cr-001-2026-031.pdf. SHA-256: {sha}\nМарина\n"),
    ])
    def test_a_real_name_signs(self, dns, sender, names, body):  # noqa: F811
        assert both(signed(text(body), dns, sender=sender), dns, names).change == "CR-001"

    def test_a_name_only_the_display_name_holds_is_read_as_a_word(self, dns):  # noqa: F811
        eml = signed(text("Approved {sha}.\nThanks, Jane Doe\n"), dns, sender="Jane Doe <office@romashka.example>")
        refused(eml, dns, "not an approval", "Jane Doe", names=("John Smith",))


class TestSignatureAddresses:
    """A5: any dotted words passed as a web or e-mail address."""

    @pytest.mark.parametrize("line", [
        "Передумали.Остаёмся.на.20.страницах",
        "peredumali.ostaemsya.na.20.stranitsah@romashka.example",
        "www.peredumali-ostaemsya.ru",
        "https://otboy.ru",
        "marina@peredumali.ostaemsya.na.stranitsah.ru",
    ])
    def test_a_sentence_dressed_as_an_address_refuses(self, dns, line):  # noqa: F811
        body = f"Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {{sha}}\n\n-- \nМарина Кузнецова\n{line}\n"
        refused(signed(text(body), dns), dns, "not an approval", line[:20])

    @pytest.mark.parametrize("line", [
        "office@romashka.example", "marina.kuznetsova@romashka.example", "m.s.kuznetsova@gmail.com",
        "https://romashka.example/", "www.romashka.example", "romashka.ru", "msk.romashka.example",
        "E-mail: office@romashka.example",
    ])
    def test_an_address_of_the_client_passes(self, dns, line):  # noqa: F811
        body = f"Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {{sha}}\n\n-- \nМарина Кузнецова\n{line}\n"
        assert both(signed(text(body), dns), dns).change == "CR-001"


class TestGuardRefs:
    """A13: the guard checked the commits of any ref, but let the ref itself in."""

    def _replace(self, a) -> str:
        tree = git_in(a, "rev-parse", "HEAD^{tree}").strip()
        other = git_in(a, "commit-tree", tree, "-p", "HEAD~1", "-m", "the same tree, another story").strip()
        git_in(a, "replace", "HEAD", other)
        return f"refs/replace/{git_in(a, 'rev-parse', 'HEAD').strip()}"

    def _note(self, a) -> str:
        git_in(a, "notes", "add", "-m", "approved by the client (not)", "HEAD")
        return "refs/notes/commits"

    def _tag(self, a) -> str:
        git_in(a, "tag", "v1", "HEAD")
        return "refs/tags/v1"

    @pytest.mark.parametrize("make", ["_replace", "_note", "_tag"])
    def test_a_ref_outside_branches_and_signature_tags_is_refused(self, guarded, make):  # noqa: F811
        a, bare = guarded
        before = git_in(bare, "for-each-ref")
        ref = getattr(self, make)(a)
        guard_refused(push(a, f"{ref}:{ref}"), f"{ref}: ")
        assert git_in(bare, "for-each-ref") == before

    def test_a_branch_still_passes(self, guarded):  # noqa: F811
        a, bare = guarded
        git_in(a, "checkout", "-q", "-b", "work")
        result = push(a, "work")
        assert result.returncode == 0, result.stdout + result.stderr


class TestSyncAddress:
    """A12: a project whose .git/config names another server synced to it without a word."""

    def test_sync_names_the_remote(self, team, ws):
        a, _ = team
        synced = ck("sync", a)
        assert synced.returncode == 0, synced.stderr
        assert synced.stdout.splitlines()[0] == f"origin {ws / 'origin.git'}"

    def test_a_remote_that_changed_since_the_last_sync_is_refused(self, team, ws):
        a, _ = team
        evil = ws / "evil.git"
        git_in(ws, "init", "-q", "--bare", str(evil))
        git_in(a, "remote", "set-url", "origin", str(evil))
        refused = ck("sync", a)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr
        assert f"the remote is now origin {evil}, not {ws / 'origin.git'}" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) <= 2  # the error and its hint
        assert git_in(evil, "for-each-ref") == ""  # nothing pushed there
        accepted = ck("sync", a, "--new-remote")
        assert accepted.returncode == 0, accepted.stderr
        assert accepted.stdout.splitlines()[0] == f"origin {evil}"
        assert git_in(evil, "rev-parse", "refs/heads/main").strip() == head(a)
        assert ck("sync", a).returncode == 0  # remembered

    def test_the_same_remote_by_another_name_and_a_clone_pass(self, team, ws):
        a, b = team
        git_in(a, "remote", "set-url", "origin", f"file://{ws / 'origin.git'}")
        synced = ck("sync", a)
        assert synced.returncode == 0, synced.stderr
        assert ck("sync", b).returncode == 0  # b was cloned from it: the clone remembered it

    def test_credentials_are_never_shown(self, team, ws):
        a, _ = team
        git_in(a, "remote", "set-url", "origin", "https://marina:s3cret-token@git.example.invalid/p.git?x=1")
        refused = ck("sync", a)
        assert refused.returncode != 0
        assert "s3cret" not in refused.stderr + refused.stdout and "marina" not in refused.stderr
        assert "origin https://git.example.invalid/p.git" in refused.stderr
