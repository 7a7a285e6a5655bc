"""What a Word package from a project may hold so that what a viewer shows is the text contractkit fills.

A project's Word template (and letterhead) arrives through git. contractkit fills its text nodes
(`w:t`) and every check reads them; Word and LibreOffice, though, can show other text than those
nodes hold (red team 11, B13): a content control bound to a custom XML part shows the part's value,
an `mc:AlternateContent` shows its Choice while the checks read the Fallback, a field shows what the
viewer computes (a date, a document property, a formula, a bookmark's text), hidden or deleted text
is in the nodes but not on the page. So a Word part is held to an allow-list:
- its root is one of the parts a Word document is made of (ALLOWED_ROOTS): no glossary (building
  blocks shown in empty controls), no chart or SmartArt data (figures drawn from their own cache),
  and no custom XML data other than Word's empty bibliography list;
- a content control's properties are only those that change nothing shown (SDT_PROPERTIES): no
  data binding, no date picker or list whose value lives beside the text;
- none of the elements in REFUSED, whatever part holds them (styles too: hidden text can come from
  a style);
- a `w:sym` draws no letter or digit (a symbol font's digits are digits on the page);
- a list label (numbering `w:lvlText`) has no digits of its own, only the level numbers (`%1`),
  and no list, page, footnote or line number starts above MAX_START;
- a run's formatting keeps it in sight: no white text on an unshaded page, nothing under 4 pt,
  squeezed under 50 %, condensed into itself or raised or lowered beyond 24 pt;
- nothing is drawn over or beside the text (red team 12, B17, B10): no VML shape or object
  (w:pict, w:object), no anchored (floating) picture, no frame (w:framePr), no footnote, endnote
  or comment, no ruby text, no picture bullet; pictures stand in line with the text;
- the layout keeps the text in sight and adds none (render/docxlayout.py: page size and margins,
  list labels with words, colour contrast, lines drawn over each other, links that show another
  address than they open).
Fields are held to docxfields.TEMPLATE_FIELDS (page numbers, a table of contents, hyperlinks).
"""

from __future__ import annotations

import re

W_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main")
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP_NS = ("http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
         "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing")
DRAWING_NS = ("http://schemas.openxmlformats.org/drawingml/2006/main",
              "http://purl.oclc.org/ooxml/drawingml/main")
ALLOWED_ROOTS = frozenset({
    "document", "hdr", "ftr", "footnotes", "endnotes", "comments", "styles", "settings", "webSettings",
    "fonts", "numbering", "Types", "Relationships", "coreProperties", "Properties", "theme",
    "themeOverride", "datastoreItem", "Sources", "people", "commentsEx", "commentsIds",
    "commentsExtensible", "svg"})
"""Root elements of the XML parts a Word template may hold (`Sources`: Word's bibliography list,
allowed only empty; `svg`: a picture, checked by render/docxxml.py)."""
ROOT_WHY = {
    "glossaryDocument": "is a glossary (building blocks Word shows in place of a content control's "
                        "text)",
    "chartSpace": "is a chart (its labels and figures are drawn from the chart's own data, not from "
                  "the text contractkit fills)",
    "dataModel": "is a SmartArt diagram (its text is drawn from the diagram's own data)",
    "drawing": "is a SmartArt diagram (its text is drawn from the diagram's own data)",
}
SDT_PROPERTIES = frozenset({
    "rPr", "alias", "tag", "id", "lock", "placeholder", "showingPlcHdr", "temporary", "text",
    "richText", "group", "picture", "docPartObj", "docPartList", "equation", "checkbox", "appearance",
    "color", "styleId"})
"""What a content control's properties (w:sdtPr) may say: its name, lock, look and plain kind."""
CHANGES = ("ins", "del", "moveFrom", "moveTo", "delText", "delInstrText", "rPrChange", "pPrChange",
           "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange", "tblGridChange",
           "numberingChange", "cellIns", "cellDel", "cellMerge", "moveFromRangeStart", "moveToRangeStart")
