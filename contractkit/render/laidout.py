"""What a laid-out document shows, read off weasyprint's boxes before its PDF is written.

Two uses (sec14): the text every sum check reads (render/statedsums.py) is the text a reader sees
on the pages, not the HTML (a stylesheet can hide the data's total and show nothing in its place);
and, for a project's own look, a text box with digits the reader cannot see is refused: placed off
the page, clipped by an `overflow: hidden` box, invisible (visibility, opacity, transparent or
background-coloured text, a font under 4 px), turned or moved by a transform, put behind the page
(a negative z-index) or covered by a positioned or floated box painted over it. Such text is in
the PDF for a machine (an accounting program, a search) while the reader sees another figure.
Reading the boxes costs a few milliseconds; pypdf's text extraction of the same contract took
0.65-1.3 s.
"""

from __future__ import annotations

import re

from contractkit.errors import RenderError

MIN_FONT = 4.0
"""Pixels: text below this size is not read by a person."""
MIN_CONTRAST = 1.5
"""WCAG contrast ratio under which text on its background counts as unseen (white on white: 1)."""
DIGIT = re.compile(r"\d")
LOGO_MM = (60, 25)
"""The most a look's logo may measure, in mm (width, height): a mark, not a page of figures."""
PX = 96 / 25.4
"""CSS pixels in a millimetre."""


def _rgb(color) -> tuple[float, float, float, float]:
    srgb = color.to("srgb") if color.space != "srgb" else color
    r, g, b = (min(max(float(c or 0), 0.0), 1.0) for c in srgb.coordinates)
    return r, g, b, float(color.alpha if color.alpha is not None else 1)


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rect(box) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return x, y, x + box.border_width(), y + box.border_height()


