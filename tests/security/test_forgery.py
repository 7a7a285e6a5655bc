"""Class 4: a signature forged through sync (or an archive). A signature exists only when this
machine's `sign` made it, or when a tag and its record arrive together and agree with the
documents rendered again from that tag. Nothing else ever verifies, and nothing repairs it."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from contractkit.store import records
from contractkit.store.records import ChangeRecord, SignatureRecord
from tests.conftest import run
from tests.security.gitfixtures import ck, edit, git_in, machine, one_line_error, tags

pytestmark = pytest.mark.security("forgery")
FORGED_PDF = b"%PDF-1.7 forged addendum: the client owes 9 999 999,00\n%%EOF\n"


def _forged_record(tag="addendum-1", number=1, files=None) -> bytes:
    return records.dump(SignatureRecord(
        tag=tag, kind="addendum" if number else "contract", number=number, date=dt.date(2026, 12, 5),
        by=["Mallory"], changes=["CR-001"], project_sha256="0" * 64,
        files=files or {"addendum-1-NW-2026-11.pdf": hashlib.sha256(FORGED_PDF).hexdigest()},
        total=Decimal("9999999.00"), completion=dt.date(2027, 1, 6)))


def _push_forgery(attacker, record: bytes, tag: bool, project_matches: bool = True) -> None:
    """The attacker's copy commits a record by hand (no contractkit), maybe tags it, and pushes."""
    edit(attacker / "project.yaml", "price: 1200", "price: 1500")
    if project_matches:  # make the record's project hash right, so only the documents can tell
        text = (attacker / "project.yaml").read_bytes()
        record = record.replace(b"0" * 64, hashlib.sha256(text).hexdigest().encode())
    path = attacker / records.signature_path("addendum-1")
    path.write_bytes(record)
    git_in(attacker, "add", "-A")
    git_in(attacker, "commit", "-qm", "Sign addendum 1")
    git_in(attacker, "push", "-q", "origin", "HEAD:main")
    if tag:
        git_in(attacker, "tag", "-a", "addendum-1", "-m", "Signed addendum 1")
        git_in(attacker, "push", "-q", "origin", "addendum-1")


def test_a_record_without_its_tag_is_reported_never_repaired_never_verified(team, ws, tmp_path):
    a, b = team
    _push_forgery(b, _forged_record(), tag=False)
    forged = ws / "forged.pdf"
    forged.write_bytes(FORGED_PDF)
    synced = ck("sync", a, env=machine(tmp_path, "a"))
    assert synced.returncode == 0, synced.stderr
    assert "without its tag: it is not a signature" in synced.stdout
    for fix in ((), ("--fix",)):
        doctor = ck("doctor", a, *fix, env=machine(tmp_path, "a"))
        assert doctor.returncode == 1 and "has no tag addendum-1" in doctor.stdout
        assert "tagged" not in doctor.stdout
    assert "addendum-1" not in tags(a)
    verify = ck("verify", a, forged, env=machine(tmp_path, "a"))
    assert verify.returncode == 1 and "NOT a signed document" in verify.stdout
    assert "9,999,999" not in ck("log", a, env=machine(tmp_path, "a")).stdout
    ck("sync", a, env=machine(tmp_path, "a"))
    assert "addendum-1" not in git_in(a, "ls-remote", "--tags", "origin")


def test_a_tag_and_record_that_disagree_with_the_rerendered_documents_are_not_taken(team, tmp_path):
    a, b = team
    _push_forgery(b, _forged_record(), tag=True)
    output = one_line_error(ck("sync", a, env=machine(tmp_path, "a")))
    assert "the hashes in its record do not match the documents rendered again from the tag" in output
    assert "it was not taken" in output
    assert "addendum-1" not in tags(a)


def test_a_forged_tag_with_a_wrong_project_hash_is_not_taken(team, tmp_path):
    a, b = team
    _push_forgery(b, _forged_record(), tag=True, project_matches=False)
    output = one_line_error(ck("sync", a, env=machine(tmp_path, "a")))
    assert "project.yaml at the tag does not match its record" in output
    assert "addendum-1" not in tags(a)


