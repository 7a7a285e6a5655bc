"""HTML (the small subset our templates use) -> DOCX through a docxtpl letterhead.

The same rendered HTML feeds the PDF, so both formats always say the same words.
Supported: h1-h3, p (class center/right/small/sign), strong/b, em/i, u, br, span, a,
ul/ol/li, table/tr/th/td (class grid for borders), div/section, hr.page-break.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.render import docxfields, docxmeta, docxpassed, wordml

SPACE = re.compile(r"[ \t\r\n\f]+")
ALIGN = {"center": 1, "right": 2, "justify": 3}
HEADINGS = {"h1": "Title", "h2": "Heading 2", "h3": "Heading 3"}


def html_to_docx(html: str, skeleton: Path, fields: dict, stamp: datetime, meta: dict,
                 source: str = "") -> bytes:
    """Render the letterhead with plain strings, then put `html` where its `{{p body }}` was.

    The letterhead is a template the project may bring, so it renders in the bounded sandbox with
    strings only: `body` is a marker paragraph, replaced by the converted document afterwards,
    never a docxtpl or python-docx object a template could call methods on. The conversion runs
    under the layout's CPU alarm (render/layoutbounds.py); source: the template, named if refused.
    """
    from contractkit.render.layoutbounds import layout

    with layout(source):
        return _html_to_docx(html, skeleton, fields, stamp, meta)


def _html_to_docx(html: str, skeleton: Path, fields: dict, stamp: datetime, meta: dict) -> bytes:
    import lxml.html

    tpl = _opened.pop(skeleton, None) or _open(skeleton)
    _refuse_external(tpl.docx, skeleton)
    marker = "CONTRACTKIT-BODY-" + hashlib.sha256(html.encode("utf-8")).hexdigest()[:24]
    context = {**{k: str(v) for k, v in fields.items()}, "body": _marker_paragraph(marker)}
    _render_letterhead(tpl, skeleton, context)
    body = wordml.Body(*_style_ids(tpl.docx, skeleton))
    body.add(lxml.html.document_fromstring(html).find("body"))
    _place_body(tpl.docx, body.xml(), marker, skeleton)
    _place_images(tpl.docx, body.images)
    docxmeta.set_core_properties(tpl.docx, stamp, meta)
    docxmeta.set_language(tpl.docx, meta.get("language", "en-US"))
    if meta.get("paper") == "letter":  # a US-US deal (words/jurisdiction.paper); else A4 stays
        docxmeta.us_letter(tpl.docx)
    data = _save(tpl.docx)
    found = docxfields.problem(data)  # what Word would run or fetch on the client's machine
    if found:
        raise RenderError(f"{skeleton}: the letterhead brings {found}; refused (only PAGE, NUMPAGES and "
                          "SECTIONPAGES fields and web or mail hyperlinks may be in a document)",
                          hint="remove the field or link in Word (Alt+F9 shows field codes)")
    return data


def page_to_docx(dirs: tuple[Path, ...], lang: str, template: str, page: dict, **job) -> bytes:
    """A document template rendered with `page` (render/documents.py page_for), typeset, and put
    through html_to_docx(**job): the engine's whole job when a command makes DOCX and no PDF, so
    the command itself never loads Jinja or python-docx (render/engine.py)."""
    from contractkit.render import layoutbounds
    from contractkit.render.sandbox import render_template
    from contractkit.render.typography import typography
    from contractkit.resources import TEMPLATES
    from contractkit.words.parties import party_words

    works = page.get("contract", {}).get("services") is False
    html = typography(party_words(render_template(dirs, lang, f"{lang}/{template}", page), lang, works), lang)
    source = layoutbounds.shown(dirs, f"{lang}/{template}")
    layoutbounds.check(html, source, TEMPLATES, dirs)
    return html_to_docx(html, **job, source=source)


def warm():
    """Load what a first page_to_docx would, in steps (the engine, render/engine.py, runs them while
    the command reads the project and stops between two when a job is waiting): python-docx,
    docxtpl, lxml's HTML parser, the layout bounds' parsers and the sandbox; each language's
    environment with the locale data behind its filters; the templates a contract is made of; the
    bundled letterhead, opened, then its parts' templates compiled."""
    import docx.enum.text  # noqa: F401
    import docx.opc.pkgwriter  # noqa: F401
    import docx.shared  # noqa: F401
    import docx.text.paragraph  # noqa: F401
    import docxtpl  # noqa: F401
    import lxml.html  # noqa: F401
    import tinycss2  # noqa: F401
    import tinyhtml5  # noqa: F401

    from contractkit import cpulimit  # noqa: F401
    from contractkit.render import layoutbounds, typography  # noqa: F401
    from contractkit.render.sandbox import environment, letterhead_environment
    from contractkit.resources import TEMPLATES
    from contractkit.words import parties  # noqa: F401

    letterhead_environment()
    yield
    for lang in ("ru", "en"):
        filters = environment((TEMPLATES,), lang).filters
        filters["date"](date(2000, 1, 1)), filters["short_date"](date(2000, 1, 1))
        filters["money"](Decimal(1), "RUB"), filters["amount"](Decimal(1))
        filters["pct"](Decimal(1)), filters["num"](1)
        yield
    for lang in ("ru", "en"):
        env = environment((TEMPLATES,), lang)
        for name in ("base.html.j2", "_lib.html.j2", f"{lang}/_{lang}.html.j2", f"{lang}/contract.html.j2"):
            env.get_template(name)
        yield
    _opened[TEMPLATES / "letterhead.docx"] = _open(TEMPLATES / "letterhead.docx")
    yield
    _compile_letterhead(TEMPLATES / "letterhead.docx")


