"""Is anything drawn over the signed pages after signing?

pyHanko rates an added signature field as form filling, whatever its widget's appearance paints:
an empty field whose appearance is a white box and new text over the price passes its analysis, and
so does a signer's own visible signature placed over the text. The rule here, provable from the two
files alone: every annotation the signed copy has that the signed original has not must be hidden,
have an empty appearance (no /AP, an empty /N stream, or a zero-area /Rect), or have a /Rect that
meets nothing the original page draws: no glyph run's box, no image, no form XObject. Boxes are
computed from the content stream (CTM, text matrix, the fonts' own widths); where a width is
unknown, the run is taken to be as wide as the page (the rule errs towards "drawn over").
"""

from __future__ import annotations

import io

MAX_OPERATIONS = 500_000
"""Content operations read per page; a page with more is taken as drawn everywhere."""
MAX_DEPTH = 4
Box = tuple[float, float, float, float]
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unreadable(Exception):
    """A page this reader cannot follow: taken as drawn everywhere."""


def drawn_over(original: bytes, signed: bytes) -> int | None:
    """The first page (1-based) where the signed copy draws an added annotation over the original's
    content, or None. A file this cannot read is drawn over on page 1."""
    from pypdf import PdfReader

    try:
        before = PdfReader(io.BytesIO(original), strict=False)
        after = PdfReader(io.BytesIO(signed), strict=False)
        if len(before.pages) != len(after.pages):
            return 1
        for n, (old, new) in enumerate(zip(before.pages, after.pages, strict=True), 1):
            kept = {ref for ref, _ in _annotations(old) if ref is not None}
            added = [a for ref, a in _annotations(new) if ref is None or ref not in kept]
            visible = [r for a in added if (r := _visible_rect(a)) is not None]
            if not visible:
                continue
            try:
                boxes = list(page_boxes(old))
            except (Unreadable, RecursionError):
                return n
            if any(_meets(r, b) for r in visible for b in boxes):
                return n
    except Exception:  # noqa: BLE001 - a hostile file is drawn over, never a crash
        return 1
    return None


def _annotations(page) -> list:
    """The page's annotations, each with its object number (None for a direct one)."""
    annots = _get(page, "/Annots") or []
    if not isinstance(annots, list):
        return []
    return [(getattr(a, "idnum", None), a.get_object()) for a in annots]


def _visible_rect(annot) -> Box | None:
    """The annotation's rectangle if it can draw anything, else None."""
    flags = int(_get(annot, "/F", 0) or 0)
    if flags & 2 or flags & 32:  # Hidden, NoView
        return None
    x1, y1, x2, y2 = (float(v) for v in _get(annot, "/Rect", [0, 0, 0, 0])[:4])
    rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
        return None
    ap = _get(annot, "/AP")
    if ap is None or "/N" not in ap:
        # a signature widget without an appearance draws nothing; any other field or annotation
        # may be drawn by the viewer from its value (NeedAppearances), so it counts as drawn
        kind = _get(annot, "/FT") or _get(_get(annot, "/Parent") or {}, "/FT")
        return None if _get(annot, "/Subtype") == "/Widget" and kind == "/Sig" else rect
    normal = ap["/N"].get_object()
    streams = [normal] if hasattr(normal, "get_data") else [v.get_object() for v in normal.values()]
    if all(not s.get_data().strip() for s in streams if hasattr(s, "get_data")):
        return None
    return rect


