"""Blank space that moves a reply's text out of view, bounded as CSS offsets are (red team 10, B3).

approval_look bounds one element's margins and indents and what an element stack adds up to; but
3,000 blank lines in text/plain, 3,000 `<br>`s or `<p>&nbsp;</p>`, a `<pre>` of newlines, a
`<div style="height:40000px">`, `<hr size="40000">`, `<td height>` and a 40,000-pixel wide block
push the approval below or beside what a mail program shows, one sibling after another. So the
blank space between two shown texts (a run) and in the whole part is added up, line by line and
pixel by pixel, and bounded: a run by approval_look.MAX_SHIFT_PX (a mail window), the whole by four
times that. A row of spaces is bounded by a window's width, and so is an element's width.
"""

from __future__ import annotations

import unicodedata

from contractkit.mail.look import MAX_SHIFT_PX
from contractkit.mail.names import INVISIBLE

LINE = 1.25
"""A line's height, in font sizes (browsers' `normal`)."""
LINE_PX = 16.0 * LINE
MAX_RUN_PX = MAX_SHIFT_PX
"""Blank space between two shown texts: a mail window's height."""
MAX_BLANK_PX = 4 * MAX_SHIFT_PX
"""Blank space in a whole part (paragraph gaps of a long quoted thread fit many times over)."""
MAX_RUN_LINES = int(MAX_RUN_PX / LINE_PX)
MAX_BLANK_LINES = int(MAX_BLANK_PX / LINE_PX)
MAX_SPACES = 80
"""White space in a row on one line, a tab as 8: about a mail window's width in a fixed-width font."""
MAX_UNWRAPPED = 120
"""Characters of a line that does not wrap (<pre>, <nobr>, `white-space: nowrap`)."""
TAB = 8


def blank(text: str) -> bool:
    """Nothing a reader sees: white space, no-break and ideographic spaces, invisible letters (Hangul
    fillers, the braille blank), format and combining characters."""
    return all(c.isspace() or c in INVISIBLE or unicodedata.category(c) in ("Cf", "Mn", "Me", "Zs", "Cc")
               for c in text)


def widest_gap(line: str) -> int:
    """The widest run of blank characters in a line, in columns (a tab as 8)."""
    widest = run = 0
    for c in line:
        if blank(c):
            run += TAB if c == "\t" else 1
            widest = max(widest, run)
        else:
            run = 0
    return widest


def plain(text: str) -> list[str]:
    """Why a text/plain part's blank lines or spaces may move its text out of view."""
    problems, run, total = [], 0, 0
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if blank(line):
            run, total = run + 1, total + 1
            continue
        if run > MAX_RUN_LINES:
            problems.append(f"has {run} blank lines in a row, more than the {MAX_RUN_LINES} a mail window "
                            "shows: the text after them is out of view")
        run = 0
        if widest_gap(line) > MAX_SPACES:
            problems.append(f"has a row of {widest_gap(line)} spaces, wider than a mail window: the text "
                            "after it is out of view")
    if total > MAX_BLANK_LINES:
        problems.append(f"has {total} blank lines, more than the {MAX_BLANK_LINES} a reply's paragraphs "
                        "need: its text is spread out of view")
    return problems[:1]


class Blank:
    """The blank vertical space of an HTML part, added up as the walker meets it."""

    def __init__(self) -> None:
        self.run = 0.0
        self.total = 0.0

    def add(self, px: float) -> None:
        self.run += max(px, 0.0)

    def shown(self, line: float = LINE_PX) -> str:
        """A text is shown on a line `line` pixels high: why the blank space above it moves it out of
        view ("" when it does not). The whole counts what a run leaves beyond one line (a cell's
        height holds its own text; one empty paragraph between two is a paragraph's gap)."""
        run, self.run = self.run, 0.0
        self.total += max(run - line, 0.0)
        if run > MAX_RUN_PX:
            return (f"leaves {run:.0f}px of blank space above a text (blank lines, <br>s, empty paragraphs, "
                    f"heights), more than the {MAX_RUN_PX:.0f}px of a mail window: the text is out of view")
        return ""

    def end(self) -> str:
        if self.total > MAX_BLANK_PX:
            return (f"has {self.total:.0f}px of blank space in all, more than the {MAX_BLANK_PX:.0f}px a "
                    "reply's paragraphs need: its text is spread out of view")
        return ""
