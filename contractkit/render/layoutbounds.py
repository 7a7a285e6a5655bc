"""Bounds on a document's HTML before it is laid out, and a CPU alarm over the layout itself.

A project's own template is untrusted (it comes from git), and the sandbox bounds only the
template step. Its output could still tie up weasyprint for minutes: thousands of floats (their
placement is superlinear), flex boxes nested a dozen deep (each level lays its children out
again), elements nested deeper than Python's recursion limit. check() reads the HTML with the
parser weasyprint uses and refuses, in one line naming the template, a document over a bound;
a PDF made alone is checked on the very tree weasyprint lays out (refusal(), render/pdf.py), so its
HTML is parsed once.
The bounds are far above real documents: the biggest bundled one (a contract) has about 200
elements nested 8 deep, no float, no flex box and 3.5 KB of CSS. Behind them, `layout` runs the
PDF and DOCX engines under a CPU-time alarm and turns a RecursionError into the same kind of line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from contractkit.errors import RenderError

MAX_ELEMENTS = 5_000
"""Elements in one document (weasyprint lays out 5,000 paragraphs in about 3 s)."""
MAX_DEPTH = 80
"""Elements nested in one another (weasyprint's recursion fails at about 150)."""
MAX_FLOATS = 100
"""Floated or absolutely positioned elements."""
MAX_FLEX_DEPTH = 4
"""Flex boxes nested in one another (each level multiplies the layout work by about 2.5)."""
MAX_CSS = 100_000
"""Characters of CSS: style elements and attributes, and the stylesheets they link or import."""
LAYOUT_SECONDS = float(os.environ.get("CONTRACTKIT_LAYOUT_SECONDS", "30"))
"""CPU seconds to lay out one document (PDF or DOCX): the backstop behind the bounds above."""

HINT = "simplify the template (a document is pages of text and tables), or list less in project.yaml"


class LayoutLimit(BaseException):
    """Raised by the CPU alarm inside the PDF or DOCX engine. Not an Exception, so that no
    `except Exception` in a library swallows it and runs on without an alarm."""


@contextmanager
def layout(source: str) -> Iterator[None]:
    """Lay out the document made from `source` (a template's name) under the CPU alarm; running
    out of time or of recursion depth is a one-line RenderError naming it."""
    from contractkit.cpulimit import cpu_limit

    try:
        with cpu_limit(LAYOUT_SECONDS, LayoutLimit):
            yield
    except LayoutLimit:
        raise RenderError(f"{_named(source)}: refused: laying the document out took more than "
                          f"{LAYOUT_SECONDS:g} s of CPU time", hint=HINT) from None
    except RecursionError:
        raise RenderError(f"{_named(source)}: refused: the document nests too deeply to lay out",
                          hint=HINT) from None


class Checked(str):
    """HTML that check() passed, with the name of the template it was made from, so that an
    engine refusing it later names the template too (render/documents.py). `deferred`: not
    checked yet; whoever lays it out checks it first (render/documents.py started_formats)."""

    source = ""
    deferred = False
    stated = None
    """What its sums must be (render/statedsums.Expected), read back from the laid-out files."""
    lang = ""
    pictures: frozenset = frozenset()


def checked(html: str, source: str, base: Path, roots: tuple[Path, ...], defer: bool = False) -> Checked:
    """check(html, ...), then the HTML as a Checked (defer: the check left to its layout)."""
    if not defer:
        check(html, source, base, roots)
    out = Checked(html)
    out.source, out.deferred = source, defer
    return out


def shown(dirs: tuple[Path, ...], name: str) -> str:
    """A template's name as its user knows it: look/ru/brief.html.j2 for a project's own (its
    folder and the name), ru/brief.html.j2 for a bundled one."""
    from contractkit.resources import TEMPLATES

    folder = next((d for d in dirs if (d / name).is_file()), TEMPLATES)
    return name if folder == TEMPLATES else f"{folder.name}/{name}"


def _named(source: str) -> str:
    return f"template {source}" if source.endswith(".j2") else source or "the document"


def check(html: str, source: str, base: Path, roots: tuple[Path, ...]) -> None:
    """Refuse `html` (made from the template `source`) when laying it out could take long.

    base: the folder relative links resolve from; roots: the template folders, the only places a
    stylesheet is read from (as the PDF engine's fetcher reads them, render/pdf.py)."""
    with layout(source):
        found = _problem(_parse(html), base, roots)
    if found:
        raise RenderError(f"{_named(source)}: refused: {found}", hint=HINT)


def refuse(root, wrapper, source: str, base: Path, roots: tuple[Path, ...]) -> None:
    """check() on a tree tinyhtml5 already built (weasyprint's, with its cssselect2 wrapper),
    inside the layout's CPU alarm (the caller's `layout`)."""
    found = _problem(root, base, roots, wrapper)
    if found:
        raise RenderError(f"{_named(source)}: refused: {found}", hint=HINT)


def _problem(root, base: Path, roots: tuple[Path, ...], wrapper=None) -> str | None:
    elements, depth = _shape(root)
    if elements > MAX_ELEMENTS:
        return f"the document has more than {MAX_ELEMENTS:,} elements"
    if depth > MAX_DEPTH:
        return f"the document nests elements more than {MAX_DEPTH} deep"
    sheets, inline = _css(root, base, roots)
    size = sum(len(s) for s in sheets) + sum(len(s) for _, s in inline)
    if size > MAX_CSS:
        return f"the document's CSS is over {MAX_CSS:,} characters"
    floats, flex = _styled(root, sheets, inline, wrapper)
    if len(floats) > MAX_FLOATS:
        return f"the document has more than {MAX_FLOATS} floated or positioned elements"
    if _flex_depth(root, flex) > MAX_FLEX_DEPTH:
        return f"the document nests flex boxes more than {MAX_FLEX_DEPTH} deep"
    return None


def _parse(html: str):
    """The tree weasyprint builds: its own HTML parser, with its options."""
    import tinyhtml5

    return tinyhtml5.parse(html, namespace_html_elements=False)


def _shape(root) -> tuple[int, int]:
    """(elements, deepest nesting), walked without recursion."""
    count = deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if not isinstance(element.tag, str):
            continue
        count += 1
        deepest = max(deepest, depth)
        if count > MAX_ELEMENTS or deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in element)
    return count, deepest


