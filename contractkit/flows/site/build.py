"""Write the client's page: index.html (all CSS and the chart inline) and documents/ beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.flows.site.data import gather
from contractkit.resources import TEMPLATES

DOCS = "documents"
CALENDAR = "calendar.ics"


def render_page(path: Path, today: dt.date) -> tuple[str, dict[str, bytes]]:
    """The page's HTML and {relative file name: bytes} of every file beside it."""
    from contractkit.render.sandbox import render_template
    from contractkit.render.typography import typography

    context, documents = gather(path, today)
    context["docs"] = DOCS
    ics = client_calendar(path, today)
    context["calendar"] = CALENDAR if ics else None
    from contractkit.words.parties import party_words

    html = render_template((TEMPLATES,), context["lang"], "site/page.html.j2", context)
    html = party_words(html, context["lang"], not context["contract"]["services"])
    html = typography(html, context["lang"])
    files = {f"{DOCS}/{d.name}": d.data for d in documents}
    if ics:
        files[CALENDAR] = ics
    return html, files


def client_calendar(path: Path, today: dt.date) -> bytes | None:
    """The client's own view as .ics (their obligations and the deadlines), once the contract is signed."""
    from contractkit.flows.facts import facts_for
    from contractkit.flows.ics import calendar_bytes

    facts = facts_for(path, today)
    return calendar_bytes([facts], today, client_view=True) if facts.signed and not facts.error else None


def publish(path: Path, out: Path | None = None, today: dt.date | None = None) -> list[Path]:
    """Build the site into out (default: out/site/ in the project); returns the files written."""
    from contractkit.store.files import write_all_atomic
    from contractkit.store.lock import locked
    from contractkit.workspace import user_path

    out_dir = user_path(out) if out else path / "out" / "site"  # the user's own path, as typed
    _outside_the_repository(path, out_dir)
    html, files = render_page(path, today or dt.date.today())
    paths = {out_dir / name: data for name, data in files.items()}
    paths[out_dir / "index.html"] = html.encode("utf-8")
    try:
        with locked(path):
            write_all_atomic(paths)
    except OSError as exc:
        raise RenderError(f"cannot write to {out_dir}: {exc.strerror}") from None
    return list(paths)


def _outside_the_repository(path: Path, out_dir: Path) -> None:
    """The page goes to out/ (ignored by git) or outside the project: a folder elsewhere in the
    project would leave untracked files in the user's repository."""
    from contractkit.errors import WorkspaceError

    project, target = path.resolve(), out_dir.resolve()
    if target.is_relative_to(project) and not target.is_relative_to(project / "out"):
        raise WorkspaceError(f"--out {out_dir}: the folder is inside the project's repository and would "
                             "stay there untracked", hint="publish to a folder outside the project, "
                             "or leave out --out to use out/site/")
