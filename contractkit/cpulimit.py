"""A CPU-time backstop for library code that reads untrusted input (docxtpl's regular expressions
over a project's Word template, ofxtools over a bank statement).

Such code can run for hours on a crafted input of a few kilobytes (a regular expression that
backtracks), and no budget of ours runs inside it. An ITIMER_PROF alarm raises the caller's
exception in the main thread when the process has spent `seconds` of CPU time in the block;
Python's regular expression engine checks for signals while it matches, so the exception arrives
within milliseconds. Outside the main thread (or without ITIMER_PROF) the block runs unlimited.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def cpu_limit(seconds: float, error: Callable[[], BaseException]) -> Iterator[None]:
    """Run the block; after `seconds` of CPU time raise error(). An enclosing limit that is
    tighter stands; a looser one is restored, less the time the block used."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_PROF)
    if outer_left and outer_left <= seconds:
        yield
        return

    def fire(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise error()

    started = time.process_time()
    previous = signal.signal(signal.SIGPROF, fire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if outer_left:
            used = time.process_time() - started
            signal.setitimer(signal.ITIMER_PROF, max(outer_left - used, 0.001))
