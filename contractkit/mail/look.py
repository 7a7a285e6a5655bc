"""How large, how opaque and how far moved a reply's text is shown: the computed values, carried
down the element stack as a browser computes them (red team 9, B2).

approval_css judges each declaration alone, and each passed: six nested `font-size:50%` (16px ->
0.25px), seven nested `opacity:0.5` (0.8% visible), `text-indent:20000px`. So the walker carries a
Look from parent to child: the font size (em, %, `smaller`, <small>, <sub>, <font size> compound),
the opacity (it multiplies) and how far the element's text is moved right and down by its own and
its ancestors' margins, paddings, borders and indents. A text whose computed size, opacity or
offset is past what a person reads on a screen is hidden text. A <style> block's rules may apply to
any element (selectors are not matched): its relative shrinking and opacity are refused outright
(approval_css), and its largest offsets and smallest font are assumed at every level (Sheet).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from contractkit.mail import paint as approval_paint

MIN_FONT_PX = 6.0
MAX_FONT_PX = 200.0
"""A letter larger than this fills a screen: a word of it is not read as text."""
MIN_OPACITY = 0.5
MAX_OFFSET_PX = 200.0
"""One margin, padding, border, indent, line height or vertical offset: more moves text out of view."""
MAX_SPACING_PX = 24.0
"""letter-spacing and word-spacing: more spreads a phrase over several screens."""
MAX_SHIFT_PX = 1000.0
"""What the element and its ancestors add up to, to the right or down: a mail window's width."""
PARENT_WIDTH_PX = 800.0
"""A percentage of a margin, padding or indent is of the containing block's width: taken as a window's."""
KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0,
            "xx-large": 32.0, "xxx-large": 48.0}
FONT_SIZES = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}
"""<font size=N> as browsers draw it (HTML's legacy font sizes)."""
TAG_FACTOR = {"small": 1 / 1.2, "sub": 1 / 1.2, "sup": 1 / 1.2, "big": 1.2, "h1": 2.0, "h2": 1.5, "h3": 1.17,
              "h5": 0.83, "h6": 0.67}
ABSOLUTE = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 37.8, "mm": 3.78, "q": 0.945}
LEFT = ("margin-left", "padding-left", "border-left-width", "text-indent")
TOP = ("margin-top", "padding-top", "border-top-width")
SHORTHANDS = {"margin": ("margin-top", "margin-left"), "padding": ("padding-top", "padding-left"),
              "border-width": ("border-top-width", "border-left-width")}
SPACING = ("letter-spacing", "word-spacing")


@dataclass(frozen=True)
class Look:
    font: float = 16.0
    opacity: float = 1.0
    right: float = 0.0
    """Pixels the text is moved to the right by this element and its ancestors."""
    down: float = 0.0
    colours: frozenset = frozenset({approval_paint.BLACK})
    """The colours the text may be drawn in (approval_paint)."""
    backgrounds: frozenset = frozenset({approval_paint.WHITE})
    """The opaque backgrounds it may stand on."""
    wraps: bool = True
    """Whether its lines wrap at the window's edge (not in <pre>, <nobr>, `white-space: nowrap`)."""
    leading: float = 1.25
    """`line-height` as a factor of the font (a number inherits as one); 0 when set as a length."""
    line_px: float = 0.0
    """`line-height` set as a length (px, em, %: inherited as computed), else 0."""
    painted: str = ""
    """The Outlook property that may paint the text away, and on which element (approval_mso.PAINTS)."""

    @property
    def line(self) -> float:
        """The height of one of its lines, in pixels (red team 12: boxes)."""
        return self.line_px if not self.leading else self.leading * self.font


