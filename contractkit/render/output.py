"""Render a project directory's documents into files: all bytes first, then atomic writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.approval import sheet_link
from contractkit.errors import RenderError
from contractkit.faults import point
from contractkit.load import PROJECT_FILE, parse_project, read_source
from contractkit.render.addendum import addendum_context, estimate_context
from contractkit.render.documents import (
    DOCUMENTS,
    available,
    file_name,
    html_for,
    look_for,
    render_documents,
    to_formats,
)
from contractkit.store import history, workflow
from contractkit.store.files import write_all_atomic
from contractkit.store.lock import locked
from contractkit.store.repo import open_repo
from contractkit.workspace import inside


def render_project(project_dir: Path, docs: list[str], formats: list[str], out: Path | None = None,
                   template: Path | None = None, blank_brief: bool = False) -> list[Path]:
    """Render and write; returns the written paths. Nothing is written if any document fails.

    blank_brief renders the empty brief questionnaire to send to a new client instead.
    """
    source_path = project_dir / PROJECT_FILE
    source, text = read_source(source_path)
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
    files = render_documents(project, project_dir, source, docs, formats, look)
    with locked(project_dir):
        return _write(files, out_dir)


def signing_documents(path: Path, repo, kind: str, number: int, day: dt.date) -> dict[str, bytes]:
    """The documents both parties sign: the contract and its annexes, or addendum `number`."""
    if kind == "contract":
        return _contract_files(path, history.blob(repo, "HEAD", PROJECT_FILE))
    return _addendum_files(path, repo, number, day, ["pdf", "docx"])


def _contract_files(path: Path, text: bytes) -> dict[str, bytes]:
    project = parse_project(text.decode("utf-8-sig"))
    docs = [d for d in available(project) if d != "brief"]
    return render_documents(project, path, text, docs, ["pdf", "docx"], look_for(project, path))


def _addendum_files(path: Path, repo, n: int | None, day: dt.date | None,
                    formats: list[str]) -> dict[str, bytes]:
    hist, n, signed = workflow.versions_for(repo, n)
    record = signed[n] if n < len(signed) else None
    day = record.date if record else (day or dt.date.today())
    changes = [c for c in history.changes(repo)
               if (record and c.id in record.changes) or (not record and c.status == "proposed")]
    project = hist.versions[n]
    source = history.blob(repo, record.tag if record else "HEAD", PROJECT_FILE)
    context = addendum_context(hist, n, day, changes, signed[1:n] if record else signed[1:])
    look = look_for(project, path)
    stamped = project.model_copy(update={"contract": project.contract.model_copy(update={"date": day})})
    title = ("Дополнительное соглашение № " if project.language == "ru" else "Change Order No. ") + str(n)
    html = html_for("addendum.html.j2", context, project, look, title)
    files = to_formats(html, formats, stamped, look, source, title)
    return {file_name(f"addendum-{n}", project, fmt): data for fmt, data in files.items()}


def render_addendum(path: Path, n: int | None, formats: list[str], day: dt.date | None = None,
                    out: Path | None = None) -> list[Path]:
    """Write addendum n (default: the pending one) to the output folder."""
    with open_repo(path) as repo:
        files = _addendum_files(path, repo, n, day, formats)
    with locked(path):
        return _write(files, out or path / "out")


def render_estimate(path: Path, change_id: str, formats: list[str], out: Path | None = None) -> list[Path]:
    """A one-page change request for the client, before the formal addendum."""
    with open_repo(path) as repo:
        changes = {c.id: c for c in history.changes(repo)}
        if change_id not in changes:
            raise RenderError(f"no change request {change_id} in this project")
        change = changes[change_id]
        sha = history.resolve(repo, change_id)
        baseline = history.project_at(repo, f"{sha}^")
        project = history.project_at(repo, sha)
        source = history.blob(repo, sha, PROJECT_FILE)
    look = look_for(project, path)
    context = estimate_context(baseline, project, change)
    context["approve"] = sheet_link(project, change.id, source)
    stamped = project.model_copy(update={"contract": project.contract.model_copy(
        update={"date": change.requested_on})})
    title = ("Запрос на изменение " if project.language == "ru" else "Change Request ") + change.id
    html = html_for("estimate.html.j2", context, project, look, title)
    files = to_formats(html, formats, stamped, look, source, title)
    with locked(path):
        return _write({file_name(change.id.lower(), project, fmt): data for fmt, data in files.items()},
                      out or path / "out")


def _write(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    paths = {out_dir / name: data for name, data in files.items()}
    try:
        write_all_atomic(paths, after_each=lambda: point("render:one-file-written"))
    except OSError as exc:
        raise RenderError(f"cannot write to {out_dir}: {exc.strerror}") from None
    return list(paths)


def write_signed(path: Path, files: dict[str, bytes]) -> list[Path]:
    """Keep the exact signed bytes in out/, so they can be sent and verified."""
    return _write(files, path / "out")


def reproduce(path: Path, tag: str) -> dict[str, bytes]:
    """Render a signed version again from its tag, exactly as it was signed."""
    with open_repo(path) as repo:
        record = next((s for s in history.signatures(repo) if s.tag == tag), None)
        if record is None:
            raise RenderError(f"no signed version {tag!r} in this project")
        if record.kind == "addendum":
            return _addendum_files(path, repo, record.number, None, ["pdf", "docx"])
        text = history.blob(repo, tag, PROJECT_FILE)
    return _contract_files(path, text)
