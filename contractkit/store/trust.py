"""Which signature records count as signatures.

A signature exists only when this machine's `sign` made it, or when a tag and its record arrived
together and agree with the documents re-rendered from that tag. The first kind is remembered
outside every project (the user's state folder: nothing in a project or its .git can add to it);
the second is checked by rendering the tagged version again and comparing every file's hash, and
then remembered too. A record without its tag, a tag without its record or a record whose hashes
do not match is never a signature, and nothing repairs it into one.

The store imports no renderer: rendering again comes in as `reproduce`, passed by the flows that
check on purpose (clone, sync, doctor, verify, the server's guard) and wired once by the CLI for
the reading path (render_with), so history.signatures() checks a record that arrived by git the
first time a command reads it. Without it (a library caller that wired nothing), such a record
does not count, and the line says to run 'contractkit doctor'.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from contractkit import versions
from contractkit.errors import ContractkitError, RepositoryError
from contractkit.load import PROJECT_FILE
from contractkit.store import records, trusthooks
from contractkit.store.files import write_atomic
from contractkit.store.records import SignatureRecord
from contractkit.workspace import state_dir  # noqa: F401 - trust.state_dir

Reproduce = Callable[[Path, str], dict[str, bytes]]


def _entry(record_bytes: bytes, scope: str = "") -> Path:
    key = scope.encode() + b"\0" + record_bytes if scope else record_bytes
    return state_dir() / "signatures" / hashlib.sha256(key).hexdigest()


def scope_of(repo, rev: str = "HEAD") -> str:
    """The project a signature mark belongs to: the root commit(s) behind rev. A copy of a project
    (same record bytes, another history and tag) checked first does not speak for the genuine one."""
    from contractkit.store.repo import run

    try:
        return " ".join(sorted(run(repo, "rev-list", "--max-parents=0", rev).split()))
    except ContractkitError:
        return ""


def remember(record_bytes: bytes, tag_object: str = "", scope: str = "") -> None:
    """This record was made by this machine's `sign`, or checked against a re-render; with the id
    of the annotated tag it was signed under, once there is one (see replaced()). A signature's
    mark is scoped to its project (scope_of); acts, invoices and letters have their own marks
    (remember_made).

    The mark keeps every tag object this machine signed or checked for the record, one per line: a
    second copy of the project (a scratch clone re-signing the same version) adds its own tag and
    leaves the first copy's standing."""
    entry = _entry(record_bytes, scope)
    ids = _tag_objects(entry)
    if tag_object and tag_object not in ids:
        ids.append(tag_object)
    elif entry.is_file():
        return  # known already, and nothing to add
    write_atomic(entry, "".join(f"{i}\n" for i in ids).encode())


def _tag_objects(entry: Path) -> list[str]:
    """The tag object ids a mark holds (none for a mark made before the tag, or without one)."""
    try:
        text = entry.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.split() if line]


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
    then = _tag_objects(_entry(record_bytes, scope_of(repo, f"refs/tags/{tag}")))
    if then and now not in then:
        return (f"tag {tag} is no longer the annotated tag recorded when it was signed (tag object "
                f"{then[-1][:10]} then, {now[:10]} now): it was replaced, not a signature")
    return None


def known(record_bytes: bytes, scope: str = "") -> bool:
    return _entry(record_bytes, scope).is_file()


def _made_entry(record_bytes: bytes, scope: str, name: str) -> Path:
    key = f"{scope}\0{name}\0".encode() + record_bytes
    return state_dir() / "records" / hashlib.sha256(key).hexdigest()


_SCOPES: dict[tuple[str, str], str] = {}
"""Per process: a repository's HEAD -> its scope (one git call for all the records of a command)."""


def project_scope(repo) -> str:
    """scope_of(repo) at HEAD, asked once per HEAD ('' where there is no commit)."""
    try:
        head = repo.head.commit.hexsha
    except ValueError:
        return ""
    key = (str(repo.git_dir), head)
    if key not in _SCOPES:
        if len(_SCOPES) >= 64:
            _SCOPES.clear()
        _SCOPES[key] = scope_of(repo)
    return _SCOPES[key]


