"""What a client's reply says in its own words: its text without what it quotes, and whether it
approves. A DKIM-valid «Нет, я НЕ согласовываю» that quoted the sheet's hash counted as approval:
the hash counts only in the reply's own lines, and the reply must say an approval phrase and no
negation of one.

Phrases: CONTRACTKIT_APPROVAL_PHRASES (separated by ";") replaces the defaults; it is the user's own
setting, never the project's (a project file comes from anyone with push access).
"""

from __future__ import annotations

import os
import re

APPROVE = ("согласовываю", "согласовано", "согласен", "согласна", "одобряю", "утверждаю", "подтверждаю",
           "approved", "i approve", "we approve", "approve", "agreed", "i agree", "we agree")
NEGATIONS = re.compile(
    r"(?<!\w)(?:не|not|never|don't|dont|do\s+not|cannot|can't|won't)\s+(?:\w+\s+){0,2}?"
    r"(?:согласов\w*|соглас(?:ен|на|ны)\w*|одобр\w*|утвер\w*|подтвер\w*|приним\w*|approv\w*|agree\w*|"
    r"accept\w*)"
    r"|(?<!\w)(?:disapprov\w*|reject\w*|declin\w*|отклон\w*|отказыва\w*)(?!\w)",
    re.IGNORECASE)
QUOTE_HEADER = re.compile(
    r"^\s*(?:on\s.+\swrote:|.+\s(?:пишет|написал|написала|написал\(а\)):|-{2,}\s*original message\s*-{2,}|"
    r"-{2,}\s*forwarded message\s*-{2,}|-{2,}\s*пересылаемое сообщение\s*-{2,}|begin forwarded message:|"
    r"начало переадресованного сообщения:|from:\s.+|от:\s.+)\s*$",
    re.IGNORECASE)


def phrases() -> tuple[str, ...]:
    own = os.environ.get("CONTRACTKIT_APPROVAL_PHRASES", "")
    found = tuple(p.strip().lower() for p in own.split(";") if p.strip())
    return found or APPROVE


def own_lines(text: str) -> list[str]:
    """The reply's own lines: not `>` quotes, and nothing from an "On … wrote:" (or a forwarded
    or original-message) header on, which is where mail programs put the quoted letter."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if QUOTE_HEADER.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    return out


def verdict(lines: list[str]) -> str | None:
    """Why these own lines do not approve (a negation, or no approval phrase), or None."""
    text = " ".join(" ".join(lines).split()).lower()
    negation = NEGATIONS.search(text)
    if negation:
        return f"the reply declines or negates («{negation.group(0)}»), so it is no approval"
    wanted = phrases()
    if not any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in wanted):
        shown = ", ".join(f"«{p}»" for p in wanted[:4])
        return (f"the reply says no approval phrase ({shown}, …) in its own text, so it is no approval "
                "(CONTRACTKIT_APPROVAL_PHRASES sets the phrases)")
    return None


def first_lines(lines: list[str], count: int = 3) -> list[str]:
    return [" ".join(x.split())[:160] for x in lines if x.strip()][:count]
