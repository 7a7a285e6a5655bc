"""One XML part of a Word package from a project: what it may name outside the package.

Every part that is XML is read as XML (render/docxparts.py decides which, by its bytes, its name
and [Content_Types].xml), whatever its encoding: UTF-8 or UTF-16, with or without a byte order
mark. A part that is not well-formed is refused, so nothing is left unread. What is refused:
- a DTD or entities, and XInclude;
- a `file:` URL or a `\\\\server` path in any attribute or text, and a `src` in any attribute;
- in an SVG (an `svg` element anywhere, in any namespace): a link to anything but an `#id` of
  the same picture (href, xlink:href, CSS `url()`, `@import`, CSS escapes, processing
  instructions) and the elements that load or embed (`image`, `foreignObject`, `script`, …):
  LibreOffice's SVG import reads `file:` links, so a picture could carry any file of the user's
  into the contract PDF;
- in a Word part: imported chunks (w:altChunk), DDE links and a mail-merge data source, which
  Word loads or runs by itself; a content control bound to a custom XML part (w:dataBinding) and
  markup-compatibility alternatives whose text differs, which show other text than is filled in;
  a relationship id that names an outside link used as anything but a hyperlink (an image, a
  frame, an object) is refused through `outside_ids`.
"""

from __future__ import annotations

import re

RELS_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           "http://purl.oclc.org/ooxml/officeDocument/relationships")
XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
SVG_NS = "http://www.w3.org/2000/svg"
FILE_URL = re.compile(r"file:[/\\]|^\s*\\\\[^\\]", re.I)
SVG_LOADS = frozenset({"image", "foreignobject", "script", "feimage", "iframe", "video", "audio",
                       "handler", "listener", "font-face-uri", "color-profile", "cursor", "animation"})
SAME_DOCUMENT = re.compile(r"#[\w.:-]*")
CSS_LINK = re.compile(r"url\s*\(\s*(?!['\"]?\s*#)|@import|\\|\b(image|image-set|src|element|cross-fade)\s*\(",
                      re.I)
WORD_LOADS = frozenset({"altChunk", "ddeLink", "mailMerge"})
HYPERLINK_ELEMENTS = frozenset({"hyperlink", "hlinkClick", "hlinkHover", "hlinkMouseOver"})


