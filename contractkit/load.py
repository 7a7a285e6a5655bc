"""project.yaml -> Project, with every problem located by line and column."""

from __future__ import annotations

import difflib
import errno
import os
import stat
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from contractkit import bounds
from contractkit.bounds import MAX_BYTES, PROJECT_FILE
from contractkit.compute import schedule_problems
from contractkit.errors import Problem, ProjectFileError
from contractkit.model import Project
from contractkit.model.checks import Loc, cross_check
from contractkit.yamltree import Tree, decoded, parse_yaml, path_of

VALIDATION_LIBRARIES = ("pydantic", "pydantic-core", "babel", "ruamel.yaml")
"""What a parsed project depends on besides contractkit's code and calendars (babel: the
currencies; ruamel.yaml: how each scalar is read), and ruamel.yaml's C parser when installed."""


@dataclass(frozen=True)
class Loaded:
    """A validated project and where each of its values stands in the file."""

    project: Project
    tree: Tree
    name: str

    def locate(self, loc: Loc, message: str) -> Problem:
        return _located(loc, message, self.tree, self.name)


def load_project(path: Path) -> Project:
    """Read and validate a project file, raising ProjectFileError with every problem found."""
    return load_document(path).project


def load_document(path: Path) -> Loaded:
    return parse_document(read_text(path), name=path.name)


def read_text(path: Path) -> str:
    """The file's text, refusing what is not a UTF-8 file of sane size."""
    return read_source(path)[1]


def read_source(path: Path) -> tuple[bytes, str]:
    """The file's exact bytes and its text (BOM dropped, line endings normalised)."""
    name = path.name
    try:
        raw = _read_no_link(path)
    except FileNotFoundError:
        raise ProjectFileError([Problem(str(path), "no such file")]) from None
    except OSError as exc:
        if os.path.islink(path):
            raise ProjectFileError([Problem(name, f"is a symbolic link (to {os.readlink(path)}); a "
                                            f"project may not contain links: remove it with 'git rm "
                                            f"{name}' and commit the real file")]) from None
        raise ProjectFileError([Problem(str(path), f"cannot read: {exc.strerror}")]) from None
    text = decoded(raw, name)  # the size and UTF-8 checks the guard and sync's merge share
    return raw, text.replace("\r\n", "\n")


def _read_no_link(path: Path) -> bytes:
    """The bytes of a regular file, refusing a link (ELOOP) or a pipe or device."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read(MAX_BYTES + 1)


def parse_project(text: str, name: str = PROJECT_FILE) -> Project:
    """The validated project of this text. A valid text's project is kept in the user's cache,
    keyed by the exact text and contractkit's and pydantic's code, so the next command skips
    YAML and validation (a miss or a bad entry parses again)."""
    from contractkit import cache

    key = project_key(text)
    found = cache.read_objects("project", key, ("contractkit.model.",)) if key else None
    if type(found) is Project and _whole(found):
        return found
    project = parse_document(text, name).project
    if key:
        cache.write_objects("project", key, project)
    return project


def _whole(value, depth: int = 0) -> bool:
    """Every field of every model in a cached project is there (an entry pickled by a model with
    fewer fields, however it got that name, is a miss, never a project missing an attribute)."""
    if depth > 12:
        return True
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        state = value.__dict__
        return all(f in state and _whole(state[f], depth + 1) for f in fields)
    if isinstance(value, (list, tuple)):
        return all(_whole(x, depth + 1) for x in value)
    if isinstance(value, dict):
        return all(_whole(x, depth + 1) for x in value.values())
    return True


def project_key(text: str) -> str | None:
    """The parsed-project cache's name for this text (None when a library's version is unknown)."""
    from contractkit import cache

    libraries = libraries_key()
    return cache.key("project", cache.code_key(), libraries, text) if libraries else None


def libraries_key() -> str | None:
    """What a parsed project depends on outside contractkit (VALIDATION_LIBRARIES and the YAML C
    parser, if installed), for cache keys; None when a library's version is unknown."""
    from contractkit import cache

    libraries = cache.package_key(*VALIDATION_LIBRARIES)
    return libraries and cache.key(libraries, cache.package_key("ruamel.yaml.clib") or "pure-python")


