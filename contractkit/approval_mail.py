"""The texts a client's reply shows: one per way a mail program may display it.

A reply often carries its text twice, as text/plain and as text/html (multipart/alternative); the
client saw one of them, and the reader cannot know which. So every rendering is read, and each must
approve the same document on its own (flows/approval.py). A rendering is the message's own parts in
order: an alternative contributes each of its versions, a multipart/mixed or /related part joins
its children's texts (each combination a rendering, at most MAX_VIEWS). Attachments and forwarded
messages (message/rfc822) are not the client's words and are never read.

The reader errs towards "not an approval": a text part in a charset or transfer encoding it does not
read, or bytes that are not valid in the declared charset, is a problem; so is a version of an
alternative it cannot read (a PDF or an image instead of the text), and a picture no HTML part shows
by `<img src="cid:…">` (a mail program shows it under the text, and what it says is not read). HTML
is parsed as a browser parses it (tinyhtml5, HTML5's rules for comments, `--!>` and raw-text
elements; nothing is fetched or run): tags dropped, entities decoded, block elements as line ends,
<blockquote> as `>` quote lines, image alt text read, text of <xmp>, <plaintext> and the like read
as shown. A <script>, <textarea>, <form>, <iframe>, <object>, <embed>, <svg> or <math> is a problem,
and so is any element not on the allow-list SHOWN (<details>, <dialog>, <input>, <canvas>, <video>,
<select>, <link>, …: they show nothing, or something else than their text), and crossed-out text
(<s>, <del>, <strike>, a line-through style): a crossed-out approval is withdrawn. CSS is read by
approval_css.py, an allow-list of properties and values (colours, fonts, sizes, margins, borders,
alignment); hidden text is read as if shown and is a problem, and any other CSS, an escape, a
url(), @import or a <style> rule that could hide or add text is a problem too: what the client saw
might not be what is read. Not detected: text drawn in a picture the HTML shows, a colour equal to
the background; `format=flowed` lines are read as sent.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

from contractkit import approval_css
from contractkit.approval_htmlparse import MAX_NESTING as MAX_NESTING
from contractkit.approval_htmlparse import MAX_TAGS as MAX_TAGS
from contractkit.approval_htmlparse import TooDeep, parse, too_big

MAX_VIEWS = 8
MAX_DEPTH = 12
MAX_LEAVES = 64
CHARSETS = frozenset({"ascii", "utf-8", "koi8-r", "koi8-u"} | {f"iso8859-{n}" for n in range(1, 17)}
                     | {f"cp125{n}" for n in range(9)})
"""Charsets a reply is read in (Python's codec names): no UTF-7 or UTF-16, which a mail program
may show as something else than Python reads."""
ENCODINGS = frozenset({"", "7bit", "8bit", "binary", "quoted-printable", "base64"})
BLOCKS = frozenset(("address", "article", "aside", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
                    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
                    "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "caption", "center"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"))
UNSHOWN = frozenset(("script", "style", "title", "template", "head"))
"""Elements whose content a mail program never shows as text."""
SHOWN = frozenset((
    "html", "body", "div", "p", "span", "a", "b", "i", "u", "em", "strong", "small", "big", "font", "br",
    "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "blockquote", "code", "tt", "kbd", "samp", "var",
    "cite", "q", "sub", "sup", "img", "center", "address", "article", "aside", "section", "header", "footer",
    "main", "nav", "figure", "figcaption", "abbr", "acronym", "dfn", "mark", "ins", "wbr", "nobr", "o:p",
    "meta", "pre", "xmp", "plaintext", "listing"))
"""Elements whose text every mail program shows as it is read (an allow-list, red team 8 A7): not
<details>, <dialog>, <input>, <canvas>, <video>, <progress>, <datalist>, <select>, <ruby>, <bdo>,
<link> and the like, which show nothing, something else, or their text only on a click; <xml>
only inside an Outlook conditional comment, where Outlook keeps its settings."""
PRE = frozenset(("pre", "textarea", "xmp", "plaintext", "listing"))
"""Elements whose text keeps its line ends."""
REFUSED_ELEMENTS = frozenset(("script", "textarea", "form", "iframe", "frame", "frameset", "object", "embed",
                              "applet", "svg", "math"))
"""Elements a reply has no need of, that run code, show another document or draw text of their own."""
STRUCK = frozenset(("s", "del", "strike"))
HIDES = "hides text with CSS or the hidden attribute (what is read may not be what the client saw)"
STRIKES = ("crosses text out (<s>, <del>, <strike> or a line-through style): crossed-out words are "
           "withdrawn, not said")
CONDITIONAL = re.compile(r"^\[if[^\]]*\]>(.*?)<!\[endif\]$", re.DOTALL | re.IGNORECASE)
"""Outlook's conditional comment `<!--[if mso]>…<![endif]-->`: only Outlook shows what it holds."""


@dataclass(frozen=True)
class View:
    label: str
    """Which parts it is made of: "text/plain", "text/html", "text/plain + text/plain"."""
    text: str


class Unreadable(Exception):
    """A part the reader does not read, with why (the reply is then no approval)."""


def views(msg) -> tuple[list[View], list[str]]:
    """Every rendering of the message's own text, and the problems of the parts it cannot read."""
    problems: list[str] = []
    leaves = [0]
    found = _views(msg, 0, problems, leaves, _shown_cids(msg))
    labels = [v.label for v in found]
    named = [View(f"{v.label} #{labels[:i + 1].count(v.label)}" if labels.count(v.label) > 1 else v.label,
                  v.text) for i, v in enumerate(found)]
    return named, problems


def _views(part, depth: int, problems: list[str], leaves: list[int], cids: set[str]) -> list[View]:
    ctype = part.get_content_type()
    if ctype.startswith("message/") or part.is_attachment() or (
            part.get_content_maintype() not in ("text", "multipart") and not _related_picture(part, cids)):
        name = part.get_filename() or ""
        problems.append(f"the mail carries {'an attachment' if part.is_attachment() else 'a part'} "
                        f"({ctype}{', ' + repr(name[:60]) if name else ''}) that a mail program may show "
                        "beside the reply and that is not read")
        return []
    if depth > MAX_DEPTH:
        problems.append(f"the mail's parts are nested more than {MAX_DEPTH} deep")
        return []
    if part.is_multipart():
        children = list(part.iter_parts())
        if ctype == "multipart/alternative":
            out = []
            for child in children:
                found = _views(child, depth + 1, problems, leaves, cids)
                if not found and not child.is_multipart() and child.get_content_maintype() != "text":
                    problems.append(f"the {child.get_content_type()} version of an alternative cannot be "
                                    "read as text")
                out += found
            return _bounded(out, problems)
        out = [View("", "")]
        for child in children:
            found = _views(child, depth + 1, problems, leaves, cids)
            if found:
                out = _bounded([View(" + ".join(x for x in (a.label, b.label) if x), "\n".join(
                    x for x in (a.text, b.text) if x)) for a in out for b in found], problems)
        return [v for v in out if v.label]
    if part.get_content_maintype() != "text":
        return []
    leaves[0] += 1
    if leaves[0] > MAX_LEAVES:
        if leaves[0] == MAX_LEAVES + 1:
            problems.append(f"the mail has more than {MAX_LEAVES} text parts")
        return []
    try:
        text = decoded(part)
        if ctype == "text/html":
            text, hidden = html_text(text, _codec(part))
            problems += [f"the text/html part {h}" for h in hidden]
    except Unreadable as exc:
        problems.append(f"the {ctype} part {exc}")
        return []
    return [View(ctype, text)]


def _related_picture(part, cids: set[str]) -> bool:
    """A picture of the HTML body (a logo in the signature): an image part, not an attachment, whose
    Content-ID an HTML part's <img src="cid:…"> shows it by. Any other picture a mail program may
    show under the text, and the reader cannot read what it says."""
    cid = str(part.get("Content-ID") or "").strip().strip("<>").strip()
    return part.get_content_maintype() == "image" and not part.is_attachment() and bool(cid) and cid in cids


def _shown_cids(msg) -> set[str]:
    """The Content-IDs the message's HTML parts show pictures by (parts it cannot read show none)."""
    out: set[str] = set()
    for count, part in enumerate(msg.walk()):
        if count > 4 * MAX_LEAVES:
            break
        if part.get_content_type() == "text/html" and not part.is_attachment():
            try:
                out |= html_cids(decoded(part), _codec(part))
            except Unreadable:
                continue
    return out


def _bounded(found: list[View], problems: list[str]) -> list[View]:
    if len(found) > MAX_VIEWS:
        problems.append(f"the mail can be shown in more than {MAX_VIEWS} ways (alternative parts)")
        return found[:MAX_VIEWS]
    return found


def _codec(part) -> str:
    charset = part.get_content_charset() or "us-ascii"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        raise Unreadable(f"is in the unknown charset {charset[:40]!r}") from None


def decoded(part) -> str:
    """The text of a part, read strictly in its declared charset (us-ascii when none is declared)."""
    codec = _codec(part)
    if codec not in CHARSETS:
        raise Unreadable(f"is in the charset {codec}, which a reply is not read in (UTF-8, US-ASCII, "
                         "ISO-8859-*, Windows-125*, KOI8-R/U)")
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if cte not in ENCODINGS:
        raise Unreadable(f"has the transfer encoding {cte[:40]!r}, which a reply is not read in")
    before = len(part.defects)
    data = part.get_payload(decode=True) or b""
    if len(part.defects) > before:  # Python gave up and kept the raw text; a mail program shows junk (A11)
        raise Unreadable(f"does not decode cleanly from {cte} ({type(part.defects[before]).__name__}), so a "
                         "mail program may show something else than is read")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"holds bytes that are not {codec} (byte 0x{data[exc.start]:02x})") from None


