"""What a client's reply says in its own words, and whether that is an approval.

The reader errs towards "not an approval", by construction rather than by word lists alone:

- The reply's own text is every line except what is proven quoted: `>` lines, and a quote header
  ("On … wrote:", «… пишет:», "From: …") holding only a name, an address and a date, no refusing
  word, and followed by `>` lines only to the end of the mail (mail/sections.py). Any other
  header-shaped line is the client's own text. The quoted letter is read too: a line of it that
  refuses or withdraws refuses, unless contractkit itself wrote it (quote_refusal). The signature
  (after a "--" line) is
  bounded, every line of it is searched for refusing words, and each must be an item of a card
  (approval_card: a name of the people who may sign, the company, a position, a phone, an e-mail or
  web address, the client's address); a disclaimer is no exception. Nothing is cut: a text longer
  than MAX_OWN (or a signature longer than MAX_SIGNATURE), white space collapsed, is no approval.
- A combining mark left after NFC (a struck-through letter) or a symbol after NFKC (emoji, squared
  letters) in the own text, the signature or the Subject refuses (approval_card.mark).
- Text is normalised before it is read: NFKC, invisible and combining characters dropped, ё as е,
  every apostrophe alike; a word is read as written, with its apostrophes dropped ("dont") and split
  ("don", "t"), and with Latin/Cyrillic look-alike letters folded both ways.
- Any '?' and any refusing word (approval_words.REFUSE_*: negation, condition, contrast, exception,
  conditional mood, question word, withdrawal, mistake, waiting) anywhere in the own text or the
  Subject refuses.
- Then every clause (cut at . , ; : ! … brackets, quotes, dashes and line ends) must be one of: the
  approval phrase with only the document's own words (DOCUMENT, the pending names, the hash);
  greetings, thanks and closings (COURTESY) with up to 3 names (Title-case, no listed verb or noun)
  on the last two lines or the greeting line; a promise to pay (PAYMENT). Any other clause
  ("on Monday", "the price looks high") refuses.

Settings, all the user's own, never the project's: CONTRACTKIT_APPROVAL_PHRASES (";"-separated)
replaces the approval phrases; CONTRACTKIT_APPROVAL_NEGATIONS and CONTRACTKIT_APPROVAL_CONDITIONS
ADD refusing words (or several-word phrases), never remove one.
"""

from __future__ import annotations

import os
import re

from contractkit.mail import card as approval_card
from contractkit.mail.names import (
    TO_CYRILLIC,
    TO_LATIN,
    TOKEN,
    _folds,
    _person,
    accented,
    capitals,
    normal,
    tokens,
)
from contractkit.mail.names import card_words as card_words
from contractkit.mail.names import document_words as document_words
from contractkit.mail.names import not_a_name as not_a_name
from contractkit.mail.names import other_change as other_change
from contractkit.mail.names import person_words as person_words
from contractkit.mail.names import sender_names as sender_names
from contractkit.mail.words import (
    APPROVE,
    COURTESY,
    DOCUMENT,
    GREETINGS,
    NOT_NAME_ENDINGS,
    NOT_NAMES,
    PAYMENT,
    PAYS,
    REFUSE_PHRASES,
    REFUSE_STEMS,
    REFUSE_WORDS,
    SUBJECT_WORDS,
)

MAX_OWN = 1500
"""Characters of the reply's own text (quotes and signature apart): an approval, a greeting and a
promise to pay fit many times over; anything longer is a discussion, not an approval."""
MAX_SIGNATURE = 1000
MAX_NAMES = 3
"""Names beside the approval, in one clause: "Marina Kuznetsova", «Марина Кузнецова»."""
CLAUSE_ENDS = re.compile(r"[.,;:!?…()\[\]{}«»\"“”„—–\n]")
HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", re.IGNORECASE)
"""Letters and symbols that draw nothing (Hangul fillers, the braille blank)."""


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


MAX_SIGNATURE_LINES = 10
"""Non-blank lines of a signature (a name, a title, a company, phones, an address, a disclaimer);
every one is searched for refusing words ("-- \nSorry, I do not approve"); a longer one is no
approval's signature."""


def signature_refusal(signature: list[str]) -> tuple[str, str] | None:
    """The first refusing word in the signature's non-blank lines, with its sentence (a disclaimer
    is no exception)."""
    for line in [x for x in signature if x.strip()]:
        for sentence in re.split(r"(?<=[.!…])\s+", normal(line).strip()):
            found = refusal(sentence)
            if found:
                return found, " ".join(sentence.split())[:160]
    return None


def signature_odd(signature: list[str], people: frozenset[str], card: frozenset[str]) -> str | None:
    """The first signature line that is not names of people, the company, a position, a phone, an
    e-mail or web address or the client's address (approval_card), or None."""
    for line in signature:
        if line.strip() and not all(card_piece(p, people, card, approval_card.COURTESY_SIGNATURE)
                                    for p in approval_card.pieces(normal(line))):
            return " ".join(line.split())[:160]
    return None


