"""The fonts a laid-out PDF draws with: text fonts only (red team 14, B06 and B07).

A project's look may name any font family, and a Word template's runs, styles or theme any font;
fontconfig and LibreOffice then take that font from the machine. A symbol or dingbat font installed
there (URW's D050000L, Standard Symbols PS, Wingdings …) draws "243 500,00" as ✓✐✐ … while the PDF's
text layer, and so every check that reads it back, still holds the figures. So the fonts a PDF
actually uses are checked after layout, before a byte is written: each must be a text font of a known
family (or, for weasyprint, one of the bundled files, under whatever name a look gives it). A symbol
font may draw bullets and signs in a Word template's lists (LibreOffice draws Word's bullets with
OpenSymbol), never a letter or a digit.
"""

from __future__ import annotations

import re

from contractkit.errors import RenderError

TEXT_FAMILIES = frozenset({
    # bundled with contractkit, and LibreOffice's metric-compatible substitutes
    "ckserif", "ckfallback", "ckwide", "liberationserif", "liberationsans", "liberationmono",
    "liberationsansnarrow", "dejavuserif", "dejavusans", "dejavusansmono", "dejavusanscondensed",
    "dejavuserifcondensed", "dejavusanslight", "carlito", "caladea", "gelasio",
    # URW base 35 text faces (Ghostscript's, what fontconfig gives for Times, Helvetica, Courier …)
    "nimbusroman", "nimbussans", "nimbussansnarrow", "nimbusmonops", "nimbusmono", "urwbookman",
    "urwgothic", "c059", "p052", "z003",
    # the text fonts a lawyer's Word template names, where the machine has them
    "timesnewroman", "times", "arial", "arialnarrow", "helvetica", "calibri", "calibrilight", "cambria",
    "georgia", "garamond", "ebgaramond", "bookantiqua", "palatino", "palatinolinotype",
    "bookmanoldstyle", "centurygothic", "century", "centuryschoolbook", "couriernew", "courier",
    "verdana", "tahoma", "trebuchetms", "segoeui", "franklingothic", "franklingothicbook",
    "gillsans", "gillsansmt", "consolas", "constantia", "corbel", "candara", "aptos",
    "ptsans", "ptserif", "ptmono", "ptsansnarrow", "ptsanscaption", "ptastrasans", "ptastraserif",
    "notosans", "notoserif", "notosansmono", "opensans", "roboto", "robotoslab", "lato",
    "sourcesanspro", "sourceserifpro", "sourcesans3", "sourceserif4", "ubuntu", "cantarell",
    "freeserif", "freesans", "freemono", "linuxlibertine", "linuxlibertineo", "linuxbiolinum",
    "linuxbiolinumo", "texgyretermes", "texgyreheros", "texgyrepagella", "texgyrebonum",
    "texgyreschola", "texgyrecursor", "montserrat", "inter", "ibmplexsans", "ibmplexserif",
})
"""Families (normalized: letters and digits only, lower case, no style words) of text fonts, whose
letters and digits look like what the text holds."""

SYMBOL_FAMILIES = frozenset({"opensymbol", "symbol", "symbolmt", "standardsymbolsps", "wingdings",
                             "wingdings2", "wingdings3", "webdings", "zapfdingbats", "d050000l",
                             "dingbats", "mtextra", "marlett"})
"""Fonts a Word template's bullets are drawn with: they may draw signs only, never a letter or digit."""

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(
    r"(?:regular|roman|book|bolditalic|boldoblique|bold|italic|oblique|semibold|demibold|extrabold|"
    r"black|heavy|light|extralight|thin|medium|condensed|narrow|psmt|ps|mt|it|bd|bi)$")


