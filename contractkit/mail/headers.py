"""The words a mail program shows in the address headers above a reply's text, read for refusals
(red team 10, B4).

From, Sender, Reply-To, To, Cc and Bcc show display names and comments beside the addresses:
`From: "НЕ согласовываю, отзываю" <office@…>`, `office@… (НЕ согласовываю)`, `To: "Отзываю
согласование CR-001" <studio@…>`. A mail program shows them where it shows the Subject, so they are
read as the Subject is: any refusing word, or another change request, makes the reply no approval.
Everything but the addresses themselves is read (names, comments, group names), encoded words
decoded wherever they stand. Initials ("Иванов А. Б.") and the project's own names and company
words are passed over: they are the names a header carries, never a refusal.
"""

from __future__ import annotations

import re
from email.header import decode_header

from contractkit.mail.names import normal, other_change, tokens
from contractkit.mail.text import refusal

ADDRESS_HEADERS = ("from", "sender", "reply-to", "to", "cc", "bcc")
ENCODED_WORD = re.compile(r"=\?[^?\s]{1,40}\?[bBqQ]\?[^?\s]{0,1000}\?=")
MAX_SHOWN = 10_000
"""Characters of names an address header may show; a longer one is no approval's (what is past
any mail program's header line is not read either way)."""


def shown_names(msg) -> list[tuple[str, str]]:
    """(header, text) for each address header: its value as a mail program shows it, addresses
    taken out, so only display names, comments and group names remain."""
    out = []
    for name, value in msg.raw_items():
        if name.lower() not in ADDRESS_HEADERS:
            continue
        text = _decoded(str(value)[:4 * MAX_SHOWN])
        for address in _addresses(msg, name):
            text = text.replace(address, " ")
        text = re.sub(r"[<>]", " ", text)
        if text.strip():
            out.append((name, " ".join(text.split())))
    return out


def names_refusal(texts: list[tuple[str, str]], allowed: frozenset[str], change: str) -> str | None:
    """Why the address headers' names make the reply no approval, or None. allowed: the project's
    people and company words (never a refusal where they stand alone); change: the change request
    whose document's hash the reply quotes."""
    for header, text in texts:
        if len(text) > MAX_SHOWN:
            return (f"not an approval: the {header} header shows more than {MAX_SHOWN} characters of names "
                    "and comments, more than a reply's addresses need; read it and approve with --confirm")
        kept = _unnamed(text, allowed)
        found = refusal(kept.replace("?", " ")) if kept.strip() else None
        if found:
            return (f"not an approval: the {header} header shows «{text[:160]}» (it says «{found}»: a mail "
                    "program shows it above the text, as the Subject; read it and approve with --confirm)")
        other = other_change([text], change) if change else None
        if other:
            return (f"not an approval: the {header} header shows «{text[:160]}» (it names {other[0]}, but "
                    f"the SHA-256 the reply quotes is of {change}'s document: which one it approves is not "
                    "clear)")
    return None


def _unnamed(text: str, allowed: frozenset[str]) -> str:
    """The header's words without the project's own names and initials ("А.", "А.Б.", a lone
    letter): letters spaced out ("Н Е согласовываю") are joined into the word they spell."""
    out: list[str] = []
    spaced: list[str] = []
    for chunk in [*text.split(), ""]:
        words = tokens(chunk)
        if len(words) == 1 and len(words[0]) == 1 and "." not in chunk:
            spaced.append(words[0])
            continue
        if len(spaced) > 1:
            out.append("".join(spaced))
        spaced = []
        if words and not all(len(w) == 1 or w in allowed for w in words):
            out.append(chunk)
    return " ".join(out)


def _addresses(msg, name: str) -> list[str]:
    try:
        header = msg[name]
        found = [a.addr_spec for a in getattr(header, "addresses", ()) if a.addr_spec]
    except Exception:  # noqa: BLE001 - a header that cannot be parsed keeps all its words
        return []
    return sorted(found, key=len, reverse=True)


def _decoded(raw: str) -> str:
    """The header's text with every encoded word decoded (also in comments, where several mail
    programs decode them) and raw UTF-8 read as such; what cannot be decoded stays as written."""
    raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    raw = re.sub(r"\r?\n[ \t]", " ", raw)
    raw = re.sub(r"\?=[ \t]+(?==\?)", "?=", raw)  # white space between encoded words is not shown

    def word(match: re.Match) -> str:
        try:
            (data, charset), = decode_header(match.group(0))
            return data.decode(charset or "ascii", "replace") if isinstance(data, bytes) else data
        except Exception:  # noqa: BLE001 - an encoded word that does not decode is shown as written
            return match.group(0)

    return normal(ENCODED_WORD.sub(word, raw))