def card_piece(piece: str, people: frozenset[str], card: frozenset[str],
               also: frozenset[str] = frozenset()) -> bool:
    """One item of a signature: a phone, an e-mail or web address, or words each of which is a
    person's name (written as a name), a word of the project's company names, positions and client
    address (card), a common title, legal form or address word, or a number."""
    if approval_card.plain_item(piece, people, card):
        return True
    raw = TOKEN.findall(piece.replace("'", " "))
    words = tokens(piece)
    allowed = card | approval_card.TITLES | approval_card.LEGAL_FORMS | approval_card.ADDRESS_WORDS | also
    return bool(words) and len(raw) == len(words) and all(
        w.isdigit() or _in(w, allowed) or (_name_like(r) and _person(r, people))
        for w, r in zip(words, raw, strict=True))


def _all_readings(text: str) -> list[list[str]]:
    """The words with apostrophes split and dropped, each in every fold (words of look-alike
    capitals too: "HE" shows «НЕ»)."""
    cased = normal(text)
    out = []
    for reading in (cased.replace("'", " "), cased.replace("'", "")):
        written = TOKEN.findall(reading)
        words = [w.lower() for w in written]
        out.append(words)
        for fold in (TO_LATIN, TO_CYRILLIC):
            out.append([w.translate(fold) if len(_folds(w)) > 1 else w for w in words])  # mixed only
        out.append([capitals(w) for w in written])
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
    """A name as written: Capitalised (or an initial, or an all-capital word of up to 3 letters) in
    one script's letters, and no verb or noun of the lists ("Call", "Drop", «Уберите», «Блог»)."""
    if not word.isalpha():
        return False
    latin = all("a" <= c.lower() <= "z" or accented(c) for c in word)
    cyrillic = all("а" <= c.lower() <= "я" or c in "ёЁ" for c in word)
    low = word.lower()
    if low in NOT_NAMES or low in REFUSE_WORDS or low.startswith(REFUSE_STEMS) or low in DOCUMENT \
            or low in PAYMENT or low.startswith(PAYS) or any(low in tokens(p) for p in APPROVE):
        return False
    if len(word) > 3 and low.endswith(NOT_NAME_ENDINGS):
        return False
    return (latin or cyrillic) and ((word[0].isupper() and word[1:].islower()) or (word.isupper()
                                                                                     and len(word) <= 3))


def _odd_clause(lines: list[str], known: frozenset[str], people: frozenset[str],
                card: frozenset[str] = frozenset()) -> str | None:
    """The first clause that is neither the approval, courtesy, names by it, nor a promise to pay.
    A name is one of people's words (the sender's display name, the client's signatory and
    contact, see person_words) or its initial, written as a name: "Scratch That. Abort." is not."""
    wanted = [tokens(p) for p in phrases()]
    approval_words = DOCUMENT | known | {w for p in wanted for w in p}
    filled = [i for i, line in enumerate(lines) if line.strip()]
    last = set(filled[-2:])
    opening = tokens(lines[filled[0]])[:1] if filled else []
    greeting = filled[0] if opening and opening[0] in GREETINGS else None
    for i, line in enumerate(lines):
        clean = HEX64.sub(" ", normal(line).lower())
        cased = normal(line)
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
            names_here = i in last or i == greeting
            raw_words = TOKEN.findall(raw.replace("'", " "))
            names = [r for w, r in zip(words, raw_words, strict=False) if not _in(w, COURTESY)]
            if len(names) <= MAX_NAMES and all(names_here and _name_like(r) and _person(r, people)
                                               for r in names) and len(raw_words) == len(words):
                continue
            if i in last and i != greeting and card_piece(raw, people, card):
                continue  # the trailing name block: the company, a position, a phone, as in a signature
            return raw.strip()
    return None


