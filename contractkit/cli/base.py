"""The click group, its one error handler and the helpers every command module shares."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from contractkit.errors import ContractkitError

DIR = click.argument("directory", required=False, metavar="[DIR]")


class Cli(click.Group):
    """Turns every ContractkitError into its one-line messages and a non-zero exit."""

    def main(self, *args, **kwargs):
        """Print what the terminal's encoding cannot show as '?' (PYTHONIOENCODING=latin-1 and
        a rouble sign), never crash on it."""
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ContractkitError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place a bug meets the user
            if os.environ.get("CONTRACTKIT_DEBUG"):
                raise
            click.echo(f"error: internal error: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
            click.echo("hint: this is a bug; run again with CONTRACTKIT_DEBUG=1 and report the traceback",
                       err=True)
            ctx.exit(70)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="contractkit")
def cli() -> None:
    """Contracts, briefs and change orders for client work, from one YAML file in git.

    \b
    Kickoff:  new -> edit project.yaml -> check -> show -> render -> sign
    Changes:  edit project.yaml -> change -> addendum -> sign
    """


def split_dir(args: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """Leading DIR in a variadic argument list: taken when it names a project directory."""
    if args and (Path(args[0]) / "project.yaml").is_file():
        return args[0], args[1:]
    return None, args


def csv_list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


DATE = click.DateTime(formats=["%Y-%m-%d"])
