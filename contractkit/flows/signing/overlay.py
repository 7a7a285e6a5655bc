"""Is anything added over the signed pages after signing?

pyHanko rates an added signature field as form filling, whatever its widget's appearance paints:
an empty field whose appearance is a white box and new text over the price passes its analysis, and
so does a signer's own visible signature placed over the text. The rule here, provable from the two
files alone: every annotation the signed copy has that the signed original has not must be a
signature widget, whatever its flags (NoView|Print is printed, Hidden and optional content can be
switched on), and each such widget must have an empty appearance (no /AP, empty streams, or a
zero-area /Rect) or a /Rect that meets nothing the original page draws: no glyph run's box, no
image, no form XObject; and what its stamp draws must read as a signature stamp of its signer
(stamp.py). Boxes are computed from the content stream (CTM, text matrix, the fonts' own widths);
where a width is unknown, the run is taken to be as wide as the page (the rule errs towards "drawn
over").
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

MAX_ADDED = 16
"""Signature widgets a signed copy may add over the original: one per signer, with room."""
MAX_OPERATIONS = 500_000
"""Content operations read per page; a page with more is taken as drawn everywhere."""
MAX_DEPTH = 4
Box = tuple[float, float, float, float]
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unreadable(Exception):
    """A page this reader cannot follow: taken as drawn everywhere."""


@dataclass
class Added:
    """What the annotations added after the original do: the first page where they change what it
    shows (None if nowhere) and why ('' = drawn over its content), and each stamp's text by page."""

    page: int | None = None
    reason: str = ""
    stamps: list[tuple[str, int, str]] = field(default_factory=list)
    """(signature field, page, text its visible stamp draws) for each stamp that draws text."""


def drawn_over(original: bytes, signed: bytes, signers: dict[str, str | None] | None = None) -> int | None:
    """The first page (1-based) where the signed copy changes what the original shows, or None."""
    return added_content(original, signed, signers).page


def added_content(original: bytes, signed: bytes, signers: dict[str, str | None] | None = None) -> Added:
    """Every annotation the signed copy adds, checked; signers maps a signature field's name to its
    certificate holder. A file this cannot read is changed on page 1."""
    from pypdf import PdfReader

    found = Added()
    try:
        before = PdfReader(io.BytesIO(original), strict=False)
        after = PdfReader(io.BytesIO(signed), strict=False)
        if len(before.pages) != len(after.pages):
            return Added(1)
        for n, (old, new) in enumerate(zip(before.pages, after.pages, strict=True), 1):
            kept = {ref for ref, _ in _annotations(old) if ref is not None}
            added = [a for ref, a in _annotations(new) if ref is None or ref not in kept]
            reason = _page_added(n, old, added, signers or {}, found)
            if reason is not None:
                return Added(n, reason, found.stamps)
    except Exception:  # noqa: BLE001 - a hostile file is changed, never a crash
        return Added(1)
    return found


def _page_added(n: int, old, added: list, signers: dict, found: Added) -> str | None:
    """None if the annotations added to page n change nothing it shows, else why."""
    from contractkit.flows.signing import stamp

    visible, stamps = [], []
    if len(added) > MAX_ADDED:
        return (f"has {len(added)} annotations added after signing, more than the {MAX_ADDED} a signed copy "
                "may add")
    for annot in added:
        if not _signature_widget(annot):
            kind = str(_get(annot, "/Subtype") or "?")[:40]
            return f"has an annotation added after signing that is not a signature ({kind})"
        mk = _get(annot, "/MK") or {}
        if any(k in mk for k in ("/CA", "/RC", "/AC", "/I", "/RI", "/IX")):
            return "has a signature widget with a caption or icon of its own (/MK)"
        rect = _rect(annot)
        if rect is None:  # no area: whatever its appearance holds is never shown, so it is not decoded
            continue
        try:
            drawn = [s for s in stamp.appearance_streams(annot) if stamp.bounded_data(s).strip()]
        except stamp.Unreadable as exc:
            return f"has a signature widget whose appearance {exc}"
        if drawn or "/BG" in mk or "/BC" in mk:
            visible.append(rect)
            stamps.append((annot, drawn))
    if not visible:
        return None
    try:
        boxes = list(page_boxes(old))
    except (Unreadable, RecursionError):
        return ""
    if any(_meets(r, b) for r in visible for b in boxes):
        return ""
    for annot, drawn in stamps:  # clear of the text, but what do they say?
        name = _field_name(annot)
        shown = "".join(c if c.isprintable() else "?" for c in name)[:60]
        try:
            text = stamp.stamp_text(drawn)
        except stamp.Unreadable as exc:
            return f"the visible stamp of signature {shown} cannot be read: it {exc}"
        problem = stamp.stamp_problem(text, signers.get(name) if _signed(annot) else None)
        if problem:
            return f"the visible stamp of signature {shown} {problem}"
        if text:
            found.stamps.append((name, n, text))
    return None


def _annotations(page) -> list:
    """The page's annotations, each with its object number (None for a direct one)."""
    annots = _get(page, "/Annots") or []
    if not isinstance(annots, list):
        return []
    return [(getattr(a, "idnum", None), a.get_object()) for a in annots]


def _signature_widget(annot) -> bool:
    kind = _get(annot, "/FT") or _get(_get(annot, "/Parent") or {}, "/FT")
    return _get(annot, "/Subtype") == "/Widget" and kind == "/Sig"


def _signed(annot) -> bool:
    """The field holds a signature (its own /V or its parent's)."""
    return _get(annot, "/V") is not None or _get(_get(annot, "/Parent") or {}, "/V") is not None


def _field_name(annot) -> str:
    """The field's fully qualified name (parent names joined by dots), as pyHanko reports it."""
    parts, node = [], annot
    for _ in range(8):
        if node is None or not hasattr(node, "get"):
            break
        if "/T" in node:
            parts.append(str(_get(node, "/T")))
        node = _get(node, "/Parent")
    return ".".join(reversed(parts)) or "?"


def _rect(annot) -> Box | None:
    """The annotation's rectangle, or None if it has no area."""
    x1, y1, x2, y2 = (float(v) for v in _get(annot, "/Rect", [0, 0, 0, 0])[:4])
    rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
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
