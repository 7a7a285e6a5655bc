"""A user's Word document -> PDF/A-3b through LibreOffice headless, with the document's data attached.

The user's DOCX is the document, so LibreOffice lays it out (weasyprint lays out only our HTML).
Each conversion runs in a private, throw-away LibreOffice profile: no user settings, no lock on
the user's own profile, nothing left behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.render.officefix import fixed

PDF_A3 = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"3"}}'
TIMEOUT = int(os.environ.get("CONTRACTKIT_SOFFICE_SECONDS", "120"))
INSTALL = ("PDF from a Word template needs LibreOffice: install it (apt install libreoffice-writer, "
           "brew install --cask libreoffice), or render with --format docx")


def soffice() -> str:
    """The LibreOffice program, or one clear line on how to install it."""
    found = os.environ.get("CONTRACTKIT_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise RenderError(INSTALL)
    return found


def docx_to_pdf(docx: bytes, attachment: bytes | None, stamp: dt.datetime) -> bytes:
    """PDF/A-3b of `docx`, laid out by LibreOffice, with the document's data attached (Data;
    render/docdata.py), or nothing attached when `attachment` is None (--no-data)."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="contractkit-office-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(docx)
        profile = Path(work, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", PDF_A3, "--outdir", work, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                                  env={**os.environ, "HOME": work, "TZ": "UTC"},
                                  stdin=subprocess.DEVNULL)
        except FileNotFoundError:
            raise RenderError(INSTALL) from None
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice took more than {TIMEOUT} s to lay out the document") from None
        pdf = Path(work) / "document.pdf"
        if done.returncode != 0 or not pdf.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise RenderError("LibreOffice could not convert the document to PDF"
                              + (f": {detail[-1][:200]}" if detail else ""))
        laid_out = fixed(pdf.read_bytes(), docx, stamp)  # byte-stable: render/officefix.py
        return attach(laid_out, attachment, stamp) if attachment is not None else laid_out


def attach(pdf: bytes, attachment: bytes, stamp: dt.datetime) -> bytes:
    """`pdf` with the document's data embedded as PDF/A-3 associated data, dated `stamp`."""
    from pyhanko.pdf_utils import embed, generic

    writer = _writer_class()(io.BytesIO(pdf))
    writer._meta = _fixed_meta(writer._meta, stamp)
    params = embed.EmbeddedFileParams(creation_date=stamp, modification_date=stamp)
    data = embed.EmbeddedFileObject.from_file_data(writer, attachment, params=params,
                                                   mime_type="application/json")
    spec = embed.FileSpec(file_spec_string="document-data.json", file_name="document-data.json",
                          embedded_data=data, description="What this document states, as data",
                          af_relationship=generic.NameObject("/Data"))
    embed.embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer_class():
    """pyHanko's incremental writer with a second file ID from the first, not from os.urandom."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class Writer(IncrementalPdfFileWriter):
        @classmethod
        def _handle_id(cls, prev):
            ids = super()._handle_id(prev)
            ids[1] = generic.ByteStringObject(hashlib.md5(bytes(ids[0]) + b"document-data.json").digest())
            return ids

    return Writer


def _fixed_meta(meta, stamp: dt.datetime):
    """The writer's metadata, with "modified now" read as the document's stamp."""
    import dataclasses

    class Fixed(type(meta)):
        def __setattr__(self, name, value):
            super().__setattr__(name, stamp if (name == "last_modified" and value == "now") else value)

    return Fixed(**{f.name: getattr(meta, f.name) for f in dataclasses.fields(meta)})