DATES = ("dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong")
REFUSED = {
    **{f"{{{ns}}}{name}": ("tracked changes", "in Word: Review > Accept > Accept All Changes, turn "
                           "Track Changes off, and save") for ns in W_NS for name in CHANGES},
    **{f"{{{ns}}}{name}": ("hidden text", "in Word: select all, Home > Font, untick Hidden (in the "
                           "styles too), and save") for ns in W_NS for name in ("vanish", "specVanish",
                                                                               "webHidden")},
    **{f"{{{ns}}}{name}": ("a date Word fills in when it shows the page", "type the date or use "
                           "a template tag") for ns in W_NS for name in DATES},
    f"{{{MC_NS}}}AlternateContent": ("alternative content (mc:AlternateContent): Word and LibreOffice "
                                     "show one branch while the checks read another",
                                     "replace the shape, text box or WordArt with plain text or a PNG "
                                     "picture in Word, and save"),
    **{f"{{{ns}}}t": ("text drawn by a shape (DrawingML a:t), not the document's text", "put the text "
                      "into the document, or the shape as a PNG picture") for ns in DRAWING_NS},
    "{urn:schemas-microsoft-com:vml}textpath": ("WordArt whose text is an attribute of the shape "
                                                "(v:textpath)", "replace the WordArt with plain text"),
    **{f"{{{ns}}}{name}": ("a drawing or object laid over the text (w:pict, VML, w:object): it can "
                           "cover a clause", "remove the shape, or insert a PNG picture in line with "
                           "the text") for ns in W_NS for name in ("pict", "object")},
    **{f"{{{ns}}}anchor": ("a picture anchored over the page (floating, not in line with the text): "
                           "it can cover a clause", "in Word: right-click the picture > Wrap Text > "
                           "In Line with Text, and save") for ns in WP_NS},
    **{f"{{{ns}}}framePr": ("a frame (w:framePr): it moves and clips a paragraph", "in Word: remove "
                            "the frame (Format Frame > Remove Frame), and save") for ns in W_NS},
    **{f"{{{ns}}}tblpPr": ("a floating table (w:tblpPr): it is placed over the page and can cover a "
                           "clause", "in Word: Table Properties > Table > Text "
                           "wrapping: None, and save") for ns in W_NS},
    **{f"{{{ns}}}tcFitText": ("a table cell that squeezes its text into the cell's width (w:tcFitText)",
                              "in Word: Table Properties > Cell > Options, untick Fit text, and save")
       for ns in W_NS},
    **{f"{{{ns}}}{name}": ("a footnote, endnote or comment: the redline does not compare its text",
                           "type the note into the text of the clause, and save")
       for ns in W_NS for name in ("footnoteReference", "endnoteReference", "commentReference",
                                   "commentRangeStart")},
    **{f"{{{ns}}}{name}": ("a number Word prints in the text (a page, footnote or endnote number mark: "
                           "w:pgNum, w:footnoteRef, w:endnoteRef), glued to the text beside it",
                           "insert page numbers with Insert > Page Number in the header or footer")
       for ns in W_NS for name in ("pgNum", "footnoteRef", "endnoteRef")},
    **{f"{{{ns}}}ruby": ("ruby (phonetic guide) text printed above a word", "remove the phonetic guide "
                         "in Word (Home > Phonetic Guide)") for ns in W_NS},
    **{f"{{{ns}}}{name}": ("a list label drawn by a picture bullet", "use a character bullet or "
                           "Word's numbering") for ns in W_NS for name in ("lvlPicBulletId", "numPicBullet")},
}
"""Element (Clark name) -> (what it is, how to remove it in Word)."""
BINDING = ("a content control bound to data (w:dataBinding): Word and LibreOffice show the bound "
           "value, not the text contractkit fills", "remove the content control (Developer > Design "
           "Mode) or its XML mapping, and save")
SYMBOL_FONTS = ("wingdings", "webdings")
LEVEL_TEXT = re.compile(r"%[1-9]")
COUNTERS = ("start", "startOverride", "numStart", "pgNumType", "lnNumType")
"""Where a list, page, footnote or line number starts: a label `%1 ₽` starting at 1000000 shows a
figure no text node holds."""
MAX_START = 999
_W_HOLDERS = frozenset({
    "document", "body", "hdr", "ftr", "footnotes", "footnote", "endnotes", "endnote", "comments", "comment",
    "p", "r", "tbl", "tr", "tc", "sdt", "sdtContent", "hyperlink", "smartTag", "customXml", "fldSimple",
    "txbxContent", "bdo", "dir", "ruby", "rubyBase", "rt", "pict", "object", "drawing", "ins", "del",
    "moveTo", "moveFrom"})
TEXT_HOLDERS = {
    **{ns: _W_HOLDERS for ns in W_NS},
    "urn:schemas-microsoft-com:vml": frozenset({"shape", "textbox", "rect", "roundrect", "oval", "group"}),
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": frozenset({"inline", "anchor"}),
    **{ns: frozenset({"graphic", "graphicData"}) for ns in DRAWING_NS},
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": frozenset({"wsp", "txbx"}),
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup": frozenset({"wgp", "grpSp"}),
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas": frozenset({"wpc"}),
}
"""Namespace -> the elements a text node (w:t) may stand in: the document's own story, tables,
plain content controls, hyperlinks, fields, text boxes and shapes (tracked changes are refused by
REFUSED, with their own words)."""
HOLDER_TAGS = frozenset(f"{{{ns}}}{name}" for ns, names in TEXT_HOLDERS.items() for name in names)
FORMATTING = tuple(f"{{{ns}}}{name}" for ns in W_NS
                   for name in ("color", "sz", "szCs", "w", "position", "spacing", "fitText", "strike",
                                "dstrike"))
