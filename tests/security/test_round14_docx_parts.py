"""Red team 14, B09 and B10: a Word template's (or letterhead's) preview picture
(docProps/thumbnail.jpeg) and custom properties (docProps/custom.xml) went out in the client's DOCX
byte for byte: what Finder, Explorer, a mail program's preview and File > Properties show, which no
check reads and nothing of the deal fills ("ITOGO: 24 350,00 RUB" for a 243 500 deal). A document
contractkit writes carries neither.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.security("docx-templates")

EXAMPLE = Path(__file__).parents[2] / "projects" / "templates-example" / "ru" / "contract.docx"
CUSTOM = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxml'
          'formats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
          'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
          'name="Total"><vt:lpwstr>24 350,00 RUB</vt:lpwstr></property></Properties>')


def _with_custom() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId9" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/custom-properties" '
                                    b'Target="docProps/custom.xml"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/docProps/custom.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
                                    b"</Types>")
            dst.writestr(info, data)
        dst.writestr("docProps/custom.xml", CUSTOM)
    return out.getvalue()


def test_a_templates_thumbnail_and_custom_properties_do_not_go_out():
    from docxtpl import DocxTemplate

    from contractkit.render.docx import _save

    package = _with_custom()
    with zipfile.ZipFile(io.BytesIO(package)) as given:
        assert {"docProps/thumbnail.jpeg", "docProps/custom.xml"} <= set(given.namelist())  # the control
    tpl = DocxTemplate(io.BytesIO(package))
    tpl.init_docx()
    with zipfile.ZipFile(io.BytesIO(_save(tpl.docx))) as written:
        names = set(written.namelist())
        rels = written.read("_rels/.rels").decode()
        types = written.read("[Content_Types].xml").decode()
    assert not {n for n in names if "thumbnail" in n or n == "docProps/custom.xml"}, names
    assert "thumbnail" not in rels and "custom-properties" not in rels and "custom.xml" not in types
    assert "word/document.xml" in names and "docProps/core.xml" in names
