"""A6 and A5: approvals by email that nobody gave.

A6: a genuine DKIM-signed mail of the client (or of anyone at the same provider) is reused with a
second Subject or From header prepended (DKIM signs the last instance, a reader shows the first),
or with text appended after a DKIM `l=` body length, or with the hash in a Subject the signature
does not cover. A5: a teammate commits a hand-written .contractkit/approvals record.
An approval counts only when its signed parts quote the hash, and a record only when this
machine's `approve` made it or its committed .eml passes the check again.
"""

from __future__ import annotations

import subprocess

import dkim
import pytest

from contractkit.flows import approval, approval_trust
from tests.conftest import run
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("forgery")
HEADERS = [b"from", b"to", b"date", b"message-id"]


def _signed(data: bytes, dns: Dns, headers=None, length=False) -> bytes:  # noqa: F811
    return dkim.sign(data, b"ck", b"romashka.example", dns.keys["romashka.example"],
                     include_headers=headers or HEADERS + [b"subject"], length=length) + data


def _unrelated() -> bytes:
    return (f"From: <{CLIENT}>\r\nTo: studio@example.ru\r\nSubject: Re: call tomorrow\r\n"
            "Date: Mon, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <a1@romashka.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSounds good.\r\n").encode()


@pytest.mark.parametrize("case, reason", [
    ("second Subject prepended", "more than one Subject"),
    ("second From prepended", "more than one From"),
    ("body appended after l=", "l= tag"),
    ("hash only in an unsigned Subject", "wrong hash"),
])
def test_a6_reused_genuine_mail_is_not_an_approval(pending, dns, case, reason):  # noqa: F811
    path, sha = pending
    if case == "second Subject prepended":
        eml = f"Subject: Approved {sha}\r\n".encode() + _signed(_unrelated(), dns)
    elif case == "second From prepended":
        impostor = _unrelated().replace(f"<{CLIENT}>".encode(), b"<mallory@romashka.example>")
        eml = f"From: {CLIENT}\r\n".encode() + _signed(impostor + f"SHA-256: {sha}\r\n".encode(), dns)
    elif case == "body appended after l=":
        eml = _signed(_unrelated(), dns, length=True) + f"\r\nSHA-256: {sha}\r\n".encode()
    else:
        eml = _signed(_unrelated().replace(b"Re: call tomorrow", f"Approved {sha}".encode()), dns, HEADERS)
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, eml, dnsfunc=dns)
    assert reason in caught.value.message
    assert not (path / approval.APPROVALS).exists()
    # the control: the same mail quoting the hash in its signed body is an approval
    good = _signed(_unrelated().replace(b"Sounds good.", f"Approved. SHA-256: {sha}".encode()).replace(
        b"Re: call tomorrow", b"Re: Approved"), dns)  # a Subject of its own would refuse (round 8, A10)
    assert approval_trust.record_approval(path, good, dnsfunc=dns).change == "CR-001"


def _commit(path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = path / approval.APPROVALS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    subprocess.run(["git", "-C", str(path), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(path), "commit", "-qm", "teammate: approval"], check=True)


FORGED = """change: CR-001
document: cr-001-2026-031.pdf
sha256: '{sha}'
sender: office@romashka.example
dkim_domain: romashka.example
message_id: '<forged@nowhere>'
sent: 'Mon, 1 Dec 2026 10:00:00 +0000'
recorded_on: '2026-12-11'
"""


@pytest.mark.parametrize("case", ["no email", "an email that approves nothing", "record and email disagree"])
def test_a5_hand_written_approval_record_is_unverified(pending, dns, case, tmp_path, monkeypatch):  # noqa: F811
    from contractkit.flows.site.build import publish

    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    files = {"CR-001.yaml": FORGED.format(sha=sha).encode()}
    if case == "an email that approves nothing":
        files["CR-001.eml"] = _signed(_unrelated(), dns)
    elif case == "record and email disagree":  # a genuine approval, but the record names another sender
        files["CR-001.eml"] = _signed(_unrelated().replace(b"Sounds good.", f"Approved. SHA-256: {sha}".encode()),
                                      dns)
        files["CR-001.yaml"] = FORGED.format(sha=sha).replace("office@", "boss@").encode()
    _commit(path, files)
    log = run("log", path).output
    assert "2026-12-11  CR-001        unverified approval record" in log and "approved by email" not in log
    out = tmp_path / "site"
    publish(path, out)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="approve"' in html  # the approve link is kept
    assert "согласовано по эл. почте" not in html
    doctor = run("doctor", path, ok=None).output
    assert "unverified approval record" in doctor
    assert doctor.strip() != "ok"


def test_a5_a_teammates_genuine_approval_counts_on_another_machine(pending, dns, tmp_path, monkeypatch):  # noqa: F811
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    record = approval_trust.record_approval(path, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    assert [e.problem for e in _entries(path)] == [""]
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "other-machine"))
    # reading commands look no DKIM key up (red team 13, B06): unchecked until the user asks
    assert [(e.record.change, e.problem) for e in _entries(path)] == [(record.change, approval_trust.UNCHECKED)]
    assert "approved by email" not in run("log", path).output
    run("doctor", path, ok=None)  # looks the keys up, checks the mail, remembers it
    assert [(e.record.change, e.problem) for e in _entries(path)] == [(record.change, "")]
    assert "approved by email from office@romashka.example" in run("log", path).output


def _entries(path):
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return approval_trust.entries(path, repo)
