"""The click group, its one error handler and the helpers every command module shares."""

from __future__ import annotations

import os
from pathlib import Path

import click

from contractkit.errors import ContractkitError

DIR = click.argument("directory", required=False, metavar="[DIR]")


class Cli(click.Group):
    """Turns every ContractkitError into its one-line messages and a non-zero exit."""

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


class _Date(click.ParamType):
    """YYYY-MM-DD; an impossible date (2027-02-30) is one line naming the option, not a usage dump."""

    name = "date"

    def convert(self, value, param, ctx):
        import datetime as dt

        if isinstance(value, dt.datetime):
            return value
        option = param.opts[0] if param is not None and param.opts else "date"
        try:
            return dt.datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            raise ContractkitError(f"{option} {value}: not a date; write a real calendar date as "
                                   "YYYY-MM-DD, e.g. 2027-02-28") from None


DATE = _Date()
