"""Reading a project's history from its repository: versions, signatures, change requests.

Objects are read through GitPython's object database (one cat-file process for the whole
command), never one git process per commit; what a whole history needs at once (a version per
change request) store/walk.py reads in a few git processes, in the background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.errors import RepositoryError
from contractkit.load import PROJECT_FILE, parse_project, read_bounded
from contractkit.model import Project
from contractkit.store import records
from contractkit.store.heads import _head_facts, may_be_signed, maybe_signed  # noqa: F401 - history.*
from contractkit.store.records import ChangeRecord, SignatureRecord
from contractkit.store.tags import (  # noqa: F401 - history.blob, history.tag_commit, ... as before
    ADDENDUM_TAG,
    blob,
    signature_record,
    signature_records,
    signature_tags,
    tag_commit,
)

REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/@{}~^-]*$")


def signatures(repo) -> list[SignatureRecord]:
    """What is signed: the versions whose tag and record stand as a signature (store/trust.py
    checks each before it counts; the others are left out and reported once by the CLI)."""
    from contractkit.store import trust

    if trust.checking():
        return signature_records(repo)
    return list(trust.verified(repo).records)


def untagged_records(repo, rev: str = "HEAD") -> list[str]:
    """Names of signature records at rev that have no tag: never signatures."""
    if not repo.head.is_valid():
        return []
    try:
        tree = repo.commit(rev).tree / records.SIGNATURES
    except KeyError:
        return []
    tags = {t.name for t in repo.tags}
    names = [b.name.removesuffix(".yaml") for b in (tree.blobs if tree.type == "tree" else [])]
    return [n for n in names if n not in tags]


def last_commit_touching(repo, path: str) -> str:
    from contractkit.store.repo import run

    return run(repo, "log", "--format=%H", "-1", "--", path).strip()


def changes(repo, rev: str = "HEAD") -> list[ChangeRecord]:
    """Every change request recorded at rev, by number."""
    try:
        tree = repo.commit(rev).tree / records.CHANGES
    except (KeyError, ValueError):
        return []
    from contractkit import cache

    seen = (str(repo.git_dir), tree.hexsha)
    if seen in _READ and cache.enabled("changes"):  # `log` reads them for its history and money
        return list(_READ[seen])
    out = _cached_changes(tree.hexsha)
    if out is None:
        out = sorted((records.parse(ChangeRecord, b.data_stream.read(), b.path) for b in tree.blobs
                      if b.name.endswith(".yaml")), key=lambda c: c.number)
        _cache_changes(tree.hexsha, out)
    if cache.enabled("changes"):
        if len(_READ) >= 16:
            _READ.clear()
        _READ[seen] = out
    return list(out)


_READ: dict[tuple[str, str], list[ChangeRecord]] = {}
"""The records this process read, by repository and tree: within one object store an id names
one content, and the records are immutable."""


def _changes_key(tree_sha: str) -> str:
    """The changes/ folder's git tree id (its exact content) and the code that reads it."""
    from pathlib import Path

    import pydantic

    from contractkit import cache

    return cache.key("changes", tree_sha, pydantic.VERSION, Path(records.__file__).read_bytes())


def _cached_changes(tree_sha: str) -> list[ChangeRecord] | None:
    """The parsed records of this exact folder from the user's cache (None if absent or bad)."""
    from pydantic import ValidationError

    from contractkit import cache

    entry = cache.read_json("changes", _changes_key(tree_sha))
    if not isinstance(entry, list):
        return None
    try:
        return [ChangeRecord.model_validate(item) for item in entry]
    except (ValidationError, TypeError, ValueError):
        return None


def _cache_changes(tree_sha: str, found: list[ChangeRecord]) -> None:
    from contractkit import cache

    cache.write_json("changes", _changes_key(tree_sha), [c.model_dump(mode="json") for c in found])


