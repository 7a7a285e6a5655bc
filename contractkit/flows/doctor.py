"""`doctor`: check a project's repository, records, tags, signed files and leftovers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.flows.signing.reproduce import reproduce as rerender
from contractkit.load import PROJECT_FILE, load_project
from contractkit.store import audit, history, journal, records, trust
from contractkit.store.files import check_folders, sha256
from contractkit.store.journal import recover
from contractkit.store.lock import LOCK_FILE, is_held
from contractkit.store.repo import open_repo, push_problem, run

STALE_PENDING_DAYS = 14


@dataclass(frozen=True)
class Finding:
    level: str  # error, warning, fixed, info
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def examine(path: Path, fix: bool = False, today: dt.date | None = None,
            reproduce: trust.Reproduce | None = rerender) -> list[Finding]:
    """Everything wrong with a project, with what to do; safe repairs when `fix`.

    Nothing here ever makes a signature: a record or tag that does not stand is reported only.
    """
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
            out += _push_address(repo, path)
            out += _signatures(repo, path, reproduce)
            out += _approvals(repo, path)
            out += _billing(repo)
            out += _written(repo)
            out += _hollow(repo)
            out += _issued(repo, path) if reproduce is not None else []
    except ContractkitError as exc:
        out.append(Finding("error", exc.message + (f" ({exc.hint})" if exc.hint else "")))
    return out


def _leftovers(path: Path, fix: bool) -> list[Finding]:
    out = []
    lock = path / LOCK_FILE
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        out.append(Finding("error", f"{LOCK_FILE} is not a plain file; remove it (rm -r {lock}) so "
                                    "commands can lock the project"))
    elif lock.exists() and is_held(path):
        out.append(Finding("info", "a contractkit command is running on this project now"))
    # A lock file left behind is normal (the kernel releases the flock): nothing to report or fix.
    temps = []
    for folder in (path, path / "out", path / records.RECORDS, path / records.CHANGES,
                   path / records.SIGNATURES, path / ".git" / "contractkit"):
        try:  # a folder reached through a link is another place than the project: nothing in it is ours
            check_folders(folder)
        except ContractkitError as exc:
            out.append(Finding("error", f"{exc.message}; its temporary files are left alone"))
            continue
        if folder.is_dir():
            temps += [p for p in folder.glob(".*.tmp") if not p.is_symlink() and p.is_file()]
    for temp in temps:
        if fix:
            temp.unlink()
            out.append(Finding("fixed", f"removed the unfinished temporary file {temp.relative_to(path)}"))
        else:
            out.append(Finding("warning", f"unfinished temporary file {temp.relative_to(path)} "
                                          "(run 'contractkit doctor --fix')"))
    index_lock = path / ".git" / "index.lock"
    if index_lock.exists() and not (lock.is_file() and is_held(path)):
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
    out += _journal(repo, path, fix)
    from contractkit.store.gitfiles import local_only_in

    tracked = local_only_in(repo, "HEAD")
    if tracked:  # sync and clone refuse such a commit; the guard refuses its push
        out.append(Finding("error", f"the repository tracks {tracked}: rendered documents (out/) and the "
                                    "lock are made by each machine for itself and never committed "
                                    f"(git rm -r -q --cached {tracked.split('/', 1)[0]}, then commit)"))
    staged = [p for p in run(repo, "diff", "--cached", "--name-only", "--", records.RECORDS).split()
              if p != journal.LEGACY]
    if staged:
        if fix:
            run(repo, "reset", "--quiet", "HEAD", "--", *staged)
            out.append(Finding("fixed", f"unstaged {', '.join(staged)}, left staged by an interrupted "
                                        "command"))
        else:
            out.append(Finding("error", f"{', '.join(staged)} staged but not committed: left by an "
                                        "interrupted command (run 'contractkit doctor --fix')"))
    if repo.head.is_detached:
        out.append(Finding("warning", "HEAD is detached: check out the project's branch (git switch main) "
                                      "before recording changes or signing"))
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
    for sha in audit.unrecorded_commits(repo):
        out.append(Finding("warning", f"commit {sha[:10]} edits the signed scope without a change request; "
                                      "record it with 'contractkit change -m TITLE' before the addendum"))
    for problem in audit.recomputed(repo, st)[1]:
        out.append(Finding("error", problem + "; the figures shown are recomputed from the versions"))
    for change in st.changes:
        edited = audit.edited_by_hand(repo, change)
        if edited:
            out.append(Finding("error", edited + "; an addendum or sheet refuses it until restored"))
    return out


def _push_address(repo, path: Path) -> list[Finding]:
    """A pushurl of the project's own configuration that is not origin's url: `sync` refuses it."""
    problem = push_problem(repo, path)
    return [Finding("error", f"{problem}: 'contractkit sync' refuses to push until it is removed "
                             "('git remote -v' lists the addresses)")] if problem else []


def _journal(repo, path: Path, fix: bool) -> list[Finding]:
    """An interrupted command's journal is replayed only if it is this machine's (store/journal.py);
    one from git, or one naming files no command writes, is reported and never replayed."""
    problem = journal.problem(path, repo)
    if problem and journal.tracked(repo):
        return [Finding("error", f"{problem}; it is never replayed (remove it: git rm {journal.LEGACY}, "
                                 "then commit)")]
    if problem:
        if fix:
            return [Finding("fixed", f"removed {', '.join(journal.discard(path))} without replaying it "
                                     f"({problem})")]
        return [Finding("error", f"{problem}; it is never replayed (run 'contractkit doctor --fix' to "
                                 "remove it)")]
    if not journal.present(path):
        return []
    if fix:
        return [Finding("fixed", recover(path, repo))]
    return [Finding("error", "a command was interrupted halfway (run 'contractkit doctor --fix' "
                             "or any writing command to finish or undo it)")]


def _billing(repo) -> list[Finding]:
    """Payments, acts and invoices against each other and the signed scope (billing/audit.py)."""
    from contractkit.flows.billing import audit

    return [Finding("error", f"{problem} (a record is never rewritten: record a reversal or a new act)")
            for problem in audit.problems(repo)]


def _written(repo) -> list[Finding]:
    """Letters, sent records, requests and change records rewritten or deleted after the commit
    that wrote them (store/written.py), and every letter record read as `status` reads it."""
    from contractkit.flows.letters import record
    from contractkit.store import recorded, written

    found = written.problems(repo)
    if repo.head.is_valid():  # a change request rewritten after this machine showed it
        found += recorded.unseen(repo, written.adds(repo))
    out = [Finding("error", f"{p}; it does not count (restore it from the commit that wrote it)")
           for p in found]
    for read in (record.letters, record.sent, record.requests):
        try:
            read(repo)
        except ContractkitError as exc:
            out.append(Finding("error", exc.message))
    return out


def _hollow(repo) -> list[Finding]:
    """Change records that record no edit (audit.hollow_changes): written by hand."""
    if not repo.head.is_valid() or not history.signature_tags(repo):
        return []
    found = audit.hollow_changes(repo, history.changes(repo))
    if not found:
        return []
    shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
    return [Finding("error", f"{len(found)} change record(s) record no edit of the signed scope ({shown}): "
                             "'contractkit change' never writes one, so they were written by hand; they are "
                             "not used for the client's page")]


def _issued(repo, path: Path) -> list[Finding]:
    """Act and invoice records whose hashes do not match their documents rendered again."""
    from contractkit.flows.billing import issued

    return [Finding("error", f"{problem}; 'verify' names no file by it")
            for problem in issued.problems(path, repo)]


def _approvals(repo, path: Path) -> list[Finding]:
    """An approval record counts only if this machine's `approve` made it or its .eml passes again."""
    from contractkit.flows import approval, approval_trust

    return [Finding("error", f"{approval_trust.APPROVALS}/{e.name}: unverified approval record "
                             f"({e.problem}); it does not count as the client's approval "
                             "(record the reply with 'contractkit approve REPLY.eml')")
            for e in approval_trust.entries(path, repo, dnsfunc=approval.lookup_txt) if e.problem]


