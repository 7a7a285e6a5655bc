"""Aligning two sequences of blocks (paragraphs, tables, rows) and the words inside them.

Pure functions over strings: the DOCX and HTML writers turn the steps into revisions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

# A number with its separators (18 500,00 · 01.12.2026 · 2026-031) is one token, so a changed sum
# or date reads as the old one struck and the new one inserted, not as a comb of digits.
TOKEN = re.compile(r"\d+(?:[.,:/\u00a0\u202f-]\d+)*|\w+|\s+|[^\w\s]", re.UNICODE)
SIMILAR = 0.5  # two blocks this alike are one block edited, not one deleted and another inserted
MAX_PAIRS = 4_000  # block pairs compared in one replaced stretch (each costs up to ~0.5 ms)


@dataclass(frozen=True)
class Step:
    """One step of an alignment: keep a[i] as b[j], edit a[i] into b[j], delete a[i], insert b[j]."""

    op: str  # "equal", "edit", "delete", "insert"
    i: int | None = None
    j: int | None = None


def tokens(text: str) -> list[str]:
    """Numbers, words, runs of spaces and single punctuation marks: the units a change is read in."""
    return TOKEN.findall(text)


def similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, tokens(a), tokens(b), autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def align(a: Sequence[str], b: Sequence[str], kind_a: Sequence[str] | None = None,
          kind_b: Sequence[str] | None = None, pair_all: bool = False) -> list[Step]:
    """Steps turning blocks with keys `a` into blocks with keys `b`, in b's order.

    Equal keys are kept; in a replaced stretch the most similar blocks of the same kind become
    edits and the rest deletions (placed first) and insertions. `pair_all` pairs what is left
    by position too (table cells, where a paragraph cannot simply vanish).
    """
    kind_a = kind_a or ["p"] * len(a)
    kind_b = kind_b or ["p"] * len(b)
    steps: list[Step] = []
    matcher = difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            steps += [Step("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
        else:
            scores: dict[tuple[int, int], float] = {}
            steps += _pair(a, b, kind_a, kind_b, range(i1, i2), range(j1, j2), pair_all, scores)
    return steps


def _pair(a, b, kind_a, kind_b, ia: range, jb: range, pair_all: bool, scores: dict) -> list[Step]:
    """Like difflib.Differ's fancy replace: pair the most similar blocks, recurse on both sides.

    Scores are computed once per pair; a stretch too long to compare pair by pair (a document
    rewritten throughout) is left to deletions and insertions.
    """
    best, where = SIMILAR - 1e-9, None
    if len(ia) * len(jb) <= MAX_PAIRS:
        for j in jb:
            for i in ia:
                if kind_a[i] == kind_b[j]:
                    if (i, j) not in scores:
                        scores[i, j] = (similarity(a[i], b[j]) if kind_a[i] != "tbl"
                                        else _table_score(a[i], b[j]))
                    if scores[i, j] > best:
                        best, where = scores[i, j], (i, j)
    if where is None:
        return _leftover(kind_a, kind_b, ia, jb, pair_all)
    i, j = where
    return (_pair(a, b, kind_a, kind_b, range(ia.start, i), range(jb.start, j), pair_all, scores)
            + [Step("edit", i, j)]
            + _pair(a, b, kind_a, kind_b, range(i + 1, ia.stop), range(j + 1, jb.stop), pair_all, scores))


def _table_score(a: str, b: str) -> float:
    """Tables of the same shape are one table edited, whatever their rows say."""
    return 1.0 if a.split("\x1d", 1)[0] == b.split("\x1d", 1)[0] else 0.0


def _leftover(kind_a, kind_b, ia: range, jb: range, pair_all: bool) -> list[Step]:
    steps: list[Step] = []
    if pair_all:
        pairs = min(len(ia), len(jb))
        for i, j in zip(ia[:pairs], jb[:pairs], strict=True):
            if kind_a[i] == kind_b[j]:
                steps.append(Step("edit", i, j))
            else:
                steps += [Step("delete", i), Step("insert", None, j)]
        ia, jb = ia[pairs:], jb[pairs:]
    return steps + [Step("delete", i) for i in ia] + [Step("insert", None, j) for j in jb]


def word_steps(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, range, range]]:
    """Word-level steps between two token lists: ("equal" | "delete" | "insert", a range, b range).

    A lone space or punctuation mark kept between two changes is folded into them, so a
    rewritten phrase reads as one deletion followed by one insertion, not a comb of fragments.
    """
    matcher = difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)
    codes = matcher.get_opcodes()
    merged: list[list] = []  # [changed?, i1, i2, j1, j2]
    for n, (op, i1, i2, j1, j2) in enumerate(codes):
        changed = op != "equal"
        if not changed and 0 < n < len(codes) - 1 and all(not t.strip() or len(t) == 1 for t in a[i1:i2]):
            changed = True  # glue between two changes
        if merged and merged[-1][0] and changed:
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([changed, i1, i2, j1, j2])
    out = []
    for changed, i1, i2, j1, j2 in merged:
        if not changed:
            out.append(("equal", range(i1, i2), range(j1, j2)))
            continue
        if i2 > i1:
            out.append(("delete", range(i1, i2), range(j1, j1)))
        if j2 > j1:
            out.append(("insert", range(i2, i2), range(j1, j2)))
    return out
