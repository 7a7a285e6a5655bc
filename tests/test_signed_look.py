"""A signed version keeps the look it was signed with: the project's DOCX letterhead and HTML
templates are read from the signed tag's tree, never from the working tree, where they may have
been edited since (issues 21, 25); the new draft takes the new look."""

import io
import shutil

import docx
import git
import pytest

from contractkit.errors import ContractkitError
from contractkit.resources import TEMPLATES
from tests.conftest import run

LOOK = "templates:\n  html: look\n  docx: look-docx/letterhead.docx\n"


def commit_all(project, message):
    with git.Repo(project) as repo:
        repo.git.add(A=True)
        repo.index.commit(message)


def with_own_look(project, colour="#1a2b3c"):
    """The project brings its own stylesheet and letterhead, committed."""
    (project / "look").mkdir()
    (project / "look" / "style.css").write_text(f"h1 {{ color: {colour}; }}\n", encoding="utf-8")
    (project / "look-docx").mkdir()
    shutil.copy(TEMPLATES / "letterhead.docx", project / "look-docx" / "letterhead.docx")
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text + "\n" + LOOK, encoding="utf-8")
    commit_all(project, "The studio's own look")
    return project


def restyle(project, words="Бланк студии, редакция 2"):
    """After signing: a new colour and one more paragraph on the letterhead."""
    (project / "look" / "style.css").write_text("h1 { color: #7a1f2b; }\n", encoding="utf-8")
    letterhead = docx.Document(str(project / "look-docx" / "letterhead.docx"))
    letterhead.add_paragraph(words)
    letterhead.save(str(project / "look-docx" / "letterhead.docx"))


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def signed_files(project):
    return {p.name: p.read_bytes() for p in (project / "out").iterdir() if p.suffix in (".pdf", ".docx")}


def test_a_signed_version_keeps_its_letterhead_and_html_look(ru_project):
    from contractkit.flows.signing.reproduce import reproduce

    project = with_own_look(ru_project)
    run("sign", project, "--date", "2026-12-01")
    signed = signed_files(project)
    restyle(project)
    commit_all(project, "A new look for new documents")
    again = reproduce(project, "contract")
    assert {"contract-2026-031.pdf", "contract-2026-031.docx"} <= set(again)
    assert again == {name: signed[name] for name in again}
    kept = project.parent / "signed-contract.pdf"
    kept.write_bytes(signed["contract-2026-031.pdf"])
    run("verify", project, kept)
    # the new draft takes the new look: the letterhead's new paragraph, another PDF
    run("render", project, "--doc", "contract")
    draft = signed_files(project)
    assert "редакция 2" in docx_text(draft["contract-2026-031.docx"])
    assert "редакция 2" not in docx_text(again["contract-2026-031.docx"])
    assert draft["contract-2026-031.pdf"] != again["contract-2026-031.pdf"]


def test_a_signed_version_renders_again_after_its_look_was_removed(ru_project):
    from contractkit.flows.signing.reproduce import reproduce

    project = with_own_look(ru_project)
    run("sign", project, "--date", "2026-12-01")
    signed = signed_files(project)
    shutil.rmtree(project / "look")
    shutil.rmtree(project / "look-docx")
    text = (project / "project.yaml").read_text(encoding="utf-8")
    (project / "project.yaml").write_text(text.replace(LOOK, ""), encoding="utf-8")
    commit_all(project, "Back to the bundled look")
    again = reproduce(project, "contract")
    assert again == {name: signed[name] for name in again}


def test_an_uncommitted_letterhead_edit_is_not_signed(ru_project):
    project = with_own_look(ru_project)
    restyle(project)
    result = run("sign", project, "--date", "2026-12-01", ok=False)
    assert "uncommitted edits" in result.output
    assert "look-docx/letterhead.docx" in result.output or "look" in result.output


def test_an_untracked_letterhead_is_checked_by_its_signed_hash(ru_project):
    from contractkit.flows.signing.reproduce import reproduce

    project = ru_project
    (project / ".gitignore").write_text("look-docx/\n", encoding="utf-8")
    with_own_look(project)
    run("sign", project, "--date", "2026-12-01")
    signed = signed_files(project)
    again = reproduce(project, "contract")
    assert again == {name: signed[name] for name in again}
    restyle(project)
    commit_all(project, "A new stylesheet; the letterhead stays outside git")
    with pytest.raises(ContractkitError, match="letterhead.docx: this template is not in the repository"):
        reproduce(project, "contract")


def test_a_signed_look_with_a_link_in_its_folder_is_refused(tmp_path):
    import os

    from contractkit.errors import RepositoryError
    from contractkit.store.tags import tracked_folder

    (tmp_path / "look").mkdir()
    (tmp_path / "look" / "style.css").write_text("h1 { color: red; }\n", encoding="utf-8")
    repo = git.Repo.init(tmp_path, initial_branch="main")
    repo.index.add(["look/style.css"])
    repo.index.commit("look")
    assert tracked_folder(repo, "HEAD", "look") == {"style.css": b"h1 { color: red; }\n"}
    assert tracked_folder(repo, "HEAD", "nowhere") is None
    os.symlink("/etc/passwd", tmp_path / "look" / "base.html")
    repo.index.add(["look/base.html"])
    repo.index.commit("a link")
    with pytest.raises(RepositoryError, match="look/base.html at HEAD is a symbolic link"):
        tracked_folder(repo, "HEAD", "look")
    with pytest.raises(RepositoryError, match="not a path inside the project"):
        tracked_folder(repo, "HEAD", "../look")
    repo.close()