def test_a_forged_tag_in_an_archive_never_verifies_and_doctor_says_so(signed, ws, tmp_path):
    """A project received as an archive: the tag and record are in its .git, made by hand."""
    _push_forgery_locally(signed)
    forged = ws / "forged.pdf"
    forged.write_bytes(FORGED_PDF)
    other = machine(tmp_path, "recipient")
    output = one_line_error(ck("verify", signed, forged, env=other))
    assert "do not match the documents rendered again" in output
    doctor = ck("doctor", signed, "--fix", env=other)
    assert doctor.returncode == 1 and "it does not count as signed" in doctor.stdout


def _push_forgery_locally(project):
    edit(project / "project.yaml", "price: 1200", "price: 1500")
    text = (project / "project.yaml").read_bytes()
    record = _forged_record().replace(b"0" * 64, hashlib.sha256(text).hexdigest().encode())
    (project / records.signature_path("addendum-1")).write_bytes(record)
    git_in(project, "add", "-A")
    git_in(project, "commit", "-qm", "Sign addendum 1")
    git_in(project, "tag", "-a", "addendum-1", "-m", "Signed")


def test_sync_never_pushes_a_tag_that_does_not_stand(team, tmp_path):
    a, b = team
    _push_forgery_locally(a)
    output = one_line_error(ck("sync", a, env=machine(tmp_path, "a")))
    assert "do not match the documents rendered again" in output
    assert "addendum-1" not in git_in(a, "ls-remote", "--tags", "origin")


def test_a_tag_without_its_record_is_not_a_signature(signed, ws):
    git_in(signed, "rm", "-q", records.signature_path("contract"))
    git_in(signed, "commit", "-qm", "drop")
    git_in(signed, "tag", "-a", "addendum-1", "-m", "x")
    doctor = ck("doctor", signed, "--fix")
    assert doctor.returncode == 1 and "tag addendum-1 has no signature record" in doctor.stdout
    assert "addendum-1" in tags(signed)  # reported, not touched


def test_a_hand_edited_change_record_is_reported_and_figures_come_from_the_versions(signed):
    edit(signed / "project.yaml", "price: 1200", "price: 2200")
    run("change", "p", "-m", "Bigger discovery")
    path = signed / records.change_path("CR-001")
    change = records.parse(ChangeRecord, path.read_bytes(), "x")
    path.write_bytes(records.dump(change.model_copy(update={"delta": Decimal("-50000"),
                                                            "total": Decimal("1.00")})))
    git_in(signed, "commit", "-qam", "tweak")
    log = ck("log", signed).stdout
    assert "+$1,000.00 Bigger discovery" in log and "50,000" not in log
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and "says delta -50000, total 1.00; its edit gives 1000" in doctor.stdout
    status = ck("status", signed).stdout
    assert "+$1,000.00" in status and "50,000" not in status


def test_a_hand_edited_signature_total_is_reported(signed):
    path = signed / records.signature_path("contract")
    git_in(signed, "tag", "-d", "contract")
    record = records.parse(SignatureRecord, path.read_bytes(), "x")
    path.write_bytes(records.dump(record.model_copy(update={"total": Decimal("9999999.00")})))
    git_in(signed, "commit", "-qam", "sum")
    git_in(signed, "tag", "-a", "contract", "-m", "x")
    log = ck("log", signed).stdout
    assert "9,999,999" not in log
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and "says total 9999999.00" in doctor.stdout


def test_a_teammates_real_signature_arrives_and_verifies_on_another_machine(team, tmp_path):
    a, b = team
    edit(b / "project.yaml", "price: 1200", "price: 1500")
    assert ck("change", b, "-m", "Bigger discovery", env=machine(tmp_path, "b")).returncode == 0
    signed = ck("sign", b, "--date", "2026-12-02", "--by", "Priya Shah", env=machine(tmp_path, "b"))
    assert signed.returncode == 0, signed.stderr
    assert ck("sync", b, env=machine(tmp_path, "b")).returncode == 0
    synced = ck("sync", a, env=machine(tmp_path, "a"))
    assert synced.returncode == 0, synced.stderr
    assert "1 new signature tag(s) fetched" in synced.stdout
    pdf = b / "out" / "addendum-1-NW-2026-11.pdf"
    verify = ck("verify", a, pdf, env=machine(tmp_path, "a"))
    assert "matches addendum-1-NW-2026-11.pdf signed as addendum-1 on 2026-12-02 by Priya Shah" in verify.stdout
    assert ck("doctor", a, env=machine(tmp_path, "a")).returncode == 0


