"""Payment details in a document made with a project's own look come from the deal's data only.

A look folder arrives through git. Its own `ru/invoice.html.j2` could type a bank account in place
of `{{ bank.account }}` (red team 10, B9, "related, plainer"): `sign` and `invoice` accepted it and
the client would pay into that account. The rule is on what the document shows, whatever the
template does: every account number (20 digits, grouped or not), valid IBAN, Russian BIC (9
digits from 04) and SWIFT code after "BIC"/"SWIFT"/«БИК» in its text must be one the template was
given (project.yaml's requisites, through the context). Digits a stylesheet writes (`content`,
`attr()`, list markers, `quotes`, `string-set`, big counters, `@counter-style`) are refused in a
project's look, since they could complete a number the text check reads in pieces.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from decimal import Decimal

from contractkit.errors import RenderError

GAP = "[ \u00a0\u2009\u202f-]"
"""What may stand between the digit groups of an account in print (not a dot, not a line end)."""
ACCOUNT = re.compile(rf"(?<![A-Za-z0-9])(?<!\d{GAP})\d(?:{GAP}?\d){{19}}(?!{GAP}?\d)")
IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Z0-9])")
BIK = re.compile(r"(?<![\d])04\d{7}(?![\d])")
SWIFT = re.compile(r"(?:BIC|SWIFT|БИК)[^A-Za-z0-9]{0,24}([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![A-Za-z0-9])")
BLOCK = re.compile(r"<(?:/?(?:p|div|td|th|tr|table|tbody|thead|li|ul|ol|h[1-6]|section|article|header|"
                   r"footer|br|hr|dd|dt|dl|pre|blockquote|figure|figcaption|caption)\b)[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")
HIDDEN = re.compile(r"<(script|style|title|head)\b.*?</\1\s*>", re.I | re.S)
WRITES = ("content", "list-style", "list-style-type", "quotes", "string-set")
COUNTERS = ("counter-reset", "counter-set", "counter-increment")


def _iban_valid(text: str) -> bool:
    moved = text[4:] + text[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return len(text) <= 34 and int(digits) % 97 == 1


INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
"""Characters a reader does not see (zero-width, joiners, soft hyphen, direction marks)."""
LOOKALIKE = re.compile(r"(?<![^\W\d_])[ОоOoЗзIlІ|б]*\d[\dОоOoЗзIlІ|б]*(?![^\W\d_])")
"""A run of figures and letters that look like figures, not inside a word."""
DIGIT_OF = str.maketrans("ОоOoЗзIlІ|б", "00003311116")
SPLIT = re.compile(r"(?<=\d)[./](?=\d)")
"""A dot or slash between figures: a date's, or an account number's drawn in groups (B09)."""


def _normal(text: str) -> str:
    """text as a reader reads its figures (red team 12, B09): invisible characters dropped, letters
    that look like figures inside a run of figures read as those figures."""
    import unicodedata

    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return LOOKALIKE.sub(lambda m: m.group(0).translate(DIGIT_OF), text)


def details(text: str) -> set[str]:
    """The payment details text shows, each as its characters without gaps."""
    text = _normal(text)
    found = {re.sub(GAP, "", m.group(0)) for m in ACCOUNT.finditer(text)}
    grouped = SPLIT.sub(" ", text)  # «4080.2810.9999.9999.9999»: a date has 8 figures, never 20
    found |= {re.sub(GAP, "", m.group(0)) for m in ACCOUNT.finditer(grouped)}
    found |= {v for v in (m.group(0).replace(" ", "") for m in IBAN.finditer(text)) if _iban_valid(v)}
    found |= set(BIK.findall(text))
    found |= set(SWIFT.findall(text))
    return found


def leaves(value, depth: int = 0) -> Iterator[object]:
    """Every value in a template's context that is no dict or list, however deep (at most 40
    levels): what a template could print. render/statedsums.py reads its sums from the same walk."""
    if depth > 40:
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from leaves(item, depth + 1)
    else:
        yield value


def _strings(value) -> Iterator[str]:
    """Every text in a template's context (dicts, lists, numbers), as the template could print it."""
    for leaf in leaves(value):
        if isinstance(leaf, str):
            yield leaf
        elif isinstance(leaf, (int, Decimal)) and not isinstance(leaf, bool):
            yield str(leaf)


def given(context: dict) -> set[str]:
    """The payment details the deal's data gives a template: each value found in its texts, and
    each whole value that is one (an account stored as plain digits)."""
    out: set[str] = set()
    for text in _strings(context):
        out |= details(text)
        bare = re.sub(GAP, "", text.strip())
        if bare.isalnum() and 8 <= len(bare) <= 34:
            out.add(bare.upper())
    return out


def shown(html: str) -> str:
    """The text a reader sees in html: block ends break a line, inline tags join what they split."""
    text = HIDDEN.sub(" ", html)
    text = BLOCK.sub("\n", text)
    return htmllib.unescape(TAG.sub("", text))


