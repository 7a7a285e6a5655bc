"""What a written DOCX may hold besides text: field codes and links Word would act on by itself.

A letterhead comes with the project, so a teammate can put into it a field that Word runs or
fetches when the client opens the document (INCLUDEPICTURE "http://…", INCLUDETEXT, DDE,
DDEAUTO, LINK, …), as a simple field (w:fldSimple) or a complex one (w:fldChar + w:instrText,
possibly split over many runs and produced by the template's own placeholders), or a relationship
to an outside target. Every DOCX contractkit writes is read back here before it leaves: only the
page-number fields and web or mail hyperlinks pass.
"""

from __future__ import annotations

import io
import re
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALLOWED_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})
"""Field instructions a letterhead may use (the bundled one numbers its pages)."""
HYPERLINK = re.compile(r"^(https?://|mailto:)[^\s\\]*$", re.IGNORECASE)


def _fields(root) -> list[str]:
    """Every field instruction in one XML part, simple and complex (nested ones too)."""
    return [instruction for instruction, _, _ in _fields_at(root)]


def _fields_at(root) -> list[tuple[str, object, bool]]:
    """(instruction, the element it starts at, whether another field opens inside the
    instruction before its first word) of every field in one XML part."""
    out = [(el.get(f"{W}instr", ""), el, False) for el in root.iter(f"{W}fldSimple")]
    # per open field: [still reading the instruction?, its pieces, where it begins, made by a field?]
    stack: list[list] = []
    for el in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}delInstrText", f"{W}fldSimple"):
        if el.tag == f"{W}fldSimple":
            if stack and stack[-1][0] and not "".join(stack[-1][1]).strip():
                stack[-1][3] = True
            continue
        if el.tag != f"{W}fldChar":
            if stack and stack[-1][0]:
                stack[-1][1].append(el.text or "")
            continue
        kind = el.get(f"{W}fldCharType")
        if kind == "begin":
            if stack and stack[-1][0] and not "".join(stack[-1][1]).strip():
                stack[-1][3] = True  # the outer field's code starts with this field's result
            stack.append([True, [], el, False])
        elif kind == "separate" and stack and stack[-1][0]:
            stack[-1][0] = False
            out.append(("".join(stack[-1][1]), stack[-1][2], stack[-1][3]))
        elif kind == "end" and stack:
            reading, pieces, begin, made = stack.pop()
            if reading:
                out.append(("".join(pieces), begin, made))
    out.extend(("".join(pieces), begin, made) for reading, pieces, begin, made in stack if reading)
    return out


def problem(data: bytes) -> str | None:
    """Why this DOCX may not be written (a field or an outside link Word would act on), or None.

    Every part that is XML is read, whatever its name: Word finds parts through relationships and
    [Content_Types].xml, so a header named `word/header1.hdr` is still a header."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "not a DOCX package"
    with package:
        types = content_types(package)
        for item in package.infolist():
            if item.is_dir():
                continue
            name = item.filename
            found = _part_problem(name, package.read(item), types(name))
            if found:
                return found
    return None


def content_types(package: zipfile.ZipFile):
    """The part name -> declared content type lookup of [Content_Types].xml ('' when none)."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    try:
        root = _parse(package.read("[Content_Types].xml"))
    except (KeyError, ValueError):
        root = None
    for el in root.iter() if root is not None else ():
        tag = _local(el.tag)
        if tag == "Default":
            defaults[el.get("Extension", "").strip().lower()] = el.get("ContentType", "")
        elif tag == "Override":
            overrides[el.get("PartName", "").strip().lstrip("/").lower()] = el.get("ContentType", "")

    def lookup(name: str) -> str:
        key = name.lstrip("/").lower()
        return overrides.get(key) or defaults.get(key.rsplit("/", 1)[-1].rpartition(".")[2], "")
    return lookup


def _part_problem(name: str, blob: bytes, content_type: str) -> str | None:
    """A field, an outside link or an imported chunk in one part (nothing to say about non-XML)."""
    rels = name.lower().endswith(".rels") or "relationships" in content_type.lower()
    declared = content_type.split(";")[0].strip().lower().endswith("xml")
    if not (rels or declared or name.lower().endswith(".xml") or _looks_like_xml(blob)):
        return None
    if not rels and _plain_utf8(blob) and not any(word in blob.lower() for word in MARKUP):
        return None  # element names cannot be escaped: a part without them has no field
    try:
        root = _parse(blob)
    except ValueError:
        return f"{name}: not well-formed XML"
    if rels or _local(root.tag) == "Relationships":
        return _rels_problem(name, root)
    for instruction in _fields(root):
        words = instruction.split()
        if words and words[0].upper() not in ALLOWED_FIELDS or any(
                w.upper() in {"INCLUDEPICTURE", "INCLUDETEXT", "DDE", "DDEAUTO", "LINK"} for w in words):
            return f"{name}: the field {' '.join(words)[:80]!r}"
    if next(root.iter(f"{W}ddeLink", f"{W}altChunk"), None) is not None:
        return f"{name}: an embedded link or imported chunk"
    return None


