"""Which signature records count as signatures.

A signature exists only when this machine's `sign` made it, or when a tag and its record arrived
together and agree with the documents re-rendered from that tag. The first kind is remembered
outside every project (the user's state folder: nothing in a project or its .git can add to it);
the second is checked by rendering the tagged version again and comparing every file's hash, and
then remembered too. A record without its tag, a tag without its record or a record whose hashes
do not match is never a signature, and nothing repairs it into one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from contractkit.errors import ContractkitError, RepositoryError
from contractkit.load import PROJECT_FILE
from contractkit.store import records
from contractkit.store.files import write_atomic
from contractkit.store.records import SignatureRecord

Reproduce = Callable[[Path, str], dict[str, bytes]]


def state_dir() -> Path:
    """The user's own contractkit state: CONTRACTKIT_STATE, else $XDG_STATE_HOME/contractkit."""
    if os.environ.get("CONTRACTKIT_STATE"):
        return Path(os.environ["CONTRACTKIT_STATE"])
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "contractkit"


def _entry(record_bytes: bytes) -> Path:
    return state_dir() / "signatures" / hashlib.sha256(record_bytes).hexdigest()


def remember(record_bytes: bytes, tag_object: str = "") -> None:
    """This record was made by this machine's `sign`, or checked against a re-render; with the id
    of the annotated tag it was signed under, once there is one (see replaced())."""
    write_atomic(_entry(record_bytes), tag_object.encode())


def tag_object(repo, tag: str) -> str:
    """The id of the tag object refs/tags/<tag> names ('' for a lightweight tag: no tag object)."""
    ref = repo.tags[tag]
    return ref.object.hexsha if ref.object.type == "tag" else ""


def replaced(repo, tag: str, record_bytes: bytes) -> str | None:
    """Why the tag is not the annotated tag this machine signed or checked under, or None."""
    now = tag_object(repo, tag)
    if not now:
        return (f"tag {tag} is a lightweight tag, not the annotated tag 'sign' makes (it was replaced, "
                "e.g. by a fetch refspec): not a signature")
    try:
        then = _entry(record_bytes).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if then and then != now:
        return (f"tag {tag} is no longer the annotated tag recorded when it was signed (tag object "
                f"{then[:10]} then, {now[:10]} now): it was replaced, not a signature")
    return None


def known(record_bytes: bytes) -> bool:
    return _entry(record_bytes).is_file()


def default_reproduce(path: Path, tag: str) -> dict[str, bytes]:
    from contractkit.render.output import reproduce

    return reproduce(path, tag)


def record_bytes(repo, tag: str) -> bytes:
    """The signature record committed at the tag (the tag must point to a commit)."""
    from contractkit.store import history

    target = history.tag_commit(repo, tag)
    data = history.blob(repo, target, records.signature_path(tag))
    if data is None:
        raise RepositoryError(f"tag {tag} has no signature record {records.signature_path(tag)}: "
                              "it is not a signature", hint="run 'contractkit doctor'")
    return data


def problem(repo, path: Path, tag: str, reproduce: Reproduce | None = default_reproduce) -> str | None:
    """Why the signature `tag` does not count, or None when it does (checking it if needed)."""
    from contractkit.store import history
    from contractkit.store.workflow import sha256

    try:
        data = record_bytes(repo, tag)
        record = records.parse(SignatureRecord, data, records.signature_path(tag))
    except RepositoryError as exc:
        return exc.message
    if record.tag != tag:
        return f"tag {tag} carries the record of {record.tag}"
    text = history.blob(repo, history.tag_commit(repo, tag), PROJECT_FILE) or b""
    if sha256(text) != record.project_sha256:
        return f"{tag}: project.yaml at the tag does not match its record"
    moved = replaced(repo, tag, data)
    if moved:
        return moved
    if known(data):
        return None
    if reproduce is None:
        return f"{tag}: not yet checked against its documents ('contractkit doctor' checks it)"
    try:
        files = reproduce(path, tag)
    except ContractkitError as exc:
        return f"{tag}: its documents cannot be rendered again ({exc.message})"
    again = {name: sha256(content) for name, content in files.items()}
    if again != record.files:
        differ = sorted(n for n in set(again) | set(record.files) if again.get(n) != record.files.get(n))
        return (f"{tag}: the hashes in its record do not match the documents rendered again from the "
                f"tag ({', '.join(differ)}): a forged or damaged record, not a signature")
    remember(data, tag_object(repo, tag))
    return None


def require(repo, path: Path, tag: str, reproduce: Reproduce | None = default_reproduce) -> None:
    found = problem(repo, path, tag, reproduce)
    if found:
        raise RepositoryError(found, hint="compare with the signed paper copy; 'contractkit doctor' "
                                          "lists every such problem")
