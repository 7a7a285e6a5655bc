"""The HTML output of a project's own templates, made inert for the browser that opens it.

A project's template is untrusted: the sandbox keeps it from running code here, and this keeps
the HTML it produced from running code (or navigating, or framing other pages) on the machine of
whoever opens the .html file: no script, no event handler, no javascript: URL, no frame, object,
embed, base or refreshing meta. Layout and text are left as they are.
"""

from __future__ import annotations

DROP = frozenset({"script", "noscript", "template", "svg", "math", "applet"})
"""Removed with everything inside."""
UNWRAP = frozenset({"iframe", "frame", "frameset", "object", "embed", "base", "form", "portal", "param"})
"""Removed, their text kept (a parser may nest what follows inside them)."""
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:image/", "#")


def clean(html: str) -> str:
    """`html` without active content; the same bytes for the same input."""
    import lxml.html
    from lxml import etree

    document = lxml.html.document_fromstring(html)
    for element in list(document.iter()):
        if not isinstance(element.tag, str):
            if isinstance(element, (etree._Comment, etree._ProcessingInstruction)):
                element.drop_tree()  # conditional comments, processing instructions
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        if tag in DROP or (tag == "meta" and element.get("http-equiv")):
            element.drop_tree()
            continue
        if tag in UNWRAP:
            element.drop_tag()
            continue
        for name in list(element.attrib):
            value = "".join(element.get(name).split()).lower()
            if name.lower().startswith("on") or (
                    name.lower() in ("href", "src", "action", "formaction", "srcset", "poster", "background",
                                     "data", "xlink:href", "ping", "lowsrc", "dynsrc", "cite", "longdesc")
                    and not value.startswith(SAFE_SCHEMES)):
                del element.attrib[name]
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