def _inside(inner, outer, slack: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def _covers(box) -> bool:
    """A box painted over the flow: positioned or floated, with a background or a picture."""
    style = box.style
    placed = style["position"] in ("absolute", "fixed", "relative") or style["float"] != "none"
    if not placed:
        return False
    image = any(kind != "none" for kind, _ in style["background_image"])
    return image or _rgb(style["background_color"])[3] > 0 or type(box).__name__.endswith("ReplacedBox")


def _picture(box, pictures: frozenset) -> str | None:
    """What is wrong with a picture a project's own look places, or None: a border image, or a
    box painting a picture (its background, an image element) larger than LOGO_MM, unless the
    picture is the data's own."""
    style = box.style
    if (style["border_image_source"] or ("none",))[0] == "url":
        return "its look draws a border image (a look places only its logo)"
    painted = any(kind == "url" for kind, _ in style["background_image"])
    replaced = type(box).__name__.endswith("ReplacedBox")
    if replaced:
        element = getattr(box, "element", None)
        if element is not None and (element.get("src") or "") in pictures:
            return None
    if painted or replaced:
        width, height = box.border_width(), box.border_height()
        if width > LOGO_MM[0] * PX + 1 or height > LOGO_MM[1] * PX + 1:
            return (f"its look places a picture of {width / PX:.0f} x {height / PX:.0f} mm (a logo is at "
                    f"most {LOGO_MM[0]} x {LOGO_MM[1]} mm)")
    return None


def _data_picture_hidden(box, pictures: frozenset, clip, opacity: float, moved: bool) -> str | None:
    """The data's own picture (the payment QR) hidden by a look, which may then show its own."""
    element = getattr(box, "element", None)
    if not type(box).__name__.endswith("ReplacedBox") or element is None or \
            (element.get("src") or "") not in pictures:
        return None
    if box.style["visibility"] != "visible" or opacity < 0.3 or moved or not _inside(_rect(box), clip):
        return "its look hides the payment QR code the data gives"
    return None


def read(document, own: bool, source: str, pictures: frozenset = frozenset()) -> tuple[str, str]:
    """The text document's pages show, a line per line box: (in the pages' bodies, in their margin
    boxes: running heads, page numbers). own: a project's own look, whose hidden digits and
    pictures other than its logo and the data's (`pictures`: data: URLs) are refused (RenderError
    naming `source`)."""
    from weasyprint.formatting_structure import boxes

    lines: list[str] = []
    margins: list[str] = []
    for page in document.pages:
        root = page._page_box
        page_rect = (0.0, 0.0, float(page.width), float(page.height))
        covers: list[tuple[tuple, int]] = []
        texts: list[tuple[object, tuple, frozenset]] = []
        stack = [(root, page_rect, (1.0, 1.0, 1.0, 1.0), 1.0, False, frozenset(), False)]
        while stack:
            box, clip, background, opacity, moved, within, margin = stack.pop()
            margin = margin or isinstance(box, boxes.MarginBox)
            out = margins if margin else lines
            style = box.style
            opacity *= float(style["opacity"])
            moved = moved or bool(style["transform"]) or (
                style["position"] != "static" and style["z_index"] not in ("auto", None)
                and style["z_index"] < 0) or _shifted(style)
            bg = _rgb(style["background_color"])
            if bg[3] >= 0.5:
                background = bg
            if own and box is not root:
                wrong = _picture(box, pictures) or _data_picture_hidden(box, pictures, clip, opacity, moved)
                if wrong:
                    raise _refused(source, "", wrong)
            if own and _covers(box) and box is not root:
                covers.append((_rect(box), id(box)))
                within = within | {id(box)}
            if isinstance(box, boxes.LineBox):
                out.append("\n")
            if isinstance(box, boxes.TextBox):
                struck = own and _struck(box.style)
                if struck and (box.text or "").strip():
                    raise _refused(source, box.text, struck)
                shown = _shown(box, clip, background, opacity, moved)
                if shown:
                    out.append(box.text)
                    texts.append((box, _rect(box), within))
                elif own and DIGIT.search(box.text or ""):
                    raise _refused(source, box.text, "its look hides text with figures "
                                   f"({_why(box, clip, background, opacity, moved)})")
                continue
            if isinstance(box, boxes.BlockBox) or isinstance(box, boxes.TableCellBox):
                out.append("\n")
            if style["overflow"] != "visible" and hasattr(box, "padding_box_x"):
                x, y = box.padding_box_x(), box.padding_box_y()
                clip = (max(clip[0], x), max(clip[1], y), min(clip[2], x + box.padding_width()),
                        min(clip[3], y + box.padding_height()))
            children = getattr(box, "children", None) or []
            stack.extend((child, clip, background, opacity, moved, within, margin)
                         for child in reversed(children))
        printed_over = own and _overprinted(texts)
        if printed_over:
            raise _refused(source, printed_over, "its look prints text over other text")
        for box, rect, within in texts:
            if own and DIGIT.search(box.text or ""):
                for cover, ident in covers:
                    if ident not in within and _overlap(rect, cover):
                        raise _refused(source, box.text, "its look places a box over text with figures")
        lines.append("\n")
    return re.sub(r"\n+", "\n", "".join(lines)), re.sub(r"\n+", "\n", "".join(margins))


def _overprinted(texts) -> str | None:
    """The text of a line printed over another's (red team 14, B16: a negative margin or a zero
    height pulls the next clauses up over it), or None. Boxes are swept top to bottom: each is
    compared with those that start above its bottom edge only. Boxes on one line touch, never
    overlap; lines set tighter than their type overlap by less than half a line."""
    shown = sorted(((rect, box.text) for box, rect, _ in texts if (box.text or "").strip()),
                   key=lambda item: item[0][1])
    for i, (a, text) in enumerate(shown):
        for b, other in shown[i + 1:]:
            if b[1] >= a[3]:
                break
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            if across > 1 and down > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                return f"{text.strip()[:40]} / {other.strip()[:40]}"
    return None


MIN_LETTER_SPACING = -0.05
"""Ems: letters set closer than this are drawn over each other (red team 14, B16)."""
MIN_WORD_SPACING = -0.2
"""Ems: words set closer than this are drawn over each other."""


def _shifted(style) -> bool:
    """A box moved from where the text flows (`position: relative` with an offset): printed over
    the clause above or below it (red team 14, B16)."""
    if style["position"] != "relative":
        return False
    for side in ("top", "right", "bottom", "left"):
        value = style[side]
        if value not in ("auto", None) and float(getattr(value, "value", value) or 0) != 0:
            return True
    return False


def _struck(style) -> str | None:
    """Why text drawn with this style reads as deleted: struck through (red team 14, B13)."""
    lines = style["text_decoration_line"]
    if lines not in ("none", None) and "line-through" in lines:
        return "its look strikes text through (text-decoration: line-through), so it reads as deleted"
    return None


def _spacing(style) -> str | None:
    """Letters or words set over each other (negative letter- or word-spacing, red team 14, B16)."""
    size = float(style["font_size"]) or 1.0
    for name, least in (("letter_spacing", MIN_LETTER_SPACING), ("word_spacing", MIN_WORD_SPACING)):
        value = style[name]
        if value not in ("normal", None) and float(getattr(value, "value", value)) < least * size:
            return f"{name.replace('_', '-')} that draws them over each other"
    return None


def _shown(box, clip, background, opacity, moved) -> bool:
    return _why(box, clip, background, opacity, moved) is None


def _why(box, clip, background, opacity, moved) -> str | None:
    style = box.style
    color = _rgb(style["color"])
    if style["visibility"] != "visible":
        return "visibility"
    if opacity * color[3] < 0.3:
        return "transparent"
    if float(style["font_size"]) < MIN_FONT:
        return "font size"
    if moved:
        return "a transform, a negative z-index or a relative offset"
    spaced = _spacing(style)
    if spaced:
        return spaced
    if not _inside(_rect(box), clip):
        return "off the page or clipped"
    if _contrast(color, background) < MIN_CONTRAST:
        return "the colour of its background"
    return None


def _refused(source: str, text: str, what: str) -> RenderError:
    named = f"template {source}" if source.endswith(".j2") else source or "the document"
    shown = f": {text.strip()[:30]!r}" if text.strip() else ""
    return RenderError(f"{named}: refused: {what}{shown}: what a document states is what its reader "
                       "sees", hint="a look restyles the document (colours, fonts, sizes, margins); its "
                       "words and figures come from the templates and project.yaml, shown plainly")


DATA_PICTURE = re.compile(r"data:image/[^\"'\s)<>]+", re.I)


def html_pictures(html: str, pictures: frozenset, source: str) -> None:
    """A project's own look's HTML embeds no picture but the data's own (`pictures`: the payment
    QR): the DOCX made from it takes embedded pictures only, so this is its picture rule."""
    import html as htmllib

    for m in DATA_PICTURE.finditer(htmllib.unescape(html)):
        if m.group(0) not in pictures:
            raise _refused(source, "", "its look embeds a picture of its own (only its logo, a "
                           "logo.png in the look folder, is placed)")


LABELS = frozenset({"страница", "из", "page", "of"})
"""The words of the bundled page numbers (base.html.j2's @bottom-center)."""


def _words(text: str) -> list[str]:
    """Words as a reader reads them: a word broken at a line end by a hyphen is one word."""
    text = re.sub(r"(?<=\w)[-\u2010\u00ad]\s*(?=\w)", "", text.lower())
    return re.findall(r"\w+", text)


def same_words(html_text: str, body: str, margins: str, source: str) -> None:
    """A project's own look shows the words of the document, all and only them (red team 12, B04,
    B07): a stylesheet that hides a clause (display: none, a white or tiny font) or adds one (a
    pseudo-element's `content`, a margin box's) makes the signed PDF say other than the DOCX and
    the redline, which are made from the HTML. html_text: the HTML's shown text
    (render/requisites.shown); body, margins: read()'s."""
    from collections import Counter

    written, shown = Counter(_words(html_text)), Counter(_words(body))
    heads = set(_words(margins))
    missing = [w for w in (written - shown) if w not in heads]
    if missing:
        raise _refused(source, "", f"its look hides words of the document («{' '.join(missing[:6])}»)")
    added = [w for w in (shown - written) if not w.isdigit()]
    added += [w for w in heads - set(written) - LABELS if not w.isdigit()]
    if added:
        raise _refused(source, "", f"its look adds words to the document («{' '.join(added[:6])}»)")
