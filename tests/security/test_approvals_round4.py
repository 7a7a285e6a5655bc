"""Red team round 4 (#22, 1): refusals, questions, conditions and withdrawals that the round-3
reader counted as approvals. Each reply below is DKIM-valid, comes from the client's address and
quotes the sheet's hash in its own text; each is refused by `approve --eml` (one line, nothing
recorded), by the re-check of a teammate's hand-committed record (status, log) and by the guard.

The reader now errs towards "not an approval" by construction: beside the approval phrase and the
hash, only greetings, thanks, names and a promise to pay may stand; any '?' or refusing word in any
form refuses; nothing is cut before it is read, a long reply refuses as a whole."""

from __future__ import annotations

import pytest

from contractkit.flows import approval, approval_trust
from contractkit.mail import sections as reply_sections
from contractkit.mail import text as approval_text
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
from tests.test_approval import CLIENT, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

PEOPLE = approval_text.person_words("Марина Кузнецова", "Marina Kuznetsova", "Anna Petrova", "Priya Shah")
CARD = approval_text.card_words("ООО «Ромашка»", "Генеральный директор")
"""The company a signature may name (round 7: a signature line is read by an allow-list)."""
"""The names these replies may carry (round 6: a name is one of the people who may sign)."""
TALK = "Комментарий юриста по цене и срокам, который мы обсуждали на встрече. " * 16
MAILS = {
    # a negation past the old 1,000-character line cut, on one long line
    "long": f"Согласовываю документ {{sha}}? {TALK}Итог: не согласовываю, цена завышена.",
    "long, no question mark": f"Согласовываю документ {{sha}}. {TALK}Итог: не согласовываю, цена завышена.",
    "long and polite": "Согласовываю {sha}. " + "Спасибо! " * 300,
    # a line the client wrote that looks like a quote header
    "writes": "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n\nНаш юрист пишет:\n"
              "не согласовываем, цена завышена в два раза.",
    "from": "Коллеги, документ {sha} согласовываю?\nОт: юриста пришло замечание — нет, пока не согласовываем.",
    "on wrote": "Approved {sha}.\nOn Monday our lawyer wrote:\nthe price is too high, we need a new sheet.",
    # questions, the future, the conditional mood, exceptions, withdrawals
    "q1": "Who approved this? SHA-256: {sha}\nWe have not seen it yet.",
    "q2": "Should we approve {sha} ? Let us talk on Monday, the price looks high.",
    "q2 without ?": "Should we approve {sha}. Let us talk on Monday, the price looks high.",
    "full-width ?": "Согласовываю {sha}\uff1f",
    "ill": "I'll approve {sha} tomorrow, once legal reads it.",
    "ill2": "We'll approve {sha} on Monday. Please hold the work till then.",
    "ill2, curly apostrophe": "We\u2019ll approve {sha} on Monday.",
    "ill2, no apostrophe": "Well approve {sha} on Monday.",
    "bi": "Я был бы согласен с документом {sha}, но цена для нас высока. Обсудим в понедельник.",
    "except": "Approved {sha} except the price: please send a new sheet with 200k.",
    "kroме": "Согласовываю {sha}, кроме пункта о цене — пришлите новый лист.",
    "otzyv": "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n\n"
             "P.S. Коллеги, отзываю согласование: отправил по ошибке, ждём правок.",
    "withdraw": "Approved {sha}.\nPlease disregard the line above, it was sent by mistake: we withdraw it and need "
                "a revised sheet.",
    "price too high": "Approved {sha}. The price looks high to us, please send a new sheet.",
    "цена высока": "Согласовываю {sha}. Цена для нас высока, пришлите новый лист.",
    # disguises of a refusing word
    "zero-width in not": "I do n\u200bot approve {sha}.",
    "hangul filler in not": "I do n\u3164ot approve {sha}.",
    "combining mark in not": "I do n\u0308ot approve {sha}.",
    "cyrillic о in not": "I do n\u043et approve {sha}.",
    "latin e in не": "Я н\u0065 согласовываю {sha}.",
    "full-width letters": "Approved {sha}. \uff37\uff45 \uff57\uff49\uff54\uff48\uff44\uff52\uff41\uff57 it.",
}


@pytest.mark.parametrize("case", list(MAILS))
def test_the_reader_refuses_every_red_team_reply(case):
    text = MAILS[case].format(sha="a" * 64)
    said = approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text))
    assert said is not None and said.startswith("not an approval: «"), (case, said)
    assert "\n" not in said


