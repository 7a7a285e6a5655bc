"""A signed version renders again from the Word template it was made with (issue 25): a template
the repository holds is read from the signed tag's tree; one outside git is checked by the SHA-256
its signature recorded."""

import os
import shutil

import docx
import git
import pytest

from contractkit.errors import ContractkitError, RepositoryError
from tests.conftest import run
from tests.test_word_changes import RU_TEMPLATE, needs_office, ru_change, with_template

TEMPLATE = "lawyer/contract.docx"


def edit_template(project, words="Пункт, добавленный юристом после подписания."):
    """The lawyer edits the contract template after signing: one more paragraph."""
    document = docx.Document(str(project / TEMPLATE))
    document.add_paragraph(words)
    document.save(str(project / TEMPLATE))


def commit_all(project, message):
    with git.Repo(project) as repo:
        repo.git.add(A=True)
        repo.index.commit(message)


def signed_files(project):
    return {p.name: p.read_bytes() for p in (project / "out").iterdir() if p.suffix in (".pdf", ".docx")}


def names_template(project):
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text + f"\ntemplates:\n  contract: {TEMPLATE}\n", encoding="utf-8")
    (project / "lawyer").mkdir(exist_ok=True)
    shutil.copy(RU_TEMPLATE, project / TEMPLATE)


def record_of(project, tag):
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    with open_repo(project) as repo:
        return history.signature_record(repo, tag)


@needs_office
def test_signed_contract_renders_again_from_the_template_at_its_tag(ru_project):
    from contractkit.flows.signing.reproduce import reproduce

    project = with_template(ru_project, RU_TEMPLATE, "2026-12-01")
    signed = signed_files(project)
    assert record_of(project, "contract").templates == {}  # git holds it: no hash needed
    edit_template(project)
    commit_all(project, "The lawyer's new wording")  # committed after signing: the tag keeps the old
    again = reproduce(project, "contract")
    assert again == {name: signed[name] for name in again}
    assert {"contract-2026-031.pdf", "contract-2026-031.docx"} <= set(again)
    # the working tree's template is the new one: a plain render shows the lawyer's paragraph
    run("render", project, "--doc", "contract", "--format", "docx")
    text = "\n".join(p.text for p in docx.Document(str(project / "out" / "contract-2026-031.docx")).paragraphs)
    assert "добавленный юристом после подписания" in text
    assert "добавленный юристом" not in "\n".join(
        p.text for p in docx.Document(__import__("io").BytesIO(again["contract-2026-031.docx"])).paragraphs)


@needs_office
def test_signed_addendum_renders_again_from_the_template_at_its_tag(ru_project):
    from contractkit.flows.signing.reproduce import reproduce

    project = with_template(ru_project, RU_TEMPLATE, "2026-12-01")
    ru_change(project)
    run("sign", project, "--date", "2026-12-07")
    signed = {n: b for n, b in signed_files(project).items() if n.startswith("addendum-1")}
    edit_template(project)
    commit_all(project, "The lawyer's new wording")
    assert reproduce(project, "addendum-1") == signed


def test_sign_refuses_an_uncommitted_edit_of_the_template(ru_project):
    names_template(ru_project)
    commit_all(ru_project, "The lawyer's contract")
    edit_template(ru_project)
    result = run("sign", ru_project, "--date", "2026-12-01", ok=False)
    assert "lawyer/contract.docx has uncommitted edits" in result.output
    assert len(result.output.strip().splitlines()) <= 2  # the error and its hint
    with git.Repo(ru_project) as repo:
        assert "contract" not in {t.name for t in repo.tags}