def read_bounded(path: Path) -> bytes:
    """A project file's bytes, refused over MAX_BYTES before it is read (status, log, doctor)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ProjectFileError([Problem(path.name, f"file is {size:,} bytes, over the {MAX_BYTES:,} limit")])
    return path.read_bytes()


def parse_document(text: str, name: str = PROJECT_FILE) -> Loaded:
    """Validate project text; all problems of one stage are reported together."""
    if len(text) > MAX_BYTES or (len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES):
        raise ProjectFileError([Problem(name, f"file is over the {MAX_BYTES:,} bytes limit")])
    data, tree = parse_yaml(text, name)
    try:
        project = _validated(data)
    except ValidationError as exc:
        raise ProjectFileError(sorted(
            (_problem(err, tree, name) for err in exc.errors()),
            key=lambda p: (p.line or 0, p.column or 0),
        )) from None
    problems = [_located(loc, msg, tree, name) for loc, msg in bounds.problems(project)]
    if problems:
        raise ProjectFileError(problems)
    from contractkit.lint_en import transfer_problems  # a cached project never needs it

    problems = [_located(loc, msg, tree, name)
                for loc, msg in cross_check(project) + transfer_problems(project)]
    if problems:
        raise ProjectFileError(problems)
    problems = [_located(loc, msg, tree, name) for loc, msg in schedule_problems(project)]
    if problems:
        raise ProjectFileError(problems)
    return Loaded(project, tree, name)


PLUGINS_OFF = "PYDANTIC_DISABLE_PLUGINS"


PLUGIN_LOADER = "pydantic.plugin._loader"


def _validated(data: Any) -> Project:
    """Project.model_validate(data) with pydantic's plugins off (PLUGINS_OFF, for this call only).
    The first validation builds the schema, and pydantic then scans every installed package's
    entry points for plugins (10-15 ms of a command after an edit); a project from the cache is
    never seen by a plugin either. The same checks run."""
    import sys
    import types

    saved = os.environ.get(PLUGINS_OFF)
    os.environ[PLUGINS_OFF] = "__all__"
    stand_in = None
    if PLUGIN_LOADER not in sys.modules:  # see _no_plugins
        stand_in = sys.modules[PLUGIN_LOADER] = types.ModuleType(PLUGIN_LOADER)
        stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    try:
        return Project.model_validate(data)
    finally:
        if stand_in is not None and sys.modules.get(PLUGIN_LOADER) is stand_in:
            del sys.modules[PLUGIN_LOADER]
        if saved is None:
            os.environ.pop(PLUGINS_OFF, None)
        else:
            os.environ[PLUGINS_OFF] = saved


def _no_plugins() -> tuple:
    """What pydantic's own get_plugins() answers with PLUGINS_OFF set, without importing its
    module, which imports importlib.metadata (and email, socket, csv, zipfile: 10-15 ms of a
    command after an edit) to look plugins up. Stands in for that module only while _validated
    builds the schema; any other import of it gets pydantic's own."""
    return ()


def _problem(err: dict, tree: Tree, name: str) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        fields = _fields_at(Project, loc[:-1])
        guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
        message = f"unknown key {key!r}" + (f" (did you mean {guess[0]!r}?)" if guess else "")
        loc = loc[:-1] + (key,)
        line, col = tree.keys.get(loc) or _mark(tree, loc)
        return Problem(name, message, line, col, path_of(loc[:-1]))
    message = _message(err)
    # Union members add their type name to the location: drop those parts.
    loc = tuple(part for part in loc if not _is_type_tag(part))
    line, col = _mark(tree, loc)
    return Problem(name, message, line, col, path_of(loc))


def _located(loc: Loc, message: str, tree: Tree, name: str) -> Problem:
    line, col = _mark(tree, loc)
    return Problem(name, message, line, col, path_of(loc))


def _mark(tree: Tree, loc: Loc) -> tuple[int | None, int | None]:
    for cut in range(len(loc), 0, -1):
        if loc[:cut] in tree.marks:
            return tree.marks[loc[:cut]]
    return (None, None)


def _is_type_tag(part: object) -> bool:
    return isinstance(part, str) and (
        part[:1].isupper() or part.startswith(("function-", "constrained-", "decimal", "str", "int"))
    )


def _message(err: dict) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    if kind == "literal_error":
        return "must be one of " + msg.removeprefix("Input should be ")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"{err.get('input')!r} is not a date: write YYYY-MM-DD"
    if kind == "too_short" and isinstance(err.get("input"), list):
        return "must not be empty"
    for prefix, repl in (("Input should be", "must be"), ("Input should have", "must have")):
        if msg.startswith(prefix):
            msg = repl + msg[len(prefix):]
    return msg[:1].lower() + msg[1:] if msg[1:2].islower() else msg


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at loc, for "did you mean" hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, Annotated[X, ...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def placeholders(text: str, name: str = PROJECT_FILE) -> list[Problem]:
    """Each value still saying FILL, with its line and field (comments do not count)."""
    from contractkit.model.ids import PLACEHOLDER, is_placeholder

    data, tree = parse_yaml(text, name)
    out: list[Problem] = []

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key != "notes":  # private: never in a document
                    walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))
        elif is_placeholder(value):
            line, col = _mark(tree, loc)
            shown = " ".join(value.split())
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            out.append(Problem(name, f"{PLACEHOLDER} is still to be filled in: {shown!r}", line, col,
                               path_of(loc)))

    walk(data, ())
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))
