"""Approvals: an approval counts only from the client's address in the last SIGNED version (checked
on every machine, from the stored mail), only for a hash in the reply's own words (not in what it
quotes or forwards), and only when the reply says an approval phrase and negates none.

A teammate committed client.email: ceo@evil.example with plain git and an approval DKIM-signed by
evil.example; a DKIM-valid «Нет, я НЕ согласовываю» quoting the sheet's hash counted as approval."""

from __future__ import annotations

import subprocess
from email.message import EmailMessage

import dkim
import pytest

from contractkit.flows import approval, approval_trust
from tests.conftest import run
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")


def _git(path, *args):
    subprocess.run(["git", "-C", str(path), *args], check=True, capture_output=True)


def _refused(path, eml, dns, reason):  # noqa: F811
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, eml, dnsfunc=dns)
    assert reason in caught.value.message, caught.value.message
    assert not (path / approval.APPROVALS).exists()


# a quote header proves a quote only when `>` lines follow it: the two "hash under" replies are the
# client's own text now, refused for what they say («позже», «Посмотрю»), no longer for the hash
REPLIES = {
    "negation, hash quoted with >": ("Нет, я НЕ согласовываю.\n\nOn Mon, 1 Dec 2026, Studio <studio@example.ru> wrote:\n"
                                     "> Согласовываю документ\n> SHA-256: {sha}\n", "wrong hash"),
    # round 6: `>` lines under no quote header are the client's own text
    "negation, hash after >, no header": ("Нет, я НЕ согласовываю.\n\n> Согласовываю документ\n> SHA-256: {sha}\n",
                                          "not an approval"),
    "negation, hash in own text": ("Нет, я НЕ согласовываю этот документ.\nSHA-256: {sha}\n", "not an approval"),
    "EN negation": ("This is not approved. SHA-256: {sha}\n", "not an approval"),
    "do not approve": ("We do not approve the change. SHA-256: {sha}\n", "not an approval"),
    "hash under On ... wrote:": ("Согласовываю позже.\n\nOn Mon, 1 Dec 2026 at 10:00, Studio wrote:\nSHA-256: {sha}\n",
                                 "not an approval"),
    "hash under пишет:": ("Посмотрю.\n\n10.12.2026, 12:00, Студия пишет:\nСогласовываю. SHA-256: {sha}\n",
                          "not an approval"),
    "no approval phrase": ("Получила, посмотрю на неделе.\nSHA-256: {sha}\n", "no approval phrase"),
    "rejected": ("Rejected. SHA-256: {sha}\n", "not an approval"),
}


@pytest.mark.parametrize("case", list(REPLIES))
def test_a_reply_that_does_not_approve_in_its_own_words_is_refused(pending, dns, case):  # noqa: F811
    path, sha = pending
    body, reason = REPLIES[case]
    _refused(path, reply(CLIENT, body.format(sha=sha), dns), dns, reason)


def test_a_forwarded_approval_inside_a_message_part_does_not_count(pending, dns):  # noqa: F811
    path, sha = pending
    inner = EmailMessage()
    inner["From"] = CLIENT
    inner["Subject"] = "Согласовано"
    inner.set_content(f"Согласовываю. SHA-256: {sha}\n")
    outer = EmailMessage()
    outer["From"] = f"Марина <{CLIENT}>"
    outer["To"] = "studio@example.ru"
    outer["Subject"] = "Fwd"
    outer["Date"] = "Mon, 1 Dec 2026 10:00:00 +0000"
    outer.set_content("Согласовываю, см. ниже.")
    outer.add_attachment(inner)
    data = outer.as_bytes().replace(b"\n", b"\r\n")
    data = dkim.sign(data, b"ck", b"romashka.example", dns.keys["romashka.example"],
                     include_headers=[b"from", b"to", b"subject", b"date"]) + data
    _refused(path, data, dns, "wrong hash")


def test_an_explicit_approval_is_recorded_and_its_first_lines_shown(pending, dns, monkeypatch, tmp_path):  # noqa: F811
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    good = tmp_path / "good.eml"
    good.write_bytes(reply(CLIENT, f"Добрый день!\nСогласовываю документ.\nSHA-256: {sha}\n", dns))
    out = run("approve", path, "--eml", good).output
    assert "CR-001 approved by email" in out
    assert "  | Добрый день!" in out and "  | Согласовываю документ." in out
    again = run("approve", path, "--eml", good, ok=False).output
    assert "error: CR-001 is already approved by email" in again


