"""The CSS a reply's HTML may carry: an allow-list, read by a CSS parser (red team 8, A2).

A deny-list of patterns (`display:none`, `content:`, `line-through`) was dodged by CSS escapes
(`con\\tent`, `l\\69ne-through`), by properties that add text without `content` (`quotes`, a string
`list-style-type`, `::marker`), by a gradient drawn through the words, and by a stylesheet fetched
from the network. So the CSS is parsed as a browser parses it (tinycss2), any backslash escape is
refused outright, and only properties a reply's text needs pass: colours, fonts and their sizes,
margins and padding, borders, alignment, line height and spacing, display and visibility with values
that show. Values are checked too: no url(), no function but a colour's, no string but a font name,
no negative offset, no transparent colour, no size below what can be read. Anything else is refused:
a false refusal is safe (the user reads the mail and records it with `approve --confirm`).
"""

from __future__ import annotations

from dataclasses import dataclass

from contractkit.mail import mso as approval_mso
from contractkit.mail import paint as approval_paint

OK, HIDES, STRIKES, REFUSED = "", "hides", "strikes", "refused"
PAINTS = "paints"
"""An Outlook property that may paint text away (approval_mso.PAINTS): refused on the approval's own
lines only (flows/approval.py); its detail names the property."""

COLOUR = frozenset(("color", "background-color", "border-color", "border-top-color", "border-right-color",
                    "border-bottom-color", "border-left-color", "text-decoration-color", "caret-color"))
SIDES = ("", "-top", "-right", "-bottom", "-left")
OFFSETS = frozenset([f"margin{s}" for s in SIDES] + [f"padding{s}" for s in SIDES]
                    + ["text-indent", "letter-spacing", "word-spacing", "border-spacing", "vertical-align"])
"""Lengths that may not be negative (a negative one moves text out of view or over other text)."""
SIZES = frozenset(("width", "height", "min-width", "max-width", "min-height", "max-height"))
BORDERS = frozenset([f"border{s}" for s in SIDES]
                    + [f"border{s}-{p}" for s in SIDES for p in ("width", "style")]
                    + ["border-radius", "border-collapse"]
                    + [f"border-{v}-{h}-radius" for v in ("top", "bottom") for h in ("left", "right")])
FREE = frozenset(("font-weight", "font-style", "font-variant", "font-stretch", "text-align",
                  "text-transform", "white-space", "word-wrap", "word-break", "overflow-wrap", "float",
                  "clear",
                  "table-layout", "page", "size", "panose-1", "unicode-range", "text-decoration-style",
                  "list-style-position", "line-break", "-webkit-nbsp-mode", "-webkit-line-break",
                  "-webkit-text-size-adjust", "-ms-text-size-adjust", "text-size-adjust",
                  "font-variant-ligatures", "font-variant-caps", "font-variant-numeric",
                  "font-variant-east-asian", "font-kerning", "orphans", "widows", "text-rendering",
                  "-webkit-font-smoothing"))
"""Properties whose keyword or number values neither add, move, hide nor cross out text."""
UNSET = frozenset(("background-image", "background-position", "background-size", "background-repeat",
                   "background-attachment", "background-origin", "background-clip",
                   "text-decoration-thickness", "-webkit-text-stroke-width", "-webkit-text-stroke-color"))
"""Properties a copy-paste from a web page or Gmail leaves at their initial value ("initial", "none",
"0px"): passed only so."""
INITIAL = frozenset(("initial", "none", "normal", "inherit", "unset", "auto"))
DISPLAY = frozenset(("block", "inline", "inline-block", "list-item", "table", "inline-table", "table-row",
                     "table-cell", "table-row-group", "table-header-group", "table-footer-group",
                     "table-column", "table-column-group", "table-caption", "flow-root"))
LIST_STYLE = frozenset(("disc", "circle", "square", "decimal", "none", "inside", "outside"))
"""List markers that spell nothing: bullets and 1., 2., 3. (red team 9, B1: `upper-alpha` from a chosen
start draws any word of up to six letters, roman numerals and Greek letters some more)."""
COLOUR_FUNCTIONS = frozenset(("rgb", "rgba", "hsl", "hsla"))
AT_RULES = frozenset(("font-face", "page", "media", "charset"))
PX = {"px": 1, "pt": 4 / 3, "pc": 16, "in": 96, "cm": 37.8, "mm": 3.78, "q": 0.945, "em": 16, "rem": 16,
      "ex": 8, "ch": 8}
"""CSS units in pixels (em and rem at a 16-pixel font): sizes are only compared with a floor."""
MIN_FONT_PX = 6
MIN_LINE = 0.8


@dataclass(frozen=True)
class Verdict:
    kind: str
    """OK, HIDES (hides or moves text out of view), STRIKES (crosses it out) or REFUSED."""
    detail: str = ""


def style_attribute(style: str) -> Verdict:
    """A `style="…"` attribute's declarations, judged."""
    import tinycss2

    if "\\" in style:
        return Verdict(REFUSED, "uses a CSS escape (a backslash), which hides what a property is")
    return _declarations(tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True))


