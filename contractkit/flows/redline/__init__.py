"""A lawyer's redline: the contract and annexes of TO as tracked changes against FROM.

Both versions are rendered by the ordinary pipeline (render/documents.py), so the redline says
exactly what the documents say; the DOCX carries real revisions, the PDF shows the same
alignment with insertions underlined and deletions struck through.
"""

from __future__ import annotations

import re
from pathlib import Path

from contractkit.errors import RenderError

DOCS = ("contract", "scope", "payments", "support")


def redline_files(path: Path, old: str | None = None, new: str | None = None, doc: str = "all",
                  author: str | None = None, formats: tuple[str, ...] = ("docx", "pdf")) -> dict[str, bytes]:
    """{file name: bytes} of the redline of each document, all in memory."""
    from contractkit.flows.redline import docx as tracked
    from contractkit.flows.redline import html as marked
    from contractkit.flows.redline.versions import pick, user_name
    from contractkit.render import context as ctx
    from contractkit.render.docdata import attachment
    from contractkit.render.documents import TITLES, available, html_for, to_formats, word_documents
    from contractkit.render.look import word_templates

    before, after = pick(path, old, new)
    has_new, has_old = available(after.project), available(before.project)
    docs = [d for d in DOCS if d in has_new] if doc == "all" else [doc]
    for name in docs:
        if name not in DOCS:
            raise RenderError(f"no document {name!r} to redline: use {', '.join(DOCS)} or all")
        if name not in has_new:
            raise RenderError(f"{after.name} has no {name} (support needs a support plan)")
    revisions = tracked.Revisions(author or user_name() or "contractkit",
                                  after.when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    rendered = {}
    for version in (before, after):
        project = version.project
        look = _look(path, version)
        context = ctx.build(project, _figures(version))
        if version.payments is not None:  # 3.3.x and the annex as signed, never re-split
            context["payments"] = version.payments
        if version.numbering is not None:  # section numbers and added stages as `render` has them
            context["numbering"] = version.numbering
        if version.deposit_moved:  # 2.1 and 2.3 as the change order that made it restated them
            context["contract"] = {**context["contract"], "deposit_moved": version.deposit_moved}
        if version.dated:  # the dates in force this version states, as `render` prints them
            from contractkit.render.inforce import dated_in_force

            context = dated_in_force(context, version.dated)
        words = word_templates(look, [d for d in docs if d in available(project)], path)
        for name in docs:
            if name not in available(project):
                continue
            title = f"{TITLES[project.language][name]}: {project.title}"
            html = html_for(f"{name}.html.j2", context, project, look, title)
            if name in words:  # the user's own Word template, filled for this version
                docx = next(iter(word_documents(project, context, {name: words[name]}, ["docx"],
                                                False).values()))
            else:
                docx = to_formats(html, ["docx"], project, look, None, title)["docx"]
            rendered[version.name, name] = (html, docx, look, title, context)
    files = {}
    for name in docs:
        new_html, new_docx, look, title, context = rendered[after.name, name]
        old_docx = rendered[before.name, name][1] if name in has_old else tracked.empty(new_docx)
        data = tracked.redline_docx(old_docx, new_docx, revisions)
        stem = f"redline-{name}-{_safe(before.name)}-{_safe(after.name)}"
        if "docx" in formats:
            files[f"{stem}.docx"] = data
        if "pdf" in formats:
            page = marked.redline_html(new_html, data, before.name, after.name, revisions,
                                       after.project.language)
            data = attachment(context, "redline", title, after.when.date())  # TO's figures
            files[f"{stem}.pdf"] = to_formats(page, ["pdf"], after.project, look, data, title)["pdf"]
    return files


def write_redlines(path: Path, old: str | None = None, new: str | None = None, doc: str = "all",
                   author: str | None = None, out: Path | None = None) -> list[Path]:
    """Render the redlines and write them atomically to the output folder (default DIR/out)."""
    from contractkit.store.files import write_all_atomic
    from contractkit.store.lock import locked

    files = redline_files(path, old, new, doc, author)
    out_dir = out or path / "out"
    paths = {out_dir / name: data for name, data in files.items()}
    with locked(path):
        try:
            write_all_atomic(paths)
        except OSError as exc:
            raise RenderError(f"cannot write to {out_dir}: {exc.strerror}") from None
    return list(paths)


def _look(path: Path, version):
    """The look a version renders with: its templates as its commit holds them (a signed contract
    filled and styled as it was signed), the working tree's for the working file."""
    from contractkit.render.look import look_for

    own = version.project.templates
    if version.commit is None or not (own.word() or own.docx or own.html):
        return look_for(version.project, path)
    from contractkit.flows.wordsigned import look_at
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        return look_at(repo, path, version.project, version.commit)


def _figures(version):
    from contractkit.compute import compute

    numbers = (version.numbering or {}).get("stages")  # a stage a change added renumbers none
    return compute(version.project, version.prepaid_on, numbers=numbers)


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII).strip("-.") or "version"