def test_phrases_are_the_users_setting(pending, dns, monkeypatch):  # noqa: F811
    path, sha = pending
    monkeypatch.setenv("CONTRACTKIT_APPROVAL_PHRASES", "беру в работу")
    _refused(path, reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns), dns, "no approval phrase")
    ok = approval_trust.record_approval(path, reply(CLIENT, f"Беру в работу. SHA-256: {sha}\n", dns), dnsfunc=dns)
    assert ok.change == "CR-001"


def test_a_teammates_client_email_edit_and_approval_do_not_count_anywhere(pending, dns, tmp_path,  # noqa: F811
                                                                           monkeypatch):
    path, sha = pending
    dns.add("evil.example")
    evil = "ceo@evil.example"
    project = path / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(CLIENT, evil), encoding="utf-8")
    _git(path, "commit", "-qam", "teammate: client's new address")
    eml = reply(evil, f"Согласовываю. SHA-256: {sha}\n", dns, domain="evil.example")
    _refused(path, eml, dns, f"wrong sender: {evil} is not the client's address")
    record = (f"change: CR-001\ndocument: cr-001-2026-031.pdf\nsha256: '{sha}'\nsender: {evil}\n"
              "dkim_domain: evil.example\nrecorded_on: '2026-12-11'\n")
    (path / approval.APPROVALS).mkdir(parents=True)
    (path / approval.APPROVALS / "CR-001.yaml").write_text(record, encoding="utf-8")
    (path / approval.APPROVALS / "CR-001.eml").write_bytes(eml)
    _git(path, "add", "-A")
    _git(path, "commit", "-qm", "teammate: approval")
    monkeypatch.setattr(approval, "lookup_txt", dns)
    for machine in ("here", "victim"):
        monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / machine))
        log = run("log", path).output
        assert "unverified approval record: its sender ceo@evil.example is not the client's address in the " \
               "last signed version (office@romashka.example)" in " ".join(log.split())
        assert "approved by email" not in log


def test_without_dns_the_lookup_failure_is_named_and_a_key_file_works(pending, dns, tmp_path):  # noqa: F811
    path, sha = pending
    eml = reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns)
    _refused(path, eml, lambda name, timeout=5: None, "DKIM key lookup failed: no key record "
                                                      "ck._domainkey.romashka.example could be read")
    file = tmp_path / "eml.eml"
    file.write_bytes(eml)
    key = tmp_path / "key.txt"
    record = dns.records[b"ck._domainkey.romashka.example."].decode()
    key.write_text(f'ck._domainkey.romashka.example. 3600 IN TXT "{record[:40]}" "{record[40:]}"\n')
    out = run("approve", path, "--eml", file, "--dkim-key", key).output
    assert "CR-001 approved by email from office@romashka.example, DKIM valid" in out


def test_status_names_an_approved_change_as_approved(pending, dns):  # noqa: F811
    path, sha = pending
    before = run("status", path).output
    assert "unsigned)" in before and "approved by email" not in before
    approval_trust.record_approval(path, reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns), dnsfunc=dns)
    after = run("status", path).output
    assert "approved by email from office@romashka.example on" in after and "addendum unsigned" in after


def test_an_approval_record_copied_into_another_project_does_not_count(pending, dns, ws):  # noqa: F811
    """The mark of a checked approval belongs to its project: the same record bytes committed (without
    their mail) into another project for the same client, whose CR-001 is another change, count as
    nothing there, and doctor reports them."""
    import shutil

    from contractkit.store.repo import open_repo

    path, sha = pending
    approval_trust.record_approval(path, reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns), dnsfunc=dns)
    run("new", "b1", "--from-example", "romashka-site")
    other = ws / "b1"
    run("sign", other, "--date", "2026-12-01")
    text = (other / "project.yaml").read_text(encoding="utf-8")
    (other / "project.yaml").write_text(text.replace("price: 18500", "price: 518500", 1), encoding="utf-8")
    run("change", other, "-m", "Огромное расширение", "--requested-on", "2026-12-10")
    (other / approval.APPROVALS).mkdir(parents=True)
    shutil.copy(path / approval.APPROVALS / "CR-001.yaml", other / approval.APPROVALS / "CR-001.yaml")
    _git(other, "add", "-A")
    _git(other, "commit", "-qm", "notes")
    with open_repo(other) as repo:
        assert approval_trust.trusted(other, repo) == []
        [entry] = approval_trust.entries(other, repo)
    assert entry.problem == "no email is committed beside it"
    assert "approved by email" not in run("log", other).output
    with open_repo(path) as repo:  # in its own project it still counts
        assert [a.change for a in approval_trust.trusted(path, repo)] == ["CR-001"]


