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
    """As `doctor` judges them: the keys looked up (a reading command looks none up: red team 13, B06)."""
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return approval_trust.entries(path, repo, dnsfunc=approval.lookup_txt)


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


def test_a_sheet_made_with_valid_until_is_the_sheet_the_client_can_approve(ws):
    """Red team 12, B15: `change --estimate --valid-until` printed that date on the sheet but did not
    record it, so the sheet `approve` made again to check a reply had the default date and another
    hash: the client's reply to the sheet it received was refused. The date is recorded with the
    change (and fixed: a later edit of it is seen), and the sheet made again is the one sent."""
    import hashlib

    from contractkit.flows.approval_trust import pending_documents
    from contractkit.store import audit
    from contractkit.store.repo import open_repo
    from tests.conftest import run
    from tests.readback import normal, pdf_pages
    from tests.test_billing import example

    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    (path / "project.yaml").write_text(text.replace("    days: 4\n", "    days: 6\n", 1), encoding="utf-8")
    run("change", path, "-m", "Больше времени на наполнение", "--requested-on", "2026-12-03", "--estimate",
        "--valid-until", "2026-12-04")
    sheet = next((path / "out").glob("cr-001-*.pdf"))
    assert "4 декабря 2026" in normal(" ".join(pdf_pages(str(sheet))))
    with open_repo(path) as repo:
        documents = [d for d in pending_documents(path, repo, "CR-001") if d.change == "CR-001"]
        assert documents and documents[0].sha256 == hashlib.sha256(sheet.read_bytes()).hexdigest()
        from contractkit.store import history

        change = next(c for c in history.changes(repo) if c.id == "CR-001")
        assert change.valid_until is not None and change.valid_until.isoformat() == "2026-12-04"
        assert audit.edited_by_hand(repo, change) is None
    out = run("change", path, "-m", "x", "--valid-until", "2026-11-30", "--requested-on", "2026-12-03",
              ok=False).output
    assert "--valid-until 2026-11-30 is before the request date 2026-12-03" in out or "no edits" in out
