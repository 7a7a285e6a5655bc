"""Render a project directory's documents into files: all bytes first, then atomic writes."""

from __future__ import annotations

from pathlib import Path

from contractkit.errors import RenderError
from contractkit.load import PROJECT_FILE, parse_project, read_text
from contractkit.render.documents import DOCUMENTS, available, look_for, render_documents
from contractkit.store.files import write_all_atomic
from contractkit.workspace import inside


def render_project(project_dir: Path, docs: list[str], formats: list[str], out: Path | None = None,
                   template: Path | None = None, blank_brief: bool = False) -> list[Path]:
    """Render and write; returns the written paths. Nothing is written if any document fails.

    blank_brief renders the empty brief questionnaire to send to a new client instead.
    """
    source_path = project_dir / PROJECT_FILE
    text = read_text(source_path)
    project = parse_project(text)
    has = available(project)
    if docs == ["all"]:
        docs = has
    if blank_brief:
        docs = ["brief-blank"]
    missing = [d for d in docs if d not in (*has, "brief-blank")]
    if missing:
        known = ", ".join(DOCUMENTS)
        raise RenderError(f"no document {', '.join(missing)} in this project (documents: {known}; "
                          "support needs a support plan)")
    out_dir = out or project_dir / "out"
    if not out_dir.is_absolute():
        out_dir = inside(out_dir, Path.cwd().resolve(), "output folder")
    look = look_for(project, project_dir, template)
    files = render_documents(project, project_dir, source_path.read_bytes(), docs, formats, look)
    paths = {out_dir / name: data for name, data in files.items()}
    try:
        write_all_atomic(paths)
    except OSError as exc:
        raise RenderError(f"cannot write to {out_dir}: {exc.strerror}") from None
    return list(paths)