# Round 2 (red team F3): refusals that the negation regex let through, punctuation or word order
# between the negation and the approval word. Each is "not an approval" now; the prefilled body of
# the mailto link under the client's own words changes nothing.
PREFILLED = "\n\nСогласовываю документ document-data.json (запрос на изменение CR-001).\nSHA-256: {sha}\n"
REFUSALS = [
    "Нет, пока не готовы. Согласен обсудить цену позже.",
    "Согласовано быть не может: цена завышена.",
    "No way this gets approved.",
    "Approved? No. The price is too high.",
    "Не подписываем, цена не устраивает." + PREFILLED,
    "Не, согласовывать не будем." + PREFILLED,
    "Ни в коем случае." + PREFILLED,
    "НЕ\nсогласовываю",
    "Nope: I do NOT, repeat NOT, approve. Far too expensive.",
    "We'd rather not. I agree with Oleg that it is too expensive.",
    "I don’t approve.",
    "Отказываемся, согласовано не будет.",
    "Rejected; approved only after the discount.",
]


@pytest.mark.parametrize("text", REFUSALS)
def test_a_refusal_in_any_wording_is_not_an_approval(text):
    from contractkit.mail import sections as reply_sections
    from contractkit.mail import text as approval_text

    said = approval_text.verdict(reply_sections.own_lines(text.format(sha="a" * 64)))
    assert said is not None and said.startswith("not an approval: «"), said


def test_the_red_teams_nope_reply_records_nothing(pending, dns):  # noqa: F811
    path, sha = pending
    body = f"Nope: I do NOT, repeat NOT, approve. Far too expensive.\nSHA-256: {sha}\n"
    _refused(path, reply(CLIENT, body, dns), dns, "not an approval: «Nope: I do NOT, repeat NOT, approve.")


def test_the_prefilled_reply_and_a_signature_below_it_approve(pending, dns):  # noqa: F811
    path, sha = pending
    body = "Добрый день!" + PREFILLED.format(sha=sha) + "-- \nМарина Кузнецова\nООО «Ромашка»\n+7 900 000-00-00\n"
    assert approval_trust.record_approval(path, reply(CLIENT, body, dns), dnsfunc=dns).change == "CR-001"


def test_a_reply_with_a_huge_blank_line_is_read_in_one_pass(pending, dns):  # noqa: F811
    """Red team F4: one line of 200,000 spaces made the quote-header regex backtrack for hours."""
    from contractkit.mail import sections as reply_sections

    path, sha = pending
    body = "Добрый день!\n" + " " * 200_000 + "Спасибо!\n" + f"Согласовываю.\nSHA-256: {sha}\n"
    assert reply_sections.own_lines(body)[0] == "Добрый день!"
    # read to the end, and refused since red team 10, B3: a row of 200,000 spaces pushes the text
    # after it out of a mail window; the user may still record it as their own decision
    with pytest.raises(approval.ApprovalError, match="a row of 200000 spaces"):
        approval_trust.record_approval(path, reply(CLIENT, body, dns), dnsfunc=dns)
    confirmed = approval_trust.record_approval(path, reply(CLIENT, body, dns), dnsfunc=dns, confirmed_by="Соколов")
    assert confirmed.change == "CR-001" and "row of 200000 spaces" in confirmed.despite


def test_no_pattern_reading_a_reply_can_backtrack():
    """A pattern with one unbounded repeat of a character class is linear; two or more (the old
    quote header's `^\\s*….+\\s…\\s*$`) can backtrack quadratically on a crafted line."""
    import re
    from re import _parser

    from contractkit.mail import text as approval_text

    def unbounded(items) -> int:
        count = 0
        for op, arg in items:
            if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
                count += (arg[1] == _parser.MAXREPEAT) + unbounded(arg[2])
            elif op is _parser.SUBPATTERN:
                count += unbounded(arg[3])
            elif op is _parser.BRANCH:
                count += sum(unbounded(b) for b in arg[1])
        return count

    patterns = [v for v in vars(approval_text).values() if isinstance(v, re.Pattern)]
    assert patterns
    for pattern in patterns:
        assert unbounded(_parser.parse(pattern.pattern, pattern.flags)) <= 1, pattern.pattern
