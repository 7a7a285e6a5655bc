"""Figures recomputed from the versions, and edits of the signed scope that nothing records.

Stored sums are never trusted: a change record's delta and total, and a signature's total, are
recomputed from project.yaml at the commits they belong to. A record that says otherwise was
edited by hand (or arrived so) and is reported; the recomputed figures are what is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from contractkit.compute import compute
from contractkit.load import PROJECT_FILE
from contractkit.store import history, records


@dataclass(frozen=True)
class Figures:
    total: Decimal
    completion: dt.date


def _figures(repo, rev: str, cache: dict) -> Figures | None:
    text = history.blob(repo, rev, PROJECT_FILE)
    if text is None:
        return None
    if text not in cache:
        cache[text] = _stored(text) or _compute(text, rev)
    return cache[text]


def _compute(text: bytes, rev: str) -> Figures:
    """Parse and compute one version; the result is kept on disk by its exact bytes."""
    from contractkit.load import parse_project
    from contractkit.render import cache as disk

    figures = compute(parse_project(text.decode("utf-8-sig"), name=f"{PROJECT_FILE}@{rev[:10]}"))
    found = Figures(figures.total, figures.completion)
    disk.write_json("figures", disk.key("figures", disk.code_key(), text),
                    [str(found.total), found.completion.isoformat()])
    return found


def _stored(text: bytes) -> Figures | None:
    """The figures of these exact project bytes from the cache (a pure function of them and of
    contractkit's code), or None when absent or not of the expected shape."""
    from contractkit.render import cache as disk

    entry = disk.read_json("figures", disk.key("figures", disk.code_key(), text))
    try:
        total, completion = Decimal(entry[0]), dt.date.fromisoformat(entry[1])
    except (TypeError, ValueError, ArithmeticError, IndexError, KeyError):
        return None
    return Figures(total, completion) if total.is_finite() and len(entry) == 2 else None


def recomputed(repo, st: history.State) -> tuple[history.State, list[str]]:
    """The state with every stored figure replaced by one recomputed from the versions, and a
    line for each record whose stored figures differ (edited by hand)."""
    cache: dict = {}
    problems: list[str] = []
    signed = []
    for record in st.signed:
        now = _figures(repo, history.tag_commit(repo, record.tag), cache)
        if now and (now.total, now.completion) != (record.total, record.completion):
            problems.append(f"{records.signature_path(record.tag)} says total {record.total}, completion "
                            f"{record.completion}; the signed version gives {now.total}, {now.completion}")
        signed.append(record.model_copy(update=vars(now)) if now else record)
    changes = []
    added = _adding_commits(repo) if st.changes else {}
    for change in st.changes:
        sha = added.get(change.id) if not change.renumbered_from else None
        sha = sha or history.resolve(repo, change.id)
        after = _figures(repo, sha, cache)
        base = change.covers[0] + "^" if change.covers else sha + "^"
        before = _figures(repo, base, cache) if repo.commit(sha).parents else None
        if after is None:
            changes.append(change)
            continue
        delta = after.total - before.total if before else Decimal(0)
        if (delta, after.total) != (change.delta, change.total):
            problems.append(f"{records.change_path(change.id)} says delta {change.delta}, total "
                            f"{change.total}; its edit gives {delta}, {after.total} (edited by hand?)")
        changes.append(change.model_copy(update={"delta": delta, "total": after.total,
                                                 "completion": after.completion}))
    return replace(st, signed=signed, changes=changes), problems


def _adding_commits(repo) -> dict[str, str]:
    """Change id -> the commit that added its record, in one git call, for every id only one
    commit ever added (two people's CR-001 before a sync renumbered one: history.resolve)."""
    from contractkit.store.repo import run

    found: dict[str, list[str]] = {}
    sha = ""
    for line in run(repo, "log", "--full-history", "--diff-filter=A", "--format=%H", "--name-only", "--",
                    records.CHANGES).splitlines():
        if len(line) == 40 and "/" not in line:
            sha = line
        elif line.startswith(records.CHANGES + "/") and line.endswith(".yaml"):
            found.setdefault(line.rsplit("/", 1)[1].removesuffix(".yaml"), []).append(sha)
    return {cid: shas[0] for cid, shas in found.items() if len(shas) == 1}


def unrecorded_commits(repo, tip: str = "HEAD") -> list[str]:
    """Commits since the last signature that edit the signed scope with no change request:
    a teammate's `git commit` of project.yaml that `sync` brought in, say."""
    from contractkit.diff import impact
    from contractkit.load import parse_project
    from contractkit.store.repo import run

    tags = history.signature_tags(repo)
    if not tags or not repo.head.is_valid():
        return []
    covered = {sha for c in history.changes(repo, tip) for sha in c.covers}
    log = run(repo, "log", "--no-merges", "--format=%H", f"{history.tag_commit(repo, tags[-1])}..{tip}",
              "--", PROJECT_FILE).split()
    out = []
    for sha in log:
        touched = run(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", sha).split()
        if sha in covered or any(p.startswith(records.CHANGES + "/") for p in touched):
            continue
        old, new = (history.blob(repo, rev, PROJECT_FILE) for rev in (f"{sha}^", sha))
        if old is None or new is None:
            out.append(sha)
            continue
        if not impact(parse_project(old.decode("utf-8-sig")), parse_project(new.decode("utf-8-sig"))).empty:
            out.append(sha)
    return out
