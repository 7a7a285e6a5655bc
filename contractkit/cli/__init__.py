"""The command line: parse options, call the library, print. Heavy imports stay in commands.

Each module registers one group of commands on the click group defined in ``base``.
"""

import os
import sys


def _quiet_interrupt(unraisable) -> None:
    """Python's hook for errors it cannot raise (in a finalizer, a weakref callback), less the
    Ctrl-C that lands there: the command is stopping anyway, and says only 'interrupted'."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


sys.unraisablehook = _quiet_interrupt  # set before the imports below, which a Ctrl-C may interrupt


def _first() -> None:
    """The command's first act, before click is imported: LibreOffice for a Word template's PDF,
    or the document engine for another render."""
    from contractkit.cli import first

    if first.started_as_command():
        first.fewer_collections()
        from contractkit.render import engine

        engine.allowed = True  # as main() sets it: this process is the command
        try:
            first.office_first(sys.argv[1:])
        except Exception:  # noqa: BLE001 - the command reads its options again and reports them
            pass


_first()

from contractkit.cli import (  # noqa: E402, F401 - registers the commands
    billing,
    changes,
    letters,
    project,
    redline,
    schedule,
    site,
    team,
)
from contractkit.cli.base import cli  # noqa: E402

__all__ = ["cli", "main"]


def main() -> None:
    """The `contractkit` command: a process of its own, so it may start the PDF engine and leave
    without tearing the interpreter down. Its temporary files, and its engine's, go to a folder
    of its own that is removed at exit (scratch.py)."""
    from contractkit import scratch
    from contractkit.render import engine

    scratch.begin()
    engine.allowed = True
    try:
        cli(prog_name="contractkit")
    except SystemExit as done:
        leave(128 + scratch.signalled if scratch.signalled else done.code)
    leave(0)


def leave(code) -> None:
    """Exit with `code` once the atexit handlers have run (the engine is reaped there) and the
    output is flushed, skipping the interpreter's teardown: freeing every module and object one by
    one takes 25 ms of a 250 ms command and changes nothing on disk. Every file contractkit
    writes is closed before this (store/files.py), temporary folders are context managers, what
    libraries leave in the temporary folder goes with it (scratch.end, an atexit handler), and
    GitPython repositories are closed where they are used. With a thread still working, or an
    exit status that is not a number, Python exits the usual way."""
    import atexit
    import threading

    if not isinstance(code, int | None) or any(
            t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    status = code or 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, as click reports one
            status = status or 1
    os._exit(status)
