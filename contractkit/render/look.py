"""A project's look: where its templates come from (its own folders first, then the bundled ones)
and which documents the user's own Word templates fill."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.model import Project
from contractkit.resources import TEMPLATES
from contractkit.workspace import inside


@dataclass(frozen=True)
class Look:
    """Where templates come from: the user's folders first, then the bundled ones."""

    html_dirs: tuple[Path, ...]
    docx: Path
    word: tuple[tuple[str, Path], ...] = ()
    """A user's Word template per document (render/userdocx.py); "*": --template, for one --doc;
    a userdocx.WordFile instead of a path: the template as a signed version holds it."""

    @property
    def stylesheets(self) -> list[Path]:
        """The bundled style.css first, then each user folder's, so a look states only changes."""
        return [d / "style.css" for d in reversed(self.html_dirs) if (d / "style.css").is_file()]


def _word_template(path: Path) -> bool:
    """userdocx.is_word_template, imported only when a --template is a .docx: a plain render does
    not load the Word-template module (3-4 ms of a cold DOCX render)."""
    from contractkit.render.userdocx import is_word_template

    return is_word_template(path)


def look_for(project: Project, project_dir: Path, override: Path | None = None) -> Look:
    """The project's own look (templates: in project.yaml) or --template, over the defaults."""
    html_dirs: list[Path] = []
    docx = TEMPLATES / "letterhead.docx"
    chosen = [override] if override else []
    word = [(doc, project_dir / rel) for doc, rel in project.templates.word().items()]
    if project.templates.html:
        folder = inside(Path(project.templates.html), project_dir, "templates.html", project_dir)
        if folder.resolve() == project_dir.resolve():  # its templates could read project.yaml
            raise RenderError("templates.html names the project folder itself; keep the look in a "
                              "folder of its own (e.g. look/)", hint="move the templates and write "
                              "templates: {html: look}")
        chosen.append(folder)
    if project.templates.docx:
        docx = inside(Path(project.templates.docx), project_dir, "templates.docx", project_dir)
    for given in chosen:
        path = given.resolve()
        if path.suffix.lower() == ".docx" and _word_template(path):
            word = [("*", Path(os.path.abspath(given)))]  # as given: a link is refused, not followed
        elif path.suffix.lower() == ".docx":
            docx = path
        elif path.is_dir():
            html_dirs.append(path)
        else:
            raise RenderError(f"template {path} is neither a folder of HTML templates nor a .docx")
    if not docx.is_file():
        raise RenderError(f"DOCX letterhead {docx} not found")
    return Look((*html_dirs, TEMPLATES), docx, tuple(word))


def word_templates(look: Look, docs: list[str], project_dir: Path | None = None) -> dict[str, Path]:
    """{document: the user's Word template to fill} for the documents being rendered."""
    if not look.word:  # no Word template: the Word-template module stays unloaded
        return {}
    from contractkit.render.userdocx import WordFile, safe_path

    chosen = dict(look.word)
    if "*" in chosen:
        if len(docs) != 1 or docs[0] not in ("contract", "scope", "payments", "support"):
            raise RenderError(f"{chosen['*']} is a Word template for one document: name it with "
                              "--doc contract (or scope, payments, support)")
        return {docs[0]: safe_path(chosen["*"], what="Word template")}
    return {doc: path if isinstance(path, WordFile) else safe_path(path, project_dir, f"templates.{doc}")
            for doc, path in chosen.items() if doc in docs}
