"""weasyprint's form and presentational-hint stylesheets, parsed only if a document uses them.

Importing weasyprint parses its three user-agent stylesheets (weasyprint/html.py): the HTML one,
which every document needs, and the ones for PDF forms and for presentational hints, which our
documents never ask for (no `pdf_forms`, no `presentational_hints`): some 10 ms of the PDF
engine's warm-up, before the contract's layout can start. While weasyprint.html is executed, a
CSS built from either of those two texts is a stand-in that parses it on first use. Only with
the weasyprint release this was checked against; another one parses them as it always did.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from contextlib import contextmanager

CHECKED = "70.0"
LATER = ("html5_ua_form.css", "html5_ph.css")


class Later:
    """A weasyprint CSS object made on first use (any attribute), then stood in for."""

    def __init__(self, make) -> None:
        self._make, self._sheet = make, None

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_make", "_sheet"):
            raise AttributeError(name)
        if self._sheet is None:
            self._sheet = self._make()
        return getattr(self._sheet, name)


class _Finder:
    """Finds weasyprint.html as the path finder would, executing it with the stand-ins."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "weasyprint.html":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            package = sys.modules.get("weasyprint")
            real = getattr(package, "CSS", None)
            if real is None or getattr(package, "__version__", None) != CHECKED:
                run(module)
                return
            folder = os.path.join(os.path.dirname(package.__file__), "css")
            later = set()
            for name in LATER:  # the texts weasyprint.html reads, as it reads them
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    later.add(handle.read())

            def css(*args, string=None, **kwargs):
                if string is not None and string in later:
                    return Later(lambda: real(*args, string=string, **kwargs))
                return real(*args, string=string, **kwargs)

            package.CSS = css
            try:
                run(module)
            finally:
                package.CSS = real
                module.CSS = real

        spec.loader.exec_module = exec_module
        return spec


@contextmanager
def deferred():
    """Import weasyprint inside this to defer its form and presentational-hint stylesheets."""
    finder = _Finder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