OFF = ("0", "false", "off")
"""An on/off property's values that turn it off (ECMA-376 17.17.4 ST_OnOff)."""
MIN_HALF_POINTS = 8
"""Run font sizes are in half-points: under 4 pt nobody reads the text."""
MIN_SCALE = 50
MAX_RAISE = 48
"""Half-points a run may be raised or lowered (24 pt: a superscript is 3 or so)."""
MIN_SPACING = -60
"""Twentieths of a point a run's characters may be condensed (3 pt)."""


def problem(root, shaded: frozenset[str] = frozenset(), links: dict | None = None) -> tuple[str, str] | None:
    """(where and what, how to remove it) for the first thing in this XML part that shows other text
    than its text nodes hold, or None. `shaded`: the ids of the package's styles with a background
    (shaded_styles), under which white text is seen; `links`: the part's hyperlink ids -> targets."""
    from contractkit.render.docxxml import local

    name = local(root.tag)
    if name in ROOT_WHY or name not in ALLOWED_ROOTS:
        why = ROOT_WHY.get(name) or (f"is an XML part a Word template has no use for (<{name}>), such as "
                                     "custom XML data a content control could show")
        return why, "remove it from the package: save the document again from Word as a plain .docx"
    if name == "Sources" and len(root):
        return ("is a bibliography list with entries (a citation shows them, not the text "
                "contractkit fills)", "remove the sources in Word (References > Manage Sources)")
    counters = (f"{{*}}{name}" for name in COUNTERS)
    for el in root.iter("{*}dataBinding", "{*}sdtPr", "{*}sym", "{*}lvlText", *counters, *REFUSED):
        tag = local(el.tag)
        if tag in COUNTERS:
            start = _attr(el, "start" if tag in ("pgNumType", "lnNumType") else "val").strip()
            if start and (not start.isdigit() or int(start) > MAX_START):
                return (_at(root, el, f"a numbering that starts at {start[:20]!r} (w:{tag}), over "
                                      f"{MAX_START}"), "start the numbering at 1 in Word")
            continue
        if tag == "dataBinding":
            return _at(root, el, BINDING[0]), BINDING[1]
        if el.tag in REFUSED:
            if tag in ("pict", "object"):  # name WordArt as such: the more telling reason
                el = next(el.iter("{urn:schemas-microsoft-com:vml}textpath"), el)
            what, hint = REFUSED[el.tag]
            return _at(root, el, what), hint
        if tag == "sdtPr":
            odd = next((local(c.tag) for c in el if isinstance(c.tag, str)
                        and local(c.tag) not in SDT_PROPERTIES), None)
            if odd == "dataBinding":
                return _at(root, el, BINDING[0]), BINDING[1]
            if odd:
                return (_at(root, el, f"a content control of kind {odd!r}, whose value can differ "
                                      "from its text"), "remove the content control (keep its text)")
        elif tag == "sym" and _spells(el):
            return (_at(root, el, "a symbol that draws a letter or digit (w:sym)"),
                    "type the character instead of inserting it as a symbol")
        elif tag == "lvlText" and re.search(r"\d", LEVEL_TEXT.sub("", _attr(el, "val"))):
            return (f"a list label with digits of its own ({_attr(el, 'val')[:40]!r})",
                    "number the list with Word's own numbering (%1, %2, …) only")
    from contractkit.render import docxlayout

    laid = docxlayout.problem(root, shaded, links or {})
    return _holder(root) or _unseen(root, shaded) or (laid and (_at(root, laid[0], laid[1]), laid[2]))


def _holder(root) -> tuple[str, str] | None:
    """An element around a text node (w:t) that is not one of TEXT_HOLDERS: an element in a namespace
    a viewer does not know is skipped with its text (mc:Ignorable), so the page shows less than
    the checks read. Walks down through holders only; below anything else it looks for a w:t."""
    from contractkit.render.docxxml import local

    texts = tuple(f"{{{ns}}}t" for ns in W_NS)
    pending = [[root]]
    while pending:
        for node in pending.pop():
            tag = node.tag
            if tag in HOLDER_TAGS:
                pending.append(list(node))
                continue
            if tag in texts:
                continue
            text = next(node.iter(*texts), None)
            if text is not None:
                tag = tag if isinstance(tag, str) else ""
                space = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
                return (_at(root, text, f"text inside <{local(tag)}> of {space or 'no namespace'}, which "
                                        "a viewer may skip or show otherwise"),
                        "save the document again from Word as a plain .docx")
    return None