def remember_made(repo, name: str, record_bytes: bytes) -> None:
    """This machine wrote (or checked against its documents rendered again) the act, invoice or
    letter record `name` with these bytes, in repo's project: the mark is scoped like a signature's
    (scope_of) and named, so the same bytes copied into another project vouch for nothing there
    (red team 13, B08)."""
    scope = project_scope(repo)
    if scope:
        write_atomic(_made_entry(record_bytes, scope, name), b"")


def made_here(repo, name: str, record_bytes: bytes) -> bool:
    """remember_made() was called for these bytes as `name` in this project. A mark of an older
    version (the bytes alone, no project) is not read here: it could be another project's; acts and
    invoices are rendered again and compared instead, and letters written again."""
    scope = project_scope(repo)
    return bool(scope) and _made_entry(record_bytes, scope, name).is_file()


def _refused_entry(repo, name: str, record_bytes: bytes, added: str) -> Path | None:
    scope = project_scope(repo)
    if not scope or not added:
        return None
    made = "\n".join(f"{k}={v}" for k, v in sorted(versions.current().items()))
    key = f"{scope}\0{name}\0{added}\0{made}\0".encode() + record_bytes
    return state_dir() / "records-failed" / hashlib.sha256(key).hexdigest()


def refused_made(repo, name: str, record_bytes: bytes, added: str) -> str:
    """Why the act or invoice record `name`, added by commit `added`, was found not to match its
    documents rendered again in this project, if it was (the B07 cost, for billing records)."""
    entry = _refused_entry(repo, name, record_bytes, added)
    try:
        return entry.read_text(encoding="utf-8")[:2000] if entry is not None and entry.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return ""


def refuse_made(repo, name: str, record_bytes: bytes, added: str, why: str) -> str:
    entry = _refused_entry(repo, name, record_bytes, added)
    if entry is not None:
        write_atomic(entry, why.encode("utf-8"))
    return why


def made_before_scopes(record_bytes: bytes) -> bool:
    """A mark of these bytes made by an older version, before marks named their project."""
    return _entry(record_bytes).is_file()



def record_bytes(repo, tag: str) -> bytes:
    """The signature record committed at the tag (the tag must point to a commit)."""
    from contractkit.store import tags as history

    target = history.tag_commit(repo, tag)
    data = history.blob(repo, target, records.signature_path(tag))
    if data is None:
        raise RepositoryError(f"tag {tag} has no signature record {records.signature_path(tag)}: "
                              "it is not a signature", hint="run 'contractkit doctor'")
    return data


def problem(repo, path: Path, tag: str, reproduce: Reproduce | None = None,
            recheck: bool = False) -> str | None:
    """Why the signature `tag` does not count, or None when it does (checking it if needed). A
    record found not to match its documents is remembered so (failed()); recheck (doctor) renders
    it again all the same."""
    from contractkit.store import tags as history
    from contractkit.store.files import sha256

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
    scope = scope_of(repo, f"refs/tags/{tag}")
    if known(data, scope):
        return None
    refused = "" if recheck else failed(data, tag_object(repo, tag), scope)
    if refused:
        return f"{refused} (found on an earlier check; 'contractkit doctor' checks it again)"
    if reproduce is None:
        return (f"{tag}: not yet checked on this machine against its documents (run 'contractkit "
                "doctor', which renders them again and checks the record)")
    token = _CHECKING.set(True)  # the re-render reads the records as they are: this one is on trial
    try:
        files = reproduce(path, tag)
    except ContractkitError as exc:
        return f"{tag}: its documents cannot be rendered again ({exc.message})"
    finally:
        _CHECKING.reset(token)
    again = {name: sha256(content) for name, content in files.items()}
    if again != record.files:
        differ = sorted(n for n in set(again) | set(record.files) if again.get(n) != record.files.get(n))
        mismatch = (f"{tag}: the hashes in its record do not match the documents rendered again from "
                    f"the tag ({', '.join(differ)})")
        return _fail(data, tag_object(repo, tag), scope, _mismatch(mismatch, record))
    remember(data, tag_object(repo, tag), scope)
    return None


def _mismatch(mismatch: str, record: SignatureRecord) -> str:
    if not record.made_with:
        return (f"{mismatch}: a forged or damaged record, not a signature (or one rendered by "
                "other versions of contractkit, its libraries or fonts: the record is older than "
                "version records)")
    other = versions.differences(record.made_with)
    if other:  # the record's word on what made its bytes: said, and still nothing is taken
        return (f"{mismatch}; its record says it was rendered with other versions "
                f"({'; '.join(other)}): not a signature on this machine; check it where those "
                "versions are installed, else it is a forged or damaged record")
    return f"{mismatch}: a forged or damaged record, not a signature"