def html_text(html: str, codec: str = "utf-8") -> tuple[str, list[str]]:
    """The text an HTML part shows, `>` before quoted lines, and why it may show something else."""
    lines, problems, _ = _read(html, codec)
    return "\n".join(lines), list(problems)


def html_cids(html: str, codec: str = "utf-8") -> set[str]:
    """The Content-IDs the HTML shows pictures by (`<img src="cid:…">`)."""
    return set(_read(html, codec)[2])


@functools.lru_cache(maxsize=8)
def _read(html: str, codec: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """One parse of an HTML part per process, whatever asks for it (its pictures, its text, the
    lines shown when it is recorded, a re-check): lines, problems, Content-IDs."""
    if too_big(html):
        return (), (too_big(html),), frozenset()
    walker = _Walker(codec)
    try:
        walker.document(html)
    except TooDeep as exc:
        return (), (str(exc),), frozenset()
    return tuple(walker.lines), tuple(walker.problems), frozenset(walker.cids)


def _name(key) -> str:
    return key.rsplit("}", 1)[-1].lower()


class _Walker:
    """HTML -> lines of text, read as a browser parses it (tinyhtml5, HTML5's own rules for comments,
    `--!>` and raw-text elements); tags and their attributes are only looked at, never followed."""

    def __init__(self, codec: str, depth: int = 0, hidden: bool = False, nested: int = 0):
        self.codec, self.depth, self.base_hidden, self.nested = codec, depth, hidden, nested
        self.styled = False
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.cids: set[str] = set()
        self.line = ""
        self.line_depth = 0

    def document(self, html: str) -> None:
        root = parse(html)
        # a <style> block may restyle any <blockquote> as the reply's own text: none is then a quote
        self.styled = self.styled or any((s.text or "").strip() for s in root.iter("style"))
        self._walk(root, self.depth, self.base_hidden, False, False)
        self.flush()

    def flush(self) -> None:
        if self.line.strip():
            self.lines.append("> " * self.line_depth + " ".join(self.line.split()))
        elif self.line_depth == 0 and self.lines and self.lines[-1]:
            self.lines.append("")
        self.line = ""

    def _problem(self, what: str) -> None:
        if what not in self.problems:
            self.problems.append(what)

    def _text(self, text: str, quote: int, hidden: bool, unshown: bool, pre: bool) -> None:
        if not text or unshown:
            return
        if not self.line.strip():
            self.line_depth = quote
        if text.strip() and hidden:
            self._problem(HIDES)
        if pre:
            first, *rest = text.split("\n")
            self.line += first
            for piece in rest:
                self.flush()
                self.line_depth = quote
                self.line = piece
        else:
            self.line += re.sub(r"[ \t\n\r\f]+", " ", text)

    def _walk(self, root, quote: int, hidden: bool, unshown: bool, pre: bool) -> None:
        """Every element and text in document order, with a list for a stack (no recursion: a
        reply may nest elements as deep as its size allows)."""
        todo: list[tuple] = [(root, (quote, hidden, unshown, pre))]
        while todo:
            item, context = todo.pop()
            if item is None:
                self.flush()  # the end of a block element
            elif isinstance(item, str):
                self._text(item, *context)
            else:
                inner = self._start(item, *context)
                if inner is None:
                    continue
                inner, block = inner
                if block:
                    todo.append((None, None))
                for child in reversed(item):
                    if child.tail:
                        todo.append((child.tail, inner))
                    todo.append((child, inner))
                if item.text:
                    todo.append((item.text, inner))

    def _start(self, el, quote: int, hidden: bool, unshown: bool, pre: bool):
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
            self._problem(f"has a style attribute that {style.detail} (only colours, fonts, sizes, margins, "
                          "borders and alignment are read as shown)")
        if name == "meta":
            self._meta(attrs)
        if name == "img" and attrs.get("src", "").strip()[:4].lower() == "cid:":
            self.cids.add(unquote(attrs["src"].strip()[4:]).strip())
        hides = "hidden" in attrs or style.kind == approval_css.HIDES
        block = name in BLOCKS or name == "blockquote"
        if block:
            self.flush()
        quote += name == "blockquote" and not self.styled and approval_css.indented(attrs.get("style", ""))
        hidden = hidden or hides
        unshown = unshown or name in UNSHOWN or name == "xml"
        pre = pre or name in PRE
        if name in ("img", "area") and not unshown:
            shown = attrs.get("alt") or ""
            if hides and shown.strip():
                self._problem(HIDES)
            self._text(" " + shown + " ", quote, False, unshown, pre)
        elif name in ("td", "th"):
            self._text(" ", quote, hidden, unshown, pre)
        if name == "style":
            sheet = approval_css.style_block(el.text or "")
            if sheet.kind == approval_css.STRIKES:
                self._problem(STRIKES)
            elif sheet.kind:
                self._problem(f"has a <style> block that can hide or add text ({sheet.detail}; only colours, "
                              "fonts, sizes, margins, borders and alignment are read as shown)")
        return (quote, hidden, unshown, pre), block

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
            nested.styled = self.styled
            nested.document(inner.group(1))
            self.cids |= nested.cids
            for problem in nested.problems:
                self._problem(problem)
            if not any(line.strip() for line in nested.lines):
                return
        self._problem("has an Outlook conditional comment (<!--[if …]>) with text, which some mail programs "
                      "show and others do not (what is read may not be what the client saw)")

    def _meta(self, attrs: dict[str, str]) -> None:
        declared = attrs.get("charset") or ""
        if not declared and attrs.get("http-equiv", "").lower() == "content-type":
            found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", attrs.get("content", ""), re.IGNORECASE)
            declared = found.group(1) if found else ""
        if declared:
            try:
                same = codecs.lookup(declared).name == self.codec
            except LookupError:
                same = False
            if not same:
                self._problem(f"declares the charset {declared[:40]} in a <meta> tag, another than its "
                              f"header's ({self.codec})")
