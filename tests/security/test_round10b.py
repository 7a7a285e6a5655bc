"""Red team round 10 (/work/redteam10/REPORT.md): findings B1, ...

B1. A remembered approval counted for a rewritten change request: the mark in the user's state
    folder was keyed by the project's root commit and the change record's bytes, so a teammate who
    rewrote the CR-001 commit (300 pages where the client approved the sheet of 30) and kept both
    records byte for byte had the client's approval shown on status, log and the client's page.
    A mark now names the sheet: the trees of the commit that recorded the change and of the one
    before; anything else has its mail checked again against the sheet pending now.
"""

from __future__ import annotations

import hashlib
import subprocess

import git
import pytest

from contractkit.flows import approval_trust
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, head, one_line_error
from tests.security.test_guard_records import server_keys
from tests.test_approval import CLIENT, RU_CONTENT, RU_CONTENT_30, reply


def _problems(project, dns) -> dict[str, str]:
    with open_repo(project) as repo:
        return {e.name: e.problem for e in approval_trust.entries(project, repo, dnsfunc=dns)}


def proposed_30_pages(ws):
    """RU-1 signed; CR-001 (20 -> 30 pages) recorded and its sheet made for the client."""
    project = ws / "romashka"
    run("new", "romashka", "--from-example", "romashka-site")
    run("sign", project, "--date", "2026-12-01")
    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", project, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    return project


@pytest.fixture
def approved(ws, tmp_path):
    """RU-1 signed, CR-001 (30 pages) proposed and approved by the client's DKIM-signed reply."""
    project = proposed_30_pages(ws)
    sha = hashlib.sha256((project / "out" / "cr-001-2026-031.pdf").read_bytes()).hexdigest()
    dns, _ = server_keys(tmp_path)
    approval_trust.record_approval(project, reply(CLIENT, f"Согласовываю.\nSHA-256: {sha}\n", dns), dnsfunc=dns)
    assert _problems(project, dns) == {"CR-001.yaml": ""}
    return project, dns


@pytest.mark.security("approvals")
def test_a_remembered_approval_does_not_count_for_a_rewritten_change_request(approved, ws):
    project, dns = approved
    fresh = ws / "fresh"  # the same machine's state folder, another copy (a new laptop's clone)
    git_in(ws, "clone", "-q", str(project), str(fresh))
    assert _problems(fresh, dns) == {"CR-001.yaml": ""}  # control: an honest copy keeps its approval
    # the teammate's rewrite: CR-001's commit says 300 pages, both records stay byte for byte
    change = git_in(fresh, "log", "--format=%H", "--grep", "^CR-001: ", "-1").strip()
    tip = git_in(fresh, "rev-parse", "HEAD").strip()
    git_in(fresh, "checkout", "-q", "-b", "fake", change)
    yaml = fresh / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("контентом, 30 страниц", "контентом, 300 страниц"),
                    encoding="utf-8")
    git_in(fresh, "-c", "user.name=Mate", "-c", "user.email=m@x", "commit", "-q", "--amend", "-am", "CR-001: 30")
    git_in(fresh, "-c", "user.name=Mate", "-c", "user.email=m@x", "cherry-pick", tip)
    git_in(fresh, "branch", "-q", "-f", "main", "fake")
    git_in(fresh, "checkout", "-q", "main")
    assert "300 страниц" in yaml.read_text(encoding="utf-8")
    problem = _problems(fresh, dns)["CR-001.yaml"]
    # the rewritten CR-001 is itself refused now (this machine remembered its edit: store/recorded.py)
    assert problem.startswith(("its email does not pass the check again",
                               "its email cannot be checked again (damaged record: .contractkit/changes/"
                               "CR-001.yaml: its edit is not the one this machine saw")), problem
    status = ck("status", fresh)
    assert "approved by email" not in status.stdout, status.stdout
    doctor = ck("doctor", fresh)
    assert "CR-001" in doctor.stdout and "nothing needs your attention" not in doctor.stdout, doctor.stdout


# --- B5: a write-once record rewritten through a merge history simplification hides -------------

PAYMENT = ".contractkit/payments/P-001.yaml"
THEIRS = "id: P-001\ndate: '2026-12-05'\namount: '12175.00'\nallocations:\n  '1': '12175.00'\nref: ''\nreverses: null\n"


