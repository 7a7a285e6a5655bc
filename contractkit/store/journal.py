"""A rollback journal for commands that write several files before one commit.

Before writing, a command records HEAD and the previous content of every file it will touch. If
it dies before committing, the next command (or `doctor`) puts those files back: the project is
as it was before. If the commit happened, the journal is dropped: the project is as after.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contractkit.store.files import write_atomic

JOURNAL = ".contractkit/journal.json"


@contextmanager
def journaled(path: Path, head: str, operation: str, files: list[str]) -> Iterator[None]:
    """Record how to undo writes to `files`; the journal goes once the block completes."""
    entries = {}
    for name in files:
        target = path / name
        entries[name] = base64.b64encode(target.read_bytes()).decode() if target.exists() else None
    write_atomic(path / JOURNAL, json.dumps({"operation": operation, "head": head,
                                             "files": entries}).encode())
    yield
    (path / JOURNAL).unlink(missing_ok=True)


def recover(path: Path, head: str) -> str | None:
    """Finish or undo an interrupted command; returns what was done, if anything."""
    journal = path / JOURNAL
    if not journal.exists():
        return None
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        journal.unlink(missing_ok=True)
        return "removed an unreadable journal left by an interrupted command"
    if data["head"] != head:
        journal.unlink()
        return f"the interrupted '{data['operation']}' had committed; nothing to undo"
    for name, content in data["files"].items():
        target = path / name
        if content is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, base64.b64decode(content))
    journal.unlink()
    return f"undid the unfinished '{data['operation']}': its files are as they were before it"
