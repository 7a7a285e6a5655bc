"""Git metadata files that would lead git elsewhere or change bytes on their way to the tree.

A project's `.git` comes from whoever made the archive or the clone, so, like a `gitdir:` file:

* `commondir` makes git use another repository's refs, objects and config (a `change` would
  commit there); `objects/info/alternates` (and `http-alternates`) read objects from another
  repository; `info/grafts` replaces commits' parents (another history than the one committed);
  `objects` or `refs` as a link lead to another repository too. All are refused. A commit-graph
  (`objects/info/commit-graph`, `commit-graphs/`) gives commits other parents as grafts do, and a
  multi-pack-index says where objects are: git is told not to read either (gitenv.FORCED).
* A ref git would find before the tag of the same name: git resolves a bare name as `.git/<name>`,
  then `refs/<name>`, then `refs/tags/<name>`, so a `.git/contract` or `.git/refs/addendum-1` (a
  file, or a `refs/<name>` line in packed-refs) would stand in for the signature tag. A file
  directly under `.git/refs/`, a `.git/<name>` named as a signature tag, or such a packed ref is
  refused; contractkit also names tags by their full ref (store/history.resolve).
* Attributes that convert bytes between the repository and the working tree
  (`working-tree-encoding`, `filter`, `ident`, `text`, `eol`, `crlf`), in `.git/info/attributes` or
  a `.gitattributes` of the project, would make the project.yaml git stores and the one on disk
  differ (a crash reading it, edits nobody made). They are refused too, in the tree, in a clone
  before its checkout and in the remote's commits before `sync` takes them.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

CLONE = "get the project afresh with 'contractkit clone' (a project keeps its own history and objects)"
DISSOCIATE = ("make the repository hold its own objects: git -C PROJECT repack -a -d, then remove "
              ".git/objects/info/alternates")
REFUSED_FILES = {  # name: (why, what to do)
    "commondir": ("points git to another repository's refs, objects and configuration", CLONE),
    "objects/info/alternates": ("lets git read objects from another repository", DISSOCIATE),
    "objects/info/http-alternates": ("lets git read objects from another repository", DISSOCIATE),
    "info/grafts": ("replaces the parents of commits, so git would show another history",
                    "remove .git/info/grafts: the history is what was committed"),
}
NO_LINKS = ("objects", "refs", "info", "objects/info")
CONVERTING = ("working-tree-encoding", "filter", "ident", "text", "eol", "crlf")
ATTRIBUTES = ".gitattributes"
MAX_ATTRIBUTES = 1024 * 1024
GIT_BLANK = " \t\r\n"
"""What git takes for white space in a gitattributes line (attr.c `blank`); nothing else is."""
_BLANKS = re.compile("[ \t\r\n]+")


SHADOWED = re.compile(r"(contract|addendum-[0-9]+)")
"""The names contractkit resolves as signature tags (flows/guard.SIGNATURE_TAG, without refs/tags/)."""
GITS_OWN = {"stash"}
"""The one ref git itself keeps directly under refs/ (`git stash`)."""
SHADOW_HINT = "remove that file (a ref outside refs/heads, refs/tags and refs/remotes); it is not git's own"


def shadow_problem(dot: Path) -> tuple[str, str] | None:
    """A ref git would resolve before refs/tags/<name> for a name contractkit reads, or None."""
    for name in _names(dot):
        if SHADOWED.fullmatch(name):
            return f"{dot / name} would stand in for the signature tag {name}", SHADOW_HINT
    outside = "a ref outside refs/heads, refs/tags and refs/remotes"
    loose = sorted(e.name for e in _entries(dot / "refs")
                   if not e.is_dir(follow_symlinks=False) and e.name not in GITS_OWN)
    if loose:
        return f"{dot / 'refs' / loose[0]} is {outside}", SHADOW_HINT
    for ref in _packed(dot / "packed-refs"):
        if ref.count("/") == 1 and ref.startswith("refs/") and ref[5:] not in GITS_OWN:
            return f"{dot / 'packed-refs'} holds {ref[:60]}, {outside}", SHADOW_HINT
    return None


def _packed(file: Path) -> list[str]:
    """The ref names of a packed-refs file (none when it cannot be read)."""
    try:
        with open(file, "rb") as handle:
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    return [line.split(" ", 1)[-1].strip() for line in lines if line and line[0] not in "#^"]


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        return list(os.scandir(folder))
    except OSError:
        return []


def _names(dot: Path) -> list[str]:
    return [e.name for e in _entries(dot)]


def metadata_problem(path: Path) -> tuple[str, str] | None:
    """What in path/.git leads git elsewhere, and what to do; or None."""
    dot = path / ".git"
    shadow = shadow_problem(dot)
    if shadow:
        return shadow
    for name, (why, hint) in REFUSED_FILES.items():
        if os.path.lexists(dot / name):
            return f"{dot / name} {why}", hint.replace("PROJECT", str(path))
    for name in NO_LINKS:
        if os.path.islink(dot / name):
            return f"{dot / name} is a link: git would use another repository's {name.split('/')[0]}", CLONE
    return None


def attributes_problem_in(path: Path) -> tuple[str, str] | None:
    """A converting attribute in .git/info/attributes or a .gitattributes of the tree; or None."""
    for file in [path / ".git" / "info" / "attributes", *_tree_attributes(path)]:
        found = _file_problem(file, path)
        if found:
            return found, "remove that line (and commit the file if git tracks it), or ask who added it"
    return None


def _tree_attributes(path: Path) -> list[Path]:
    """Every .gitattributes of the project's working tree (not in .git, not in out/)."""
    out = []
    for folder, dirs, files in os.walk(path):
        if folder == str(path):
            dirs[:] = [d for d in dirs if d not in (".git", "out")]
        if ATTRIBUTES in files:
            out.append(Path(folder) / ATTRIBUTES)
    return sorted(out)


