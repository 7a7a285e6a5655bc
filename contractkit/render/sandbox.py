"""The Jinja2 environment documents render in: sandboxed, autoescaped, strict."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.words import amounts, fmt


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
        "short_date": lambda d: fmt.short_date(d, lang),
        "pct": lambda v: fmt.percent(v, lang),
        "num": lambda v: fmt.integer(v, lang),
        "plural": plural,
        "cardinal": lambda n: amounts.integer_words(int(n), lang),
    }


@lru_cache(maxsize=16)
def environment(search_path: tuple[Path, ...], lang: str):
    """One environment per template folders and language, reused within the process."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from contractkit.render.cache import jinja_bytecode_cache

    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=jinja_bytecode_cache(),
    )
    env.filters.update(_filters(lang))
    return env


def render_template(search_path: tuple[Path, ...], lang: str, name: str, context: dict) -> str:
    """Render one template; any template fault becomes a RenderError naming file and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    env = environment(search_path, lang)
    try:
        return env.get_template(name).render(context)
    except SecurityError as exc:
        raise RenderError(f"template {name}: unsafe operation refused ({exc})") from None
    except TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found in {', '.join(map(str, search_path))}") \
            from None
    except TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or name}:{exc.lineno}: template syntax: {exc.message}") \
            from None
    except TemplateError as exc:
        raise RenderError(f"template {name}: {exc}") from None
