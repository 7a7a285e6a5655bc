"""The HTML output of a project's own templates, made inert for the browser that opens it.

A project's template is untrusted: the sandbox keeps it from running code here, and this keeps
the HTML it produced from running code (or navigating, or framing other pages) on the machine of
whoever opens the .html file: no script, no event handler, no javascript: URL, no frame, object,
embed, base or refreshing meta; and no network load (a stylesheet, @import, image, font or
background by URL), as the PDF path refuses them. Layout and text are left as they are.
"""

from __future__ import annotations

import re

DROP = frozenset({"script", "noscript", "template", "svg", "math", "applet"})
"""Removed with everything inside."""
UNWRAP = frozenset({"iframe", "frame", "frameset", "object", "embed", "base", "form", "portal", "param"})
"""Removed, their text kept (a parser may nest what follows inside them)."""
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:image/", "#")
LOADS = frozenset({"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc", "xlink:href",
                   "imagesrcset", "manifest", "icon", "ping"})
"""Attributes the browser fetches by itself (a link's href is followed only when clicked)."""
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
CSS_COMMENT = re.compile(r"/\*.*?(\*/|$)", re.DOTALL)
CSS_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
CSS_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*:\s*//|['\"(,\s]//|@import|\\", re.IGNORECASE)


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
        if tag in DROP or (tag == "meta" and element.get("http-equiv")) or (
                tag == "link" and (_remote(element.get("href", "")) or element.get("rel", "").lower() in
                                   ("preconnect", "dns-prefetch", "prefetch", "preload", "prerender",
                                    "modulepreload", "import"))):
            element.drop_tree()
            continue
        if tag == "style":
            element.text = local_css(element.text or "")
            for child in list(element):
                element.remove(child)
        if tag in UNWRAP:
            element.drop_tag()
            continue
        for name in list(element.attrib):
            value = "".join(element.get(name).split()).lower()
            if name.lower() == "style":
                css = local_css(element.get(name))
                if css.strip():
                    element.set(name, css)
                else:
                    del element.attrib[name]
                continue
            if name.lower() in LOADS and any(_remote(v) for v in element.get(name).split(",")) \
                    or name.lower() == "ping":
                del element.attrib[name]
                continue
            if name.lower().startswith("on") or (
                    name.lower() in ("href", "src", "action", "formaction", "srcset", "poster", "background",
                                     "data", "xlink:href", "ping", "lowsrc", "dynsrc", "cite", "longdesc")
                    and not value.startswith(SAFE_SCHEMES)):
                del element.attrib[name]
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def _remote(value: str) -> bool:
    """A URL the browser would fetch from elsewhere: any scheme but data:, or protocol-relative."""
    v = "".join(value.split()).lower().lstrip("\x00")
    return v.startswith(("//", "\\\\", "/\\", "\\/")) or (bool(SCHEME.match(v)) and not v.startswith("data:"))


def local_css(css: str) -> str:
    """CSS with no network load: no @import, no url() to another host; a style that could hide one
    (CSS escapes, a bare //host string for image-set) is dropped whole."""
    text = CSS_IMPORT.sub("", CSS_COMMENT.sub("", css))
    text = CSS_URL.sub(lambda m: "none" if _remote(m.group(2)) else m.group(0), text)
    return "" if CSS_REMOTE.search(text) else text
