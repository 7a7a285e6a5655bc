"""What a client's reply says in its own words, and whether that is an approval.

The reader errs towards "not an approval", by construction rather than by word lists alone:

- The reply's own text is every line except what is proven quoted: `>` lines, and a quote header
  ("On … wrote:", «… пишет:», "From: …") only when `>` lines (or nothing) follow it. A header the
  client typed above their own words quotes nothing. The signature (after a "-- " line) is not
  read (disclaimers say "not" and "if"), only bounded. Nothing is cut: a text longer than MAX_OWN
  (or a signature longer than MAX_SIGNATURE), white space collapsed, is no approval at all.
- Text is normalised before it is read: NFKC, invisible and combining characters dropped, ё as е,
  every apostrophe alike; a word is read as written, with its apostrophes dropped ("dont") and split
  ("don", "t"), and with Latin/Cyrillic look-alike letters folded both ways.
- Any '?' and any refusing word (approval_words.REFUSE_*: negation, condition, contrast, exception,
  conditional mood, question word, withdrawal, mistake, waiting) anywhere in the own text or the
  Subject refuses.
- Then every clause (cut at . , ; : ! … brackets, quotes, dashes and line ends) must be one of: the
  approval phrase with only the document's own words (DOCUMENT, the pending names, the hash);
  greetings, thanks and closings (COURTESY) with names next to them or on the last lines; a promise
  to pay (PAYMENT). Any other clause ("on Monday", "the price looks high") refuses.

Settings, all the user's own, never the project's: CONTRACTKIT_APPROVAL_PHRASES (";"-separated)
replaces the approval phrases; CONTRACTKIT_APPROVAL_NEGATIONS and CONTRACTKIT_APPROVAL_CONDITIONS
ADD refusing words (or several-word phrases), never remove one.
"""

from __future__ import annotations

import os
import re
import unicodedata

from contractkit.approval_words import (
    APPROVE,
    COURTESY,
    DOCUMENT,
    PAYMENT,
    PAYS,
    REFUSE_PHRASES,
    REFUSE_STEMS,
    REFUSE_WORDS,
)

MAX_OWN = 1500
"""Characters of the reply's own text (quotes and signature apart): an approval, a greeting and a
promise to pay fit many times over; anything longer is a discussion, not an approval."""
MAX_SIGNATURE = 1000
MAX_HEADER = 300
"""A longer line is never taken for a quote header (it stays the reply's own text)."""
TOKEN = re.compile(r"[^\W_]+")
"""One run of letters and digits: a single class under one quantifier, linear on any input."""
CLAUSE_ENDS = re.compile(r"[.,;:!?…()\[\]{}«»\"“”„—–\n]")
HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", re.IGNORECASE)
APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´′＇ʹʻʽ"} | {"ё": "е"})
INVISIBLE = frozenset("\u3164\u115f\u1160\uffa0\u2800\u180e")
"""Letters and symbols that draw nothing (Hangul fillers, the braille blank)."""
TO_LATIN = str.maketrans("асеорухіјѕԁһԛԝкмӏ", "aceopyxijsdhqwkml")
TO_CYRILLIC = str.maketrans("aceopyxkm", "асеорухкм")
QUOTE_MARKERS = ("original message", "forwarded message", "пересылаемое сообщение")
FORWARD_LINES = ("begin forwarded message:", "начало переадресованного сообщения:")
WROTE = (" пишет:", " написал:", " написала:", " написал(а):")


def phrases() -> tuple[str, ...]:
    return _setting("CONTRACTKIT_APPROVAL_PHRASES") or APPROVE


def negations() -> tuple[str, ...]:
    """The user's own refusing words (CONTRACTKIT_APPROVAL_NEGATIONS and _CONDITIONS), added."""
    return _setting("CONTRACTKIT_APPROVAL_NEGATIONS") + _setting("CONTRACTKIT_APPROVAL_CONDITIONS")


def conditions() -> tuple[str, ...]:
    return REFUSE_PHRASES + _setting("CONTRACTKIT_APPROVAL_CONDITIONS")


def _setting(name: str) -> tuple[str, ...]:
    """A ";"-separated list from the user's environment, lower case, blanks dropped."""
    return tuple(p.strip().lower() for p in os.environ.get(name, "")[:10_000].split(";") if p.strip())


