"""The texts a client's reply shows: one per way a mail program may display it.

A reply often carries its text twice, as text/plain and as text/html (multipart/alternative); the
client saw one of them, and the reader cannot know which. So every rendering is read, and each must
approve the same document on its own (flows/approval.py). A rendering is the message's own parts in
order: an alternative contributes each of its versions, a multipart/mixed or /related part joins
its children's texts (each combination a rendering, at most MAX_VIEWS). Attachments and forwarded
messages (message/rfc822) are not the client's words and are never read.

The reader errs towards "not an approval": a text part in a charset or transfer encoding it does not
read, or bytes that are not valid in the declared charset, is a problem; so is a version of an
alternative it cannot read (a PDF or an image instead of the text). HTML is read as text with the
standard library's parser (nothing is fetched or run): tags dropped, entities decoded, block
elements as line ends, <blockquote> as `>` quote lines, image alt text read. Hidden text is read as
if shown, and any CSS that can hide or add text (display:none, visibility:hidden, font-size:0,
opacity:0, mso-hide, content:, the `hidden` attribute, ...) in the client's own text or in a
<style> block is a problem too: what the client saw might not be what is read. Not detected: text
drawn in an image, a colour equal to the background; `format=flowed` lines are read as sent.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

MAX_VIEWS = 8
MAX_DEPTH = 12
MAX_LEAVES = 64
CHARSETS = frozenset({"ascii", "utf-8", "koi8-r", "koi8-u"} | {f"iso8859-{n}" for n in range(1, 17)}
                     | {f"cp125{n}" for n in range(9)})
"""Charsets a reply is read in (Python's codec names): no UTF-7 or UTF-16, which a mail program
may show as something else than Python reads."""
ENCODINGS = frozenset({"", "7bit", "8bit", "binary", "quoted-printable", "base64"})
BELOW_ONE = r"\s*:\s*(0+(\.\d*)?|\.\d+)(?![\d.])"
HIDING = re.compile(
    r"(?<![\w-])(display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|mso-hide|content\s*:"
    rf"|(font-size|opacity|line-height|(max-)?(height|width)){BELOW_ONE}|font-size\s*:\s*[1-3](\.\d*)?px"
    r"|text-indent\s*:\s*-|clip|transform|(left|top|right|bottom)\s*:\s*-|color\s*:\s*transparent"
    r"|position\s*:\s*(absolute|fixed)|z-index)",
    re.IGNORECASE)
"""CSS declarations that can hide text, or add text the parts do not hold (content:)."""
BLOCKS = frozenset(("address", "article", "aside", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
                    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
                    "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "caption", "center"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"))
UNSHOWN = frozenset(("script", "style", "title", "template"))
"""Elements whose content a mail program never shows as text."""
CONDITIONAL = re.compile(r"^\[if[^\]]*\]>(.*?)<!\[endif\]$", re.DOTALL | re.IGNORECASE)
"""Outlook's conditional comment `<!--[if mso]>…<![endif]-->`: Outlook shows what it holds."""


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
    found = _views(msg, 0, problems, leaves)
    labels = [v.label for v in found]
    named = [View(f"{v.label} #{labels[:i + 1].count(v.label)}" if labels.count(v.label) > 1 else v.label,
                  v.text) for i, v in enumerate(found)]
    return named, problems


def _views(part, depth: int, problems: list[str], leaves: list[int]) -> list[View]:
    ctype = part.get_content_type()
    if ctype.startswith("message/") or part.is_attachment() or (
            part.get_content_maintype() not in ("text", "multipart") and not _related_picture(part, depth)):
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
                found = _views(child, depth + 1, problems, leaves)
                if not found and not child.is_multipart() and child.get_content_maintype() != "text":
                    problems.append(f"the {child.get_content_type()} version of an alternative cannot be "
                                    "read as text")
                out += found
            return _bounded(out, problems)
        out = [View("", "")]
        for child in children:
            found = _views(child, depth + 1, problems, leaves)
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


def _related_picture(part, depth: int) -> bool:
    """A picture of the HTML body (a logo in the signature): an image part, not an attachment, with
    the Content-ID an HTML body's <img src="cid:…"> shows it by."""
    return (part.get_content_maintype() == "image" and not part.is_attachment()
            and bool(part.get("Content-ID")))


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
    data = part.get_payload(decode=True) or b""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"holds bytes that are not {codec} (byte 0x{data[exc.start]:02x})") from None


