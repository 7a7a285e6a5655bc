"""Red team 12, B04 (its Word half): an edit of a header or footer only, between the signed contract
and the addendum (a project's Word template or letterhead), showed in the redline DOCX with no
revision mark: the lawyer comparing versions in Word saw nothing changed. Headers and footers of
every kind and section are now diffed with the same w:ins / w:del marks as the body; a part only
one version has is inserted or deleted whole. Read back from the DOCX's XML: accepting all changes
gives TO's header text, rejecting all gives FROM's (ECMA-376 Part 1, 17.13.5: w:ins, w:del).
"""

from __future__ import annotations

import copy
import io
import os
import subprocess
import zipfile

import pytest
from docx import Document
from lxml import etree

from contractkit.flows.redline.docx import Revisions, redline_docx

pytestmark = pytest.mark.security("docx-templates")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document(header: str, footer: str, first: str | None = None, body: str = "1. Предмет договора") -> bytes:
    doc = Document()
    doc.add_paragraph(body)
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    if first is not None:
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = first
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def parts(data: bytes, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if n.startswith(f"word/{prefix}")]


def accepted(part) -> str:
    """The part's text once every change is accepted: deletions gone, insertions kept."""
    part = copy.deepcopy(part)
    for deleted in list(part.iter(f"{W}del")):
        deleted.getparent().remove(deleted)
    return " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in part.iter(f"{W}p")).strip()


def rejected(part) -> str:
    """The part's text once every change is rejected: insertions gone, deleted text back."""
    part = copy.deepcopy(part)
    for inserted in list(part.iter(f"{W}ins")):
        if inserted.getparent().tag != f"{W}rPr":
            inserted.getparent().remove(inserted)
    return " ".join("".join(t.text or "" for t in p.iter() if t.tag in (f"{W}t", f"{W}delText"))
                    for p in part.iter(f"{W}p")).strip()


def redline(old: bytes, new: bytes) -> bytes:
    return redline_docx(old, new, Revisions("contractkit", "2026-12-15T10:00:00Z"))


def test_a_header_and_footer_edit_is_marked_as_a_tracked_change():
    old = document("ООО «Ромашка» · Договор № 2026-031", "Страница 1")
    new = document("ООО «Лютик» · Договор № 2026-031", "Страница 1 из 3")
    out = redline(old, new)
    header, = [p for p in parts(out, "header") if accepted(p)]
    footer, = [p for p in parts(out, "footer") if accepted(p)]
    assert list(header.iter(f"{W}ins")) and list(header.iter(f"{W}del"))
    assert accepted(header) == "ООО «Лютик» · Договор № 2026-031"
    assert rejected(header) == "ООО «Ромашка» · Договор № 2026-031"
    assert accepted(footer) == "Страница 1 из 3" and rejected(footer) == "Страница 1"
    assert list(footer.iter(f"{W}ins"))


def test_an_unchanged_header_carries_no_mark():
    same = document("ООО «Ромашка»", "Страница 1")
    out = redline(same, document("ООО «Ромашка»", "Страница 1", body="1. Предмет договора и сроки"))
    assert not any(list(p.iter(f"{W}ins")) + list(p.iter(f"{W}del"))
                   for p in parts(out, "header") + parts(out, "footer"))


def test_a_first_page_header_only_one_version_has_is_inserted_or_deleted_whole():
    plain, titled = document("Договор", "1"), document("Договор", "1", first="КОНФИДЕНЦИАЛЬНО")
    added = redline(plain, titled)
    first = [p for p in parts(added, "header") if "КОНФИДЕНЦИАЛЬНО" in accepted(p)]
    assert first and rejected(first[0]) == "" and list(first[0].iter(f"{W}ins"))
    dropped = redline(titled, plain)
    gone = [p for p in parts(dropped, "header") if "КОНФИДЕНЦИАЛЬНО" in rejected(p)]
    assert gone and accepted(gone[0]) == "" and list(gone[0].iter(f"{W}del"))
    # the part added to carry the deleted text is a real part of the package, referenced and typed
    with zipfile.ZipFile(io.BytesIO(dropped)) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        body = z.read("word/document.xml").decode()
    assert all(f"/{n}" in types for n in names if n.startswith("word/header"))
    assert body.count("headerReference") >= 2
    Document(io.BytesIO(dropped))  # python-docx opens it


def test_libreoffice_accept_all_gives_the_new_header_and_reject_all_the_old(tmp_path):
    """As a lawyer checks a redline: LibreOffice accepts (or rejects) every change, saved as Word."""
    from tests.test_redline import LO_SCRIPT, uno_python

    old = document("ООО «Ромашка» · Договор № 2026-031", "Страница 1")
    new = document("ООО «Лютик» · Договор № 2026-031", "Страница 1 из 3")
    (tmp_path / "redline.docx").write_bytes(redline(old, new))
    jobs = [f"{mode}\t{tmp_path / 'redline.docx'}\t{tmp_path / mode}.docx" for mode in ("accept", "reject")]
    (tmp_path / "jobs").write_text("\n".join(jobs) + "\n", encoding="utf-8")
    done = subprocess.run([uno_python(), str(LO_SCRIPT), str(tmp_path / "profile"), str(tmp_path / "jobs")],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr

    def margins(name: str) -> tuple[str, str]:
        section = Document(str(tmp_path / name)).sections[0]
        return (" ".join(p.text for p in section.header.paragraphs).strip(),
                " ".join(p.text for p in section.footer.paragraphs).strip())

    assert margins("accept.docx") == ("ООО «Лютик» · Договор № 2026-031", "Страница 1 из 3")
    assert margins("reject.docx") == ("ООО «Ромашка» · Договор № 2026-031", "Страница 1")