def is_quote_header(line: str) -> bool:
    """Where a mail program starts the letter it quotes: "On … wrote:", "… пишет:", "From: …",
    "-----Original Message-----" and the like."""
    if len(line) > MAX_HEADER:
        return False
    s = " ".join(line.split()).lower()
    if s.startswith("on ") and s.endswith(" wrote:"):
        return True
    if s.endswith(WROTE) or s.startswith(("from: ", "от: ")) or s in FORWARD_LINES:
        return True
    if s.startswith("--") and s.endswith("--"):
        return s.strip("-").strip() in QUOTE_MARKERS
    return False


def _split(text: str) -> tuple[list[str], list[str]]:
    """The body's lines and the signature's (after the first "-- " line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut = next((i for i, line in enumerate(lines) if line.rstrip() == "--"), len(lines))
    return lines[:cut], lines[cut + 1:]


def own_lines(text: str) -> list[str]:
    """The reply's own lines: not `>` quotes, not a quote header that only `>` lines (or nothing)
    follow, not the signature."""
    body, _ = _split(text)
    quoted_next = [True] * (len(body) + 1)  # is the next non-blank line a quote (or none)?
    for i in range(len(body) - 1, -1, -1):
        line = body[i].strip()
        quoted_next[i] = quoted_next[i + 1] if not line else line.startswith(">")
    return [line for i, line in enumerate(body) if not line.lstrip().startswith(">")
            and not (is_quote_header(line) and quoted_next[i + 1])]


def signature_lines(text: str) -> list[str]:
    return _split(text)[1]


def normal(text: str) -> str:
    """NFKC, no invisible, format or combining characters, ё as е, one apostrophe (case kept)."""
    text = unicodedata.normalize("NFKC", text)
    kept = (c for c in text if c not in INVISIBLE and unicodedata.category(c) not in ("Cf", "Mn", "Me"))
    return "".join(kept).translate(APOSTROPHES)


def _folds(token: str) -> set[str]:
    """The token as written and, when it mixes Latin and Cyrillic letters, with the look-alikes
    folded to each script: «nоt» with a Cyrillic о is "not", «нe» with a Latin e is «не»."""
    latin = any("a" <= c <= "z" for c in token.lower())
    cyrillic = any("а" <= c <= "я" or c in "іјѕԁһԛԝӏ" for c in token.lower())
    if latin and cyrillic:
        return {token, token.translate(TO_CYRILLIC), token.translate(TO_LATIN)}
    return {token}


def tokens(text: str) -> list[str]:
    """Lower-case words, apostrophes split ("don", "t"); used for the clause check."""
    return TOKEN.findall(normal(text).lower().replace("'", " "))


def _all_readings(text: str) -> list[list[str]]:
    """The words with apostrophes split and dropped, each in every fold."""
    low = normal(text).lower()
    out = []
    for reading in (low.replace("'", " "), low.replace("'", "")):
        words = TOKEN.findall(reading)
        out.append(words)
        for fold in (TO_LATIN, TO_CYRILLIC):
            out.append([w.translate(fold) if len(_folds(w)) > 1 else w for w in words])  # mixed only
    return out


def refusal(text: str) -> str | None:
    """The first refusing word (or '?') in text, or None."""
    norm = normal(text)
    if "?" in norm:
        return "?"
    own = [TOKEN.findall(p) for p in negations() + conditions()]
    for words in _all_readings(text):
        for word in words:
            if word in REFUSE_WORDS or word.startswith(REFUSE_STEMS):
                return word
        found = next((p for p, said in zip(negations() + conditions(), own, strict=True)
                      if _at(words, said) is not None), None)
        if found:
            return found
    return None


def _at(words: list[str], phrase: list[str]) -> int | None:
    """Where the words of phrase first stand together in words, or None."""
    size = len(phrase)
    return next((i for i in range(len(words) - size + 1) if size and words[i:i + size] == phrase), None)


def _in(token: str, vocabulary) -> bool:
    return any(f in vocabulary for f in _folds(token))


def _name_like(word: str) -> bool:
    """A name as written: Capitalised or a short all-capital word, in one script's letters."""
    if not word.isalpha():
        return False
    latin = all("a" <= c.lower() <= "z" for c in word)
    cyrillic = all("а" <= c.lower() <= "я" or c in "ёЁ" for c in word)
    return (latin or cyrillic) and ((word[0].isupper() and word[1:].islower()) or (word.isupper()
                                                                                     and len(word) <= 5))


