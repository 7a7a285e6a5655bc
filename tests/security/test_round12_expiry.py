"""Red team 12, B15 (its expiry half): an approval after the change request sheet's validity.

The sheet is an offer with a term for its acceptance: it prints the last day it holds (recorded
with `change --valid-until`, else 10 working days after the request). ГК РФ ст. 440: a contract is
made when the acceptance is received within the term the offer sets; Restatement (Second) of
Contracts § 41: an offer lapses at the time it specifies. So a reply dated after that day (its
DKIM-signed Date header or signature time) or recorded after it is refused, even with --confirm;
the day comes from the sheet's own embedded data (the hash its link quotes), so a teammate's edit of
the change record cannot move it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import dkim
import pytest
from pypdf import PdfReader

from contractkit.errors import ContractkitError
from contractkit.flows import approval, approval_trust
from contractkit.mail import dates as approval_dates
from tests.conftest import run
from tests.readback import normal, pdf_pages
from tests.test_approval import CLIENT, RU_CONTENT, RU_CONTENT_30, Dns, dns, pending  # noqa: F401 - fixtures

pytestmark = pytest.mark.security("approvals")

BODY = "Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n"


def reply_on(day: dt.date, sha: str, resolver: Dns, signed: tuple[bytes, ...] = (b"date",)) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Марина Кузнецова <{CLIENT}>"
    msg["To"] = "studio@example.ru"
    msg["Subject"] = "Re: Согласовано"
    msg["Date"] = format_datetime(dt.datetime.combine(day, dt.time(10), dt.timezone(dt.timedelta(hours=3))))
    msg["Message-ID"] = make_msgid(domain="romashka.example")
    msg.set_content(BODY.format(sha=sha))
    data = msg.as_bytes().replace(b"\n", b"\r\n")
    return dkim.sign(data, b"ck", b"romashka.example", resolver.keys["romashka.example"],
                     include_headers=[b"from", b"to", b"subject", b"message-id", *signed]) + data


def sheet_valid_until(path) -> dt.date:
    """The day the sheet says it holds until, read back from the data it embeds."""
    import json

    data = PdfReader(path / "out" / "cr-001-2026-031.pdf").attachments["document-data.json"][0]
    return dt.date.fromisoformat(json.loads(data)["change"]["valid_until"])


def _entries(path, dnsfunc=None):
    """As `doctor` judges them when `dnsfunc` is given (a reading command looks no key up: red team 13 B06)."""
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return approval_trust.entries(path, repo, dnsfunc=dnsfunc)


def test_a_reply_within_the_validity_is_recorded(pending, dns):  # noqa: F811 - the control
    path, sha = pending
    until = sheet_valid_until(path)
    assert until == dt.date(2026, 12, 24)  # 10 working days after 10 December 2026
    record = approval_trust.record_approval(path, reply_on(until, sha, dns), dnsfunc=dns)
    assert record.change == "CR-001"


@pytest.mark.parametrize("confirmed", ["", "Иван Петров"])
def test_a_reply_dated_after_the_validity_is_refused(pending, dns, confirmed):  # noqa: F811
    path, sha = pending
    until = sheet_valid_until(path)
    late = until + dt.timedelta(days=4)
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, reply_on(late, sha, dns), dnsfunc=dns, confirmed_by=confirmed)
    assert caught.value.message == (
        f"the estimate for CR-001 held until {until}; the reply is dated {late} (its Date header): ask the "
        "client to approve a fresh sheet ('contractkit change -m TITLE --estimate --valid-until DATE')")
    assert not (path / approval.APPROVALS / "CR-001.yaml").exists()


def test_an_approval_recorded_in_time_still_counts_after_the_validity(pending, dns, monkeypatch, tmp_path):  # noqa: F811
    path, sha = pending
    assert sheet_valid_until(path) > dt.date(2026, 12, 4)
    monkeypatch.setattr(approval, "lookup_txt", dns)
    approval_trust.record_approval(path, reply_on(dt.date(2026, 12, 4), sha, dns), dnsfunc=dns)
    # checked again on another machine, on whatever day: the reply's own signed date decides
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "other-machine"))
    assert [e.problem for e in _entries(path, dns)] == [""]


def test_the_recorded_validity_is_the_sheets_and_a_teammate_cannot_move_it(ru_project, dns):  # noqa: F811
    path = ru_project
    run("sign", path, "--date", "2026-12-01")
    project = path / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", path, "-m", "30 страниц", "--requested-on", "2026-12-02", "--estimate", "--valid-until",
        "2026-12-04")
    sheet = path / "out" / "cr-001-2026-031.pdf"
    assert "4 декабря 2026" in normal(" ".join(pdf_pages(str(sheet))))
    import hashlib

    sha = hashlib.sha256(sheet.read_bytes()).hexdigest()
    late = reply_on(dt.date(2026, 12, 5), sha, dns)
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, late, dnsfunc=dns)
    assert "held until 2026-12-04; the reply is dated 2026-12-05 (its Date header)" in caught.value.message
    # a Date no signature covers shows nothing: the signature's own time (t=, made now) dates the reply
    unsigned = reply_on(dt.date(2026, 12, 3), sha, dns, signed=())
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, unsigned, dnsfunc=dns)
    assert "held until 2026-12-04" in caught.value.message and "(its DKIM signature's time)" in caught.value.message
    # a teammate moves the recorded validity: the sheet is no longer the one sent, nothing is recorded
    record = next((path / ".contractkit").rglob("CR-001.yaml"))
    text = record.read_text(encoding="utf-8")
    assert "valid_until: 2026-12-04" in text or "valid_until: '2026-12-04'" in text
    record.write_text(text.replace("2026-12-04", "2027-12-04"), encoding="utf-8")
    subprocess.run(["git", "-C", str(path), "commit", "-qam", "teammate: more time"], check=True)
    with pytest.raises(ContractkitError):
        approval_trust.record_approval(path, late, dnsfunc=dns)
    assert not (path / approval.APPROVALS / "CR-001.yaml").exists()


def test_the_days_a_reply_bears_are_only_signed_ones(dns):  # noqa: F811
    from contractkit.mail import raw as approval_raw

    eml = reply_on(dt.date(2026, 12, 3), "0" * 64, dns)
    msg = approval_raw.message(eml, approval_raw.headers(eml))
    borne = approval_dates.days(msg, approval_raw.headers(eml), {"date"}, "romashka.example")
    assert ("its Date header", dt.date(2026, 12, 3)) in borne
    assert len(borne) == 1  # a signed Date header is the day the reply was sent
    timed = approval_dates.days(msg, approval_raw.headers(eml), set(), "romashka.example")
    assert [what for what, _ in timed] == ["its DKIM signature's time"]  # dkimpy writes t=
    unsigned = approval_dates.days(msg, approval_raw.headers(eml), set(), "other.example")
    assert unsigned == []
    assert "(the day it is recorded: no signed date)" in approval_dates.expired(
        "CR-001", dt.date(2026, 12, 4), unsigned, dt.date(2026, 12, 5))
    assert approval_dates.expired("CR-001", dt.date(2026, 12, 4), unsigned, dt.date(2026, 12, 4)) is None
    assert approval_dates.expired("CR-001", None, unsigned, dt.date(2030, 1, 1)) is None
