"""What a Word package from a project may hold before docxtpl, python-docx or LibreOffice opens it.

A project's Word template and DOCX letterhead arrive through git and are untrusted. Every part
is checked against an allow-list, whatever its path or name, by what its bytes are (and what
[Content_Types].xml declares):
- XML, in any encoding (render/docxxml.py: no DTD or entities, no `file:` URL, an SVG that draws
  only what it holds, no imported chunk or DDE link; field codes too for a Word template,
  render/docxfields.py), and nothing that makes a viewer show other text than the part's text
  nodes (render/docxshown.py: data-bound content controls, mc:AlternateContent, hidden text,
  tracked changes, glossaries, custom XML data, charts);
- a PNG, JPEG, GIF, BMP or TIFF picture. An EMF or WMF picture is refused: a metafile can carry
  PostScript and other content LibreOffice hands to its filters, and a compressed one (svgz,
  emz, wmz, any gzip or zip) is refused outright, since LibreOffice unpacks it unchecked (a gzip'd
  SVG linking `file:///…/passport.png` put the user's file into the contract PDF);
- printer settings, declared so, and reached only through a relationship of its own kind; never
  an embedded font (a font can draw other digits than the text holds: red team 10, B9);
- nothing else: embedded objects, ActiveX controls and macros are refused by name too.
A relationship to an outside target is refused unless it is a web or mail hyperlink, and that
link may not serve as a picture, frame or object source. Every `{{`, `{%` and `{#` in the text is
closed before the next one opens: docxtpl prepares the XML with regular expressions that backtrack
for minutes over thousands of unclosed tags (the CPU alarm of render/sandbox.bounded is the
backstop; this refuses the shape at once).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from contractkit.errors import RenderError

IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
METAFILES = (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")
COMPRESSED = (b"\x1f\x8b", b"PK\x03\x04", b"PK\x05\x06", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf",
              b"\x28\xb5\x2f\xfd", b"MSCF")
COMPRESSED_NAMES = (".svgz", ".emz", ".wmz", ".gz", ".zip", ".z")
OPAQUE = {
    "application/vnd.openxmlformats-officedocument.obfuscatedfont": "/font",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.printersettings": "/printersettings",
}
"""Declared content types of parts with no telling bytes -> the relationship type that may reach them."""
REFUSED_FOLDERS = ("word/embeddings/", "word/activex/")
REFUSED_TYPES = ("oleobject", "activex", "vbaproject", "vbadata", "macroenabled", "msword", "ms-excel",
                 "ms-office")
JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
CLOSES = {"{{": "}}", "{%": "%}", "{#": "#}"}
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
RELS = re.compile(r"(?:^|.*/)_rels/[^/]*\.rels", re.I)
SHOWN_HINT = ("type the text in the document itself (a plain run, or a content control with no data "
              "binding) and save it again in Word")
PNG_HINT = "save the picture as PNG or JPEG in Word (Insert > Pictures) and save the document again"


def check_parts(source, what: str, label=None, *, tags: bool = True, fields: bool = False) -> None:
    """Refuse `source` (a DOCX package's path or bytes, its size already bounded; named `label`
    in messages, else by itself) if a part could reach outside the package when opened, or would
    make docxtpl's preparation backtrack (`tags`), or holds a field code Word would run or fetch
    (`fields`: a Word template and the document filled from it)."""
    from contractkit.render import docxpassed
    from contractkit.render.docxfields import content_types

    path = label if label is not None else source
    with zipfile.ZipFile(source) as package:
        infos = [i for i in package.infolist() if not i.is_dir()]
        types = content_types(package)
        for info in infos:
            _check_name(path, what, info.filename, types(info.filename))
        outside, opaque_ok, links = _check_relationships(path, what, package, infos)
        read: dict[int, list] = {}  # styles parts by entry: [bytes, XML root or None], read and parsed once
        shaded = _shaded_styles(package, infos, read)
        for info in infos:
            name = info.filename
            data, root = read.pop(id(info), None) or (package.read(info), None)
            here, linked = outside.get(name.lower(), frozenset()), links.get(name.lower(), {})
            # a part whose every input is that of a part that passed is not checked again
            passed = docxpassed.key(name, data, types(name), here, name.lower() in opaque_ok, fields,
                                    shaded, linked)
            if not docxpassed.passed(passed, len(data)):
                _check_part(path, what, name, data, types(name), here, opaque_ok, fields, shaded, linked,
                            root)
                docxpassed.record(passed, len(data))
            if tags and TEXT_PARTS.fullmatch(name):
                _check_tags(path, what, name, data)


def _refuse(path, what: str, name: str, why: str, hint: str | None = None):
    raise RenderError(f"{path}: {what} part {name} {why}; refused", hint=hint)


def _check_name(path, what: str, name: str, content_type: str) -> None:
    lowered, declared = name.lower(), content_type.lower()
    if (lowered.startswith(REFUSED_FOLDERS) or lowered.endswith("vbaproject.bin")
            or any(word in declared for word in REFUSED_TYPES)):
        raise RenderError(f"{path}: {what} holds an embedded object or macro ({name}); refused",
                          hint="remove it in Word and save again")
    if lowered.endswith(COMPRESSED_NAMES) or "gzip" in declared or declared.endswith(("x-emz", "x-wmz")):
        _refuse(path, what, name, "is a compressed picture (svgz, emz, wmz, gzip)", PNG_HINT)


def _check_relationships(path, what: str, package, infos) -> tuple[dict, set, dict]:
    """Outside links (only web and mail hyperlinks pass) and, per source part, the ids of those
    hyperlinks; also the opaque parts (fonts, printer settings) reached by their own kind only,
    and per source part each hyperlink's id -> target (a link's text may not name another)."""
    from contractkit.render import docxxml
    from contractkit.render.docxfields import HYPERLINK

    outside: dict[str, frozenset[str]] = {}
    links: dict[str, dict[str, str]] = {}
    reached: dict[str, set[str]] = {}
    for info in infos:
        if not RELS.fullmatch(info.filename):
            continue
        try:
            root = docxxml.parse(package.read(info))
        except ValueError as exc:
            _refuse(path, what, info.filename, f"is not well-formed XML ({exc})")
        folder = posixpath.dirname(posixpath.dirname(info.filename))
        source = posixpath.join(folder, posixpath.basename(info.filename)[:-5])
        ids = set()
        for rel_id, kind, target, mode in docxxml.relationships(root):
            if mode.strip().lower() == "external":
                if not kind.endswith("/hyperlink") or not HYPERLINK.match(target.strip()):
                    _refuse(path, what, info.filename, f"links to an outside resource {target[:80]!r} "
                            f"({kind.rsplit('/', 1)[-1]})", "embed the picture or remove the link in Word")
                ids.add(rel_id)
                links.setdefault(source.lower(), {})[rel_id] = target.strip()
            elif mode not in ("", "Internal"):
                _refuse(path, what, info.filename, f"has a relationship with TargetMode {mode[:20]!r}")
            else:
                part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                reached.setdefault(posixpath.normpath(part).lower(), set()).add(kind.lower())
        outside[source.lower()] = frozenset(ids)
    opaque_ok = {part for part, kinds in reached.items()
                 if kinds and all(k.endswith(tuple(OPAQUE.values())) for k in kinds)}
    return outside, opaque_ok, links


def _shaded_styles(package, infos, read: dict[int, list]) -> frozenset[str]:
    """The ids of the styles with a background (word/styles.xml), so that white text in a table
    whose style shades it passes, and the theme's colours (docxtheme.theme_colours); a part that
    cannot be read gives none (stricter). Each styles or theme part's bytes and XML root go into
    `read`, by its zip entry, for its own check."""
    from contractkit.render import docxpassed, docxshown, docxxml
    from contractkit.render.docxtheme import theme_colours

    found: set[str] = set()
    for info in infos:
        lowered = info.filename.lower()
        theme = re.fullmatch(r"(?:.*/)?theme/theme\d*\.xml", lowered) is not None
        if lowered.endswith("styles.xml") or theme:  # a theme's colours too (red team 14, B12)
            entry = read[id(info)] = [package.read(info), None]  # by entry: a name may repeat

            def ids(entry=entry, theme=theme) -> frozenset[str] | None:
                try:
                    entry[1] = docxxml.parse(entry[0])
                except ValueError:
                    return None  # refused, with its reason, when the part itself is checked
                return theme_colours(entry[1]) if theme else docxshown.shaded_styles(entry[1])
            found |= docxpassed.shaded(entry[0], ids) or frozenset()
    return frozenset(found)


def _check_part(path, what: str, name: str, data: bytes, content_type: str, outside: frozenset[str],
                opaque_ok: set, fields: bool, shaded: frozenset[str] = frozenset(),
                links: dict | None = None, root=None) -> None:
    """root: the part's XML root if it was parsed already (docxxml.parse of these very bytes)."""
    from contractkit.render import docxfields, docxshown, docxxml

    declared = content_type.split(";")[0].strip().lower()
    if data.startswith(COMPRESSED):
        _refuse(path, what, name, "is compressed (a gzip or zip stream, such as an svgz picture)", PNG_HINT)
    if data.startswith(IMAGES):
        if b"<svg" in data[:4096].lower():  # what LibreOffice's format detection looks for
            _refuse(path, what, name, "is a picture that carries SVG markup", PNG_HINT)
        return
    if (_looks_like_xml(data) or declared.endswith("xml") or name.lower().endswith((".xml", ".rels"))
            or b"<svg" in data[:4096].lower()):
        if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
            _refuse(path, what, name, "declares a DTD or entities")
        file_url = re.search(rb"file:[/\\]", data, re.I)
        try:
            root = docxxml.parse(data) if root is None else root
        except ValueError as exc:
            _refuse(path, what, name, "declares a DTD or entities" if "DTD" in str(exc)
                    else "names a file: URL" if file_url else f"is not well-formed XML ({exc})")
        if fields:
            found = docxfields.template_problem(root)
            if found:
                raise RenderError(f"{path}: {what} part {name}, {found}; refused (a field that "
                                  "runs, includes or fetches, or shows a value the viewer computes)",
                                  hint="remove the field in Word (Alt+F9 shows field codes)")
        if file_url:
            _refuse(path, what, name, "names a file: URL", "embed the picture or remove the link in Word")
        found = docxxml.problem(root, outside, data)
        if found and "show" not in found:  # links and SVG markup
            _refuse(path, what, name, found, PNG_HINT if "SVG" in found else
                    "embed the picture or remove the link in Word")
        # the allow-list of what a page shows: names the paragraph
        shown = docxshown.problem(root, shaded, links or {})
        if shown:
            raise RenderError(f"{path}: {what} part {name}, {shown[0]}; refused (the page would show "
                              "other text than contractkit fills and checks)", hint=shown[1])
        if found:
            _refuse(path, what, name, found, SHOWN_HINT)
        return
    if data.startswith(METAFILES) or data[40:44] == b" EMF":
        _refuse(path, what, name, "is an EMF or WMF picture, which may hold content LibreOffice "
                "hands to other programs", PNG_HINT)
    if "font" in declared or name.lower().endswith((".odttf", ".ttf", ".otf")):
        _refuse(path, what, name, "is an embedded font: a font can draw other characters than the text "
                "holds, so the printed figures could differ from what every check reads",
                "in Word: File > Options > Save, untick 'Embed fonts in the file', and save again")
    if declared in OPAQUE and name.lower() in opaque_ok:
        return
    _refuse(path, what, name, "is not an image format Word writes that contractkit takes (PNG, JPEG, GIF, "
            "BMP, TIFF) nor a part of a Word document", PNG_HINT)


def _looks_like_xml(blob: bytes) -> bool:
    """Whether a part starts like XML: '<' after an optional byte order mark and white space, in
    UTF-8, UTF-16 or UTF-32 (with or without the mark)."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff"):
        if blob.startswith(bom):
            blob = blob[len(bom):]
            break
    head = blob[:2048].replace(b"\0", b"")
    return head.lstrip(b" \t\r\n").startswith(b"<")


def _check_tags(path: Path, what: str, name: str, data: bytes) -> None:
    text = re.sub(r"<[^>]*>", "", data.decode("utf-8", "replace"))
    opened = None
    for match in JINJA.finditer(text):
        token = match.group()
        if token in CLOSES:
            if opened is not None:
                raise RenderError(f"{path}: {what} ({name}): a template tag {opened} is not closed "
                                  f"before the next {token} opens; refused")
            opened = token
        elif opened is not None and CLOSES[opened] == token:
            opened = None
    if opened is not None:
        raise RenderError(f"{path}: {what} ({name}): a template tag {opened} is never closed; refused")
