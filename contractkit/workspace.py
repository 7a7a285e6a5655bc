"""Where projects live; paths from data stay inside their project, paths the user types are theirs.

The user's own arguments (a project directory, --out, --template, a workspace) are trusted and
taken as given, like git or make take them. What comes from a project's files (templates:,
records, names) is untrusted: it is confined to the project, and no symbolic link inside a
project is followed, because a link travels in git and can point anywhere on the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from contractkit.bounds import PROJECT_FILE
from contractkit.errors import WorkspaceError

MAX_ENTRIES = 200_000
"""Files and folders looked at when checking one project tree for links."""


def workspace_root() -> Path:
    """$CONTRACTKIT_HOME, else the current directory: the default for `render --all`."""
    home = os.environ.get("CONTRACTKIT_HOME")
    return Path(home).expanduser().resolve() if home else Path.cwd().resolve()


def default_listing_root() -> Path:
    """Where `list` looks by default: $CONTRACTKIT_HOME, else ./projects."""
    home = os.environ.get("CONTRACTKIT_HOME")
    return Path(home).expanduser().resolve() if home else Path.cwd().resolve() / "projects"


def user_path(arg: str | Path) -> Path:
    """A path the user typed: absolute, ~ expanded, otherwise as given."""
    return Path(os.path.abspath(Path(arg).expanduser()))


def inside(path: Path, root: Path, what: str = "path", base: Path | None = None) -> Path:
    """A path from data (`path`, relative to `base`, default the current directory) resolved with
    links followed; refused unless it stays within `root`."""
    resolved = ((base or Path.cwd()) / path).resolve()
    root = root.resolve()
    if resolved != root and root not in resolved.parents:
        raise WorkspaceError(
            f"{what} {path} is outside {root}",
            hint="a project's files may only name paths inside the project",
        )
    return resolved


def refuse_links(project: Path) -> None:
    """Refuse a project whose tree (outside .git) holds a symbolic link: say which and how to fix."""
    seen = 0
    stack = [project]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            raise WorkspaceError(f"{folder}: cannot read: {exc.strerror}") from None
        for entry in sorted(entries, key=lambda e: e.name):
            seen += 1
            if seen > MAX_ENTRIES:
                raise WorkspaceError(f"{project}: more than {MAX_ENTRIES:,} files in the project")
            if entry.is_symlink():
                raise link_error(project, Path(entry.path))
            if entry.name != ".git" and entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))


def link_error(project: Path, link: Path) -> WorkspaceError:
    """The one-line refusal of a link inside a project, with the command that removes it."""
    try:
        name = link.relative_to(project).as_posix()
    except ValueError:
        name = str(link)
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    return WorkspaceError(
        f"{project.name}/{name} is a symbolic link (to {target}); a project may not contain links",
        hint=f"remove it with 'git rm {name}' (or delete it if git does not track it) and commit",
    )


def project_dir(arg: str | None) -> Path:
    """The project directory named on the command line (default: the current directory)."""
    path = user_path(arg) if arg else Path.cwd().resolve()
    if not (path / PROJECT_FILE).is_file() and not (path / PROJECT_FILE).is_symlink():
        raise WorkspaceError(
            f"{path}: no {PROJECT_FILE} here",
            hint="run inside a project directory, name one, or create one with 'contractkit new DIR'",
        )
    refuse_links(path)
    return path


def new_project_dir(arg: str) -> Path:
    """A directory for a new project, wherever the user says: empty or absent."""
    path = user_path(arg)
    if path.is_symlink() or (path.exists() and (not path.is_dir() or any(path.iterdir()))):
        raise WorkspaceError(f"{path} already exists and is not empty; refusing to overwrite it")
    return path


def check_listed(project: Path) -> None:
    """A project found in a workspace (not named by the user): neither it nor anything in it a link."""
    if project.is_symlink():
        raise link_error(project.parent, project)
    refuse_links(project)


def find_projects(root: Path) -> list[Path]:
    """Project directories directly under root, sorted by name (links are listed, and refused
    when used: see check_listed)."""
    if not root.is_dir():
        raise WorkspaceError(f"{root}: no such workspace directory")
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and ((p / PROJECT_FILE).is_file() or (p / PROJECT_FILE).is_symlink()))


def projects_in(dirs: list[Path]) -> list[Path]:
    """Each DIR is a project or a workspace of projects; none: $CONTRACTKIT_HOME or ./projects."""
    out: list[Path] = []
    for folder in dirs or [default_listing_root()]:
        out += [folder] if (folder / PROJECT_FILE).is_file() else find_projects(folder)
    return list(dict.fromkeys(out))


def state_dir() -> Path:
    """The user's own contractkit state: CONTRACTKIT_STATE, else $XDG_STATE_HOME/contractkit."""
    if os.environ.get("CONTRACTKIT_STATE"):
        return Path(os.environ["CONTRACTKIT_STATE"])
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "contractkit"
