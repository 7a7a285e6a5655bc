"""project.yaml -> Project, with every problem located by line and column."""

from __future__ import annotations

import difflib
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from contractkit.errors import Problem, ProjectFileError
from contractkit.model import Project
from contractkit.model.checks import Loc, cross_check

PROJECT_FILE = "project.yaml"
MAX_BYTES = 50 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64


class _Tree:
    """Plain data from YAML plus the (line, column) of every key and item, 1-based."""

    def __init__(self) -> None:
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.nodes = 0


def load_project(path: Path) -> Project:
    """Read and validate a project file, raising ProjectFileError with every problem found."""
    return parse_project(read_text(path), name=path.name)


def read_text(path: Path) -> str:
    """The file's text, refusing what is not a UTF-8 file of sane size."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProjectFileError([Problem(str(path), "no such file")]) from None
    except OSError as exc:
        raise ProjectFileError([Problem(str(path), f"cannot read: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise ProjectFileError([Problem(name, f"file is {len(raw):,} bytes, over the {MAX_BYTES:,} limit")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ProjectFileError(
            [Problem(name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                     line, col)]
        ) from None
    return text.replace("\r\n", "\n")


def parse_project(text: str, name: str = PROJECT_FILE) -> Project:
    """Validate project text; all problems of one stage are reported together."""
    data, tree = parse_yaml(text, name)
    try:
        project = Project.model_validate(data)
    except ValidationError as exc:
        raise ProjectFileError(sorted(
            (_problem(err, tree, name) for err in exc.errors()),
            key=lambda p: (p.line or 0, p.column or 0),
        )) from None
    problems = [_located(loc, msg, tree, name) for loc, msg in cross_check(project)]
    if problems:
        raise ProjectFileError(problems)
    return project


def parse_yaml(text: str, name: str = PROJECT_FILE) -> tuple[Any, _Tree]:
    """YAML text -> plain Python data and the position of every node."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if not text.strip():
        raise ProjectFileError([Problem(name, "the file is empty; start from 'contractkit new'")])
    yaml = YAML(typ="rt")
    try:
        doc = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "invalid YAML").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ProjectFileError([Problem(name, f"invalid YAML: {what}", line, col)]) from None
    except YAMLError as exc:
        raise ProjectFileError([Problem(name, f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise ProjectFileError([Problem(name, f"nesting deeper than {MAX_DEPTH} levels")]) from None
    if not isinstance(doc, dict):
        raise ProjectFileError([Problem(name, "the top level must be a mapping of keys (id: …, title: …)",
                                        1, 1)])
    tree = _Tree()
    return _plain(doc, (), tree, name, set()), tree


def _plain(node: Any, loc: Loc, tree: _Tree, name: str, active: set[int]) -> Any:
    """Copy ruamel's node into plain data, recording positions and refusing alias bombs."""
    tree.nodes += 1
    if tree.nodes > MAX_NODES:
        raise ProjectFileError([Problem(name, f"more than {MAX_NODES:,} values (alias expansion?)")])
    if len(loc) > MAX_DEPTH:
        line, col = tree.marks.get(loc[:-1], (None, None))
        raise ProjectFileError([Problem(name, f"nesting deeper than {MAX_DEPTH} levels", line, col)])
    if isinstance(node, (dict, list)):
        if id(node) in active:
            raise ProjectFileError([Problem(name, "recursive alias")])
        active = active | {id(node)}
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            sub = (*loc, str(key))
            pos = _pos(node, key, value_wanted=not isinstance(value, (dict, list)))
            if pos:
                tree.marks[sub] = pos
            out[str(key)] = _plain(value, sub, tree, name, active)
        return out
    if isinstance(node, list):
        out_list = []
        for i, value in enumerate(node):
            sub = (*loc, i)
            try:
                line, col = node.lc.item(i)
                tree.marks[sub] = (line + 1, col + 1)
            except (AttributeError, KeyError, TypeError):
                pass
            out_list.append(_plain(value, sub, tree, name, active))
        return out_list
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _pos(mapping: Any, key: Any, value_wanted: bool) -> tuple[int, int] | None:
    try:
        line, col = mapping.lc.value(key) if value_wanted else mapping.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return None
    return line + 1, col + 1


def _problem(err: dict, tree: _Tree, name: str) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        fields = _fields_at(Project, loc[:-1])
        guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
        message = f"unknown key {key!r}" + (f" (did you mean {guess[0]!r}?)" if guess else "")
        loc = loc[:-1] + (key,)
        line, col = _mark(tree, loc, key_position=True)
        return Problem(name, message, line, col, _path(loc[:-1]))
    message = _message(err)
    # Union members add their type name to the location: drop those parts.
    loc = tuple(part for part in loc if not _is_type_tag(part))
    line, col = _mark(tree, loc)
    return Problem(name, message, line, col, _path(loc))


def _located(loc: Loc, message: str, tree: _Tree, name: str) -> Problem:
    line, col = _mark(tree, loc)
    return Problem(name, message, line, col, _path(loc))


def _mark(tree: _Tree, loc: Loc, key_position: bool = False) -> tuple[int | None, int | None]:
    for cut in range(len(loc), 0, -1):
        if loc[:cut] in tree.marks:
            return tree.marks[loc[:cut]]
    return (None, None)


def _is_type_tag(part: object) -> bool:
    return isinstance(part, str) and (
        part[:1].isupper() or part.startswith(("function-", "constrained-", "decimal", "str", "int"))
    )


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
    return msg[:1].lower() + msg[1:]


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
