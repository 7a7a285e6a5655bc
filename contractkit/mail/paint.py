"""How a reply's text is painted: its colour against the background it stands on, and its typeface
(red team 10, B2).

`color:#fff` on `background-color:#fff`, `<body bgcolor="#000" text="#000">` and `<font
color="white">` show nothing where the reader reads an approval; a symbol font (Wingdings, Webdings,
Symbol…) draws the Latin letters of an approval as pictograms. So the walker carries the colours a
text may be drawn in and the backgrounds it may stand on down the element stack (CSS `color`,
`background-color` and `background`, `<font color>`, `<body text bgcolor link vlink>`, `bgcolor` of
tables, rows and cells, a link's own colour, <mark>'s yellow), a <style> block's colours assumed at
every element (its selectors are not matched), and a background set on <body> also as the mail
program's white (webmail drops it). Every text must contrast with every background it may stand on
(WCAG's contrast ratio, at least MIN_CONTRAST). A typeface must be on an allow-list of text faces.
"""

from __future__ import annotations

import functools
import re

Colour = tuple[float, float, float, float]
"""Red, green, blue and alpha, each 0 to 1."""
BLACK: Colour = (0.0, 0.0, 0.0, 1.0)
WHITE: Colour = (1.0, 1.0, 1.0, 1.0)
LINKS: frozenset[Colour] = frozenset({(0.0, 0.0, 0xEE / 255, 1.0), (0x55 / 255, 0x1A / 255, 0x8B / 255, 1.0)})
"""A link's colours when <body link vlink> sets none (browsers' defaults, unvisited and visited)."""
YELLOW: Colour = (1.0, 1.0, 0.0, 1.0)
MIN_CONTRAST = 2.0
"""Text against its background (WCAG 2 contrast ratio, 1 to 21): grey #b3b3b3 on white is 2.1 and is
read; #bbbbbb (1.9), yellow on white (1.07) and a colour on itself (1.0) are not."""
MAX_COLOURS = 32
"""Distinct colours a <style> block may set (each text is compared with each)."""
SYSTEM = {"canvas": "#fff", "canvastext": "#000", "linktext": "#00e", "visitedtext": "#551a8b",
          "activetext": "#e00", "buttonface": "#f0f0f0", "buttontext": "#000", "field": "#fff",
          "fieldtext": "#000", "graytext": "#808080", "mark": "#ff0", "marktext": "#000", "window": "#fff",
          "windowtext": "#000", "menutext": "#000", "infotext": "#000", "captiontext": "#000",
          "highlighttext": "#fff", "highlight": "#39f"}
"""System colours as a light-mode mail program draws them (Outlook writes `color:windowtext`)."""
KEEP = frozenset(("inherit", "unset", "currentcolor", "auto"))
"""A `color` that keeps the inherited one."""
RESET = frozenset(("initial", "revert", "revert-layer"))
"""A `color` back at its initial value, black (a background's is transparent: it keeps what is under)."""
BACKGROUND_CELLS = frozenset(("body", "table", "tr", "td", "th"))

GENERIC_FACES = frozenset(("serif", "sans-serif", "monospace", "cursive", "system-ui", "ui-serif",
                           "ui-sans-serif", "ui-monospace", "ui-rounded", "-apple-system",
                           "blinkmacsystemfont", "inherit", "initial", "unset", "revert", "revert-layer"))
TEXT_FACES = frozenset((
    "arial", "arial unicode ms", "helvetica", "helvetica neue", "calibri", "cambria", "cambria math",
    "candara", "consolas", "constantia", "corbel", "courier", "courier new", "georgia", "garamond", "tahoma",
    "verdana", "trebuchet ms", "times", "times new roman", "segoe ui", "segoe ui variable", "lucida grande",
    "lucida sans", "lucida sans unicode", "lucida console", "palatino", "palatino linotype", "book antiqua",
    "century gothic", "century", "bookman old style", "franklin gothic", "gill sans", "optima", "futura",
    "roboto", "open sans", "noto sans", "noto serif", "noto sans mono", "liberation sans", "liberation serif",
    "liberation mono", "dejavu sans", "dejavu serif", "dejavu sans mono", "pt sans", "pt serif", "pt mono",
    "pt astra serif", "pt astra sans", "ubuntu", "menlo", "monaco", "sf pro", "sf mono", "san francisco",
    "inter", "source sans pro", "lato", "montserrat", "google sans", "ys", "yandex sans", "aptos",
    "comic sans ms", "impact", "microsoft sans serif", "ms sans serif", "ms serif", "sylfaen",
    "microsoft yahei", "ms gothic", "ms mincho", "meiryo", "simsun", "malgun gothic",
))
"""Typefaces that draw letters as letters: the faces mail programs and webmail write (Outlook, Gmail,
Apple Mail, Yandex, Mail.ru), and the generic families. Wingdings, Webdings, Symbol, Marlett, Zapf
Dingbats, icon fonts and anything unknown are not read (a false refusal is safe)."""
FACE_SUFFIXES = frozenset(("light", "semilight", "semibold", "bold", "black", "medium", "thin", "narrow",
                           "condensed", "cyr", "ce", "regular", "display", "text", "mt", "pro", "std"))
"""Words a face's variant adds to its name ("Calibri Light", "Arial Cyr", "YS Text")."""
SYSTEM_FONTS = frozenset(("caption", "icon", "menu", "message-box", "small-caption", "status-bar"))


