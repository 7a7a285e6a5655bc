"""HTML -> PDF/A-3b with weasyprint: embedded fonts, the document's data attached, no network."""

from __future__ import annotations

import hashlib
import io
import logging
import sys
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from contractkit.errors import RenderError
from contractkit.resources import TEMPLATES

MIME_TYPES = {
    ".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
    ".woff2": "font/woff2", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml", ".gif": "image/gif",
}

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2", ".ttc", ".pfb", ".pfa", ".bdf", ".pcf", ".fnt"})
FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"typ1", b"ttcf", b"wOFF", b"wOF2", b"\x80\x01", b"%!",
              b"STARTFONT", b"\x01fcp", b"MZ", b"\x01\x00\x04")
"""How font files begin (TrueType, OpenType, collections, WOFF, Type 1, BDF, PCF, Windows FNT, bare
CFF): what a font loader would take whatever the file is called."""
BUNDLED_FONTS = (TEMPLATES / "fonts").resolve()
LOGO_NAMES = ("logo.png", "logo.jpg")
"""The one picture a project's own look may place (render/laidout.py bounds its size)."""


@lru_cache(maxsize=1)
def _bundled_font_hashes() -> frozenset[str]:
    return frozenset(hashlib.sha256(f.read_bytes()).hexdigest()
                     for f in BUNDLED_FONTS.iterdir() if f.is_file())


class _Errors(logging.Handler):
    """Collects weasyprint's ERROR messages: a stylesheet it skipped is a failed render."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _import_weasyprint() -> None:
    """Import weasyprint without its library hunt and without fontTools' subsetter.

    On Linux weasyprint tries other platforms' library names first, and cffi asks
    ctypes.util.find_library about each miss, which runs ldconfig, gcc and ld (54 processes).
    Answering "not found" at once makes it reach the Linux soname it would load anyway. The
    subsetter is only a fallback when HarfBuzz cannot subset, so it loads on first use.
    """
    if "weasyprint" in sys.modules:
        return
    import ctypes.util
    from contextlib import redirect_stdout

    from contractkit import cache
    from contractkit.render import lazysheets, prebuilt

    _lazy("fontTools.subset")
    _on_call("fontTools.varLib.instancer", "instantiateVariableFont")
    if not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with redirect_stdout(io.StringIO()), lazysheets.deferred():
            if cache.enabled("cffi"):
                with prebuilt.declarations():
                    import weasyprint  # noqa: F401
            else:
                import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001 - forget the half import and its entries; import as weasyprint would
        prebuilt.forget()
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original
    _faster()


def _faster() -> None:
    """pydyf's writing, the same bytes in less time, with the release it was checked against
    (render/pdfwrite.py)."""
    from contractkit import cache

    if not cache.enabled("drawing"):
        return
    try:
        from contractkit.render import pdfwrite

        pdfwrite.install()
    except Exception:  # noqa: BLE001 - another release: pydyf's own code, as shipped
        pass


def _on_call(module: str, function: str) -> None:
    """Let `from module import function` succeed without importing `module` (fontTools' variable
    font instancer, 50 ms, used only for variable fonts): the real module is imported, under its
    own name, the first time the function is called."""
    import importlib.util
    import types

    if module in sys.modules or importlib.util.find_spec(module.partition(".")[0]) is None:
        return
    stand_in = types.ModuleType(module)

    def call(*args, **kwargs):
        if sys.modules.get(module) is stand_in:
            del sys.modules[module]
        import importlib

        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    setattr(stand_in, function, call)
    sys.modules[module] = stand_in


def _lazy(name: str) -> None:
    """Register module `name` so that it executes on first attribute access, not on import."""
    import importlib.util

    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


def _fetcher_class():
    _import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class FolderFetcher(URLFetcher):
        """Serves files inside the template folders (and data: URLs); refuses everything else."""

        def __init__(self, roots: tuple[Path, ...], pictures: frozenset = frozenset()):
            super().__init__()
            self.roots = roots
            self.pictures = pictures
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                from urllib.request import urlopen

                with urlopen(url) as response:  # noqa: S310 - a data: URL, decoded here, no network
                    data, kind = response.read(), response.headers.get_content_type()
                self._font_check(url, None, data)
                self._picture_check(url, None, kind, data)
                return URLFetcherResponse(url, data, {"Content-Type": kind})
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                kind = MIME_TYPES.get(path.suffix.lower())  # styles, fonts, images; never a data file
                if kind and any(path == r or r in path.parents for r in self.roots) and path.is_file():
                    data = path.read_bytes()
                    self._font_check(url, path, data)
                    self._picture_check(url, path, kind, data)
                    return URLFetcherResponse(url, data, {"Content-Type": kind})
            self.refused.append(url)
            raise FatalURLFetchingError(f"refused to fetch {url}: outside the template folders")

        def _picture_check(self, url: str, path: Path | None, kind: str, data: bytes) -> None:
            """A picture can show a sum or an account number no text check reads (sec14, item 2):
            in a project's own look the only pictures are its logo (logo.png or logo.jpg in the look
            folder, drawn at most LOGO_MM: render/laidout.py) and the data's own (the payment QR)."""
            if len(self.roots) < 2 or not kind.startswith("image/"):
                return
            if path is None and hashlib.sha256(data).hexdigest() in self._given():
                return
            bundled = path is not None and TEMPLATES.resolve() in path.parents
            if path is not None and path.name.lower() in LOGO_NAMES and not bundled:
                return
            self.refused.append(url)
            shown = url if len(url) < 120 else url[:100] + "…"
            raise FatalURLFetchingError(f"refused the picture {shown}: a look places only its logo "
                                        f"({' or '.join(LOGO_NAMES)}); a picture can show figures no "
                                        "check reads")

        def _given(self) -> set[str]:
            """The SHA-256 of each picture the data gives (as the engine decodes its data: URL)."""
            if not hasattr(self, "_given_hashes"):
                from urllib.request import urlopen

                self._given_hashes = set()
                for url in self.pictures:
                    with urlopen(url) as response:  # noqa: S310 - a data: URL the data made
                        self._given_hashes.add(hashlib.sha256(response.read()).hexdigest())
            return self._given_hashes

        def _font_check(self, url: str, path: Path | None, data: bytes) -> None:
            """A font is drawn, not read: one whose glyphs differ from its characters shows the
            reader another account number or price than the text every check reads (red team 10,
            B9). So the only fonts are the bundled ones: from templates/fonts, or a byte-identical
            copy; anything a font loader would take, by name or by content, is refused otherwise."""
            fontish = (path is not None and path.suffix.lower() in FONT_SUFFIXES
                       or data.startswith(FONT_MAGIC))
            if not fontish or path is not None and BUNDLED_FONTS in path.parents:
                return
            if hashlib.sha256(data).hexdigest() in _bundled_font_hashes():
                return
            self.refused.append(url)
            shown = url if len(url) < 120 else url[:100] + "…"
            raise FatalURLFetchingError(f"refused the font {shown}: only the bundled fonts may be used (a "
                                        "font can draw other characters than the text holds)")

    return FolderFetcher


