"""What the `contractkit` command does before it imports click: start LibreOffice for a Word
template's PDF (render/office.py), so that its start-up (a second) overlaps the imports too, or
else the document engine (render/engine.py), which then loads weasyprint or python-docx while
click and the command's own modules load.

`render` options are read here by a plain scan of the arguments, which may be wrong only in the
direction of doing nothing: whatever this scan misreads, the command's own early hook (cli/base.py
`_early`, with click's parser) asks again, and LibreOffice (or the engine) is started once.
Nothing here prints, exits or imports click.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

VALUED = {"--doc": "docs", "--format": "formats", "--template": "template", "--out": None, "--jobs": None}
"""`render`'s options that take a value (None: read past, not used here)."""
STOPS = {"--help", "-h", "--watch", "--all", "--blank"}
"""Options after which LibreOffice is not started early."""


COLLECT_AFTER = 100_000
"""Allocations between two young collections in a command process (Python's default: 700)."""


def fewer_collections() -> None:
    """A command allocates some 50,000 objects that live as long as it does while it imports
    click, pydantic and Jinja and builds the project's models, and its PDF engine as many while
    it imports weasyprint: every 700 allocations Python's cycle collector walks the newest of
    them again, some 10-15 ms of a render before its PDF can start and as much in the engine
    (which inherits this setting), and 5 ms more of the layout. With one young collection every
    100,000 allocations a command collects once in a long while; a long one (render --all,
    --watch, log over a long history) still collects, with at most that many objects waiting."""
    import gc

    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])


def started_as_command() -> bool:
    """Whether this process is the `contractkit` command (the console script or `python -m
    contractkit`), not a program or a test importing the package."""
    program = sys.argv[0] if sys.argv else ""
    name = os.path.basename(program)
    return name == "contractkit" or (name == "__main__.py"
                                     and os.path.basename(os.path.dirname(program)) == "contractkit")


def office_first(argv: list[str]) -> None:
    """`contractkit render … --format pdf` of a Word template: LibreOffice started now; any other
    render of PDF or DOCX: the engine, as the command would start it after click (cli/project.py)."""
    if not argv or argv[0] != "render":
        return
    found: dict[str, str] = {}
    positional: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        name, equals, value = arg.partition("=")
        if arg in STOPS or arg == "--":
            return
        if name in VALUED:
            value = value if equals else next(rest, None)
            if value is None:
                return
            if VALUED[name]:
                found[VALUED[name]] = value
        elif arg.startswith("-"):
            if arg != "--no-data":
                return  # an option this scan does not know: left to click
        else:
            positional.append(arg)
    if len(positional) > 1:
        return
    from contractkit import scratch

    scratch.begin()  # LibreOffice's folder goes in the command's own temporary folder
    template = found.get("template")
    formats = found.get("formats", "pdf,docx")
    if not office_ahead(positional[0] if positional else None, found.get("docs", "all"), formats,
                        Path(template) if template else None):
        engine_first(formats)


def engine_first(formats: str) -> None:
    """Start the engine for a command that will make a PDF or a DOCX (render/engine.py), so that
    weasyprint, or python-docx when no PDF is wanted, loads on another core meanwhile."""
    wanted = _listed(formats)
    kinds = ("pdf",) if "pdf" in wanted else ("docx",) if "docx" in wanted else ()
    if kinds:
        from contractkit.render import engine

        engine.start(kinds)


def office_ahead(directory: str | None, docs: str, formats: str, template: Path | None) -> bool:
    """A render that will lay out a Word template as PDF starts LibreOffice first (render/
    office.py), to start up while the command fills the template; True when every document asked
    for comes from a Word template, so the PDF engine (weasyprint) is not needed."""
    if "pdf" not in _listed(formats):
        return False
    from contractkit.render import office  # neither errors nor officepdf: their dataclasses import
    # inspect, some 10 ms before LibreOffice could start

    source = (Path(directory) if directory else Path.cwd()) / "project.yaml"
    try:
        if source.is_symlink() or not source.is_file():  # refused or reported by the command
            return False
        if template is not None and not template.exists():  # click reports it
            return False
        with open(source, "rb") as handle:
            text = handle.read(1_000_000).decode("utf-8-sig", "replace")
        word = office.word_documents(text, template)
        program = office.program() if word else None
    except OSError:
        return False  # the command itself reports what is wrong
    if word and not program:
        return False  # the command says how to install LibreOffice (render/officepdf.py)
    wanted = set(_listed(docs))
    if "all" in wanted:
        wanted = {"contract", "scope", "payments", "support", "brief"}
    if not word or (template is None and not word & wanted):
        return False
    office.ahead(program)
    return "*" in word or wanted <= word


def _listed(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]
