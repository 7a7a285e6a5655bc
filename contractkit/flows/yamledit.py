"""Edits of project.yaml's text that keep every other byte: a stage's `delay:` moved by a notice
(flows/letters/notice.py) or taken back with the change that moved it (flows/workflow.reject_change)."""

from __future__ import annotations

import re

from contractkit.errors import ContractkitError


def with_delay(text: str, stage: str, days: int) -> str:
    """project.yaml with the stage's `delay:` raised by `days`, every other byte as it was."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines)
                  if re.match(rf"^(\s*)-\s+id:\s*['\"]?{re.escape(stage)}['\"]?\s*(#.*)?$", line)), None)
    if start is None:
        raise ContractkitError(f"project.yaml: no deliverable with id {stage!r} to move")
    indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(indent)):
        end += 1
    for n in range(start + 1, end):
        m = re.match(rf"^{indent}delay:\s*(\d+)(.*)$", lines[n].rstrip("\n"))
        if m:
            lines[n] = f"{indent}delay: {int(m.group(1)) + days}{m.group(2)}\n"
            return "".join(lines)
    lines.insert(start + 1, f"{indent}delay: {days}\n")
    return "".join(lines)