@pytest.mark.parametrize("text", [
    "Согласовываю документ cr-001-2026-031.pdf (запрос на изменение CR-001).\nSHA-256: {sha}\n",
    "I approve the document cr-001-2026-031.pdf (change request CR-001).\nSHA-256: {sha}\n",
    "Добрый день!\n\nСогласовано. SHA-256: {sha}\nСпасибо, оплатим завтра.\n\nС уважением,\nМарина Кузнецова\n",
    "Hi Anna,\nApproved {sha}, thank you! I will pay the invoice on Friday.\n\nBest regards,\nMarina\n"
    "-- \nMarina Kuznetsova, Romashka LLC\n",
    "Согласовываю {sha}.\n\nOn Mon, 1 Dec 2026 at 10:00, Studio <studio@example.ru> wrote:\n> Please approve?\n",
])
def test_genuine_approvals_still_approve(text):
    text = text.format(sha="b" * 64)
    known = approval_text.document_words("cr-001-2026-031.pdf", "CR-001")
    assert approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text), known,
                                 "", PEOPLE, CARD) is None


def test_nothing_is_cut_before_the_refusal_search():
    """The negation stands at character 5,000 of one line: the reader sees it (or refuses the
    length), never approves."""
    text = "Согласовываю {sha}. ".format(sha="c" * 64) + "а" * 5000 + " не согласовываю"
    assert approval_text.refusal(text) is not None
    assert approval_text.verdict([text]) is not None


# Red team round 5 (#22): a quote-header-shaped line, "names" and the signature carrying a refusal
ROUND5 = {
    "header_en": "Approved {sha}\nOn second thought I cannot approve it after all, sorry. Our lawyer wrote:\n"
                 "> Clause 4 is unacceptable, do not sign.",
    "header_ru": "Согласовываю {sha}\nНо нет, отзываю согласование: юрист против, вот что он написал:\n"
                 "> Пункт 4 неприемлем.",
    "header_end": "Approved {sha}\nOn second thought no, do not start: ignore what I wrote:",
    "titlecase": "Approved {sha}\nPlease Call Me Before Starting",
    "caps": "Approved {sha}\nDROP BLOG",
    "signature": "Approved {sha}\n--\nSorry, sent too early: I do not approve this, the price is wrong. Do not start.",
    "signature, third line": "Approved {sha}\n-- \nMarina\nRomashka LLC\nActually no, I do not approve.",
    "signature, about the mail": "Approved {sha}\n-- \nThis message is sent by mistake: do not start.",
    "ru_names": "Согласовываю {sha}\nСпасибо, Блог Уберите",
    "ru_signature": "Согласовываю {sha}\n--\nНет, не согласовываю, ошибка",
    "courtesy line": "Approved {sha}.\nThanks, Remove The Blog Stage",
    "names not last": "Approved {sha}.\nThanks, Drop Blog\n\nBest regards,\nMarina",
    "four names": "Approved {sha}\nRegards, Anna Maria Fox Smith",
    "header shaped, my words": "Approved {sha}\nOn Monday we talked and our lawyer wrote:\n> Clause 4 is fine.",
    "header, nothing quoted": "Approved {sha}\nOn Mon, 1 Dec 2026 at 10:00, Studio <studio@example.ru> wrote:",
    "header, then own text": "Approved {sha}\nOn Mon, 1 Dec 2026, Studio <s@example.ru> wrote:\n> Approve?\nStop",
    "from line, refusing": "Approved {sha}\nFrom: Anna, not approved <anna@example.ru>\n> Approve?",
}


@pytest.mark.parametrize("case", list(ROUND5))
def test_the_reader_refuses_round5_replies(case):
    text = ROUND5[case].format(sha="a" * 64)
    known = approval_text.document_words("cr-001-2026-031.pdf", "CR-001")
    said = approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text), known,
                                 "Re: CR-001")
    assert said is not None and said.startswith("not an approval: «"), (case, said)
    assert "\n" not in said


