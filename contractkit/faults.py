"""Fault injection for tests: CONTRACTKIT_FAULT=NAME makes the process die at point NAME.

Each multi-step write names its steps; the crash tests kill the process at every one of them
(and at random moments) and check the project is as it was before or as it is after.
"""

from __future__ import annotations

import os


def point(name: str) -> None:
    """Die here, as a killed process would (no cleanup, no atexit), if the tests ask for it."""
    if os.environ.get("CONTRACTKIT_FAULT") == name:
        os._exit(137)
