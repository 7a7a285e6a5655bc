"""Where projects live, and the rule that no path leaves the workspace."""

from __future__ import annotations

import os
from pathlib import Path

from contractkit.errors import WorkspaceError
from contractkit.load import PROJECT_FILE


def workspace_root() -> Path:
    """$CONTRACTKIT_HOME, else the current directory."""
    home = os.environ.get("CONTRACTKIT_HOME")
    return Path(home).expanduser().resolve() if home else Path.cwd().resolve()


def default_listing_root() -> Path:
    """Where `list` looks by default: $CONTRACTKIT_HOME, else ./projects."""
    home = os.environ.get("CONTRACTKIT_HOME")
    return Path(home).expanduser().resolve() if home else Path.cwd().resolve() / "projects"


def inside(path: Path, root: Path, what: str = "path", base: Path | None = None) -> Path:
    """`path` (relative to `base`, default the current directory) resolved with symlinks followed;
    refused unless it stays within `root`."""
    resolved = ((base or Path.cwd()) / path).resolve()
    if resolved != root and root not in resolved.parents:
        raise WorkspaceError(
            f"{what} {path} is outside {root}",
            hint="projects must stay inside the workspace; set CONTRACTKIT_HOME to work elsewhere",
        )
    return resolved


def project_dir(arg: str | None) -> Path:
    """The project directory named on the command line (default: the current directory)."""
    root = workspace_root()
    path = inside(Path(arg) if arg else Path.cwd(), root, "project")
    if not (path / PROJECT_FILE).is_file():
        raise WorkspaceError(
            f"{path}: no {PROJECT_FILE} here",
            hint="run inside a project directory, name one, or create one with 'contractkit new DIR'",
        )
    inside(path / PROJECT_FILE, path, PROJECT_FILE, path)
    return path


def new_project_dir(arg: str) -> Path:
    """A directory for a new project: inside the workspace, and empty or absent."""
    path = inside(Path(arg), workspace_root(), "project")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise WorkspaceError(f"{path} already exists and is not empty; refusing to overwrite it")
    return path


def find_projects(root: Path) -> list[Path]:
    """Project directories directly under root, sorted by name."""
    if not root.is_dir():
        raise WorkspaceError(f"{root}: no such workspace directory")
    return sorted(p for p in root.iterdir() if (p / PROJECT_FILE).is_file() and not p.is_symlink())
