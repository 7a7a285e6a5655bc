"""SIGINT, SIGTERM and SIGHUP while LibreOffice runs ahead (render/office.py): none of them can
leave it running after the command.

A signal's Python handler runs between any two bytecodes. One that came while `subprocess.Popen`
was starting LibreOffice, or just after, unwound the command before `office.ahead` had recorded
the process: LibreOffice, in a session of its own, was left running with nobody to end it. So a
handler of ours is put in front of the command's own for the three signals while LibreOffice
runs. While LibreOffice is started or stopped (`held`) it only notes the signal, which is acted
on once the process is recorded (or reaped). At any other moment it first kills what is
recorded, then does what the handler before it did: scratch.py's unwinding, Python's
KeyboardInterrupt, or the default (the process dies of the signal). The group is killed even if
the unwinding that follows is cut short by a second signal.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_before: dict[int, object] = {}
"""The handler ours stands in front of, for each signal."""
_kill: list[Callable[[], None]] = []
"""What kills the recorded LibreOffice (office._kill_all)."""
_held: list[int] | None = None
"""The signals that came while held (None: not held)."""


def guard(kill: Callable[[], None]) -> bool:
    """Our handler in front of the three signals' (those not ignored); False in a thread other
    than the main one, where no handler can be set: then LibreOffice is not started ahead."""
    _kill[:] = [kill]
    for number in STOPPING:
        current = signal.getsignal(number)
        if current is _on_signal or current in (signal.SIG_IGN, None):  # None: set outside Python
            continue
        _before[number] = current  # first: ours may run as soon as it is set
        try:
            signal.signal(number, _on_signal)
        except ValueError:  # not the main thread
            unguard()
            return False
    return True


def unguard() -> None:
    """The handlers ours stood in front of, back (once nothing is recorded)."""
    for number, before in _before.items():
        try:
            if signal.getsignal(number) is _on_signal:
                signal.signal(number, before)
        except ValueError:  # not the main thread: ours stays, and kills nothing
            return


class held:
    """The three signals noted, not acted on, in the body (LibreOffice being started or
    stopped); the first one noted is acted on at its end (at the outermost one's, if nested)."""

    nested = False

    def __enter__(self) -> None:
        global _held
        if _held is None:
            _held = []
        else:
            self.nested = True

    def __exit__(self, *exc) -> None:
        global _held
        if self.nested:
            return
        came, _held = _held, None
        if came:
            _on_signal(came[0], None)


def _on_signal(number: int, frame) -> None:
    if _held is not None:
        _held.append(number)
        return
    for kill in _kill:
        kill()
    before = _before.get(number, signal.SIG_DFL)
    if callable(before):
        before(number, frame)
        return
    if before != signal.SIG_IGN:  # the default: die of it, as without LibreOffice ahead
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
