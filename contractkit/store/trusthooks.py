"""What the CLI hands store/trust.py before any command runs (the renderer that checks a signature
that arrived by git) and what trust hands back (the ignored-signature lines to print once).

Kept apart from trust.py, which loads the project model, so that wiring them costs nothing: a
`render` forks its document engine first (render/engine.py), and the engine then loads python-docx
or weasyprint on the other core while this process loads the model.
"""

from __future__ import annotations

RENDERER: list = []
"""The renderer the composition root (the CLI) handed in: at most one, set before any command runs."""
NOTES: list[str] = []
"""Ignored-signature lines not yet printed (trust.verified adds them)."""


def render_with(reproduce) -> None:
    """Check signatures on the reading path by rendering with `reproduce` (the CLI calls this)."""
    RENDERER[:] = [reproduce]


def note(line: str) -> None:
    """One more line for the CLI to print once after the command (a version it skipped)."""
    if line not in NOTES:
        NOTES.append(line)


def take_notes() -> list[str]:
    """The ignored-signature lines gathered since the last call (the CLI prints them once)."""
    out = list(NOTES)
    NOTES.clear()
    return out
