"""What a reply's signature may hold, and the marks no approval carries (mail/text.py reads them).

A signature is read like the reply's own text, by an allow-list: after "-- " a line may be a name of
a person who may sign, the client's or the contractor's company, a position, a phone number, an
e-mail or web address, or the client's postal address, and nothing else. A disclaimer is no
exception: what it says is not read, so a reply that carries one is confirmed by the user
(`approve --confirm`). The words of the project's own names, positions and address come from the
project (approval_text.card_words); the lists below are the common words around them.

Marks: a combining mark left after NFC (U+0336 striking a letter through, U+20D2 and the like) draws
over the letters, and a symbol (emoji, squared or circled letters, pictographs), a private-use or
unassigned character after NFKC is read as no word at all: either refuses the line that holds it.
"""

from __future__ import annotations

import re
import unicodedata

TITLES = frozenset((
    "ceo", "cto", "cfo", "coo", "cmo", "cio", "director", "managing", "general", "executive", "chief",
    "officer", "founder", "co", "owner", "partner", "president", "vice", "head", "of", "and", "manager",
    "project", "product", "account", "accounts", "sales", "marketing", "finance", "financial", "legal",
    "counsel", "lawyer", "accountant", "assistant", "office", "operations", "development", "business",
    "senior", "lead", "deputy", "secretary", "administrator", "hr", "it", "pm",
    "генеральный", "директор", "исполнительный", "коммерческий", "технический", "финансовый",
    "управляющий", "главный", "бухгалтер", "руководитель", "менеджер", "проекта", "проектов", "отдела",
    "отдел", "основатель", "сооснователь", "владелец", "учредитель", "партнер", "президент", "вице",
    "заместитель", "зам", "по", "и", "юрист", "юрисконсульт", "помощник", "секретарь", "ассистент",
    "маркетингу", "продажам", "развитию", "финансам", "персоналу", "старший", "ведущий", "начальник",
    "индивидуальный", "предприниматель", "самозанятый", "самозанятая", "специалист", "администратор",
))
"""Words of common positions ("Managing Director", «Генеральный директор», «Руководитель проекта»)."""
LEGAL_FORMS = frozenset((
    "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "llc", "ltd", "limited", "inc", "corp", "co",
    "gmbh", "ag", "sa", "sarl", "bv", "oy", "ab", "plc", "llp", "lp", "pte",
))
ADDRESS_WORDS = frozenset((
    "адрес", "address", "г", "город", "ул", "улица", "пр", "пр-т", "проспект", "пер", "переулок", "ш",
    "шоссе", "наб", "бул", "б-р", "пл", "д", "дом", "к", "корп", "корпус", "стр", "строение", "оф",
    "офис", "кв", "пом", "помещение", "эт", "этаж", "россия", "рф", "st", "street", "rd", "road", "ave",
    "avenue", "suite", "floor", "unit", "building", "bldg",
))
"""Words around the client's address («ул.», «д.», "Suite"); its own words come from the project."""
COURTESY_SIGNATURE = frozenset(("с", "уважением", "best", "regards", "kind", "sincerely", "yours",
                                "cheers", "thanks", "спасибо", "наилучшими", "пожеланиями", "warm"))

_LABEL = r"(?:(?:tel|phone|mob|mobile|cell|fax|whatsapp|telegram|т|тел|телефон|моб|факс|раб)\.?\s*:?\s*)?"
PHONE = re.compile(_LABEL + r"\+?\d[\d ().-]{5,22}\d(?:\s*(?:доб|ext|x)\.?\s*\d{1,6})?", re.IGNORECASE)
EMAIL = re.compile(r"(?:(?:e-?mail|почта|эл\.\s*почта)\s*:?\s*)?"
                   r"<?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}>?", re.IGNORECASE)
URL = re.compile(r"(?:(?:web|site|сайт)\s*:?\s*)?(?:https?://)?(?:www\.)?[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/?",
                 re.IGNORECASE)
"""A web address of the company: a host name, nothing after it (a path could say anything)."""
PIECES = re.compile(r"[,;|•·]|\s{3,}|\t")
"""Where one signature line holds several items ("Anna Kuznetsova, CEO | +7 999 000 00 00")."""