def css_colour(tokens: list, text: bool = True) -> Colour | str | None:
    """The colour a `color` (text) or `background-color` value sets: a Colour, "current" (the
    text's colour), None (keeps what it inherits) or "?" (a colour the reader cannot compute)."""
    import tinycss2.color3

    if not tokens:
        return None
    token = tokens[0]
    if token.type == "ident" and token.lower_value in RESET:
        return BLACK if text else None
    if token.type == "ident" and token.lower_value in KEEP - {"currentcolor"}:
        return None
    if token.type == "ident" and token.lower_value in SYSTEM:
        return _rgba(tinycss2.color3.parse_color(SYSTEM[token.lower_value]))
    found = tinycss2.color3.parse_color(token)
    if found == "currentColor":
        return "current"
    return _rgba(found) if found is not None else "?"


def shorthand_colour(tokens: list) -> Colour | str | None:
    """The colour in a `background` shorthand (`background: #fff no-repeat`), as css_colour."""
    import tinycss2.color3

    for token in tokens:
        if token.type == "ident" and token.lower_value in SYSTEM:
            return css_colour([token])
        found = tinycss2.color3.parse_color(token)
        if found == "currentColor":
            return "current"
        if found is not None:
            return _rgba(found)
    return None


def _rgba(found) -> Colour:
    return (float(found.red), float(found.green), float(found.blue), float(found.alpha))


def legacy_colour(value: str) -> Colour | None:
    """An HTML colour attribute (`bgcolor`, `text`, `<font color>`) as browsers read it (HTML's rules
    for parsing a legacy colour value: "chucknorris" is red), or None when it is ignored."""
    import tinycss2.color3

    value = value.strip(" \t\n\r\f")
    if not value or value.lower() == "transparent":
        return None
    if value.lower() in tinycss2.color3._COLOR_KEYWORDS:
        found = tinycss2.color3.parse_color(value.lower())
        return _rgba(found) if found not in (None, "currentColor") else None
    if len(value) == 4 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:]):
        return tuple(int(c, 16) * 17 / 255 for c in value[1:]) + (1.0,)
    value = "".join("00" if ord(c) > 0xFFFF else c for c in value)[:128]
    value = value[1:] if value.startswith("#") else value
    value = re.sub(r"[^0-9a-fA-F]", "0", value)
    while not value or len(value) % 3:
        value += "0"
    size = len(value) // 3
    parts = [value[i * size:(i + 1) * size] for i in range(3)]
    if size > 8:
        parts = [p[size - 8:] for p in parts]
    while len(parts[0]) > 2 and all(p[0] == "0" for p in parts):
        parts = [p[1:] for p in parts]
    parts = [p[:2] for p in parts]
    return tuple(int(p, 16) / 255 for p in parts) + (1.0,)


def over(top: Colour, under: Colour, opacity: float = 1.0) -> Colour:
    """top drawn over an opaque under, with its alpha times opacity."""
    alpha = top[3] * opacity
    return tuple(t * alpha + u * (1 - alpha) for t, u in zip(top[:3], under[:3], strict=True)) + (1.0,)


def contrast(one: Colour, other: Colour) -> float:
    """WCAG 2's contrast ratio of two opaque colours, 1 (the same) to 21 (black on white)."""
    def luminance(c: Colour) -> float:
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@functools.lru_cache(maxsize=256)
def faint(colours: frozenset, backgrounds: frozenset, opacity: float) -> str:
    """Why a text drawn in any of colours on any of backgrounds may not be seen ("" when it is)."""
    for background in sorted(backgrounds):
        for colour in sorted(colours):
            shown = over(colour, background, opacity)
            ratio = contrast(shown, background)
            if ratio < MIN_CONTRAST:
                return (f"draws its text in {_hex(colour)} on {_hex(background)}, which barely differs "
                        f"(contrast {ratio:.2f}:1, less than {MIN_CONTRAST:.0f}:1)")
    return ""


def _hex(colour: Colour) -> str:
    return "#" + "".join(f"{round(x * 255):02x}" for x in colour[:3])


def faces(value: str) -> list[str]:
    """The family names of a `<font face>` attribute, lower case."""
    return [" ".join(f.strip().strip("\"'").lower().split()) for f in value.split(",")]


def css_faces(tokens: list) -> list[str] | None:
    """The family names of a `font-family` value, lower case; None when it cannot be read."""
    out, words = [], []
    for token in [*tokens, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if not words:
                return None
            out.append(" ".join(words).lower())
            words = []
        elif token.type == "ident":
            words.append(token.value)
        elif token.type == "string":
            words.append(" ".join(token.value.split()))
        else:
            return None
    return out


def shorthand_faces(tokens: list) -> list[str] | None:
    """The families of a `font` shorthand (after its size and line height); [] when it names none
    (a system font, or a value browsers ignore)."""
    for i, token in enumerate(tokens):
        if token.type in ("dimension", "percentage") or (token.type == "number" and token.value == 0) or (
                token.type == "ident" and token.lower_value in (
                "xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large",
                "smaller", "larger")):
            rest = tokens[i + 1:]
            if rest and rest[0].type == "literal" and rest[0].value == "/":
                rest = rest[2:]
            return css_faces(rest) if rest else []
    return []


def odd_face(names: list[str] | None) -> str:
    """The first family that is not a text face ("" when all are): every family is checked, not
    only the first, since a missing face falls back to the next."""
    if names is None:
        return "a font-family that cannot be read"
    for name in names:
        words, known = name.split(), name in GENERIC_FACES or name in TEXT_FACES
        while not known and len(words) > 1 and words[-1] in FACE_SUFFIXES:
            words = words[:-1]
            known = " ".join(words) in TEXT_FACES
        if not known:
            return (f"the font {name[:40]!r}, which is not a text face (a symbol font draws letters as "
                    "pictures)")
    return ""
