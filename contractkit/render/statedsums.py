"""A document states the deal's figures: every sum it prints is one its data gives, read back.

`sign` and `invoice` hash what was rendered, and `verify` later vouches for those bytes. A
project's own look (HTML templates under .contractkit/ or a look folder, a Word template, a
letterhead) arrives through git: a teammate's template could print a total, a due sum or a
payment other than the data's, and the hashed file would carry it (sec14, item 1). The rule is on
what the document states, whatever made it: each money amount in its text (HTML before layout,
then the laid-out PDF through pypdf and the DOCX's XML text, after layout and before anything is
hashed or written) must be one the document's data holds, and its key figures (the contract's
total, the invoice's amount, the act's sum, the addendum's new total) must be there.

Sums are read as the bundled templates print them: «243 500,00 ₽», «243 500 (двести…) рублей»,
"$12,200.00", "USD 12,200", "12,200.00". A figure in words only, or in a picture, is not read
here (pictures: render/layoutbounds.py and htmlsafe.py bound what a look may place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from contractkit.errors import RenderError

SEP = "[ \u00a0\u202f\u2009]"
"""What stands between digit groups of a sum in print (a line end too, in the laid-out text)."""
_RU = re.compile(rf"(?<![\d,.])(\d{{1,3}}(?:(?:{SEP}|\n)\d{{3}})+|\d+),(\d{{2}})(?![\d,])(?!{SEP}?%)")
_RU_WHOLE = re.compile(rf"(?<![\d,.])(\d{{1,3}}(?:(?:{SEP}|\n)\d{{3}})+|\d+){SEP}?"
                       r"(?:₽|руб|доллар|евро|фунт|\([^()\d]{3,200}\)\s*(?:рубл|доллар|евро|фунт)"
                       r"\w*(?:\s+(?:США|стерлингов))?(?:\s+(\d{2})\s+(?:копе|цент|пенс))?)")
_RU_GLUED = re.compile(rf"(?<![\d,.])\d{{4,6}}{SEP}\d{{3}}(?:{SEP}\d{{3}})*,\d{{2}}(?![\d,])")
"""Digits glued before a sum's groups ("1243 500,00": a list number with nothing after it, red team
14 B19: a label of up to 3 digits on a group of up to 3): read as one figure, never as the sum
after the glued digits. A longer run (an account or tax number) is not a label."""
_RU_WORDS = re.compile(rf"(?<![\d,.])(\d{{1,3}}(?:(?:{SEP}|\n)\d{{3}})+|\d+){SEP}?\(([а-яё\s-]{{3,300}})\)"
                       r"\s*(?:рубл|доллар|евро|фунт|тенге|юан)", re.I)
_EN_WORDS = re.compile(rf"(?:[$£€]|\b(?:USD|EUR|GBP|RUB)){SEP}?(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d{{2}})?"
                       r"\s?\(([a-z\s-]{3,300})\)", re.I)
_EN_SIGN = re.compile(rf"(?:[$£€]|\b(?:USD|EUR|GBP|RUB)){SEP}?(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(\d{{2}}))?"
                      r"(?![\d.,]\d)")
_EN_PLAIN = re.compile(r"(?<![\d.,])(\d{1,3}(?:,(?:\n)?\d{3})+|\d{3,})\.(\d{2})(?![\d.])(?!\s?%)")
"""A sum without its currency sign: grouped, or of three figures or more ("2.10" is a section)."""
CENT = Decimal("0.01")

KEYS = {
    "contract.html.j2": (("total", None),),
    "scope.html.j2": (("total", None),),
    "payments.html.j2": (("total", None),),
    "invoice.html.j2": (("invoice.amount", None),),
    "act.html.j2": (("act.gross", "act.accepted"),),
    "addendum.html.j2": (("effect.new_total", "effect.delta"),),
}
"""The figures a document must state: (its data's path, the path that must be true for it to be
stated: an act that accepts, a change order that changes the price); a missing one: nothing to check."""
CHECKED = frozenset({"contract.html.j2", "scope.html.j2", "payments.html.j2", "support.html.j2",
                     "invoice.html.j2", "act.html.j2", "act-rights.html.j2", "addendum.html.j2"})
"""The documents that are signed, hashed or billed: their sums are read back."""


@dataclass(frozen=True)
class Expected:
    """What a document may state: `allowed`, every sum its data holds; `keys`, {label: sum} it must."""

    allowed: frozenset
    keys: tuple
    source: str


def _sum(whole: str, cents: str | None) -> Decimal:
    return Decimal(re.sub(rf"(?:{SEP}|\n|,)", "", whole) + "." + (cents or "00"))


def _readings(whole: str, cents: str | None) -> list[Decimal]:
    """The sum as printed and, where a line ends inside its groups (a clause number or a table cell
    above it: «3.3.1⏎121 750,00»), as it reads from each line's start."""
    out = [_sum(whole, cents)]
    parts = whole.split("\n")
    out += [_sum("".join(parts[i:]), cents) for i in range(1, len(parts))]
    return out


