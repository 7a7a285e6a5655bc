"""Conditional words refuse only where they govern the approval: a condition word in the approval
phrase's sentence (or opening the next one), a future word before the phrase. Round 3 refused any
"will", "when" or "only" anywhere, so "Approved, I will pay tomorrow" was no approval.

The negation and condition lists grow only by the user's own settings (the environment, as the
phrases); nothing in a project, which comes from anyone with push access, changes them."""

from __future__ import annotations

import pytest

from contractkit.flows import approval, approval_trust
from contractkit.mail import sections as reply_sections
from contractkit.mail import text as approval_text
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

APPROVE = [
    "Approved, I will pay tomorrow",
    "Approved. Thanks, we will pay the invoice on Friday",
    "I approve. Thank you!\n\nRegards, Marina",
    "Согласовано, оплачу завтра",
    "Согласен, счёт оплатим до пятницы",
    "Добрый день! Согласовываю.\nС уважением, Марина",
]
# Round 4 reads a reply as an approval only when everything beside the phrase is a greeting, thanks,
# a name or a promise to pay with no condition word: these replies, approvals in round 3, now refuse
# (the user may still record them with `approve --confirm`, as their own decision)
NO_LONGER = [
    "Approved. Thanks, will send the invoice details later",
    "Approved.\nWill call you when the invoice is paid.",
    "I approve. We'll talk about the next stage after the launch.",
    "Agreed! Let me know if you need anything else.\n\nRegards, Marina",
    "Согласовываю. Счёт оплатим, когда придёт акт.",
    "Согласовано.\nБудем ждать макеты.",
]
REFUSE = [
    *NO_LONGER,
    "Approved if the price stays as it is.",
    "Approved after our call on Monday.",
    "Approved once the discount is applied.",
    "Approved, provided the deadline holds.",
    "Approved only for the first stage",
    "I will approve it after our call",
    "We'll approve it tomorrow.",
    "Approved. Only after the discount.",
    "Approved subject to the legal review.",
    "Согласовано после звонка.",
    "Согласую после звонка, пока согласовано быть не может",
    "Согласовано при условии скидки 10%.",
    "Согласен, если сроки не сдвинутся.",
    "Согласовано, только когда снизите цену.",
    "Будет согласовано после оплаты.",
    "Согласовано. Лишь после правок.",
    "Согласовываю в случае подписания акта",
    # a condition opening the sentence right after the approval is read as governing it, even
    # where a person would not: the reply is refused, never wrongly counted
    "Agreed! If you need anything else, let me know.",
]


@pytest.mark.parametrize("text", APPROVE)
def test_an_approval_with_a_later_promise_approves(text):
    people = approval_text.person_words("Marina Kuznetsova", "Марина Кузнецова")  # who may sign (round 6)
    assert approval_text.verdict(reply_sections.own_lines(text), people=people) is None


@pytest.mark.parametrize("text", REFUSE)
def test_a_condition_on_the_approval_itself_refuses(text):
    said = approval_text.verdict(reply_sections.own_lines(text))
    assert said is not None and said.startswith("not an approval: «"), said


@pytest.mark.parametrize("text", ["Approved, I will pay tomorrow", "Согласен, счёт оплатим до пятницы"])
def test_a_genuine_reply_with_a_promise_is_recorded(pending, dns, text):  # noqa: F811
    path, sha = pending
    record = approval_trust.record_approval(path, reply(CLIENT, f"{text}\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    assert record.change == "CR-001"


def test_a_conditional_reply_is_not_recorded(pending, dns):  # noqa: F811
    path, sha = pending
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, reply(CLIENT, f"Согласовано после звонка.\nSHA-256: {sha}\n", dns),
                                       dnsfunc=dns)
    assert caught.value.message.startswith("not an approval") and "после" in caught.value.message
    assert not (path / approval.APPROVALS).exists()


@pytest.mark.parametrize("variable, words, text", [
    ("CONTRACTKIT_APPROVAL_NEGATIONS", "завтра; однако", "Согласовано, оплачу завтра"),
    ("CONTRACTKIT_APPROVAL_NEGATIONS", "tomorrow", "Approved, I will pay tomorrow"),
    ("CONTRACTKIT_APPROVAL_CONDITIONS", "on friday", "Approved. We will pay the invoice on Friday."),
    ("CONTRACTKIT_APPROVAL_CONDITIONS", "до пятницы", "Согласовано, счёт оплатим до пятницы."),
])
def test_the_users_own_words_are_added(monkeypatch, variable, words, text):
    assert approval_text.verdict([text]) is None  # not in the defaults
    monkeypatch.setenv(variable, words)
    assert approval_text.verdict([text]) is not None


@pytest.mark.parametrize("variable", ["CONTRACTKIT_APPROVAL_NEGATIONS", "CONTRACTKIT_APPROVAL_CONDITIONS"])
@pytest.mark.parametrize("value", ["", ";;", "x", "not; if; после"])
def test_a_setting_never_removes_a_default_word(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    for text in ("Not approved.", "Нет, не согласовано.", "Approved if the price stays.",
                 "Согласовано после звонка."):
        assert approval_text.verdict([text]) is not None, (value, text)
    assert approval_text.verdict(["Approved, I will pay tomorrow"]) is None


def test_a_project_cannot_carry_approval_words(ws):
    """The words are the user's settings only: a project file that tries to name them is refused,
    so a teammate's push cannot make a "no" count."""
    from contractkit.errors import ProjectFileError
    from contractkit.load import parse_project
    from tests.conftest import run

    run("new", "p", "--lang", "en")
    text = (ws / "p" / "project.yaml").read_text(encoding="utf-8")
    for field in ("approval_phrases: [no]", "approval_negations: []"):
        with pytest.raises(ProjectFileError):
            parse_project(text + f"\n{field}\n")
