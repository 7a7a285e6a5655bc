"""The boxes a reply's text is laid out in: text may not overflow a box, no painted box may reach
over another line, and boxes side by side add up to a row (red team 12, B01 B02 B06 B08).

approval_look bounds what one element and its ancestors do to their own text; but a box drawn
shorter than its text (`height:9px`, `max-height`) lets the text overflow, visible by default, under
its own border or a following <hr> drawn through the letters (B01), and under the white background
of a later inline-block, painted after it in tree order (CSS 2.1 Appendix E; B02). An inline box's
vertical padding and border do not enlarge its line, so its background or border reaches over the
lines around it (B06). And widths are bounded one element at a time while cells and inline-blocks
side by side add up, pushing a text right of the window (B08). So the walker (mail/html.py):

- closes every box with a set height or max-height (`Box`) on the lines of text it holds, each
  wrapped at a narrow window, and refuses the text when they need more than the box;
- refuses an inline box that paints a background or a border reaching more than REACH_PX beyond
  its own line (its padding, border and a font taller than its line height);
- moves each child right by the widths of the siblings before it on its row (`offsets`), so the
  bound of approval_look.MAX_SHIFT_PX holds for a row as it holds for an element stack.

What cannot be measured is refused: a height in percent, a <style> rule that sets a height, or a
background or border with vertical padding (its selectors are not matched).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from contractkit.mail import look as approval_look

INLINE = frozenset(("span", "a", "b", "i", "u", "em", "strong", "small", "big", "font", "code", "tt", "kbd",
                    "samp", "var", "cite", "q", "sub", "sup", "abbr", "acronym", "dfn", "mark", "ins", "nobr",
                    "o:p", "img", "s", "del", "strike", "wbr", "br"))
"""Elements laid out inline by default."""
CELLS = frozenset(("td", "th"))
TABLE = frozenset(("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"))
"""Table parts: a height set on them is a least height, the content grows them."""
SIDE_BY_SIDE = frozenset(("inline", "inline-block", "inline-table", "table-cell"))
REACH_PX = 3.0
"""How far an inline box's background or border may reach beyond its line: a highlight's edge."""
CONTENT = 1.3
"""The height of a font's glyph box (ascent plus descent), in font sizes: 1.15 for Arial and Times,
1.16 for DejaVu, up to 1.33 for Segoe UI; taken high, so a reach is not underestimated."""
EM_WIDTH = 0.6
"""A character's width in font sizes, taken wide (Arial's average is about 0.5)."""
SIDES = ("top", "bottom")
BORDER_STYLES = frozenset(("solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset"))
"""Border styles that draw a line (`none` and `hidden` draw none; Outlook writes `border:none
 windowtext 1pt`)."""
NARROW_PX = 300.0
"""The width a text is wrapped at when a box's own width is not set: a phone's mail window."""


def _values(attrs: dict[str, str]) -> dict[str, list]:
    import tinycss2

    if "style" not in attrs:
        return {}
    return approval_look._values(tinycss2.parse_blocks_contents(attrs["style"], skip_comments=True,
                                                                 skip_whitespace=True))


def display(name: str, values: dict[str, list]) -> str:
    """How the element is laid out: its `display`, "float" when it floats, else its tag's default."""
    floats = [t.lower_value for t in values.get("float", []) if t.type == "ident"]
    if floats and floats[0] != "none":
        return "float"
    idents = [t.lower_value for t in values.get("display", []) if t.type == "ident"]
    if idents:
        return idents[0]
    return "inline" if name in INLINE else "table-cell" if name in CELLS else "block"


@dataclass
class Box:
    """An element with a set height: the lines of text laid out in it, measured when it ends."""

    name: str
    height: float
    """Its set height or max-height (inf when only a width is set)."""
    width: float
    """Its set width or max-width (inf when only a height is set)."""
    lines: dict[int, list[float]] = field(default_factory=dict)
    """Line serial -> [characters, the tallest line height, the widest font]."""
    extra: float = 0.0
    """The vertical margins, paddings and borders of the boxes inside it."""
    rim: float = 0.0
    """An inline box's font when it draws a border (0 when none): its border runs around its own
    letters' height, so letters inside it may not be taller or raised (red team 12, B01)."""
    crossed: str = ""

    def add(self, serial: int, text: str, look) -> None:
        if self.rim and look.font > self.rim * 1.05:
            self.crossed = f"{look.font:.0f}px letters in a {self.rim:.0f}px one"
        line = self.lines.setdefault(serial, [0, 0.0, 0.0])
        line[0] += len(text)
        line[1] = max(line[1], look.line, look.font * 1.25)
        line[2] = max(line[2], look.font)

    def overflows(self) -> str:
        """Why its text needs more height than it has ("" when it fits)."""
        if self.crossed:
            return (f"draws an inline <{self.name[:30]}>'s border through the letters inside it "
                    f"({self.crossed}): its border runs around its own letters' height")
        if self.height == math.inf:
            return ""
        need, wrap = self.extra, max(min(self.width, NARROW_PX), 1.0)
        for chars, line, font in self.lines.values():
            need += math.ceil(chars * EM_WIDTH * font / wrap) * line
        if need > self.height:
            return (f"sets a <{self.name[:30]}> {self.height:.0f}px high, below the {need:.0f}px its text "
                    "needs: the text overflows it, where a border or a box drawn later may cross it out or "
                    "cover it")
        return ""