@dataclass(frozen=True)
class Sheet:
    """What a <style> block may do to any element (its selectors are not matched)."""

    smallest_font: float = float("inf")
    """The smallest absolute font size a rule sets (inf: none)."""
    right: float = 0.0
    down: float = 0.0
    colours: frozenset = frozenset()
    """The text colours its rules set, each assumed at any element."""
    backgrounds: frozenset = frozenset()
    links: frozenset = approval_paint.LINKS
    """A link's own colours (<body link vlink alink>, else the browsers' blue and purple)."""


def sheet(css: str, depth: int = 0) -> tuple[Sheet, str]:
    """The worst a <style> block's declarations may do to one element, and why it is refused: a
    relative size below 1 or an opacity below 1 compounds down nested elements its selectors may
    match (`span {font-size:50%}`), so neither is read in a <style> block."""
    import tinycss2

    found = Sheet()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            if depth > 4:
                return found, "nests @media rules"
            more, why = sheet(tinycss2.serialize(rule.content), depth + 1)
            if why:
                return found, why
        elif rule.type == "qualified-rule":
            values = _values(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                            skip_whitespace=True))
            why = _compounds(values)
            look, why = (Look(), why) if why else _apply(Look(), values, 16.0)
            if why:
                return found, why
            sized = "font-size" in values or _font_shorthand(values.get("font", []))
            more, why = _painted(Sheet(look.font if sized else float("inf"), look.right, look.down), values)
            if why:
                return found, why
        else:
            continue
        found = worst(found, more)
    return found, ""


def worst(one: Sheet, other: Sheet) -> Sheet:
    return Sheet(min(one.smallest_font, other.smallest_font), max(one.right, other.right),
                 max(one.down, other.down), one.colours | other.colours, one.backgrounds | other.backgrounds,
                 one.links | other.links)


def _painted(found: Sheet, values: dict[str, list]) -> tuple[Sheet, str]:
    """A <style> rule's text and background colours, added to those assumed at every element."""
    colour = approval_paint.css_colour(values.get("color", []))
    background = approval_paint.css_colour(values.get("background-color", []), text=False) or \
        approval_paint.shorthand_colour(values.get("background", []))
    if "?" in (colour, background):
        return found, "sets a colour the reader cannot compute"
    colours = found.colours | ({colour} if isinstance(colour, tuple) else set())
    backgrounds = found.backgrounds | ({background} if isinstance(background, tuple) else set())
    if background == "current":  # a background of the text's own colour
        return found, "sets a colour to the text's own (currentcolor)"
    if len(colours) + len(backgrounds) > approval_paint.MAX_COLOURS:
        return found, f"sets more than {approval_paint.MAX_COLOURS} colours"
    return replace(found, colours=frozenset(colours), backgrounds=frozenset(backgrounds)), ""


def _compounds(values: dict[str, list]) -> str:
    """A relative font size below 1 or an opacity below 1 in a <style> rule ("" when none)."""
    for token in values.get("font-size", []) + _font_shorthand(values.get("font", [])):
        relative = token.type == "percentage" or (token.type == "dimension" and token.lower_unit in (
            "em", "ex", "ch")) or (token.type == "ident" and token.lower_value == "smaller")
        if relative and _size(token, 16.0) < 16.0:
            return "shrinks text relatively (font-size), which compounds in nested elements"
    if any(t.type in ("number", "percentage") and (t.value / 100 if t.type == "percentage" else t.value) < 1
           for t in values.get("opacity", [])):
        return "makes text see-through (opacity), which compounds in nested elements"
    return ""


