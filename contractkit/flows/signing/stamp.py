"""What a signature's visible stamp says, read from the glyphs it draws (red team round 6, #22).

A stamp in blank space can still read as a clause ("6.4. The price is ..."), and a font's /ToUnicode
map or an /ActualText can say one thing while its glyphs show another. So a stamp is read only from
fonts whose glyphs are known: a standard 14 font that is not embedded (the viewer draws its own
glyphs: pyHanko's default stamp), or contractkit's own stamp font, each embedded glyph compared with
the bundled DejaVu Sans. A stamp that draws an image, a shading, lines or curves (beyond pyHanko's
own art and a frame of a few rectangles) or text in any other font cannot be read, and the text it
draws must be a signature stamp format naming the certificate's holder.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

MAX_DEPTH = 4
MAX_RECTANGLES = 4
"""A frame: more rectangles could spell digits."""
MAX_KERN = 150
"""A TJ adjustment beyond this (thousandths of an em) moves glyphs instead of kerning them."""
MAX_TEXT = 300
MAX_WIDTH = 2000
"""A glyph advance beyond this (thousandths of an em), or below 0, can put glyphs out of order."""
MAX_OPERATIONS = 5_000
STANDARD_FONTS = {f"/{face}{style}" for face in ("Courier", "Helvetica") for style in
                  ("", "-Bold", "-Oblique", "-BoldOblique")} | \
                 {"/Times-Roman", "/Times-Bold", "/Times-Italic", "/Times-BoldItalic"}
PLAIN = {b"q", b"Q", b"cm", b"gs", b"w", b"J", b"j", b"M", b"d", b"ri", b"i", b"rg", b"RG", b"g", b"G",
         b"k", b"K", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN", b"S", b"s", b"f", b"F", b"f*", b"B",
         b"B*", b"b", b"b*", b"n", b"W", b"W*", b"BMC", b"BDC", b"EMC", b"MP", b"DP", b"BT", b"ET",
         b"Tf", b"TL", b"Td", b"TD", b"T*"}
"""Operators that draw nothing readable by themselves (state, colour, painting a path, marks)."""
DEVICE_SPACES = {"/DeviceGray", "/DeviceRGB", "/DeviceCMYK"}
"""A pattern colour space paints a tile that can hold any text or image."""
EMAIL = r" <[^<>\s@]{1,64}@[^<>\s@]{1,190}>"
TIME = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: [A-Za-z0-9+:-]{1,10})?"


MAX_STREAM = 1024 * 1024
"""Bytes one stamp stream (an appearance, a form in it, its font) may decode to: a stamp is a few
kilobytes. A deflate bomb inflating to 74 MB, in each of 20 widgets, held 1.6 GB (red team 10, B6)."""


class Unreadable(Exception):
    """A stamp this reader cannot read; its message says what it draws."""


def bounded_data(stream, limit: int = MAX_STREAM) -> bytes:
    """stream.get_data() once it is known to decode to at most `limit` bytes: only no filter or
    /FlateDecode (what signing tools write), inflated first into a bounded buffer."""
    import zlib

    filters = stream.get("/Filter")
    filters = filters.get_object() if hasattr(filters, "get_object") else filters
    names = [str(f) for f in (filters if isinstance(filters, list) else [filters] if filters else [])]
    if any(n not in ("/FlateDecode", "/Fl") for n in names) or len(names) > 1:
        raise Unreadable(f"is drawn through the filter {', '.join(names)[:60]}, which a stamp has no need of")
    raw = getattr(stream, "_data", b"") or b""
    size = len(raw)
    if names:
        try:
            size = len(zlib.decompressobj().decompress(raw, limit + 1))
        except zlib.error:
            raise Unreadable("has a stream that does not inflate") from None
    if size > limit:
        raise Unreadable(f"has a stream that decodes to more than {limit:,} bytes")
    return stream.get_data()


def appearance_streams(annot) -> list:
    """Every appearance an annotation has: normal, rollover and down, in every state (/AS)."""
    ap = _get(annot, "/AP")
    if not hasattr(ap, "get"):
        return []
    streams = []
    for key in ("/N", "/R", "/D"):
        look = _get(ap, key)
        if hasattr(look, "get_data"):
            streams.append(look)
        elif hasattr(look, "values"):
            streams += [s for v in look.values() if hasattr(s := v.get_object(), "get_data")]
    return streams


def stamp_text(streams: list) -> str:
    """The text the streams draw, runs joined by spaces; raises Unreadable for anything else."""
    runs: list[str] = []
    for stream in streams:
        counts = {"ops": 0, "re": 0}
        _read(_without_art(bounded_data(stream)), stream.get("/Resources"), runs, counts, 0)
    return " ".join(_printable(" ".join(runs), keep_spaces=True).split())


def _printable(text: str, keep_spaces: bool = False) -> str:
    """Control characters (a terminal's escape sequences) shown as U+FFFD."""
    return "".join(c if c.isprintable() or (keep_spaces and c.isspace()) else "\ufffd" for c in text)


def stamp_problem(text: str, signer: str | None) -> str:
    """'' when the text is empty or a signature stamp naming `signer`, else what is wrong."""
    if not text:
        return ""
    shown = text if len(text) <= 200 else text[:200] + "…"
    if signer is None:
        return f'draws text on a signature field that is not signed by one known signer: "{shown}"'
    wanted = " ".join(signer.split())
    for pattern in _formats():
        m = re.fullmatch(pattern, text) if len(text) <= MAX_TEXT else None
        name = m.groupdict().get("name", wanted) if m else None
        # pyHanko adds the subject's email address: "Name <a@b.example>"
        if name == wanted or (name and re.fullmatch(re.escape(wanted) + EMAIL, name)):
            return ""
    return f'reads "{shown}", which is not a signature stamp of {signer}'


def name_problem(text: str, people: frozenset[str]) -> str:
    """'' when the name a stamp shows (stamp_problem passed it) is made only of the names of the
    people who may sign the document (signer_words), else what is wrong: a certificate holder's name
    is whatever its maker typed, «Кузнецова М.С. Цена 1000 руб, срок 2027-12-31» included."""
    from contractkit.mail.names import not_a_name

    for pattern in _formats():
        m = re.fullmatch(pattern, text) if len(text) <= MAX_TEXT else None
        if m and "name" in m.groupdict():
            name = re.sub(EMAIL + "$", "", m["name"])
            word = not_a_name(name, people)
            if not word:
                return ""
            shown = text if len(text) <= 200 else text[:200] + "…"
            return (f'reads "{shown}": "{_printable(word)[:40]}" is no part of the name of anyone who '
                    "may sign this document (the client's signatory or contact person, the contractor)")
    return ""


def signer_words(project) -> frozenset[str]:
    """The words a stamp's name may be made of, in Cyrillic or Latin letters: the people who may
    sign (approval.people) and the parties' names (a company's certificate names the company)."""
    from contractkit.flows.approval import people
    from contractkit.mail.names import person_words

    parties = (project.client, project.contractor)
    return person_words(*people(project), *(n for p in parties for n in (p.name, p.short_name, p.trade_name)))


@lru_cache(maxsize=1)
def _formats() -> list[str]:
    """contractkit's own stamp texts and pyHanko's default, whitespace collapsed, as patterns."""
    from pyhanko.sign.signers.constants import SIG_DETAILS_DEFAULT_TEMPLATE

    from contractkit.flows.signing.pades import STAMP_TEXT

    out = []
    for template in [*STAMP_TEXT.values(), SIG_DETAILS_DEFAULT_TEMPLATE, "%(ts)s"]:  # pyHanko's bare default
        parts = re.split(r"(%\(signer\)s|%\(ts\)s)", " ".join(template.split()))
        out.append("".join("(?P<name>.+)" if p == "%(signer)s" else TIME if p == "%(ts)s" else re.escape(p)
                           for p in parts))
    return out


@lru_cache(maxsize=1)
def _art() -> bytes:
    from pyhanko.stamp import STAMP_ART_CONTENT

    return bytes(STAMP_ART_CONTENT.data)


def _without_art(data: bytes) -> bytes:
    """pyHanko's default stamp paints its logo (curves, three bars) verbatim: taken out, once."""
    art = _art()
    return data.replace(art, b" ", 1) if art.strip() else data


def _read(data: bytes, resources, runs: list[str], counts: dict, depth: int) -> None:
    from pypdf.generic import ContentStream

    resources = _get(resources, "") if resources is not None else None
    resources = resources if hasattr(resources, "get") else {}
    fonts = _get(resources, "/Font") or {}
    xobjects = _get(resources, "/XObject") or {}
    stream = ContentStream(None, None, "bytes")
    stream.set_data(data)
    decode = None
    for operands, op in stream.operations:
        counts["ops"] += 1
        if counts["ops"] > MAX_OPERATIONS:
            raise Unreadable("draws too much to read")
        if op == b"Tf":
            decode = _decoder(fonts.get(operands[0]))
        elif op in (b"Tj", b"'", b'"', b"TJ"):
            runs.append(_show(operands, op, decode))
        elif op == b"re":
            counts["re"] += 1
            if counts["re"] > MAX_RECTANGLES:
                raise Unreadable("draws more rectangles than a frame")
        elif op == b"Do":
            _form(xobjects.get(operands[0]), runs, counts, depth)
        elif op in (b"INLINE IMAGE", b"sh"):
            raise Unreadable("draws an image")
        elif op in (b"m", b"l", b"c", b"v", b"y", b"h"):
            raise Unreadable("draws lines or curves")
        elif op in (b"cs", b"CS", b"scn", b"SCN") and any(not isinstance(v, (int, float)) for v in operands) \
                and not (op in (b"cs", b"CS") and operands and operands[0] in DEVICE_SPACES):
            raise Unreadable("paints with a pattern or a colour space of its own")
        elif op not in PLAIN:
            raise Unreadable(f"uses the operator {_printable(op.decode('latin-1'))[:12]}")


def _form(xobject, runs: list[str], counts: dict, depth: int) -> None:
    xobject = xobject.get_object() if xobject is not None else None
    if xobject is None or not hasattr(xobject, "get_data"):
        return
    if xobject.get("/Subtype") != "/Form":
        raise Unreadable("draws an image")
    if depth >= MAX_DEPTH:
        raise Unreadable("nests its drawing too deep")
    _read(bounded_data(xobject), xobject.get("/Resources"), runs, counts, depth + 1)


def _show(operands, op: bytes, decode) -> str:
    if decode is None:
        raise Unreadable("draws text without a font")
    items = operands[0] if op == b"TJ" else [operands[-1]]
    text = ""
    for item in items:
        if isinstance(item, (int, float)):
            if abs(float(item)) > MAX_KERN:
                raise Unreadable("moves its glyphs about")
            continue
        text += decode(bytes(item.original_bytes if hasattr(item, "original_bytes") else item))
    return text


def _decoder(font):
    """bytes -> text for a font whose glyphs are known, else Unreadable."""
    font = font.get_object() if font is not None else None
    if font is None or not hasattr(font, "get"):
        raise Unreadable("draws text in a font it does not define")
    name = _printable(str(font.get("/BaseFont", "?")))
    descriptor = _get(font, "/FontDescriptor") or {}
    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    if not _widths_in_order(font):
        raise Unreadable("gives its glyphs widths that could reorder them")
    if font.get("/Subtype") == "/Type1" and name in STANDARD_FONTS and not embedded:
        encoding = font.get("/Encoding")
        if encoding == "/WinAnsiEncoding":
            return lambda data: data.decode("cp1252", errors="replace")
        if encoding is None:
            return lambda data: "".join(chr(b) if 32 <= b < 127 and b not in (39, 96) else "\ufffd"
                                        for b in data)  # StandardEncoding: ASCII but for the quotes
    if font.get("/Subtype") == "/Type0" and font.get("/Encoding") == "/Identity-H":
        return _dejavu_decoder(font, name)
    raise Unreadable(f"draws text in a font whose glyphs contractkit cannot check ({name[:60]})")


def _dejavu_decoder(font, name: str):
    """Two-byte glyph ids of an embedded subset of the stamp font, each glyph's outline compared with
    the bundled font's (scaled to the subset's units per em)."""
    from fontTools.ttLib import TTFont

    fail = Unreadable(f"draws text in a font whose glyphs contractkit cannot check ({name[:60]})")
    try:
        descendant = _get(font, "/DescendantFonts")[0].get_object()
        descriptor = _get(descendant, "/FontDescriptor")
        if descendant.get("/Subtype") != "/CIDFontType2" or descendant.get("/CIDToGIDMap") != "/Identity" \
                or "/FontFile" in descriptor or "/FontFile3" in descriptor:
            raise fail
        subset = TTFont(io.BytesIO(bounded_data(_get(descriptor, "/FontFile2"), 8 * MAX_STREAM)), lazy=True)
        full, chars = _stamp_font()
        scale = subset["head"].unitsPerEm / full["head"].unitsPerEm
        order, known = subset.getGlyphOrder(), full.getGlyphOrder()
        if "CFF " in subset or "CFF2" in subset or not _same_hinting(subset, full, scale):
            raise fail
    except Unreadable:
        raise
    except Exception:  # noqa: BLE001 - a hostile font program is unreadable, never a crash
        raise fail from None
    checked: dict[int, str] = {}

    def decode(data: bytes) -> str:
        text = ""
        for i in range(0, len(data) - 1, 2):
            gid = int.from_bytes(data[i:i + 2], "big")
            if gid not in checked:
                if gid >= len(order) or gid >= len(known) or known[gid] not in chars:
                    raise fail
                if not _same_glyph(subset, order[gid], full, known[gid], scale):
                    raise fail
                checked[gid] = chars[known[gid]]
            text += checked[gid]
        return text

    return decode


def _same_glyph(subset, mine: str, full, theirs: str, scale: float) -> bool:
    """The same outline, point for point, within rounding of the scaling."""
    try:
        a, b = subset["glyf"], full["glyf"]
        (pa, ea, fa), (pb, eb, fb) = a[mine].getCoordinates(a), b[theirs].getCoordinates(b)
    except Exception:  # noqa: BLE001
        return False
    if list(ea) != list(eb) or len(pa) != len(pb) or [f & 1 for f in fa] != [f & 1 for f in fb]:
        return False
    if _bytecode(a[mine]) not in (b"", _bytecode(b[theirs])):  # hinting can move points anywhere
        return False
    return all(abs(x1 - x2 * scale) <= 2 and abs(y1 - y2 * scale) <= 2
               for (x1, y1), (x2, y2) in zip(pa, pb, strict=True))


def _bytecode(holder) -> bytes:
    program = getattr(holder, "program", None)
    return program.getBytecode() if program is not None else b""


def _same_hinting(subset, full, scale: float) -> bool:
    """The font and control value programs are the bundled font's (or absent), its control values
    the bundled ones (fontTools' scale_upem keeps them) or them scaled: else hinting could draw
    other shapes from the same outlines."""
    for tag in ("fpgm", "prep"):
        theirs = _bytecode(full[tag]) if tag in full else b""
        if tag in subset and _bytecode(subset[tag]) not in (b"", theirs):
            return False
    if "cvt " not in subset:
        return True
    mine, theirs = list(subset["cvt "].values), list(full["cvt "].values) if "cvt " in full else []
    return len(mine) == len(theirs) and any(
        all(abs(x - y * k) <= 2 for x, y in zip(mine, theirs, strict=True)) for k in (1, scale))


def _widths_in_order(font) -> bool:
    """No negative or huge advance: glyphs stay in the order their codes are written."""
    def fine(v) -> bool:
        v = v.get_object() if hasattr(v, "get_object") else v
        return isinstance(v, (int, float)) and 0 <= float(v) <= MAX_WIDTH

    if font.get("/Subtype") == "/Type0":
        descendant = (_get(font, "/DescendantFonts") or [None])[0]
        descendant = descendant.get_object() if descendant is not None else {}
        w = list(_get(descendant, "/W") or [])
        if not fine(_get(descendant, "/DW", 1000)):
            return False
        i = 0
        while i < len(w):
            nxt = w[i + 1].get_object() if i + 1 < len(w) and hasattr(w[i + 1], "get_object") else \
                (w[i + 1] if i + 1 < len(w) else None)
            if isinstance(nxt, list):
                if not all(fine(v) for v in nxt):
                    return False
                i += 2
            else:
                if i + 2 >= len(w) or not fine(w[i + 2]):
                    return False
                i += 3
        return True
    return all(fine(v) for v in (_get(font, "/Widths") or []))


@lru_cache(maxsize=1)
def _stamp_font():
    """The bundled stamp font and, for each glyph name, the character it draws."""
    from fontTools.ttLib import TTFont

    from contractkit.flows.signing.pades import STAMP_FONT

    font = TTFont(str(STAMP_FONT), lazy=True)
    chars: dict[str, str] = {}
    for code, glyph in sorted(font.getBestCmap().items()):
        chars.setdefault(glyph, chr(code))
    return font, chars


def _get(obj, key: str, default=None):
    """obj[key] resolved (an indirect reference read), or default; key '' resolves obj itself."""
    value = obj if key == "" else (obj.get(key, default) if hasattr(obj, "get") else default)
    return value.get_object() if hasattr(value, "get_object") else value
