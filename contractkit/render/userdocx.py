"""A user's own Word template (a lawyer's contract with docxtpl tags) filled from the project.

The template arrives through git and is untrusted, like a letterhead: it renders in the same
bounded sandbox (render/sandbox.py), autoescaped, with StrictUndefined, over plain data only
(dicts, lists, strings, numbers; money as decimal strings, dates as ISO strings). Nothing of
docxtpl or python-docx is in the data, so no tag can reach `tpl`, a subdocument or a path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.render.docdata import plain as _plain
from contractkit.render.wordtags import JINJA_TAG, LETTERHEAD_BODY

MAX_UNPACKED = 100_000_000
"""Bytes a Word template may unpack to: a contract is pages, not a zip bomb."""
MAX_PARTS = 2_000
"""Files a Word template's package may hold."""


def template_data(context: dict) -> dict:
    """The names a Word template can use: render/context.py's context as plain data, plus the
    names a lawyer's template reads naturally (stages, installments, totals in words)."""
    data = {k: _plain(v) for k, v in context.items() if k not in ("calendar",)}
    lang, currency = context["lang"], context["currency"]
    from contractkit.words import amounts

    data["stages"] = data.pop("lines")  # the words a contract uses
    # in the order of their signed numbers: a template's automatic numbering makes them clauses
    # («1.2.N»), and clause N is installment N (lists elsewhere follow the due order)
    data["installments"] = sorted(data.pop("payments"), key=lambda p: p.get("n") or 0)
    for key in ("subtotal", "vat", "total", "prepayment"):
        value = context.get(key)
        data[f"{key}_words"] = amounts.in_words(value, currency, lang) if value is not None else ""
    return data


# --- filters ------------------------------------------------------------------------------------

def filters(lang: str, currency: str) -> dict:
    """money, words, date, short_date, genitive, dative: each takes the plain data's strings."""
    from contractkit.words import amounts, fmt

    return {
        "money": lambda v, cur=None: fmt.money(_decimal(v), cur or currency, lang),
        "amount": lambda v: fmt.number(_decimal(v), lang),
        "words": lambda v, cur=None: amounts.in_words(_decimal(v), cur or currency, lang),
        "date": lambda v: fmt.long_date(_day(v), lang),
        "short_date": lambda v: fmt.short_date(_day(v), lang),
        "genitive": lambda v: _case(v, "gent", lang),
        "dative": lambda v: _case(v, "datv", lang),
    }


FILTERS = ("money", "amount", "words", "date", "short_date", "genitive", "dative")


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"not an amount: {str(value)[:40]!r}") from None


