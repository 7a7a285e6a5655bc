"""The signature tags and the bytes at a revision: the lowest readers of a project's history,
which the signature checks (store/trust.py) and everything above them share."""

from __future__ import annotations

import re

from contractkit.bounds import MAX_BYTES
from contractkit.errors import RepositoryError
from contractkit.store import records
from contractkit.store.records import SignatureRecord

ADDENDUM_TAG = re.compile(r"^addendum-(\d+)$")


def blob(repo, rev: str, path: str) -> bytes | None:
    """The bytes of path at rev, or None when it is not there. Asked of git's own object reader
    (one `cat-file --batch` process per repository, `<commit>:<path>`), not by parsing each tree
    on the way in Python: reading n records of one folder of n that way cost O(n²)."""
    from gitdb.exc import BadName, BadObject

    try:
        commit = repo.commit(rev)
    except (ValueError, BadName, BadObject):
        raise RepositoryError(f"{rev} is not a commit of this repository") from None
    if not _plain(path):
        return _walked(commit, rev, path)
    try:
        _sha, kind, size = repo.git.get_object_header(f"{commit.hexsha}:{path}")
    except ValueError:  # git answered "missing"
        return None
    if kind not in (b"blob", b"tree"):  # a submodule's commit is not a file of this repository
        return None
    _refuse_size(rev, path, size)
    _sha, _kind, _size, data = repo.git.get_object_data(f"{commit.hexsha}:{path}")
    return data


def _plain(path: str) -> bool:
    """True for a path git's `<commit>:<path>` reads exactly as a tree walk would: no empty, `.`
    or `..` part (those are relative to the working directory there), no line break."""
    return "\n" not in path and all(part not in ("", ".", "..") for part in path.split("/"))


def _walked(commit, rev: str, path: str) -> bytes | None:
    """The same, walking the trees in Python: for the odd path _plain refuses."""
    try:
        found = commit.tree / path
        _refuse_size(rev, path, found.size)
        return found.data_stream.read()
    except (KeyError, AttributeError):
        return None


def _refuse_size(rev: str, path: str, size: int) -> None:
    """Refused before it is read: a version is a file, not a bomb."""
    if size > MAX_BYTES:
        raise RepositoryError(f"{path} at {rev[:12]} is {size:,} bytes, over the "
                              f"{MAX_BYTES:,} limit",
                              hint="'git log -- " + path + "' shows who committed it")


def tag_commit(repo, name: str) -> str:
    """The commit a tag points to; a clear error for a tag on a blob or a tree."""
    obj = repo.tags[name].object
    while obj.type == "tag":
        obj = obj.object
    if obj.type != "commit":
        raise RepositoryError(f"tag {name} points to a {obj.type}, not a commit: it is not a signature",
                              hint=f"see 'git show {name}'; a signed tag is never moved, so ask who made it")
    return obj.hexsha


def signature_tags(repo) -> list[str]:
    """contract, addendum-1, 2, … in order, whichever exist as tags."""
    names = {t.name for t in repo.tags}
    order = [records.CONTRACT_TAG] if records.CONTRACT_TAG in names else []
    found = order + sorted((n for n in names if ADDENDUM_TAG.match(n)), key=lambda n: int(n.split("-")[1]))
    for name in found:
        try:
            repo.tags[name].object  # noqa: B018 - read: the object the tag names must be here
        except ValueError:  # gitdb: "SHA … could not be resolved"
            raise RepositoryError(
                f"tag {name} is a damaged record: it names an object this repository does not hold",
                hint="get the project afresh with 'contractkit clone', or ask who copied it") from None
    return found


def signature_records(repo) -> list[SignatureRecord]:
    """The records at every signature tag, unchecked: for the checks themselves (trust, doctor,
    verify) only; a command that needs what is signed reads signatures()."""
    return [signature_record(repo, name) for name in signature_tags(repo)]


def signature_record(repo, name: str) -> SignatureRecord:
    """The record at one signature tag, unchecked (RepositoryError when there is none to read)."""
    data = blob(repo, tag_commit(repo, name), records.signature_path(name))
    if data is None:
        raise RepositoryError(f"tag {name} has no signature record {records.signature_path(name)}",
                              hint="run 'contractkit doctor'")
    return records.parse(SignatureRecord, data, records.signature_path(name))


def _walk(repo, rev: str, path: str, what: str):
    """The tree entry at path in rev's tree, or None when git does not track it there; refused if
    path leaves the project, or it or a folder on its way is a symbolic link or a submodule."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or path.startswith("/"):
        raise RepositoryError(f"{path} is not a path inside the project")
    item = repo.commit(rev).tree
    for depth, name in enumerate(parts):
        found = next((x for x in item if x.name == name), None) if item.type == "tree" else None
        if found is None:
            return None
        shown = "/".join(parts[:depth + 1])
        if found.mode == 0o120000:
            raise RepositoryError(f"{shown} at {rev} is a symbolic link; refused",
                                  hint=f"commit the {what} itself instead of a link")
        if found.type not in ("tree", "blob") or (depth < len(parts) - 1 and found.type != "tree"):
            raise RepositoryError(f"{shown} at {rev} is not a plain file or folder; refused")
        item = found
    return item


def tracked_file(repo, rev: str, path: str, limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of a file the project's tree holds at rev (a Word template), or None when git does
    not track it there; refused, as in the working tree, if it or a folder on its way is a symbolic
    link or a submodule, or it is over `limit` bytes (checked before it is read)."""
    item = _walk(repo, rev, path, "file")
    if item is None:
        return None
    if item.type != "blob":
        raise RepositoryError(f"{path} at {rev} is a folder, not a file")
    if item.size > limit:
        raise RepositoryError(f"{path} at {rev} is {item.size:,} bytes, over the {limit:,} limit")
    return item.data_stream.read()


MAX_LOOK_FILES = 2_000
"""Files a project's template folder may hold at a revision: a look, not a file tree."""


def tracked_folder(repo, rev: str, path: str, limit: int = MAX_BYTES) -> dict[str, bytes] | None:
    """{relative path: bytes} of every file under a folder the tree holds at rev (a project's HTML
    templates), or None when git does not track it there; refused as tracked_file refuses, and when
    it holds a link or a submodule, more than MAX_LOOK_FILES files, or more than `limit` bytes."""
    item = _walk(repo, rev, path, "folder")
    if item is None:
        return None
    if item.type != "tree":
        raise RepositoryError(f"{path} at {rev} is not a folder")
    out: dict[str, bytes] = {}
    total = 0
    stack = [(item, "")]
    while stack:
        tree, prefix = stack.pop()
        for entry in tree:
            shown = f"{path.rstrip('/')}/{prefix}{entry.name}"
            if entry.mode == 0o120000:
                raise RepositoryError(f"{shown} at {rev} is a symbolic link; refused",
                                      hint="commit the file itself instead of a link")
            if entry.type == "tree":
                stack.append((entry, f"{prefix}{entry.name}/"))
                continue
            if entry.type != "blob":
                raise RepositoryError(f"{shown} at {rev} is not a plain file or folder; refused")
            total += entry.size
            if len(out) >= MAX_LOOK_FILES or total > limit:
                raise RepositoryError(f"{path} at {rev} holds more than {MAX_LOOK_FILES:,} files or "
                                      f"{limit:,} bytes; refused")
            out[f"{prefix}{entry.name}"] = entry.data_stream.read()
    return out
