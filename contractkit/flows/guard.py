"""`contractkit guard`: a git pre-receive hook that keeps a studio's server from accepting a push
that rewrites or forges signed history, whoever pushes it and with whatever tool.

git runs the hook in the bare repository after the pushed objects arrived (in quarantine: visible
to this process through the environment git gives it) and before any ref moves. It reads one
"old new ref" line per ref; any refusal refuses the whole push, with one line per reason, which
the pusher sees as git's "remote:" output. The server's own configuration is its administrator's
and trusted; the pushed objects are not: they are read as data, and a pushed signature is checked
by rendering its version again in a temporary repository (templates sandboxed as everywhere).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contractkit.bounds import MAX_BYTES, PROJECT_FILE
from contractkit.errors import ContractkitError, WorkspaceError
from contractkit.flows import guard_yaml
from contractkit.store.layout import ACTS, CHANGES, INVOICES, PAYMENTS, RECORDS, SIGNATURES, local_only

ZERO = "0" * 40
SIGNATURE_TAG = re.compile(r"^refs/tags/(contract|addendum-\d+)$")
APPROVALS = f"{RECORDS}/approvals"
APPEND_ONLY = (SIGNATURES, INVOICES, ACTS, PAYMENTS, APPROVALS, f"{RECORDS}/letters", f"{RECORDS}/sent")
"""Records each command adds once and never edits: a correction is a new record (a reversal)."""
MAX_RECORD = 1024 * 1024
FORBIDDEN_NAMES = {".gitattributes", ".gitmodules", ".gitignore.d"}
HOOK_MARK = "# contractkit guard"
# What the guard's own git processes may never do, whatever the server's configuration says.
SAFE = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "protocol.allow=never",
        "-c", "core.commitGraph=false", "-c", "core.multiPackIndex=false")


@dataclass(frozen=True)
class Update:
    old: str
    new: str
    ref: str


def install(bare: Path, force: bool = False) -> Path:
    """Write the bare repository's hooks/pre-receive so that it runs this guard."""
    import shlex
    import sys

    if not (bare / "objects").is_dir() or not (bare / "refs").is_dir():
        raise WorkspaceError(f"{bare} is not a bare git repository", hint="give the server's REPO.git folder")
    hook = bare / "hooks" / "pre-receive"
    if hook.exists() and HOOK_MARK not in hook.read_text(errors="replace") and not force:
        raise WorkspaceError(f"{hook} exists and is not contractkit's",
                             hint="chain it by hand, or pass --force to replace it")
    hook.parent.mkdir(exist_ok=True)
    here = str(Path(__file__).resolve().parents[2])  # this very contractkit, whatever the PATH
    hook.write_text(f"#!/bin/sh\n{HOOK_MARK}: refuses pushes that rewrite or forge signed history.\n"
                    f"PYTHONPATH={shlex.quote(here)}${{PYTHONPATH:+:$PYTHONPATH}} "
                    f"exec {shlex.quote(sys.executable)} -P -m contractkit guard --hook\n")
    hook.chmod(0o755)
    return hook


def _git(*args: str, check: bool = True, data: bytes | None = None) -> str:
    return _git_bytes(*args, check=check, data=data).decode("utf-8", errors="replace")


