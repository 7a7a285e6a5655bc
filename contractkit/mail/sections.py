"""Where a client's reply is its own: the lines it writes, its signature, and the letter it quotes.

A `>` block is another's letter only under a quote header holding nothing but a name, an address and
a date (is_quote_header); the words of those lines are read by mail/text.py."""

from __future__ import annotations

from contractkit.mail.text import _name_like, refusal
from contractkit.mail.words import DATE_WORDS, FORWARD_LINES, QUOTE_MARKERS, WROTE

MAX_HEADER = 300
"""A longer line is never taken for a quote header (it stays the reply's own text)."""


def is_quote_header(line: str) -> bool:
    """Where a mail program starts the letter it quotes: "On … wrote:", "… пишет:", "From: …",
    "-----Original Message-----" and the like, holding nothing but a name, an address and a date:
    "On second thought I cannot approve it. Our lawyer wrote:" is the client's own text."""
    if len(line) > MAX_HEADER:
        return False
    s = " ".join(line.split())
    low = s.lower()
    if low in FORWARD_LINES:
        return True
    if low.startswith("--") and low.endswith("--"):
        return low.strip("-").strip() in QUOTE_MARKERS
    middle = None
    if low.startswith("on ") and low.endswith(" wrote:"):
        middle = s[3:-len(" wrote:")]
    elif low.startswith(("from: ", "от: ")):
        middle = s[s.index(":") + 1:]
    else:
        middle = next((s[:-len(w)] for w in WROTE if low.endswith(w)), None)
    return middle is not None and all(_header_word(w) for w in middle.split())


def _header_word(chunk: str) -> bool:
    """A piece of a quote header's name, address or date: "Mon,", "1", "10:00", "Anna", "<a@b.ru>"."""
    word = chunk.strip(",.;<>()[]\"'«»")
    if not word or "@" in word or any(c.isdigit() for c in word):
        return True
    return word.lower() in DATE_WORDS or _name_like(word)


def _split(text: str) -> tuple[list[str], list[str], list[str]]:
    """The reply's own body lines and its signature's (after the first "-- " line), without the
    letter it quotes: the trailing block of `>` lines (blank lines between them) under a quote
    header just above it (a name, an address, a date, no refusing word). A `>` line anywhere else,
    or under no such header (">>> UPDATE: we do not approve <<<"), is the client's own text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, quoted = len(lines), False
    while start > 0 and (not lines[start - 1].strip() or lines[start - 1].lstrip().startswith(">")):
        quoted = quoted or lines[start - 1].lstrip().startswith(">")
        start -= 1
    above = start
    while above > 0 and not lines[above - 1].strip():
        above -= 1
    if quoted and above > 0 and is_quote_header(lines[above - 1]) and refusal(lines[above - 1]) is None:
        start = above - 1
    else:  # no quote header above the `>` lines: nothing shows they are another's letter
        start = len(lines)
    rest = lines[:start]
    cut = next((i for i, line in enumerate(rest) if line.rstrip() == "--"), len(rest))
    return rest[:cut], rest[cut + 1:], lines[start + 1:]


def own_lines(text: str) -> list[str]:
    """The reply's own lines: all but the signature and the letter it quotes (see _split)."""
    return _split(text)[0]


def signature_lines(text: str) -> list[str]:
    return _split(text)[1]


def quoted_lines(text: str) -> list[str]:
    """The letter the reply quotes: the `>` lines under its quote header (see _split)."""
    return _split(text)[2]
