"""Where and how a Word template lays its text out: what docxshown's allow-list of elements cannot see.

Red team 12 hid and added clauses with what a viewer draws around the text nodes rather than in them:
a page a few millimetres wide (B13: LibreOffice lays out hundreds of pages), a list label that is a
sentence (B18), text in a colour that barely differs from what is under it (B14: #FEFEFE on the page,
yellow on a yellow highlight), a HYPERLINK field that shows one address and opens another (B16), and
lines drawn on top of each other (B17, `w:spacing w:line="20"`). So:
- a page is between A6 and A3 (either way round) and its text area at least 5 cm each way;
- a list label holds the level numbers (`%1`), punctuation, one bullet character and at most one of
  the words LABEL_WORDS ("Статья %1.", "Article %1"): no sentence;
- a run's colour contrasts at least MIN_CONTRAST (WCAG 2's ratio) with what is under it: its
  highlight, its shading, its paragraph's, cell's or table's, else the white page (a page colour,
  `w:background`, is refused);
- a HYPERLINK field whose shown text is an address opens that address;
- lines are not set closer than MIN_EXACT_LINE (exact) or half a line (auto), and no paragraph is
  indented off the page.
"""

from __future__ import annotations

import re

from contractkit.render.docxtheme import attr, remapped, themed, tinted

MIN_CONTRAST = 2.0
"""Text against its background (WCAG 2 contrast ratio, 1 to 21): grey #b3b3b3 on white is 2.1;
#fefefe on white (1.01) and yellow on a yellow highlight (1.0) are not read (approval_paint's rule)."""
PAGE_MIN, PAGE_MAX = 5953, 23811
"""The shorter side of a page at least A6's 105 mm, the longer at most A3's 420 mm (twips)."""
MIN_TEXT_AREA = 2835
"""5 cm, in twips: the width and height left for text between the margins."""
MIN_COLUMN = 1701
"""3 cm, in twips: the narrowest text column (a few words a line)."""
OFF = ("0", "false", "off")
MIN_INDENT = -2835
"""A paragraph may reach 5 cm into the margin (twips), not off the page."""
MIN_EXACT_LINE = 160
"""8 pt, in twentieths of a point: lines set exactly closer than this overprint each other."""
MIN_AUTO_LINE = 120
"""Half a line (240 = single): closer, a paragraph's lines are drawn over each other."""
LABEL_WORDS = frozenset({
    "статья", "раздел", "глава", "пункт", "часть", "приложение", "подраздел", "article", "section",
    "chapter", "clause", "part", "schedule", "annex", "appendix", "exhibit", "paragraph"})
"""The one word a list label may hold besides its numbers (a heading's "Статья 1.")."""
HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF",
    "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080",
    "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0"}
"""w:highlight's named colours (ECMA-376 17.18.40)."""
URL = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)[^\s\"'<>«»]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                 r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s\"'<>«»]*)?")
"""An address in shown text: a scheme, www., a mail address or a dotted host name."""


def problem(root, shaded: frozenset[str] = frozenset(),
            links: dict | None = None) -> tuple[object, str, str] | None:
    """(the element, what it is, how to fix it in Word) for the first layout in this XML part that
    hides, overprints or adds text, or None. `shaded`: the ids of the styles with a background;
    `links`: the part's hyperlink relationship ids -> targets."""
    from contractkit.render.docxxml import local

    for el in root.iter("{*}pgSz", "{*}pgMar", "{*}lvlText", "{*}color", "{*}spacing", "{*}background",
                        "{*}ind", "{*}tab", "{*}trHeight", "{*}suff", "{*}tblInd",
                        "{*}clrSchemeMapping", "{*}cols"):
        tag, holder = local(el.tag), local(el.getparent().tag) if el.getparent() is not None else ""
        why = hint = None
        if tag == "pgSz":
            why, hint = _page(el), "use an A4 or Letter page in Word (Layout > Size)"
        elif tag == "pgMar":
            why, hint = _margins(el), "set ordinary margins in Word (Layout > Margins)"
        elif tag == "lvlText":
            why = _label(attr(el, "val"))
            hint = "number the list with Word's own numbering (%1, %2, …) and type the words in the text"
        elif tag == "background":
            if attr(el, "color").upper() not in ("", "AUTO", "FFFFFF") or len(el):
                why, hint = "a page colour or page background picture", "Design > Page Color > No Color"
        elif tag == "color" and holder == "rPr":
            why = _faint(el, shaded)
            hint = "give the text an ordinary colour in Word (Home > Font), in the styles too"
        elif tag == "cols" and holder == "sectPr":
            why, hint = _columns(el), "set one or two text columns in Word (Layout > Columns)"
        elif tag == "clrSchemeMapping":
            why = remapped(el)
            hint = "save the document again from Word with its own theme colours (Design > Colors)"
        elif tag == "trHeight":
            why = _row(el)
            hint = "in Word: Table Properties > Row > Row height is: At least, and save"
        elif tag == "suff" and holder == "lvl":
            why = _glued(el)
            hint = "in Word: Adjust List Indents > Follow number with: Tab character or Space"
        elif (tag == "ind" and holder == "pPr") or (tag == "tab" and holder == "tabs") or tag == "tblInd":
            why, hint = _indent(el), "set ordinary indents and tab stops in Word (Home > Paragraph)"
        elif tag == "spacing" and holder == "pPr":
            why, hint = _lines(el), "set ordinary line spacing in Word (Home > Paragraph)"
        if why:
            return el, why, hint
    return _hyperlink(root, links or {})


