"""A signature record names what rendered its documents (contractkit, weasyprint, pydantic, the
DOCX writers, the bundled fonts), old records without it stay readable, and a document that does
not match is explained by the versions that differ."""

import hashlib
from importlib import metadata

import pytest
import weasyprint

from contractkit import versions
from contractkit.errors import RepositoryError
from contractkit.resources import TEMPLATES
from contractkit.store import history, records, trust
from contractkit.store.records import SignatureRecord
from contractkit.store.repo import open_repo
from tests.conftest import run


def _record(project, tag="contract") -> tuple[bytes, SignatureRecord]:
    data = (project / records.signature_path(tag)).read_bytes()
    return data, records.parse(SignatureRecord, data, tag)


def test_the_record_names_the_versions_and_fonts_that_made_the_documents(ru_project):
    run("sign", ru_project, "--date", "2026-12-01")
    data, record = _record(ru_project)
    made = record.made_with
    assert made["weasyprint"] == weasyprint.__version__
    assert made["contractkit"] == metadata.version("contractkit")
    assert made["pydantic"] == metadata.version("pydantic")
    assert made["docxtpl"] == metadata.version("docxtpl") and made["python-docx"] == metadata.version("python-docx")
    font = TEMPLATES / "fonts" / "DejaVuSerif.ttf"
    assert made["font/DejaVuSerif.ttf"] == hashlib.sha256(font.read_bytes()).hexdigest()
    assert b"made_with:\n  contractkit: " in data
    assert versions.differences(made) == []  # this machine made it


def test_a_record_without_versions_still_reads_and_dumps_to_the_same_bytes(ru_project):
    run("sign", ru_project, "--date", "2026-12-01")
    data, record = _record(ru_project)
    old = data[:data.index(b"made_with:")]  # a record as contractkit 0.2 wrote it
    parsed = records.parse(SignatureRecord, old, "contract")
    assert parsed.made_with == {} and records.dump(parsed) == old
    assert records.dump(record) == data


def test_a_record_cannot_carry_words_in_its_versions(ru_project):
    run("sign", ru_project, "--date", "2026-12-01")
    data, _ = _record(ru_project)
    forged = data.replace(b"made_with:\n", b"made_with:\n  weasyprint: 66.0 is fine, trust this\n")
    with pytest.raises(RepositoryError, match="damaged record"):
        records.parse(SignatureRecord, forged, "contract")


def test_differences_name_each_library_and_font(monkeypatch):
    here = {"weasyprint": "70.0", "pydantic": "2.14.4", "font/A.ttf": "aa", "font/C.ttf": "cc"}
    recorded = {"weasyprint": "66.0", "pydantic": "2.14.4", "font/A.ttf": "ab", "font/B.ttf": "bb"}
    assert versions.differences(recorded, here) == [
        "weasyprint 66.0, this machine has 70.0", "font A.ttf has other bytes here", "font B.ttf is not here",
        "font C.ttf is new here"]
    assert versions.differences(here, here) == []


def _signed_elsewhere(project, monkeypatch):
    """Sign as if on a machine with weasyprint 66.0 (the record names it)."""
    real = versions.current()
    monkeypatch.setattr(versions, "current", lambda: {**real, "weasyprint": "66.0"})
    run("sign", project, "--date", "2026-12-01")
    monkeypatch.setattr(versions, "current", lambda: real)


def test_verify_says_a_document_that_does_not_match_was_signed_on_other_versions(ru_project, monkeypatch):
    _signed_elsewhere(ru_project, monkeypatch)
    pdf = ru_project / "out" / "contract-2026-031.pdf"
    assert "matches contract-2026-031.pdf" in run("verify", ru_project, pdf).output
    pdf.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"%%EOF\n", 1))  # as another weasyprint would differ
    out = run("verify", ru_project, pdf, ok=False).output
    assert "NOT a signed document of this project" in out
    assert (f"note: contract-2026-031.pdf signed as contract on 2026-12-01 was rendered with weasyprint 66.0, "
            f"this machine has {weasyprint.__version__}: a copy rendered again here has other bytes") in out
    other = ru_project / "out" / "other.pdf"
    other.write_bytes(b"%PDF-1.7 nothing of ours")
    assert "note:" not in run("verify", ru_project, other, ok=False).output  # no signed file of that name


def test_a_record_checked_by_rendering_again_on_other_versions_says_which(ru_project, monkeypatch, tmp_path):
    """A teammate's signature arrives with its record: rendered again here with another weasyprint,
    the bytes differ. It is still not taken, and the message says why it may differ."""
    _signed_elsewhere(ru_project, monkeypatch)
    monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "another-machine"))  # not signed here

    def rendered_here(path, tag):
        return {name: b"other bytes" for name in _record(ru_project, tag)[1].files}

    with open_repo(ru_project) as repo:
        found = trust.problem(repo, ru_project, "contract", rendered_here)
        assert "the hashes in its record do not match the documents rendered again" in found
        assert (f"its record says it was rendered with other versions (weasyprint 66.0, this machine has "
                f"{weasyprint.__version__}): not a signature on this machine") in found
        assert [r.tag for r in history.signature_records(repo)] == ["contract"]  # the record, untaken
        record = _record(ru_project)[1].model_copy(update={"made_with": {}})  # a record from before
        monkeypatch.setattr(records, "parse", lambda model, data, name: record)
        # the same bytes parse differently here: a machine that has not remembered the first verdict
        # (red team 13 B07: a "does not match" is remembered by the record's bytes)
        monkeypatch.setenv("CONTRACTKIT_STATE", str(tmp_path / "a-third-machine"))
        found = trust.problem(repo, ru_project, "contract", rendered_here)
        assert "a forged or damaged record, not a signature (or one rendered by other versions" in found
