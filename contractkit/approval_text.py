"""What a client's reply says in its own words: its text without what it quotes or signs off with,
and whether it approves.

A reply approves only when its own text holds an explicit approval phrase and NO negation token
anywhere («Согласовано быть не может», "Nope: I do NOT, repeat NOT, approve" both refuse). Words,
not patterns: the text is cut into word tokens once, so no punctuation or word order can hide a
negation, and nothing here backtracks (a 200,000-space line once hung a regex for hours). Lines are
cut to MAX_LINE characters before anything looks at them.

Phrases: CONTRACTKIT_APPROVAL_PHRASES (separated by ";") replaces the defaults; it is the user's own
setting, never the project's (a project file comes from anyone with push access).
"""

from __future__ import annotations

import os
import re
import unicodedata

APPROVE = ("согласовываю", "согласовано", "согласен", "согласна", "одобряю", "утверждаю", "подтверждаю",
           "approved", "i approve", "we approve", "approve", "agreed", "i agree", "we agree")
NEGATION_WORDS = frozenset((
    "не", "нет", "ни", "никак", "никогда", "нельзя", "невозможно", "против", "отказ", "неа", "нее",
    "not", "no", "never", "nope", "nah", "none", "neither", "nor", "unless", "cannot", "cant", "dont",
    "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "shouldnt", "wouldnt", "couldnt",
    "hasnt", "havent", "hadnt", "neednt", "mustnt", "aint",
    # conditional or future: "I will approve it after our call" approves nothing yet
    "after", "once", "if", "only", "when", "until", "will", "после", "только", "когда", "если", "пока",
))
"""Whole words that negate, withhold or make it conditional: any of them anywhere in the reply's own
text refuses it."""
NEGATION_STEMS = ("отказ", "отклон", "несоглас", "неодобр", "неприемлем", "невозмож", "никак", "ничего",
                  "никогда", "decline", "reject", "refus", "disapprov", "disagree", "deny", "denied",
                  "unaccept", "unapprov")
"""Word beginnings that negate: «отказываемся», "rejected", "declining"."""
MAX_LINE = 1000
"""A longer line is cut here before anything reads it; no quote header or approval is that long."""
WORD = re.compile(r"[^\W\d_]+")
"""One run of letters: a single character class under one quantifier, linear on any input."""
APOSTROPHES = str.maketrans({"'": "", "’": "", "`": "", "ʼ": "", "ё": "е"})
TO_LATIN = str.maketrans("асеорухіјѕԁһԛԝкмӏ", "aceopyxijsdhqwkml")
"""Cyrillic letters that look like Latin ones (after lower case): «nоt» with a Cyrillic о is "not"."""
TO_CYRILLIC = str.maketrans("aceopyxkm", "асеорухкм")
"""Latin letters that look like Cyrillic ones: «нe» with a Latin e is «не»."""
QUOTE_MARKERS = ("original message", "forwarded message", "пересылаемое сообщение")
FORWARD_LINES = ("begin forwarded message:", "начало переадресованного сообщения:")
WROTE = (" пишет:", " написал:", " написала:", " написал(а):")


def phrases() -> tuple[str, ...]:
    own = os.environ.get("CONTRACTKIT_APPROVAL_PHRASES", "")
    found = tuple(p.strip().lower() for p in own.split(";") if p.strip())
    return found or APPROVE


def is_quote_header(line: str) -> bool:
    """Where a mail program starts the letter it quotes: "On … wrote:", "… пишет:", "From: …",
    "-----Original Message-----" and the like. Plain string tests on a bounded line."""
    s = " ".join(line[:MAX_LINE].split()).lower()
    if s.startswith("on ") and s.endswith(" wrote:"):
        return True
    if s.endswith(WROTE) or s.startswith(("from: ", "от: ")) or s in FORWARD_LINES:
        return True
    if s.startswith("--") and s.endswith("--"):
        return s.strip("-").strip() in QUOTE_MARKERS
    return False


def own_lines(text: str) -> list[str]:
    """The reply's own lines: not `>` quotes, nothing from an "On … wrote:" (or a forwarded or
    original-message) header on, nor from a signature separator ("-- ") on."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line[:MAX_LINE]
        if line.rstrip() == "--" or is_quote_header(line):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    return out


def normal(text: str) -> str:
    """NFKC, lower case, no invisible or format characters (zero-width space, soft hyphen, every
    Cf): "n\u200bot" is "not"."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").lower()


def words(text: str) -> list[str]:
    """The text's words, lower case, apostrophes dropped ("don't" is "dont"), ё read as е."""
    return WORD.findall(normal(text).translate(APOSTROPHES))


def readings(text: str) -> tuple[list[str], list[str]]:
    """The words read with look-alike letters folded to Latin (for the English words) and to
    Cyrillic (for the Russian ones)."""
    base = normal(text).translate(APOSTROPHES)
    return (WORD.findall(base.translate(TO_LATIN)), WORD.findall(base.translate(TO_CYRILLIC)))


def negation(tokens: list[str]) -> str | None:
    """The first word that negates or withholds, or None."""
    for token in tokens:
        if token in NEGATION_WORDS or token.startswith(NEGATION_STEMS):
            return token
    return None



def _says(tokens: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return size > 0 and any(tokens[i:i + size] == phrase for i in range(len(tokens) - size + 1))


def verdict(lines: list[str]) -> str | None:
    """Why these own lines are no approval ("not an approval: <first line>", and the word that
    negates or the missing phrase), or None when they approve."""
    latin, cyrillic = readings("\n".join(line[:MAX_LINE] for line in lines))
    shown = (first_lines(lines, 1) or [""])[0]
    found = negation(latin) or negation(cyrillic)
    if found:
        return (f"not an approval: «{shown}» (the reply says «{found}»: an approval says an approval "
                "phrase and no negation)")
    wanted = phrases()
    pairs = ((tokens, said) for p in wanted
             for tokens, said in zip((latin, cyrillic), readings(p), strict=True))
    if not any(_says(tokens, said) for tokens, said in pairs):
        listed = ", ".join(f"«{p}»" for p in wanted[:4])
        return (f"not an approval: «{shown}» (the reply says no approval phrase ({listed}, …) in its own "
                "text; CONTRACTKIT_APPROVAL_PHRASES sets the phrases)")
    return None


def first_lines(lines: list[str], count: int = 3) -> list[str]:
    return [" ".join(x[:MAX_LINE].split())[:160] for x in lines if x.strip()][:count]