def _unseen(root, shaded: frozenset[str]) -> tuple[str, str] | None:
    """Run formatting that leaves a text node on the page but out of sight: white text on an
    unshaded page, text under 4 pt, characters squeezed, drawn over each other or moved away."""
    from contractkit.render.docxxml import local

    for el in root.iter(*FORMATTING):
        parent = el.getparent()
        if parent is None or local(parent.tag) != "rPr":
            continue
        tag, value = local(el.tag), _attr(el, "val").strip()
        number = int(value) if value.lstrip("-").isdigit() else None
        if tag == "color":
            white = value.upper() in ("FFFFFF", "WHITE") or _attr(el, "themeColor") in ("background1",
                                                                                       "light1")
            why = "white text" if white and not _shaded(el, shaded) else None
        elif tag == "fitText":
            why = "text squeezed into a fixed width (w:fitText)"
        elif tag in ("strike", "dstrike"):  # a struck clause reads as deleted (red team 14, B14)
            why = None if value.lower() in OFF else "text struck through, which reads as deleted"
        elif number is None:
            why = None
        elif tag in ("sz", "szCs"):
            small = number < MIN_HALF_POINTS
            why = f"text of {number / 2:g} pt, under {MIN_HALF_POINTS / 2:g} pt" if small else None
        elif tag == "w":
            why = f"characters squeezed to {number}%" if number < MIN_SCALE else None
        elif tag == "position":
            why = f"text moved {number / 2:g} pt up or down" if abs(number) > MAX_RAISE else None
        else:  # spacing, in twentieths of a point
            why = f"characters drawn {number / 20:g} pt into each other" if number < MIN_SPACING else None
        if why:
            return (_at(root, el, f"{why}: in the text but out of sight on the page"),
                    "give the text an ordinary look in Word (Home > Font), in the styles too")
    return None


def _shaded(el, styles: frozenset[str] = frozenset()) -> bool:
    """Whether the run, paragraph, cell, table or style around `el` has a background that is not
    white, of its own or from a style in `styles`."""
    from contractkit.render.docxxml import local

    holder = el.getparent()
    while holder is not None:
        kind = local(holder.tag)
        if kind in ("style", "tblStylePr"):
            if _dark(holder):
                return True
        elif kind in ("r", "p", "tc", "tbl"):
            own = next((c for c in holder if isinstance(c.tag, str) and local(c.tag) == f"{kind}Pr"), None)
            refs = own.iter("{*}tblStyle", "{*}pStyle", "{*}rStyle") if own is not None else ()
            if own is not None and (_dark(own) or any(_attr(ref, "val") in styles for ref in refs)):
                return True
        holder = holder.getparent()
    return False


def _dark(holder) -> bool:
    """A background under which white text is seen: a fill that contrasts with white at least as
    docxlayout.MIN_CONTRAST asks (#FEFEFE is white on the page: red team 14, B11), or a theme
    fill other than the page's own."""
    from contractkit.render.docxlayout import MIN_CONTRAST, _contrast, _fill

    for shade in holder.iter("{*}shd", "{*}highlight"):
        fill = _fill(shade)
        if fill is not None and _contrast("FFFFFF", fill) >= MIN_CONTRAST:
            return True
        if _attr(shade, "themeFill") not in ("", "background1", "light1"):
            return True
    return False


FILL = "\0"
"""Between a style's id and one of its backgrounds in shaded_styles' entries ("Dark\0000000")."""


def shaded_styles(root) -> frozenset[str]:
    """The styleIds of a styles part whose style gives a background (a table style's header row),
    and for each, `id FILL colour` of every background colour it gives: a run of that style is
    judged against them (docxlayout._faint), never let through unjudged (red team 14, B11)."""
    from contractkit.render.docxlayout import _fill

    found: set[str] = set()
    for style in root.iter("{*}style"):
        if _dark(style):
            name = _attr(style, "styleId")
            found.add(name)
            fills = (_fill(shade) for shade in style.iter("{*}shd", "{*}highlight"))
            found |= {f"{name}{FILL}{fill}" for fill in fills if fill}
    return frozenset(found)


def _attr(el, name: str) -> str:
    return next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == name), "")


def _spells(sym) -> bool:
    """Whether a w:sym draws a letter or digit: its character (a symbol font's private-use code
    F0xx stands for the byte xx) is alphanumeric, in any font but Wingdings or Webdings."""
    try:
        code = int(_attr(sym, "char"), 16)
    except ValueError:
        return True
    char = chr(code - 0xF000 if 0xF000 <= code <= 0xF0FF else code)
    if char.isdigit():
        return True
    return char.isalnum() and not _attr(sym, "font").strip().lower().startswith(SYMBOL_FONTS)


def _at(root, el, what: str) -> str:
    from contractkit.render.docxfields import W, _paragraph

    holder = el
    while holder is not None and holder.tag != f"{W}p":
        holder = holder.getparent()
    return f"paragraph {_paragraph(root, el)}: {what}" if holder is not None else what
