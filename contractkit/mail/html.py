"""The text an HTML part shows, read as a browser parses it (tinyhtml5, HTML5's rules for comments,
`--!>` and raw-text elements; nothing is fetched or run), and why it may show something else.

Tags are dropped, entities decoded, block elements end lines, <blockquote> gives `>` quote lines,
text of <xmp>, <plaintext> and the like is read as shown. What the reader reads must be a subset of
what a mail program surely shows, so anything it cannot vouch for is a problem: an element not on
the allow-list SHOWN, one that runs code or shows another document, crossed-out text, CSS outside
approval_css's allow-list, text hidden by CSS (approval_look computes the size, opacity and offset
each element's text is shown at, as they compound down the element stack), a list marker that
shows letters or numbers of its own (`<ol type="A" start="9874">` draws "NOT."; red team 9, B1) and
any picture (`<img>`: a mail program shows the picture, not its alt text, and what a picture says is
not read; red team 9, B3), text that barely contrasts with its background and a face that is not a
text face (approval_paint; red team 10, B2).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import replace
from urllib.parse import unquote

from contractkit.mail import boxes as approval_boxes
from contractkit.mail import css as approval_css
from contractkit.mail import look as approval_look
from contractkit.mail import paint as approval_paint
from contractkit.mail import space as approval_space
from contractkit.mail.elements import (
    BLOCKS,
    HIDES,
    PRE,
    REFUSED_ELEMENTS,
    SHOWN,
    STRIKES,
    STRUCK,
    UNSHOWN,
    shown_otherwise,
)
from contractkit.mail.htmlparse import TooDeep, meta_charset, parse, too_big

CONDITIONAL = re.compile(r"^\[if[^\]]*\]>(.*?)<!\[endif\]$", re.DOTALL | re.IGNORECASE)
"""Outlook's conditional comment `<!--[if mso]>…<![endif]-->`: only Outlook shows what it holds."""



def html_text(html: str, codec: str = "utf-8") -> tuple[str, list[str]]:
    """The text an HTML part shows, `>` before quoted lines, and why it may show something else."""
    lines, problems, *_ = _read(html, codec)
    return "\n".join(lines), list(problems)


def html_cids(html: str, codec: str = "utf-8") -> set[str]:
    """The Content-IDs the HTML shows pictures by (`<img src="cid:…">`)."""
    return set(_read(html, codec)[2])


def html_painted(html: str, codec: str = "utf-8") -> frozenset[tuple[str, str]]:
    """(line, why) for each line holding text an Outlook property may paint away (red team 12, B11)."""
    return _read(html, codec)[3]


@functools.lru_cache(maxsize=8)
def _read(html: str, codec: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str], frozenset]:
    """One parse of an HTML part per process, whatever asks for it (its pictures, its text, the
    lines shown when it is recorded, a re-check): lines, problems, Content-IDs, painted lines."""
    if too_big(html):
        return (), (too_big(html),), frozenset(), frozenset()
    walker = _Walker(codec)
    try:
        walker.document(html)
    except TooDeep as exc:
        return (), (str(exc),), frozenset(), frozenset()
    return tuple(walker.lines), tuple(walker.problems), frozenset(walker.cids), frozenset(walker.painted)


def _name(key) -> str:
    return key.rsplit("}", 1)[-1].lower()


