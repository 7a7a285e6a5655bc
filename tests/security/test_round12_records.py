"""Red team 12, B20: a teammate rewrote a genuine approval record's document, DKIM domain, message
date and recording day; the record still counted on another machine, and `log` showed the
teammate's words. Every field the record shows must be what its mail says, and it cannot be dated
before its mail was sent."""

from __future__ import annotations

import subprocess

import pytest

from contractkit.flows import approval, approval_trust
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("forgery")


def _entries(path):
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return approval_trust.entries(path, repo)


@pytest.mark.parametrize("field, value, said", [
    ("document", "addendum-1-2026-031.pdf", "document differ"),
    ("dkim_domain", "romashka-holding.example", "dkim_domain differ"),
    ("sent", "Fri, 20 Nov 2026 10:00:00 +0000", "sent differ"),
    ("recorded_on", "2025-11-20", "before its email was sent"),  # the mail: 6 Dec 2025
])
def test_a_rewritten_field_of_a_genuine_approval_record_is_seen(pending, dns, tmp_path, monkeypatch,  # noqa: F811
                                                                field, value, said):
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    record = approval_trust.record_approval(path, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    assert [e.problem for e in _entries(path)] == [""]  # the control: as recorded, it counts
    name = path / approval.APPROVALS / f"{record.change}.yaml"
    text = name.read_text(encoding="utf-8")
    lines = [f"{field}: '{value}'" if line.startswith(f"{field}:") else line for line in text.splitlines()]
    if not any(line.startswith(f"{field}:") for line in text.splitlines()):
        lines.append(f"{field}: '{value}'")
    name.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(path), "commit", "-qam", "teammate: tidy the record"], check=True)
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "other-machine"))  # not remembered here
    problems = [e.problem for e in _entries(path)]
    assert len(problems) == 1 and said in problems[0], problems
