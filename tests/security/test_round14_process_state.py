"""Process-wide state that outlives one command (sec18's hunt, issue 22): a verdict or a pass kept
in this process must be keyed by everything its answer depends on, so that it never vouches after
what it depended on changed (another signature, another file at the same path), as in a
long-lived process (`render --watch`, the tests' own process) it otherwise would.
"""

from __future__ import annotations

import pytest

from contractkit.store import deal, payments
from contractkit.store.repo import open_repo
from tests.conftest import run
from tests.security.gitfixtures import git_in
from tests.test_billing import example

pytestmark = pytest.mark.security("billing-records")


def test_an_acts_verdict_is_not_kept_once_the_signature_it_rests_on_no_longer_counts(ws):
    """deal.problem kept an act's verdict by (record, commit, repository) for the whole process,
    though it is judged against the signatures that count (records_at): with the contract's tag
    gone, the same act, asked about again in the same process, was still "could have been
    written here"."""
    path = example(ws, "romashka-site", "a")
    run("sign", path, "--date", "2026-12-01")
    run("accept", path, "prototypes", "--date", "2026-12-07")
    with open_repo(path) as repo:
        act = payments.acts(repo)[0]
        assert deal.problem(repo, act) is None  # the control: written here, after the signature
    git_in(path, "tag", "-d", "contract")
    with open_repo(path) as repo:
        found = deal.problem(repo, act)
    assert found is not None and "before the contract was signed" in found, found


def _word(path, text: str):
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _text(tpl) -> str:
    return "\n".join(p.text for p in tpl.docx.paragraphs)


def test_a_word_template_is_opened_from_the_bytes_that_were_checked(tmp_path, monkeypatch):
    """A Word template's pass was for the bytes the check read (userdocx._PASSED, by their
    SHA-256), but docxtpl opened the file by its path again: a file replaced in between (a sync
    client, another process in the project's folder) was filled unchecked."""
    from contractkit.render import userdocx

    path = _word(tmp_path / "contract.docx", "CHECKED {{ contract.number }}")
    other = _word(tmp_path / "other.docx", "NEVER CHECKED {{ contract.number }}").read_bytes()
    real = userdocx.check_package

    def check_then_replace(given, fields=True):
        real(given, fields)
        path.write_bytes(other)  # the file is another once its check passed

    monkeypatch.setattr(userdocx, "check_package", check_then_replace)
    tpl = userdocx.open_template(path)
    assert "CHECKED" in _text(tpl) and "NEVER" not in _text(tpl), _text(tpl)


def test_a_letterhead_is_opened_from_the_bytes_that_were_checked(tmp_path, monkeypatch):
    """The same for a DOCX letterhead: its pass is remembered by its bytes (cache.py, letterheads),
    and docxtpl read the file again by its path."""
    from contractkit.render import docx

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _word(tmp_path / "letterhead.docx", "CHECKED {{p body }}")
    other = _word(tmp_path / "other.docx", "NEVER CHECKED {{p body }}").read_bytes()
    real = docx._check_package

    def check_then_replace(given, *rest):
        real(given, *rest)
        path.write_bytes(other)

    monkeypatch.setattr(docx, "_check_package", check_then_replace)
    tpl = docx._open(path)
    assert "CHECKED" in _text(tpl) and "NEVER" not in _text(tpl), _text(tpl)


def test_a_signed_versions_template_outside_git_is_rendered_from_the_bytes_compared(ru_project):
    """A Word template git does not hold is compared with the SHA-256 its signature recorded, then
    was filled from its path, read again: a file replaced after the comparison made the documents
    rendered again differ, and a genuine signature was remembered as a forgery (trust._fail)."""
    import hashlib
    import shutil

    from contractkit.flows.wordsigned import look_at
    from contractkit.load import load_project
    from tests.test_word_changes import RU_TEMPLATE

    (ru_project / "lawyer").mkdir()
    shutil.copy(RU_TEMPLATE, ru_project / "lawyer" / "contract.docx")
    text = (ru_project / "project.yaml").read_text(encoding="utf-8")
    (ru_project / "project.yaml").write_text(text + "\ntemplates:\n  contract: lawyer/contract.docx\n",
                                             encoding="utf-8")
    (ru_project / ".gitignore").write_text("lawyer/\n", encoding="utf-8")
    git_in(ru_project, "add", "-A")
    git_in(ru_project, "commit", "-qm", "the lawyer's contract, outside git")
    original = (ru_project / "lawyer" / "contract.docx").read_bytes()
    project = load_project(ru_project / "project.yaml")
    with open_repo(ru_project) as repo:
        look = look_at(repo, ru_project, project, "HEAD",
                       {"lawyer/contract.docx": hashlib.sha256(original).hexdigest()})
    _word(ru_project / "lawyer" / "contract.docx", "another template {{ contract.number }}")
    filled = dict(look.word)["contract"]
    assert getattr(filled, "data", None) == original  # the compared bytes, not the path