def html_text(html: str, codec: str = "utf-8") -> tuple[str, list[str]]:
    """The text an HTML part shows, `>` before quoted lines, and why it may show something else."""
    reader = _Reader(codec)
    reader.feed(html)
    reader.close()
    reader.flush()
    return "\n".join(reader.lines), reader.problems


class _Reader(HTMLParser):
    """HTML -> lines of text; tags and their attributes are only looked at, never followed."""

    def __init__(self, codec: str, depth: int = 0, hidden: bool = False):
        super().__init__(convert_charrefs=True)
        self.codec, self.depth, self.base_hidden = codec, depth, hidden
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.line = ""
        self.line_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.unshown = 0
        self.pre = 0

    @property
    def quote(self) -> int:
        return self.depth + sum(1 for tag, _ in self.stack if tag == "blockquote")

    @property
    def hidden(self) -> bool:
        return self.base_hidden or any(h for _, h in self.stack)

    def flush(self) -> None:
        if self.line.strip():
            self.lines.append("> " * self.line_depth + " ".join(self.line.split()))
        elif self.line_depth == 0 and self.lines and self.lines[-1]:
            self.lines.append("")
        self.line = ""

    def _add(self, text: str) -> None:
        if not text:
            return
        if not self.line.strip():
            self.line_depth = self.quote
        if text.strip() and self.hidden:
            self._problem("hides text with CSS or the hidden attribute (what is read may not be what "
                          "the client saw)")
        if self.pre:
            first, *rest = text.split("\n")
            self.line += first
            for piece in rest:
                self.flush()
                self.line_depth = self.quote
                self.line = piece
        else:
            self.line += re.sub(r"[ \t\n\r\f]+", " ", text)

    def _problem(self, what: str) -> None:
        if what not in self.problems:
            self.problems.append(what)

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): v or "" for k, v in attrs}
        if tag in BLOCKS or tag == "blockquote":
            self.flush()
        if tag == "meta":
            self._meta(attrs)
        hides = "hidden" in attrs or bool(HIDING.search(attrs.get("style", "")))
        if tag in ("img", "input", "area"):
            if hides and (attrs.get("alt") or attrs.get("value") or "").strip():
                self._problem("hides text with CSS or the hidden attribute (what is read may not be what "
                              "the client saw)")
            self._add(" " + (attrs.get("alt") or attrs.get("value") or attrs.get("placeholder") or "") + " ")
        elif tag == "td" or tag == "th":
            self._add(" ")
        if tag not in VOID:
            self.stack.append((tag, hides))
            if tag in UNSHOWN:
                self.unshown += 1
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in BLOCKS or tag == "blockquote":
            self.flush()
        names = [t for t, _ in self.stack]
        if tag not in names:
            return
        while self.stack:
            name, _ = self.stack.pop()
            self.unshown -= name in UNSHOWN
            self.pre -= name == "pre"
            if name == tag:
                break

    def handle_data(self, data):
        if self.unshown:
            if any(t == "style" for t, _ in self.stack) and HIDING.search(data):
                self._problem("has a <style> block that can hide or add text")
            return
        self._add(data)

    def handle_comment(self, data):
        inner = CONDITIONAL.match(data.strip())
        if inner and self.depth < 50:
            self.flush()
            nested = _Reader(self.codec, self.quote, self.hidden)
            nested.feed(inner.group(1))
            nested.close()
            nested.flush()
            self.lines += nested.lines
            for problem in nested.problems:
                self._problem(problem)

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