TEMPLATE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "TOC", "HYPERLINK"})
"""Fields a user's Word template may hold: page numbers, a table of contents of its own headings
and hyperlinks. Nothing that includes, links, runs, prompts or prints, and nothing whose shown
value the viewer computes from elsewhere (red team 11, B13): DATE shows the day it is opened,
DOCPROPERTY, DOCVARIABLE, REF, SET, IF, = and MERGEFIELD show a property, a variable, a bookmark
or a sum instead of the text contractkit filled, SEQ, LISTNUM and AUTONUM take any start number,
XE, TC and TA put their own text into an index or a table of contents."""
REFUSED_WORDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "DDE", "DDEAUTO", "LINK", "IMPORT",
                           "EMBED", "DATABASE", "RD", "PRINT", "MACROBUTTON"})
OUTSIDE = re.compile(
    r"[a-z][a-z0-9+.-]*:[/\\]{2}|file:|mailto:|\\\\|(?:^|[\s\"'])[a-z]:[\\/]|\"\s*~?/[^\"\s]", re.I)
"""A URL, a `file:` or UNC path, a drive letter or an absolute path in a field's instruction."""
FIRST_QUOTED = re.compile(r'\s*"([^"]*)"')


def template_problem(root) -> str | None:
    """'paragraph N: the field …' for the first field of a user's Word template (or the document
    filled from it) that Word would run, include, fetch or prompt with, or None."""
    found = _fields_at(root)
    if len(found) > 1:  # the first in the document's order
        order = {el: n for n, el in enumerate(root.iter(f"{W}fldSimple", f"{W}fldChar"))}
        found.sort(key=lambda item: order.get(item[1], 0))
    for instruction, begins, made in found:
        words = instruction.split()
        if not words and not made:
            continue
        name = words[0].upper() if words else ""
        name = "=" if name.startswith("=") else name
        rest = instruction.split(None, 1)[1] if len(words) > 1 else ""
        if name == "HYPERLINK":  # its target may be a web or mail address, as a hyperlink's may
            target = FIRST_QUOTED.match(rest)
            if target and HYPERLINK.match(target.group(1).strip()):
                rest = rest[target.end():]
        if (made or name not in TEMPLATE_FIELDS or OUTSIDE.search(rest)
                or any(w.strip('"').upper() in REFUSED_WORDS for w in words)):
            what = "a field whose code another field makes" if made else "the field"
            return f"paragraph {_paragraph(root, begins)}: {what} {' '.join(words)[:80]!r}"
    return None


def _paragraph(root, element) -> str:
    """The 1-based number of the paragraph holding `element` among the part's paragraphs."""
    holder = element
    while holder is not None and holder.tag != f"{W}p":
        holder = holder.getparent()
    if holder is None:
        return "?"
    return str(next(n for n, p in enumerate(root.iter(f"{W}p"), 1) if p is holder))


MARKUP = (b"instr", b"fldsimple", b"fldchar", b"ddelink", b"altchunk")
"""What a part holding a field or a link must spell out (element and attribute names, lowercased)."""


def _rels_problem(name: str, root) -> str | None:
    for rel in root.iter():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode", "").strip().lower() != "external":
            continue
        link = rel.get("Target", "")
        if not rel.get("Type", "").strip().endswith("/hyperlink") or not HYPERLINK.match(link):
            return f"{name}: a link to an outside resource {link!r}"
    return None


def _plain_utf8(blob: bytes) -> bool:
    """Whether element names stand in the part's bytes as they are (UTF-8 or ASCII, no other
    encoding declared), so that a part without MARKUP need not be parsed."""
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in blob[:512]:
        return False
    declared = XML_ENCODING.match(blob.removeprefix(b"\xef\xbb\xbf"))
    return not declared or declared.group(1).lower() in (b"utf-8", b"utf8")


XML_ENCODING = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")


def _looks_like_xml(blob: bytes) -> bool:
    """Whether a part starts like XML: '<' after an optional byte order mark and white space."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if blob.startswith(bom):
            head = blob[len(bom):len(bom) + 1024].decode(codec, "ignore")
            break
    else:
        head = blob[:1024].replace(b"\0", b"").decode("latin-1")  # UTF-16 with no mark: drop the zeros
    return head.lstrip(" \t\r\n").startswith("<")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(blob: bytes):
    """The part's XML root (ValueError if it is not well-formed); no entities, no network."""
    from lxml import etree

    try:
        return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError(str(exc)) from None
