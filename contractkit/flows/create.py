"""`new`: a project directory with a commented project.yaml, its schema, in a fresh repository."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from contractkit.errors import WorkspaceError
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.model import Project
from contractkit.resources import DEFAULT_EXAMPLE, EXAMPLES, SCHEMA_NAME
from contractkit.store import repo as git_repo

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.M)


def examples() -> list[str]:
    return sorted(p.name for p in EXAMPLES.iterdir() if (p / PROJECT_FILE).is_file())


def json_schema() -> str:
    from contractkit.model.docs import json_schema as described

    return json.dumps(described(Project), ensure_ascii=False, indent=2) + "\n"


def slug_for(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")[:63]
    return slug or "project"


def new_project(path: Path, lang: str = "ru", example: str | None = None) -> Path:
    """Create `path` as a project repository from an example; returns project.yaml's path."""
    name = example or DEFAULT_EXAMPLE[lang]
    if name not in examples():
        raise WorkspaceError(f"no example project {name!r}", hint="examples: " + ", ".join(examples()))
    text = (EXAMPLES / name / PROJECT_FILE).read_text(encoding="utf-8")
    text = SCHEMA_LINE.sub(f"# yaml-language-server: $schema={SCHEMA_NAME}", text, count=1)
    text = re.sub(r"^id: .*$", f"id: {slug_for(path)}", text, count=1, flags=re.M)
    return _create(path, text, f"New project {slug_for(path)} from example {name}")


def new_from_starter(path: Path, kind: str, contract: str | None = None, foreign_client: bool = False,
                     today: dt.date | None = None) -> Path:
    """Create `path` as a project repository from the commented starting file of `kind` (npd, ip,
    company; us-sole, us-llc, uk-ltd): see starters.py."""
    from contractkit.flows.starters import starter_text

    text = starter_text(kind, slug_for(path), contract, foreign_client, today or dt.date.today())
    what = f"{kind}, {contract or 'default'} contract" + (", foreign client" if foreign_client else "")
    return _create(path, text, f"New project {slug_for(path)} from starting point {what}")


def _create(path: Path, text: str, message: str) -> Path:
    parse_project(text)  # the starting file must be valid after the edits
    path.mkdir(parents=True, exist_ok=True)
    (path / PROJECT_FILE).write_text(text, encoding="utf-8")
    (path / SCHEMA_NAME).write_text(json_schema(), encoding="utf-8")
    (path / ".gitignore").write_text("out/\n.contractkit.lock\n.contractkit/journal.json\n*.tmp\n",
                                     encoding="utf-8")
    git_repo.init_repo(path)
    with git_repo.open_repo(path) as repo:
        git_repo.commit(repo, [PROJECT_FILE, SCHEMA_NAME, ".gitignore"], message)
    return path / PROJECT_FILE
