"""`sync`'s merge commit: both sides' change records kept (a local id the remote took is renumbered),
project.yaml merged by meaning (store/merge.py), built in a throwaway index on top of both
histories; nothing in the work tree or the refs is touched here."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from contractkit.errors import RepositoryError
from contractkit.flows.approval import approval_path
from contractkit.load import PROJECT_FILE
from contractkit.store import gitenv, history, merge, records
from contractkit.store.repo import run

CHANGE_FILE = re.compile(r"^\.contractkit/changes/(CR-\d{3,})\.yaml$")


def changed(repo, base: str, tip: str) -> dict[str, str]:
    """path -> status letter for what `tip` changed since `base`."""
    out = {}
    for line in run(repo, "diff", "--name-status", "--no-renames", base, tip).splitlines():
        status, name = line.split("\t", 1)
        out[name] = status
    return out


def merge_commit(repo, path: Path, base: str, ours: str, theirs: str) -> tuple[str, list[tuple[str, str]]]:
    """A merge commit of ours and theirs, built in a temporary index; nothing touched on failure."""
    mine, their = changed(repo, base, ours), changed(repo, base, theirs)
    local_crs = sorted(CHANGE_FILE.match(p).group(1) for p in mine if CHANGE_FILE.match(p))
    remote_crs = sorted(CHANGE_FILE.match(p).group(1) for p in their if CHANGE_FILE.match(p))
    signed_both = [p for p in mine if p.startswith(records.SIGNATURES) and p in their]
    if signed_both:
        raise RepositoryError(f"both sides signed {', '.join(signed_both)}; signatures cannot be merged",
                              hint="agree which version was signed, then fix the records by hand")
    writes: dict[str, bytes | None] = {}
    if PROJECT_FILE in mine and PROJECT_FILE in their:
        writes[PROJECT_FILE] = merge_text(repo, base, ours, theirs, local_crs, remote_crs)
    elif PROJECT_FILE in mine:
        writes[PROJECT_FILE] = history.blob(repo, ours, PROJECT_FILE)
    renumbered: list[tuple[str, str]] = []
    taken = {c.number for c in history.changes(repo, theirs)}
    local_records = {c.id: c for c in history.changes(repo, ours)}
    moved_ids = {CHANGE_FILE.match(p).group(1) for p, st in mine.items()
                 if CHANGE_FILE.match(p) and CHANGE_FILE.match(p).group(1) in remote_crs and st == "A"}
    for name, status in mine.items():
        if name == PROJECT_FILE:
            continue
        if any(name in (approval_path(i, "yaml"), approval_path(i, "eml")) for i in moved_ids):
            continue  # approved the sheet of our change under an id that is now the remote's: dropped
        match = CHANGE_FILE.match(name)
        if match and match.group(1) in remote_crs and status == "A":
            old = local_records[match.group(1)]
            new_id = f"CR-{max(taken | {old.number}) + 1:03d}"
            taken.add(int(new_id[3:]))
            renumbered.append((old.id, new_id))
            moved = old.model_copy(update={"id": new_id, "renumbered_from": old.id})
            writes[records.change_path(new_id)] = records.dump(moved)
            continue
        if name in their and history.blob(repo, ours, name) != history.blob(repo, theirs, name):
            raise RepositoryError(f"{name} changed on both sides; contractkit cannot merge it",
                                  hint="merge by hand: git merge origin/<branch>, then contractkit sync")
        writes[name] = None if status == "D" else history.blob(repo, ours, name)
    tree = build_tree(repo, theirs, writes)
    names = ", ".join(f"{a} -> {b}" for a, b in renumbered)
    message = "Sync: merge the remote's change requests" + (f" (renumbered {names})" if names else "")
    return run(repo, "commit-tree", tree, "-p", ours, "-p", theirs, "-m", message).strip(), renumbered


def merge_text(repo, base: str, ours: str, theirs: str, local: list[str], remote: list[str]) -> bytes:
    """project.yaml merged by meaning (store/merge.py); git's line merge when it agrees with it."""
    texts = [history.blob(repo, rev, PROJECT_FILE) or b"" for rev in (ours, base, theirs)]
    yours = "your " + (", ".join(local) or "commits")
    theirs_ = "the remote's " + (", ".join(remote) or "commits")
    versions = (f"the common version {base[:10]}", f"your version {ours[:10]}",
                f"the remote's version {theirs[:10]}")
    merged = merge.merge_texts(texts[1], texts[0], texts[2], yours, theirs_, versions)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, data in zip(("ours", "base", "theirs"), texts, strict=True):
            (Path(tmp) / name).write_bytes(data)
            files.append(str(Path(tmp) / name))
        by_line = subprocess.run(["git", "merge-file", "-p", *files], capture_output=True, check=False,
                                 cwd=tmp, env=gitenv.environment(), stdin=subprocess.DEVNULL)
    if by_line.returncode == 0 and merge.same_data(by_line.stdout, merged):
        return by_line.stdout
    return merged


def build_tree(repo, start: str, writes: dict[str, bytes | None]) -> str:
    """The tree of `start` with files replaced (None: removed), built in a throwaway index."""
    with tempfile.TemporaryDirectory() as tmp:
        index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}

        def call(*args) -> str:
            return run(repo, *args, env=index)

        call("read-tree", start)
        for name, data in writes.items():
            if data is None:
                call("update-index", "--force-remove", "--", name)
                continue
            blob = repo.odb.store(istream(data)).hexsha.decode()
            call("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
        return call("write-tree").strip()


def istream(data: bytes):
    """A blob for the object database."""
    from gitdb import IStream

    return IStream("blob", len(data), io.BytesIO(data))