def _merge_theirs_over_ours(path) -> None:
    """A side branch from the signed commit writes its own P-001, merges main into itself keeping its
    P-001 (its commit is the first parent), and main fast-forwards to it: plain git throughout."""
    mate = ("-c", "user.name=Mate", "-c", "user.email=m@x")
    signed_at = git_in(path, "rev-list", "-1", "contract").strip()
    git_in(path, "checkout", "-q", "-b", "side", signed_at)
    (path / PAYMENT).parent.mkdir(parents=True, exist_ok=True)
    (path / PAYMENT).write_text(THEIRS, encoding="utf-8")
    git_in(path, "add", PAYMENT)
    git_in(path, *mate, "commit", "-qm", "P-001: received 12 175,00 on 2026-12-05")
    merged = subprocess.run(["git", "-C", str(path), *mate, "merge", "-q", "main", "-m", "Merge"],
                            capture_output=True, text=True, check=False)
    if merged.returncode != 0:  # add/add: keep theirs
        git_in(path, "checkout", "-q", "--ours", PAYMENT)
        git_in(path, "add", PAYMENT)
        git_in(path, *mate, "commit", "-qm", "Merge")
    git_in(path, "checkout", "-q", "main")
    git_in(path, "merge", "-q", "--ff-only", "side")


@pytest.fixture
def paid(ws):
    path = ws / "romashka"
    run("new", "romashka", "--from-example", "romashka-site")
    run("sign", path, "--date", "2026-12-01")
    run("paid", path, "1", "--date", "2026-12-05")
    return path


@pytest.mark.security("billing-records")
def test_a_payment_rewritten_through_a_merge_counts_for_nothing(paid):
    _merge_theirs_over_ours(paid)
    assert "12175.00" in (paid / PAYMENT).read_text(encoding="utf-8")  # the attack took
    for command in ("status", "remind"):
        result = ck(command, paid, *(["--date", "2026-12-20"] if command == "remind" else []))
        output = result.stdout + result.stderr
        assert "P-001.yaml: written twice with different contents" in output, output
        assert "12 175" not in output and "109 575" not in output
    doctor = ck("doctor", paid)
    assert doctor.returncode != 0 and "P-001.yaml: written twice with different contents" in doctor.stdout


@pytest.mark.security("billing-records")
def test_a_record_only_a_merge_commit_brings_counts_for_nothing(paid):
    """An "evil merge": neither parent holds the payment; the merge commit itself adds it."""
    git_in(paid, "checkout", "-q", "-b", "side", "HEAD~1")
    (paid / "notes.txt").write_text("x", encoding="utf-8")
    git_in(paid, "add", "notes.txt")
    git_in(paid, "commit", "-qm", "notes")
    git_in(paid, "checkout", "-q", "main")
    git_in(paid, "merge", "-q", "--no-commit", "side")
    second = paid / ".contractkit" / "payments" / "P-002.yaml"
    second.write_text(THEIRS.replace("P-001", "P-002"), encoding="utf-8")
    git_in(paid, "add", str(second))
    git_in(paid, "-c", "user.name=Mate", "-c", "user.email=m@x", "commit", "-qm", "Merge")
    doctor = ck("doctor", paid)
    assert "P-002.yaml: no commit of its own wrote it" in doctor.stdout, doctor.stdout


@pytest.mark.security("billing-records")
def test_sync_refuses_a_remote_history_that_rewrites_a_record(paid, ws):
    bare = ws / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    git_in(paid, "remote", "add", "origin", str(bare))
    run("sync", paid)
    mate = ws / "mate"
    git_in(ws, "clone", "-q", str(bare), str(mate))
    _merge_theirs_over_ours(mate)
    git_in(mate, "push", "-q", "origin", "main")
    before = head(paid)
    output = one_line_error(ck("sync", paid))
    assert "the remote's history: .contractkit/payments/P-001.yaml: written twice" in output, output
    assert "nothing was merged" in output and head(paid) == before
    assert "121 750,00 ₽  due 2026-12-08  paid" in ck("status", paid).stdout.replace("\xa0", " ")


# --- B6: deflate-bomb appearances on widgets added after signing --------------------------------