def _odd_clause(lines: list[str], known: frozenset[str]) -> str | None:
    """The first clause that is neither the approval, courtesy, names by it, nor a promise to pay."""
    wanted = [tokens(p) for p in phrases()]
    approval_words = DOCUMENT | known | {w for p in wanted for w in p}
    filled = [i for i, line in enumerate(lines) if line.strip()]
    last = set(filled[-2:])
    for i, line in enumerate(lines):
        clean = HEX64.sub(" ", normal(line).lower())
        cased = normal(line)
        courteous = any(_in(w, COURTESY) for w in tokens(clean))
        pieces = zip(CLAUSE_ENDS.split(clean), CLAUSE_ENDS.split(HEX64.sub(" ", cased)), strict=False)
        for clause, raw in pieces:
            words = tokens(clause)
            if not words:
                continue
            if any(_at(words, p) is not None for p in wanted if p):
                if all(_in(w, approval_words) for w in words):
                    continue
                return raw.strip()
            if all(_in(w, approval_words) for w in words):
                continue
            if any(w.startswith(PAYS) for w in words) and all(_in(w, PAYMENT | COURTESY) for w in words):
                continue
            names_here = courteous or i in last
            raw_words = TOKEN.findall(raw.replace("'", " "))
            if all(_in(w, COURTESY) or (names_here and _name_like(r))
                   for w, r in zip(words, raw_words, strict=False)) and len(raw_words) == len(words):
                continue
            return raw.strip()
    return None


def verdict(lines: list[str], signature: list[str] = (), known: frozenset[str] = frozenset(),
            subject: str = "") -> str | None:
    """Why these own lines (and signature, and subject) are no approval, or None when they approve.
    known: the pending documents' own words (names, change ids) that may stand by the phrase."""
    shown = (first_lines(lines, 1) or [""])[0]
    text = "\n".join(lines)
    size, signed = len(" ".join(text.split())), len(" ".join(" ".join(signature).split()))
    if size > MAX_OWN or signed > MAX_SIGNATURE:
        return (f"not an approval: «{shown}» (the reply's own text is {size} characters and its signature "
                f"{signed}, more than the {MAX_OWN} and {MAX_SIGNATURE} an approval needs: it is read as a "
                "discussion)")
    found = refusal(text) or (refusal(subject.replace("?", " ")) if subject else None)
    shown = next((" ".join(x.split())[:160] for x in lines if refusal(x)), shown)
    if found == "?":
        return (f"not an approval: «{shown}» (the reply asks a question («?»): an approval says an approval "
                "phrase and the hash, and asks nothing)")
    if found:
        return (f"not an approval: «{shown}» (the reply says «{found}»: an approval says an approval "
                "phrase and no negation, condition, question or withdrawal)")
    wanted = [tokens(p) for p in phrases()]
    said = tokens(HEX64.sub(" ", normal(text).lower()))
    if not any(_at(said, p) is not None for p in wanted if p):
        listed = ", ".join(f"«{p}»" for p in phrases()[:4])
        return (f"not an approval: «{shown}» (the reply says no approval phrase ({listed}, …) in its own "
                "text; CONTRACTKIT_APPROVAL_PHRASES sets the phrases)")
    odd = _odd_clause(lines, known)
    if odd is not None:
        return (f"not an approval: «{shown}» (the reply says more than an approval: «{odd[:80]}»; beside "
                "the approval phrase and the hash only greetings, thanks, names and a promise to pay "
                "may stand)")
    return None


def document_words(*names: str) -> frozenset[str]:
    """The words of the pending documents' names and change ids ("cr", "001", "2026", "pdf")."""
    return frozenset(w for name in names for w in tokens(name))


def first_lines(lines: list[str], count: int = 3) -> list[str]:
    return [" ".join(x[:1000].split())[:160] for x in lines if x.strip()][:count]
