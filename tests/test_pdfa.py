"""tests/pdfa.py, the PDF/A-3b checks the other tests rely on: a rendered document passes, and
each kind of damage is caught by the check meant for it."""

import datetime as dt
from pathlib import Path

import pikepdf
import pytest

from tests import pdfa


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    from contractkit.render.pdf import render_pdf
    from contractkit.resources import TEMPLATES

    css = (TEMPLATES / "style.css").as_uri()
    html = (f'<html lang="ru"><head><link rel="stylesheet" href="{css}"></head>'
            "<body><h1>Договор № 1</h1><p>Agreement No. 1</p></body></html>")
    pdf = tmp_path_factory.mktemp("pdfa") / "good.pdf"
    pdf.write_bytes(render_pdf(html=html, base=TEMPLATES, roots=(TEMPLATES,), attachment=b"id: x\n",
                               attachment_name="data.yaml", stamp=dt.datetime(2026, 12, 1)))
    return pdf


def test_a_rendered_document_passes(good):
    assert pdfa.problems(good, "data.yaml") == []
    pdfa.check(good)


def _changed(good: Path, tmp_path: Path, change, **save) -> Path:
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(good) as document:
        change(document)
        document.save(bad, **save)
    return bad


def _xmp(document, old: bytes, new: bytes) -> None:
    stream = document.Root.Metadata
    stream.write(stream.read_bytes().replace(old, new))


DAMAGE = {
    "6.2.2 OutputIntent": lambda d: d.Root.__delattr__("OutputIntents"),
    "not associated with the document": lambda d: d.Root.__delattr__("AF"),
    "/AFRelationship": lambda d: d.Root.Names.EmbeddedFiles.Names[1].__setattr__(
        "AFRelationship", pikepdf.Name.Whatever),
    "lacks /F or /UF": lambda d: d.Root.Names.EmbeddedFiles.Names[1].__delattr__("UF"),
    "6.6.4 XMP": lambda d: _xmp(d, b"<pdfaid:part>3</pdfaid:part>", b"<pdfaid:part>2</pdfaid:part>")
    if b"<pdfaid:part>3" in d.Root.Metadata.read_bytes()
    else _xmp(d, b'pdfaid:part="3"', b'pdfaid:part="2"'),
    "6.6 XMP: the catalog has no /Metadata": lambda d: d.Root.__delattr__("Metadata"),
}


@pytest.mark.parametrize("expected", DAMAGE)
def test_damage_is_caught(good, tmp_path, expected):
    bad = _changed(good, tmp_path, DAMAGE[expected])
    found = pdfa.problems(bad, "data.yaml")
    assert any(expected in line for line in found), found


def test_encryption_bytes_after_the_end_and_a_missing_attachment_are_caught(good, tmp_path):
    encrypted = _changed(good, tmp_path, lambda d: None, encryption=pikepdf.Encryption(owner="o", user=""))
    assert any("encrypted" in line for line in pdfa.problems(encrypted))
    trailing = tmp_path / "trailing.pdf"
    trailing.write_bytes(good.read_bytes() + b"\nextra bytes\n")
    assert any("6.1.3 end" in line for line in pdfa.problems(trailing))
    assert any("no embedded file named project.yaml" in line for line in pdfa.problems(good, "project.yaml"))
    with pytest.raises(AssertionError, match="not PDF/A-3b"):
        pdfa.check(trailing)