def _bomb(inflated: int) -> bytes:
    """A FlateDecode stream of a few kilobytes that inflates to `inflated` bytes of path operators."""
    import zlib

    packer, chunk = zlib.compressobj(9), b"0 0 m\n" * (1 << 16)
    parts = [packer.compress(chunk) for _ in range(inflated // len(chunk) + 1)]
    return b"".join(parts) + packer.flush()


def _with_widgets(original: bytes, count: int, rect: list[int], inflated: int = 20_000_000) -> bytes:
    """The original with `count` signature widgets added, each appearance a deflate bomb."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        EncodedStreamObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    page = writer.pages[0]
    blob = _bomb(inflated)
    annots = ArrayObject(page.get("/Annots") or [])
    for i in range(count):
        stream = EncodedStreamObject()
        stream._data = blob
        stream.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                       NameObject("/BBox"): ArrayObject([NumberObject(0)] * 4),
                       NameObject("/Filter"): NameObject("/FlateDecode")})
        annot = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject(f"Sig{i + 2}"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in rect]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(stream)})})
        annots.append(writer._add_object(annot))
    page[NameObject("/Annots")] = annots
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.security("inputs")
@pytest.mark.parametrize("count, rect, words", [
    (20, [0, 0, 0, 0], "20 annotations added after signing, more than the 16"),
    (2, [10, 10, 50, 50], "decodes to more than 1,048,576 bytes"),
    (3, [0, 0, 0, 0], None),  # no area: never shown, never decoded
], ids=["twenty zero-size widgets", "two visible bombs", "three zero-size widgets"])
def test_bomb_appearances_are_refused_before_they_are_inflated(count, rect, words):
    import tracemalloc

    from contractkit.flows.signing import overlay

    original = _blank_pdf()
    copy = _with_widgets(original, count, rect)
    assert len(copy) < 1_000_000  # the file is small; each widget inflates to 20 MB
    tracemalloc.start()
    try:
        found = overlay.added_content(original, copy)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16_000_000, peak  # nothing inflated: one bomb alone would be 20 MB
    if words is None:
        assert found.page is None, found
    else:
        assert found.page == 1 and words in found.reason, found


# --- B8: a signed copy in out/ that nobody checked is not offered as signed ---------------------

@pytest.mark.security("forgery")
def test_publish_offers_a_signed_copy_only_when_this_machine_made_or_verified_it(ws, tmp_path):
    from cryptography.hazmat.primitives import serialization

    from tests.security.test_pades_forgery import _sign, _writer
    from tests.test_signing import PASSWORD, make_ca, make_user

    run("new", "romashka", "--from-example", "romashka-site")
    project = ws / "romashka"
    run("sign", project, "--date", "2026-12-01")
    rendered = next((project / "out").glob("contract-*.pdf"))
    original = rendered.read_bytes()
    mallory = make_ca("Mallory CA")  # a certificate anyone can make, in the contractor's name
    p12 = tmp_path / "forged.p12"
    p12.write_bytes(make_user(mallory, "Соколов Андрей Викторович", PASSWORD))
    forged = _sign(_writer(original), p12)
    rendered.write_bytes(forged)  # a teammate's copy, however it got there
    site = tmp_path / "site"
    run("publish", project, "--out", site)
    assert (site / "documents" / rendered.name).read_bytes() == original
    assert "копия с электронной подписью" not in (site / "index.html").read_text(encoding="utf-8")
    # the control: once `verify --trust` checked every signature against a root the user trusts
    ca = tmp_path / "mallory.pem"
    ca.write_bytes(mallory[1].public_bytes(serialization.Encoding.PEM))
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(forged)
    assert ck("verify", project, copy, "--trust", ca).returncode == 0
    run("publish", project, "--out", site)
    assert (site / "documents" / rendered.name).read_bytes() == forged
    assert "копия с электронной подписью" in (site / "index.html").read_text(encoding="utf-8")


# --- B11: one hand-written approval record re-rendered every pending sheet, on every command -----

@pytest.mark.security("approvals")
def test_an_unverified_approval_renders_only_its_own_sheet_and_only_once(ws, monkeypatch):
    from contractkit.flows import estimate
    from contractkit.flows.approval import ApprovalRecord
    from contractkit.store import records
    from tests.security.test_guard_records import CLIENT as CLIENT_ADDRESS

    run("new", "romashka", "--from-example", "romashka-site")
    project = ws / "romashka"
    run("sign", project, "--date", "2026-12-01")
    yaml = project / "project.yaml"
    for pages in (30, 40, 50):  # three pending change requests
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(text.replace(RU_CONTENT, f"    title: Наполнение контентом, {pages} страниц\n")
                        .replace(f"контентом, {pages - 10} страниц\n", f"контентом, {pages} страниц\n"),
                        encoding="utf-8")
        run("change", project, "-m", f"{pages} страниц", "--requested-on", "2026-12-10")
    folder = project / ".contractkit" / "approvals"
    folder.mkdir(parents=True)
    (folder / "CR-001.eml").write_bytes(b"From: office@romashka.example\r\n\r\njunk\r\n")
    record = ApprovalRecord(change="CR-001", document="cr-001-2026-031.pdf", sha256="0" * 64,
                            sender=CLIENT_ADDRESS, dkim_domain="romashka.example", recorded_on="2026-12-11")
    (folder / "CR-001.yaml").write_bytes(records.dump(record))
    git_in(project, "add", ".contractkit/approvals")
    git_in(project, "commit", "-qm", "CR-001 approved by email")
    rendered: list[str] = []
    real = estimate.render_estimate

    def counted(path, change_id, *args, **kwargs):
        rendered.append(change_id)
        return real(path, change_id, *args, **kwargs)

    monkeypatch.setattr(estimate, "render_estimate", counted)
    def doctor_dns(*_args, **_kwargs):  # checked as `doctor` checks (reading commands render no sheet: B06)
        return None

    first = _problems(project, doctor_dns)["CR-001.yaml"]
    assert first and rendered == ["CR-001"], rendered  # the one sheet the record names, not all three
    assert _problems(project, doctor_dns)["CR-001.yaml"] == first and rendered == ["CR-001"]  # remembered