def _css(root, base: Path, roots: tuple[Path, ...]) -> tuple[list[str], list[tuple[object, str]]]:
    """(stylesheets: style elements and the files linked or imported, each read once;
    [(element, its style attribute)])."""
    import tinycss2

    base_url = str(base) + "/"
    found = next((e.get("href") for e in root.iter("base") if e.get("href")), None)
    if found:
        base_url = urljoin(base_url, found)
    sheets: list[str] = []
    inline: list[tuple[object, str]] = []
    pending: list[str] = []
    for element in root.iter():
        if element.tag == "style":
            sheets.append(element.text or "")
        elif element.tag == "link" and "stylesheet" in (element.get("rel") or "").lower().split():
            pending.append(urljoin(base_url, element.get("href") or ""))
        if isinstance(element.tag, str) and element.get("style"):
            inline.append((element, element.get("style")))
    pending += [url for text in sheets for url in _imports(tinycss2, text, base_url)]
    _follow(tinycss2, pending, sheets, sum(len(s) for _, s in inline), roots)
    return sheets, inline


STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
LINK = re.compile(r"<link\b[^>]*>", re.I)
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def css_of(html: str, base: Path, roots: tuple[Path, ...]) -> tuple[list[str], list[str]]:
    """The texts of the CSS a document's HTML may use (its style elements, the stylesheets it links
    or imports from the template folders, its style attributes), read off the text without
    parsing it (a PDF made alone has its HTML parsed once, by the engine): every match is taken,
    so more is read than a browser would apply, never less."""
    import html as htmllib

    import tinycss2

    sheets = [m.group(1) for m in STYLE_ELEMENT.finditer(html)]
    inline = [htmllib.unescape(next(g for g in m.groups() if g is not None))
              for m in STYLE_ATTRIBUTE.finditer(html)]
    base_url = str(base) + "/"
    hrefs = [HREF.search(link) for link in LINK.findall(html) if "stylesheet" in link.lower()]
    pending = [urljoin(base_url, htmllib.unescape(next(g for g in h.groups() if g is not None)))
               for h in hrefs if h]
    pending += [url for text in sheets for url in _imports(tinycss2, text, base_url)]
    _follow(tinycss2, pending, sheets, sum(len(s) for s in inline), roots)
    return sheets, inline


