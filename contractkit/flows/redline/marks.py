"""Paragraph marks of whole inserted or deleted paragraphs, placed so that accepting or
rejecting every revision gives each version's paragraphs, in Word and in LibreOffice alike."""

from __future__ import annotations

import copy

from lxml import etree

from contractkit.flows.redline import align
from contractkit.flows.redline.ooxml import as_deleted, run, w


def place(items: list[tuple[etree._Element, str]], mark) -> None:
    """Track the paragraph marks of whole inserted or deleted paragraphs.

    A paragraph mark before a table or at the end of a body or cell cannot go, so a stretch
    of tracked paragraphs there hands each mark's revision to the paragraph before it: the
    same text after accepting or rejecting, and no empty paragraph left behind. So does a
    stretch of inserted paragraphs after a paragraph ending in an insertion: LibreOffice
    joins the two insertions and, rejecting them, would take that paragraph's mark too.
    """
    kinds = [kind for _, kind in items]
    is_p = [blk.tag == w("p") for blk, _ in items]
    n = 0
    while n < len(items):
        if not (is_p[n] and kinds[n]):
            n += 1
            continue
        end = n
        while end + 1 < len(items) and is_p[end + 1] and kinds[end + 1]:
            end += 1
        before = items[n - 1][0] if n > 0 and is_p[n - 1] else None
        after = items[end + 1][0] if end + 1 < len(items) and is_p[end + 1] else None
        forced = after is None or _ends_inserted(before, kinds[n])
        # Word gives joined paragraphs the last mark's properties, LibreOffice the first's:
        # hand the marks back when that keeps the properties right in both.
        keeps = (before is not None and _props(items[n][0]) != _props(after)
                 and _props(items[end][0]) == _props(before))
        if forced or keeps:
            if before is not None:
                kinds[n - 1:end + 1] = [*kinds[n:end + 1], ""]
            else:
                kinds[end] = ""
        n = end + 1
    for (blk, _), kind in zip(items, kinds, strict=True):
        if blk.tag == w("p") and kind:
            ppr = blk.find(w("pPr"))
            if ppr is None:
                ppr = etree.Element(w("pPr"))
                blk.insert(0, ppr)
            rpr = ppr.find(w("rPr"))
            if rpr is None:
                rpr = etree.SubElement(ppr, w("rPr"))
                sect = ppr.find(w("sectPr"))
                if sect is not None:
                    sect.addprevious(rpr)
            rpr.insert(0, mark(kind))


def _props(p) -> bytes:
    """A paragraph's properties, leaving out its mark's revision and run properties."""
    ppr = p.find(w("pPr")) if p is not None else None
    if ppr is None:
        return b""
    ppr = copy.deepcopy(ppr)
    for rpr in ppr.findall(w("rPr")):
        ppr.remove(rpr)
    return etree.tostring(ppr)


def unglue(first, second, mark) -> None:
    """LibreOffice joins an insertion ending one paragraph to one starting the next, and rejecting
    them takes the paragraph break between: start `second` with a deletion instead, by showing
    the word after its insertion as deleted and inserted again."""
    body = [c for c in first if c.tag != w("pPr")]
    rest = [c for c in second if c.tag != w("pPr")]
    if not (body and body[-1].tag == w("ins") and len(rest) > 1 and rest[0].tag == w("ins")):
        return
    kept = rest[1]
    parts = [c for c in kept if c.tag != w("rPr")] if kept.tag == w("r") else []
    if not parts or parts[0].tag != w("t") or not parts[0].text:
        return
    word = align.tokens(parts[0].text)[0]
    moved = run(kept.find(w("rPr")), [word])
    rest[0].append(copy.deepcopy(moved))
    deleted = mark("del")
    deleted.append(as_deleted(moved))
    rest[0].addprevious(deleted)
    parts[0].text = parts[0].text[len(word):]
    if not parts[0].text and len(parts) == 1:
        second.remove(kept)


def _ends_inserted(p, kind: str) -> bool:
    """A paragraph whose last content is an insertion, before an inserted paragraph."""
    if p is None or kind != "ins":
        return False
    content = [c for c in p if c.tag != w("pPr")]
    return bool(content) and content[-1].tag == w("ins")
