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
by `<img src="cid:…">` (a mail program shows it under the text, and what it says is not read). An
HTML part is read by mail/html.py, which refuses what it cannot vouch for (hidden or crossed-out
text, CSS beyond an allow-list, elements that show something else than their text, list markers
that spell words, any picture); a `format=flowed` part is read as sent and as a mail program
joins its lines (RFC 3676).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from contractkit.mail import space as approval_space
from contractkit.mail.html import _read as _read
from contractkit.mail.html import html_cids, html_painted, html_text
from contractkit.mail.htmlparse import MAX_NESTING as MAX_NESTING
from contractkit.mail.htmlparse import MAX_TAGS as MAX_TAGS

MAX_VIEWS = 8
MAX_DEPTH = 12
MAX_LEAVES = 64
CHARSETS = frozenset({"ascii", "utf-8", "koi8-r", "koi8-u"} | {f"iso8859-{n}" for n in range(1, 17)}
                     | {f"cp125{n}" for n in range(9)})
"""Charsets a reply is read in (Python's codec names): no UTF-7 or UTF-16, which a mail program
may show as something else than Python reads."""
ENCODINGS = frozenset({"", "7bit", "8bit", "binary", "quoted-printable", "base64"})
@dataclass(frozen=True)
class View:
    label: str
    """Which parts it is made of: "text/plain", "text/html", "text/plain + text/plain"."""
    text: str
    painted: frozenset = frozenset()
    """(line, why): its lines with text an Outlook property may paint away (approval_mso.PAINTS)."""


class Unreadable(Exception):
    """A part the reader does not read, with why (the reply is then no approval)."""


def views(msg) -> tuple[list[View], list[str]]:
    """Every rendering of the message's own text, and the problems of the parts it cannot read."""
    problems: list[str] = []
    leaves = [0]
    found = _views(msg, 0, problems, leaves, _shown_cids(msg))
    labels = [v.label for v in found]
    named = [View(f"{v.label} #{labels[:i + 1].count(v.label)}" if labels.count(v.label) > 1 else v.label,
                  v.text, v.painted) for i, v in enumerate(found)]
    return named, problems


def _views(part, depth: int, problems: list[str], leaves: list[int], cids: set[str]) -> list[View]:
    ctype = part.get_content_type()
    if ctype.startswith("message/") or part.is_attachment() or _shown_apart(part) or (
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
        if ctype == "multipart/related":  # RFC 2387: the root is what is shown; the rest is what it refers to
            root = _root(part, children)
            for child in children:
                if child is not root and child.get_content_maintype() == "text":
                    problems.append(f"the mail carries a {child.get_content_type()} part its HTML does not "
                                    "show (a resource of multipart/related, not its root) that is not read")
            children = [c for c in children if c is root or c.get_content_maintype() != "text"]
        out = [View("", "")]
        for child in children:
            found = _views(child, depth + 1, problems, leaves, cids)
            if found:
                out = _bounded([View(" + ".join(x for x in (a.label, b.label) if x), "\n".join(
                    x for x in (a.text, b.text) if x), a.painted | b.painted) for a in out for b in found],
                    problems)
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
            source = text
            text, hidden = html_text(source, _codec(part))
            problems += [f"the text/html part {h}" for h in hidden]
            return [View(ctype, text, html_painted(source, _codec(part)))]
        else:  # blank lines and spaces that move the text out of view (red team 10, B3)
            problems += [f"the {ctype} part {h}" for h in approval_space.plain(text)]
            params = part["Content-Type"].params if part["Content-Type"] is not None else {}
            if str(params.get("format", "")).lower() == "flowed":  # as sent, and as a mail program joins it
                joined = unflowed(text, str(params.get("delsp", "")).lower() == "yes")
                if joined != text:
                    return [View(ctype, text), View(f"{ctype} (flowed)", joined)]
    except Unreadable as exc:
        problems.append(f"the {ctype} part {exc}")
        return []
    return [View(ctype, text)]


def unflowed(text: str, delsp: bool) -> str:
    """A format=flowed text as a mail program shows it (RFC 3676): a line ending in a space goes on
    in the next line of the same quote depth (the space dropped with DelSp=yes), a leading space is
    stuffing; "> Н " and "> е согласовываю." show «> Не согласовываю.» (red team 10, B7)."""
    out: list[str] = []
    para, depth = None, 0
    for line in text.replace("\r\n", "\n").split("\n"):
        level = len(line) - len(line.lstrip(">"))
        body = line[level:]
        body = body[1:] if body.startswith(" ") else body
        if para is not None and level != depth:
            out.append(">" * depth + (" " if depth else "") + para)
            para = None
        para, depth = (body if para is None else para + body), level
        if body.endswith(" ") and body != "-- ":
            para = para[:-1] if delsp else para
            continue
        out.append(">" * depth + (" " if depth else "") + para)
        para = None
    if para is not None:
        out.append(">" * depth + (" " if depth else "") + para)
    return "\n".join(out)


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


READ = ("text/plain", "text/html")
"""The text parts a mail program shows as the reply's text; any other (text/calendar, text/vcard,
text/csv, text/rtf …) it shows as a card or an attachment (red team 12, B19)."""
CONTROLS = frozenset(chr(c) for c in [*range(0x20), *range(0x7f, 0xa0), 0x2028, 0x2029]) - set("\t\n\r")
"""Characters a mail program shows differently or not at all (a NUL ends the text for some), refused
in the decoded text as in the raw message (red team 12, B12)."""


def _shown_apart(part) -> bool:
    """A leaf a mail program shows beside the text rather than as it: a text part other than plain or
    HTML, or one that names a file (Gmail lists any part with a filename as an attachment)."""
    if part.is_multipart() or part.get_content_maintype() != "text":
        return False
    header = part["Content-Type"]
    named = part.get_filename() or (header.params.get("name") if header is not None else None)
    return part.get_content_type() not in READ or bool(named)


def _root(part, children: list):
    """multipart/related's root: the part its `start` parameter names, else the first (RFC 2387 3.2)."""
    start = str(part.get_param("start") or "").strip().strip("<>")
    if start:
        for child in children:
            if str(child.get("Content-ID", "")).strip().strip("<>") == start:
                return child
    return children[0] if children else None


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
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"holds bytes that are not {codec} (byte 0x{data[exc.start]:02x})") from None
    bad = next((c for c in text if c in CONTROLS), None)
    if bad is not None:
        raise Unreadable(f"holds the control character U+{ord(bad):04X}, which mail programs show "
                         "differently (a NUL ends the text for some)")
    return text


def reply_lines(eml: bytes, count: int = 3) -> list[str]:
    """The first lines of the reply's own text, shown when it is recorded."""
    from contractkit.mail import raw as approval_raw
    from contractkit.mail import sections as reply_sections
    from contractkit.mail import text as approval_text

    try:
        shown, _ = views(approval_raw.message(eml, approval_raw.headers(eml)))
        return approval_text.first_lines(reply_sections.own_lines(shown[0].text), count) if shown else []
    except Exception:  # noqa: BLE001 - shown for the record only
        return []