def _get(obj, key: str, default=None):
    """obj[key] resolved (an indirect reference read), or default."""
    value = obj.get(key, default) if obj is not None else default
    return value.get_object() if hasattr(value, "get_object") else value


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _mul(m, n):
    """m then n (PDF matrices [a b c d e f])."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _box(m, x1: float, y1: float, x2: float, y2: float) -> Box:
    points = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x in (x1, x2) for y in (y1, y2)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def page_boxes(page):
    """Every box the page draws text, images or forms into, in default user space."""
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    if contents is None:
        return
    stream = ContentStream(contents, page.pdf, "bytes")
    width = float(page.mediabox.width) + abs(float(page.mediabox.left))
    yield from _walk(stream.operations, page.get("/Resources"), IDENTITY, width, 0)


def _walk(operations, resources, ctm, page_width: float, depth: int):
    resources = resources.get_object() if resources is not None else {}
    fonts = _get(resources, "/Font") or {}
    xobjects = _get(resources, "/XObject") or {}
    stack, tm, tlm = [], IDENTITY, IDENTITY
    state = {"font": None, "size": 0.0, "tc": 0.0, "tw": 0.0, "th": 1.0, "tl": 0.0, "rise": 0.0}
    if len(operations) > MAX_OPERATIONS:
        raise Unreadable
    for operands, op in operations:
        if op == b"q":
            stack.append((ctm, dict(state)))
        elif op == b"Q" and stack:
            ctm, state = stack.pop()
        elif op == b"cm":
            ctm = _mul(tuple(float(v) for v in operands[:6]), ctm)
        elif op == b"BT":
            tm = tlm = IDENTITY
        elif op == b"Tm":
            tm = tlm = tuple(float(v) for v in operands[:6])
        elif op in (b"Td", b"TD"):
            if op == b"TD":
                state["tl"] = -float(operands[1])
            tm = tlm = _mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), tlm)
        elif op == b"T*":
            tm = tlm = _mul((1, 0, 0, 1, 0, -state["tl"]), tlm)
        elif op == b"TL":
            state["tl"] = float(operands[0])
        elif op == b"Tf":
            state["font"] = fonts.get(operands[0])
            state["size"] = float(operands[1])
        elif op in (b"Tc", b"Tw", b"Ts"):
            state[{b"Tc": "tc", b"Tw": "tw", b"Ts": "rise"}[op]] = float(operands[0])
        elif op == b"Tz":
            state["th"] = float(operands[0]) / 100
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            if op in (b"'", b'"'):
                if op == b'"':
                    state["tw"], state["tc"] = float(operands[0]), float(operands[1])
                tm = tlm = _mul((1, 0, 0, 1, 0, -state["tl"]), tlm)
            items = operands[0] if op == b"TJ" else [operands[-1]]
            low, high, advance = _advance(items, state, page_width)
            size, rise = state["size"], state["rise"]
            yield _box(_mul(tm, ctm), low, -0.3 * abs(size) + rise, high, abs(size) + rise)
            tm = _mul((1, 0, 0, 1, advance, 0), tm)
        elif op == b"Do":
            yield from _xobject(xobjects.get(operands[0]), ctm, page_width, depth)
        elif op == b"INLINE IMAGE":
            yield _box(ctm, 0, 0, 1, 1)


def _xobject(xobject, ctm, page_width: float, depth: int):
    from pypdf.generic import ContentStream

    if xobject is None:
        return
    xobject = xobject.get_object()
    if xobject.get("/Subtype") != "/Form":
        yield _box(ctm, 0, 0, 1, 1)
        return
    matrix = tuple(float(v) for v in _get(xobject, "/Matrix", IDENTITY)[:6])
    inner = _mul(matrix, ctm)
    x1, y1, x2, y2 = (float(v) for v in _get(xobject, "/BBox", [0, 0, 0, 0])[:4])
    if depth >= MAX_DEPTH:
        yield _box(inner, x1, y1, x2, y2)
        return
    stream = ContentStream(xobject, None, "bytes")
    yield from _walk(stream.operations, xobject.get("/Resources"), inner, page_width, depth + 1)


def _advance(items, state, page_width: float) -> tuple[float, float, float]:
    """The run's extent (leftmost, rightmost) and its advance in text space, from the font's own
    widths; a run in a font whose widths are unknown spans four page widths either way."""
    size, th = state["size"], state["th"]
    widths = _widths(state["font"])
    total = low = high = 0.0
    for item in items:
        if isinstance(item, (int, float)):
            total -= float(item) / 1000 * size * th
            low, high = min(low, total), max(high, total)
            continue
        if widths is None:
            return -4 * page_width, 4 * page_width, 4 * page_width
        data = bytes(item.original_bytes if hasattr(item, "original_bytes") else item)
        codes, two = widths
        step = 2 if two else 1
        for i in range(0, len(data) - step + 1, step):
            code = int.from_bytes(data[i:i + step], "big")
            space = state["tw"] if not two and code == 32 else 0.0
            total += (codes(code) / 1000 * size + state["tc"] + space) * th
            low, high = min(low, total), max(high, total)
    return low, high, total


def _widths(font):
    """A function from a character code to its width (glyph units), and whether codes are two bytes;
    None where this reader cannot tell (Type3, unknown encodings)."""
    if font is None:
        return None
    font = font.get_object()
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        if _get(font, "/Encoding") not in ("/Identity-H", "/Identity-V"):
            return None
        descendant = _get(font, "/DescendantFonts")[0].get_object()
        default = float(_get(descendant, "/DW", 1000))
        table: dict[int, float] = {}
        w = list(_get(descendant, "/W") or [])
        i = 0
        while i < len(w) and len(table) < 200_000:
            first = int(w[i])
            nxt = w[i + 1].get_object() if hasattr(w[i + 1], "get_object") else w[i + 1]
            if isinstance(nxt, list):
                table.update({first + k: float(v) for k, v in enumerate(nxt)})
                i += 2
            else:
                table.update({c: float(w[i + 2]) for c in range(first, min(int(nxt), first + 65_536) + 1)})
                i += 3
        return (lambda code: table.get(code, default)), True
    if subtype in ("/Type1", "/TrueType", "/MMType1"):
        first = int(_get(font, "/FirstChar", 0))
        widths = [float(v) for v in (_get(font, "/Widths") or [])]
        missing = float(_get(_get(font, "/FontDescriptor") or {}, "/MissingWidth", 1000))
        if not widths:
            return (lambda code: 1000.0), False
        return (lambda code: widths[code - first] if 0 <= code - first < len(widths) else missing), False
    return None