@pytest.mark.parametrize("line, header", [
    ("On Mon, 1 Dec 2026 at 10:00, Studio <studio@example.ru> wrote:", True),
    ("1 дек. 2026 г., в 10:00, Студия <studio@example.ru> пишет:", True),
    ("From: Anna Petrova <anna@example.ru>", True),
    ("On second thought I cannot approve it after all, sorry. Our lawyer wrote:", False),
    ("Но нет, отзываю согласование: юрист против, вот что он написал:", False),
    ("From: the lawyer, who says no", False),
])
def test_a_quote_header_holds_only_a_name_an_address_and_a_date(line, header):
    assert reply_sections.is_quote_header(line) is header


@pytest.mark.parametrize("text", [
    "Согласовываю {sha}.\n\n1 дек. 2026 г., в 10:00, Студия <studio@example.ru> пишет:\n> Согласуете?\n",
    "Hello Anna,\nApproved {sha}.\nThanks,\nMarina K.\n-- \nMarina Kuznetsova\nRomashka LLC\n+7 900 000 00 00\n",
    "Approved {sha}\nThanks, Priya",
])
def test_genuine_round5_approvals_still_approve(text):
    text = text.format(sha="b" * 64)
    known = approval_text.document_words("cr-001-2026-031.pdf", "CR-001")
    assert approval_text.verdict(reply_sections.own_lines(text), reply_sections.signature_lines(text), known,
                                 "", PEOPLE, CARD) is None


@pytest.mark.parametrize("case", ["header_en", "header_ru", "caps", "signature", "ru_names"])
def test_approve_eml_records_no_round5_reply(pending, dns, key_file, tmp_path, case):  # noqa: F811
    path, sha = pending
    eml = tmp_path / "reply.eml"
    eml.write_bytes(reply(CLIENT, ROUND5[case].format(sha=sha), dns))
    before = head(path)
    result = run("approve", path, "--eml", eml, "--dkim-key", key_file, ok=False)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "not an approval" in lines[0], result.output
    assert head(path) == before and not (path / approval.APPROVALS).exists()


@pytest.fixture
def key_file(dns, tmp_path):  # noqa: F811
    key = tmp_path / "key.txt"
    key.write_bytes(dns.records[b"ck._domainkey.romashka.example."])
    return key


@pytest.mark.parametrize("case", list(MAILS))
def test_approve_eml_records_none_of_them(pending, dns, key_file, tmp_path, case):  # noqa: F811
    path, sha = pending
    eml = tmp_path / "reply.eml"
    eml.write_bytes(reply(CLIENT, MAILS[case].format(sha=sha), dns))
    before = head(path)
    result = run("approve", path, "--eml", eml, "--dkim-key", key_file, ok=False)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "not an approval" in lines[0], result.output
    assert head(path) == before and not (path / approval.APPROVALS).exists()


def test_a_teammates_record_of_each_is_unverified_in_status_and_log(pending, dns, monkeypatch):  # noqa: F811
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    for case, body in MAILS.items():
        _approval_by_hand(path, reply(CLIENT, body.format(sha=sha), dns), sha, "romashka.example")
        with open_repo(path) as repo:
            [entry] = approval_trust.entries(path, repo, dnsfunc=dns)
            assert "not an approval" in entry.problem, (case, entry.problem)
            assert approval_trust.trusted(path, repo) == []
        log = run("log", path).output
        assert "unverified approval record" in log and "approved by email" not in log, (case, log)
        status = run("status", path).output
        assert "approved by email" not in status, (case, status)


def test_the_guard_refuses_each(approval_server):  # noqa: F811
    project, bare, resolver, sha = approval_server
    before = head(project)
    for body in MAILS.values():
        _approval_by_hand(project, reply(CLIENT, body.format(sha=sha), resolver), sha, "romashka.example")
        refused(push(project), bare, before, ".contractkit/approvals/CR-001.yaml: not an approval")
        git_in(project, "reset", "-q", "--hard", before)  # the test's own clone: try the next mail


# `approve --confirm`: the user may count such a reply as an approval, as their own decision