@lru_cache(maxsize=1)
def _font_config():
    _import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def release() -> None:
    """Remove the font subsets weasyprint keeps in a temporary folder for the process's font
    configuration; weasyprint removes them only when the configuration is garbage-collected,
    which never happens to a process that ends with os._exit (the engine, cli.leave)."""
    if not _font_config.cache_info().currsize:
        return
    folder = getattr(_font_config(), "_folder", None)
    _font_config.cache_clear()
    if folder:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def _finisher(named: str):
    """What runs on the drawn document right before its PDF is written: its fonts checked
    (render/fontcheck.py), then _dedupe_associated_files."""
    def finish(document, pdf) -> None:
        from contractkit.render.fontcheck import check_weasyprint

        check_weasyprint(document.fonts, _bundled_font_hashes, named or "the document")
        _dedupe_associated_files(document, pdf)
    return finish


def _dedupe_associated_files(document, pdf) -> None:
    """weasyprint lists the attachment twice in the catalog's /AF; PDF/A wants it once. Then
    the PDF is written with each stream compressed once (render/pdfwrite.py)."""
    import pydyf

    refs = pdf.catalog.get("AF")
    if refs:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(refs))
    if "contractkit.render.pdfwrite" in sys.modules:  # _faster() installed it
        sys.modules["contractkit.render.pdfwrite"].write_once(pdf)


def html_to_pdf(html: str, base: Path, roots: tuple[Path, ...], *, attachment: bytes | None,
                attachment_name: str, stamp: datetime, extra=None, source: str = "") -> bytes:
    """A PDF/A-3b with `attachment` embedded (the document's data, render/docdata.py; None: no
    attachment); every date inside is `stamp`, so bytes repeat.

    extra: an e-invoice to embed as well, {"name", "data", "relationship", "description", "xmp"}
    (billing/facturx.py); its XMP block joins the document's metadata. Rendered by the engine
    process when the command started one (render/engine.py), else here: the same bytes.
    source: the template the HTML was made from, named if the layout is refused."""
    from contractkit.render import engine

    return engine.pdf(html=html, base=base, roots=roots, attachment=attachment,
                      attachment_name=attachment_name, stamp=stamp, extra=extra, source=source)


