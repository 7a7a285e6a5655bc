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
RELS_EXTERNAL = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)


def _fields(root) -> list[str]:
    """Every field instruction in one XML part, simple and complex (nested ones too)."""
    out = [el.get(f"{W}instr", "") for el in root.iter(f"{W}fldSimple")]
    stack: list[tuple[list[bool], list[str]]] = []  # (still reading the instruction?, its pieces)
    for el in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}delInstrText"):
        if el.tag != f"{W}fldChar":
            if stack and stack[-1][0][0]:
                stack[-1][1].append(el.text or "")
            continue
        kind = el.get(f"{W}fldCharType")
        if kind == "begin":
            stack.append(([True], []))
        elif kind == "separate" and stack and stack[-1][0][0]:
            stack[-1][0][0] = False
            out.append("".join(stack[-1][1]))
        elif kind == "end" and stack:
            reading, pieces = stack.pop()
            if reading[0]:
                out.append("".join(pieces))
    out.extend("".join(pieces) for reading, pieces in stack if reading[0])
    return out


def problem(data: bytes) -> str | None:
    """Why this DOCX may not be written (a field or an outside link Word would act on), or None."""
    from lxml import etree

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "not a DOCX package"
    with package:
        for name in package.namelist():
            blob = package.read(name)
            if name.endswith(".rels"):
                for rel in RELS_EXTERNAL.findall(blob):
                    if b'TargetMode="External"' not in rel and b"TargetMode='External'" not in rel:
                        continue
                    target = re.search(rb'Target="([^"]*)"', rel)
                    link = (target.group(1) if target else b"").decode("utf-8", "replace")
                    if not rel.lower().count(b"/hyperlink") or not HYPERLINK.match(link):
                        return f"{name}: a link to an outside resource {link!r}"
                continue
            if not name.endswith(".xml") or b"instr" not in blob and b"fldSimple" not in blob:
                continue
            try:
                root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                return f"{name}: not well-formed XML"
            for instruction in _fields(root):
                words = instruction.split()
                if words and words[0].upper() not in ALLOWED_FIELDS or any(
                        w.upper() in {"INCLUDEPICTURE", "INCLUDETEXT", "DDE", "DDEAUTO", "LINK"}
                        for w in words):
                    return f"{name}: the field {' '.join(words)[:80]!r}"
            if root.find(f".//{W}ddeLink") is not None or b"<w:altChunk" in blob:
                return f"{name}: an embedded link or imported chunk"
    return None
