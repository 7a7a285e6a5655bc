"""What counts as plain text: no control characters, no invisible format characters.

A bidi override (U+202E) reverses the text around it in a contract; a zero-width character makes
two names that look alike differ; an escape sequence rewrites the user's terminal. Text a person
writes (project fields, options that get recorded) must not contain them; whatever is printed has
them stripped.
"""

from __future__ import annotations

import re
import unicodedata

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS = frozenset("\u200c\u200d")
"""Zero-width (non-)joiners: part of emoji sequences and of some scripts, never of Latin,
Cyrillic or Greek words, digits or punctuation."""
TAG_BASE = "\U0001f3f4"
"""The black flag that tag characters (U+E0020..E007F) follow in subdivision flags."""


def _plain_neighbour(ch: str) -> bool:
    if ch.isascii() or unicodedata.category(ch)[0] in "ZPNC":
        return True
    return unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC", "GREEK"))


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name.lower()})" if name else f"U+{ord(ch):04X}"


def invisible(text: str, allow: str = "\t\n") -> str | None:
    """Describe the first control or invisible format character of `text` out of place, or None."""
    for i, ch in enumerate(text):
        if ch in allow:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"control character {_describe(ch)}"
        if category in ("Zl", "Zp"):
            return f"invisible separator {_describe(ch)}"
        if category == "Co":
            return f"private-use character {_describe(ch)} (no font shows it the same way)"
        if category == "Cn" and (0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE):
            return f"non-character {_describe(ch)} (not allowed in a document)"
        if category != "Cf":
            continue
        if ch in BIDI:
            return f"bidirectional control {_describe(ch)} (it reorders the text around it)"
        if ch in JOINERS:
            before, after = text[i - 1: i] if i else "", text[i + 1: i + 2]
            if before and after and not (_plain_neighbour(before) or _plain_neighbour(after)):
                continue
            return f"zero-width character {_describe(ch)} where it does not belong"
        if 0xE0020 <= ord(ch) <= 0xE007F and i and (text[i - 1] == TAG_BASE
                                                      or 0xE0020 <= ord(text[i - 1]) <= 0xE007F):
            continue
        return f"invisible format character {_describe(ch)}"
    return None


def invisible_in(data, allow: str = "\t\n") -> str | None:
    """The first out-of-place character in any string of nested data (dicts, lists), described."""
    stack, seen = [data], set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            problem = invisible(item, allow)
            if problem:
                return problem
            continue
        if id(item) in seen:  # a YAML alias: the same object again (an alias bomb repeats it 10^9 times)
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return None


_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI: colours, cursor moves, erasing
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, clipboard, links
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"      # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"                   # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"             # 8-bit CSI
)
_STRIP = {i: None for i in range(0x20) if chr(i) not in "\t\n"}
_STRIP.update({i: None for i in range(0x7F, 0xA0)})
_STRIP.update({ord(ch): None for ch in BIDI})
_STRIP.update({0x2028: None, 0x2029: None})
_UNSAFE = re.compile("[" + "".join(re.escape(chr(i)) for i in sorted(_STRIP)) + "]")
"""Any character printable() takes out; every escape sequence starts with one (ESC or CSI)."""


def printable(text: str) -> str:
    """`text` without terminal escape sequences, control characters and bidi controls."""
    if (text.isascii() and text.isprintable()) or not _UNSAFE.search(text):
        return text  # nothing to take out (a long `log` is one text of a thousand lines)
    return _ESCAPES.sub("", text).translate(_STRIP)
