"""YAML text -> plain data, bounded: size, nesting, aliases and every value's line and column.

The reader every project file and record goes through (any YAML from a project is untrusted)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from contractkit import bounds
from contractkit.bounds import PROJECT_FILE
from contractkit.errors import Problem, ProjectFileError
from contractkit.model.checks import Loc
from contractkit.plaintext import invisible

MAX_NODES = 1_000_000
MAX_DEPTH = 64
MAX_RAW_DEPTH = 1000
"""Nesting a cheap scan of the raw text allows before the C parser sees it (it crashes at ~50,000)."""
MAX_STRING = 20_000
"""Characters in one value: a contract clause, not a book."""


class Tree:
    """Plain data from YAML plus the (line, column) of every key and item, 1-based."""

    def __init__(self) -> None:
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.nodes = 0


def parse_yaml(text: str, name: str = PROJECT_FILE) -> tuple[Any, Tree]:
    """YAML text -> plain Python data and the position of every node.

    Works on the composed node graph (libyaml when available), so every value keeps its line,
    duplicate keys are caught, and an alias counts as big as what it expands to.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if not text.strip():
        raise ProjectFileError([Problem(name, "the file is empty; start from 'contractkit new'")])
    refuse_deep(text, name)
    yaml = YAML(typ="safe", pure=False)
    try:
        refuse_anchors(yaml, text, name)
        root = yaml.compose(text)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise unreadable(exc, text, name) from None
    if root is None or root.id != "mapping":
        raise ProjectFileError([Problem(name, "the top level must be a mapping of keys (id: …, title: …)",
                                        1, 1)])
    tree = Tree()
    builder = _Builder(yaml.constructor, tree, name)
    return builder.build(root, ()), tree


def checked_text(data: bytes, name: str = PROJECT_FILE) -> str:
    """The text of a project file's bytes once it passes load's checks of the file and its YAML
    (size, UTF-8, then parse_yaml): the one check `load`, `sync`'s merge and the guard share, so
    whatever load refuses the others refuse. ProjectFileError with the line otherwise."""
    text = decoded(data, name)
    parse_yaml(text, name)
    return text


