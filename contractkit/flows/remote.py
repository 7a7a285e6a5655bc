"""Team use through an ordinary git remote: clone a project, and sync it (fetch, merge, push).

Merging is done here, not by `git merge`: project.yaml is merged three-way, change records from
both sides are kept (local ids that collide with the remote's are renumbered), and the result is
one merge commit on top of both histories. Nothing is rewritten, forced or discarded: a real
conflict stops before anything changes, and a signed tag that differs is an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.errors import RepositoryError, WorkspaceError
from contractkit.faults import point
from contractkit.flows import remote_merge
from contractkit.flows.approval import approval_path
from contractkit.flows.signing.reproduce import reproduce
from contractkit.load import PROJECT_FILE
from contractkit.store import audit, gitenv, gitfiles, history, journal, packs, records, trust
from contractkit.store.journal import recover
from contractkit.store.lock import locked
from contractkit.store.repo import check_push, failure, open_repo, require_branch, run

URL = re.compile(r"^(?!-)[\w.@:/~+-]+$")


@dataclass
class Synced:
    fetched: int = 0
    merged: bool = False
    renumbered: list[tuple[str, str]] = field(default_factory=list)
    pushed: bool = False
    tags_pushed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    address: str = ""
    """`origin URL`: where it fetched from and pushed to (remote_address.line)."""


def clone(url: str, dest: Path) -> Path:
    """Clone a project repository with hooks and external protocols disabled, on both sides; a
    clone that fails any check is removed whole (nothing half-made is left)."""
    if not URL.match(url):
        raise WorkspaceError(f"{url!r} is not a repository address contractkit accepts")
    if dest.exists() and any(dest.iterdir()):
        raise WorkspaceError(f"{dest} already exists and is not empty; refusing to overwrite it")
    existed = dest.exists()
    # --no-local: a clone from a path copies the objects folder as it is (alternates included);
    # through upload-pack it gets the objects only.
    address = packs.resolved(url)
    packs.check_local(address)
    local = ["--no-local"] if packs.is_local(address) else []
    try:
        result = subprocess.run(["git", "clone", "--quiet", "--no-checkout", *local,
                                 packs.upload_pack(address), "--", url, str(dest)],
                                capture_output=True, text=True, env=gitenv.environment(),
                                stdin=subprocess.DEVNULL, check=False, timeout=gitenv.NETWORK_TIMEOUT)
    except subprocess.TimeoutExpired:
        _remove(dest, existed)
        raise RepositoryError(f"git clone gave no answer within {gitenv.NETWORK_TIMEOUT:.0f} s",
                              hint="check the address and your network, then try again") from None
    if result.returncode != 0:
        _remove(dest, existed)
        raise RepositoryError(f"git clone failed: {failure(result.stderr, result.returncode)}")
    try:
        _checkout(dest)
        if not (dest / PROJECT_FILE).is_file():
            raise WorkspaceError(f"{url} has no {PROJECT_FILE}: not a contractkit project")
        _check_cloned_tags(dest)
    except BaseException:
        _remove(dest, existed)
        raise
    from contractkit.flows import remote_address

    with open_repo(dest) as repo:
        remote_address.remember(repo)
    return dest


def _check_cloned_tags(dest: Path) -> None:
    """Signature tags that arrive with a clone are checked as sync checks them (rendered again and
    compared); a clone whose tag does not stand is not kept, so nothing forged counts as signed."""
    with open_repo(dest) as repo:
        found = next(filter(None, (trust.problem(repo, dest, t, reproduce)
                                   for t in history.signature_tags(repo))), None)
    if found:
        raise RepositoryError(f"the remote's tag {found}; the clone was not kept",
                              hint="ask whoever pushed it; 'contractkit doctor' on their copy shows it")


def _remove(dest: Path, existed: bool) -> None:
    """Take a failed clone away: the folder, or only its contents when the user made it."""
    if not existed:
        shutil.rmtree(dest, ignore_errors=True)
        return
    for child in dest.iterdir() if dest.is_dir() else []:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _checkout(dest: Path) -> None:
    """Check out the clone (git clone checked nothing out, so no filter ran) once what it would
    check out passed: no converting attributes, no journal. A remote whose HEAD names a missing
    branch: check out its `main`, or its only branch (a name git accepts as a branch)."""
    with open_repo(dest) as repo:
        if not repo.head.is_valid():
            branches = [r.remote_head for r in repo.remotes.origin.refs if r.remote_head != "HEAD"]
            name = "main" if "main" in branches else (branches[0] if len(branches) == 1 else None)
            if not name:
                return
            if not _branch_name(repo, name):
                raise RepositoryError(f"the remote's branch {name[:60]!r} is not a name contractkit checks "
                                      "out; nothing was cloned", hint="rename the branch on the remote")
            _incoming(repo, f"refs/remotes/origin/{name}")
            run(repo, "checkout", "--quiet", "-B", name, "--track", f"refs/remotes/origin/{name}", "--")
            return
        _incoming(repo, "HEAD")
        run(repo, "checkout", "--quiet", "HEAD", "--", ".")


def _branch_name(repo, name: str) -> bool:
    if name.startswith("-") or not name.strip():
        return False
    try:
        run(repo, "check-ref-format", "--branch", name)
    except RepositoryError:
        return False
    return True


def _incoming(repo, rev: str, who: str = "the remote's history") -> None:
    """Refuse a commit that carries a journal or attributes converting bytes, before it is taken."""
    try:
        repo.commit(rev).tree / journal.LEGACY
    except KeyError:
        pass
    else:
        raise RepositoryError(f"{who} carries {journal.LEGACY}: a journal is each machine's private state "
                              "and never comes from git; refused", hint="ask whoever committed it to "
                              f"remove it (git rm {journal.LEGACY}), then try again")
    tracked = gitfiles.local_only_in(repo, rev)
    if tracked:
        top = tracked.split("/", 1)[0]
        raise RepositoryError(f"{who} tracks {tracked}: rendered documents (out/) and the lock are made by "
                              "each machine for itself and never come from git; refused, nothing was "
                              "checked out", hint="ask whoever committed it to remove it from the "
                              f"repository (git rm -r -q --cached {top} && git commit), then try again")
    sizes: dict[str, int] = {}
    seen: set[str] = set()
    found = gitfiles.incoming_problem(repo, rev, sizes, seen)
    # and every commit it brings: a diff of one git bomb among them never ends (red team 11, B7)
    brought = [] if found else run(repo, "rev-list", rev, "--not", "--exclude=refs/remotes/*",
                                   "--all").split()
    for sha in brought:  # their size only: only the tip is checked out (its attributes: above)
        found = found or gitfiles.oversized(repo, sha, sizes)
    if found:
        raise RepositoryError(f"{who} carries {found}; refused",
                              hint="ask whoever committed it to take that commit out of the history, then "
                                   "try again" if found.startswith("commit ") else
                                   "ask whoever committed it to remove that line, then try again")


def _written_once(repo, before: str, remote: str) -> None:
    """Refuse a remote history in which a record is rewritten, deleted or written twice (the check
    every reading command makes, store/written.py), before anything of it is merged: only what it
    brings, a problem this copy had already is not its fault (the guard's rule)."""
    from contractkit.store import written

    mine = set(written.problems(repo, before))
    found = [p for p in written.problems(repo, remote) if p not in mine]
    if found:
        more = f" (and {len(found) - 1} more)" if found[1:] else ""
        raise RepositoryError(f"the remote's history: {found[0]}{more}; nothing was merged",
                              hint="ask whoever pushed it to restore the record from the commit that "
                                   "wrote it")


def sync(path: Path, new_remote: bool = False) -> Synced:
    """Fetch, integrate and push the project's commits and signature tags. The remote's address
    must be the one this machine last synced or cloned the project with, unless new_remote."""
    from contractkit.flows import remote_address
    from contractkit.store import written

    result = Synced()
    with locked(path), open_repo(path) as repo:
        recover(path, repo)
        branch = require_branch(repo)
        if "origin" not in [r.name for r in repo.remotes]:
            raise RepositoryError("this project has no remote 'origin'",
                                  hint="git remote add origin URL, or get it with 'contractkit clone'")
        check_push(repo, path)
        result.address = remote_address.check(repo, new_remote)
        if run(repo, "status", "--porcelain", "--", PROJECT_FILE, records.RECORDS).strip():
            raise RepositoryError("project.yaml or its records have uncommitted edits",
                                  hint="record them with 'contractkit change' first, then sync")
        before = repo.head.commit.hexsha
        upload, receive = packs.for_remote(repo)
        remote_has_branch = bool(run(repo, "ls-remote", upload, "--heads", "origin", branch,
                                     network=True).strip())
        if remote_has_branch:  # --refmap=: no configured refspec writes a ref of its own
            run(repo, "fetch", "--quiet", "--no-tags", "--refmap=", upload, "origin",
                f"+refs/heads/{branch}:refs/remotes/origin/{branch}", network=True)
        result.fetched = _fetch_tags(repo, path, upload)
        remote_ref = f"refs/remotes/origin/{branch}"
        if remote_has_branch:
            remote = repo.commit(remote_ref).hexsha
            base = _merge_base(repo, before, remote)
            if base != remote:
                _incoming(repo, remote)
                _written_once(repo, before, remote)
            result.warnings = _arriving(repo, before, remote)
            if base == before and remote != before:
                run(repo, "merge", "--ff-only", "--quiet", remote)
            elif base != remote:
                merge_sha, result.renumbered = remote_merge.merge_commit(repo, path, base, before, remote)
                result.warnings += [f"your {old}'s email approval was not kept: the client approved the "
                                    "sheet "
                                    f"of {old}, and {old} is now the remote's change; send the sheet of "
                                    f"{new} for approval" for old, new in result.renumbered
                                    if approval_path(old, "yaml") in remote_merge.changed(repo, base, before)]
                point("sync:merge-built")
                run(repo, "merge", "--ff-only", "--quiet", merge_sha)
                result.merged = True
        point("sync:before-push")
        tags = _tags_to_push(repo, path, upload)
        # One atomic push: a signature record and its tag reach the server together or not at all
        # (a server running `contractkit guard` refuses a record that arrives without its tag).
        run(repo, "push", "--quiet", "--atomic", receive, "origin", f"HEAD:refs/heads/{branch}",
            *[f"refs/tags/{name}" for name in tags], network=True)
        result.pushed = True
        result.tags_pushed = tags
        remote_address.remember(repo)
        written.remember_changes(repo)  # teammates have them now: each change request's edit is fixed (B1)
    return result


def _merge_base(repo, ours: str, theirs: str) -> str:
    """The newest commit both histories share; a clear error when they share none."""
    try:
        found = run(repo, "merge-base", "--all", ours, theirs).strip().split()
    except RepositoryError as exc:  # exit status 1 and no output: no common commit
        if not exc.message.endswith(" failed: 1"):
            raise
        found = []
    if not found:
        raise RepositoryError(
            "the remote's history shares no commit with yours (it was replaced, e.g. by a force-push); "
            "nothing was merged or pushed",
            hint="compare 'git log origin/<branch>' with yours and settle with whoever pushed it")
    return found[0]


def _arriving(repo, before: str, remote: str) -> list[str]:
    """What the remote's commits bring that is not what it seems: edits of the signed scope that
    no change request records, and signature records without their tags."""
    out = []
    mine = set(run(repo, "rev-list", before).split())
    for sha in audit.unrecorded_commits(repo, remote):
        if sha not in mine:
            subject = repo.commit(sha).summary
            out.append(f"the remote's commit {sha[:10]} ({subject}) edits the signed scope without a change "
                       "request: record it with 'contractkit change -m TITLE' before the next addendum")
    for name in history.untagged_records(repo, remote):
        out.append(f"the remote carries {records.signature_path(name)} without its tag: it is not a "
                   "signature ('contractkit doctor' reports it)")
    return out


def _remote_tags(repo, upload: str) -> dict[str, str]:
    out = {}
    for line in run(repo, "ls-remote", upload, "--tags", "origin", network=True).splitlines():
        sha, ref = line.split("\t")
        if not ref.endswith("^{}"):
            out[ref.removeprefix("refs/tags/")] = sha
    return out


def _local_tags(repo) -> dict[str, str]:
    return {t.name: t.object.hexsha for t in repo.tags}


def _fetch_tags(repo, path: Path, upload: str) -> int:
    """Bring the remote's signature tags; a tag that differs is an error, never overwritten, and
    one whose record does not agree with its documents rendered again is not taken."""
    remote, local = _remote_tags(repo, upload), _local_tags(repo)
    for name, sha in remote.items():
        if name in local and local[name] != sha:
            raise RepositoryError(
                f"signed tag {name} differs between this copy and the remote; it is never overwritten",
                hint="someone signed a different version under the same name: compare with "
                     f"'git show {name}' and 'git ls-remote origin refs/tags/{name}' and settle it together",
            )
    new = [n for n in remote if n not in local]
    taken = False
    try:
        for name in new:
            run(repo, "fetch", "--quiet", "--no-tags", "--refmap=", upload, "origin",
                f"refs/tags/{name}:refs/tags/{name}", network=True)
        fetched = [n for n in history.signature_tags(repo) if n in new]
        bad = [(n, problem) for n in fetched if (problem := trust.problem(repo, path, n, reproduce))]
        if bad:
            more = f", nor {', '.join(n for n, _ in bad[1:])}, which do not stand either" if bad[1:] else ""
            raise RepositoryError(f"the remote's tag {bad[0][1]}; it was not taken{more}",
                                  hint="ask whoever pushed it; 'contractkit doctor' on their copy shows it")
        taken = True
    finally:
        if not taken:  # every tag this sync fetched goes again: none is half-taken
            now = _local_tags(repo)
            for name in new:
                if name in now and now[name] == remote[name]:
                    run(repo, "tag", "-d", name)
    return len(new)


def _tags_to_push(repo, path: Path, upload: str) -> list[str]:
    """This copy's signature tags the remote lacks: only those that stand as signatures."""
    remote = _remote_tags(repo, upload)
    mine = [n for n in history.signature_tags(repo) if n not in remote]
    for name in mine:
        trust.require(repo, path, name, reproduce)
    return mine