@needs_office
def test_template_outside_git_is_recorded_by_hash_and_checked(ru_project):
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.store.files import sha256

    names_template(ru_project)
    (ru_project / ".gitignore").write_text("lawyer/\n", encoding="utf-8")  # the user keeps it out of git
    commit_all(ru_project, "Our lawyer's contract, kept outside the repository")
    original = (ru_project / TEMPLATE).read_bytes()
    run("sign", ru_project, "--date", "2026-12-01")
    assert record_of(ru_project, "contract").templates == {TEMPLATE: sha256(original)}
    signed = signed_files(ru_project)
    again = reproduce(ru_project, "contract")
    assert again == {n: signed[n] for n in again} and "contract-2026-031.pdf" in again
    edit_template(ru_project)
    with pytest.raises(ContractkitError) as refused:
        reproduce(ru_project, "contract")
    message = str(refused.value.message)
    assert message.startswith("lawyer/contract.docx: this Word template is not in the repository and "
                              "has changed since contract was signed")
    assert "\n" not in message
    # the signed files still verify by their hashes
    out = run("verify", ru_project, ru_project / "out" / "contract-2026-031.pdf").output
    assert "matches" in out and "signed as contract on 2026-12-01" in out
    (ru_project / TEMPLATE).write_bytes(original)  # the signed file put back: renders as signed
    assert reproduce(ru_project, "contract")["contract-2026-031.pdf"] == signed["contract-2026-031.pdf"]


def test_tracked_file_is_bounded_and_refuses_links(tmp_path):
    from contractkit.store.tags import tracked_file

    repo = git.Repo.init(tmp_path)
    (tmp_path / "lawyer").mkdir()
    (tmp_path / "lawyer" / "contract.docx").write_bytes(b"PK" + b"x" * 100)
    os.symlink("contract.docx", tmp_path / "lawyer" / "link.docx")
    os.symlink("lawyer", tmp_path / "folder")
    repo.git.add(A=True)
    repo.git.commit("-m", "files", "--no-gpg-sign", env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                                                          "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})
    assert tracked_file(repo, "HEAD", "lawyer/contract.docx") == b"PK" + b"x" * 100
    assert tracked_file(repo, "HEAD", "./lawyer/contract.docx") == b"PK" + b"x" * 100
    assert tracked_file(repo, "HEAD", "lawyer/other.docx") is None
    assert tracked_file(repo, "HEAD", "nowhere/contract.docx") is None
    with pytest.raises(RepositoryError, match="lawyer/link.docx at HEAD is a symbolic link"):
        tracked_file(repo, "HEAD", "lawyer/link.docx")
    with pytest.raises(RepositoryError, match="folder at HEAD is a symbolic link"):
        tracked_file(repo, "HEAD", "folder/contract.docx")
    with pytest.raises(RepositoryError, match="over the 50 limit"):
        tracked_file(repo, "HEAD", "lawyer/contract.docx", limit=50)
    with pytest.raises(RepositoryError, match="not a path inside the project"):
        tracked_file(repo, "HEAD", "../contract.docx")
    with pytest.raises(RepositoryError, match="is a folder"):
        tracked_file(repo, "HEAD", "lawyer")
    repo.close()


def test_a_signed_template_that_is_a_link_in_git_is_refused(ru_project):
    """A template committed as a symbolic link (to a file outside the project) is not followed."""
    from contractkit.flows.wordsigned import look_at
    from contractkit.load import parse_project
    from contractkit.store.repo import open_repo

    names_template(ru_project)
    outside = ru_project.parent / "elsewhere.docx"
    shutil.copy(RU_TEMPLATE, outside)
    (ru_project / TEMPLATE).unlink()
    os.symlink(outside, ru_project / TEMPLATE)
    commit_all(ru_project, "A linked template")
    project = parse_project((ru_project / "project.yaml").read_text(encoding="utf-8"))
    with open_repo(ru_project) as repo, pytest.raises(RepositoryError, match="is a symbolic link"):
        look_at(repo, ru_project, project, "HEAD")
    result = run("sign", ru_project, "--date", "2026-12-01", ok=False)
    assert "symbolic link" in result.output


@needs_office
def test_redline_fills_the_signed_contract_from_the_template_at_its_tag(ru_project):
    import re
    import zipfile

    project = with_template(ru_project, RU_TEMPLATE, "2026-12-01")
    edit_template(project, "Пункт, добавленный юристом после подписания.")
    commit_all(project, "The lawyer's new wording")
    ru_change(project)
    paths = run("redline", project, "--doc", "contract").output.split()
    with zipfile.ZipFile(next(p for p in paths if p.endswith(".docx"))) as z:
        body = z.read("word/document.xml").decode("utf-8")
    inserted = re.sub(r"<[^>]+>", "", "".join(re.findall(r"<w:ins\b.*?</w:ins>", body, re.S)))
    assert "добавленный юристом после подписания" in inserted  # not in what was signed
    assert "пятьдесят восемь" in inserted