def _compile_letterhead(skeleton: Path) -> None:
    """Render a second copy of the letterhead once, so that its parts' templates are compiled
    (sandbox.letterhead_environment keeps them) before the first document needs them."""
    try:
        _render_letterhead(_open(skeleton), skeleton, {"running_head": "", "page_label": "",
                                                       "of_label": "", "body": _marker_paragraph("x")})
    except Exception:  # noqa: BLE001 - a head start only: the document's own render reports any fault
        pass


_opened: dict[Path, object] = {}
"""The bundled letterhead, opened ahead by warm(); the first html_to_docx that uses it takes it."""


def _open(skeleton: Path):
    """The letterhead as a docxtpl template, read once, checked and parsed from those same bytes: a
    pass is for bytes, and the file could be another by the time it were read again (sec18)."""
    from docxtpl import DocxTemplate

    data = _read(skeleton)
    _check_package(skeleton, data)
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - any failure to open a user's DOCX is reported
        raise RenderError(f"{skeleton}: not a usable DOCX letterhead ({exc})") from None
    return tpl


MAX_UNPACKED = 100_000_000
"""Bytes a letterhead may unpack to: a letterhead is a page, not a zip bomb."""


def _read(skeleton: Path) -> bytes:
    """The letterhead's bytes, refused over MAX_UNPACKED (a page, not a zip bomb)."""
    from contractkit.bounds import read_capped

    try:
        data = read_capped(skeleton, MAX_UNPACKED)
    except OSError as exc:
        raise RenderError(f"{skeleton}: not a usable DOCX letterhead ({exc.strerror})") from None
    if data is None:
        raise RenderError(f"{skeleton}: the letterhead is over {MAX_UNPACKED:,} bytes; refused")
    return data


def _check_package(skeleton: Path, data: bytes | None = None) -> None:
    """Refuse a letterhead that is not a zip or unpacks to more than MAX_UNPACKED bytes, or whose
    parts could reach outside (render/docxparts.py). A letterhead whose exact bytes passed these
    checks before, made by the same code, passes again without them (cache.py, "letterheads"):
    a cold DOCX render spends some 50 ms checking the bundled one."""
    from contractkit import cache

    data = _read(skeleton) if data is None else data
    name = _passed_key(data)
    if name is not None and cache.read("letterheads", name) == PASSED:
        return
    _check_package_now(skeleton, data)
    if name is not None:
        cache.write("letterheads", name, PASSED)


PASSED = b"passed"
CHECKS = docxpassed.CHECKS
"""The modules whose code decides whether a letterhead passes: an edit of any is a new key."""


def _passed_key(data: bytes) -> str | None:
    """The letterhead's cache key: its bytes and the checking code (None: the cache is off)."""
    from contractkit import cache

    if not cache.enabled("letterheads"):
        return None
    here = Path(__file__).resolve().parent
    return cache.key("letterheads", data, *[(here / name).read_bytes() for name in CHECKS])