def _follow(tinycss2, pending: list[str], sheets: list[str], inline_size: int,
            roots: tuple[Path, ...]) -> None:
    """Read the stylesheets `pending` names (and those they import) into `sheets`, each file once,
    from the template folders only, until MAX_CSS characters of CSS in all."""
    seen: set[Path] = set()
    total = sum(len(s) for s in sheets) + inline_size
    while pending and total <= MAX_CSS:
        path = _local(pending.pop(0), roots)
        if path is None or path in seen:
            continue
        seen.add(path)
        with path.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(MAX_CSS + 1)
        sheets.append(text)
        total += len(text)
        pending += _imports(tinycss2, text, path.as_uri())


def _local(url: str, roots: tuple[Path, ...]) -> Path | None:
    """The stylesheet file a URL names inside the template folders, or None (the PDF engine
    refuses anything else)."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    path = Path(unquote(parsed.path)).resolve()
    inside = any(path == r or r in path.parents for r in roots)
    return path if inside and path.suffix.lower() == ".css" and path.is_file() else None


def _imports(tinycss2, text: str, base_url: str) -> list[str]:
    out = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            for token in rule.prelude:
                if token.type in ("url", "string"):
                    out.append(urljoin(base_url, token.value))
                    break
                if token.type == "function" and token.lower_name == "url" and token.arguments:
                    value = token.arguments[0]
                    if value.type == "string":
                        out.append(urljoin(base_url, value.value))
                    break
    return out


def _styled(root, sheets: list[str], inline: list[tuple[object, str]], wrapper=None) -> tuple[set, set]:
    """(ids of elements floated or absolutely positioned, ids of flex boxes) by any rule or style
    attribute, whatever the cascade later overrides: an upper bound. wrapper: root's cssselect2
    wrapper, when one was built."""
    import tinycss2

    floats: set[int] = set()
    flex: set[int] = set()
    for element, style in inline:
        kinds = _kinds(tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True))
        _mark(element, kinds, floats, flex)
    rules = [(prelude, kinds) for text in sheets for prelude, kinds in
             _rules(tinycss2, tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))]
    if rules:
        import cssselect2

        if wrapper is None:
            wrapper = cssselect2.ElementWrapper.from_html_root(root)
        for prelude, kinds in rules:
            try:
                selectors = cssselect2.compile_selector_list(prelude)
            except cssselect2.SelectorError:
                continue  # weasyprint skips the rule too
            for element in wrapper.iter_subtree():
                if any(s.test(element) for s in selectors):
                    _mark(element.etree_element, kinds, floats, flex)
            if len(floats) > MAX_FLOATS:
                break
    return floats, flex


def _rules(tinycss2, nodes, depth: int = 0) -> Iterator[tuple[list, set[str]]]:
    """(selector, {"float", "flex"}) of each rule that floats, positions or flexes, inside
    @media and other grouping rules too."""
    for node in nodes:
        if node.type == "qualified-rule":
            kinds = _kinds(tinycss2.parse_blocks_contents(node.content, skip_comments=True,
                                                          skip_whitespace=True))
            if kinds:
                yield node.prelude, kinds
        elif node.type == "at-rule" and node.content is not None and depth < 8:
            yield from _rules(tinycss2, tinycss2.parse_rule_list(node.content, skip_comments=True,
                                                                 skip_whitespace=True), depth + 1)


def _kinds(declarations) -> set[str]:
    kinds = set()
    for item in declarations:
        if item.type != "declaration":
            continue
        words = [t.lower_value for t in item.value if t.type == "ident"]
        if item.lower_name == "float" and words and words[0] != "none":
            kinds.add("float")
        elif item.lower_name == "position" and {"absolute", "fixed"} & set(words):
            kinds.add("float")
        elif item.lower_name == "display" and {"flex", "inline-flex"} & set(words):
            kinds.add("flex")
    return kinds


def _mark(element, kinds: set[str], floats: set[int], flex: set[int]) -> None:
    if "float" in kinds:
        floats.add(id(element))
    if "flex" in kinds:
        flex.add(id(element))


def _flex_depth(root, flex: set[int]) -> int:
    """The most flex boxes on one path from the root, walked without recursion."""
    if not flex:
        return 0
    deepest = 0
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if not isinstance(element.tag, str):
            continue
        depth += id(element) in flex
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in element)
    return deepest