def _failed_entry(record_bytes: bytes, tag_object_id: str, scope: str) -> Path:
    """Keyed by the record's bytes, the tag object, the project and what renders here (contractkit,
    its libraries and fonts: after an upgrade the record is rendered again)."""
    made = "\n".join(f"{k}={v}" for k, v in sorted(versions.current().items()))
    key = f"{scope}\0{tag_object_id}\0{made}\0".encode() + record_bytes
    return state_dir() / "signatures-failed" / hashlib.sha256(key).hexdigest()


def failed(record_bytes: bytes, tag_object_id: str, scope: str) -> str:
    """Why this record under this tag object in this project was found not to match its documents
    rendered again, if it was (red team 13, B07: a forged record and tag cost every `status` ~30 s
    of rendering ten documents again)."""
    if not scope or not tag_object_id:
        return ""
    return read_verdict(_failed_entry(record_bytes, tag_object_id, scope))


def read_verdict(entry) -> str:
    """A remembered verdict's text (at most 2,000 characters), or "" when there is none or it cannot
    be read: signatures here, approvals in flows/approval_trust.py."""
    try:
        return entry.read_text(encoding="utf-8")[:2000] if entry.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return ""


def _fail(record_bytes: bytes, tag_object_id: str, scope: str, why: str) -> str:
    """Remember a verdict that rendering again gave and would give again (the same bytes, tag, project
    and versions), and return it. A failure to render at all is not remembered (it may pass later)."""
    if scope and tag_object_id:
        write_atomic(_failed_entry(record_bytes, tag_object_id, scope), why.encode("utf-8"))
    return why


def require(repo, path: Path, tag: str, reproduce: Reproduce | None = None) -> None:
    found = problem(repo, path, tag, reproduce)
    if found:
        raise RepositoryError(found, hint="compare with the signed paper copy; 'contractkit doctor' "
                                          "lists every such problem")


_RENDERER: list[Reproduce] = trusthooks.RENDERER
"""The renderer the composition root (the CLI) handed in (trusthooks.render_with)."""
render_with = trusthooks.render_with


_CHECKING: contextvars.ContextVar[bool] = contextvars.ContextVar("contractkit_checking", default=False)


def checking() -> bool:
    """True while a signature is being rendered again to check it: its own record is read as is."""
    return _CHECKING.get()


@dataclass(frozen=True)
class Verified:
    """The signatures that count, in order, and one line per tag that does not and why."""

    records: list[SignatureRecord] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


_SEEN: dict[tuple, Verified] = {}
"""Per process: the verdict for a repository's exact signature tags (names and objects)."""
_NOTES: list[str] = trusthooks.NOTES
"""Lines the CLI prints once after the command: the signatures this command ignored and why."""


def verified(repo, path: Path | None = None, reproduce: Reproduce | None = None) -> Verified:
    """The signatures every command reads as "what is signed": each tag checked (problem()) before
    it counts; a tag that does not stand, and every later one, is left out and reported once."""
    reproduce = reproduce or (_RENDERER[0] if _RENDERER else None)
    from contractkit.store import tags as history

    tags = history.signature_tags(repo)
    key = (str(repo.git_dir), str(state_dir()), reproduce is not None,
           tuple((t, repo.tags[t].object.hexsha) for t in tags))
    if key in _SEEN:
        return _SEEN[key]
    path = path or Path(repo.working_tree_dir or Path(repo.git_dir).parent)
    good: list[SignatureRecord] = []
    ignored: list[str] = []
    for tag in tags:
        if ignored:
            ignored.append(f"{tag}: it comes after a signature that does not count")
            continue
        found = problem(repo, path, tag, reproduce)
        if found:
            ignored.append(found)
            continue
        good.append(records.parse(SignatureRecord, record_bytes(repo, tag), records.signature_path(tag)))
    result = Verified(good, ignored)
    if len(_SEEN) >= 16:
        _SEEN.clear()
    _SEEN[key] = result
    for line in ignored:
        note = f"ignored signature: {line}; it does not count as signed"
        if note not in _NOTES:
            _NOTES.append(note)
    return result


take_notes = trusthooks.take_notes
note = trusthooks.note
