"""Records that are never rewritten once a command wrote them: letters, sent mails, requests to
the client, change records, payments, acts and invoices (signatures are checked elsewhere).

A teammate's plain-git commit backdated a letter and changed its recipient, and another deleted a
pending change request: `doctor` said ok, `status` said "nothing pending", and `addendum` signed
the unrecorded edit. Each record is compared, at HEAD, with the bytes of the commit that added it:
a letter or a sent record must be those bytes; a request may only gain its `received` date. A
change record's edits are judged by store/audit.py (its words against the commit that recorded
it, its sums recomputed); a record of any of these folders that was added and is gone is reported.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contractkit.store.layout import ACTS, CHANGES, INVOICES, PAYMENTS, RECORDS

LETTERS = f"{RECORDS}/letters"
SENT = f"{RECORDS}/sent"
REQUESTS = f"{RECORDS}/requests"
WRITE_ONCE = (LETTERS, SENT, REQUESTS, CHANGES, PAYMENTS, ACTS, INVOICES)
"""Payments, acts and invoices too (red team 9, B5, B6): a reversal deleted with plain git made
the reversed payment count again, a deleted payment made `remind` demand money received, an act
edited to accept every stage made `claim` demand the final installment."""
MAY_CHANGE = {
    LETTERS: {},
    SENT: {},
    REQUESTS: {"received": (None,)},
    PAYMENTS: {},
    ACTS: {},
    INVOICES: {},
}
"""Folder -> the fields a later command may set, and the values they may have had before."""


def _added(repo, rev: str, deleted: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Record path -> every commit that added it, oldest first (two branches may each add a CR-002:
    `sync` keeps theirs under that name and renumbers ours). `deleted` gets path -> the first
    commit that deleted it. Kept in the user's cache by rev's commit id, which names its whole
    history: a thousand change requests' history is gone through once, not by every command; and by
    the repository (objects.repository_key): an entry another copy wrote is not read here."""
    from gitdb.exc import BadName, BadObject

    from contractkit import cache

    try:  # a commit id; not for grafts, which give a commit other parents than its own
        commit = None if Path(repo.git_dir, "info", "grafts").exists() else repo.commit(rev).hexsha
    except (ValueError, BadName, BadObject):
        commit = None  # git log says what is wrong with it
    from contractkit.store.objects import repository_key

    where = repository_key(repo.git_dir)  # one repository's answer never serves another (B02)
    name = cache.key("records-added", commit, where, WRITE_ONCE, cache.code_key()) if commit and where \
        else None
    entry = cache.read_json("records-added", name) if name else None
    try:
        out = {str(k): [str(c) for c in v] for k, v in entry["added"].items()}
        gone = {str(k): str(v) for k, v in entry["deleted"].items()}
    except (TypeError, KeyError, AttributeError):
        gone = {}
        out = _logged(repo, commit or rev, gone)
        if name:
            cache.write_json("records-added", name, {"added": out, "deleted": gone})
    if deleted is not None:
        deleted.update(gone)
    return out


def adds(repo, rev: str = "HEAD") -> dict[str, list[str]]:
    """Record path -> every commit that added it, oldest first (_added)."""
    return _added(repo, rev)


def _logged(repo, rev: str, deleted: dict[str, str]) -> dict[str, list[str]]:
    """_added, from one `git log` of rev's whole history: --full-history, since git's default
    simplification drops a merge's other side when the merge kept one side's version of the
    paths, and with it the commit that first wrote a record a teammate then rewrote (red team 10,
    B5: their own P-001 merged over ours, our add never seen)."""
    from contractkit.store.repo import run

    out: dict[str, list[str]] = {}
    commit = ""
    for line in run(repo, "log", "--reverse", "--full-history", "--diff-filter=AD", "--no-renames",
                    "--format=%x00%H", "--name-status", rev, "--", *WRITE_ONCE).splitlines():
        if line.startswith("\0"):
            commit = line[1:]
            continue
        status, _, name = line.partition("\t")
        if not name.endswith(".yaml"):
            continue
        if status == "A":
            out.setdefault(name, []).append(commit)
        elif status == "D":
            deleted.setdefault(name, commit)
    return out


