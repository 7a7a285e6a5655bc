"""Red team round 3: approvals forged or misread.

#4: an approval .eml with thousands of DKIM-Signature headers made every command (and the guard)
verify each one, re-reading the whole mail each time. #3: refusals written with look-alike letters,
an invisible character, or a conditional ("after our call") were recorded as approvals."""

from __future__ import annotations

import pytest

from contractkit.flows import approval, approval_trust
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")


def _many_signatures(base: bytes, count: int, domain: bytes = b"romashka.example") -> bytes:
    fake = b"".join(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=" + domain
                    + b"; s=s%d; h=from:to; bh=AAAA; b=AAAA\r\n" % i for i in range(count))
    return fake + base


def test_a_mail_with_many_dkim_signatures_is_checked_at_most_twice_and_once_per_run(pending, dns,  # noqa: F811
                                                                                     monkeypatch):
    path, sha = pending
    calls = []
    real = approval._verify

    def counted(eml, index, dnsfunc):
        calls.append(index)
        return real(eml, index, dnsfunc)

    monkeypatch.setattr(approval, "_verify", counted)
    eml = _many_signatures(reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n"), 20)
    for _ in range(3):
        with pytest.raises(approval.ApprovalError) as caught:
            approval_trust.record_approval(path, eml, dnsfunc=dns)
        assert "DKIM" in caught.value.message and "\n" not in caught.value.message
    assert len(calls) <= 2
    assert not (path / approval.APPROVALS).exists()


@pytest.mark.parametrize("count, header, reason", [
    (21, b"DKIM-Signature", "DKIM-Signature headers"),
    (600, b"X-Filler", "header lines"),
])
def test_a_mail_with_too_many_headers_is_refused_before_parsing(pending, dns, monkeypatch,  # noqa: F811
                                                               count, header, reason):
    path, sha = pending
    monkeypatch.setattr(approval, "_verify", lambda *a: pytest.fail("a signature was checked"))
    base = reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns)
    extra = b"".join(header + b": v=1; d=romashka.example; s=x%d; b=AA\r\n" % i for i in range(count))
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, extra + base, dnsfunc=dns)
    assert reason in caught.value.message and "\n" not in caught.value.message
    # the control: the genuine reply alone is an approval
    monkeypatch.undo()
    assert approval_trust.record_approval(path, base, dnsfunc=dns).change == "CR-001"


ROUND3_REPLIES = {
    "later": "I will approve it after our call on Monday; for now the price is too high.",
    "cyrillic o": "I do n\u043et approve this change.",
    "zero-width space": "I do n\u200bot approve this change.",
    "soft hyphen": "I do n\u00adot approve this change.",
    "latin e in не": "Я н\u0065 согласовываю это изменение.",
    "ru conditional": "согласую, только когда снизите цену. Пока согласовано быть может лишь после правок.",
}


@pytest.mark.parametrize("case", list(ROUND3_REPLIES))
def test_a_disguised_or_conditional_refusal_is_not_an_approval(case):
    from contractkit.mail import text as approval_text

    assert approval_text.verdict([ROUND3_REPLIES[case]]) is not None
    # the control: plain approvals still approve
    assert approval_text.verdict(["I approve."]) is None
    assert approval_text.verdict(["Согласовано."]) is None


@pytest.mark.parametrize("case", ["later", "cyrillic o", "zero-width space", "ru conditional"])
def test_the_red_teams_four_replies_record_nothing(pending, dns, case):  # noqa: F811
    path, sha = pending
    eml = reply(CLIENT, f"Hello, about cr-001-2026-031.pdf (SHA-256 {sha}):\n{ROUND3_REPLIES[case]}\n", dns)
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, eml, dnsfunc=dns)
    assert caught.value.message.startswith("not an approval")
    assert not (path / approval.APPROVALS).exists()
