"""Headers and footers in the redline (red team 12, B04): diffed with the same revision marks as the
body. A letterhead or a Word template that changes the header between the signed contract and the
addendum showed with no mark at all.

Every section's header and footer of each kind (default, first, even) is paired with the one in
force at the same section and kind in FROM (a section without its own reference inherits the
previous section's, as Word does), and each of TO's parts is diffed once against it, block by
block and word by word. A part TO has where FROM had none is marked inserted whole; a part FROM had
where TO has none is added to TO, its text marked deleted, so that accepting all changes gives TO's
text and rejecting all gives FROM's.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from contractkit.flows.redline.ooxml import DOCUMENT, blocks, w

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
RELS = "word/_rels/document.xml.rels"
KINDS = ("default", "first", "even")
PART_TYPE = {"header": f"{R}/header", "footer": f"{R}/footer"}
CONTENT_TYPE = {"header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
                "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"}
DRAWN = ("drawing", "pict", "object")
"""What a deleted part copied from FROM cannot keep: it refers to FROM's own pictures."""


def redline_margins(old_parts: dict[str, bytes], parts: dict[str, bytes], root, merger) -> None:
    """Diff the headers and footers of `parts` (TO's package, whose document root is `root`) against
    old_parts' (FROM's), in place; merger: the body's _Merger (its container() and whole())."""
    old_root = etree.fromstring(old_parts[DOCUMENT])
    old_targets, new_targets = _targets(old_parts), _targets(parts)
    old_in_force = _in_force(old_root, old_targets)
    done: set[str] = set()
    for (index, side, kind), (sect, name) in _in_force(root, new_targets, own=True).items():
        old_name = old_in_force.get((index, side, kind))
        if name is None:
            if old_name is not None and _text(old_parts[old_name]):
                _add_deleted(parts, sect, side, kind, old_parts[old_name], merger)
            continue
        if name in done or name not in parts:
            continue
        done.add(name)
        new_part = etree.fromstring(parts[name])
        if old_name is not None and old_name in old_parts:
            merger.container(etree.fromstring(old_parts[old_name]), new_part)
        else:
            for block in blocks(new_part):
                merger.whole(block, "ins")
        parts[name] = etree.tostring(new_part, xml_declaration=True, encoding="UTF-8", standalone=True)


def _targets(parts: dict[str, bytes]) -> dict[str, str]:
    """Relationship id -> part name, for the document's header and footer relationships."""
    if RELS not in parts:
        return {}
    out = {}
    for rel in etree.fromstring(parts[RELS]):
        if rel.get("Type") in PART_TYPE.values() and rel.get("TargetMode") != "External":
            out[rel.get("Id")] = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
    return out


def _sections(root) -> list:
    body = root.find(w("body"))
    inner = [p.find(f"{w('pPr')}/{w('sectPr')}") for p in body.findall(w("p"))]
    last = body.find(w("sectPr"))
    return [s for s in inner if s is not None] + ([last] if last is not None else [])


def _in_force(root, targets: dict[str, str], own: bool = False) -> dict:
    """(section, side, kind) -> the part in force there (FROM), or (its sectPr, its own part or
    None) for TO with own=True: a section without its own reference inherits the previous one's."""
    out: dict = {}
    current: dict = {}
    for index, sect in enumerate(_sections(root)):
        for side in ("header", "footer"):
            for kind in KINDS:
                refs = sect.findall(w(f"{side}Reference"))
                ref = next((r for r in refs if r.get(w("type"), "default") == kind), None)
                if ref is not None:
                    current[(side, kind)] = targets.get(ref.get(f"{{{R}}}id"))
                part = current.get((side, kind))
                out[(index, side, kind)] = (sect, part) if own else part
    return out


def _text(xml: bytes) -> str:
    return "".join(t.text or "" for t in etree.fromstring(xml).iter(w("t")))


def _add_deleted(parts: dict[str, bytes], sect, side: str, kind: str, old_xml: bytes, merger) -> None:
    """FROM's part, its text marked deleted, added to TO and referenced from this section."""
    part = etree.fromstring(old_xml)
    for tag in DRAWN:
        for el in list(part.iter(w(tag))):
            el.getparent().remove(el)
    for link in list(part.iter(w("hyperlink"))):
        for child in list(link):
            link.addprevious(child)
        link.getparent().remove(link)
    for block in blocks(part):
        merger.whole(block, "del")
    number = 1
    while f"word/{side}{number}.xml" in parts:
        number += 1
    name = f"word/{side}{number}.xml"
    parts[name] = etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = etree.fromstring(parts[RELS])
    ids = {r.get("Id") for r in rels}
    rid = next(f"rIdRedline{n}" for n in range(1, len(ids) + 2) if f"rIdRedline{n}" not in ids)
    etree.SubElement(rels, f"{{{PACKAGE}}}Relationship", Id=rid, Type=PART_TYPE[side],
                     Target=f"{side}{number}.xml")
    parts[RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts[CONTENT_TYPES])
    ns = etree.QName(types).namespace
    etree.SubElement(types, f"{{{ns}}}Override", PartName=f"/{name}", ContentType=CONTENT_TYPE[side])
    parts[CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    ref = etree.Element(w(f"{side}Reference"))
    ref.set(w("type"), kind)
    ref.set(f"{{{R}}}id", rid)
    refs = sect.findall(w("headerReference")) + sect.findall(w("footerReference"))
    if refs:
        refs[-1].addnext(ref)
    else:
        sect.insert(0, ref)  # references come first in a sectPr (CT_SectPr)
