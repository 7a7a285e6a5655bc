"""Print typography on rendered HTML: Russian quotes and non-breaking spaces, text only.

Only text between tags changes: tags and attribute values, <style> content, and URLs, e-mail
addresses and hashes inside the text stay byte for byte. Applying it twice changes nothing.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
TAG = re.compile(r"(<[^>]*>)")
BLOCK = re.compile(r"^</?(p|h[1-6]|td|th|li|div|section|table|tr|ul|ol|body|br)\b", re.I)
RAW_OPEN, RAW_CLOSE = re.compile(r"^<(style|script)\b", re.I), re.compile(r"^</(style|script)\b", re.I)
PROTECTED = re.compile(r"\S*(?:://|www\.|@)\S*|\b[0-9A-Fa-f]{16,}\b")
HASH = re.compile(r"\b[0-9A-Fa-f]{16,}\b")
STRAIGHT = re.compile(r"&#34;|&quot;|\"")
HOLE = "\ue000{}\ue001"
HOLES = re.compile("\ue000(\\d+)\ue001")
LONG = re.compile(r"[^\s<>]{30,}")
LONG_OPEN = '<span class="long-token">'
"""A token this long (a hash, a URL) may wrap anywhere (base.html.j2), or a column overflows."""

MONTHS = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря")
RU_RULES = [  # (pattern, replacement, what the text must hold for the pattern to match)
    (re.compile(r"№ (?=\S)"), "№" + NBSP, "№"),                                   # № 1
    # статьи 145, пункта 1, части 3.1, подпункт 3.3.2, раздела 8: the word never ends a line alone
    (re.compile(r"\b((?:под)?пункт[аеуом]?|пп?\.|стат(?:ья|ьи|ью|ьёй|ьями|ьях|ьям|ей)|част(?:ь|и|ью|ей|ями)|"
                r"раздел[аеуом]?|глав[аыеу]) (?=\d)"), rf"\1{NBSP}", "0"),
    (re.compile(rf"\b(\d{{1,2}}) ({MONTHS})\b"), rf"\1{NBSP}\2", "0"),            # 26 января
    (re.compile(rf"\b({MONTHS}) (\d{{4}})\b"), rf"\1{NBSP}\2", "0"),              # января 2027
    (re.compile(r"\b(\d{4}) (гг?\.)"), rf"\1{NBSP}\2", "0"),                      # 2027 г.
    (re.compile(r"(^|[ \t\n,(])(г|пос|с)\. (?=[А-ЯЁ])"), rf"\1\2.{NBSP}", "."),     # г. Москва
    (re.compile(r"\b(ул|пр|пер|наб|ш|обл|б-р)\. (?=[А-ЯЁ0-9])"), rf"\1.{NBSP}", "."),  # ул. Тверская
    (re.compile(r"\b(д|оф|кв|стр|корп|пом|каб|к|ст|п|ч|гл|разд)\. (?=\d)"), rf"\1.{NBSP}", ".0"),
    (re.compile(r"\b([А-ЯЁA-Z])\. (?=[А-ЯЁA-Z])"), rf"\1.{NBSP}", "."),           # А. В. Соколов
    # Кузнецова М. С.
    (re.compile(r"\b([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) (?=[А-ЯЁ]\.\s?[А-ЯЁ]\.)"), rf"\1{NBSP}", "."),
    (re.compile(r"(\d) (?=\d{3}(?!\d))"), rf"\1{NBSP}", "0"),                      # 243 500
    (re.compile(r"(\d) (?=[₽%$€])"), rf"\1{NBSP}", "0"),                           # 500 ₽, 50 %
    (re.compile(r" (?=—)"), NBSP, "—"),                                            # слово — слово
]
EN_RULES = [
    (re.compile(r"\b(No|Nos|p|pp|Sec|Art)\. (?=\d)"), rf"\1.{NBSP}", ".0"),         # No. 1
    (re.compile(r"\b([A-Z][a-z]{2,8}) (\d{1,2}),"), rf"\1{NBSP}\2,", "0"),         # January 12,
    (re.compile(r"(\d) (?=%)"), rf"\1{NBSP}", "0"),
]
DIGIT = re.compile(r"\d")
"""Every rule replaces a space and needs one; "0" in its needs stands for any digit (as \\d)."""


def _holds(text: str) -> set[str]:
    """Which of the rules' needs `text` holds. The rules only turn spaces into no-break ones, so
    a need missing before them stays missing: a rule that cannot match is never run."""
    if " " not in text:
        return set()
    held = {mark for mark in ".№—" if mark in text}
    if DIGIT.search(text):
        held.add("0")
    return held


ABBREVIATION_DOT = re.compile(r"(\s(?:г|гг|руб|коп)\.)\.")


def typography(html: str, lang: str) -> str:
    """Russian: «…„…“…» quotes and non-breaking spaces; English: non-breaking spaces.

    Russian also merges an abbreviation's dot with the sentence's: «2027 г.» ends a sentence.
    """
    if lang == "ru":
        html = ABBREVIATION_DOT.sub(r"\1", html)
    rules = RU_RULES if lang == "ru" else EN_RULES
    out, depth, raw = [], 0, False
    for part in TAG.split(html):
        wrapped = bool(out) and (out[-1] == LONG_OPEN or out[-1].lower().startswith("<title"))
        if part.startswith("<"):
            raw = bool(RAW_OPEN.match(part)) or (raw and not RAW_CLOSE.match(part))
            if BLOCK.match(part):
                depth = 0
            out.append(part)
            continue
        if raw or not part.strip():
            out.append(part)
            continue
        text, kept = _protect(part)
        if lang == "ru":
            text, depth = _quotes(text, depth)
        held = _holds(text)
        for pattern, repl, needs in rules:
            if held.issuperset(needs):
                text = pattern.sub(repl, text)
        text = _refill(text, kept)
        if not wrapped and not raw:
            text = LONG.sub(lambda m: f"{LONG_OPEN}{m.group(0)}</span>", text)
        out.append(text)
    return "".join(out)


def _protect(text: str) -> tuple[str, list[str]]:
    """`text` with each URL, e-mail address and hash replaced by a numbered hole, and what was
    there. Text without '://', 'www.' or '@' can only hold hashes, which are quick to find."""
    kept: list[str] = []

    def hole(match: re.Match) -> str:
        kept.append(match.group(0))
        return HOLE.format(len(kept) - 1)

    linked = "://" in text or "www." in text or "@" in text
    return (PROTECTED if linked else HASH).sub(hole, text), kept


def _refill(text: str, kept: list[str]) -> str:
    return HOLES.sub(lambda m: kept[int(m.group(1))], text) if kept else text


QUOTES = re.compile("[\ue002«„»“]")


def _quotes(text: str, depth: int) -> tuple[str, int]:
    """«outer „inner“ outer»: straight quotes become «», nested ones „“, by depth."""
    text = STRAIGHT.sub("\ue002", text)
    out, last = [], 0
    for match in QUOTES.finditer(text):
        i, ch = match.start(), match.group()
        if ch == "\ue002":  # a straight quote opens before a word after a space, else closes
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            opens = (before.isspace() or before in "([«„") and not (after.isspace() or after in ".,;:!?)]")
            ch = "«" if opens else "»"
        if ch in "«„":
            ch = "«" if depth == 0 else "„"
            depth += 1
        elif depth:  # » or “ closing an open quote
            depth -= 1
            ch = "»" if depth == 0 else "“"
        out.append(text[last:i])
        out.append(ch)
        last = i + 1
    out.append(text[last:])
    return "".join(out), depth
