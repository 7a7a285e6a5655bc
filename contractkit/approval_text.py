"""What a client's reply says in its own words: its text without what it quotes or signs off with,
and whether it approves.

A reply approves only when its own text holds an explicit approval phrase and NO negation token
anywhere («Согласовано быть не может», "Nope: I do NOT, repeat NOT, approve" both refuse). Words,
not patterns: the text is cut into word tokens once, so no punctuation or word order can hide a
negation, and nothing here backtracks (a 200,000-space line once hung a regex for hours). Lines are
cut to MAX_LINE characters before anything looks at them.

A condition refuses only where it governs the approval phrase: a CONDITION word ("if", "after",
«после», «при условии», …) in the same sentence as the phrase, or opening the sentence right after
it ("Approved. Only after the call."), or a FUTURE word ("will", «будет») before the phrase in its
sentence ("I will approve it"). "Approved, I will pay tomorrow" and «Согласен, счёт оплатим до
пятницы» approve. Sentences end at . ! ? ; … and at a blank line (a wrapped line goes on).

Settings, all the user's own, never the project's (a project file comes from anyone with push
access, so nothing in it can make a reply count): CONTRACTKIT_APPROVAL_PHRASES (separated by ";")
replaces the approval phrases; CONTRACTKIT_APPROVAL_NEGATIONS and CONTRACTKIT_APPROVAL_CONDITIONS
ADD words (or several-word phrases) to the negation and condition lists, never remove one.
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
))
"""Whole words that negate or withhold: any of them anywhere in the reply's own text refuses it."""
CONDITION_WORDS = (
    "after", "once", "if", "only", "when", "whenever", "until", "till", "provided", "providing",
    "pending", "subject to", "as soon as", "on condition",
    "после", "только", "когда", "если", "пока", "лишь", "при условии", "с условием", "как только",
    "в случае", "при наличии",
)
"""Words (or phrases) that make an approval conditional ("approved after the call"): they refuse
in the approval phrase's sentence or opening the next one."""
FUTURE_WORDS = ("will", "ill", "well", "shall", "would", "wouldve", "going to", "gonna", "буду",
                "будем", "будет", "будут", "позже", "потом")
"""Words that put the approval off ("I will approve", «будет согласовано»): they refuse before
the approval phrase in its sentence; after it ("Approved, I will pay tomorrow") they do not."""
SENTENCE_ENDS = str.maketrans({c: "\n\n" for c in ".!?;…"})
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
    found = _setting("CONTRACTKIT_APPROVAL_PHRASES")
    return found or APPROVE


def negations() -> tuple[str, ...]:
    """The user's own negation words (CONTRACTKIT_APPROVAL_NEGATIONS), added to NEGATION_WORDS."""
    return _setting("CONTRACTKIT_APPROVAL_NEGATIONS")


def conditions() -> tuple[str, ...]:
    """CONDITION_WORDS and the user's own (CONTRACTKIT_APPROVAL_CONDITIONS)."""
    return CONDITION_WORDS + _setting("CONTRACTKIT_APPROVAL_CONDITIONS")


def _setting(name: str) -> tuple[str, ...]:
    """A ";"-separated list from the user's environment, lower case, blanks dropped."""
    return tuple(p.strip().lower() for p in os.environ.get(name, "")[:10_000].split(";") if p.strip())


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
    own = [(p, said) for p in negations() for said in readings(p)]
    return next((p for p, said in own if _at(tokens, said)), None)


def sentences(text: str) -> list[tuple[list[str], list[str]]]:
    """The text's sentences, each as its two readings' words (see readings())."""
    flat = "\n".join(line if line.strip() else "" for line in text.split("\n"))
    return [readings(part) for part in flat.translate(SENTENCE_ENDS).split("\n\n") if words(part)]


def condition(text: str, wanted: tuple[str, ...]) -> str | None:
    """The word that makes the approval conditional or puts it off, or None (module docstring)."""
    parts = sentences(text)
    lists = [(c, readings(c)) for c in conditions()]
    later = [(f, readings(f)) for f in FUTURE_WORDS]
    for i, (latin, cyrillic) in enumerate(parts):
        for tokens, k in ((latin, 0), (cyrillic, 1)):
            starts = [at for p in wanted if (at := _at(tokens, readings(p)[k])) is not None]
            if not starts:
                continue
            found = next((c for c, said in lists if _at(tokens, said[k]) is not None), None)
            found = found or next((f for f, said in later
                                   if (at := _at(tokens, said[k])) is not None and at < min(starts)), None)
            if not found and i + 1 < len(parts):
                nxt = parts[i + 1][k]
                found = next((c for c, said in lists if said[k] and nxt[:len(said[k])] == said[k]), None)
            if found:
                return found
    return None


def _at(tokens: list[str], phrase: list[str]) -> int | None:
    """Where the words of phrase first stand together in tokens, or None."""
    size = len(phrase)
    return next((i for i in range(len(tokens) - size + 1) if size and tokens[i:i + size] == phrase), None)



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
    found = condition("\n".join(line[:MAX_LINE] for line in lines), wanted)
    if found:
        return (f"not an approval: «{shown}» (the reply makes it conditional or later: «{found}»; an "
                "approval is unconditional)")
    return None


def first_lines(lines: list[str], count: int = 3) -> list[str]:
    return [" ".join(x[:MAX_LINE].split())[:160] for x in lines if x.strip()][:count]
