"""The colours a reply's text is drawn in and on, and the fonts that draw letters as pictures (red
team 10, B2): an approval in white on white, under `<body bgcolor="#000" text="#000">`, or in
Wingdings, is read by the reader and unseen by the client, whose mail program shows "Спасибо!".

Colours are read as a browser reads them: CSS values with tinycss2, HTML attributes (`bgcolor`,
`text`, `<font color>`) by HTML's rules for a legacy colour value (`"ffffff"`, `"chucknorris"`).
Text counts as hidden when its contrast with the nearest background set (the page's white when
none) is below MIN_CONTRAST (WCAG's ratio; 1 is the same colour, black on white is 21).
"""

from __future__ import annotations

RGB = tuple[float, float, float]
WHITE: RGB = (1.0, 1.0, 1.0)
BLACK: RGB = (0.0, 0.0, 0.0)
MIN_CONTRAST = 2.0
"""#aaaaaa on white (2.3) is still read; #cccccc (1.6) and closer is not text one is meant to see."""
SYMBOL_FONTS = ("wingdings", "webdings", "symbolmt", "marlett", "zapfdingbats", "itczapfdingbats", "dingbats",
                "mtextra", "bookshelfsymbol", "msoutlook", "msreferencespecialty", "segoemdl2assets",
                "segoefluenticons", "holomdl2assets", "materialicons", "materialsymbols", "fontawesome",
                "standardsymbols", "d050000l", "opensymbol", "webdingsregular", "iconfont", "icomoon")
"""Fonts that draw Latin letters and digits as pictograms (symbol-encoded fonts) or whole words as
icons (ligature icon fonts): the text read is not the text shown. Matched on the name's start,
case, spaces, hyphens and underscores ignored; "Symbol" (Greek letters for Latin ones) exactly, since
Symbola and the like draw letters as letters."""


def symbol_font(family: str) -> str:
    """The first family in a font-family list (or `<font face>`) that draws pictures, or ""."""
    for name in family.split(","):
        key = "".join(ch for ch in name.casefold() if ch.isalnum())
        if key == "symbol" or any(key.startswith(s) for s in SYMBOL_FONTS):
            return name.strip().strip("'\"")[:40]
    return ""


def css_colour(tokens: list, current: RGB) -> RGB | None:
    """The first colour among a declaration's tokens, blended over nothing (alpha ignored: a colour
    under half opaque is refused by approval_css); currentColor is the text colour."""
    import tinycss2.color3

    for token in tokens:
        found = tinycss2.color3.parse_color(token)
        if found == "currentColor":
            return current
        if found is not None:
            return (found.red, found.green, found.blue)
    return None


def legacy_colour(value: str) -> RGB | None:
    """HTML's "rules for parsing a legacy colour value" (bgcolor, text, <font color>), or None."""
    import tinycss2
    import tinycss2.color3

    value = value.strip()
    if not value or value.casefold() == "transparent":
        return None
    named = tinycss2.color3.parse_color(tinycss2.parse_one_component_value(value))
    if named is not None and named != "currentColor" and not value.startswith("#"):
        return (named.red, named.green, named.blue)
    if len(value) == 4 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:]):
        return tuple(int(c, 16) * 17 / 255 for c in value[1:])  # type: ignore[return-value]
    text = "".join("00" if ord(c) > 0xFFFF else c for c in value)[:128].removeprefix("#")
    text = "".join(c if c in "0123456789abcdefABCDEF" else "0" for c in text)
    while not text or len(text) % 3:
        text += "0"
    size = len(text) // 3
    parts = [text[i * size:(i + 1) * size] for i in range(3)]
    if size > 8:
        parts = [p[-8:] for p in parts]
    while len(parts[0]) > 2 and all(p[0] == "0" for p in parts):
        parts = [p[1:] for p in parts]
    parts = [p[:2] for p in parts]
    return tuple(int(p, 16) / 255 for p in parts)  # type: ignore[return-value]


def contrast(one: RGB, other: RGB) -> float:
    """WCAG 2 contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    a, b = sorted((_luminance(one), _luminance(other)))
    return (b + 0.05) / (a + 0.05)


def _luminance(rgb: RGB) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def hex_of(rgb: RGB) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