def style_block(css: str) -> Verdict:
    """A <style> element's rules, judged; only @font-face, @page, @media and @charset are read."""
    import tinycss2

    if "\\" in css:
        return Verdict(REFUSED, "uses a CSS escape (a backslash), which hides what a property is")
    return _rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), 0)


def _rules(rules, depth: int) -> Verdict:
    import tinycss2

    for rule in rules:
        if rule.type == "error":
            return Verdict(REFUSED, f"holds CSS that cannot be read ({rule.message[:60]})")
        if rule.type == "qualified-rule":
            found = _declarations(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                 skip_whitespace=True))
        elif rule.type == "at-rule" and rule.lower_at_keyword in AT_RULES:
            if rule.content is None:
                found = Verdict(OK if rule.lower_at_keyword == "charset" else REFUSED,
                                f"has an empty @{rule.lower_at_keyword} rule")
            elif rule.lower_at_keyword == "media":
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                found = _rules(inner, depth + 1) if depth < 4 else Verdict(REFUSED, "nests @media rules")
            else:  # @font-face names a face (Outlook declares "Cambria Math"): its src is what draws
                found = _declarations(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                     skip_whitespace=True), face=True)
        elif rule.type == "at-rule":
            found = Verdict(REFUSED, f"has an @{rule.lower_at_keyword[:30]} rule, which a reply has no need "
                                     "of (@import loads a stylesheet from the network)")
        else:
            continue
        if found.kind:
            return found
    return Verdict(OK)


def _declarations(items, face: bool = False) -> Verdict:
    worst = Verdict(OK)
    for item in items:
        if item.type == "error":
            return Verdict(REFUSED, f"holds CSS that cannot be read ({item.message[:60]})")
        if item.type in ("qualified-rule", "at-rule"):
            return Verdict(REFUSED, "nests CSS rules in a declaration list")
        if item.type != "declaration":
            continue
        tokens = [t for t in item.value if t.type not in ("whitespace", "comment")]
        named = face and item.lower_name == "font-family"
        found = Verdict(OK) if named else _declaration(item.lower_name, tokens)
        if found.kind == REFUSED or found.kind == STRIKES:
            return found
        if found.kind and (not worst.kind or (worst.kind == PAINTS and found.kind == HIDES)):
            worst = found
    return worst


def _declaration(name: str, tokens: list) -> Verdict:
    if any(t.type == "ident" and t.lower_value == "line-through" for t in tokens):
        return Verdict(STRIKES, name)
    if any(t.type == "ident" and t.lower_value == "overline" for t in tokens):  # drawn by a smaller
        return Verdict(REFUSED, f"draws an overline in {name}")  # parent's font, it crosses its children
    if any(t.type == "url" or (t.type == "function" and t.lower_name == "url") for t in tokens):
        return Verdict(REFUSED, f"loads from the network in {name}")
    functions = [t.lower_name for t in tokens if t.type == "function"]
    coloured = COLOUR | BORDERS | {"background", "text-decoration", "text-decoration-line"}
    if any(f not in COLOUR_FUNCTIONS for f in functions) or (functions and name not in coloured):
        return Verdict(REFUSED, f"uses the CSS function {functions[0]}() in {name}")
    if any(t.type in ("() block", "[] block", "{} block") for t in tokens):
        return Verdict(REFUSED, f"uses a bracketed CSS value in {name}")
    if any(t.type == "string" for t in tokens) and name not in ("font-family", "font", *approval_mso.FACES):
        return Verdict(REFUSED, f"has a quoted string in {name}, which may add text")
    if name == "mso-hide":
        return Verdict(HIDES, name)
    if name.startswith("mso-"):  # Outlook's own: an allow-list (red team 12, B11)
        kind, why = approval_mso.judge(name, tokens, _px)
        return Verdict({approval_mso.SAFE: OK, approval_mso.PAINT: PAINTS}.get(kind, REFUSED), why)
    if name in FREE:
        return Verdict(OK)
    if name in ("font-family", "font"):  # a symbol font draws an approval as pictograms (red team 10, B2)
        odd = approval_paint.odd_face(approval_paint.css_faces(tokens) if name == "font-family"
                                      else approval_paint.shorthand_faces(tokens))
        if odd:
            return Verdict(REFUSED, f"sets {odd}")
        if name == "font-family":
            return Verdict(OK)
    if name in UNSET:
        plain = all((t.type == "ident" and t.lower_value in INITIAL)
                    or (t.type in ("dimension", "number") and t.value == 0) for t in tokens)
        return Verdict(OK) if plain else Verdict(REFUSED, f"sets {name}, which a reply's text has no need of")
    if name in COLOUR or name == "background":
        return _colours(name, tokens)
    if name in OFFSETS or name in BORDERS:
        return _colours(name, tokens) if _negative(tokens) is None else Verdict(HIDES, f"a negative {name}")
    if name in SIZES:
        small = [t for t in tokens if t.type in ("dimension", "number", "percentage") and _px(t) < 1]
        return Verdict(HIDES, f"{name} below one pixel") if small else Verdict(OK)
    return _text(name, tokens)