def check(html: str, context: dict, source: str, sheets: list[str], inline: list[str]) -> None:
    """RenderError when the document made from a project's own template `source` shows a payment
    detail the context does not hold, or its CSS writes digits (sheets, inline: its stylesheets'
    and style attributes' texts)."""
    css = _css_problem(sheets, inline)
    if css:
        raise RenderError(f"template {source}: refused: {css}: what a document says comes from the "
                          "deal's data", hint="write the text in the template from project.yaml's fields")
    foreign = sorted(details(shown(html)) - given(context))
    if foreign:
        raise RenderError(f"template {source}: refused: it shows the payment detail {foreign[0]}, which "
                          "is not in project.yaml: bank details in a document come only from the deal's "
                          "data", hint="print requisites with {{ bank.account }}, {{ bank.bik }} and the "
                          "like, never as typed text")


def _css_problem(sheets: list[str], inline: list[str]) -> str | None:
    import tinycss2

    for text in sheets:
        found = _rules(tinycss2, tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
        if found:
            return found
    for text in inline:
        found = _declarations(tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True))
        if found:
            return found
    return None


def _rules(tinycss2, nodes, depth: int = 0) -> str | None:
    for node in nodes:
        if node.type == "at-rule" and node.lower_at_keyword == "counter-style":
            return "its CSS defines a @counter-style (list markers of its own symbols)"
        content = getattr(node, "content", None)
        if content is None or depth > 8:
            continue
        if node.type == "qualified-rule" or node.lower_at_keyword in ("page", "top-left", "top-center",
                                                                       "top-right", "bottom-left",
                                                                       "bottom-center", "bottom-right"):
            found = _declarations(tinycss2.parse_blocks_contents(content, skip_comments=True,
                                                                 skip_whitespace=True), tinycss2, depth)
        else:
            found = _rules(tinycss2, tinycss2.parse_rule_list(content, skip_comments=True,
                                                              skip_whitespace=True), depth + 1)
        if found:
            return found
    return None


def _declarations(items, tinycss2=None, depth: int = 0) -> str | None:
    for item in items:
        if item.type == "at-rule" and tinycss2 is not None and item.content is not None and depth < 8:
            found = _rules(tinycss2, [item], depth + 1)
            if found:
                return found
        if item.type != "declaration":
            continue
        tokens = list(_tokens(item.value))
        if item.lower_name in WRITES:
            for token in tokens:
                if token.type == "string" and re.search(r"\d", token.value):
                    return f"its CSS writes digits ({item.lower_name}: \"{token.value[:20]}\")"
                if token.type == "function" and token.lower_name in ("attr", "url", "target-counter",
                                                                     "target-text"):
                    return f"its CSS writes {token.lower_name}() in {item.lower_name}"
        elif item.lower_name in COUNTERS:
            for token in tokens:
                if token.type == "number" and abs(token.value) >= 1000:
                    return f"its CSS sets a counter to {token.representation} ({item.lower_name})"
    return None


def _tokens(tokens, depth: int = 0):
    for token in tokens:
        yield token
        if token.type == "function" and depth < 8:
            yield from _tokens(token.arguments, depth + 1)


WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HIDING = ("vanish", "specVanish", "webHidden")


def word_check(docx: bytes, data: dict, source: str) -> None:
    """check() for a document filled from a project's Word template: its shown text (body, headers,
    footers, notes) may hold no payment detail `data` does not give, and no hidden run with a
    figure in it (a hidden {{ total|money }} beside a typed total: the tag is filled, the reader
    sees the other)."""
    import io
    import zipfile

    from contractkit.render import docxxml

    shown: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
                continue
            root = docxxml.parse(package.read(name))
            for paragraph in root.iter(f"{{{WORD_NS}}}p"):
                line = []
                for run in paragraph.iter(f"{{{WORD_NS}}}r"):
                    text = "".join(t.text or "" for t in run.iter(f"{{{WORD_NS}}}t"))
                    props = run.find(f"{{{WORD_NS}}}rPr")
                    hidden = props is not None and any(
                        props.find(f"{{{WORD_NS}}}{h}") is not None and
                        props.find(f"{{{WORD_NS}}}{h}").get(f"{{{WORD_NS}}}val", "true") not in ("0", "false")
                        for h in HIDING)
                    if hidden and re.search(r"\d", text):
                        raise RenderError(f"{source}: refused: it hides text with figures ({text[:30]!r}, "
                                          "w:vanish): what the document shows is not what is filled in",
                                          hint="remove the hidden text in Word (Ctrl+Shift+8 shows it)")
                    if not hidden:
                        line.append(text)
                shown.append("".join(line))
    foreign = sorted(details("\n".join(shown)) - given(data))
    if foreign:
        raise RenderError(f"{source}: refused: it shows the payment detail {foreign[0]}, which is not in "
                          "project.yaml: bank details in a document come only from the deal's data",
                          hint="print requisites with the template's tags, never as typed text")
