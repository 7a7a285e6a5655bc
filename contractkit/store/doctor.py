"""`doctor`: check a project's repository, records, tags, signed files and leftovers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.load import PROJECT_FILE, load_project
from contractkit.store import history, records
from contractkit.store.journal import JOURNAL, recover
from contractkit.store.lock import LOCK_FILE, is_held
from contractkit.store.repo import open_repo
from contractkit.store.workflow import finish_signature, sha256

STALE_PENDING_DAYS = 14


@dataclass(frozen=True)
class Finding:
    level: str  # error, warning, fixed, info
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def examine(path: Path, fix: bool = False, today: dt.date | None = None) -> list[Finding]:
    """Everything wrong with a project, with what to do; safe repairs when `fix`."""
    today = today or dt.date.today()
    out: list[Finding] = []
    try:
        load_project(path / PROJECT_FILE)
    except ContractkitError as exc:
        out.append(Finding("error", f"{exc.lines()[0]} (fix project.yaml, then 'contractkit check')"))
    out += _leftovers(path, fix)
    try:
        with open_repo(path) as repo:
            out += _repository(repo, path, fix, today)
    except ContractkitError as exc:
        out.append(Finding("error", exc.message + (f" ({exc.hint})" if exc.hint else "")))
    return out


def _leftovers(path: Path, fix: bool) -> list[Finding]:
    out = []
    lock = path / LOCK_FILE
    if lock.exists():
        if is_held(path):
            out.append(Finding("info", "a contractkit command is running on this project now"))
        elif fix:
            lock.unlink()
            out.append(Finding("fixed", f"removed a stale lock {LOCK_FILE} left by a stopped command"))
    temps = [p for folder in (path, path / "out", path / records.CHANGES, path / records.SIGNATURES)
             if folder.is_dir() for p in folder.glob(".*.tmp")]
    for temp in temps:
        if fix:
            temp.unlink()
            out.append(Finding("fixed", f"removed the unfinished temporary file {temp.relative_to(path)}"))
        else:
            out.append(Finding("warning", f"unfinished temporary file {temp.relative_to(path)} "
                                          "(run 'contractkit doctor --fix')"))
    index_lock = path / ".git" / "index.lock"
    if index_lock.exists() and not is_held(path):
        if fix:
            index_lock.unlink()
            out.append(Finding("fixed", "removed a stale .git/index.lock left by an interrupted commit"))
        else:
            out.append(Finding("warning", ".git/index.lock left by an interrupted commit "
                                          "(run 'contractkit doctor --fix' if no git command is running)"))
    return out


def _repository(repo, path: Path, fix: bool, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    if not repo.head.is_valid():
        return [Finding("error", "the repository has no commits; create projects with 'contractkit new'")]
    if (path / JOURNAL).exists():
        if fix:
            out.append(Finding("fixed", recover(path, repo.head.commit.hexsha)))
        else:
            out.append(Finding("error", "a command was interrupted halfway (run 'contractkit doctor --fix' "
                                        "or any writing command to finish or undo it)"))
    unfinished = history.untagged_signature(repo)
    if unfinished is not None:
        if fix:
            finish_signature(repo)
            out.append(Finding("fixed", f"tagged {unfinished.tag}: its signature was recorded but the "
                                        "command stopped before the tag"))
        else:
            out.append(Finding("error", f"signature {unfinished.tag} is recorded but not tagged "
                                        "(run 'contractkit doctor --fix' or 'contractkit sign' again)"))
    signed = history.signatures(repo)
    numbers = [s.number for s in signed]
    if numbers != list(range(len(numbers))):
        out.append(Finding("error", f"signed versions are not contract, addendum-1, 2, …: {numbers}"))
    for record in signed:
        text = history.blob(repo, record.tag, PROJECT_FILE) or b""
        if sha256(text) != record.project_sha256:
            out.append(Finding("error", f"{record.tag}: project.yaml at the tag does not match its record"))
        for name, digest in record.files.items():
            local = path / "out" / name
            if local.is_file() and sha256(local.read_bytes()) != digest:
                out.append(Finding("info", f"out/{name} is not the file signed as {record.tag} (rendered "
                                           "again since); 'contractkit verify' tells signed files apart"))
    committed = {c.id for c in history.changes(repo)}
    folder = path / records.CHANGES
    for stray in sorted(folder.glob("CR-*.yaml")) if folder.is_dir() else []:
        if stray.stem not in committed:
            if fix:
                stray.unlink()
                out.append(Finding("fixed", f"removed {stray.name}, left by an interrupted 'change' "
                                            "(your edits of project.yaml are kept)"))
            else:
                out.append(Finding("warning", f"{records.CHANGES}/{stray.name} is not committed: an "
                                              "interrupted 'change'; run it again"))
    for change in history.changes(repo):
        age = (today - change.requested_on).days
        if change.status == "proposed" and age > STALE_PENDING_DAYS:
            out.append(Finding("warning", f"{change.id} has waited {age} days unsigned; get the addendum "
                                          "signed or reject it"))
    st = history.state(repo, path)
    if st.unrecorded:
        out.append(Finding("info", "project.yaml has edits to the signed scope that no change request "
                                   "records ('contractkit change -m TITLE')"))
    return out