MAX_HOST_LABELS = 3
"""Labels of a host in a signature besides "www." ("romashka.ru", "msk.romashka.ru")."""
MAILBOX_WORDS = frozenset(("office", "info", "mail", "hello", "contact", "contacts", "sales", "support",
                           "admin", "manager", "pm", "ceo", "team", "hr", "buh", "accounts", "billing"))


def plain_item(piece: str, people: frozenset[str] = frozenset(), card: frozenset[str] = frozenset()) -> bool:
    """A phone number, an e-mail address or a web address, the whole piece (A5: an address that
    looks like one, not a sentence joined by dots): a web address is a host of the sender's domain
    or of the company's name (card: its words, "@domain" for the sender's domain); an e-mail
    address has a short host and a local part of one word, or of up to three people's names,
    initials and mailbox words ("marina.kuznetsova", "m.s.kuznetsova")."""
    piece = piece.strip()
    if PHONE.fullmatch(piece):
        return True
    if EMAIL.fullmatch(piece):
        local, host = piece.rsplit("@", 1)
        local = re.sub(r"^(?:e-?mail|почта|эл\.\s*почта)\s*:?\s*", "", local, flags=re.IGNORECASE).lstrip("<")
        return _short_host(host.rstrip(">")) and _mailbox(local, people)
    if URL.fullmatch(piece):
        host = re.sub(r"^(?:(?:web|site|сайт)\s*:?\s*)?(?:https?://)?", "", piece, flags=re.IGNORECASE)
        return _company_host(host.rstrip("/"), card)
    return False


def _labels(host: str) -> list[str]:
    labels = host.lower().split(".")
    return labels[1:] if labels[0] == "www" else labels


def _short_host(host: str) -> bool:
    labels = _labels(host)
    return 2 <= len(labels) <= MAX_HOST_LABELS and not labels[-1].isdigit() and not any(
        c.isdigit() for c in labels[-1])


def _company_host(host: str, card: frozenset[str]) -> bool:
    """A host of the sender's domain (a "@domain" entry of card), or one whose name before its
    top-level domain is a word of the company's name ("romashka.ru" for «Ромашка»)."""
    labels = _labels(host)
    name = ".".join(labels)
    domains = [d[1:] for d in card if d.startswith("@")]
    if any(name == d or name.endswith("." + d) for d in domains):
        return True
    return _short_host(host) and labels[-2] in card


def _mailbox(local: str, people: frozenset[str]) -> bool:
    parts = re.split(r"[._+-]", local.lower())
    if len(parts) == 1:
        return len(local) <= 30
    return len(parts) <= 3 and all(
        len(w) <= 1 or w in people or w in MAILBOX_WORDS for w in (p.rstrip("0123456789") for p in parts))


BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
"""Embeddings, overrides, isolates and the direction marks: what the screen shows is reordered."""
HARMLESS_FORMAT = frozenset("\u00ad\ufeff")
"""The soft hyphen (shown only at a line break, where it is a hyphen) and a byte-order mark."""


def pieces(line: str) -> list[str]:
    return [p.strip() for p in PIECES.split(line) if p.strip(" .")]


def mark(text: str) -> str | None:
    """The first combining mark (after NFC) or symbol, private-use or unassigned character (after
    NFKC) in text, as the reply would name it, or None. A bidi control or other invisible format
    character refuses too: a mail program obeys U+202E and shows the phrase mirrored and the hash
    reversed (another hash), while the reader drops it (red team 9, B10)."""
    for c in text:
        if c in BIDI:
            return f"U+{ord(c):04X}, a bidi control that reorders the letters on screen"
        if unicodedata.category(c) == "Cf" and c not in HARMLESS_FORMAT:
            return f"U+{ord(c):04X}, an invisible format character"
    for c in unicodedata.normalize("NFC", text):
        if unicodedata.category(c) in ("Mn", "Me"):
            return f"U+{ord(c):04X}, a mark drawn over the letters (crossed out, struck through)"
    for c in unicodedata.normalize("NFKC", text):
        if unicodedata.category(c) in ("So", "Sk", "Co", "Cn", "Cs"):
            return f"«{c}» (U+{ord(c):04X}), a symbol read as no word"
    return None