def step(parent: Look, name: str, attrs: dict[str, str], css: Sheet | None = None) -> tuple[Look, str]:
    """The element's computed look from its parent's, its tag, its attributes and its style
    attribute (already allowed by approval_css); and why its text is hidden ("" when shown)."""
    import tinycss2

    css = css or Sheet()
    values = _values(tinycss2.parse_blocks_contents(attrs.get("style", ""), skip_comments=True,
                                                    skip_whitespace=True)) if "style" in attrs else {}
    font = parent.font * TAG_FACTOR.get(name, 1.0)
    if name == "font" and "size" in attrs:
        font = _font_size(attrs["size"], font)
    look = Look(font, parent.opacity, parent.right + css.right, parent.down + css.down, parent.colours,
                parent.backgrounds, _wraps(parent.wraps, name, attrs, values), parent.leading, parent.line_px,
                parent.painted)
    look, why = _apply(look, values, parent.font)
    look, painted = _paint(look, parent, name, attrs, values, css)
    why = why or painted
    if css.smallest_font < look.font:
        look = replace(look, font=css.smallest_font)
    if why:
        return look, why
    if look.font < MIN_FONT_PX:
        return look, f"makes its text {look.font:.1f}px high"
    if look.font > MAX_FONT_PX:
        return look, f"makes its text {look.font:.0f}px high"
    if look.opacity < MIN_OPACITY:
        return look, f"makes its text {look.opacity:.0%} opaque"
    if max(look.right, look.down) > MAX_SHIFT_PX:
        return look, f"moves its text {max(look.right, look.down):.0f}px out of place"
    return look, ""


def _paint(look: Look, parent: Look, name: str, attrs: dict[str, str], values: dict[str, list],
           css: Sheet) -> tuple[Look, str]:
    """The colours the element's text may be drawn in and the backgrounds it may stand on, from its
    parent's, its attributes and its style (approval_paint); why they cannot be computed."""
    colours = parent.colours
    if name == "a" and "href" in attrs:
        colours = colours | css.links  # a link has its own colour, and a <style> rule may make it inherit
    elif name == "mark":
        colours = colours | {approval_paint.BLACK}
    legacy = attrs.get("text") if name == "body" else attrs.get("color") if name == "font" else None
    own = approval_paint.legacy_colour(legacy) if legacy is not None else None
    css_own = approval_paint.css_colour(values.get("color", []))
    own = css_own if css_own is not None else own
    if own == "?":
        return look, "sets a colour the reader cannot compute"
    if isinstance(own, tuple):
        colours = frozenset({own})
    backgrounds = parent.backgrounds
    paint = approval_paint.YELLOW if name == "mark" else None
    if name in approval_paint.BACKGROUND_CELLS and "bgcolor" in attrs:
        paint = approval_paint.legacy_colour(attrs["bgcolor"]) or paint
    css_paint = approval_paint.css_colour(values.get("background-color", []), text=False) or \
        approval_paint.shorthand_colour(values.get("background", []))
    paint = css_paint if css_paint is not None else paint
    if paint == "?":
        return look, "sets a background colour the reader cannot compute"
    drawn = sorted(colours) if paint == "current" else [paint] if paint is not None else []
    if drawn:
        backgrounds = frozenset(approval_paint.over(p, b) for p in drawn for b in parent.backgrounds)
        if name == "body":  # webmail drops the body's background: the text may stand on white
            backgrounds |= {approval_paint.WHITE}
    if len(colours) * len(backgrounds) > approval_paint.MAX_COLOURS:
        return look, f"may be drawn in more than {approval_paint.MAX_COLOURS} colours"
    return replace(look, colours=frozenset(colours), backgrounds=frozenset(backgrounds)), ""


def _values(items) -> dict[str, list]:
    """Property -> its value's tokens (the last declaration of a name wins, as in a browser)."""
    out: dict[str, list] = {}
    for item in items:
        if item.type == "declaration":
            out[item.lower_name] = [t for t in item.value if t.type not in ("whitespace", "comment")]
    return out


