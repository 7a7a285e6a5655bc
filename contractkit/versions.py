"""The versions that make a document's bytes, recorded with each signature.

Rendered bytes repeat exactly for the same contractkit, libraries and fonts (the locked set);
another weasyprint lays text out a little differently. A signature record keeps what made its
documents, so that a re-render that does not match can say why ("rendered with weasyprint 66.0,
this machine has 67.0") instead of only that it does not match.
"""

from __future__ import annotations

import hashlib

LIBRARIES = ("contractkit", "weasyprint", "pydantic", "docxtpl", "python-docx", "pydyf", "fonttools")
"""The distributions whose version changes rendered bytes (pydyf writes weasyprint's PDF objects,
fontTools subsets fonts when HarfBuzz cannot)."""
FONT_PREFIX = "font/"


def current() -> dict[str, str]:
    """{distribution: version} for LIBRARIES, and {"font/NAME": sha256} for each font file the
    bundled templates use."""
    from contractkit.resources import TEMPLATES

    installed = _installed()
    made = {name: installed.get(_normal(name), "none") for name in LIBRARIES}
    for font in sorted((TEMPLATES / "fonts").glob("*")):
        if font.suffix.lower() in (".ttf", ".otf", ".woff", ".woff2"):
            made[FONT_PREFIX + font.name] = hashlib.sha256(font.read_bytes()).hexdigest()
    return made


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _installed() -> dict[str, str]:
    """{normalised name: version} from the .dist-info folders on sys.path, the first of each name
    as the import system finds it: a directory listing per path entry, where importlib.metadata
    takes 150 ms to parse every distribution's metadata."""
    import os
    import sys

    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem = name[:-len(".dist-info")]
            if name.endswith(".dist-info") and stem.count("-") == 1:
                project, version = stem.split("-")
                found.setdefault(_normal(project), version)
    return found


def differences(recorded: dict[str, str], here: dict[str, str] | None = None) -> list[str]:
    """What differs between the set a record names and this machine's, one phrase each:
    "weasyprint 66.0, this machine has 70.0", "font DejaVuSans.ttf has other bytes here"."""
    here = current() if here is None else here
    found = []
    for name, version in recorded.items():
        mine = here.get(name, "none")
        if mine == version:
            continue
        if name.startswith(FONT_PREFIX):
            font = name[len(FONT_PREFIX):]
            found.append(f"font {font} is not here" if mine == "none"
                         else f"font {font} has other bytes here")
        else:
            found.append(f"{name} {version}, this machine has {mine}")
    found += [f"font {n[len(FONT_PREFIX):]} is new here" for n in sorted(set(here) - set(recorded))
              if n.startswith(FONT_PREFIX) and recorded]
    return found