def _file_problem(file: Path, path: Path) -> str | None:
    try:
        mode = os.lstat(file).st_mode
    except FileNotFoundError:
        return None
    shown = file.relative_to(path) if path in file.parents else file
    if not stat.S_ISREG(mode):
        return f"{shown} is not a plain file"
    with open(file, "rb") as handle:
        return attributes_problem(handle.read(MAX_ATTRIBUTES + 1), str(shown))


def attributes_problem(data: bytes, name: str) -> str | None:
    """The first line of a gitattributes file that sets an attribute converting bytes, or None.

    Read as git reads it (attr.c): lines end at "\\n" only, and within a line spaces, tabs and
    carriage returns all separate the pattern and the attributes."""
    if len(data) > MAX_ATTRIBUTES:
        return f"{name} is over {MAX_ATTRIBUTES:,} bytes"
    for number, raw in enumerate(data.decode("utf-8-sig", "replace").split("\n"), 1):
        line = raw.strip(GIT_BLANK)
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            end = _closing_quote(line)
            rest = line[end + 1:] if end else ""
        else:
            pattern = _BLANKS.split(line, 1)
            rest = pattern[1] if len(pattern) > 1 else ""
        for token in _BLANKS.split(rest):
            if not token or token.startswith(("-", "!")):
                continue
            key = token.split("=", 1)[0]
            if key in CONVERTING:
                return (f"{name}:{number}: '{token[:60]}' makes git convert bytes between the repository "
                        "and the working tree (the project.yaml signed and the one on disk would differ)")
    return None


def _closing_quote(line: str) -> int:
    i = 1
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == '"':
            return i
        i += 1
    return 0


MAX_TREE_PATHS = 200_000
"""Files and folders one commit's tree may hold: a big site's assets are a few thousand. Ten
folders that are all the same folder, nine deep, are 10^9 paths in a few KB of objects (a "git
bomb"): walking it, checking it out or diffing it never ends (red team 11, B7)."""
MAX_TREE_DEPTH = 64
"""Folders nested in one another in a project's tree."""

