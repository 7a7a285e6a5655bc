"""Each field's docstring as its description in the JSON Schema, read only when a schema is made.

pydantic's `use_attribute_docstrings` reads the source of every model class as it is defined
(inspect, tokenize and ast for each class): a third of importing the model, in every command,
for descriptions that only `contractkit schema` and a new project's project.schema.json show.
Here the same docstrings (a string right after an annotated field, cleaned as inspect.cleandoc
does) are read from each module's source once, when a schema is asked for, and the classes
already built are built again, dependencies first, so the schema is the one pydantic made before.
"""

from __future__ import annotations

import ast
import inspect
import sys
import typing
from functools import cache

from pydantic import BaseModel


def json_schema(root: type[BaseModel]) -> dict:
    """root.model_json_schema() with every field's docstring as its description."""
    classes = _tree(root)
    for cls in classes:
        _describe(cls)
    for cls in classes:  # a class built before (a project was validated) is built again
        if cls.__pydantic_complete__:
            cls.model_rebuild(force=True)
    return root.model_json_schema()


def _tree(root: type[BaseModel]) -> list[type[BaseModel]]:
    """root and every model class its fields use, each after the classes it uses."""
    ordered: list[type[BaseModel]] = []

    def visit(cls) -> None:
        if cls in ordered:
            return
        ordered.append(cls)  # a cycle stops here; moved after its dependencies below
        for field in cls.model_fields.values():
            for used in _models_in(field.annotation):
                visit(used)
        ordered.remove(cls)
        ordered.append(cls)

    visit(root)
    return ordered


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _describe(cls: type[BaseModel]) -> None:
    """Each field with no description gets the docstring the class defining it gives it."""
    for name, field in cls.model_fields.items():
        if field.description is not None:
            continue
        owner = next((c for c in cls.__mro__ if name in c.__dict__.get("__annotations__", {})), None)
        if owner is not None:
            doc = _docstrings(sys.modules[owner.__module__].__file__).get(owner.__qualname__, {}).get(name)
            if doc is not None:
                field.description = doc


@cache
def _docstrings(filename: str) -> dict[str, dict[str, str]]:
    """{class name: {field: docstring}} of the module-level classes in a source file."""
    tree = ast.parse(open(filename, encoding="utf-8").read(), filename)
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs: dict[str, str] = {}
        target = None
        previous = None
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                target = stmt.target.id
            elif (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                  and isinstance(stmt.value.value, str) and isinstance(previous, ast.AnnAssign)):
                if target:
                    docs[target] = inspect.cleandoc(stmt.value.value)
                target = None
            previous = stmt
        found[node.name] = docs
    return found