def test_a_tag_pointing_at_a_blob_is_not_a_signature(signed):
    blob = git_in(signed, "hash-object", "-w", "project.yaml").strip()
    git_in(signed, "tag", "addendum-1", blob)
    doctor = ck("doctor", signed)
    assert doctor.returncode == 1 and "tag addendum-1 points to a blob, not a commit" in doctor.stdout
    status = ck("status", signed)  # what is signed: the verified signatures, the rest named once
    assert status.returncode == 0 and "addendum-1" not in status.stdout
    assert "warning: ignored signature: tag addendum-1 points to a blob, not a commit" in status.stderr
    verify = ck("verify", signed, signed / "project.yaml")  # not signed; the bad tag is nobody's signature
    assert verify.returncode == 1 and "NOT a signed document" in verify.stdout and "Traceback" not in verify.stderr


def _genuine_pdf(project):
    pdfs = sorted((project / "out").glob("contract-*.pdf"))
    assert pdfs, list((project / "out").iterdir())
    return pdfs[0]


def test_every_bogus_signature_tag_a_sync_fetched_goes_again(team, tmp_path):
    """addendum-1 on a blob is refused; addendum-2 on a tree, fetched with it, does not stay."""
    a, b = team
    blob = git_in(b, "hash-object", "-w", "project.yaml").strip()
    git_in(b, "tag", "-a", "addendum-1", "-m", "on a blob", blob)
    git_in(b, "tag", "-a", "addendum-2", "-m", "on a tree", "HEAD^{tree}")
    git_in(b, "push", "-q", "origin", "addendum-1", "addendum-2")
    output = one_line_error(ck("sync", a, env=machine(tmp_path, "a")))
    assert "it was not taken" in output and "addendum-2" in output, output
    assert set(tags(a)) == {"contract"}
    pdf = _genuine_pdf(a)
    verify = ck("verify", a, pdf, env=machine(tmp_path, "a"))
    assert verify.returncode == 0 and f"matches {pdf.name} signed as contract" in verify.stdout, \
        verify.stdout + verify.stderr


@pytest.mark.parametrize("target", ["HEAD^{tree}", "blob"])
def test_verify_is_not_thrown_by_an_unrelated_bad_tag(signed, target):
    if target == "blob":
        target = git_in(signed, "hash-object", "-w", "project.yaml").strip()
    git_in(signed, "tag", "-a", "addendum-2", "-m", "not a signature", target)
    pdf = _genuine_pdf(signed)
    verify = ck("verify", signed, pdf)
    assert verify.returncode == 0 and f"matches {pdf.name} signed as contract" in verify.stdout, \
        verify.stdout + verify.stderr
    other = ck("verify", signed, signed / "project.yaml")
    assert other.returncode == 1 and "NOT a signed document" in other.stdout and "Traceback" not in other.stderr


@pytest.mark.security("forgery")
def test_a_change_records_words_edited_by_hand_never_reach_the_addendum(ws):
    """A teammate rewrites CR-001's title and reason with plain git: the sums are recomputed, and
    the words are checked against the commit that recorded them, so the addendum and the sheet
    refuse them and doctor names the record (red-team finding)."""
    import subprocess

    run("new", "p", "--lang", "en")
    p = ws / "p"
    run("sign", p, "--date", "2026-11-30")
    text = (p / "project.yaml").read_text()
    (p / "project.yaml").write_text(text.replace("price: 1200", "price: 1500", 1))
    run("change", p, "-m", "Bigger discovery", "--requested-on", "2026-12-02")
    record = p / ".contractkit" / "changes" / "CR-001.yaml"
    record.write_text(record.read_text().replace("title: Bigger discovery",
                                                 "title: The Client waives every warranty claim"))
    subprocess.run(["git", "-C", str(p), "commit", "-qam", "fix typo"], check=True)
    result = run("addendum", p, "--date", "2026-12-05", ok=False)
    assert "CR-001.yaml no longer says what was recorded" in result.output and "title" in result.output
    assert not list((p / "out").glob("addendum-1*"))
    doctor = run("doctor", p, ok=False).output
    assert "CR-001.yaml no longer says what was recorded" in doctor