def _text(name: str, tokens: list) -> Verdict:
    idents = [t.lower_value for t in tokens if t.type == "ident"]
    numbers = [t for t in tokens if t.type in ("dimension", "number", "percentage")]
    if name == "display":
        shows = idents and set(idents) <= DISPLAY
        return Verdict(OK) if shows else Verdict(HIDES, f"display: {' '.join(idents)}")
    if name == "visibility":
        return Verdict(OK) if idents == ["visible"] else Verdict(HIDES, "visibility")
    if name == "opacity":
        shows = numbers and all(_fraction(t) >= 0.5 for t in numbers)
        return Verdict(OK) if shows else Verdict(HIDES, "opacity")
    if name == "font-size":
        return Verdict(HIDES, "font-size") if any(_px(t) < MIN_FONT_PX for t in numbers) else Verdict(OK)
    if name == "line-height":
        low = any((t.value < MIN_LINE) if t.type == "number" else _px(t) < MIN_LINE * 16 for t in numbers)
        return Verdict(HIDES, "line-height") if low else Verdict(OK)
    if name == "font":
        low = any((t.type == "number" and t.value < MIN_LINE) or (t.type != "number" and _px(t) < MIN_FONT_PX)
                  for t in numbers)
        return Verdict(HIDES, "font") if low else Verdict(OK)
    if name in ("text-decoration", "text-decoration-line"):
        return _colours(name, tokens)
    if name in ("list-style-type", "list-style"):
        plain = set(idents) <= LIST_STYLE and not numbers
        return Verdict(OK) if plain else Verdict(REFUSED, f"{name} marker")
    if name == "direction":
        return Verdict(OK) if idents == ["ltr"] else Verdict(REFUSED, "direction")
    if name == "unicode-bidi":
        plain = idents in (["normal"], ["embed"], ["isolate"])
        return Verdict(OK) if plain else Verdict(REFUSED, "unicode-bidi")
    if name == "position":
        return Verdict(OK) if idents == ["static"] else Verdict(HIDES, "position")
    return Verdict(REFUSED, f"uses the CSS property {name[:40]}, which a reply's text has no need of")


def _colours(name: str, tokens: list) -> Verdict:
    """A colour (or a border's width and style) that shows: not transparent, alpha at least a half."""
    for token in tokens:
        if token.type == "ident" and token.lower_value == "transparent":
            return Verdict(HIDES, f"a transparent {name}")
        if token.type == "hash" and len(token.value) in (4, 8):
            alpha = token.value[-1] * 2 if len(token.value) == 4 else token.value[-2:]
            if int(alpha, 16) < 128:
                return Verdict(HIDES, f"a see-through {name}")
        if token.type == "function":
            args = [t for t in token.arguments if t.type in ("number", "percentage", "dimension")]
            if len(args) >= 4 and _fraction(args[3]) < 0.5:
                return Verdict(HIDES, f"a see-through {name}")
    return Verdict(OK)


def _negative(tokens: list):
    return next((t for t in tokens if t.type in ("dimension", "number", "percentage") and t.value < 0), None)


def _fraction(token) -> float:
    return token.value / 100 if token.type == "percentage" else token.value


def _px(token) -> float:
    if token.type == "number":
        return token.value
    if token.type == "percentage":
        return token.value * 0.16
    return token.value * PX.get(token.lower_unit, 0)


def indented(style: str) -> bool:
    """Whether a <blockquote> with this style attribute still shows as a quote (red team 8, A6): its
    left margin, padding or border is at least two pixels (the default margin, 40px, when the style
    sets none). One with `margin:0;padding:0;border:0` looks like the reply's own text."""
    import tinycss2

    left = {"margin": 40.0, "padding": 0.0, "border": 0.0}
    for item in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        name, tokens = item.lower_name, [t for t in item.value if t.type not in ("whitespace", "comment")]
        if name in ("margin", "padding", "border-width"):
            values = [_px(t) if t.type in ("dimension", "number", "percentage") else 0.0 for t in tokens]
            if values:
                side = values[[0, 1, 1, 3][min(len(values), 4) - 1]]  # top, right, bottom, left
                left["border" if name == "border-width" else name] = side
        elif name in ("margin-left", "padding-left", "border-left-width"):
            left[name.split("-")[0]] = _px(tokens[0]) if tokens and tokens[0].type == "dimension" else 0.0
        elif name in ("border", "border-left"):
            widths = [_px(t) for t in tokens if t.type in ("dimension", "number")]
            idents = {t.lower_value for t in tokens if t.type == "ident"}
            shown = not idents & {"none", "hidden"} and (widths or idents)
            left["border"] = (widths[0] if widths else 3.0) if shown else 0.0
    return max(left.values()) >= 2
