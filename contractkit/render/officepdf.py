"""A user's Word document -> PDF/A-3b through LibreOffice headless, with the project attached.

The user's DOCX is the document, so LibreOffice lays it out (weasyprint lays out only our HTML).
Each conversion runs in a private, throw-away LibreOffice profile: no user settings, no lock on
the user's own profile, nothing left behind.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from contractkit.errors import RenderError

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


def docx_to_pdf(docx: bytes, attachment: bytes, stamp: dt.datetime) -> bytes:
    """PDF/A-3b of `docx`, laid out by LibreOffice, with project.yaml attached (Data)."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="contractkit-office-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(docx)
        profile = Path(work, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", PDF_A3, "--outdir", work, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                                  env={**os.environ, "HOME": work}, stdin=subprocess.DEVNULL)
        except FileNotFoundError:
            raise RenderError(INSTALL) from None
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice took more than {TIMEOUT} s to lay out the document") from None
        pdf = Path(work) / "document.pdf"
        if done.returncode != 0 or not pdf.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise RenderError("LibreOffice could not convert the document to PDF"
                              + (f": {detail[-1][:200]}" if detail else ""))
        return attach(pdf.read_bytes(), attachment, stamp)


def attach(pdf: bytes, attachment: bytes, stamp: dt.datetime) -> bytes:
    """`pdf` with project.yaml embedded as PDF/A-3 associated data, dated `stamp`."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    params = embed.EmbeddedFileParams(creation_date=stamp, modification_date=stamp)
    data = embed.EmbeddedFileObject.from_file_data(writer, attachment, params=params,
                                                   mime_type="application/yaml")
    spec = embed.FileSpec(file_spec_string="project.yaml", file_name="project.yaml",
                          embedded_data=data, description="The project file this document was made from",
                          af_relationship=generic.NameObject("/Data"))
    embed.embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
