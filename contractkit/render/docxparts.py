"""What a Word package from a project may hold before docxtpl, python-docx or LibreOffice opens it.

A project's Word template and DOCX letterhead arrive through git and are untrusted. Relationships
to outside resources are refused elsewhere (docx._refuse_external); this reads every part itself:
- an image is a raster or metafile by its bytes (PNG, JPEG, GIF, BMP, TIFF, EMF, WMF), or an SVG
  that draws only what it holds: LibreOffice's SVG import loads `file:` links, so an SVG named
  image1.png could put any picture the user can read into the contract PDF;
- no part declares a DTD or entities, and none names a `file:` URL;
- embedded objects, ActiveX controls and macros are refused: a contract template needs none;
- every `{{`, `{%` and `{#` in the text is closed before the next one opens: docxtpl prepares the
  XML with regular expressions that backtrack for minutes over thousands of unclosed tags (the
  CPU alarm of render/sandbox.bounded is the backstop; this refuses the shape at once).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from contractkit.errors import RenderError

IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00",
          b"MM\x00*", b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")
REFUSED_FOLDERS = ("word/embeddings/", "word/activex/")
FILE_URL = re.compile(rb"file:[/\\]", re.I)
DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
SVG_LINK = re.compile(rb"""(?:href|src)\s*=\s*["']\s*(?!#|data:)([^"']{0,80})""", re.I)
SVG_URL = re.compile(rb"url\(\s*['\"]?\s*(?!#|data:)([^)]{0,80})|@import", re.I)
JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
CLOSES = {"{{": "}}", "{%": "%}", "{#": "#}"}
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def check_parts(source, what: str, label=None) -> None:
    """Refuse `source` (a DOCX package's path or bytes, its size already bounded; named `label`
    in messages, else by itself) if a part could reach outside the package when opened, or would
    make docxtpl's preparation backtrack."""
    path = label if label is not None else source
    with zipfile.ZipFile(source) as package:
        for info in package.infolist():
            if info.is_dir():
                continue
            name = info.filename
            if name.lower().startswith(REFUSED_FOLDERS) or name.lower().endswith("vbaproject.bin"):
                raise RenderError(f"{path}: {what} holds an embedded object or macro ({name}); "
                                  "refused", hint="remove it in Word and save again")
            data = package.read(info)
            _check_part(path, what, name, data)
            if TEXT_PARTS.fullmatch(name):
                _check_tags(path, what, name, data)


def _check_part(path: Path, what: str, name: str, data: bytes) -> None:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if DTD.search(data):
            raise RenderError(f"{path}: {what} part {name} declares a DTD or entities; refused")
        if FILE_URL.search(data):
            raise RenderError(f"{path}: {what} part {name} names a file: URL; refused",
                              hint="embed the picture or remove the link in Word")
        if b"<svg" in data[:4096].lower() or name.lower().endswith(".svg"):
            found = SVG_LINK.search(data) or SVG_URL.search(data)
            if found:
                raise RenderError(f"{path}: {what} picture {name} is an SVG that links to "
                                  f"{found.group(0)[:60].decode('latin-1')!r}; refused",
                                  hint="save the picture as PNG")
        return
    if name.startswith("word/media/") or name.startswith("docProps/thumbnail"):
        emf = len(data) > 44 and data[40:44] == b" EMF"
        if not (data.startswith(IMAGES) or emf):
            raise RenderError(f"{path}: {what} picture {name} is not an image format Word "
                              "writes (PNG, JPEG, GIF, BMP, TIFF, EMF, WMF, SVG); refused")


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