def amounts(text: str, lang: str) -> list[list[Decimal]]:
    """Each sum `text` states, as its possible readings (the first: as printed)."""
    found = []
    if lang == "ru":
        found += [_readings(m.group(1), m.group(2)) for m in _RU.finditer(text)]
        found += [_readings(m.group(1), m.group(2)) for m in _RU_WHOLE.finditer(text)]
        found += [[_sum(*m.group(0).rsplit(",", 1))] for m in _RU_GLUED.finditer(text)]
    else:
        signed = list(_EN_SIGN.finditer(text))
        found += [_readings(m.group(1), m.group(2)) for m in signed]
        spans = {m.span(1) for m in signed}
        found += [_readings(m.group(1), m.group(2)) for m in _EN_PLAIN.finditer(text)
                  if m.span(1) not in spans]
    return found


def _values(context):
    """Every number a document's data holds (decimal strings, numbers, sums in its texts)."""
    from contractkit.render.requisites import leaves

    for value in leaves(context):
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, Decimal, float)):
            try:
                yield Decimal(str(value)).quantize(CENT)
            except InvalidOperation:
                continue
        elif isinstance(value, str):
            if re.fullmatch(r"-?\d{1,15}(?:\.\d{1,6})?", value.strip()):
                yield Decimal(value.strip()).quantize(CENT)
            elif re.search(r"\d", value):
                for lang in ("ru", "en"):
                    for readings in amounts(value, lang):
                        yield readings[0]