def _twips(el, name: str) -> int | None:
    value = attr(el, name).strip()
    return int(value) if value.lstrip("-").isdigit() else None


def _page(el) -> str | None:
    width, height = _twips(el, "w"), _twips(el, "h")
    if width is None or height is None:
        return None if width is None and height is None else "a page with one side unset"
    if min(width, height) < PAGE_MIN or max(width, height) > PAGE_MAX:
        return (f"a page of {width / 567:.1f} x {height / 567:.1f} cm, outside A6 to A3 (a page no "
                "contract has; LibreOffice would lay it out on hundreds of pages)")
    return None


def _margins(el) -> str | None:
    sect = el.getparent()
    size = next((c for c in sect if isinstance(c.tag, str) and c.tag.endswith("}pgSz")), None)
    width = _twips(size, "w") if size is not None else 12240
    height = _twips(size, "h") if size is not None else 15840
    side = [abs(_twips(el, k) or 0) for k in ("left", "right", "top", "bottom", "gutter")]
    across, down = (width or 12240) - side[0] - side[1] - side[4], (height or 15840) - side[2] - side[3]
    if min(across, down) < MIN_TEXT_AREA:
        return (f"margins that leave {max(across, 0) / 567:.1f} x {max(down, 0) / 567:.1f} cm for the "
                "text, under 5 cm")
    return None


def _label(value: str) -> str | None:
    rest = re.sub(r"%[1-9]", "", value)
    words = re.findall(r"[^\W\d_]+", rest)
    if len(rest.strip()) <= 1 or not words:
        return None  # a bullet (even Word's "o"), or numbers and punctuation
    if len(words) == 1 and words[0].lower() in LABEL_WORDS:
        return None
    return f"a list label with words of its own ({value[:60]!r}), printed where no text is"


def _columns(el) -> str | None:
    """Text columns narrower than MIN_COLUMN turn a clause into a soup of letters (red team 14, B20:
    40 columns of 4 mm): each column, as set or as the text area shared out, is at least 3 cm."""
    sect = el.getparent()
    size = next((c for c in sect if isinstance(c.tag, str) and c.tag.endswith("}pgSz")), None)
    margins = next((c for c in sect if isinstance(c.tag, str) and c.tag.endswith("}pgMar")), None)
    width = (_twips(size, "w") if size is not None else None) or 12240
    if margins is not None:
        width -= sum(abs(_twips(margins, k) or 0) for k in ("left", "right", "gutter"))
    count = _twips(el, "num") or 1
    space = max(_twips(el, "space") or 0, 0)
    widths = [_twips(c, "w") or 0 for c in el if isinstance(c.tag, str) and c.tag.endswith("}col")]
    if attr(el, "equalWidth").strip().lower() in OFF and widths:
        narrow = min(widths)
    else:
        narrow = (width - space * (count - 1)) // count if count > 0 else 0
    if count < 1 or narrow < MIN_COLUMN:
        return f"{count} text columns of {max(narrow, 0) / 567:.1f} cm, under {MIN_COLUMN / 567:g} cm"
    return None


def _row(el) -> str | None:
    """A table row of exact height clips what does not fit in it (red team 14, B15: a clause in a
    row 1 pt high is in the text and nowhere on the page): a row may only be at least so high."""
    if attr(el, "hRule").strip() == "exact":
        height = _twips(el, "val")
        return (f"a table row of exact height{f' {height / 20:g} pt' if height is not None else ''}: "
                "it cuts off the text that does not fit in it")
    return None