def _signatures(repo, path: Path, reproduce) -> list[Finding]:
    """Each signature tag must carry its record and agree with its documents; each record at HEAD
    must have its tag. Reported, never repaired: a signature is made only by 'sign'."""
    out: list[Finding] = []
    tags = history.signature_tags(repo)
    for tag in tags:
        problem = trust.problem(repo, path, tag, reproduce, recheck=True)  # not from a remembered verdict
        if problem:
            out.append(Finding("error", f"{problem}; it does not count as signed"))
    numbers = [0 if t == records.CONTRACT_TAG else int(t.split("-")[1]) for t in tags]
    if numbers != list(range(len(numbers))):
        out.append(Finding("error", f"signed versions are not contract, addendum-1, 2, …: {numbers}"))
    for name in history.untagged_records(repo):
        out.append(Finding("error", f"{records.signature_path(name)} has no tag {name}: a record without "
                                    "its tag is not a signature, and doctor never makes it one (if you did "
                                    "sign this version, run 'contractkit sign' again)"))
    for record in history.signatures(repo) if not out else []:
        for name, digest in record.files.items():
            local = path / "out" / name
            if local.is_file() and sha256(local.read_bytes()) != digest:
                out.append(Finding("info", f"out/{name} is not the file signed as {record.tag} (rendered "
                                           "again since); 'contractkit verify' tells signed files apart"))
    return out