def test_confirm_records_a_refused_reply_as_the_users_decision(pending, dns, key_file, tmp_path,  # noqa: F811
                                                               monkeypatch):
    from contractkit.flows.redline import versions
    from contractkit.flows.site.build import publish

    path, sha = pending
    monkeypatch.setattr(versions, "user_name", lambda: "Alex Morgan")
    eml = tmp_path / "reply.eml"
    eml.write_bytes(reply(CLIENT, MAILS["ill2"].format(sha=sha), dns))
    refusal = run("approve", path, "--eml", eml, "--dkim-key", key_file, ok=False).output
    assert "not an approval" in refusal and "--confirm" in refusal, refusal
    done = run("approve", path, "--eml", eml, "--dkim-key", key_file, "--confirm").output
    assert "on YOUR confirmation (Alex Morgan), despite: not an approval" in done, done
    assert "DKIM valid" not in done.splitlines()[0]
    log = run("log", path).output
    assert "approved by email from office@romashka.example as confirmed by Alex Morgan despite: not an approval" \
        in log, log
    status = run("status", path).output
    assert "(confirmed by Alex Morgan despite the reply's wording)" in status, status
    publish(path, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "признано согласием по решению Alex Morgan" in html
    # on another machine (a fresh state folder) it is somebody's decision, not this user's: it counts
    # only once accepted there (round 6); the guard, which judges no decision, lets it through
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "other-machine"))
    with open_repo(path) as repo:
        [entry] = approval_trust.entries(path, repo, dnsfunc=dns)
        [guarded] = approval_trust.entries(path, repo, dnsfunc=dns, confirmations=True)
    assert "Alex Morgan recorded it as approved over the client's wording" in entry.problem
    assert guarded.problem == "" and guarded.record.confirmed_by == "Alex Morgan"


def test_confirm_never_overrides_the_sender_dkim_or_hash(pending, dns, key_file, tmp_path, monkeypatch):  # noqa: F811
    from contractkit.flows.redline import versions

    path, sha = pending
    monkeypatch.setattr(versions, "user_name", lambda: "Alex Morgan")
    for body, words in ((f"Approved? SHA-256: {'0' * 64}", "wrong hash"),):
        eml = tmp_path / "reply.eml"
        eml.write_bytes(reply(CLIENT, body, dns))
        assert words in run("approve", path, "--eml", eml, "--dkim-key", key_file, "--confirm", ok=False).output
    eml.write_bytes(reply("someone@romashka.example", f"Approved? {sha}", dns))
    assert "wrong sender" in run("approve", path, "--eml", eml, "--dkim-key", key_file, "--confirm",
                                 ok=False).output
    eml.write_bytes(reply(CLIENT, f"Approved? {sha}", dns, domain="evil.example"))
    assert "bad DKIM" in run("approve", path, "--eml", eml, "--dkim-key", key_file, "--confirm", ok=False).output
    assert not (path / approval.APPROVALS).exists()


def test_a_record_that_hides_its_confirmation_is_refused(pending, dns):  # noqa: F811
    """A teammate's record of a refused reply counts only as a confirmation naming who made it."""
    from contractkit.flows.approval import ApprovalRecord
    from contractkit.store import records

    path, sha = pending
    eml = reply(CLIENT, MAILS["except"].format(sha=sha), dns)
    for fields in ({}, {"confirmed_by": "Alex Morgan"}, {"despite": "not an approval: «…»"}):
        folder = path / approval.APPROVALS
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "CR-001.eml").write_bytes(eml)
        record = ApprovalRecord(change="CR-001", document="cr-001-2026-031.pdf", sha256=sha, sender=CLIENT,
                                dkim_domain="romashka.example", recorded_on="2026-12-11", **fields)
        (folder / "CR-001.yaml").write_bytes(records.dump(record))
        git_in(path, "add", ".contractkit/approvals")
        git_in(path, "commit", "-qm", "CR-001 approved by email")
        with open_repo(path) as repo:
            [entry] = approval_trust.entries(path, repo, dnsfunc=dns)
        assert entry.problem, fields


def test_the_guard_accepts_a_confirmation_as_one(approval_server, tmp_path, monkeypatch):  # noqa: F811
    from contractkit.flows.redline import versions
    from tests.security.test_guard_records import passes

    project, bare, resolver, sha = approval_server
    monkeypatch.setattr(versions, "user_name", lambda: "Alex Morgan")
    eml, key = tmp_path / "reply.eml", tmp_path / "key.txt"
    eml.write_bytes(reply(CLIENT, MAILS["kroме"].format(sha=sha), resolver))
    key.write_bytes(resolver.records[b"ck._domainkey.romashka.example."])
    run("approve", project, "--eml", eml, "--dkim-key", key, "--confirm")
    passes(project, bare)
    assert "confirmed_by: Alex Morgan" in git_in(project, "show", "HEAD:.contractkit/approvals/CR-001.yaml")