def pictures(context) -> frozenset:
    """The data: URLs of the pictures a document's data holds (the payment QR code)."""
    found: set[str] = set()
    stack = [(context, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, str):
            if value.startswith("data:image/"):
                found.add(value)
        elif isinstance(value, dict) and level < 40:
            stack.extend((v, level + 1) for v in value.values())
        elif isinstance(value, (list, tuple)) and level < 40:
            stack.extend((v, level + 1) for v in value)
    return frozenset(found)


def _at(context: dict, path: str):
    value = context
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _with_vat(values: set, rate: Decimal, currency: str) -> set:
    """The VAT the templates compute for each sum (the vat_within and vat_on filters), and the sum
    with it added or taken out."""
    from contractkit import money

    out = set()
    for v in values:
        try:
            within, on = money.vat_within(v, rate, currency), money.vat_on(v, rate, currency)
        except (ArithmeticError, ValueError):
            continue
        out |= {abs(within), abs(on), abs(v + on), abs(v - within)}
    return out


def expected(template: str, context: dict, source: str) -> Expected | None:
    """What the document from `template` (its bundled name, e.g. invoice.html.j2) may and must
    state, or None for a document whose sums are not read back (letters, the brief)."""
    name = template.rsplit("/", 1)[-1]
    if name not in CHECKED:
        return None
    allowed = {abs(v) for v in _values(context)}
    rate, currency = _at(context, "tax.vat"), context.get("currency")
    if rate is not None and not isinstance(rate, bool) and isinstance(currency, str):
        allowed |= _with_vat(allowed, Decimal(str(rate)), currency)
    keys = []
    for path, when in KEYS.get(name, ()):
        value = _at(context, path)
        if when is not None and not _at(context, when):
            continue
        if value is not None and not isinstance(value, bool):
            keys.append((path, Decimal(str(value)).quantize(CENT)))
    return Expected(frozenset(allowed), tuple(keys), source)


def _given(value: Decimal, allowed: frozenset) -> bool:
    """A sum the data gives: one of its values, or the sum or difference of two (the templates
    print «net = amount - VAT», «the change less its deposit», «price + VAT»)."""
    if value in allowed:
        return True
    return any(value - v in allowed or v - value in allowed for v in allowed)


def html_check(html: str, template: str, page: dict, source: str, lang: str,
               own: bool) -> tuple[Expected | None, frozenset]:
    """The HTML's checks, before it is laid out: its sums are the deal's (check()), and a project's
    own look embeds no picture but the data's; (what its PDF and DOCX must state, read back again
    by render/pdf.py and render/documents.finished; the data's pictures)."""
    from contractkit.render.requisites import shown

    expect = expected(template, page, source)
    if expect is not None:  # its key figures are looked for on its pages, once laid out
        check(shown(html), lang, Expected(expect.allowed, (), source))
    found = pictures(page)
    if own:
        from contractkit.render.laidout import html_pictures

        html_pictures(html, found, source)
    return expect, found


def check(text: str, lang: str, expect: Expected | None, where: str = "") -> None:
    """RenderError, one line naming the template and the figure, when `text` states a sum the
    data does not give, or leaves out a key figure. where: which rendering was read (the PDF)."""
    if expect is None:
        return
    seen: set[Decimal] = set()
    for readings in amounts(text, lang):
        seen.update(readings)
        if not any(_given(r, expect.allowed) for r in readings):
            raise RenderError(f"{_named(expect.source)}: refused: {where}it states the sum "
                              f"{_shown(readings[0], lang)}, which is not in the deal's data for this "
                              "document: what a document says comes from the deal's data",
                              hint="print sums with the template's fields ({{ total|money }} and the "
                                   "like), never as typed text")
    worded = _misworded(text, lang)
    if worded:
        raise RenderError(f"{_named(expect.source)}: refused: {where}it states {worded}: the words "
                          "are not the sum's", hint="print sums in words with the in_words filter")
    for path, value in expect.keys:
        if value and value not in seen:
            raise RenderError(f"{_named(expect.source)}: refused: {where}it does not state {path} "
                              f"({_shown(value, lang)}), which the document must show",
                              hint="print it with its field, visibly")


def _misworded(text: str, lang: str) -> str | None:
    """The first sum whose words in brackets are not its figures' («24 350 (двести…) рублей»)."""
    from contractkit.words import cardinals
    from contractkit.words.amounts import integer_words

    for m in (_RU_WORDS if lang == "ru" else _EN_WORDS).finditer(text):
        major = int(re.sub(rf"(?:{SEP}|\n|,)", "", m.group(1)))
        # a line broken after a hyphen ("twenty-" / "nine") reads "twenty- nine": it is one word
        words = re.sub(r"-\s+", "-", " ".join(m.group(2).split())).lower()
        right = {integer_words(major, lang).lower()} | (
            {(cardinals.british(major) or "").lower()} - {""} if lang == "en" else set())
        if not any(words == w or words.startswith(w + " ") for w in right):
            return " ".join(m.group(0).split())[:80]
    return None


def _named(source: str) -> str:
    return f"template {source}" if source.endswith(".j2") else source or "the document"


def _shown(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",") if lang == "ru" else text


def pdf_text(data: bytes) -> str:
    """The text of a laid-out PDF, page by page, as a reader copies it."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


_W_TEXT = re.compile(rb"<w:(?:t|delText)(?:\s[^>]*)?>([^<]*)</w:(?:t|delText)>|<w:(p|tab|br|cr)\b")


def docx_text(data: bytes) -> str:
    """The text of a DOCX's body, headers, footers and notes (a paragraph per line)."""
    import html
    import io
    import zipfile

    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
                continue
            parts: list[str] = []
            for m in _W_TEXT.finditer(package.read(name)):
                if m.group(2) is not None:
                    parts.append("\n" if m.group(2) == b"p" else " ")
                else:
                    parts.append(html.unescape(m.group(1).decode("utf-8", "replace")))
            lines.append("".join(parts))
    return "\n".join(lines)


@dataclass(frozen=True)
class ReadBack:
    """A file render/documents.started_formats began whose sums are read back once it is made."""

    handle: object
    fmt: str
    lang: str
    expect: Expected | None


def made(started: ReadBack, result) -> bytes:
    """The started file's bytes (result: render/engine.result for a handle), read back."""
    data = result(started.handle) if isinstance(started.handle, tuple) else started.handle
    check_file(started.fmt, data, started.lang, started.expect)
    return data


def check_word(docx: bytes, doc: str, data: dict, lang: str, source: str) -> None:
    """check() for a document filled from a project's Word template (render/userdocx.template_data
    is `data`): its text states no sum the data does not give, and words no other sum. Which
    figures it states is the lawyer's wording (a template may state the price in an annex), so no
    key figure is required of it."""
    expect = expected(f"{doc}.html.j2", data, source)
    if expect is not None:
        check(docx_text(docx), lang, Expected(expect.allowed, (), source))


def check_file(name: str, data: bytes, lang: str, expect: Expected | None) -> None:
    """check() on a rendered file's text: a PDF through pypdf, a DOCX through its XML."""
    if expect is None:
        return
    if name.endswith("pdf"):
        check(pdf_text(data), lang, expect, "its PDF: ")
    elif name.endswith("docx"):
        check(docx_text(data), lang, expect, "its DOCX: ")
