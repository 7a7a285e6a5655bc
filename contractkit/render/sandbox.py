"""The Jinja2 environment every template renders in: sandboxed, autoescaped, strict, bounded.

A project can bring its own templates (HTML folders, a DOCX letterhead), so a template is
untrusted code. It renders in an ImmutableSandboxedEnvironment (no underscores, no mutation of
lists and dicts), over plain data only, with these bounds (a template that exceeds one gets a
one-line RenderError):
- a work budget per render: each loop iteration, call, filter and operator costs one step plus
  the size of what it reads and makes, so no loop or recursion runs for long;
- a size cap on every value a template makes (``*``, ``+``, ``%``, ``~``, string methods and
  filters are checked before they allocate) and on the rendered document;
- templates are read only from their own folders: a name or link that leads outside is refused.
"""

from __future__ import annotations

import contextvars
import functools
import itertools
import os
import re
import time
import types
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from contractkit import money
from contractkit.errors import RenderError
from contractkit.render.templatefiles import MAX_OUTPUT, folder_loader
from contractkit.words import amounts, fmt, licenses, lists

MAX_VALUE = 5_000_000
"""Characters (or items) in one value a template makes."""
MAX_STEPS = 2_000_000
"""Steps of one render: loop iterations, calls, filters, operators."""
MAX_WORK = 200_000_000
"""Characters (or items) all the steps of one render may read and make."""
MAX_SECONDS = float(os.environ.get("CONTRACTKIT_TEMPLATE_SECONDS", "20"))
"""CPU seconds of one render: the backstop behind the work budget, also over docxtpl's own
preparation of a Word template (its regular expressions run before any budget of ours)."""
MAX_WIDTH = re.compile(r"%[-+ #0]*[0-9]*\.?[0-9]{6,}|\{[^{}]*:[^{}]*[0-9]{6,}")
"""A width or precision of a million or more in a %-format or a {}-format string."""
MAX_BITS = 1_000_000
"""Bits of an integer a template makes."""


class TemplateLimit(Exception):
    """Raised inside a render when a template exceeds a bound."""


class _Budget:
    def __init__(self) -> None:
        self.steps = 0
        self.work = 0
        self.cpu_end = time.process_time() + MAX_SECONDS

    def spend(self, units: int) -> None:
        self.steps += 1
        self.work += units
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"the template takes more than {MAX_STEPS:,} steps")
        if self.work > MAX_WORK:
            raise TemplateLimit(f"the template reads and makes more than {MAX_WORK:,} characters")
        if self.steps & 0xFFF == 0 and time.process_time() > self.cpu_end:
            raise TemplateLimit(f"the template ran for more than {MAX_SECONDS:g} s")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