def _apply(look: Look, values: dict[str, list], parent: float) -> tuple[Look, str]:
    """look changed by one element's declarations (relative sizes of the parent's font), and why
    one of its offsets alone moves its text out of view."""
    size = values.get("font-size") or _font_shorthand(values.get("font", []))
    font = _size(size[0], parent) if size else look.font
    opacity = look.opacity
    for token in values.get("opacity", []):
        if token.type in ("number", "percentage"):
            opacity *= token.value / 100 if token.type == "percentage" else token.value
    lengths: dict[str, float] = {}
    for name, tokens in values.items():
        numbers = [t for t in tokens if t.type in ("dimension", "number", "percentage")]
        if name in SHORTHANDS and numbers:
            top, left = SHORTHANDS[name]
            lengths[top] = _length(numbers[0], font)
            lengths[left] = _length(numbers[[0, 1, 1, 3][min(len(numbers), 4) - 1]], font)
            lengths[name] = max(_length(t, font) for t in numbers)
        elif name in ("border", "border-left", "border-top") and numbers:
            width = max(_length(t, font) for t in numbers)
            lengths[name] = width
            for side in ("left", "top"):
                if name in ("border", f"border-{side}"):
                    lengths[f"border-{side}-width"] = width
        elif numbers and "radius" not in name and (
                name.startswith(("margin", "padding", "border")) or name in SPACING
                or name in ("text-indent", "vertical-align", "line-height", "border-spacing")):
            lengths[name] = max(_length(t, font, per=name == "line-height") for t in numbers)
    for name, value in lengths.items():
        limit = MAX_SPACING_PX if name in SPACING else MAX_OFFSET_PX
        if value > limit:
            moved = f"moves or spreads its text by {name} {value:.0f}px"
            return replace(look, font=font, opacity=opacity), moved
    right = sum(max(lengths.get(n, 0.0), 0.0) for n in LEFT)
    down = sum(max(lengths.get(n, 0.0), 0.0) for n in TOP) + max(lengths.get("vertical-align", 0.0), 0.0)
    down += max(lengths.get("line-height", 0.0) - font, 0.0)
    leading, line_px = look.leading, look.line_px
    for token in values.get("line-height", [])[:1]:
        if token.type == "number":
            leading, line_px = float(token.value), 0.0
        elif token.type in ("dimension", "percentage"):
            leading, line_px = 0.0, _length(token, font, per=True)
        elif token.type == "ident" and token.lower_value == "normal":
            leading, line_px = 1.25, 0.0
    return replace(look, font=font, opacity=opacity, right=look.right + right, down=look.down + down,
                   leading=leading, line_px=line_px), ""


def _font_shorthand(tokens: list) -> list:
    """The size in `font: italic bold 12px/1.4 Arial` (the first length before the slash)."""
    for token in tokens:
        if token.type == "literal" and token.value == "/":
            return []
        if token.type in ("dimension", "percentage") or (token.type == "ident" and (
                token.lower_value in KEYWORDS or token.lower_value in ("smaller", "larger"))):
            return [token]
    return []


def _size(token, parent: float) -> float:
    if token.type == "ident":
        word = token.lower_value
        return {"smaller": parent / 1.2, "larger": parent * 1.2}.get(word, KEYWORDS.get(word, parent))
    if token.type == "percentage":
        return parent * token.value / 100
    if token.type == "number":
        return float(token.value)  # a bare number (quirks mode: pixels)
    if token.type != "dimension":
        return parent
    unit = token.lower_unit
    if unit in ("em",):
        return parent * token.value
    if unit in ("ex", "ch"):
        return parent * token.value / 2
    if unit == "rem":
        return 16.0 * token.value
    return token.value * ABSOLUTE.get(unit, 0.0)  # an unknown unit (vw, vh, ...): read as nothing


def _length(token, font: float, per: bool = False) -> float:
    """A length in pixels (a percentage of a window's width; `per`: a number or percentage is of
    the font, as a line height's)."""
    if token.type == "number":
        return token.value * font if per else float(token.value)
    if token.type == "percentage":
        return token.value * (font if per else PARENT_WIDTH_PX) / 100
    unit = token.lower_unit
    if unit in ("em", "ex", "ch", "rem"):
        return token.value * (16.0 if unit == "rem" else font) * (0.5 if unit in ("ex", "ch") else 1.0)
    return token.value * ABSOLUTE.get(unit, 1000.0)  # an unknown unit (vw, ...): taken as far