def problems(repo, rev: str = "HEAD", folders: tuple[str, ...] = WRITE_ONCE) -> list[str]:
    """One line for each record in `folders` edited or deleted after the commit that wrote it (a
    change record: added by commits with different edits, store/recorded.py)."""
    from contractkit.store import recorded
    from contractkit.store.tags import blob

    if rev == "HEAD" and not repo.head.is_valid():
        return []
    out = []
    deleted: dict[str, str] = {}
    added = _added(repo, rev, deleted)
    present = _present(repo, rev, folders)
    for name, adds in added.items():
        folder = next((f for f in folders if name.startswith(f + "/")), None)
        if folder is None or "/" in name[len(folder) + 1:]:
            continue
        if folder == CHANGES and name in present and name not in deleted:
            # there, within the size limit; its words and sums: store/audit.py; its edit: one
            found = recorded.twice(repo, rev, name, adds) if adds[1:] else None
            if found:
                out.append(found)
            continue
        now = blob(repo, rev, name)
        if now is None or name in deleted:
            # deleted once, even if added again: a re-added record is a rewritten one
            out.append(f"{name}: deleted after the commit that wrote it "
                       f"({(deleted.get(name) or adds[-1])[:10]}); a record is never removed")
            continue
        if folder == CHANGES:  # its words and sums are checked against its commit (store/audit.py)
            continue
        versions = list(dict.fromkeys(blob(repo, c, name) or b"" for c in adds))
        if len(versions) > 1:  # two adds, two texts: whichever came "first" (dates are the committer's)
            rewrites = [c for c in adds if (blob(repo, c, name) or b"") != versions[0]]
            out.append(f"{name}: written twice with different contents (commits {adds[0][:10]} and "
                       f"{rewrites[0][:10]}, joined by a merge); a record is never rewritten")
            continue
        first = versions[0]  # every commit that added it added these bytes (another branch's same record)
        if now == first:
            continue
        edit = _edited(first, now, MAY_CHANGE[folder])
        if not edit and folder == REQUESTS:
            edit = _received(repo, rev, name, first, now)
        if edit:
            out.append(f"{name}: edited after the commit that wrote it ({adds[0][:10]}): {edit}; a "
                       "record is never rewritten")
    for name in sorted(present - set(added)):
        folder = next((f for f in folders if name.startswith(f + "/")), None)
        if folder not in (None, CHANGES) and name.endswith(".yaml") and "/" not in name[len(folder) + 1:]:
            out.append(f"{name}: no commit of its own wrote it (it appears in a merge); a record is "
                       "written by the command that makes it")
    return out


def _received(repo, rev: str, name: str, first: bytes, now: bytes) -> str:
    """A request's `received` date may go from null to a date once, by the commit the `received`
    command makes (flows/letters/waits.py: its message names the id and the day), never before
    `asked`. A teammate's plain-git rewrite of the date put a false
    lateness claim and a deadline shift into the client's update letter (red team 9, B9)."""
    from contractkit.store.records import _loader
    from contractkit.store.repo import run
    from contractkit.store.tags import blob

    try:
        record = _loader().load(now.decode("utf-8"))
        day, asked, rid = record.get("received"), record.get("asked"), record.get("id")
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        asked = asked if isinstance(asked, date) else date.fromisoformat(str(asked))
    except Exception:  # noqa: BLE001 - damaged: the record's own reader says how
        return "received changed"
    if day < asked:
        return f"received {day} is before asked {asked}"
    log = run(repo, "log", "--reverse", "--full-history", "--no-renames", "--format=%H%x00%cI%x00%s", rev,
              "--", name)
    versions: list[tuple[bytes, str, str, str]] = []  # each distinct text in turn, with its commit
    for line in log.splitlines():
        commit, _, rest = line.partition("\0")
        when, _, subject = rest.partition("\0")
        data = blob(repo, commit, name)
        if data is not None and (not versions or versions[-1][0] != data):
            versions.append((data, commit, when, subject))
    if [v[0] for v in versions] != [first, now]:
        return "received changed more than once"
    _, commit, _, subject = versions[-1]
    if not subject.startswith(f"{rid}: received from the client on {day}:"):
        return f"received set by commit {commit[:10]}, not by the `received` command"
    return ""