def _check_package_now(skeleton: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            size = sum(info.file_size for info in package.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise RenderError(f"{skeleton}: not a usable DOCX letterhead ({exc})") from None
    if size > MAX_UNPACKED:
        raise RenderError(f"{skeleton}: the letterhead unpacks to {size:,} bytes, over {MAX_UNPACKED:,}")
    from contractkit.render.docxparts import check_parts

    check_parts(io.BytesIO(data), "the letterhead", label=skeleton)


def _refuse_external(document, skeleton: Path) -> None:
    """A letterhead's link to an outside resource (a remote template, an image by URL or file
    path) would be fetched by Word on the client's machine: refuse it; hyperlinks are text."""
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and not rel.reltype.endswith("/hyperlink"):
                raise RenderError(f"{skeleton}: the letterhead links to an outside resource "
                                  f"{rel.target_ref!r} ({rel.reltype.rsplit('/', 1)[-1]}); refused",
                                  hint="embed the image or remove the link in Word")


def _marker_paragraph(marker: str):
    """What `{{p body }}` renders to: one paragraph holding the marker, as plain markup text."""
    from markupsafe import Markup

    return Markup(f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>")


def _render_letterhead(tpl, skeleton: Path, context: dict) -> None:
    """docxtpl renders body, headers, footers, footnotes and properties with the env it is given."""
    from contractkit.render.sandbox import bounded, letterhead_environment, template_errors

    try:
        with template_errors(f"letterhead {skeleton.name}"), bounded():
            tpl.render(context, jinja_env=letterhead_environment(), autoescape=True)
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 - template errors in a user's letterhead
        raise RenderError(f"{skeleton}: letterhead template failed: {exc}".splitlines()[0]) from None


def _style_ids(document, skeleton: Path):
    """Look-ups of the letterhead's paragraph style ids and table style id by name (each looked
    up once: python-docx scans every style per call); a missing style is the letterhead's fault."""
    from docx.enum.style import WD_STYLE_TYPE

    found: dict[str, str | None] = {}

    def lookup(name: str, table: bool = False) -> str | None:
        if name not in found:
            try:
                found[name] = (document.part.get_style_id(name, WD_STYLE_TYPE.TABLE) if table
                               else document.styles[name].style_id)
            except (KeyError, ValueError):
                kind = "table" if table else "paragraph"
                raise RenderError(f"{skeleton}: the letterhead has no {kind} style named {name!r}",
                                  hint="start from templates/letterhead.docx, which has every style "
                                       "used") from None
        return found[name]

    return lookup, lambda name: lookup(name, table=True)


def _place_body(document, xml: str, marker: str, skeleton: Path) -> None:
    """Replace the letterhead's marker paragraph with the paragraphs and tables of `xml`."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    hits = [t for t in document.element.body.iter(qn("w:t")) if t.text and marker in t.text]
    if len(hits) != 1:
        raise RenderError(f"{skeleton}: the letterhead must place {{{{p body }}}} once in its main "
                          f"text, unchanged (found {len(hits)})")
    target = hits[0]
    for ancestor in hits[0].iterancestors(qn("w:p")):
        target = ancestor  # the outermost paragraph holding the marker
    for element in list(parse_xml(xml.encode("utf-8"))):
        target.addprevious(element)
    target.getparent().remove(target)


def _place_images(document, images: list[tuple[str, bytes, float]]) -> None:
    """Put each embedded picture where wordml left its marker run (python-docx's add_picture)."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    if not images:
        return
    runs = {t.text: t for t in document.element.body.iter(qn("w:t")) if t.text and t.text.startswith(
        "CONTRACTKIT-IMAGE-")}
    for marker, data, width in images:
        t = runs.get(marker)
        if t is None:
            continue
        run = t.getparent()
        run.remove(t)
        run.add_drawing(document.part.new_pic_inline(io.BytesIO(data), Mm(width), Mm(width)))


class _FixedZip:
    """A package writer whose zip entries carry a fixed time and attributes."""

    def __init__(self, stream: io.BytesIO):
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        self.zip.writestr(info, blob)

    def close(self) -> None:
        self.zip.close()


UNVOUCHED = ("/metadata/thumbnail", "/custom-properties")
"""A template's parts no check reads and nothing of the deal fills, which a file browser, a mail
program or File > Properties shows for the document: its preview picture and its custom properties
(red team 14, B09, B10). They are not written into a document."""


def _save(document) -> bytes:
    """python-docx's save (OpcPackage.save), written once with fixed zip metadata, so that equal
    content gives equal bytes: no second pass re-compressing the package."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype.endswith(UNVOUCHED)]:
        package.rels.pop(rid)  # its part, reached from nothing else, is not written
    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedZip(buffer)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return buffer.getvalue()
