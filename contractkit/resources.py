"""Folders shipped beside the package: templates and example projects."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(os.environ.get("CONTRACTKIT_TEMPLATES", ROOT / "templates")).resolve()
EXAMPLES = ROOT / "projects"
STARTERS = ROOT / "starters"
SCHEMA_NAME = "project.schema.json"
DEFAULT_EXAMPLE = {"ru": "romashka-site", "en": "blue-harbor-shop"}
