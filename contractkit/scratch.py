"""A private temporary folder for each command, removed when it ends, however it ends.

Libraries leave temporary files behind in a command that ends with os._exit (cli.leave) or in
the engine process that is killed (render/engine.py): weasyprint keeps about 3 MB of font subsets
in a `weasyprint-*` folder until its font configuration is garbage-collected, which then never
happens. So a command puts every temporary file (its own, its libraries', the engine's, and those
of the programs it starts: TMPDIR) in one folder under the user's temporary folder, and removes
that folder at exit: on success, on an error, on Ctrl-C, on SIGTERM or SIGHUP. Only a SIGKILL of
the command itself leaves it behind. No tempfile import here: a command that makes no temporary
file pays a mkdir and an rmdir.
"""

from __future__ import annotations

import os
import sys

_folder: str | None = None
_owner = 0
_given: str | None = None
signalled = 0
"""The number of the SIGTERM or SIGHUP that ended the command (0: none)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwinds the command like Ctrl-C, so every clean-up runs."""


def begin() -> str | None:
    """Make the command's folder and point TMPDIR (and tempfile) at it; None if none could be
    made (then temporary files go where they always would)."""
    global _folder, _owner, _given
    if _folder is not None:
        return _folder
    given = os.environ.get("TMPDIR")
    for parent in _candidates():
        folder = os.path.join(parent, f"contractkit-{os.getpid()}-{os.urandom(4).hex()}")
        try:
            os.mkdir(folder, 0o700)
        except OSError:
            continue
        break
    else:
        return None
    _folder, _owner, _given = folder, os.getpid(), given
    os.environ["TMPDIR"] = folder
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = folder
    import atexit
    import signal

    atexit.register(end)
    for number in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(number) == signal.SIG_DFL:
                signal.signal(number, _terminated)
        except (OSError, ValueError):  # not the main thread: the caller keeps its own handlers
            pass
    return folder


def _candidates() -> list[str]:
    """Where tempfile would put temporary files, in its order."""
    found = [os.environ[name] for name in ("TMPDIR", "TEMP", "TMP") if os.environ.get(name)]
    return found + ["/tmp", "/var/tmp", "/usr/tmp", os.getcwd()]


def _terminated(number, frame) -> None:
    """In the command: unwind (Terminated). In a process forked from it (the engine, a worker of
    `render --all`): die of the signal as before, the command removes the folder."""
    global signalled
    if os.getpid() != _owner:
        import signal

        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
        return
    signalled = number
    raise Terminated


def end() -> None:
    """Remove the folder with whatever is in it (in the process that made it only: a forked
    engine leaves it to the command, which waits for the engine first)."""
    global _folder
    folder = _folder
    if folder is None or os.getpid() != _owner:
        return
    _folder = None
    if _given is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = _given
    if "tempfile" in sys.modules and sys.modules["tempfile"].tempdir == folder:
        sys.modules["tempfile"].tempdir = None
    try:
        os.rmdir(folder)
    except FileNotFoundError:
        pass
    except OSError:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def folder() -> str | None:
    """This command's temporary folder, if it has one."""
    return _folder
