"""A change request is the edit its commit recorded, once and for all.

`diff CR-001` and the addendum take the commit that added CR-001's record. A teammate who adds the
same record bytes on a side branch with another edit (300 pages where the client saw 30) and
merges main into it makes git name their commit, and the victim's plain `sync` fast-forwards to it
(red team 10, B1-sync); one who rewrites the recording commit and force-pushes leaves a history in
which only their edit exists (B1). Two checks close both:

- a record added by commits whose edits differ is refused wherever write-once records are checked
  (store/written.py: doctor, the reading commands, `sync` before it merges, the server's guard),
  except the pair `sync` makes when it renumbers our change to keep the remote's under its id;
- a change request this machine has shown to someone (its estimate sheet, an approval of it, the
  pending addendum, a `sync` that pushed it) is remembered in the user's state folder, outside
  every project, with its edit; a later history that gives it another edit is refused.

An edit is named by three object ids: the record as its commit added it, project.yaml there and
project.yaml in the commit before it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.load import PROJECT_FILE
from contractkit.store import records

NEVER = "a change request is never rewritten"


def _object(repo, name: str) -> str:
    """The id of `<rev>:<path>`, '-' where there is none (git's persistent batch reader)."""
    try:
        return repo.git.get_object_header(name)[0].decode("ascii")
    except (ValueError, AttributeError):
        return "-"


def edit(repo, commit: str, path: str) -> str:
    """The edit the record at path was added with by commit: record, project.yaml, the one before."""
    return " ".join((_object(repo, f"{commit}:{path}"), _object(repo, f"{commit}:{PROJECT_FILE}"),
                     _object(repo, f"{commit}^:{PROJECT_FILE}")))


def _words(repo, commit: str, path: str) -> tuple | None:
    """(title, requested_on) of the record commit added at path: what sync's renumbering keeps."""
    from contractkit.store.tags import blob

    try:
        data = blob(repo, commit, path)
        found = records.parse(records.ChangeRecord, data, path) if data else None
    except ContractkitError:
        return None
    return (found.title, found.requested_on) if found else None


def _moved(repo, rev: str, change_id: str) -> list[tuple]:
    """(title, requested_on) of each record at rev that `sync` renumbered away from change_id."""
    from contractkit.store import history

    try:
        found = history.changes(repo, rev)
    except ContractkitError:
        return []
    return [(c.title, c.requested_on) for c in found if c.renumbered_from == change_id]


def edits(repo, rev: str, path: str, adds: list[str]) -> dict[str, list[str]]:
    """Each distinct edit the commits in adds made at path -> those commits, less the edit `sync`
    renumbered away (a record at rev says it came from this id, with that edit's words; words two
    edits share explain neither)."""
    groups: dict[str, list[str]] = {}
    for commit in adds:
        groups.setdefault(edit(repo, commit, path), []).append(commit)
    if len(groups) < 2:
        return groups
    moved = _moved(repo, rev, path.rsplit("/", 1)[1].removesuffix(".yaml"))
    words = {key: _words(repo, commits[0], path) for key, commits in groups.items()}
    told = list(words.values())
    return {key: commits for key, commits in groups.items()
            if words[key] is None or words[key] not in moved or told.count(words[key]) > 1}


def twice(repo, rev: str, path: str, adds: list[str]) -> str | None:
    """Why the change record at path, added by each commit of adds, is not one change request."""
    left = list(edits(repo, rev, path, adds).values())
    if len(left) < 2:
        return None
    return (f"{path}: recorded twice with different edits (commits {left[0][0][:10]} and {left[1][0][:10]}, "
            f"joined by a merge); {NEVER}")


# --- what this machine has seen -------------------------------------------------------------------

def _memory(scope: str) -> Path:
    from contractkit.workspace import state_dir

    return state_dir() / "changes-seen" / hashlib.sha256(scope.encode()).hexdigest()


def _read(scope: str) -> dict[str, list[str]]:
    """Change id -> [edit, commit] this machine remembered for the project (scope_of)."""
    try:
        found = json.loads(_memory(scope).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, list) and len(v) == 2
            and all(isinstance(x, str) for x in v)}


def _now(repo, ids: list[str], added: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Change id -> {edit: a commit that made it} for each id recorded at HEAD: the commits that
    added its record (the one before `sync` renumbered it, for a renumbered one), less the edit
    renumbered away from it. added: store/written.adds."""
    from contractkit.store import history

    present = {c.id: c for c in history.changes(repo)}
    out: dict[str, dict[str, str]] = {}
    for cid in ids:
        change = present.get(cid)
        if change is None:
            continue
        if change.renumbered_from:
            first = history.before_renumbering(repo, cid)
            path = records.change_path(change.renumbered_from)
            out[cid] = {edit(repo, first, path): first} if first else {}
            continue
        path = records.change_path(cid)
        made = edits(repo, "HEAD", path, added.get(path, []))
        out[cid] = {key: commits[0] for key, commits in made.items()}
    return out


def unseen(repo, added: dict[str, list[str]]) -> list[str]:
    """One line for each change request at HEAD whose edit is not the one this machine remembered
    (unless `sync` renumbered that edit to another id, which still has it). added: written.adds."""
    from contractkit.store import history
    from contractkit.store.trust import scope_of

    if not repo.head.is_valid() or not _memory("").parent.is_dir():  # nothing shown on this machine yet
        return []
    scope = scope_of(repo)
    seen = _read(scope) if scope else {}
    if not seen:
        return []
    changes = {c.id: c for c in history.changes(repo)}
    now = _now(repo, [c.id for c in changes.values() if c.id in seen or c.renumbered_from in seen], added)
    out = []
    for cid, found in now.items():
        then, commit = seen.get(cid, ["", ""])
        if not then or set(found) == {then}:
            continue
        if any(then in made for other, made in now.items() if changes[other].renumbered_from == cid):
            continue
        others = ", ".join(c[:10] for k, c in found.items() if k != then) or "none"
        out.append(f"{records.change_path(cid)}: its edit is not the one this machine saw (recorded by "
                   f"commit {commit[:10]}, now by {others}): the history was rewritten; {NEVER}")
    return out


def remember(repo, added: dict[str, list[str]], ids: list[str] | None = None) -> None:
    """Remember the edit of each change request at HEAD (ids, or every proposed one) that this
    machine shows to someone; one already remembered with another edit is left as it was (the
    reading commands refuse it). added: written.adds."""
    from contractkit.store import history
    from contractkit.store.files import write_atomic
    from contractkit.store.trust import scope_of

    if not repo.head.is_valid():
        return
    scope = scope_of(repo)
    if not scope:
        return
    if ids is None:
        ids = [c.id for c in history.changes(repo) if c.status == "proposed"]
    seen = _read(scope)
    wrong = {line.split(": ", 1)[0] for line in unseen(repo, added)}
    changed = False
    for cid, found in _now(repo, ids, added).items():
        if len(found) != 1 or records.change_path(cid) in wrong:
            continue
        (key, commit), = found.items()
        if seen.get(cid) != [key, commit]:
            seen[cid], changed = [key, commit], True
    if changed:
        write_atomic(_memory(scope), json.dumps(seen, sort_keys=True).encode("utf-8"))
