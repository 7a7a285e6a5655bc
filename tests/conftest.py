import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from contractkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent

# `make test` keeps property runs short; `make test-slow` (HYPOTHESIS_PROFILE=slow) runs many more.
settings.register_profile("default", max_examples=12)
settings.register_profile("slow", max_examples=150)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
EXAMPLES = ROOT / "projects"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own workspace, home and git configuration."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    ws = tmp_path / "ws"
    ws.mkdir()
    monkeypatch.setenv("CONTRACTKIT_HOME", str(ws))
    monkeypatch.chdir(ws)
    return ws


@pytest.fixture
def ws(isolated):
    return isolated


def run(*args, ok=True):
    """Invoke the CLI; assert success (or failure) and return the result."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if ok is True:
        assert result.exit_code == 0, result.output
    elif ok is False:
        assert result.exit_code != 0, result.output
        assert "Traceback" not in result.output
    return result


@pytest.fixture
def ru_project(ws):
    run("new", "romashka", "--from-example", "romashka-site")
    return ws / "romashka"


@pytest.fixture
def en_project(ws):
    run("new", "harbor", "--lang", "en")
    return ws / "harbor"


def copy_example(name: str, dest: Path) -> Path:
    shutil.copytree(EXAMPLES / name, dest, ignore=shutil.ignore_patterns("out"))
    return dest / "project.yaml"
