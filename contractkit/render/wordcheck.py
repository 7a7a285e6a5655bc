"""`check` for a user's Word template: every unknown field, filter or tag, a loop over something
that is not a list, and a tag Word broke so that it cannot be read, each with its place.

The template is read paragraph by paragraph (body, table cells, headers, footers) in document
order, its tags followed with the loops' variables in scope, and every name resolved against the
data the project would give it (render/userdocx.py template_data). Then a trial render in memory
catches what the reading cannot (a `{%tr %}` outside a table row, a filter given a wrong value).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from contractkit.errors import RenderError

TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}|\{#.*?#\}", re.S)
PREFIX = re.compile(r"^(p|tr|tc|r)\s+")
BLOCKS = {"for", "endfor", "if", "elif", "else", "endif", "set"}


class _Any:
    """A value the check cannot know (a variable set in the template, a string method's result)."""


ANY = _Any()


def places(document) -> list[tuple[str, str]]:
    """(place, text) of every paragraph a template may hold tags in, in document order."""
    from docx.table import Table

    out: list[tuple[str, str]] = []
    for section in document.sections[:1]:
        out += [("header", p.text) for p in section.header.paragraphs]
    body_n = table_n = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            table_n += 1
            for r, row in enumerate(item.rows, 1):
                for c, cell in enumerate(row.cells, 1):
                    text = "\n".join(p.text for p in cell.paragraphs)
                    out.append((f"table {table_n}, row {r}, cell {c}", text))
        else:
            body_n += 1
            out.append((f"paragraph {body_n}", item.text))
    for section in document.sections[:1]:
        out += [("footer", p.text) for p in section.footer.paragraphs]
    return out


def check_template(path: Path, data: dict, name: str | None = None) -> list[str]:
    """One line per problem, `name: place: message`; an empty list when the template is sound."""
    from contractkit.render.userdocx import environment, open_template

    name = name or str(path)
    try:
        tpl = open_template(path)
    except RenderError as exc:
        return [str(exc)]
    env = environment(data["lang"], data["currency"])
    reader = _Reader(env, data)
    problems: list[str] = []
    for place, text in places(tpl.docx):
        snippet = " ".join(text.split())[:70]
        for message in reader.read(text):
            problems.append(f"{name}: {place}: {message}; text: \"{snippet}\"")
    if not problems:
        problems += _trial(path, data, name)
    return problems


def _trial(path: Path, data: dict, name: str) -> list[str]:
    import datetime as dt

    from contractkit.render.userdocx import render

    try:
        render(path, data, dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc), {"title": "", "author": ""})
    except RenderError as exc:
        return [f"{name}: {str(exc).replace(f'{path}: ', '', 1)}"]
    return []


