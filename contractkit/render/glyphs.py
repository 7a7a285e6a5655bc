"""Characters the document fonts cannot draw, found before they become .notdef boxes in a PDF/A."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from contractkit.errors import RenderError
from contractkit.model import Project
from contractkit.resources import TEMPLATES

INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"}
"""Zero-width and direction marks: shaped away, never drawn."""


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Every code point some bundled font has a glyph for (cached, keyed by the fonts' names,
    sizes and times: hashing their 3.3 MB took 6 ms of every PDF render, before its layout)."""
    from contractkit import cache

    fonts = sorted((TEMPLATES / "fonts").glob("*.ttf"))
    name = cache.key("glyphs", cache.stamps_key(fonts))
    stored = cache.read_json("glyphs", name)
    if isinstance(stored, list) and all(isinstance(p, int) for p in stored):
        return frozenset(stored)
    points = _read_cmaps(fonts)
    cache.write_json("glyphs", name, sorted(points))
    return points


def _read_cmaps(fonts) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for font in fonts:
        with TTFont(font, lazy=True) as ttf:
            points.update(ttf.getBestCmap())
    return frozenset(points)


def check(project: Project) -> None:
    """Raise naming the field of the first character no font can draw."""
    fonts = covered()
    for path, text in _strings(project.plain(), ""):
        for ch in text:
            if ord(ch) not in fonts and ch not in INVISIBLE and not ch.isspace():
                raise RenderError(
                    f"{path}: the character {ch!r} (U+{ord(ch):04X}) is not in the document fonts",
                    hint="remove or replace it, or give a look with a font that has it (--template)",
                )


def _strings(value, path: str):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (Decimal, dt.date)):
        yield path, str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