def verdict(lines: list[str], signature: list[str] = (), known: frozenset[str] = frozenset(),
            subject: str = "", people: frozenset[str] = frozenset(), card: frozenset[str] = frozenset(),
            quoted: list[str] = (), ours: frozenset[str] = frozenset(), change: str = "") -> str | None:
    """Why these own lines (and signature, and subject, and the letter they quote) are no approval,
    or None when they approve. known: the pending documents' own words (names, change ids) that may
    stand by the phrase; people: the words of the names that may sign it (person_words); card: the
    words of the project's company names, positions and client address (card_words); quoted: the
    quoted letter's lines; ours: lines contractkit itself wrote (ours_lines), which a quote may hold;
    change: the change request whose document's hash the reply quotes (no other may be named)."""
    shown = (first_lines(lines, 1) or [""])[0]
    text = "\n".join(lines)
    size, signed = len(" ".join(text.split())), len(" ".join(" ".join(signature).split()))
    if sum(1 for x in signature if x.strip()) > MAX_SIGNATURE_LINES:
        return (f"not an approval: «{shown}» (its signature has more than {MAX_SIGNATURE_LINES} lines: it "
                "is read as more than a signature)")
    if size > MAX_OWN or signed > MAX_SIGNATURE:
        return (f"not an approval: «{shown}» (the reply's own text is {size} characters and its signature "
                f"{signed}, more than the {MAX_OWN} and {MAX_SIGNATURE} an approval needs: it is read as a "
                "discussion)")
    marked = next(((x, m) for x in [*lines, *signature, subject] if (m := approval_card.mark(x))), None)
    marked = marked or next(((x, f"U+{ord(c):04X}, a bidi control that reorders the letters on screen")
                             for x in quoted for c in x if c in approval_card.BIDI), None)
    if marked:
        return (f"not an approval: «{' '.join(marked[0].split())[:160]}» (it holds {marked[1]}: an approval "
                "is written in plain letters; read it and approve with --confirm)")
    found = refusal(text) or (refusal(subject.replace("?", " ")) if subject else None)
    shown = next((" ".join(x.split())[:160] for x in lines if refusal(x)), shown)
    if not found and signature_refusal(list(signature)):
        found, shown = signature_refusal(list(signature))
    if found == "?":
        return (f"not an approval: «{shown}» (the reply asks a question («?»): an approval says an approval "
                "phrase and the hash, and asks nothing)")
    if found:
        return (f"not an approval: «{shown}» (the reply says «{found}»: an approval says an approval "
                "phrase and no negation, condition, question or withdrawal)")
    other = other_change([*lines, *signature, subject], change) if change else None
    if other:
        return (f"not an approval: «{other[1]}» (the reply names {other[0]}, but the SHA-256 it quotes is "
                f"of {change}'s document: which one it approves is not clear)")
    wanted = [tokens(p) for p in phrases()]
    said = tokens(HEX64.sub(" ", normal(text).lower()))
    if not any(_at(said, p) is not None for p in wanted if p):
        listed = ", ".join(f"«{p}»" for p in phrases()[:4])
        return (f"not an approval: «{shown}» (the reply says no approval phrase ({listed}, …) in its own "
                "text; CONTRACTKIT_APPROVAL_PHRASES sets the phrases)")
    odd = _odd_clause(lines, known, people, card)
    if odd is not None:
        return (f"not an approval: «{shown}» (the reply says more than an approval: «{odd[:80]}»; beside "
                "the approval phrase and the hash only greetings, thanks, names and a promise to pay "
                "may stand)")
    odd = subject_odd(subject, known, card)
    if odd is not None:
        return (f"not an approval: the Subject «{' '.join(subject.split())[:160]}» says more than a reply to "
                f"the approval request: «{odd[:80]}» (a mail program shows it above the text; read it and "
                "approve with --confirm)")
    odd = signature_odd(list(signature), people, card)
    if odd is not None:
        return (f"not an approval: «{odd}» (a line of its signature is not a name, the company, a position, "
                "a phone, an e-mail or web address or the client's address: a disclaimer or a note there "
                "is not read; read it and approve with --confirm)")
    return quote_refusal(quoted, ours)


REPLY_PREFIX = re.compile(r"^\s{0,8}(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rif|ответ|отв|пересл)"
                          r"\s{0,3}(?:\[\d{1,3}\]|\(\d{1,3}\))?\s{0,3}:\s{0,8}){1,10}", re.IGNORECASE)
"""Re:/Fwd:/«Ответ:» prefixes (bounded repeats: no pattern reading a reply can backtrack)."""


def subject_odd(subject: str, known: frozenset[str], card: frozenset[str] = frozenset()) -> str | None:
    """The first clause of the Subject, after its "Re:"/«Ответ:» prefixes, that is not the approval
    phrase, the document's words or the company (the body's clause rules, no names), or None (A10):
    a mail program shows the Subject above the reply, and «Передумали, остаёмся на 20 страницах»
    there withdraws what the text approves."""
    rest = REPLY_PREFIX.sub("", subject or "")
    if not rest.strip():
        return None
    return _odd_clause([rest], known | SUBJECT_WORDS, frozenset(), card)


def quote_refusal(quoted: list[str], ours: frozenset[str]) -> str | None:
    """A quoted line that refuses or withdraws (a reply may quote anything, and a mail program may
    not show it as a quote), unless it is a line contractkit itself wrote (ours)."""
    for line in quoted:
        said = " ".join(normal(line.lstrip("> \t")).split())
        if not said or said.lower() in ours:
            continue
        found = refusal(said.replace("?", " "))
        if found:
            return (f"not an approval: «{said[:160]}» (the letter it quotes says «{found}»: a quote that "
                    "refuses or withdraws is read as the client's own; read it and approve with --confirm)")
    return None


def ours_lines(*texts: str) -> frozenset[str]:
    """The lines contractkit itself wrote (the request mail's text), as quote_refusal compares them."""
    return frozenset(" ".join(normal(x).split()).lower() for t in texts for x in t.splitlines() if x.strip())


def first_lines(lines: list[str], count: int = 3) -> list[str]:
    return [" ".join(x[:1000].split())[:160] for x in lines if x.strip()][:count]