def _day(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _case(value, case: str, lang: str) -> str:
    """A person's full name («Иванов Иван Иванович») or a position in the genitive or dative."""
    from contractkit.words import names

    text = str(value)
    if lang != "ru" or not text.strip():
        return text
    words = text.split()
    if len(words) in (2, 3) and names.guess_gender(text):
        return names.genitive_name(text) if case == "gent" else names.dative_name(text)
    return names.genitive_position(text) if case == "gent" else names.dative_position(text)


def environment(lang: str, currency: str):
    """A fresh sandbox for one Word template render (docxtpl sets autoescape on the one it gets)."""
    from jinja2 import StrictUndefined

    from contractkit.render.sandbox import sandboxed

    env = sandboxed(autoescape=True, undefined=StrictUndefined)
    for name in [n for n in env.filters if n not in KEPT_FILTERS]:
        del env.filters[name]
    env.filters.update(filters(lang, currency))
    for name in [n for n in env.globals if n not in ("range", "namespace")]:
        del env.globals[name]
    return env


KEPT_FILTERS = ("upper", "lower", "capitalize", "title", "trim", "default", "d", "length", "count",
                "first", "last", "join", "replace", "round", "int", "string", "e", "escape",
                "ck_loop", "wordcount", "truncate", "sort", "selectattr", "rejectattr", "map",
                "sum", "list", "abs", "float", "format", "center", "unique", "reverse", "batch")
"""Jinja's text filters a template keeps (ck_loop: the sandbox's loop counter)."""


# --- the package --------------------------------------------------------------------------------

@dataclass(frozen=True)
class WordFile:
    """A Word template's bytes as a signed version holds them (read from the tag's tree by the
    store, checked there: no link, bounded), named as project.yaml names it."""

    label: str
    data: bytes = field(repr=False)

    @property
    def name(self) -> str:
        return self.label.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return self.label


def _source(path):
    """What zipfile and docxtpl open: the file, or a signed template's bytes."""
    return io.BytesIO(path.data) if isinstance(path, WordFile) else path


def safe_path(path: Path, root: Path | None = None, what: str = "template") -> Path:
    """The template's path, refused if it or a folder on its way is a symbolic link, or (with
    `root`) it is outside the project."""
    path = Path(os.path.abspath(path))
    linked = os.path.islink(path)
    if root is not None:
        top = Path(os.path.abspath(root))
        if top not in path.parents:
            raise RenderError(f"{what} {path} is outside the project {top}; refused")
        linked = linked or os.path.realpath(path) != os.path.join(os.path.realpath(top),
                                                                 path.relative_to(top))
    if linked:
        raise RenderError(f"{what} {path} is a symbolic link (or inside one); refused",
                          hint="copy the file into the project instead of linking it")
    if not path.is_file():
        raise RenderError(f"{what} {path} not found")
    return path


_PASSED: set[tuple[str, bool]] = set()
"""(SHA-256 of a package's bytes, fields) of the packages this process has checked and passed: a
render asks whether a file is a Word template, then opens it, and one check of its bytes does."""


def _digest(path) -> str | None:
    try:
        if isinstance(path, WordFile):
            return hashlib.sha256(path.data).hexdigest()
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def check_package(path: Path, fields: bool = True) -> None:
    """Refuse a file that is not a DOCX package or would unpack to a zip bomb, a part that could
    reach outside (render/docxparts.py), and (with `fields`) a field Word would run or fetch."""
    digest = _digest(path)
    if digest is not None and ((digest, fields) in _PASSED or (digest, True) in _PASSED):
        return
    _check_package(path, fields)
    if digest is not None:
        _PASSED.add((digest, fields))


def _check_package(path: Path, fields: bool) -> None:
    try:
        with zipfile.ZipFile(_source(path)) as package:
            infos = package.infolist()
            names = {i.filename for i in infos}
    except (OSError, zipfile.BadZipFile) as exc:
        raise RenderError(f"{path}: not a Word document (.docx): {exc}") from None
    if len(infos) > MAX_PARTS:
        raise RenderError(f"{path}: the document holds {len(infos):,} files, over {MAX_PARTS:,}; refused")
    size = sum(i.file_size for i in infos)
    if size > MAX_UNPACKED:
        raise RenderError(f"{path}: the document unpacks to {size:,} bytes, over {MAX_UNPACKED:,}; "
                          "refused")
    if "word/document.xml" not in names:
        raise RenderError(f"{path}: not a Word document (no word/document.xml)")
    from contractkit.render.docxparts import check_parts

    check_parts(_source(path), "the Word template", label=path, fields=fields)


def held(path) -> WordFile:
    """The template's bytes, read once: what is checked is what is opened and filled, not a file
    that could be another by the time it is read again (sec18); refused over MAX_UNPACKED."""
    if isinstance(path, WordFile):
        return path
    from contractkit.bounds import read_capped

    try:
        data = read_capped(path, MAX_UNPACKED)
    except OSError as exc:
        raise RenderError(f"{path}: not a Word document (.docx): {exc.strerror}") from None
    if data is None:
        raise RenderError(f"{path}: the document is over {MAX_UNPACKED:,} bytes; refused")
    return WordFile(str(path), data)


def is_word_template(path: Path) -> bool:
    """A docxtpl template for a document (Jinja tags, no `{{p body }}`), not a letterhead; a file
    that is no usable package is left to the letterhead's checks and their message."""
    try:
        path = held(path)
    except RenderError:
        return False
    try:
        check_package(path)  # the whole check: a template that passes is not checked again when opened
    except RenderError:
        try:
            check_package(path, fields=False)  # a field: refused by open_template, in its own words
        except RenderError:
            return False
    with zipfile.ZipFile(_source(path)) as package:
        text = re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode("utf-8", "replace"))
    return bool(JINJA_TAG.search(text)) and not LETTERHEAD_BODY.search(text)


def open_template(path: Path):
    """The template as a docxtpl object, after the package checks; outside links refused."""
    from docxtpl import DocxTemplate

    from contractkit.render.docx import _refuse_external

    path = held(path)
    check_package(path)
    try:
        tpl = DocxTemplate(_source(path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - any failure to open a user's DOCX is reported
        raise RenderError(f"{path}: not a usable Word template ({exc})".splitlines()[0]) from None
    _refuse_external(tpl.docx, path)
    return tpl


def render(path: Path, data: dict, stamp: dt.datetime, meta: dict) -> bytes:
    """The filled document's bytes; any fault in the template is one RenderError, nothing written."""
    from contractkit.render import docxmeta
    from contractkit.render.docx import _save
    from contractkit.render.sandbox import bounded, template_errors

    tpl = open_template(path)
    env = environment(data["lang"], data["currency"])
    try:
        with template_errors(path.name), bounded():
            tpl.render(data, jinja_env=env, autoescape=True)
    except RenderError as exc:
        raise RenderError(f"{path}: {exc}".replace(f"template {path.name}: ", "", 1)) from None
    docxmeta.set_core_properties(tpl.docx, stamp, meta)
    filled = checked(_save(tpl.docx), path)
    from contractkit.render import requisites

    requisites.word_check(filled, data, str(path))  # what it shows comes from the deal's data
    return filled


def checked(data: bytes, path) -> bytes:
    """The filled document, read back before it is written: its tags and the project's data may
    have made a field or a part the template's own check did not see."""
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(data), "the document filled from the Word template", label=path, tags=False,
                fields=True)
    return data


def fields(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    """(name, example) of every name a template can use: `stages[].title` is a loop's field."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += fields(value, name + ".")
        elif isinstance(value, list):
            out.append((name, f"a list of {len(value)}"))
            if value and isinstance(value[0], dict):
                out += fields(value[0], name + "[].")
            elif value:
                out.append((name + "[]", _example(value[0])))
        else:
            out.append((name, _example(value)))
    return out


def _example(value) -> str:
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"