def _size(value) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _spend(units: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.spend(units)


def _cap(value, what: str):
    if _size(value) > MAX_VALUE:
        raise TemplateLimit(f"{what} would make a value of more than {MAX_VALUE:,} characters")
    return value


@contextmanager
def bounded():
    """A fresh work budget for one render (HTML template, DOCX letterhead or Word template), and
    a CPU-time alarm over all of it, library code included."""
    from contractkit.cpulimit import cpu_limit

    token = _BUDGET.set(_Budget())
    try:
        with cpu_limit(MAX_SECONDS, lambda: TemplateLimit(f"the template ran for more than "
                                                          f"{MAX_SECONDS:g} s")):
            yield
    finally:
        _BUDGET.reset(token)


# --- estimates of what an operation would make, checked before it runs ------------------------

def _width_args(name: str, args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE:
            raise TemplateLimit(f"{name}: argument {value} is too large")


def _check_format(name: str, text) -> None:
    if isinstance(text, str) and MAX_WIDTH.search(text):
        raise TemplateLimit(f"{name}: a width of a million or more in {text[:40]!r}")


def _estimate(name: str, value, args: tuple, kwargs: dict) -> None:
    """Refuse an operation whose result would exceed MAX_VALUE, before it allocates."""
    _width_args(name, args, kwargs)
    if name in ("format", "format_map", "%"):
        _check_format(name, value)
    elif name == "replace" and isinstance(value, str) and args:
        old, new = str(args[0]), str(args[1]) if len(args) > 1 else ""
        hits = len(value) + 1 if not old else value.count(old)
        _cap_size(len(value) + hits * len(new), name)
    elif name == "join" and args and isinstance(args[0], (list, tuple, str)):
        items = args[0]  # value: the separator; the items, made a list by the caller
        _cap_size(sum(len(str(x)) for x in items[: MAX_VALUE + 1]) + len(str(value)) * len(items), name)
    elif name in ("center", "ljust", "rjust", "zfill", "expandtabs", "indent"):
        width = next((a for a in (*args, *kwargs.values()) if isinstance(a, (int, str))), 0)
        width = len(width) if isinstance(width, str) else abs(width)
        lines = value.count("\n") + 1 if isinstance(value, str) else 1
        _cap_size(_size(value) + width * (lines if name in ("indent", "expandtabs") else 1), name)
    elif name == "sum" and not isinstance(kwargs.get("start", args[1] if len(args) > 1 else 0),
                                          (int, float, Decimal)):
        raise TemplateLimit("sum: only numbers can be summed")


def _listed(items) -> list:
    listed = list(itertools.islice(items, MAX_VALUE + 1))
    _cap_size(len(listed), "join")
    return listed


def _cap_size(size: int, name: str) -> None:
    if size > MAX_VALUE:
        raise TemplateLimit(f"{name} would make a value of more than {MAX_VALUE:,} characters")


def _bounded_filter(name: str, func):
    """A builtin filter that spends the budget and refuses results over MAX_VALUE."""
    passes = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        value, rest = (args[1], args[2:]) if passes is not None else (args[0], args[1:])
        if name == "join" and not isinstance(value, (list, tuple, str)):
            value = _listed(value)  # a generator (|map) is read once, here, and passed on as a list
            args = (args[0], value, *rest) if passes is not None else (value, *rest)
        if name == "join":
            _estimate("join", rest[0] if rest else kwargs.get("d", ""), (value,), {})
        else:
            _estimate(name, value, rest, kwargs)
        _spend(_size(value))
        result = func(*args, **kwargs)
        _spend(_size(result))
        return _cap(result, name)

    return wrapper


# --- the environment ---------------------------------------------------------------------------

def _filters(lang: str) -> dict:
    def plural(n, one, few, many=None):
        if lang == "ru":
            return amounts.ru_plural(int(n), (one, few, many or few))
        return one if int(n) == 1 else few

    return {
        "money": lambda v, cur: fmt.money(v, cur, lang),
        "amount": lambda v: fmt.number(v, lang),
        "in_words": lambda v, cur: amounts.in_words(v, cur, lang),
        "date": lambda d: fmt.long_date(d, lang),
        # "Change Orders No. 1 dated … and No. 2 dated …": the change orders in force, one list
        "change_orders": lambda addenda: fmt.change_orders(addenda),
        "short_date": lambda d: fmt.short_date(d, lang),
        # the client's page: RU «18.12.2026», EN in words ("18 December 2026", "December 18, 2026")
        "page_date": lambda d: fmt.short_date(d, lang) if lang == "ru" else fmt.long_date(d, lang),
        # the day before a date: a stage's planned start -> the last day its deposit holds nothing up
        "eve": lambda d: d - timedelta(days=1),
        "pct": lambda v: fmt.percent(v, lang),
        "num": lambda v: fmt.integer(v, lang),
        "plural": plural,
        "cardinal": lambda n: amounts.integer_words(int(n), lang),
        "license_terms": licenses.ru_license_terms,
        "license_name": licenses.ru_license_name,
        # «не входит фотосъёмка товаров» / «не входят тексты для сайта»
        "plural_subject": lists.plural_subject,
        "vat_within": lambda v, rate, cur: money.vat_within(Decimal(str(v)), Decimal(str(rate)), cur),
        "vat_on": lambda v, rate, cur: money.vat_on(Decimal(str(v)), Decimal(str(rate)), cur),
    }


def _printed(value):
    """What `{{ }}` may print: text, numbers, dates and containers of them, never a function,
    class or module (their repr is an internal detail, with a memory address)."""
    from jinja2 import Undefined

    if isinstance(value, Undefined) or isinstance(value, (str, int, float)):
        return value
    if callable(value) or isinstance(value, types.ModuleType):
        raise TemplateLimit(f"a template prints text and numbers, not a {type(value).__name__}")
    return value


def _counted(context, iterable):
    """Every loop's iterable: each iteration spends one step."""
    for item in iterable:
        _spend(0)
        yield item


def _sandbox_class():
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.filters import pass_context
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class _Generator(CodeGenerator):
        def visit_Concat(self, node, frame):  # `a ~ b`: checked after the join
            self.write("environment.joined(")
            super().visit_Concat(node, frame)
            self.write(")")

        def _output_child_to_const(self, node, frame, finalize):
            if not isinstance(node, nodes.TemplateData):  # folded constants skip finalize once
                _printed(node.as_const(frame.eval_ctx))  # escaped: refused here, runs at render
            return super()._output_child_to_const(node, frame, finalize)

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        """ImmutableSandboxedEnvironment with a work budget and a size cap on every value."""

        code_generator_class = _Generator
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def __init__(self, **options):
            super().__init__(finalize=_printed, **options)
            for name in ("lipsum",):  # makes text of any size; no document needs it
                self.globals.pop(name, None)
            self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
            self.filters["ck_loop"] = pass_context(_counted)

        def _parse(self, source, name, filename):
            tree = super()._parse(source, name, filename)
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Filter(loop.iter, "ck_loop", [], [], None, None,
                                         lineno=loop.lineno)
            return tree

        def joined(self, value):
            _spend(_size(value))
            return _cap(value, "~")

        def call_binop(self, context, operator, left, right):
            _spend(_size(left) + _size(right))
            if operator in ("*", "**") and isinstance(left, int) and isinstance(right, int):
                bits = left.bit_length() * (abs(right) if operator == "**" else 1) + (
                    0 if operator == "**" else right.bit_length())
                if bits > MAX_BITS:
                    raise TemplateLimit(f"{operator} would make an integer of more than {MAX_BITS:,} bits")
            if operator == "*":
                count, seq = (left, right) if isinstance(left, int) else (right, left)
                if isinstance(count, int) and _size(seq):
                    _cap_size(_size(seq) * count, "*")
            if operator == "+":
                _cap_size(_size(left) + _size(right), "+")
            if operator == "%" and isinstance(left, str):
                _check_format("%", left)
                _width_args("%", right if isinstance(right, tuple) else (right,), {})
            result = super().call_binop(context, operator, left, right)
            _spend(_size(result))
            return _cap(result, operator)

        def call(__self, __context, __obj, *args, **kwargs):
            method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
            owner = getattr(method, "__self__", None)
            if isinstance(owner, str):
                name = getattr(method, "__name__", "")
                if name == "join" and args and not isinstance(args[0], (list, tuple, str)):
                    args = (_listed(args[0]), *args[1:])
                _estimate(name, owner, args, kwargs)
                _spend(len(owner))
            _spend(sum(_size(a) for a in args))
            result = super().call(__context, __obj, *args, **kwargs)
            _spend(_size(result))
            if isinstance(owner, str):
                _cap(result, getattr(method, "__name__", "call"))
            return result

    return BoundedSandbox


@lru_cache(maxsize=16)
def environment(search_path: tuple[Path, ...], lang: str):
    """One environment per template folders and language, reused within the process."""
    from jinja2 import StrictUndefined

    from contractkit.cache import jinja_bytecode_cache

    env = _sandbox_class()(
        loader=folder_loader(search_path),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=jinja_bytecode_cache(),
    )
    env.filters.update(_filters(lang))
    return env


@lru_cache(maxsize=1)
def letterhead_environment():
    """The environment a DOCX letterhead renders in: the same sandbox, no loader, autoescaped.
    Each part's text is compiled once per process (docxtpl compiles every part on every render:
    6 ms of each DOCX; the engine compiles the bundled letterhead's ahead, render/docx.py warm)."""
    env = _sandbox_class()(autoescape=True)
    compiled = lru_cache(maxsize=64)(env.from_string)

    def from_string(source, globals=None, template_class=None):  # noqa: A002 - Jinja's names
        if globals is None and template_class is None and isinstance(source, str):
            return compiled(source)
        return env.__class__.from_string(env, source, globals, template_class)

    env.from_string = from_string
    return env


def sandboxed(**options):
    """A new bounded sandbox with these options (a user's Word template gets one per render)."""
    return _sandbox_class()(**options)


def render_template(search_path: tuple[Path, ...], lang: str, name: str, context: dict) -> str:
    """Render one template; any template fault becomes a RenderError naming file and line."""
    from contractkit.resources import TEMPLATES
    from contractkit.workspace import refuse_links

    for folder in search_path:
        if folder != TEMPLATES:
            refuse_links(folder)  # a link in a template folder could lead anywhere: css, fonts, images
    env = environment(search_path, lang)
    style = context.get("date_style", "") if isinstance(context, dict) else ""
    with template_errors(name), bounded(), fmt.date_style(style if isinstance(style, str) else ""):
        parts: list[str] = []
        size = 0
        for chunk in env.get_template(name).generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"the document would be over {MAX_OUTPUT:,} characters")
            parts.append(chunk)
        return "".join(parts)


@contextmanager
def template_errors(name: str):
    """Turn whatever a template raises into one RenderError line: it is untrusted code."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    try:
        yield
    except RenderError:
        raise
    except TemplateLimit as exc:
        raise RenderError(f"template {name}: refused: {exc}") from None
    except SecurityError as exc:
        raise RenderError(f"template {name}: unsafe operation refused ({_first(exc)})") from None
    except TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found in its folders") from None
    except TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or name}:{exc.lineno}: template syntax: {_first(exc)}") \
            from None
    except TemplateError as exc:
        raise RenderError(f"template {name}: {_first(exc)}") from None
    except RecursionError:
        raise RenderError(f"template {name}: refused: recursion too deep") from None
    except MemoryError:
        raise RenderError(f"template {name}: refused: out of memory") from None
    except Exception as exc:  # noqa: BLE001 - untrusted template code: report, never crash
        raise RenderError(f"template {name}: {type(exc).__name__}: {_first(exc)}") from None


def _first(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