Entries = "Callable[[str], list[tuple[str, str, str]]]"
"""tree id -> [(type, id, name)] of its entries ("blob", "tree", "commit" for a submodule)."""


class _TooBig(Exception):
    pass


def tree_problem(entries, tree: str, sizes: dict[str, int] | None = None) -> str | None:
    """Why the tree (an id) is more than a project holds (MAX_TREE_PATHS, MAX_TREE_DEPTH), or None.
    Each distinct folder is read once (sizes: folder id -> its paths, shared between the commits
    of one check), so a tree of one folder repeated a billion times costs ten reads."""
    sizes = {} if sizes is None else sizes

    def size(sha: str, depth: int, path: str) -> int:
        if sha in sizes:
            return sizes[sha]
        if depth > MAX_TREE_DEPTH:
            raise _TooBig(f"its tree nests folders more than {MAX_TREE_DEPTH} deep ({path[:200]})")
        total = 0
        for kind, sub, name in entries(sha):
            total += 1 + (size(sub, depth + 1, f"{path}{name}/") if kind == "tree" else 0)
            if total > MAX_TREE_PATHS:
                raise _TooBig(f"its tree holds more than {MAX_TREE_PATHS:,} files and folders (at "
                              f"{path}{name[:100]}: one folder repeated inside itself, a 'git bomb'?)")
        sizes[sha] = total
        return total

    try:
        size(tree, 0, "")
    except _TooBig as exc:
        return str(exc)
    return None


def repo_entries(repo):
    """tree_problem's entries, read with GitPython's object reader."""
    from git.objects import Tree

    def entries(sha: str) -> list[tuple[str, str, str]]:
        tree = Tree(repo, bytes.fromhex(sha), path="")
        return [(item.type, item.hexsha, item.name) for item in tree]

    return entries


def oversized(repo, rev: str, sizes: dict[str, int] | None = None) -> str | None:
    """tree_problem for the commit rev, named by it."""
    commit = repo.commit(rev)
    found = tree_problem(repo_entries(repo), commit.tree.hexsha, sizes)
    return f"commit {commit.hexsha[:10]}: {found}" if found else None


def incoming_problem(repo, rev: str, sizes: dict[str, int] | None = None,
                     seen: set[str] | None = None) -> str | None:
    """A commit whose tree is more than a project holds, or carries converting attributes
    (checked before it is checked out). Each distinct folder is read once (sizes, seen: what the
    commits checked before this one had, for a check of many)."""
    found = oversized(repo, rev, sizes)
    if found:
        return found
    commit = repo.commit(rev)
    seen = set() if seen is None else seen
    pending = [commit.tree]
    while pending:
        tree = pending.pop()
        if tree.hexsha in seen:
            continue
        seen.add(tree.hexsha)
        for item in tree:
            if item.type == "tree":
                pending.append(item)
            elif item.type == "blob" and item.name == ATTRIBUTES:
                data = item.data_stream.read(MAX_ATTRIBUTES + 1)
                found = attributes_problem(data, item.path)
                if found:
                    return found
    return None


def local_only_in(repo, rev: str) -> str | None:
    """The first path of rev's tree that each machine makes for itself (layout.LOCAL_ONLY: out/,
    the lock, a case variant of .contractkit), or None; read from the tree, before any checkout."""
    from contractkit.store.layout import local_only

    for item in repo.commit(rev).tree:
        if local_only(item.path):
            if item.type == "tree":
                inner = next((x.path for x in item.traverse()), None)
                return inner or item.path + "/"
            return item.path
    return None


def refuse(path: Path) -> None:
    """RepositoryError for a project whose .git leads elsewhere (metadata_problem)."""
    _raise(metadata_problem(path))


def refuse_attributes(path: Path) -> None:
    """RepositoryError for a project with attributes converting bytes (attributes_problem_in)."""
    _raise(attributes_problem_in(path))


def _raise(found: tuple[str, str] | None) -> None:
    from contractkit.errors import RepositoryError

    if found:
        raise RepositoryError(f"{found[0]}; refused", hint=found[1])
