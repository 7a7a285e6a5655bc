"""Red team 13, B06: a teammate's committed approval record and .eml made every `status`, `log` and
`publish` look up DKIM keys in DNS, under selectors the committer chose (a beacon to whoever runs
the client's DNS, each time the freelancer looks at the project), 5 s per signature offline, and a
failed lookup was never remembered. Reading commands now touch no network: a record not checked on
this machine is an unverified approval record until the user runs `doctor` (or `approve`), which
look the keys up and remember the verdict."""

from __future__ import annotations

import pytest

from contractkit.flows import approval, approval_trust
from tests.conftest import run
from tests.test_approval import CLIENT, Dns, dns, pending, reply  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")


@pytest.fixture
def teammates(pending, dns, tmp_path, monkeypatch):  # noqa: F811
    """The approval recorded on a teammate's machine; read here, where nothing remembers it."""
    path, sha = pending
    approval_trust.record_approval(path, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "victim"))
    asked: list = []

    def resolver(name, timeout=5):
        asked.append(name)
        return dns(name, timeout=timeout)

    monkeypatch.setattr(approval, "lookup_txt", resolver)
    return path, asked


def test_reading_commands_look_no_dkim_key_up(teammates, ws):
    path, asked = teammates
    status = run("status", path).output
    log = run("log", path).output
    run("publish", path, "--out", ws / "site")
    assert asked == [], asked  # no DNS query from status, log or publish
    assert "approved by email" not in status
    assert "unverified approval record: not yet checked on this machine" in " ".join(log.split())
    assert "contractkit doctor" in log


def test_doctor_looks_the_keys_up_once_and_then_the_record_counts(teammates):
    path, asked = teammates
    run("doctor", path, ok=None)
    assert asked and all(b"_domainkey.romashka.example" in n for n in asked), asked
    looked = len(asked)
    log = run("log", path).output
    assert "approved by email from office@romashka.example" in log
    assert "approved by email from office@romashka.example" in run("status", path).output
    assert len(asked) == looked  # remembered: the reading commands asked nothing more