class _Walker:
    """HTML -> lines of text, read as a browser parses it (tinyhtml5, HTML5's own rules for comments,
    `--!>` and raw-text elements); tags and their attributes are only looked at, never followed."""

    def __init__(self, codec: str, depth: int = 0, hidden: str = "", nested: int = 0):
        self.codec, self.depth, self.base_hidden, self.nested = codec, depth, hidden, nested
        self.styled = False
        self.sheet = approval_look.Sheet()
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.cids: set[str] = set()
        self.painted: set[tuple[str, str]] = set()
        """(line, why): the lines with text an Outlook property may paint away (approval_mso.PAINTS)."""
        self.line_paints: set[str] = set()
        self.line = ""
        self.line_depth = 0
        self.blank = approval_space.Blank()
        self.line_font = 16.0
        self.unwrapped = 0
        """Characters of the current line that do not wrap."""
        self.boxes: list[approval_boxes.Box] = []
        """The boxes with a set height the walker is in (approval_boxes)."""
        self.opened: approval_boxes.Box | None = None
        self.serial = 0
        self.word_px = 0.0
        """The width of the word being written, in pixels."""
        """The current line's number, for the boxes' line counts."""
        self.widths: dict[int, float] = {}
        self.sheet_line = 0.0
        self.sheet_font = 0.0
        """The smallest line height a <style> rule sets as a length (0 when none)."""

    def document(self, html: str) -> None:
        root = parse(html)
        # a <style> block may restyle any <blockquote> as the reply's own text: none is then a quote
        self.styled = self.styled or any((s.text or "").strip() for s in root.iter("style"))
        for block in root.iter("style"):  # its rules may apply to any element: the worst of them to each
            found, why = approval_look.sheet(block.text or "")
            if why:
                self._problem(f"has a <style> block that {why} (what is read may not be what the client saw)")
            self.sheet = approval_look.worst(self.sheet, found)
            why, line, font = approval_boxes.sheet(block.text or "")
            self.sheet_font = max(self.sheet_font, font)
            if why:
                self._problem(f"has a <style> block that {why} (what is read may not be what the client saw)")
            if line:
                self.sheet_line = min(self.sheet_line, line) if self.sheet_line else line
        self._walk(root, self.depth, self.base_hidden, False, False)
        self.flush()
        if self.blank.end():
            self._problem(self.blank.end())

    def flush(self, forced: bool = False) -> None:
        """End the current line; forced: it ends where a line ends even if empty (<br>, a <pre> newline),
        so an empty one is a blank line (red team 10, B3)."""
        self._spacing(forced)
        self.serial += 1
        self.word_px = 0.0
        if self.line.strip():
            self.lines.append("> " * self.line_depth + " ".join(self.line.split()))
            self.painted |= {(self.lines[-1], why) for why in self.line_paints}
        elif self.line_depth == 0 and self.lines and self.lines[-1]:
            self.lines.append("")
        self.line_paints = set()
        self.line = ""

    def _spacing(self, forced: bool) -> None:
        """Add up the blank space a line leaves (one that shows only white space, no-break spaces or
        nothing is a blank line), and bound a shown line's blank space above it, its rows of spaces
        and how far it runs without wrapping (approval_space)."""
        if approval_space.blank(self.line):
            if forced or self.line.strip(" "):
                self.blank.add(self.line_font * approval_space.LINE)
        else:
            why = self.blank.shown(self.line_font * approval_space.LINE)
            gap = approval_space.widest_gap(self.line)
            if why:
                self._problem(why)
            if gap > approval_space.MAX_SPACES:
                self._problem(f"has a row of {gap} spaces, wider than a mail window: the text after it is "
                              "out of view")
            if self.unwrapped > approval_space.MAX_UNWRAPPED:
                self._problem(f"has a line of {self.unwrapped} characters that does not wrap (<pre>, <nobr>, "
                              "white-space), wider than a mail window: its end is out of view")
        self.unwrapped = 0

    def _problem(self, what: str) -> None:
        if what not in self.problems:
            self.problems.append(what)

    def _text(self, text: str, quote: int, hidden: str, unshown: bool, pre: bool, look=None) -> None:
        if not text or unshown:
            return
        if not self.line.strip():
            self.line_depth = quote
        if look is not None:
            self.line_font = look.font
        wraps = look is None or look.wraps
        if text.strip() and hidden:
            self._problem(HIDES if hidden is True or hidden == HIDES else
                          f"hides text: it {hidden} (what is read may not be what the client saw)")
        elif text.strip() and look is not None and look.right > approval_look.MAX_SHIFT_PX:
            self._problem(f"moves a text {look.right:.0f}px right by the boxes beside it (cells, "
                          "inline-blocks, floats), wider than a mail window: it is out of view")
        if text.strip() and look is not None and look.painted:
            self.line_paints.add(look.painted)
        if text.strip() and not hidden and look is not None:
            for box in self.boxes:  # the lines each box with a set height holds (red team 12)
                box.add(self.serial, text, look)
        if not hidden and look is not None:
            self._words(text, look)
        if text.strip() and not hidden and look is not None:  # in its background's colour (red team 10, B2)
            faint = approval_paint.faint(look.colours | self.sheet.colours, look.backgrounds
                                         | self.sheet.backgrounds, look.opacity)
            if faint:
                self._problem(f"hides text: it {faint} (what is read may not be what the client saw)")
        if pre:
            first, *rest = text.split("\n")
            self.line += first
            self.unwrapped += 0 if wraps else len(first)
            for piece in rest:
                self.flush(True)
                self.line_depth = quote
                self.line = piece
                self.unwrapped = 0 if wraps else len(piece)
        else:
            added = re.sub(r"[ \t\n\r\f]+", " ", text)
            self.line += added
            self.unwrapped += 0 if wraps else len(added)

    def _walk(self, root, quote: int, hidden: str, unshown: bool, pre: bool) -> None:
        """Every element and text in document order, with a list for a stack (no recursion: a
        reply may nest elements as deep as its size allows)."""
        todo: list[tuple] = [(root, (quote, hidden, unshown, pre, approval_look.Look()))]
        while todo:
            item, context = todo.pop()
            if item is None:
                self.flush()  # the end of a block element
            elif isinstance(item, str):
                self._text(item, *context)
            elif isinstance(item, approval_boxes.Box):
                self.boxes.remove(item)
                if item.overflows():
                    self._problem(item.overflows())
            else:
                inner = self._start(item, *context)
                if inner is None:
                    continue
                inner, block = inner
                if block:
                    todo.append((None, None))
                if self.opened is not None:
                    todo.append((self.opened, None))
                    self.boxes.append(self.opened)
                    self.opened = None
                starts = approval_boxes.offsets(item, self.widths)[0] if len(item) > 1 else [0.0] * len(item)
                for child, start in reversed(list(zip(item, starts, strict=True))):
                    if child.tail:
                        after = start + approval_boxes.extent(child, self.widths)
                        todo.append((child.tail, approval_boxes.shifted(inner, after)))
                    todo.append((child, approval_boxes.shifted(inner, start)))
                if item.text:
                    todo.append((item.text, inner))

    def _start(self, el, quote: int, hidden: str, unshown: bool, pre: bool, look):
        """Look at one element's tag and attributes; the context its content is read in and whether
        it is a block, or None for a comment or a node that holds no text."""
        from xml.etree.ElementTree import Comment

        if el.tag is Comment:
            self._comment(el.text or "", quote, hidden)
            return None
        if not isinstance(el.tag, str):
            return None
        name = _name(el.tag)
        attrs = {_name(k): v or "" for k, v in el.attrib.items()}
        style = approval_css.style_attribute(attrs["style"]) if "style" in attrs else approval_css.Verdict("")
        if name in REFUSED_ELEMENTS:
            self._problem(f"has a <{name}> element, which shows or runs what a reply's text does not hold "
                          "(what is read may not be what the client saw)")
        elif name == "link" or not (unshown or name in SHOWN or name in UNSHOWN or name in STRUCK
                                    or (name == "xml" and self.nested)):
            self._problem(f"has a <{name[:30]}> element, which a mail program may show otherwise than as "
                          "text that is read (what is read may not be what the client saw)")
        if name in STRUCK or style.kind == approval_css.STRIKES:
            self._problem(STRIKES)
        if style.kind == approval_css.REFUSED:
            self._problem(f"has a style attribute on a <{name[:30]}> that {style.detail} (only colours, "
                          "fonts, sizes, margins, borders and alignment are read as shown)")
        if name == "meta" and meta_charset(attrs, self.codec):
            self._problem(meta_charset(attrs, self.codec))
        if name == "img" and attrs.get("src", "").strip()[:4].lower() == "cid:":
            self.cids.add(unquote(attrs["src"].strip()[4:]).strip())
        for why in shown_otherwise(name, attrs, unshown):
            self._problem(why)
        if name == "body" and {"link", "vlink", "alink"} & set(attrs):
            links = {approval_paint.legacy_colour(attrs[k]) for k in ("link", "vlink", "alink") if k in attrs}
            self.sheet = replace(self.sheet, links=self.sheet.links | {c for c in links if c})
        look, moved = approval_look.step(look, name, attrs, self.sheet)
        if style.kind == approval_css.PAINTS and not look.painted:  # red team 12, B11
            look = replace(look, painted=f"{style.detail} on a <{name[:30]}>")
        hides = HIDES if "hidden" in attrs or style.kind == approval_css.HIDES else moved
        block = name in BLOCKS or name == "blockquote"
        if block:
            self.flush(name == "br")
        if not unshown and name not in UNSHOWN:  # blank space and widths (red team 10, B3)
            down = approval_look.vertical(name, attrs, look.font)
            self.blank.add(down)
            for box in self.boxes:
                box.extra += down
            self._boxed(name, attrs, look)
            wide = approval_look.width(attrs, look.font)
            if wide > approval_look.MAX_SHIFT_PX:
                self._problem(f"makes a <{name[:30]}> {wide:.0f}px wide, wider than a mail window: text in "
                              "or beside it is out of view")
        quote += name == "blockquote" and not self.styled and approval_css.indented(attrs.get("style", ""))
        hidden = hidden or hides
        unshown = unshown or name in UNSHOWN or name == "xml"
        pre = pre or name in PRE
        if name in ("td", "th"):
            self._text(" ", quote, hidden, unshown, pre)
        if name == "style":
            sheet = approval_css.style_block(el.text or "")
            if sheet.kind == approval_css.STRIKES:
                self._problem(STRIKES)
            elif sheet.kind:
                self._problem(f"has a <style> block that can hide or add text ({sheet.detail}; only colours, "
                              "fonts, sizes, margins, borders and alignment are read as shown)")
        return (quote, hidden, unshown, pre, look), block

    def _boxed(self, name: str, attrs: dict[str, str], look) -> None:
        """The element's box: one with a set height is opened (its text is measured when it ends);
        an inline one may not paint over other lines (approval_boxes, red team 12)."""
        if any(box.rim for box in self.boxes) and approval_boxes.raised(name, attrs):
            self._problem(f"raises a <{name[:30]}> inside an inline box with a border, which crosses its "
                          "letters (what is read may not be what the client saw)")
        found = approval_boxes.box(name, attrs, look.font, self._room())
        if isinstance(found, str):
            self._problem(f"{found} (what is read may not be what the client saw)")
        elif found is not None:
            self.opened = found
        reach = approval_boxes.reach(name, attrs, look, self.sheet_line, self.sheet_font)
        if reach:
            self._problem(f"{reach} (what is read may not be what the client saw)")

    def _room(self) -> float:
        """The width of the narrowest box with a set width the walker is in (inf when none)."""
        return min((box.width for box in self.boxes), default=math.inf)

    def _words(self, text: str, look) -> None:
        """Add text to the word being written (a word may run on across elements: `<b>ab</b>cd`) and
        refuse one wider than the box it is in (a line that does not wrap is one word)."""
        room = self._room()
        pieces = re.split(r"[ \t\n\r\f]+", text) if look.wraps else text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                self.word_px = 0.0
            self.word_px += len(piece) * approval_boxes.EM_WIDTH * look.font
            if room < math.inf and approval_boxes.too_long(self.word_px, room):
                self._problem(approval_boxes.too_long(self.word_px, room))

    def _comment(self, data: str, quote: int, hidden: bool) -> None:
        """Outlook's conditional comment: Outlook shows what it holds, other mail programs do not (and
        `<!--[if !mso]><!-->…<!--<![endif]-->` the other way round), so one that holds text is a
        problem (red team 8, A7); one with only Outlook's settings (<xml>…</xml>) is passed over."""
        stripped = data.strip()
        if not stripped.lower().startswith(("[if", "<![endif]")):
            return
        inner = CONDITIONAL.match(stripped)
        if inner and self.nested < 50:
            nested = _Walker(self.codec, quote, hidden, self.nested + 1)
            nested.styled, nested.sheet = self.styled, self.sheet
            nested.document(inner.group(1))
            self.cids |= nested.cids
            self.painted |= nested.painted
            for problem in nested.problems:
                self._problem(problem)
            if not any(line.strip() for line in nested.lines):
                return
        self._problem("has an Outlook conditional comment (<!--[if …]>) with text, which some mail programs "
                      "show and others do not (what is read may not be what the client saw)")
