"""Child processes (red team round 2, F0): `sync --all`, `clone --all/--list` started children as
`python -m contractkit` in the user's current folder, and `python -m` puts that folder first on
sys.path. A `contractkit/` package a teammate committed to a project, or a repository named
`contractkit` cloned into the workspace, then ran on the victim's machine, and the forged child
reported "cloned" or "synced". Children now start with -P in a fixed folder (contractkit/children.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import git
import pytest

from contractkit import children
from contractkit.flows import studio
from contractkit.workspace import find_projects
from tests.security.gitfixtures import git_in, team  # noqa: F401 - fixture

pytestmark = pytest.mark.security("subprocesses")

PAYLOAD = "open({marker!r}, 'a').write('ran\\n')\n"


def _plant(folder: Path, marker: Path) -> None:
    """A package named contractkit whose import and whose __main__ leave a mark."""
    (folder / "contractkit").mkdir()
    (folder / "contractkit" / "__init__.py").write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    (folder / "contractkit" / "__main__.py").write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    (folder / "contractkit.py").write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")


def test_a_contractkit_package_committed_to_a_project_never_runs_in_sync_all(team, tmp_path,  # noqa: F811
                                                                            monkeypatch):
    a, b = team
    marker = tmp_path / "PWNED"
    _plant(a, marker)
    git_in(a, "add", "-A")
    git_in(a, "commit", "-qm", "tools")
    git_in(a, "push", "-q", "origin", "main")
    monkeypatch.chdir(b)
    for _ in range(2):  # the first sync brings the package into b, the second runs inside it
        outcomes = studio.sync_all([b])
        assert [o.ok for o in outcomes] == [True], outcomes
        assert not marker.exists(), marker.read_text()
    assert (b / "contractkit" / "__main__.py").exists()  # it arrived, and never ran


def test_a_repository_named_contractkit_in_the_workspace_never_runs(team, ws, tmp_path,  # noqa: F811
                                                                    monkeypatch):
    a, _ = team
    marker = tmp_path / "PWNED"
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "project.yaml").write_text((a / "project.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (evil / "__init__.py").write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    (evil / "__main__.py").write_text(PAYLOAD.format(marker=str(marker)), encoding="utf-8")
    with git.Repo.init(evil, initial_branch="main") as repo:
        repo.index.add(["project.yaml", "__init__.py", "__main__.py"])
        repo.index.commit("project")
    subprocess.run(["git", "clone", "-q", "--bare", str(evil), str(tmp_path / "contractkit.git")], check=True)
    monkeypatch.chdir(ws)
    first = studio.clone_all([str(tmp_path / "contractkit.git")], ws)
    assert (ws / "contractkit" / "__main__.py").exists(), first  # the workspace now holds the package
    second = studio.clone_all([str(ws / "origin.git")], ws / "more")
    assert [o.line for o in second] == ["cloned"] and (ws / "more" / "origin" / ".git").is_dir()
    studio.sync_all(find_projects(ws))
    assert not marker.exists(), marker.read_text()


def test_cloned_is_said_only_of_a_repository_that_is_there(ws, monkeypatch):
    """A child that exits 0 without cloning (as the planted one did) is no "cloned"."""
    monkeypatch.setattr(studio, "_cli", lambda *args: subprocess.CompletedProcess(args, 0, "", ""))
    [outcome] = studio.clone_all(["/nowhere/x.git"], ws)
    assert not outcome.ok and outcome.line.startswith("not cloned: ")


def test_a_child_command_puts_neither_the_current_folder_nor_a_relative_entry_on_its_path(tmp_path,
                                                                                           monkeypatch):
    monkeypatch.setenv("PYTHONPATH", f":relative:{tmp_path}")
    env = children.environment()
    assert env["PYTHONPATH"].split(":") == [children.package_root(), str(tmp_path)]
    assert children.contractkit_command("sync")[:4] == [sys.executable, "-P", "-m", "contractkit"]
    marker = tmp_path / "PWNED"
    _plant(tmp_path, marker)
    monkeypatch.chdir(tmp_path)
    done = subprocess.run(children.contractkit_command("--version"), env=env, capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0 and not marker.exists(), done.stderr


def test_the_guard_hook_starts_python_without_the_current_folder(tmp_path):
    from contractkit.flows import guard

    bare = tmp_path / "r.git"
    git.Repo.init(bare, bare=True).close()
    assert " -P -m contractkit guard --hook" in guard.install(bare).read_text()
