"""Class "DOCX templates", red team round 4: what a Word template's parts may hold.

A picture part that is really an SVG linking to a local file (LibreOffice's import loads it, so a
passport scan could go out inside the contract PDF), parts naming `file:` URLs or declaring
entities, embedded objects, and text with thousands of unclosed `{{` (docxtpl's preparation
backtracks over them for minutes: 141 s for a 37 KB template, 224 s in the server's guard) are all
refused with one line before docxtpl or LibreOffice opens the file. A CPU alarm over every render
is the backstop for what no check foresees.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.security.attack import en_project, one_line_error, run

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd2f6f0000000049454e44ae426082")


def _docx(path, text="AGREEMENT {{ contract.number }}", media: dict | None = None, extra=None):
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    if media:
        doc.add_picture(io.BytesIO(PNG))
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if media and info.filename.startswith("word/media/"):
                data = next(iter(media.values()))  # the one picture, replaced by these bytes
            out.writestr(info, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)


def _use(project):
    (project / "project.yaml").write_text((project / "project.yaml").read_text()
                                          + "\ntemplates:\n  contract: lawyer/contract.docx\n")


def _refused(project, fragment):
    for fmt in ("pdf", "docx"):
        result = run("render", project, "--doc", "contract", "--format", fmt, ok=False)
        assert fragment in one_line_error(result)
        assert not (project / "out").exists() or not list((project / "out").glob("contract*"))
    assert fragment in run("check", project, ok=None).output


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="40" height="40">{}</svg>')


@pytest.mark.security("docx-templates")
@pytest.mark.parametrize("inside", [
    '<image xlink:href="file:///home/victim/passport.png" width="40" height="40"/>',
    '<image href="/home/victim/passport.png" width="40" height="40"/>',
    '<image xlink:href="../../secret.png" width="40" height="40"/>',
    '<image xlink:href="http://127.0.0.1:9/x.png" width="40" height="40"/>',
    '<rect width="40" height="40" style="fill:url(/home/victim/p.svg#x)"/>',
    '<style>@import "x.css";</style>',
])
def test_svg_picture_linking_outside_is_refused(ws, inside):
    project = en_project(ws)
    _docx(project / "lawyer" / "contract.docx", media={"image1": SVG.format(inside).encode()})
    _use(project)
    _refused(project, "refused")


@pytest.mark.security("docx-templates")
def test_svg_picture_drawing_only_itself_renders(ws):
    project = en_project(ws)
    inside = '<defs><linearGradient id="g"/></defs><rect width="40" height="40" fill="url(#g)"/>'
    _docx(project / "lawyer" / "contract.docx", media={"image1": SVG.format(inside).encode()})
    _use(project)
    run("render", project, "--doc", "contract", "--format", "docx")


@pytest.mark.security("docx-templates")
@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 60, "embedded object"),
    ("word/activeX/activeX1.bin", b"\0" * 64, "embedded object"),
    ("word/vbaProject.bin", b"\0" * 64, "macro"),
    ("word/media/image9.png", b"<html><img src='file:///etc/passwd'></html>", "file: URL"),
    ("word/media/image9.png", b"#!/bin/sh\necho not a picture\n", "not an image format"),
    ("customXml/item9.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
     "DTD"),
])
def test_parts_that_reach_outside_or_run_are_refused(ws, name, data, fragment):
    project = en_project(ws)
    _docx(project / "lawyer" / "contract.docx", extra={name: data})
    _use(project)
    _refused(project, fragment)


@pytest.mark.security("docx-templates")
@pytest.mark.parametrize("text", ["Hello {{ contract.number }} " + "{{x " * 40_000,
                                  "{% if x %}" + "{%" * 20_000, "{# " * 30_000])
def test_thousands_of_unclosed_tags_are_refused_at_once(ws, text):
    project = en_project(ws)
    _docx(project / "lawyer" / "contract.docx", text=text)
    _use(project)
    _refused(project, "not closed" if text.count("{") > 1 else "never closed")


@pytest.mark.security("docx-templates")
def test_the_cpu_alarm_stops_a_backtracking_expression():
    """The backstop: docxtpl's own expression over a run of unclosed tags, stopped by the alarm
    that render/sandbox.bounded() sets over every render (here with a quarter of a second)."""
    from contractkit.cpulimit import cpu_limit

    class Stopped(Exception):
        pass

    with pytest.raises(Stopped), cpu_limit(0.25, Stopped):
        re.sub(r"<w:t>((?:(?!<w:t>).)*)({{.*?}}|{%.*?%})", "", "<w:t>" + "{{x " * 200_000,
               flags=re.DOTALL)
    with cpu_limit(5, Stopped):  # a quick block is not disturbed, and the alarm is gone after it
        assert re.sub("a", "b", "aaa") == "bbb"
    import signal

    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