class _Reader:
    """Follows the tags of one template in order, with its loops' variables in scope."""

    def __init__(self, env, data: dict):
        self.env, self.data = env, data
        self.scopes: list[dict] = [{}]

    def read(self, text: str) -> list[str]:
        problems = self._balance(text)
        for match in TAG.finditer(text):
            if len(problems) > 20:
                break
            expr, block = match.group(1), match.group(2)
            try:
                if expr is not None:
                    problems += self._expression(PREFIX.sub("", expr.strip()))
                elif block is not None:
                    problems += self._block(PREFIX.sub("", block.strip()))
            except _Unreadable as exc:
                problems.append(f"cannot read the tag '{match.group(0)[:60]}': {exc}")
        return list(dict.fromkeys(problems))

    @staticmethod
    def _balance(text: str) -> list[str]:
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            if text.count(opening) != text.count(closing):
                return [f"'{opening}' and '{closing}' do not pair up: "
                        "a tag broken across paragraphs, or a brace typed apart; retype the tag in "
                        "one go"]
        if re.search(r"\{\s+[{%]|[%}]\s+\}", text):
            return ["a tag with a space inside its braces ('{ {' or '% }'): retype it as '{{' or '{%'"]
        return []

    def _expression(self, source: str) -> list[str]:
        return self._check(self._parse("{{ " + source + " }}").body[0].nodes[0])

    def _block(self, source: str) -> list[str]:

        word = source.split(None, 1)[0] if source.split() else ""
        if word not in BLOCKS:
            known = ", ".join(sorted(BLOCKS))
            return [f"unknown tag '{word}' (a Word template may use {known})"]
        if word == "for":
            loop = self._parse("{% " + source + " %}{% endfor %}").body[0]
            over = loop.iter.node if getattr(loop.iter, "name", "") == "ck_loop" else loop.iter
            problems = self._check(over)
            value = self._value(over)
            if value is not ANY and not isinstance(value, list):
                kind = {dict: "a group of fields", str: "text", int: "a number", bool: "yes/no"}.get(
                    type(value), type(value).__name__)
                problems.append(f"loop over '{_name(over)}', which is {kind}, not a list")
            item = value[0] if isinstance(value, list) and value else ANY
            names = _targets(loop.target)
            self.scopes.append({n: (item if len(names) == 1 else ANY) for n in names} | {"loop": ANY})
            return problems
        if word == "endfor":
            if len(self.scopes) > 1:
                self.scopes.pop()
            return []
        if word in ("if", "elif"):
            tree = self._parse("{% if " + source[len(word):] + " %}{% endif %}")
            return self._check(tree.body[0].test)
        if word == "set":
            tree = self._parse("{% " + source + " %}")
            for target in _targets(tree.body[0].target):
                self.scopes[-1][target] = ANY
            return self._check(tree.body[0].node) if hasattr(tree.body[0], "node") else []
        return []

    def _parse(self, source: str):
        from jinja2 import TemplateSyntaxError

        try:
            return self.env.parse(source)
        except TemplateSyntaxError as exc:
            raise _Unreadable(str(exc).splitlines()[0]) from None

    def _check(self, node) -> list[str]:
        """Unknown fields, filters and tests anywhere in an expression."""
        from jinja2 import nodes

        problems: list[str] = []
        for child in [node, *node.find_all(nodes.Node)]:
            if isinstance(child, nodes.Filter) and child.name not in self.env.filters:
                problems.append(f"unknown filter '{child.name}'{_hint(child.name, self.env.filters)}")
            elif isinstance(child, nodes.Test) and child.name not in self.env.tests:
                problems.append(f"unknown test '{child.name}'{_hint(child.name, self.env.tests)}")
            elif isinstance(child, (nodes.Name, nodes.Getattr, nodes.Getitem)):
                problem = self._unknown(child)
                if problem and problem not in problems:
                    problems.append(problem)
        return problems

    def _unknown(self, node) -> str | None:
        try:
            self._value(node)
        except _Unknown as exc:
            return str(exc)
        return None

    def _value(self, node):
        """The example value of a name or field path; _Unknown when the data has no such field."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            for scope in reversed(self.scopes):
                if node.name in scope:
                    return scope[node.name]
            if node.name in self.data:
                return self.data[node.name]
            if node.name in self.env.globals:
                return ANY
            raise _Unknown(f"unknown field '{node.name}'{_hint(node.name, self._names())}")
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            key = node.attr if isinstance(node, nodes.Getattr) else _const(node.arg)
            base = self._value(node.node)
            if isinstance(base, dict) and isinstance(key, str):
                if key in base:
                    return base[key]
                raise _Unknown(f"unknown field '{_name(node)}'"
                               f"{_hint(key, base, prefix=_name(node.node) + '.')}")
            if isinstance(base, list) and isinstance(key, int):
                return base[key] if -len(base) <= key < len(base) else ANY
            return ANY
        return ANY

    def _names(self) -> list[str]:
        return [*self.data, *(n for scope in self.scopes for n in scope)]


class _Unknown(Exception):
    pass


class _Unreadable(Exception):
    pass


def _targets(node) -> list[str]:
    """The names a `for` or `set` binds: `x`, or `k, v`."""
    from jinja2 import nodes

    return [node.name] if isinstance(node, nodes.Name) else [n.name for n in node.find_all(nodes.Name)]


def _const(node):
    from jinja2 import nodes

    return node.value if isinstance(node, nodes.Const) else None


def _name(node) -> str:
    """'client.signer.name' of a field path node, as a template would write it."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_name(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = _const(node.arg)
        return f"{_name(node.node)}[{key!r}]"
    return "…"


def _hint(word: str, known, prefix: str = "") -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if not close:
        close = [k for k in known if word.startswith(k) or k.startswith(word)][:1] if word else []
    return f" (did you mean '{prefix}{close[0]}'?)" if close else ""