def _glued(el) -> str | None:
    """A list number with nothing after it is glued to the text (red team 14, B19: "Итого 1" and
    "243 500,00 ₽" print as "Итого 1243 500,00 ₽"); only a bullet or no label may be followed by nothing."""
    if attr(el, "val").strip() != "nothing":
        return None
    fmt = next((c for c in el.getparent() if isinstance(c.tag, str) and c.tag.endswith("}numFmt")), None)
    if fmt is not None and attr(fmt, "val").strip() in ("bullet", "none"):
        return None
    return "a list number followed by nothing (w:suff): it is printed glued to the text after it"


def _indent(el) -> str | None:
    """A paragraph or table pushed off the page: indented far into or past the margins."""
    if el.tag.endswith("}tblInd") and attr(el, "type").strip() not in ("", "dxa"):
        return None  # a share of the width, or nil
    for name in ("left", "right", "start", "end", "hanging", "firstLine", "pos", "w"):
        value = _twips(el, name)
        if value is not None and (value < MIN_INDENT or value > PAGE_MAX):
            if name == "w":
                return f"a table indented {value / 567:.1f} cm, off the page"
            return (f"a tab stop at {value / 567:.1f} cm, off the page" if name == "pos" else
                    f"a paragraph indented {value / 567:.1f} cm ({name}), off the page")
    return None


def _lines(el) -> str | None:
    line, rule = _twips(el, "line"), attr(el, "lineRule").strip() or "auto"
    if line is None:
        return None
    if rule == "exact" and line < MIN_EXACT_LINE:
        return f"lines set exactly {line / 20:g} pt apart, drawn over each other"
    if rule == "auto" and line < MIN_AUTO_LINE:
        return f"lines set {line / 240:.2f} lines apart, drawn over each other"
    return None


def _faint(el, shaded: frozenset[str]) -> str | None:
    """Whether a run's colour barely differs from the nearest background under it."""

    colour = attr(el, "val").strip().upper()
    if not re.fullmatch(r"[0-9A-F]{6}", colour):
        return None  # auto: the viewer picks black or white against the background
    # Word draws the theme colour, LibreOffice (the PDF) `val`: each must be read
    for drawn in (*themed(el, colour, shaded), colour):
        why = _faint_as(el, drawn, shaded)
        if why:
            return why
    return None


def _faint_as(el, colour: str, shaded: frozenset[str]) -> str | None:
    from contractkit.render.docxxml import local

    backgrounds = None
    holder = el.getparent()
    while holder is not None and backgrounds is None:
        kind = local(holder.tag)
        if kind in ("style", "tblStylePr"):
            found = [f for f in (_fill(s) for s in holder.iter("{*}highlight", "{*}shd")) if f]
            backgrounds = found or None
        elif kind in ("rPr", "pPr", "tcPr", "tblPr"):
            found = [f for f in (_fill(s) for s in holder if isinstance(s.tag, str)
                                 and local(s.tag) in ("highlight", "shd")) if f]
            backgrounds = found[:1] or _styled_fills(holder, shaded)
            if backgrounds is None and _styled(holder, shaded):
                return None  # a style's theme background: its text is checked with the style
        elif kind in ("p", "tc", "tbl"):
            own = next((c for c in holder if isinstance(c.tag, str) and local(c.tag) == f"{kind}Pr"), None)
            if own is not None and own is not el.getparent():
                found = [f for f in (_fill(s) for s in own if isinstance(s.tag, str)
                                     and local(s.tag) == "shd") if f]
                backgrounds = found[:1] or _styled_fills(own, shaded)
                if backgrounds is None and _styled(own, shaded):
                    return None
        holder = holder.getparent()
    backgrounds = backgrounds or ["FFFFFF"]
    ratios = [(_contrast(colour, b), b) for b in backgrounds]
    ratio, under = max(ratios)
    if ratio < MIN_CONTRAST:
        return (f"text in #{colour} on #{under} (contrast {ratio:.2f}, under {MIN_CONTRAST:g}): in the "
                "text but out of sight on the page")
    return None


def _styled_fills(properties, shaded: frozenset[str]) -> list[str] | None:
    """The backgrounds the styles these properties name give (docxshown.shaded_styles), or None:
    a run of a shaded style is judged against its style's fill, not let through (red team 14, B11)."""
    names = [attr(ref, "val") for ref in properties.iter("{*}pStyle", "{*}rStyle", "{*}tblStyle")]
    pairs = [entry.split("\0", 1) for entry in shaded if "\0" in entry]
    fills = [fill for name, fill in pairs if name in names]
    return fills or None