def _present(repo, rev: str, folders: tuple[str, ...]) -> set[str]:
    """The files in `folders` at rev that blob() would read (a file within the size limit), from
    one `git ls-tree`: asking for each of n change records in turn cost a round trip each. A
    name not here is asked of blob() as before (a deleted record, an oversized one, an odd name)."""
    from contractkit.bounds import MAX_BYTES
    from contractkit.store.repo import run

    out = set()
    for line in run(repo, "ls-tree", "-r", "-l", "-z", "--full-tree", rev, "--", *folders).split("\0"):
        info, _, name = line.partition("\t")
        parts = info.split()
        if len(parts) == 4 and parts[1] == "blob" and parts[3].isdigit() and int(parts[3]) <= MAX_BYTES:
            out.add(name)
    return out


def _edited(first: bytes, now: bytes, allowed: dict[str, tuple]) -> str:
    """What changed beyond what a later command may set ('' when nothing else did)."""
    from contractkit.store.records import MAX_RECORD, _loader, _refuse_aliases
    from contractkit.yamltree import refuse_deep

    try:
        texts = []
        for data in (first, now):
            if len(data) > MAX_RECORD:
                return "its text changed"
            text = data.decode("utf-8")
            refuse_deep(text, "record")
            _refuse_aliases(text, "record")
            texts.append(text)
        old, new = (_loader().load(t) for t in texts)
    except Exception:  # noqa: BLE001 - damaged either way: the record's own reader says how
        return "its text changed"
    if not isinstance(old, dict) or not isinstance(new, dict):
        return "its text changed"
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    foreign = [k for k in changed if k not in allowed or old.get(k) not in allowed[k]]
    return f"{', '.join(foreign)} changed" if foreign else ""


def refuse(repo, rev: str = "HEAD") -> None:
    """Stop with the first record edited or deleted after the commit that wrote it."""
    from contractkit.errors import RepositoryError

    found = problems(repo, rev)
    unseen = []
    if rev == "HEAD":  # a change request rewritten after this machine showed it (store/recorded.py)
        from contractkit.store import recorded

        unseen = recorded.unseen(repo, adds(repo))
    if found or unseen:
        more = f" (and {len(found + unseen) - 1} more)" if (found + unseen)[1:] else ""
        raise RepositoryError(f"damaged record: {(found + unseen)[0]}{more}",
                              hint=REWRITTEN_HINT if not found else
                              "'contractkit doctor' lists every problem; restore the record from "
                              "the commit that wrote it, with whoever changed it")


REWRITTEN_HINT = ("'contractkit doctor' lists every problem; ask whoever rewrote it to restore the commit "
                  "that recorded it (if another copy of this project on this machine recorded its own "
                  "change under that id, sync that copy first, then this one: sync renumbers)")


def refuse_change(repo, change_id: str) -> None:
    """Stop when change_id's record was recorded twice with different edits, or rewritten after
    this machine saw it (store/recorded.py): `diff CR-001` and its sheet refuse what the reading
    commands refuse, for that one change request."""
    from contractkit.errors import RepositoryError
    from contractkit.store import recorded
    from contractkit.store.records import change_path

    if not repo.head.is_valid():
        return
    path = change_path(change_id)
    added = adds(repo)
    found = [recorded.twice(repo, "HEAD", path, added[path])] if added.get(path, [])[1:] else []
    found = [x for x in found if x] + [x for x in recorded.unseen(repo, added) if x.startswith(path + ":")]
    if found:
        raise RepositoryError(f"damaged record: {found[0]}", hint=REWRITTEN_HINT)


def remember_changes(repo, ids: list[str] | None = None) -> None:
    """store/recorded.remember: the change requests (ids, else every proposed one) this machine
    now shows to someone keep their edit."""
    from contractkit.store import recorded

    if repo.head.is_valid():
        recorded.remember(repo, adds(repo), ids)
