"""HTML parsed within bounds (A8): tinyhtml5's parse of a reply's HTML part, stopped when it keeps
more elements open, or more on its list of active formatting elements, than a reply has.

Every start and end tag walks those two lists, so their length times the number of tags is the
parse's time; a count of tags made beforehand does not bound them (`</x>` closes nothing, and
`<font size=N></x>` repeated keeps every <font> on the formatting list). So the parser's own lists
are capped (a list that refuses to grow), and the number of tags is bounded before parsing.
"""

from __future__ import annotations

import re

MAX_NESTING = 256
"""Elements open inside each other while the HTML is parsed (every start tag and end tag walks them:
parsing time is quadratic in it); a reply's HTML nests a few dozen deep."""
MAX_FORMATTING = 100
"""Entries of the parser's list of active formatting elements (<b>, <font>, ... not closed by their
own end tag, and table-cell markers): every start tag walks it, and it outlives the elements that
hold it (`<font size=1></x>` repeated keeps every <font> on it); a reply's has a few."""
MAX_TAGS = 20_000
"""Tags in one HTML part: a reply, even quoting a long thread, has a few thousand."""
TAG_START = re.compile(r"</?[a-zA-Z]")
"""Where the tokenizer may start a tag token (any name, `<x;>` too): an upper bound of the tags."""


def too_big(html: str) -> str:
    """Why the HTML is too large to parse: more than MAX_TAGS tag tokens; "" when it is not. How
    deep it nests is measured while it is parsed (parse), as the parser itself nests it."""
    if len(TAG_START.findall(html)) > MAX_TAGS:
        return f"has more than {MAX_TAGS} tags"
    return ""


class TooDeep(Exception):
    """The parse stopped: more elements open, or on the active formatting list, than a reply has."""


class _Capped(list):
    """A list of the HTML5 parser's (open elements, active formatting elements) that refuses to grow
    past `cap`: the parse stops before it turns quadratic (A8: nothing a tag count sees beforehand
    bounds what the parser keeps open, `</x>` closes nothing)."""

    cap, why = MAX_NESTING, f"nests elements more than {MAX_NESTING} deep"

    def _room(self) -> None:
        if len(self) >= self.cap:
            raise TooDeep(self.why)

    def append(self, node) -> None:
        self._room()
        super().append(node)

    def insert(self, index, node) -> None:
        self._room()
        super().insert(index, node)


def parse(html: str):
    """tinyhtml5's tree of html, parsed with its open elements and active formatting elements
    capped (_Capped); TooDeep when a cap is reached."""
    from tinyhtml5 import parser, treebuilder

    class Formatting(_Capped, treebuilder.ActiveFormattingElements):
        cap = MAX_FORMATTING
        why = (f"keeps more than {MAX_FORMATTING} formatting elements (<b>, <font>, ...) open without "
               "their end tags")

    class Tree(treebuilder.TreeBuilder):
        def reset(self) -> None:
            super().reset()
            self.open_elements, self.active_formatting_elements = _Capped(), Formatting()

    class Parser(parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(namespace_html_elements=False)
            self.tree = Tree(False)
            self.phases = {name: cls(self, self.tree) for name, cls in parser._phases.items()}

    return Parser().parse(html)


def meta_charset(attrs: dict[str, str], codec: str) -> str:
    """Why a <meta> tag's charset differs from the part's header's (codec), or ""."""
    import codecs

    declared = attrs.get("charset") or ""
    if not declared and attrs.get("http-equiv", "").lower() == "content-type":
        found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", attrs.get("content", ""), re.IGNORECASE)
        declared = found.group(1) if found else ""
    if not declared:
        return ""
    try:
        same = codecs.lookup(declared).name == codec
    except LookupError:
        same = False
    return "" if same else (f"declares the charset {declared[:40]} in a <meta> tag, another than its "
                            f"header's ({codec})")