def project_at(repo, rev: str) -> Project:
    data = blob(repo, rev, PROJECT_FILE)
    if data is None:
        raise RepositoryError(f"{rev} has no {PROJECT_FILE}")
    return parse_project(data.decode("utf-8-sig"), name=f"{PROJECT_FILE}@{rev}")


MAX_SKIPPED = 50
"""Unsigned versions that do not parse, skipped one after another, before the reading gives up."""


def settled(repo, rev: str) -> tuple[str, Project] | None:
    """(commit, project) at rev, or at its nearest first-parent ancestor whose project.yaml parses:
    an unsigned intermediate version that does not parse (a teammate's duplicate key, fixed in the
    next commit) is skipped with one warning naming its commit and counts as nothing, so an edit it
    carries is measured from the version before it. HEAD and signed versions must parse (their
    error stands). None: no version before rev has a project.yaml."""
    from contractkit.errors import ProjectFileError

    sha = repo.commit(rev).hexsha
    fixed = {tag_commit(repo, t) for t in signature_tags(repo)}
    fixed.add(repo.head.commit.hexsha if repo.head.is_valid() else "")
    for _ in range(MAX_SKIPPED + 1):
        try:
            return sha, project_at(repo, sha)
        except (ProjectFileError, UnicodeDecodeError) as exc:
            if sha in fixed:
                raise
            _skipped(sha, exc)
        except RepositoryError:  # no project.yaml there: nothing before it to measure from
            return None
        parents = repo.commit(sha).parents
        if not parents:
            return None
        sha = parents[0].hexsha
    raise RepositoryError(f"more than {MAX_SKIPPED} versions of {PROJECT_FILE} before {rev[:10]} "
                          "do not parse",
                          hint="commit a valid project.yaml, or look at: git log -p -- project.yaml")


def parses(repo, sha: str) -> Project | None:
    """project.yaml at sha, or None when it is an unsigned intermediate version that does not
    parse (skipped with one warning, see settled()); HEAD and signed versions must parse."""
    found = settled(repo, sha)
    return found[1] if found and found[0] == repo.commit(sha).hexsha else None


def _skipped(sha: str, exc: Exception) -> None:
    from contractkit.store import trust

    why = exc.message if hasattr(exc, "message") else "not UTF-8 text"
    trust.note(f"skipped the version of {PROJECT_FILE} in commit {sha[:10]}: it does not parse "
               f"({why.splitlines()[0][:200]}); an unsigned intermediate version counts as nothing")


def resolve(repo, spec: str) -> str:
    """A commit sha for a tag, change id (the commit that recorded it) or commit-ish."""
    if not REVISION.match(spec):
        raise RepositoryError(f"{spec!r} is not a version: use a tag, a change id (CR-001) or a commit")
    if re.fullmatch(r"CR-\d{3,}", spec):
        from contractkit.store.repo import run

        sha = before_renumbering(repo, spec) or run(
            repo, "log", "--diff-filter=A", "--format=%H", "-1", "--", records.change_path(spec)).strip()
        if not sha:
            raise RepositoryError(f"no change request {spec} in this project")
        return sha
    try:
        if spec in {t.name for t in repo.tags}:  # by its full ref: no like-named ref stands in
            return repo.commit(f"refs/tags/{spec}").hexsha
        return repo.commit(spec).hexsha
    except Exception:  # noqa: BLE001 - gitdb raises several types for an unknown revision
        raise RepositoryError(f"unknown version {spec!r}: use a tag (contract, addendum-1), "
                              "a change id (CR-001) or a commit") from None


def before_renumbering(repo, spec: str) -> str | None:
    """A change request that `sync` renumbered was recorded under its first id: the commit that
    added that record (with the same content but for the id)."""
    from contractkit.store.repo import run

    data = blob(repo, "HEAD", records.change_path(spec)) if repo.head.is_valid() else None
    record = records.parse(ChangeRecord, data, records.change_path(spec)) if data else None
    if record is None or not record.renumbered_from:
        return None
    old = records.change_path(record.renumbered_from)
    for sha in run(repo, "log", "--full-history", "--diff-filter=A", "--format=%H", "--", old).split():
        first = blob(repo, sha, old)
        original = records.parse(ChangeRecord, first, old) if first else None
        if original and (original.title, original.requested_on) == (record.title, record.requested_on):
            return sha
    return None


