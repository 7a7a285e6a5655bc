"""The click group, its one error handler and the helpers every command module shares."""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from contractkit.errors import ContractkitError, OptionError

DIR = click.argument("directory", required=False, metavar="[DIR]")


class _Printable:
    """A text stream that writes only printable text: no terminal escapes, controls or bidi marks.

    Whatever a command prints (file names, titles from records, error messages quoting data) may
    come from a teammate's push; it must not rewrite the user's terminal.
    """

    def __init__(self, stream):
        self.raw = stream

    def write(self, text):
        from contractkit.plaintext import printable

        return self.raw.write(printable(text) if isinstance(text, str) else text)

    def __getattr__(self, name):
        return getattr(self.raw, name)


@contextmanager
def _printable_output():
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(saved[0]), _Printable(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def settled_heap():
    """For a command that builds a long listing: what is loaded by now (the code, mostly) lives to
    the end, so the cycle collector is kept from walking it again and again (gc.freeze). Undone
    after, for a process that goes on (tests, `render --watch`)."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def terminal():
    """The real standard output, for rich, which draws tables and progress with escapes and strips
    nothing: give it validated project data only, or text passed through plaintext.printable."""
    return getattr(sys.stdout, "raw", sys.stdout)


MAX_OPTION_TEXT = 2_000
"""Characters in one text option: a title or a reason, not a document."""


class CheckedCommand(click.Command):
    """Refuses control and invisible characters in every text option before the command runs:
    options carry what gets recorded (-m, --reason, --by, --ref ...)."""

    def invoke(self, ctx: click.Context):
        from contractkit.plaintext import invisible

        for param in self.params:
            if not isinstance(param, click.Option) or not isinstance(param.type, click.types.StringParamType):
                continue
            value = ctx.params.get(param.name)
            name = param.opts[0]
            for text in value if isinstance(value, (tuple, list)) else (value,):
                if not isinstance(text, str):
                    continue
                if len(text) > MAX_OPTION_TEXT:
                    raise OptionError(f"{name}: {len(text):,} characters; the limit is {MAX_OPTION_TEXT:,}")
                problem = invisible(text, allow="")
                if problem:
                    raise OptionError(f"{name}: {problem}; remove it", hint="type the text again without it")
        return super().invoke(ctx)


class Cli(click.Group):
    """Turns every ContractkitError into its one-line messages and a non-zero exit."""

    def main(self, *args, **kwargs):
        """Print what the terminal's encoding cannot show as '?' (PYTHONIOENCODING=latin-1 and
        a rouble sign), never crash on it."""
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        return super().main(*args, **kwargs)
    command_class = CheckedCommand
    group_class = type  # subgroups are Cli too: same checks, same handler

    def invoke(self, ctx: click.Context):
        with _printable_output():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context):
        _early(self, ctx)  # before the imports below: a command's head start (render: LibreOffice)
        from contractkit.store import trusthooks as trust  # not trust itself: it loads the model

        trust.render_with(_reproduce)  # the CLI wires the renderer in; the store imports none
        trust.take_notes()
        try:
            result = super().invoke(ctx)
            for line in trust.take_notes():  # what is signed came from verified signatures only
                click.echo(f"warning: {line}", err=True)
            return result
        except ContractkitError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)
        except FileNotFoundError as exc:
            if exc.filename not in ("git", "ssh"):
                raise
            click.echo(f"error: {exc.filename} is not installed or not on PATH; contractkit needs it "
                       "(apt-get install git, or your system's package)", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `contractkit status | head`: the reader has all it wanted
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())  # nothing left to flush into the closed pipe
            os.close(null)
            ctx.exit(1)  # as click does when its own output meets a closed pipe
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
    if os.environ.get("CONTRACTKIT_CACHE_MAX_MB"):
        from contractkit.cachecap import cap_bytes

        try:
            cap_bytes()
        except ValueError as exc:
            raise OptionError(str(exc), hint="a number of megabytes such as 200 (0 keeps no cache)") from None


def split_dir(args: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """Leading DIR in a variadic argument list: taken when it names a project directory."""
    if args and (Path(args[0]) / "project.yaml").is_file():
        return args[0], args[1:]
    return None, args


def csv_list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


def _early(group: click.Group, ctx: click.Context) -> None:
    """A command with an `early` function gets it called with its options, parsed leniently,
    before the group imports what every command needs (0.4 s on a busy machine); errors in the
    options are left for the command's own parsing to report."""
    args = [*getattr(ctx, "_protected_args", ()), *ctx.args]
    try:
        name, command, rest = group.resolve_command(ctx, list(args)) if args else (None, None, [])
        early = getattr(command, "early", None)
        if early is not None and "--help" not in rest:
            early(**command.make_context(name, rest, parent=ctx, resilient_parsing=True).params)
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        return


