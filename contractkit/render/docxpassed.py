"""Word package parts that passed render/docxparts.py's checks, remembered by all the check reads.

A part's check (docxparts._check_part) is a function of the part's bytes, its name, its declared
content type, the outside links and hyperlinks of its relationships, whether an opaque part is
reached by its own kind, whether fields are checked, and the ids of the package's shaded styles,
and of nothing else. A Word template's styles parts (some 800 KB of XML in a template saved by
Word, most of the check's time) come back byte for byte in the document filled from it, and on
every render from the same template. So a part whose inputs, every one of them, are those of a
part that passed is not checked again: in this process, and from the user's own cache folder
(cache.py, kind `docxparts`: checksummed, keyed also by contractkit's source and lxml's RECORD,
so an edited check or another parser starts over). Only passes are kept, never a refusal: a part
that differs in one byte, or sits in a package with other links or styles, is checked in full.
Only parts of BIG bytes or more go to disk (a small part is checked in less time than an entry
takes to read). The ids of a styles part's shaded styles are kept the same way, by its bytes.
"""

from __future__ import annotations

import functools
import hashlib

from contractkit import cache

KIND = "docxparts"
BIG = 16_384
"""Bytes from which a passed part is remembered on disk as well as in this process."""
PASSED = b"passed"
KEPT = 4096
"""Passes (and shaded-style sets) this process remembers at most."""
CHECKS = ("docx.py", "docxparts.py", "docxxml.py", "docxfields.py", "docxshown.py", "docxlayout.py",
          "docxtheme.py", "docxpassed.py")
"""The modules whose code decides whether a part (and a letterhead, render/docx.py) passes: an
edit of any is a new key."""

_seen: set[str] = set()
_shaded: dict[str, frozenset[str]] = {}


@functools.cache
def _code() -> str | None:
    """contractkit's source, the checking modules' bytes (CHECKS, as a letterhead's key has
    them) and lxml's installed files: what the checks' answers depend on besides their
    inputs (None: lxml's files unknown, nothing is kept on disk)."""
    from pathlib import Path

    libraries = cache.package_key("lxml")
    if not libraries:
        return None
    here = Path(__file__).resolve().parent
    return cache.key(cache.code_key(), libraries, *[(here / name).read_bytes() for name in CHECKS])


def key(name: str, data: bytes, content_type: str, outside: frozenset[str], opaque: bool, fields: bool,
        shaded: frozenset[str], links: dict[str, str]) -> str:
    """Everything docxparts._check_part reads of one part, as one key."""
    return cache.key("docx-part", _code(), name, hashlib.sha256(data).digest(), content_type,
                     sorted(outside), opaque, fields, sorted(shaded), sorted(links.items()))


def passed(name: str, size: int) -> bool:
    """Whether a part with this key passed, here or (a big one) in an earlier process."""
    if name in _seen:
        return True
    if size < BIG or _code() is None or cache.read(KIND, name) != PASSED:
        return False
    _remember(name)
    return True


def record(name: str, size: int) -> None:
    """The part with this key passed every check."""
    _remember(name)
    if size >= BIG and _code() is not None:
        cache.write(KIND, name, PASSED)


def _remember(name: str) -> None:
    if len(_seen) >= KEPT:  # a long `render --watch`: forget, rather than grow without end
        _seen.clear()
    _seen.add(name)


def shaded(data: bytes, compute) -> frozenset[str] | None:
    """The shaded styles' ids of a styles part with these bytes: compute() (None: the part is
    not XML, which its own check refuses) unless known."""
    name = cache.key("docx-shaded", _code(), hashlib.sha256(data).digest())
    if name in _shaded:
        return _shaded[name]
    stored = cache.read_json(KIND, name) if len(data) >= BIG and _code() is not None else None
    if isinstance(stored, list) and all(isinstance(i, str) for i in stored):
        found = frozenset(stored)
    else:
        found = compute()
        if found is None:
            return None
        if len(data) >= BIG and _code() is not None:
            cache.write_json(KIND, name, sorted(found))
    if len(_shaded) >= KEPT:
        _shaded.clear()
    _shaded[name] = found
    return found


def forget() -> None:
    """Forget this process's passes (tests; the disk entries stay)."""
    _seen.clear()
    _shaded.clear()
