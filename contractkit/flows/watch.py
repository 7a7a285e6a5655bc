"""Live preview: one warm process re-renders a project's documents each time project.yaml is saved.

The file is polled (size, mtime, then a hash of its bytes), so an editor that saves by rename
or a save that changes nothing is handled without any extra dependency. Documents whose HTML
changed are written first; the others follow, because every PDF embeds the project file.
Each file is written atomically: a reader sees the old document or the new one.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.errors import ContractkitError, RenderError
from contractkit.load import PROJECT_FILE

POLL_SECONDS = 0.2
SETTLE_NS = 50_000_000
"""A file written less than this long ago is read again after the pause, not half-saved."""
EMPTY_GRACE_NS = 1_000_000_000
"""An empty file is taken for a save in progress for this long, then reported."""


@dataclass
class Event:
    """What one re-render did: the files written, or the error lines, and how long it took."""

    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)


class Watcher:
    """Renders the project when its file's content differs from the last one seen."""

    def __init__(self, project_dir: Path, docs: list[str], formats: list[str], out: Path | None = None,
                 template: Path | None = None):
        self.project_dir = project_dir
        self.docs, self.formats = docs, formats
        self.out = out or project_dir / "out"
        self.template = template
        self._stat: tuple[int, int, int] | None = None
        self._digest: str | None = None
        self._html: dict[str, str] = {}

    def check(self) -> Event | None:
        """Render if project.yaml changed since the last check; None when it did not."""
        file = self.project_dir / PROJECT_FILE
        try:
            st = file.stat()
        except OSError as exc:
            return self._failed([f"error: {file}: {exc.strerror}"], ("missing",))
        stat = (st.st_size, st.st_mtime_ns, st.st_ino)
        if stat == self._stat:
            return None
        if time.time_ns() - st.st_mtime_ns < SETTLE_NS:  # a save may still be under way
            time.sleep(SETTLE_NS / 1e9)
            return self.check()
        data = file.read_bytes()
        if not data and time.time_ns() - st.st_mtime_ns < EMPTY_GRACE_NS:
            return None  # truncated by an editor that is about to write the new text
        self._stat = stat
        digest = hashlib.sha256(data).hexdigest()
        if digest == self._digest:
            return None
        self._digest = digest
        return self.render()

    def _failed(self, errors: list[str], stat) -> Event | None:
        if self._stat == stat:
            return None
        self._stat, self._digest = stat, None
        return Event(errors=errors)

    def render(self) -> Event:
        """Render every requested document now: changed HTML first, each file written atomically."""
        started = time.perf_counter()
        try:
            event = self._render()
        except ContractkitError as exc:
            event = Event(errors=exc.lines())
        event.seconds = time.perf_counter() - started
        return event

    def _render(self) -> Event:
        from contractkit.load import parse_project, read_source
        from contractkit.render import context as ctx
        from contractkit.render.docdata import attachment
        from contractkit.render.documents import DOCUMENTS, TITLES, available, file_name, html_for, to_formats
        from contractkit.render.look import look_for

        _, text = read_source(self.project_dir / PROJECT_FILE)
        project = parse_project(text)
        docs = available(project) if self.docs == ["all"] else self.docs
        unknown = [d for d in docs if d not in available(project)]
        if unknown:
            raise RenderError(f"no document {', '.join(unknown)} in this project "
                              f"(documents: {', '.join(DOCUMENTS)})")
        look = look_for(project, self.project_dir, self.template)
        context = ctx.build(project)
        pages = {}
        for doc in docs:
            title = f"{TITLES[project.language][doc]}: {project.title}"
            pages[doc] = (title, html_for(f"{doc}.html.j2", context, project, look, title))
        changed = [d for d in docs if self._html.get(d) != pages[d][1]]
        event = Event(changed=changed)
        for doc in changed + [d for d in docs if d not in changed]:
            title, html = pages[doc]
            data = attachment(context, doc, title, project.contract.date)
            files = to_formats(html, self.formats, project, look, data, title)
            event.written += self._write({file_name(doc, project, fmt): data for fmt, data in files.items()})
            self._html[doc] = html
        return event

    def _write(self, files: dict[str, bytes]) -> list[Path]:
        from contractkit.store.files import write_all_atomic
        from contractkit.store.lock import locked

        paths = {self.out / name: data for name, data in files.items()}
        try:
            with locked(self.project_dir):
                write_all_atomic(paths)
        except OSError as exc:
            raise RenderError(f"cannot write to {self.out}: {exc.strerror}") from None
        return list(paths)


def watch(watcher: Watcher, report: Callable[[Event], None], stop: threading.Event | None = None,
          poll: float = POLL_SECONDS) -> None:
    """Render now, then after every change, until `stop` is set (or Ctrl-C reaches the caller)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        event = watcher.check()
        if event is not None:
            report(event)
        stop.wait(poll)