def box(name: str, attrs: dict[str, str], font: float, room: float = math.inf) -> Box | str | None:
    """The Box of an element whose height, max-height, width or max-width is set (None when none
    is, or when its content grows it: a table part, an inline box); a reason when it cannot be
    measured, or when it is wider than the box it is in (room: that box's width)."""
    values = _values(attrs)
    shown = display(name, values)
    layout = [t.lower_value for t in values.get("table-layout", []) if t.type == "ident"]
    if layout and layout[0] == "fixed":
        return (f"lays a <{name[:30]}> out at fixed widths, where a cell's text may overflow into the cell "
                "beside it")
    grows = shown in ("inline", "table-cell", "table-row", "table", "inline-table") or (
        name in TABLE and "display" not in values)
    heights = []
    for prop in ("height", "max-height"):
        if prop == "height" and grows:
            continue  # a height on an inline box does nothing; on a table part it is a least height
        if prop == "max-height" and shown == "inline":
            continue
        for token in values.get(prop, []):
            if token.type == "percentage" and name not in ("html", "body"):
                return f"sets a <{name[:30]}> {prop} in percent, which cannot be measured against its text"
            if token.type in ("dimension", "number"):
                heights.append(approval_look._length(token, font))
    width = math.inf
    for prop in ("width", "max-width") if not grows else ():
        for token in values.get(prop, []):
            if token.type == "percentage":
                width = min(width, math.inf if token.value >= 100 else
                            token.value * approval_look.PARENT_WIDTH_PX / 100)
            elif token.type in ("dimension", "number"):
                width = min(width, max(approval_look._length(token, font), 1.0))
    if width < math.inf and width > room:
        return (f"makes a <{name[:30]}> {width:.0f}px wide, in a box {room:.0f}px wide: its text overflows "
                "that box")
    if shown == "inline" and any(_border(values, side) for side in SIDES):
        return Box(name, math.inf, math.inf, rim=font)
    if not heights and width == math.inf:
        return None
    return Box(name, min(heights) if heights else math.inf, width)


def raised(name: str, attrs: dict[str, str]) -> bool:
    """Whether the element's letters may stand above or below its line's own (sub, sup, a
    vertical-align, a box that is not inline): inside a bordered inline, the border crosses them."""
    values = _values(attrs)
    return name in ("sub", "sup") or "vertical-align" in values or display(name, values) != "inline"


def too_long(word_px: float, room: float) -> str:
    """Why a word (or a line that does not wrap) word_px wide overflows a box room wide ("" when
    it fits): where it sticks out, a box beside it may cover or cross it (red team 12)."""
    if word_px > room:
        return (f"sets a box {room:.0f}px wide around a word about {word_px:.0f}px wide: the word overflows "
                "the box, where a box beside it may cover it")
    return ""


def reach(name: str, attrs: dict[str, str], look, sheet_line: float = 0.0, sheet_font: float = 0.0) -> str:
    """Why an inline box's background or border reaches over the lines around it ("" when it does
    not): its vertical padding and border plus half what its glyphs are taller than its line."""
    values = _values(attrs)
    if display(name, values) != "inline":
        return ""
    painted = name == "mark" or _background(values) or any(_border(values, side) for side in SIDES)
    if not painted:
        return ""
    line = min(look.line, sheet_line) if sheet_line else look.line
    font = max(look.font, sheet_font) if sheet_line or not look.leading else look.font
    over = max((font * CONTENT - line) / 2, 0.0)  # a <style> rule's font may be on a line set as a length
    worst = max(over + _side(values, "padding", side, look.font) + _border(values, side)
                for side in SIDES)
    if worst > REACH_PX:
        return (f"paints an inline <{name[:30]}>'s background or border {worst:.0f}px beyond its line, over "
                "the lines around it")
    return ""


def _background(values: dict[str, list]) -> bool:
    for prop in ("background-color", "background"):
        for token in values.get(prop, []):
            if not (token.type == "ident" and token.lower_value in ("transparent", "none", "initial",
                                                                    "inherit", "unset")):
                return True
    return False


def _side(values: dict[str, list], prop: str, side: str, font: float) -> float:
    """padding-top/bottom (or margin) in pixels, from the longhand or the shorthand."""
    numbers = [t for t in values.get(prop, []) if t.type in ("dimension", "number", "percentage")]
    found = 0.0
    if numbers:
        found = approval_look._length(numbers[0 if side == "top" else 2 if len(numbers) > 2 else 0], font)
    for token in values.get(f"{prop}-{side}", [])[:1]:
        if token.type in ("dimension", "number", "percentage"):
            found = approval_look._length(token, font)
    return max(found, 0.0)


