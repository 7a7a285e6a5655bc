"""The project's own look a signed version was made with (its Word templates, its DOCX letterhead
and its HTML templates), so it renders again as signed.

A template the repository holds is read from the signed tag's tree (store/tags.py: bounded, no
links), never from the working tree, where it may have been edited since. A template git does not
hold (untracked or ignored) cannot be read back from the history: `sign` records its SHA-256, and
rendering the version again refuses, in one line naming the file, when the file now differs.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from contractkit.errors import RenderError, RepositoryError
from contractkit.render.look import Look, look_for
from contractkit.render.userdocx import MAX_UNPACKED, WordFile, held, safe_path
from contractkit.store.files import sha256_file
from contractkit.store.tags import tracked_file, tracked_folder


def look_at(repo, path: Path, project, rev: str, recorded: dict[str, str] | None = None) -> Look:
    """The project's look with each Word template as the revision holds it; one git does not hold
    stays the working file, checked against `recorded` (a signature's hashes) when given."""
    look = _own_look_at(repo, path, project, rev, recorded)
    word = []
    for doc, rel in project.templates.word().items():
        data = tracked_file(repo, rev, rel, MAX_UNPACKED)
        if data is not None:
            word.append((doc, WordFile(rel, data)))
            continue
        file = safe_path(path / rel, path, f"templates.{doc}")
        if recorded is not None and rel in recorded:
            file = held(file)  # the bytes whose hash is compared are the bytes filled (sec18)
            now = hashlib.sha256(file.data).hexdigest()
            if now != recorded[rel]:
                raise RenderError(
                    f"{rel}: this Word template is not in the repository and has changed since "
                    f"{rev} was signed (SHA-256 {now[:12]}, signed {recorded[rel][:12]}): put back "
                    f"the signed file to render {rev} again (verify still checks signed files by hash)")
        word.append((doc, file))
    return dataclasses.replace(look, word=tuple(word))


def signed_look(repo, path: Path, project, record, rev: str | None = None) -> Look:
    """The look with the Word templates as the signature's tag holds them (no record: as rev
    holds them, or the working tree's when rev is None too)."""
    if record is not None:
        return look_at(repo, path, project, record.tag, record.templates)
    return look_at(repo, path, project, rev) if rev else look_for(project, path)


def outside_hashes(repo, path: Path, project) -> dict[str, str]:
    """{template: SHA-256} of each Word template, letterhead or HTML folder git does not hold at
    HEAD, for the signature."""
    found = {}
    for doc, rel in project.templates.word().items():
        if tracked_file(repo, "HEAD", rel, MAX_UNPACKED) is None:
            found[rel] = sha256_file(safe_path(path / rel, path, f"templates.{doc}"))[0]
    letterhead, html = project.templates.docx, project.templates.html
    if letterhead and tracked_file(repo, "HEAD", letterhead) is None:
        found[letterhead] = sha256_file(safe_path(path / letterhead, path, "templates.docx"))[0]
    if html and tracked_folder(repo, "HEAD", html) is None:
        found[html] = _folder_hash(_working_folder(path, html))
    return found


def _own_look_at(repo, path: Path, project, rev: str, recorded: dict[str, str] | None) -> Look:
    """The look with the letterhead and the HTML folder as rev holds them (each written once to a
    private temporary folder that the renderer reads as it reads the working one); what git does
    not hold is the working tree's, checked against `recorded` when given."""
    letterhead, html = project.templates.docx, project.templates.html
    held_docx = tracked_file(repo, rev, letterhead) if letterhead else None
    held_html = tracked_folder(repo, rev, html) if html else None
    in_git = {name: "" for name, data in (("docx", held_docx), ("html", held_html)) if data is not None}
    own = project.model_copy(update={"templates": project.templates.model_copy(update=in_git)})
    look = look_for(own, path)  # the working tree's look, less what the revision holds
    if held_docx is not None:
        folder = _materialized({"letterhead.docx": held_docx})
        look = dataclasses.replace(look, docx=folder / "letterhead.docx")
    elif letterhead and recorded is not None and letterhead in recorded:
        data = held(safe_path(path / letterhead, path, "templates.docx")).data
        _same(letterhead, hashlib.sha256(data).hexdigest(), recorded[letterhead], rev)
        folder = _materialized({"letterhead.docx": data})  # what was compared is what is rendered
        look = dataclasses.replace(look, docx=folder / "letterhead.docx")
    if held_html is not None:
        held_dir = _materialized(held_html, Path(html).name)
        look = dataclasses.replace(look, html_dirs=(held_dir, *look.html_dirs))
    elif html and recorded is not None and html in recorded:
        files = _working_folder(path, html)
        _same(html, _folder_hash(files), recorded[html], rev)
        working = (path / html).resolve()
        held_dir = _materialized(files, Path(html).name)  # what was compared is what is rendered
        look = dataclasses.replace(look, html_dirs=tuple(held_dir if d == working else d
                                                         for d in look.html_dirs))
    return look


def _same(rel: str, now: str, signed: str, rev: str) -> None:
    if now != signed:
        raise RenderError(
            f"{rel}: this template is not in the repository and has changed since {rev} was signed "
            f"(SHA-256 {now[:12]}, signed {signed[:12]}): put back the signed file to render {rev} "
            "again (verify still checks signed files by hash)")


def _working_folder(path: Path, rel: str) -> dict[str, bytes]:
    """{relative path: bytes} of the HTML folder in the working tree (no links: refused)."""
    from contractkit.workspace import refuse_links

    folder = path / rel
    refuse_links(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _folder_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{hashlib.sha256(files[name]).hexdigest()}\n".encode())
    return digest.hexdigest()


_written: dict[str, Path] = {}
"""Folders already written in this process, by the hash of what they hold."""


def _materialized(files: dict[str, bytes], name: str = "") -> Path:
    """A private temporary folder holding `files` (read from git, so no links), removed at exit;
    the same files give the same folder within a process. name: the folder's own name (the
    project's look folder's, so a refusal names look/ru/invoice.html.j2 as the user knows it)."""
    key = _folder_hash(files) + "\0" + name
    if key in _written and _written[key].is_dir():
        return _written[key]
    import atexit
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="contractkit-look-"))
    atexit.register(shutil.rmtree, top, True)
    folder = top / name if name and name not in (".", "..") and "/" not in name else top
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _written[key] = folder
    return folder


def refuse_uncommitted(repo, path: Path, project) -> None:
    """A template the repository holds (Word, letterhead, HTML) is signed as committed: edits to
    it not committed would make the signed files differ from what the tag renders again."""
    named = {**{rel: f"templates.{doc}" for doc, rel in project.templates.word().items()}}
    if project.templates.docx:
        named[project.templates.docx] = "templates.docx"
    for rel, what in named.items():
        data = tracked_file(repo, "HEAD", rel, MAX_UNPACKED)
        if data is None:
            continue
        file = safe_path(path / rel, path, what)
        if file.stat().st_size != len(data) or file.read_bytes() != data:
            raise RepositoryError(f"{rel} has uncommitted edits; only a committed template can "
                                  "be signed", hint=f"commit it first: git commit {rel}")
    html = project.templates.html
    files = tracked_folder(repo, "HEAD", html) if html else None
    working = _working_folder(path, html) if files is not None else {}
    if files is not None and any(working.get(name) != data for name, data in files.items()):
        raise RepositoryError(f"{html} has uncommitted edits; only committed HTML templates can be "
                              "signed", hint=f"commit them first: git add {html} && git commit")
