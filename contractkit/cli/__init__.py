"""The command line: parse options, call the library, print. Heavy imports stay in commands.

Each module registers one group of commands on the click group defined in ``base``.
"""

from contractkit.cli import (  # noqa: F401 - registers the commands
    billing,
    changes,
    letters,
    project,
    redline,
    site,
    team,
)
from contractkit.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """The `contractkit` command: a process of its own, so it may start the PDF engine."""
    from contractkit.render import engine

    engine.allowed = True
    cli(prog_name="contractkit")