def _border(values: dict[str, list], side: str) -> float:
    """The width of the top or bottom border in pixels, taken at its widest (3px, a medium border,
    when only a style is set; 0 when none is drawn)."""
    width, styled, numbered = 0.0, False, False
    for prop in ("border", f"border-{side}", "border-width", f"border-{side}-width", "border-style",
                 f"border-{side}-style"):
        tokens = values.get(prop, [])
        numbers = [approval_look._length(t, 16.0) for t in tokens if t.type in ("dimension", "number")]
        width, numbered = max([width, *numbers]), numbered or bool(numbers)
        styled = styled or any(t.type == "ident" and t.lower_value in BORDER_STYLES for t in tokens)
    if not styled:
        return 0.0
    return width if numbered else 3.0


def extent(el, memo: dict[int, float]) -> float:
    """How wide an element is at least, in pixels: its set width (style width or min-width, the
    width attribute) or its content's, whichever is more, plus its horizontal margins, paddings and
    borders. Children side by side (inline boxes, cells, floats) add up, blocks stand alone."""
    key = id(el)
    if key in memo:
        return memo[key]
    memo[key] = 0.0  # a cycle cannot happen in a tree; this also bounds a re-entry
    if not isinstance(el.tag, str):
        return 0.0
    name = el.tag.rsplit("}", 1)[-1].lower()
    attrs = {k.rsplit("}", 1)[-1].lower(): v or "" for k, v in el.attrib.items()}
    values = _values(attrs)
    own = 0.0
    for prop in ("margin", "padding"):
        own += _side(values, prop, "left", 16.0) + _side(values, prop, "right", 16.0)
    own += _horizontal_border(values)
    set_width = approval_look.width(attrs, 16.0) if name != "col" else 0.0
    memo[key] = own + max(set_width, offsets(el, memo)[1])
    return memo[key]


def _horizontal_border(values: dict[str, list]) -> float:
    total = 0.0
    for tokens in (values.get("border", []), values.get("border-left", []), values.get("border-right", [])):
        numbers = [approval_look._length(t, 16.0) for t in tokens if t.type in ("dimension", "number")]
        total += numbers[0] if numbers else 0.0
    return total


def offsets(el, memo: dict[int, float]) -> tuple[list[float], float]:
    """How far right each child of el starts, by the siblings before it on its row (before the
    child itself: a tail text after it adds it too, see the walker); and the widest row."""
    starts, row, widest = [], 0.0, 0.0
    for child in el:
        if not isinstance(child.tag, str):
            starts.append(row)
            continue
        name = child.tag.rsplit("}", 1)[-1].lower()
        attrs = {k.rsplit("}", 1)[-1].lower(): v or "" for k, v in child.attrib.items()}
        beside = display(name, _values(attrs))
        wide = extent(child, memo)
        if beside in SIDE_BY_SIDE or beside == "float":
            starts.append(row)
            row += wide
            if name == "br":
                row = 0.0
        else:
            starts.append(0.0)
            widest = max(widest, wide)
            row = 0.0
        widest = max(widest, row)
    return starts, widest


def sheet(css: str, depth: int = 0) -> tuple[str, float, float]:
    """Why a <style> block's boxes cannot be measured (its rules may apply to any element): a rule
    that sets a height or max-height, or paints a background or border with vertical padding or
    border; the smallest line height one of its rules sets as a length (0 when none), and the
    largest font size (a relative one taken of a MAX_FONT_PX parent)."""
    import tinycss2

    smallest, largest = 0.0, 0.0
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            inner = tinycss2.serialize(rule.content)
            why, line, font = sheet(inner, depth + 1) if depth < 4 else ("", 0.0, 0.0)
            if why:
                return why, 0.0, 0.0
            largest = max(largest, font)
        elif rule.type == "qualified-rule":
            values = approval_look._values(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                          skip_whitespace=True))
            if "height" in values or "max-height" in values:
                return "sets a height, which a text in any element may overflow", 0.0, 0.0
            deep = max(_side(values, "padding", side, 16.0) + _border(values, side) for side in SIDES)
            if (_background(values) or deep) and deep > REACH_PX:
                return ("paints a background or border with vertical padding, which may reach over other "
                        "lines"), 0.0, 0.0
            lines = [approval_look._length(t, 16.0, per=True) for t in values.get("line-height", [])
                     if t.type in ("dimension", "percentage")]
            line = min(lines) if lines else 0.0
            sizes = values.get("font-size") or approval_look._font_shorthand(values.get("font", []))
            largest = max([largest, *(approval_look._size(t, approval_look.MAX_FONT_PX) for t in sizes[:1])])
        else:
            continue
        if line:
            smallest = min(smallest, line) if smallest else line
    return "", smallest, largest


def shifted(context: tuple, right: float) -> tuple:
    """A walker's context (quote, hidden, unshown, pre, look) moved right by the boxes before it
    on its row (offsets)."""
    if not right or context is None:
        return context
    quote, hidden, unshown, pre, look = context
    return quote, hidden, unshown, pre, replace(look, right=look.right + right)
