"""The small incremental writer that attaches document-data.json to LibreOffice's PDF/A
(render/pdfattach.py): what it appends reads back with pikepdf and qpdf; what it does not know
(a catalog with a name tree already, an updated file) it leaves to pyHanko."""

import datetime as dt
import hashlib
import io
import shutil
import subprocess

import pikepdf
import pytest

from contractkit.render.pdfattach import attached

STAMP = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def plain_pdf(catalog_extra: bytes = b"") -> bytes:
    """A one-page PDF as LibreOffice writes one: a classic table, a trailer with /ID."""
    objects = [b"<</Type/Catalog/Pages 2 0 R/Lang(ru-RU)/ViewerPreferences<</DisplayDocTitle true>>"
               + catalog_extra + b">>",
               b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
               b"<</Producer(LibreOffice 7.4)>>"]
    out = bytearray(b"%PDF-1.6\n%\xc3\xa4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f\r\n" + b"".join(b"%010d 00000 n\r\n" % o for o in offsets)
    ident = hashlib.md5(b"x").hexdigest().upper().encode()
    out += (b"trailer\n<</Size 5/Root 1 0 R\n/Info 4 0 R\n/ID [ <%s>\n<%s> ]\n>>\nstartxref\n%d\n%%%%EOF\n"
            % (ident, ident, xref))
    return bytes(out)


def test_the_attachment_reads_back_associated_and_checked(tmp_path):
    data = b'{"contract": {"number": "2026-031"}}\n'
    pdf = plain_pdf()
    out = attached(pdf, data, "document-data.json", "What this document states, as data", STAMP)
    assert out.startswith(pdf)  # an incremental update: the original bytes stay as they are
    assert attached(pdf, data, "document-data.json", "What this document states, as data", STAMP) == out
    with pikepdf.open(io.BytesIO(out)) as document:
        spec = document.Root.AF[0]
        assert str(spec.AFRelationship) == "/Data" and str(spec.F) == str(spec.UF) == "document-data.json"
        stream = spec.EF.F
        assert stream.read_bytes() == data
        assert int(stream.Params.Size) == len(data)
        assert bytes(stream.Params.CheckSum) == hashlib.md5(data).digest()
        assert str(stream.Subtype) == "/application/json"
        assert document.attachments["document-data.json"].get_file().read_bytes() == data
        assert str(document.Root.Lang) == "ru-RU" and document.Root.ViewerPreferences.DisplayDocTitle
        ids = document.trailer.ID
        assert bytes(ids[0]) == hashlib.md5(b"x").digest() and bytes(ids[1]) != bytes(ids[0])
    if shutil.which("qpdf"):
        (tmp_path / "a.pdf").write_bytes(out)
        check = subprocess.run(["qpdf", "--check", str(tmp_path / "a.pdf")], capture_output=True)
        assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


@pytest.mark.parametrize("extra", [b"/Names<</Dests 9 0 R>>", b"/AF[9 0 R]"])
def test_a_catalog_with_names_or_associated_files_is_left_to_pyhanko(extra):
    assert attached(plain_pdf(extra), b"{}", "document-data.json", "d", STAMP) is None


def test_an_updated_file_is_left_to_pyhanko():
    once = attached(plain_pdf(), b"{}", "document-data.json", "d", STAMP)
    assert attached(once, b"{}", "document-data.json", "d", STAMP) is None
