"""A Word package part that passed its checks is not checked again with the very same inputs
(render/docxpassed.py), and nothing else is let through: a refusal is never remembered."""

import io
import zipfile

import pytest

from contractkit.errors import RenderError
from contractkit.render import docxparts, docxpassed
from tests.conftest import EXAMPLES

RU_TEMPLATE = EXAMPLES / "templates-example" / "ru" / "contract.docx"


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Each part _check_part really checks, by name; passes forgotten, a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    docxpassed.forget()
    docxpassed._code.cache_clear()
    checked = []
    real = docxparts._check_part
    monkeypatch.setattr(docxparts, "_check_part", lambda path, what, name, *a, **k: (
        checked.append(name), real(path, what, name, *a, **k))[1])
    yield checked
    docxpassed.forget()


def repacked(source, changes: dict[str, bytes]) -> bytes:
    """The package with these parts' bytes replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, changes.get(info.filename, old.read(info)))
    return out.getvalue()


def white_text(styles: bytes) -> bytes:
    """styles.xml whose default run text is white on the white page: out of sight."""
    changed = styles.replace(b'<w:sz w:val="22"/>', b'<w:color w:val="FFFFFF"/><w:sz w:val="22"/>', 1)
    assert changed != styles
    return changed


def test_the_filled_documents_unchanged_parts_are_not_checked_again(counted):
    """The template's styles parts come back byte for byte in the document filled from it: checked
    once; its document.xml, which the filling changed, is checked both times."""
    styles = zipfile.ZipFile(RU_TEMPLATE).read("word/styles.xml")
    filled = repacked(RU_TEMPLATE, {"word/document.xml": zipfile.ZipFile(RU_TEMPLATE).read(
        "word/document.xml").replace(b"{{", b"{{ ")})
    docxparts.check_parts(RU_TEMPLATE, "the Word template", fields=True)
    assert counted.count("word/styles.xml") == 1 and counted.count("word/document.xml") == 1
    docxparts.check_parts(io.BytesIO(filled), "the filled document", tags=False, fields=True)
    assert counted.count("word/styles.xml") == 1 and counted.count("word/stylesWithEffects.xml") == 1
    assert counted.count("word/document.xml") == 2
    assert zipfile.ZipFile(io.BytesIO(filled)).read("word/styles.xml") == styles


def test_a_part_one_byte_away_from_one_that_passed_is_refused(counted):
    """White text in the styles (red team 12, B14: text out of sight on the page) is refused after
    the template it was made from passed, and again the second time: no refusal is kept."""
    docxparts.check_parts(RU_TEMPLATE, "the Word template", fields=True)
    styles = zipfile.ZipFile(RU_TEMPLATE).read("word/styles.xml")
    bad = repacked(RU_TEMPLATE, {"word/styles.xml": white_text(styles)})
    for _ in range(2):
        with pytest.raises(RenderError, match="word/styles.xml.*(white text|#FFFFFF)"):
            docxparts.check_parts(io.BytesIO(bad), "the Word template", fields=True)
    docxpassed.forget()  # a new process: what is on disk is passes only
    with pytest.raises(RenderError, match="word/styles.xml"):
        docxparts.check_parts(io.BytesIO(bad), "the Word template", fields=True)


def test_the_same_part_in_another_package_is_checked_in_its_own(counted):
    """A part's answer depends on its package too (the shaded styles, its links): the same
    document.xml and stylesWithEffects.xml beside a styles part that shades one more style are
    checked again, not taken as passed."""
    docxparts.check_parts(RU_TEMPLATE, "the Word template", fields=True)
    package = zipfile.ZipFile(RU_TEMPLATE)
    other = package.read("word/styles.xml").replace(
        b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="Dark"><w:pPr><w:shd w:val="clear" '
        b'w:fill="000000"/></w:pPr></w:style></w:styles>')
    docxparts.check_parts(io.BytesIO(repacked(RU_TEMPLATE, {"word/styles.xml": other})), "the Word template",
                          fields=True)
    for name in ("word/document.xml", "word/styles.xml", "word/stylesWithEffects.xml"):
        assert counted.count(name) == 2, name  # the package's shaded styles are one of each part's inputs


def test_passes_of_big_parts_are_kept_on_disk_by_the_checking_code(counted, monkeypatch):
    """A new process takes a big part's pass from the user's cache folder; with that cache off, or
    other checking code, it checks the part again."""
    docxparts.check_parts(RU_TEMPLATE, "the Word template", fields=True)
    docxpassed.forget()
    counted.clear()
    docxparts.check_parts(RU_TEMPLATE, "the Word template", fields=True)
    assert "word/styles.xml" not in counted and "word/stylesWithEffects.xml" not in counted
    assert "word/document.xml" in counted  # 8 KB: checked faster than an entry is read
    for env, code in (("docxparts", None), (None, "other checking code")):
        docxpassed.forget()
        counted.clear()
        if env:
            monkeypatch.setenv("CONTRACTKIT_NO_CACHE", env)
        else:
            monkeypatch.delenv("CONTRACTKIT_NO_CACHE")
            monkeypatch.setattr(docxpassed, "_code", lambda code=code: code)
        docxparts.check_parts(RU_TEMPLATE, "the Word template", fields=True)
        assert "word/styles.xml" in counted and "word/stylesWithEffects.xml" in counted


def test_every_entry_of_a_repeated_name_is_checked_with_its_own_bytes(counted):
    """A zip may hold two entries named word/styles.xml: each is read and checked as itself (the
    styles parts are read ahead for their shading: by entry, never by name), so white text in
    the first is refused though the second is the template's own."""
    import warnings

    styles = zipfile.ZipFile(RU_TEMPLATE).read("word/styles.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(RU_TEMPLATE) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        for info in old.infolist():
            if info.filename == "word/styles.xml":
                new.writestr("word/styles.xml", white_text(styles))
            new.writestr(info, old.read(info))
    with pytest.raises(RenderError, match="word/styles.xml.*(white text|#FFFFFF)"):
        docxparts.check_parts(io.BytesIO(out.getvalue()), "the Word template", fields=True)