@dataclass
class State:
    """Everything commands need to know about where a project stands."""

    path: Path
    signed: list[SignatureRecord]
    changes: list[ChangeRecord]
    head_text: bytes | None
    working_text: bytes
    signed_text: bytes | None = None
    extra: dict = field(default_factory=dict)

    @property
    def last(self) -> SignatureRecord | None:
        return self.signed[-1] if self.signed else None

    @property
    def pending(self) -> list[ChangeRecord]:
        return [c for c in self.changes if c.status == "proposed"]

    @property
    def uncommitted(self) -> bool:
        """The working file differs from HEAD's (line endings aside: core.autocrlf converts them)."""
        if self.head_text is None:
            return True
        return self.working_text.replace(b"\r\n", b"\n") != self.head_text.replace(b"\r\n", b"\n")

    @property
    def unrecorded(self) -> bool:
        """Edits of a signed scope that no change request records yet."""
        return bool(self.signed) and self.uncommitted

    def next_change_id(self) -> str:
        return f"CR-{max((c.number for c in self.changes), default=0) + 1:03d}"


def unrecorded_warning(path: Path) -> str | None:
    """A warning when project.yaml has edits to a signed scope that no change request records.

    The common cases, a file equal to HEAD's or a contract not signed yet, cost one git process
    and no GitPython; only an edited signed file reads the signatures (never the change requests).
    """
    working = read_bounded(path / PROJECT_FILE)
    same, tagged = _head_facts(path, working)
    if same or not tagged:
        return None
    from contractkit.store.repo import open_repo

    try:
        with open_repo(path) as repo:
            st = state(repo, path)
    except RepositoryError:
        return None
    if st.unrecorded:
        return (f"warning: project.yaml has unrecorded edits to the signed scope ({st.last.tag}); "
                "record them with 'contractkit change -m TITLE'")
    return None


def state(repo, path: Path) -> State:
    signed = signatures(repo)
    head = None if not repo.head.is_valid() else "HEAD"
    return State(
        path=path,
        signed=signed,
        changes=changes(repo) if head else [],
        head_text=blob(repo, "HEAD", PROJECT_FILE) if head else None,
        working_text=read_bounded(path / PROJECT_FILE),
        signed_text=blob(repo, signed[-1].tag, PROJECT_FILE) if signed else None,
    )


def signed_on(path: Path):
    """The day the contract was signed, or None (unsigned, or no repository)."""
    from contractkit.store.repo import open_repo

    try:
        with open_repo(path) as repo:
            signed = signatures(repo)
    except RepositoryError:
        return None
    return signed[0].date if signed else None


def as_signed(path: Path, source: bytes, prepaid_on=None):
    """(History, n) of the signed versions plus the working one when it differs, or None;
    prepaid_on: the recorded day the prepayment arrived, which dates every version.

    None while the contract is unsigned (or the folder is no repository): then the working
    file's own figures are the whole story.
    """
    from contractkit.ledger import History
    from contractkit.store.repo import open_repo

    try:
        with open_repo(path) as repo:
            signed = signatures(repo)
            if not signed:
                return None
            texts = [blob(repo, s.tag, PROJECT_FILE) for s in signed]
    except RepositoryError:
        return None
    if texts[-1] != source:
        texts.append(source)
    if len(texts) == 1:
        return None
    versions = [parse_project(t.decode("utf-8-sig"), name=f"{PROJECT_FILE}@{s.tag}")
                for t, s in zip(texts, signed, strict=False)]
    if len(texts) > len(signed):
        versions.append(parse_project(source.decode("utf-8-sig")))
    return History(versions, prepaid_on, signed[0].date, tuple(s.date for s in signed)), len(versions) - 1
