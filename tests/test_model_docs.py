"""Field docstrings as JSON Schema descriptions, read when a schema is made (model/docs.py), not
as each model class is defined: the same descriptions pydantic's own reader finds, and the same
schema whether or not a project was validated first."""

import os
import subprocess
import sys
from pathlib import Path

from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from contractkit.model import Project
from contractkit.model.docs import _docstrings, _models_in, _tree

ROOT = Path(__file__).resolve().parent.parent


def test_every_model_class_gets_the_docstrings_pydantic_reads():
    classes = _tree(Project)
    assert len(classes) > 10 and classes[-1] is Project
    for cls in classes:
        ours = _docstrings(sys.modules[cls.__module__].__file__)[cls.__qualname__]
        assert ours == extract_docstrings_from_cls(cls, use_inspect=True), cls.__name__


def test_dependencies_come_first():
    classes = _tree(Project)
    for cls in classes:
        for field in cls.model_fields.values():
            for used in _models_in(field.annotation):
                assert classes.index(used) < classes.index(cls), (used, cls)


def test_the_schema_is_the_same_after_a_project_was_validated():
    """A new project validates its file before writing project.schema.json (flows/create.py)."""
    code = ("import sys\n"
            "from contractkit.flows.create import EXAMPLES, json_schema\n"
            "from contractkit.load import parse_project\n"
            "from contractkit.model import Party\n"
            "parse_project((EXAMPLES / 'romashka-site' / 'project.yaml').read_text(encoding='utf-8'))\n"
            "Party.model_json_schema()\n"
            "sys.stdout.write(json_schema())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          encoding="utf-8", env={**os.environ, "CONTRACTKIT_NO_CACHE": "1"})
    assert done.stdout == (ROOT / "schema" / "project.schema.json").read_text(encoding="utf-8")

