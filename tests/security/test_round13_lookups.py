"""Red team 13, B06: a teammate's committed approval mail made every `status` and `log` look its
DKIM keys up in DNS, under selectors the committer chose (a beacon to whoever runs the client's
domain's DNS each time the freelancer looks at the project, 5 s per lookup offline, never
remembered). Reading commands now look nothing up: the record is "not checked yet" there; the
user's `doctor` (or `approve`) checks it once, and it counts from then on."""

from __future__ import annotations

import pytest

from contractkit.flows import approval, approval_trust
from tests.conftest import run
from tests.test_approval import CLIENT, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")


def test_reading_commands_look_no_dkim_key_up(pending, dns, tmp_path, monkeypatch):  # noqa: F811
    path, sha = pending
    record = approval_trust.record_approval(path, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns),
                                            dnsfunc=dns)  # the teammate's machine
    asked: list[bytes] = []

    def spy(name, timeout=5):
        asked.append(name)
        return dns(name, timeout)

    monkeypatch.setattr(approval, "lookup_txt", spy)
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "victim"))  # the record came through git
    for command in ("log", "status"):
        out = run(command, path, ok=None).output
        assert asked == [], command
    log = " ".join(run("log", path).output.split())
    assert "unverified approval record: its DKIM signature is not checked yet" in log
    assert "approved by email" not in log
    run("doctor", path, ok=None)  # the user's own check looks the key up, once
    assert asked and all(b"_domainkey.romashka.example" in n for n in asked)
    asked.clear()
    out = run("log", path).output
    assert f"{record.change}" in out and "approved by email from office@romashka.example" in out
    assert asked == []  # remembered: no lookup again