def decoded(data: bytes, name: str = PROJECT_FILE) -> str:
    """A project file's text: refused over bounds.MAX_BYTES or when it is not UTF-8 (BOM dropped)."""
    if len(data) > bounds.MAX_BYTES:
        raise ProjectFileError([Problem(name, f"file is {len(data):,} bytes, over the {bounds.MAX_BYTES:,} "
                                              "limit")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ProjectFileError([Problem(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file "
                                              "as UTF-8", line, col)]) from None


def unreadable(exc: BaseException, text: str, name: str) -> ProjectFileError:
    """The one-line error of a text the YAML parser could not read, with its line when known."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "invalid YAML").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return ProjectFileError([Problem(name, f"invalid YAML: {what}", line, col)])
    if isinstance(exc, ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return ProjectFileError([Problem(name, f"control character {what} in a value; remove it",
                                         line, col)])
    if isinstance(exc, RecursionError):
        return ProjectFileError([Problem(name, f"nesting deeper than {MAX_DEPTH} levels")])
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ProjectFileError([Problem(name, f"invalid YAML: {first}")])


def refuse_unsafe(text: str, name: str) -> None:
    """What load refuses before it builds anything, with load's parser (libyaml when installed):
    nesting too deep, then an anchor or alias, or a text that parser cannot read where it looks
    for them. For readers that parse with another parser afterwards (sync's merge, the guard)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    refuse_deep(text, name)
    try:
        refuse_anchors(YAML(typ="safe", pure=False), text, name)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise unreadable(exc, text, name) from None


def refuse_anchors(yaml: Any, text: str, name: str) -> None:
    """Refuse YAML anchors (&n) and aliases (*n), where they stand. An alias copies a value where
    nobody reads it: a teammate's `title: *n` printed a private note (`notes: {secret: &n …}`) in
    the brief, and the owner's later edits of the note with it. Nothing contractkit ships needs one."""
    if "&" not in text and "*" not in text:
        return
    from ruamel.yaml.events import AliasEvent

    for event in yaml.parse(text):
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            what = f"alias *{event.anchor}" if isinstance(event, AliasEvent) else f"anchor &{event.anchor}"
            raise ProjectFileError([Problem(name, f"YAML {what}: anchors and aliases are not allowed; "
                                            "write the value out", mark.line + 1, mark.column + 1)])


def refuse_deep(text: str, name: str) -> None:
    """Refuse YAML nested too deep for libyaml, before libyaml sees it (any YAML from a project)."""
    depth, line = _raw_depth(text)
    if depth > MAX_RAW_DEPTH:
        raise ProjectFileError([Problem(name, f"nesting deeper than {MAX_RAW_DEPTH} levels; refused "
                                        "before parsing", line)])


def _raw_depth(text: str) -> tuple[int, int]:
    """An upper bound of the nesting of YAML text, and the line where it is deepest: flow
    brackets plus block indentation levels and leading '- ' marks, found in one linear pass."""
    deepest, where, flow, indents = 0, 1, 0, []
    for number, line in enumerate(text.split("\n"), 1):
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        if flow == 0:
            indent = len(line) - len(body)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        dashes = len(body) - len(body.lstrip("- "))
        peak = flow
        for ch in body:
            if ch in "[{":
                flow += 1
                peak = max(peak, flow)
            elif ch in "]}" and flow:
                flow -= 1
        if len(indents) + dashes + peak > deepest:
            deepest, where = len(indents) + dashes + peak, number
    return deepest, where


class _Builder:
    """Turns composed YAML nodes into plain data, recording where each value stands."""

    def __init__(self, constructor: Any, tree: Tree, name: str):
        self.constructor = constructor
        self.tree = tree
        self.name = name
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()

    def fail(self, message: str, node: Any = None, loc: Loc = ()) -> ProjectFileError:
        mark = getattr(node, "start_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return ProjectFileError([Problem(self.name, message, line, col, path_of(loc))])

    def build(self, node: Any, loc: Loc) -> Any:
        if id(node) in self.sizes:  # an alias: count what it expands to, walk it once
            self.tree.nodes += self.sizes[id(node)]
            self._check_size(node)
        if id(node) in self.active:
            raise self.fail("recursive alias", node)
        if len(loc) > MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH} levels", node)
        before = self.tree.nodes
        self.tree.nodes += 1
        self._check_size(node)
        self.active.add(id(node))
        try:
            value = self._value(node, loc)
        finally:
            self.active.discard(id(node))
        self.sizes.setdefault(id(node), self.tree.nodes - before)
        return value

    def _check_size(self, node: Any) -> None:
        if self.tree.nodes > MAX_NODES:
            raise self.fail(f"more than {MAX_NODES:,} values (alias expansion?)", node)

    def _value(self, node: Any, loc: Loc) -> Any:
        if node.id == "mapping":
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag.endswith(":merge"):
                    raise self.fail("merge keys (<<) are not supported; write the values out", key_node)
                key = str(self.constructor.construct_object(key_node, deep=True))
                if key in out:
                    raise self.fail(f"duplicate key {key!r}", key_node)
                sub = (*loc, key)
                self.tree.keys[sub] = _mark_of(key_node)
                self.tree.marks[sub] = _mark_of(key_node if value_node.id != "scalar" else value_node)
                out[key] = self.build(value_node, sub)
            return out
        if node.id == "sequence":
            items = []
            for i, item in enumerate(node.value):
                self.tree.marks[(*loc, i)] = _mark_of(item)
                items.append(self.build(item, (*loc, i)))
            return items
        if node.tag.endswith(":float"):
            return self._number(node, loc)
        from ruamel.yaml.error import YAMLError

        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError) as exc:
            what = "a date" if node.tag.endswith(":timestamp") else "valid"
            raise self.fail(f"{node.value!r} is not {what}: {exc}" + (
                "; write YYYY-MM-DD" if what == "a date" else ""), node, loc) from None
        except YAMLError:  # a YAML 1.1 tag no value of a project has, such as '=' (!!value)
            raise self.fail(f"{str(node.value)[:40]!r} is read by YAML as {node.tag.rsplit(':', 1)[-1]!r}, "
                            "not a value; put it in quotes", node, loc) from None
        if isinstance(value, (date, datetime)):
            value = value if isinstance(value, datetime) else date(value.year, value.month, value.day)
            problem = bounds.date_problem(value, loc)
            if problem:
                raise self.fail(problem, node, loc)
            return value
        if isinstance(value, str):
            self._check_text(value, node, loc)
        return value

    def _number(self, node: Any, loc: Loc) -> Any:
        """A YAML float as the Decimal its text says: 99999999999999999999.99 keeps its cents."""
        text = node.value.replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf, .nan
            return self.constructor.construct_object(node, deep=True)

    def _check_text(self, value: str, node: Any, loc: Loc) -> None:
        if len(value) > MAX_STRING:
            raise self.fail(f"a value of {len(value):,} characters; the limit is {MAX_STRING:,}",
                            node, loc)
        problem = invisible(value, allow="\t\n\r")
        if problem:
            raise self.fail(f"{problem} in a value; remove it", node, loc)


def _mark_of(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def path_of(loc: Loc) -> str:
    """A location as the dotted path a user reads: stages[1].price."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
