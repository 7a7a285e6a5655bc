"""Where a project's HTML templates are read from: only regular files of the template kinds that
resolve inside their own folders (a link or a name leading outside is refused)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from contractkit.errors import RenderError

MAX_OUTPUT = 20_000_000
"""Characters in one template file, and in one rendered document (render/sandbox.py)."""


def folder_loader(search_path: tuple[Path, ...]):
    from jinja2 import FileSystemLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class FolderLoader(FileSystemLoader):
        """Reads a template only if it is a regular file that resolves inside its folder."""

        def get_source(self, environment, template):
            pieces = split_template_path(template)
            for root in self.searchpath:
                candidate = os.path.join(root, *pieces)
                if os.path.lexists(candidate):
                    return _read_template(root, candidate, template)
            raise TemplateNotFound(template)

    return FolderLoader([str(p) for p in search_path])


TEMPLATE_SUFFIXES = (".j2", ".css", ".html")
"""What a template may load: templates and stylesheets, never a data file (project.yaml, a record)."""


def _read_template(root: str, candidate: str, template: str):
    """(source, file name, up-to-date check) of a regular file that resolves inside `root`."""
    if not template.lower().endswith(TEMPLATE_SUFFIXES):
        raise RenderError(f"template {template}: only {', '.join(TEMPLATE_SUFFIXES)} files are "
                          "templates; a template never reads a data file; refused")
    real, top = os.path.realpath(candidate), os.path.realpath(root)
    if os.path.commonpath([real, top]) != top:
        raise RenderError(f"template {template} in {root} is a link to {real}, outside its folder; "
                          "refused")
    if not stat.S_ISREG(os.stat(real).st_mode):
        raise RenderError(f"template {template} in {root} is not a regular file")
    with open(real, encoding="utf-8") as handle:
        source = handle.read(MAX_OUTPUT + 1)
    if len(source) > MAX_OUTPUT:
        raise RenderError(f"template {template} is over {MAX_OUTPUT:,} characters")
    mtime = os.path.getmtime(real)
    return source, candidate, lambda: os.path.exists(real) and os.path.getmtime(real) == mtime