def _git_bytes(*args: str, check: bool = True, data: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_CONFIG_PARAMETERS")}
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_NO_REPLACE_OBJECTS": "1"})
    result = subprocess.run(["git", *SAFE, *args], capture_output=True, env=env, input=data,
                            stdin=None if data is not None else subprocess.DEVNULL, check=False)
    if check and result.returncode != 0:
        raise ContractkitError(f"git {args[0]} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def _exists(sha: str) -> bool:
    return subprocess.run(["git", *SAFE, "cat-file", "-e", sha], capture_output=True,
                          stdin=subprocess.DEVNULL).returncode == 0


def _kind(sha: str) -> str:
    return _git("cat-file", "-t", sha).strip()


def check(updates: list[Update]) -> list[str]:
    """Every reason to refuse this push (empty: let it through)."""
    reasons: list[str] = []
    new_tags = {u.ref.removeprefix("refs/tags/"): u.new for u in updates
                if SIGNATURE_TAG.match(u.ref) and u.old == ZERO and u.new != ZERO}
    for u in updates:
        if SIGNATURE_TAG.match(u.ref):
            reasons += _signature_tag(u)
        elif u.ref.startswith("refs/heads/"):
            reasons += _branch(u, new_tags)
        elif u.new != ZERO:
            reasons.append(_foreign_ref(u))
    checked: set[str] = set()
    added: dict[str, list[str]] = {}  # commit -> the invoice, act, payment, approval records it adds
    for u in updates:  # every ref: commits planted under a tag or a note count once a branch holds them
        reasons += _new_commits(u, new_tags, checked, added)
    heads = [u for u in updates if u.ref.startswith("refs/heads/") and u.new != ZERO]
    if not reasons and (new_tags or added or heads):
        reasons += _rendered_again(updates, new_tags, added)
    return reasons


def _foreign_ref(u: Update) -> str:
    """A13: a ref outside what contractkit keeps (branches, signature tags). A replace ref swaps one
    commit for another for every plain-git reader of the server, a note or any other ref carries
    what nobody reviews; deleting one is allowed."""
    what = ("swaps commits for whoever reads replace refs" if u.ref.startswith("refs/replace/")
            else "is a ref contractkit never pushes")
    return (f"{u.ref}: {what}; a project's server holds only branches (refs/heads/*) and signature "
            "tags (refs/tags/contract, refs/tags/addendum-N)")


def _signature_tag(u: Update) -> list[str]:
    name = u.ref.removeprefix("refs/tags/")
    if u.old != ZERO and u.new == ZERO:
        return [f"{u.ref}: deletes the signature tag {name}; a signed version is never removed"]
    if u.old != ZERO:
        return [f"{u.ref}: moves the signature tag {name} (from {u.old[:10]} to {u.new[:10]}); "
                "a signed version is never moved"]
    if _kind(u.new) != "tag":
        return [f"{u.ref}: {name} is a lightweight tag; signatures are annotated tags made by "
                "'contractkit sign'"]
    return []


def _branch(u: Update, new_tags: dict[str, str]) -> list[str]:
    if u.new == ZERO:
        signed = _git("tag", "--merged", u.old, "--list", "contract", "addendum-*").split()
        held = ", ".join(signed)
        return [f"{u.ref}: deletes a branch that holds signed versions ({held})"] if signed else []
    if u.old != ZERO and subprocess.run(["git", *SAFE, "merge-base", "--is-ancestor", u.old, u.new],
                                        capture_output=True, stdin=subprocess.DEVNULL).returncode != 0:
        return [f"{u.ref}: rewrites history ({u.old[:10]} is not in {u.new[:10]}): "
                "commits are only ever added"]
    return []


def _new_commits(u: Update, new_tags: dict[str, str], checked: set[str],
                 added: dict[str, list[str]]) -> list[str]:
    """The per-commit checks for every commit a ref update brings that no ref held before, whatever
    the ref (a branch, any tag, notes, anything else) as long as its new object peels to a commit."""
    if u.new == ZERO or not _git("rev-parse", "--verify", "-q", f"{u.new}^{{commit}}", check=False).strip():
        return []
    from contractkit.store.gitfiles import tree_problem

    reasons = []
    sizes: dict[str, int] = {}
    for commit in _git("rev-list", u.new, "--not", "--all").split():
        if commit not in checked:
            checked.add(commit)
            # before any diff of it: one folder repeated inside itself is a billion paths (B7)
            found = tree_problem(_entries, _git("rev-parse", f"{commit}^{{tree}}").strip(), sizes)
            if found:
                return reasons + [f"{u.ref}: commit {commit[:10]}: {found}"]
            reasons += _commit(commit, new_tags, added)
    return reasons


def _entries(tree: str) -> list[tuple[str, str, str]]:
    """gitfiles.tree_problem's entries: (type, id, name) of a tree, from `git ls-tree`."""
    out = []
    for entry in _git_bytes("ls-tree", "-z", tree).split(b"\0"):
        meta, _, name = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3:
            out.append((parts[1].decode(), parts[2].decode(), name.decode("utf-8", "replace")))
    return out


def _diffs(commit: str) -> list[dict[str, tuple[str, str, str]]]:
    """path -> (new mode, new blob, status) against each parent (a merge's own changes included)."""
    parents = _git("rev-list", "--parents", "-n", "1", commit).split()[1:]
    out = []
    for against in parents or ["--root"]:
        raw = _git("diff-tree", "-r", "-z", "--no-commit-id", "--no-renames", against, commit)
        fields = raw.split("\0")
        changes = {}
        for i in range(0, len(fields) - 1, 2):
            meta, path = fields[i].lstrip(":").split(), fields[i + 1]
            if len(meta) >= 5:
                changes[path] = (meta[1], meta[3], meta[4][:1])
        out.append(changes)
    return out


def _commit(commit: str, new_tags: dict[str, str], added: dict[str, list[str]]) -> list[str]:
    """What one new commit may not do: a link, the journal, git metadata files, oversized files,
    an edit or removal of an append-only record, a signature record with no tag pushed with it.
    A merge is held to it against each of its parents, so what it brings of its own is checked.
    The records whose content is checked later (guard_records) are collected in `added`."""
    from contractkit.flows import guard_records
    from contractkit.flows.guard_records import folder_of

    reasons: dict[str, None] = {}
    diffs = _diffs(commit)
    for changes in diffs:
        for path, (new_mode, new_sha, status) in changes.items():
            own = all(path in other for other in diffs)  # differs from every parent: the merge's own
            reasons.update(dict.fromkeys(_path(commit, path, new_mode, new_sha, status, own, new_tags)))
            if status == "A" and folder_of(path):
                # a merge that joins records added on each side is audited as a whole (two payments
                # that each fit may not fit together); its own records are checked like any commit's
                # an approval a merge brings is checked again against the merged state (its change
                # may now be another change under the same id)
                approval_ = folder_of(path) == guard_records.APPROVALS
                entry = path if own or approval_ else guard_records.MERGED
                if entry not in added.get(commit, []):
                    added.setdefault(commit, []).append(entry)
    return list(reasons)


def _path(commit: str, path: str, new_mode: str, new_sha: str, status: str, own: bool,
          new_tags: dict[str, str]) -> list[str]:
    reasons = []
    where = f"{commit[:10]} {path}"
    parts = path.split("/")
    if new_mode == "120000":
        reasons.append(f"{where}: a symbolic link; a project may not contain links")
    if path == f"{RECORDS}/journal.json" or parts[-1] in FORBIDDEN_NAMES or ".git" in parts:
        reasons.append(f"{where}: a file contractkit never commits (machine state or git metadata)")
    if status != "D" and local_only(path):
        reasons.append(f"{where}: a file each machine makes for itself (rendered documents in out/, the "
                       "lock); never committed")
    if status != "D" and new_mode != "160000":
        size = int(_git("cat-file", "-s", new_sha).strip() or 0)
        limit = MAX_BYTES if path == PROJECT_FILE else MAX_RECORD if path.startswith(RECORDS) else None
        if limit is not None and size > limit:
            reasons.append(f"{where}: {size:,} bytes, over the {limit:,} limit")
        elif path == PROJECT_FILE:
            reasons += guard_yaml.project_yaml(where, _git_bytes("cat-file", "blob", new_sha))
        elif limit is not None and path.endswith(".yaml"):
            reasons += guard_yaml.anchors(where, _git("cat-file", "blob", new_sha))
    folder = next((f for f in APPEND_ONLY if path.startswith(f + "/")), None)
    if folder and status in ("M", "D", "T"):
        verb = {"M": "edits", "D": "removes", "T": "retypes"}[status]
        reasons.append(f"{where}: {verb} a record that is never changed once written "
                       f"(a correction is a new record)")
    if folder == SIGNATURES and status == "A" and own:
        tag = parts[-1].removesuffix(".yaml")
        if tag not in new_tags:
            reasons.append(f"{where}: a signature record pushed without its tag {tag}; "
                           "only 'contractkit sign' makes one")
    if path.startswith(CHANGES + "/") and not path.endswith(".yaml"):
        reasons.append(f"{where}: not a change record")
    return reasons


def _rendered_again(updates: list[Update], new_tags: dict[str, str],
                    added: dict[str, list[str]]) -> list[str]:
    """Each new signature tag's record against its documents rendered again from the tag, then each
    new invoice, act, payment and approval record checked for what it says (guard_records). The
    signature tags the server holds already passed this guard: they count without a re-render."""
    from contractkit.flows import guard_records
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.store import trust
    from contractkit.store.repo import open_repo

    reasons = []
    keys = guard_records.ServerKeys(_dkim_keys())
    heads = {u.ref: u.new for u in updates if u.ref.startswith("refs/heads/") and u.new != ZERO}
    refs = dict(line.split(" ", 1) for line in _git(
        "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags").splitlines() if line)
    refs.update(heads)
    refs.update({f"refs/tags/{t}": sha for t, sha in new_tags.items()})
    saved = {k: os.environ.get(k) for k in ("GIT_DIR", "GIT_WORK_TREE", "CONTRACTKIT_STATE",
                                            "GIT_OBJECT_DIRECTORY", "GIT_QUARANTINE_PATH",
                                            "GIT_ALTERNATE_OBJECT_DIRECTORIES")}
    work = Path(tempfile.mkdtemp(prefix="contractkit-guard-"))
    try:
        for key in ("GIT_DIR", "GIT_WORK_TREE"):
            os.environ.pop(key, None)
        # The pushed objects stay visible from the temporary repository; git forbids ref updates
        # "inside quarantine", which the temporary repository's own refs are not.
        os.environ.pop("GIT_QUARANTINE_PATH", None)
        if os.environ.get("GIT_OBJECT_DIRECTORY"):
            os.environ["GIT_OBJECT_DIRECTORY"] = os.path.abspath(os.environ["GIT_OBJECT_DIRECTORY"])
        alternates = [os.path.abspath(a) for a in
                      os.environ.get("GIT_ALTERNATE_OBJECT_DIRECTORIES", "").split(os.pathsep) if a]
        os.environ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = os.pathsep.join([*alternates,
                                                                         os.path.abspath("objects")])
        os.environ["CONTRACTKIT_STATE"] = str(work / "state")  # check every time, remember nothing
        project = work / "p"
        objects = os.environ.pop("GIT_OBJECT_DIRECTORY", None)
        subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True, capture_output=True)
        if objects:
            os.environ["GIT_OBJECT_DIRECTORY"] = objects
        for ref, sha in refs.items():
            if sha != ZERO:
                subprocess.run(["git", "-C", str(project), *SAFE, "update-ref", ref, sha], check=True,
                               capture_output=True)
        with open_repo(project) as repo:
            _held(repo, [t for t in _signature_tags(refs) if t not in new_tags])
            reasons += _written_once(repo, updates)
        for tag, sha in sorted(new_tags.items()):
            commit = _git("rev-parse", f"{sha}^{{commit}}").strip()
            _checkout(project, commit)
            with open_repo(project) as repo:
                found = trust.problem(repo, project, tag, reproduce)
            if found:
                reasons.append(f"refs/tags/{tag}: {found}")
        for commit, paths in ([] if reasons else added.items()):
            _checkout(project, commit)
            reasons += guard_records.problems(project, commit, paths, keys)
    except ContractkitError as exc:
        reasons.append(f"the pushed records could not be checked: {exc.message}")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(work, ignore_errors=True)
    return reasons


def _written_once(repo, updates: list[Update]) -> list[str]:
    """The check every machine makes (store/written.py) on each pushed branch tip: a letter, sent
    mail, request or change record deleted (even if added again) or rewritten since the commit that
    first wrote it. Only what the push brings: a problem the old tip had already is not its fault."""
    from contractkit.store import written

    out: list[str] = []
    for u in updates:
        if not u.ref.startswith("refs/heads/") or u.new == ZERO:
            continue
        before = set(written.problems(repo, u.old)) if u.old != ZERO else set()
        out += [f"{u.ref}: {line}" for line in written.problems(repo, u.new) if line not in before]
    return out


def _signature_tags(refs: dict[str, str]) -> list[str]:
    return [r.removeprefix("refs/tags/") for r in refs if SIGNATURE_TAG.match(r)]


def _held(repo, tags: list[str]) -> None:
    """The server's own signature tags count as checked in the temporary state (the guard let them
    in; re-rendering every signed version for each push would not fit its time)."""
    from contractkit.store import trust

    for tag in tags:
        try:
            trust.remember(trust.record_bytes(repo, tag), trust.tag_object(repo, tag),
                           trust.scope_of(repo, f"refs/tags/{tag}"))
        except ContractkitError:
            continue  # no record there: it does not count, as on every machine


def _checkout(project: Path, commit: str) -> None:
    subprocess.run(["git", "-C", str(project), *SAFE, "checkout", "-q", "-f", "--detach", commit],
                   check=True, capture_output=True)


def _dkim_keys() -> Path | None:
    """The folder of offline DKIM keys the server's administrator configured, if any."""
    value = _git("config", "--get", "contractkit.dkimKeys", check=False).strip()
    return (Path.cwd() / Path(value).expanduser()) if value else None


def read_updates(text: str) -> list[Update]:
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            out.append(Update(*parts))
    return out
