"""A letterhead's package checks (render/docx.py `_check_package`) are remembered by its exact bytes
and the checking code (cache.py, "letterheads"): a cold DOCX render checks the bundled letterhead
once, not every time; other bytes, a refused letterhead, or the cache turned off are checked anew."""

import shutil
import zipfile

import pytest

from contractkit.errors import RenderError
from contractkit.render import docx
from contractkit.resources import TEMPLATES


@pytest.fixture
def counted(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    calls = []
    real = docx._check_package_now
    monkeypatch.setattr(docx, "_check_package_now",
                        lambda path, data: calls.append(path.name) or real(path, data))
    return calls


def test_the_same_bytes_are_checked_once(counted, tmp_path):
    copy = tmp_path / "copy.docx"
    shutil.copyfile(TEMPLATES / "letterhead.docx", copy)
    docx._check_package(TEMPLATES / "letterhead.docx")
    docx._check_package(TEMPLATES / "letterhead.docx")
    docx._check_package(copy)  # the same bytes under another name
    assert counted == ["letterhead.docx"]
    other = tmp_path / "other.docx"  # the same parts stored uncompressed: other bytes, checked
    with zipfile.ZipFile(copy) as source, zipfile.ZipFile(other, "w", zipfile.ZIP_STORED) as package:
        for info in source.infolist():
            package.writestr(info.filename, source.read(info))
    docx._check_package(other)
    assert counted == ["letterhead.docx", "other.docx"]


def test_the_cache_turned_off_checks_every_time(counted, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_NO_CACHE", "letterheads")
    for _ in range(2):
        docx._check_package(TEMPLATES / "letterhead.docx")
    assert counted == ["letterhead.docx", "letterhead.docx"]


def test_a_refused_letterhead_is_refused_every_time(counted, tmp_path):
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(TEMPLATES / "letterhead.docx") as source, zipfile.ZipFile(bad, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info))
        copy.writestr("word/vbaProject.bin", b"macro")
    for _ in range(2):
        with pytest.raises(RenderError, match="refused"):
            docx._check_package(bad)
    assert counted == ["bad.docx", "bad.docx"]
