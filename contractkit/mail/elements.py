"""Which HTML elements a reply's text may stand in, and what an element shows beside its text.

mail/html.py walks the elements; these allow-lists and checks say which of them it may vouch for
(red team 8, A7; red team 9, B1 and B3)."""

from __future__ import annotations

from contractkit.mail import paint as approval_paint

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


def shown_otherwise(name: str, attrs: dict[str, str], unshown: bool) -> list[str]:
    """What a mail program shows beside or instead of the element's text, and the reader does
    not read: a picture (its alt text is shown only when the picture cannot be: red team 9, B3),
    a list marker of letters, roman numerals or another start (`<ol type="A" start="9874">`
    draws "NOT.": B1), a direction that reorders the text."""
    if unshown:
        return []
    problems = []
    if name == "img" or "background" in attrs:
        src = (attrs.get("src") if name == "img" else attrs.get("background")) or ""
        problems.append(f"shows a picture ({src.strip()[:60]!r}), which the reader cannot read: a mail "
                        "program shows the picture, not its alt text")
    kind = attrs.get("type", "").strip()
    plain = {"ol": ("", "1"), "li": ("", "1", "disc", "circle", "square"),
             "ul": ("", "disc", "circle", "square")}
    if name in plain and (kind not in plain[name] or "start" in attrs or "reversed" in attrs
                          or "value" in attrs):
        problems.append(f"numbers a list in its own way (<{name}> with type, start, value or reversed), so "
                        "the mail program draws list markers of letters or numbers that are not read")
    face = attrs.get("face") if name == "font" else None
    odd = approval_paint.odd_face(approval_paint.faces(face)) if face is not None else ""
    if odd:
        problems.append(f"sets {odd} (<font face>; what is read may not be what the client saw)")
    if attrs.get("dir", "ltr").strip().lower() != "ltr":
        problems.append("sets the text direction (dir), which reorders what a mail program shows")
    return problems
