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
    from contractkit.render.office import program

    found = program()
    if not found:
        raise RenderError(INSTALL)
    return found


def docx_to_pdf(docx: bytes, attachment: bytes | None, stamp: dt.datetime) -> bytes:
    """PDF/A-3b of `docx`, laid out by LibreOffice, with the document's data attached (Data;
    render/docdata.py), or nothing attached when `attachment` is None (--no-data). LibreOffice
    started ahead by the command (render/office.py) lays it out if there is one, else a cold one."""
    from contractkit.render import office

    program = soffice()
    running = office.take()
    pdf = None
    if running is not None:
        try:
            pdf = _forwarded(running, docx)
        except BaseException:  # Ctrl-C, SIGTERM (scratch.py): nothing is left running
            office.stop()
            raise
        if pdf is None:
            office.stop()
        else:
            office.done(running, program)  # its one conversion is done: not left running
    if pdf is None:  # no instance started ahead, or it did not answer: lay it out cold
        from contractkit.render import officework

        with tempfile.TemporaryDirectory(prefix=officework.prefix(), dir=officework.parent()) as work:
            fresh = not office.prepare(work, program)
            pdf = _convert(program, work, Path(work, "profile").as_uri(), docx)
            if fresh:
                office.keep(work, program)
    from contractkit.render.fontcheck import check_office

    check_office(pdf, "the document laid out from the Word template")
    laid_out = fixed(pdf, docx, stamp)  # byte-stable: render/officefix.py
    return attach(laid_out, attachment, stamp) if attachment is not None else laid_out


def _forwarded(running, docx: bytes) -> bytes | None:
    """The PDF/A-3 of `docx` from the instance started ahead, or None if it did not make one."""
    from contractkit.render import office

    source = Path(running.work) / "document.docx"
    source.write_bytes(docx)
    pdf = Path(running.work) / "document.pdf"
    args = ["--headless", "--norestore", "--nolockcheck", "--convert-to", PDF_A3, "--outdir",
            running.work, str(source)]
    if not office.request(running, args, TIMEOUT) or not pdf.is_file():
        return None
    return pdf.read_bytes()


def _convert(program: str, work: str, profile: str, docx: bytes, quiet: bool = False) -> bytes | None:
    """LibreOffice's PDF/A-3 of `docx`, made in the folder `work` on `profile`; a failure is a
    RenderError, or None when `quiet` (the caller then converts cold)."""
    from contractkit.render.office import arguments, environment, launcher

    source = Path(work) / "document.docx"
    source.write_bytes(docx)
    pdf = Path(work) / "document.pdf"
    command = [launcher(program), *arguments(profile), "--convert-to", PDF_A3, "--outdir", work, str(source)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=environment(work, program),
                                   start_new_session=True)
    except FileNotFoundError:
        if quiet:
            return None
        raise RenderError(INSTALL) from None
    try:  # in a session of its own: a timeout, Ctrl-C or SIGTERM ends all it started
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RenderError(f"LibreOffice took more than {TIMEOUT} s to lay out the document") from None
    finally:
        _end(process)
        from contractkit.render.office import remove_pipe

        remove_pipe(profile)  # left behind if it was killed
    if process.returncode != 0 or not pdf.is_file():
        if quiet:
            return None
        detail = (err or out).decode("utf-8", "replace").strip().splitlines()
        raise RenderError("LibreOffice could not convert the document to PDF"
                          + (f": {detail[-1][:200]}" if detail else ""))
    return pdf.read_bytes()


def _end(process: subprocess.Popen) -> None:
    """Kill what is left of a LibreOffice conversion's process group, and reap it."""
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)  # the group outlives its head: no pid reused
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def attach(pdf: bytes, attachment: bytes, stamp: dt.datetime) -> bytes:
    """`pdf` with the document's data embedded as PDF/A-3 associated data, dated `stamp`: by a
    small incremental update (render/pdfattach.py), or pyHanko's for a file it does not know."""
    from contractkit.render.pdfattach import attached

    light = attached(pdf, attachment, "document-data.json", "What this document states, as data", stamp)
    if light is not None:
        return light
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