def office_ahead(directory: str | None, docs: str, formats: str, template: Path | None) -> bool:
    """A render that will lay out a Word template as PDF starts LibreOffice first; True when no
    PDF engine is needed (cli/first.py, where the command may have started it before click)."""
    from contractkit.cli.first import office_ahead as ahead

    return ahead(directory, docs, formats, template)


def engine_ahead(formats: str = "pdf") -> None:
    """A command that will make a PDF or a DOCX starts the engine first (render/engine.py), so
    that weasyprint, or python-docx when no PDF is wanted, loads on another core while the
    command reads the project (a render may have started it before click: cli/first.py)."""
    from contractkit.cli.first import engine_first

    engine_first(formats)


class _Date(click.ParamType):
    """YYYY-MM-DD between 1990 and 2100; a bad one gets our one-line message naming the option."""

    name = "date"

    def convert(self, value, param, ctx):
        from contractkit.bounds import date_problem

        if isinstance(value, dt.datetime):
            return value
        option = (param.opts[0] if param is not None and param.opts else "date")
        text = str(value).strip()
        try:
            year, month, day = (int(part) for part in text.split("-"))
            if len(text) != 10:
                raise ValueError
        except ValueError:
            raise OptionError(f"{option}: {text!r} is not a date: write YYYY-MM-DD") from None
        try:
            parsed = dt.datetime(year, month, day)
        except ValueError as exc:
            raise OptionError(f"{option}: {text} is not a date: {exc}") from None
        problem = date_problem(parsed.date())
        if problem:
            raise OptionError(f"{option}: {problem}")
        return parsed


DATE = _Date()


def _reproduce(path: Path, tag: str) -> dict[str, bytes]:
    """A signed version's documents rendered again (flows/output.py), loaded only when a record
    that arrived by git is first checked on this machine."""
    from contractkit.flows.signing.reproduce import reproduce

    return reproduce(path, tag)


def warn_future(day: dt.date, what: str, today: dt.date | None = None) -> None:
    """A date after today is most often a typo: say so, and go on (a user may record ahead). Today
    is clock.today(): CONTRACTKIT_TODAY, when set, for this warning as for the refusals."""
    from contractkit import clock

    today = today or clock.today()
    if day > today:
        click.echo(f"warning: {what} {day} is in the future (today is {today}); "
                   "check the date if that is not intended", err=True)


def refuse_placeholders(path: Path, command: str) -> None:
    """`command` refuses a project.yaml with a FILL placeholder left: the first one, by line and field."""
    from contractkit.errors import WorkspaceError
    from contractkit.load import placeholders

    left = placeholders((path / "project.yaml").read_text(encoding="utf-8-sig"))
    if left:
        raise WorkspaceError(f"{left[0]}; {len(left)} FILL left in all ({command} refuses them)",
                             hint="'contractkit check' lists them")


def warn_placeholders(path: Path) -> None:
    """A draft may carry FILL placeholders: say how many are left, and that sign refuses them.
    A file the command has just read, with no FILL in its text and no backslash (a YAML escape
    could spell one), has none: it is not parsed again (the render read it from the cache)."""
    from contractkit.load import placeholders

    text = (path / "project.yaml").read_text(encoding="utf-8-sig")
    if "FILL" not in text and "\\" not in text:
        return
    left = placeholders(text)
    if left:
        click.echo(f"warning: {len(left)} FILL left ({left[0].field} first): these are drafts; sign, "
                   "invoice, accept and send refuse them ('contractkit check' lists each)", err=True)