def _styled(properties, shaded: frozenset[str]) -> bool:
    refs = properties.iter("{*}pStyle", "{*}rStyle", "{*}tblStyle")
    return any(attr(ref, "val") in shaded for ref in refs)


def _fill(shade) -> str | None:
    """The colour a w:highlight or w:shd puts under text, or None (none, auto, clear)."""
    if shade.tag.endswith("}highlight"):
        return HIGHLIGHTS.get(attr(shade, "val").strip())
    fill, pattern = attr(shade, "fill").strip().upper(), attr(shade, "val").strip()
    if attr(shade, "themeFill").strip() in ("background1", "light1", "background2", "light2"):
        # Word fills with the theme's light colour, whatever w:fill says: taken as white
        fill = tinted("FFFFFF", attr(shade, "themeFillTint").strip(),
                       attr(shade, "themeFillShade").strip())
    colour = attr(shade, "color").strip().upper()
    if pattern == "solid" and re.fullmatch(r"[0-9A-F]{6}", colour):
        return colour
    share = _share(pattern) if pattern != "solid" else 0.0
    if share:  # a pattern: what the eye sees is the mix of its colour over the fill (red team 14, B18)
        fill = fill if re.fullmatch(r"[0-9A-F]{6}", fill) else "FFFFFF"
        colour = colour if re.fullmatch(r"[0-9A-F]{6}", colour) else "000000"
        return "".join(f"{round(int(colour[i:i + 2], 16) * share + int(fill[i:i + 2], 16) * (1 - share)):02X}"
                       for i in (0, 2, 4))
    return fill if re.fullmatch(r"[0-9A-F]{6}", fill) else None


def _share(pattern: str) -> float:
    """How much of a w:shd pattern is its colour (ECMA-376 17.18.78): pctNN is NN %, a stripe or
    cross half, a thin one a quarter (solid, clear and nil: see _fill)."""
    if pattern in ("", "clear", "nil", "solid"):
        return 0.0
    if re.fullmatch(r"pct\d{1,2}", pattern):
        return int(pattern[3:]) / 100
    return 0.25 if pattern.startswith("thin") else 0.5


def _contrast(one: str, other: str) -> float:
    def luminance(code: str) -> float:
        rgb = [int(code[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hyperlink(root, links: dict) -> tuple[object, str, str] | None:
    """A HYPERLINK field or a w:hyperlink whose shown text names an address other than the one it
    opens (a link to a bookmark opens none)."""
    from contractkit.render.docxfields import W

    stack: list[list] = []  # per open field: [reading the code?, code pieces, shown pieces, begin]
    fields = [(el.get(f"{W}instr", ""), "".join(t.text or "" for t in el.iter(f"{W}t")), el)
              for el in root.iter(f"{W}fldSimple")]
    for el in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if el.tag == f"{W}instrText":
            if stack and stack[-1][0]:
                stack[-1][1].append(el.text or "")
        elif el.tag == f"{W}t":
            for frame in stack:
                if not frame[0]:
                    frame[2].append(el.text or "")
        elif el.get(f"{W}fldCharType") == "begin":
            stack.append([True, [], [], el])
        elif el.get(f"{W}fldCharType") == "separate" and stack:
            stack[-1][0] = False
        elif el.get(f"{W}fldCharType") == "end" and stack:
            _, code, shown, begin = stack.pop()
            fields.append(("".join(code), "".join(shown), begin))
    for el in root.iter(f"{W}hyperlink"):
        target = next((links.get(v, "") for k, v in el.attrib.items() if k.endswith("}id")), "")
        fields.append((f'HYPERLINK "{target}"', "".join(t.text or "" for t in el.iter(f"{W}t")), el))
    for code, shown, begin in fields:
        match = re.match(r'\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))', code, re.I)
        if not match:
            continue
        target = _address(match.group(1) or match.group(2) or "")
        named = [a for a in (_address(u) for u in URL.findall(shown)) if a]
        if any(a != target for a in named):
            return (begin, (f"a link that shows {shown.strip()[:60]!r} but opens "
                                   f"{(match.group(1) or match.group(2))[:60]!r}"),
                    "make the link's text the address it opens (Insert > Link)")
    return None


def _address(url: str) -> str:
    """An address as compared: no scheme, www., trailing slash or punctuation, lower-case host."""
    url = re.sub(r"(?i)^(?:[a-z][a-z0-9+.-]*://|mailto:)", "", url.strip()).rstrip(".,;:)/")
    url = re.sub(r"(?i)^www\.", "", url)
    host, _, path = url.partition("/")
    return host.lower() + ("/" + path if path else "")


