"""The user's Word templates a signed version was filled from, so it renders again as signed.

A template the repository holds is read from the signed tag's tree (store/tags.py: bounded, no
links), never from the working tree, where it may have been edited since. A template git does not
hold (untracked or ignored) cannot be read back from the history: `sign` records its SHA-256, and
rendering the version again refuses, in one line naming the file, when the file now differs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from contractkit.errors import RenderError, RepositoryError
from contractkit.render.documents import Look, look_for
from contractkit.render.userdocx import MAX_UNPACKED, WordFile, safe_path
from contractkit.store.files import sha256_file
from contractkit.store.tags import tracked_file


def look_at(repo, path: Path, project, rev: str, recorded: dict[str, str] | None = None) -> Look:
    """The project's look with each Word template as the revision holds it; one git does not hold
    stays the working file, checked against `recorded` (a signature's hashes) when given."""
    look = look_for(project, path)
    word = []
    for doc, rel in project.templates.word().items():
        data = tracked_file(repo, rev, rel, MAX_UNPACKED)
        if data is not None:
            word.append((doc, WordFile(rel, data)))
            continue
        file = safe_path(path / rel, path, f"templates.{doc}")
        if recorded is not None and rel in recorded:
            now = sha256_file(file)[0]
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
    """{template: SHA-256} of each Word template git does not hold at HEAD, for the signature."""
    found = {}
    for doc, rel in project.templates.word().items():
        if tracked_file(repo, "HEAD", rel, MAX_UNPACKED) is None:
            found[rel] = sha256_file(safe_path(path / rel, path, f"templates.{doc}"))[0]
    return found


def refuse_uncommitted(repo, path: Path, project) -> None:
    """A Word template the repository holds is signed as committed: edits to it not committed
    would make the signed files differ from what the tag renders again."""
    for doc, rel in project.templates.word().items():
        data = tracked_file(repo, "HEAD", rel, MAX_UNPACKED)
        if data is None:
            continue
        file = safe_path(path / rel, path, f"templates.{doc}")
        if file.stat().st_size != len(data) or file.read_bytes() != data:
            raise RepositoryError(f"{rel} has uncommitted edits; only a committed Word template can "
                                  "be signed", hint=f"commit it first: git commit {rel}")