def _font_size(value: str, parent: float) -> float:
    """<font size="N">, "+N" or "-N" (relative to 3), clamped to 1..7 as browsers do."""
    value = value.strip()
    try:
        number = int(value.lstrip("+-") or "x")
    except ValueError:
        return parent
    if value.startswith("+"):
        number = 3 + number
    elif value.startswith("-"):
        number = 3 - number
    return FONT_SIZES[min(max(number, 1), 7)]


NO_WRAP = frozenset(("pre", "xmp", "listing", "plaintext", "nobr"))
VERTICAL = ("margin-top", "margin-bottom", "padding-top", "padding-bottom", "border-top-width",
            "border-bottom-width", "height", "min-height")


def _wraps(parent: bool, name: str, attrs: dict[str, str], values: dict[str, list]) -> bool:
    """Whether the element's lines wrap: `white-space` as set, else <pre>, <nobr> and `<td nowrap>` do
    not, else as its parent's."""
    idents = [t.lower_value for t in values.get("white-space", []) if t.type == "ident"]
    if idents:
        return idents[0] not in ("nowrap", "pre")
    return parent and name not in NO_WRAP and not (name in ("td", "th") and "nowrap" in attrs)


def _legacy_length(value: str) -> float:
    """An HTML length attribute (`height="40000"`, `width="50%"`) in pixels (a percentage of a window)."""
    import re

    found = re.match(r"\s*(\d{1,12}(?:\.\d{0,6})?)\s*(%?)", value or "")
    if not found:
        return 0.0
    return float(found.group(1)) * (PARENT_WIDTH_PX / 100 if found.group(2) else 1.0)


def vertical(name: str, attrs: dict[str, str], font: float) -> float:
    """The blank vertical space an element's box adds around or below its text: its height or
    min-height (style or attribute, `<hr size>`), its top and bottom margins, paddings and borders
    (approval_space adds them up, sibling after sibling)."""
    import tinycss2

    values = _values(tinycss2.parse_blocks_contents(attrs.get("style", ""), skip_comments=True,
                                                    skip_whitespace=True)) if "style" in attrs else {}
    found = dict.fromkeys(VERTICAL, 0.0)
    for prop, tokens in values.items():
        numbers = [_length(t, font) for t in tokens if t.type in ("dimension", "number", "percentage")]
        if not numbers:
            continue
        if prop in ("margin", "padding", "border-width"):
            top, bottom = numbers[0], numbers[2 if len(numbers) > 2 else 0]
            side = "" if prop != "border-width" else "-width"
            base = prop.split("-")[0]
            found[f"{base}-top{side}"], found[f"{base}-bottom{side}"] = top, bottom
        elif prop in ("border", "border-top", "border-bottom"):
            for edge in ("top", "bottom"):
                if prop in ("border", f"border-{edge}"):
                    found[f"border-{edge}-width"] = max(numbers)
        elif prop in found:
            found[prop] = max(numbers)
    height = max(found.pop("height"), found.pop("min-height"), _legacy_length(attrs.get("height", "")))
    if name == "hr":
        height = max(height, _legacy_length(attrs.get("size", "")), 2.0) + 16.0
    return height + sum(max(v, 0.0) for v in found.values())


def width(attrs: dict[str, str], font: float) -> float:
    """How wide an element is made (style width or min-width, the width attribute), in pixels."""
    import tinycss2

    values = _values(tinycss2.parse_blocks_contents(attrs.get("style", ""), skip_comments=True,
                                                    skip_whitespace=True)) if "style" in attrs else {}
    sizes = [_length(t, font) for prop in ("width", "min-width") for t in values.get(prop, [])
             if t.type in ("dimension", "number", "percentage")]
    return max([*sizes, _legacy_length(attrs.get("width", ""))])