def parse(blob: bytes):
    """The part's XML root, or ValueError: no entities resolved, no DTD loaded, no network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(blob, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        message = getattr(exc, "msg", None) or str(exc)
        raise ValueError(message.splitlines()[0] if message else "cannot be read") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise ValueError("declares a DTD or entities")
    return root


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def problem(root, outside_ids: frozenset[str] = frozenset(), data: bytes | None = None) -> str | None:
    """Why this part may not be opened (what it would load from outside), or None. With the
    part's `data` in plain UTF-8 and without character references, what its bytes do not spell
    is not searched for (a contract's document.xml has tens of thousands of nodes)."""
    from contractkit.render.docxfields import _plain_utf8

    lowered = data.lower() if data is not None and _plain_utf8(data) and b"&#" not in data else None

    def spelled(*words: bytes) -> bool:
        return lowered is None or any(word in lowered for word in words)

    if spelled(b"svg") and root.xpath("boolean(//*[local-name()='svg' or namespace-uri()=$ns])", ns=SVG_NS):
        return _svg_problem(root)
    return _word_problem(root, outside_ids, spelled)


def _word_problem(root, outside_ids: frozenset[str], spelled) -> str | None:
    """A Word part, searched by XPath for what its bytes spell."""
    if spelled(b"xinclude") and root.xpath("boolean(//*[namespace-uri()=$a or namespace-uri()=$b])",
                                           a=XINCLUDE_NS[0], b=XINCLUDE_NS[1]):
        return "includes another file (XInclude)"
    lowered = "translate(., 'FILE', 'file')"
    links = (f"//@*[contains({lowered}, 'file:') or contains(., '\\\\')]"
             f" | //text()[contains({lowered}, 'file:')]")
    for value in root.xpath(links) if spelled(b"file:", b"\\\\") else ():
        if FILE_URL.search(str(value)):
            return "names a file: URL"
    sources = "//@*[local-name()='src' and normalize-space(.) != '']"
    for value in root.xpath(sources) if spelled(b"src") else ():
        if not str(value).startswith("#"):
            return f"loads {str(value)[:60]!r} (a src attribute)"
    if spelled(b"databinding") and root.xpath("boolean(//*[local-name()='dataBinding'])"):
        return ("binds a content control to a custom XML part (w:dataBinding): Word and LibreOffice "
                "show that part's value, not the text contractkit fills in")
    if spelled(b"alternatecontent"):
        found = _alternatives_problem(root)
        if found:
            return found
    loads = "//*[" + " or ".join(f"local-name()='{n}'" for n in sorted(WORD_LOADS)) + "]"
    for el in root.xpath(loads) if spelled(*(w.lower().encode() for w in WORD_LOADS)) else ():
        return {"altChunk": "imports another document (w:altChunk)", "ddeLink": "holds a DDE link",
                "mailMerge": "names a mail-merge data source"}[local(el.tag)]
    plain_ids = all(re.fullmatch(r"[\w.-]+", i) for i in outside_ids)
    if outside_ids and (not plain_ids or spelled(*(i.lower().encode() for i in outside_ids))):
        for value in root.xpath("//@*[namespace-uri()=$a or namespace-uri()=$b]", a=RELS_NS[0], b=RELS_NS[1]):
            name = local(value.getparent().tag)
            if str(value) in outside_ids and name not in HYPERLINK_ELEMENTS:
                return f"uses the outside link {str(value)!r} as the source of a <{name}>, not as a hyperlink"
    return None


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _alternatives_problem(root) -> str | None:
    """An mc:AlternateContent whose branches hold different text: Word 2010+ and LibreOffice show
    the Choice, while docxtpl's tags and every text check may read the Fallback (a literal
    1 000 000,00 ₽ in the Choice over {{ total|money }} in the Fallback: red team 11, B13)."""
    for block in root.iter(f"{{{MC_NS}}}AlternateContent"):
        texts = {" ".join("".join(branch.itertext()).split())
                 for branch in block if local(branch.tag) in ("Choice", "Fallback")}
        if len(texts) > 1:
            return ("holds markup-compatibility alternatives (mc:AlternateContent) whose text differs: "
                    "what a reader's Word shows is not what contractkit fills in and checks")
    return None


def _svg_problem(root) -> str | None:
    """An SVG (or a part holding one): every node read, links only to its own #ids."""
    from lxml import etree

    around = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for el in [*around, *root.iter()]:
        if not isinstance(el.tag, str):  # a comment or a processing instruction
            if isinstance(el, etree._ProcessingInstruction):
                return f"is an SVG with a processing instruction {str(el)[:60]!r}"
            continue
        name = local(el.tag)
        if el.tag.startswith(tuple("{" + ns for ns in XINCLUDE_NS)):
            return "includes another file (XInclude)"
        for key, value in el.attrib.items():
            found = _attribute_problem(local(key), value)
            if found:
                return found
        text = el.text or ""
        if FILE_URL.search(text) or FILE_URL.search(el.tail or ""):
            return "names a file: URL"
        if name.lower() in SVG_LOADS:
            return f"is an SVG with an <{name}> element, which loads or embeds content"
        if name == "style" and CSS_LINK.search(text):
            return f"is an SVG whose style links to {text.strip()[:60]!r}"
    return None


def _attribute_problem(key: str, value: str) -> str | None:
    if FILE_URL.search(value):
        return "names a file: URL"
    if key == "src" and value.strip() and not value.startswith("#"):
        return f"loads {value[:60]!r} (a src attribute)"
    if key in ("href", "base") and not SAME_DOCUMENT.fullmatch(value):
        return f"is an SVG that links to {value[:60]!r}"
    if CSS_LINK.search(value):
        return f"is an SVG that links to {value[:60]!r}"
    return None


def relationships(root) -> list[tuple[str, str, str, str]]:
    """(Id, Type, Target, TargetMode) of every Relationship of a .rels part."""
    return [(rel.get("Id", ""), rel.get("Type", "").strip(), rel.get("Target", ""),
             rel.get("TargetMode", "")) for rel in root.iter() if local(rel.tag) == "Relationship"]