def family(name: str) -> str:
    """`name` (a PDF BaseFont, 'ABCDEF+Liberation-Serif-Bold', or a family, 'DejaVu Sans') as a
    normalized family: style words come off its end until a known family is left."""
    name = _SUBSET.sub("", name.lstrip("/"))
    flat = re.sub(r"[^0-9a-z]", "", re.split(r"[-,]", name, maxsplit=1)[0].lower())
    whole = flat
    while flat not in TEXT_FAMILIES and flat not in SYMBOL_FAMILIES:
        style = _STYLE.search(flat)
        if style is None or not style.start():
            return whole
        flat = flat[:style.start()]
    return flat


def refuse(font: str, where: str, draws: str = "") -> RenderError:
    what = f" (it would draw {draws!r})" if draws else ""
    return RenderError(
        f"{where}: the font {font!r} is not a text font{what}: a symbol or unknown font can draw "
        "other characters than the text holds; refused",
        hint="use a text font (Liberation Serif, DejaVu Serif, Times New Roman, Arial, PT Serif …)")


def check_weasyprint(fonts: dict, bundled, where: str) -> None:
    """weasyprint's fonts of a document (Document.fonts, after its pages are drawn): a text
    family, or a bundled font file under a look's own name (`bundled()`: the files' SHA-256 set)."""
    import hashlib

    for font in fonts.values():
        if family(font.family) in TEXT_FAMILIES:
            continue
        from weasyprint.text.fonts import get_hb_object_data

        if hashlib.sha256(get_hb_object_data(font.hb_face)).hexdigest() in bundled():
            continue
        raise refuse(font.family, where)


_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()%{}]+)")


def check_office(pdf: bytes, where: str) -> None:
    """LibreOffice's PDF (classic objects, no object streams): every font it names is a text
    font, or a symbol font that draws no letter or digit."""
    symbols = []
    for match in _BASE_FONT.finditer(pdf):
        name = match.group(1).decode("latin-1")
        found = family(name)
        if found in TEXT_FAMILIES:
            continue
        if found not in SYMBOL_FAMILIES:
            raise refuse(_SUBSET.sub("", name), where)
        symbols.append(name)
    if symbols:
        _symbols_draw_signs_only(pdf, set(symbols), where)


def _symbols_draw_signs_only(pdf: bytes, names: set[str], where: str) -> None:
    """What each symbol font's ToUnicode map says it draws: signs, not letters or digits."""
    import io

    import pypdf

    try:
        pages = list(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    except Exception:  # noqa: BLE001 - a PDF whose fonts cannot be read is not shown to anyone
        raise refuse(_SUBSET.sub("", sorted(names)[0]), where) from None
    seen, names_left = set(), set(names)
    for page in pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get_object().get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/")
            if name not in names or id(font) in seen:
                continue
            seen.add(id(font))
            drawn = _to_unicode(font)
            if drawn is None:
                raise refuse(_SUBSET.sub("", name), where)
            letters = "".join(ch for ch in drawn if ch.isalnum())
            if letters:
                raise refuse(_SUBSET.sub("", name), where, letters[:20])
            names_left.discard(name)
    if names_left:  # named where no page's fonts are (a form, an annotation): not looked into
        raise refuse(_SUBSET.sub("", sorted(names_left)[0]), where)


def _to_unicode(font) -> str | None:
    """The characters a font's ToUnicode CMap maps its codes to (None: it has none)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return None
    data = stream.get_object().get_data()
    out = []
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        hexes = re.findall(rb"<([0-9A-Fa-f]*)>", block)
        out += [_utf16(h) for h in hexes[1::2]]
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            if target.startswith(b"["):
                out += [_utf16(h) for h in re.findall(rb"<([0-9A-Fa-f]*)>", target)]
                continue
            first = _utf16(target[1:-1])
            count = min(int(high, 16) - int(low, 16), 0xFFFF)
            if first and count >= 0:
                start = ord(first[-1])
                out.append(first[:-1] + "".join(chr(min(start + k, 0x10FFFF)) for k in range(count + 1)))
    return "".join(out)


def _utf16(hexes: bytes) -> str:
    try:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be", "replace")
    except ValueError:
        return "\ufffd"