def warm():
    """Load what a first render would, in steps (see render/engine.py, which stops between two
    when a job is waiting): weasyprint; the font configuration; the bundled stylesheet, which every
    document links first, with its fonts registered as the document would register them (the same
    files under the same names: the document then finds them there, 10-25 ms of its layout); the
    HTML parser's first use. Laying a sample out as well saved less than it took."""
    _import_weasyprint()
    yield
    config = _font_config()
    yield
    from weasyprint import CSS, HTML

    from contractkit.cpulimit import cpu_limit  # noqa: F401 - what render_pdf imports first
    from contractkit.render import layoutbounds  # noqa: F401
    from contractkit.resources import TEMPLATES

    fetcher = _fetcher_class()((TEMPLATES,))
    CSS(url=(TEMPLATES / "style.css").as_uri(), url_fetcher=fetcher, font_config=config)
    yield
    HTML(string='<!DOCTYPE html><html lang="ru"><body><p>Договор</p></body></html>', url_fetcher=fetcher)


def render_pdf(html: str, base: Path, roots: tuple[Path, ...], *, attachment: bytes | None,
               attachment_name: str, stamp: datetime, extra=None, source: str = "",
               bounds: bool = False, stated=None, pictures: frozenset = frozenset()) -> bytes:
    """html_to_pdf, in this process, under the layout's CPU alarm (render/layoutbounds.py);
    bounds: the HTML is not checked yet: check weasyprint's own tree of it before the layout;
    stated: (render/statedsums.Expected, language): the sums the laid-out pages must state;
    pictures: the data: URLs of the data's own pictures (the payment QR), the only ones besides a
    logo that a project's own look may place."""
    from contractkit.render.layoutbounds import layout

    with layout(source):
        return _render_pdf(html, base, roots, attachment=attachment, attachment_name=attachment_name,
                           stamp=stamp, extra=extra, source=source if bounds else None,
                           stated=stated, named=source, pictures=pictures)


def _read_back(document, html: str, roots: tuple[Path, ...], stated, named: str,
               pictures: frozenset) -> None:
    """The laid-out pages, before a PDF is written: a project's own look shows every figure
    plainly (render/laidout.py), and a signed, hashed or billed document states the deal's sums."""
    own = len(roots) > 1
    if not own and stated is None:
        return
    from contractkit.render import laidout, statedsums

    body, margins = laidout.read(document, own, named, pictures)
    if own:
        from contractkit.render.requisites import shown

        laidout.same_words(shown(html), body, margins, named)
    text = body + "\n" + margins
    if stated is not None:
        statedsums.check(text, stated[1], stated[0], "its PDF: ")


def _render_pdf(html: str, base: Path, roots: tuple[Path, ...], *, attachment: bytes | None,
                attachment_name: str, stamp: datetime, extra=None, source: str | None = None,
                stated=None, named: str = "", pictures: frozenset = frozenset()) -> bytes:
    _import_weasyprint()
    from weasyprint import HTML, Attachment
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()(roots, pictures)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    stamp = stamp.astimezone(timezone.utc) if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    try:
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher)
        if source is not None:  # the bounds, on the tree about to be laid out: one parse
            from contractkit.render.layoutbounds import refuse

            refuse(document.etree_element, document.wrapper_element, source, base, roots)
        attachments, options = [], {}
        if attachment is not None:  # the document's data (render/docdata.py), unless --no-data
            from contractkit.render.docdata import DESCRIPTION

            attachments.append(Attachment(
                file_obj=io.BytesIO(attachment), name=attachment_name, url_fetcher=fetcher,
                description=DESCRIPTION, created=stamp, modified=stamp, relationship="Data"))
        if extra:
            attachments.append(Attachment(
                file_obj=io.BytesIO(extra["data"]), name=extra["name"], url_fetcher=fetcher,
                description=extra["description"], created=stamp, modified=stamp,
                relationship=extra["relationship"]))
            options["xmp_metadata"] = [extra["xmp"]]
        from weasyprint import DEFAULT_OPTIONS

        options = {**DEFAULT_OPTIONS, "pdf_variant": "pdf/a-3b", "attachments": attachments,
                   "pdf_identifier": True, **options}
        laid = document.render(_font_config(), None, None, **options)  # as write_pdf would
        _read_back(laid, html, roots, stated, named, pictures)
        pdf = laid.write_pdf(None, 1, _finisher(named),
                             **{key: options[key] for key in DEFAULT_OPTIONS})
    except FatalURLFetchingError as exc:
        hint = ("name the bundled fonts by family instead: Liberation Serif, DejaVu Serif, DejaVu Sans"
                if str(exc).startswith("refused the font")
                else "templates may only use files in their own folders")
        if str(exc).startswith("refused the picture"):
            hint = "put the logo in the look folder as logo.png; print figures as text from project.yaml"
        raise RenderError(f"{exc}", hint=hint) from None
    finally:
        logger.removeHandler(errors)
    if errors.messages:
        raise RenderError(f"PDF renderer: {errors.messages[0]}")
    return pdf
