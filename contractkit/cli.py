"""The command line: parse options, call the library, print. Heavy imports stay in commands."""

from __future__ import annotations

import os
import sys
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


@cli.command()
@click.argument("directory", metavar="DIR")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True,
              help="Language of the documents.")
@click.option("--from-example", "example", metavar="NAME",
              help="Start from this bundled example (default: the one for --lang).")
def new(directory: str, lang: str, example: str | None) -> None:
    """Create DIR as a project repository with a commented project.yaml."""
    from contractkit import create, workspace

    path = create.new_project(workspace.new_project_dir(directory), lang, example)
    click.echo(f"created {path}")
    click.echo("next: edit project.yaml, then 'contractkit check' and 'contractkit show'")


@cli.command()
@DIR
@click.option("--strict", is_flag=True, help="Exit 1 on scope-risk warnings too.")
def check(directory: str | None, strict: bool) -> None:
    """Validate project.yaml, then warn about scope risks."""
    from contractkit import lint, workspace
    from contractkit.load import PROJECT_FILE

    warnings = lint.check_project(workspace.project_dir(directory) / PROJECT_FILE)
    for problem in warnings:
        click.echo(str(problem).replace(": ", ": warning: ", 1), err=True)
    click.echo(f"{PROJECT_FILE}: valid, {len(warnings)} warning(s)")
    if strict and warnings:
        sys.exit(1)


@cli.command()
@DIR
def show(directory: str | None) -> None:
    """Summary of a project: parties, deliverables, payments, support."""
    from rich.console import Console

    from contractkit import views, workspace
    from contractkit.compute import compute
    from contractkit.load import PROJECT_FILE, load_project

    project = load_project(workspace.project_dir(directory) / PROJECT_FILE)
    Console().print(views.project_summary(project, compute(project)))


@cli.command("list")
@click.argument("root", required=False, metavar="[WORKSPACE]")
def list_projects(root: str | None) -> None:
    """The projects in a workspace (default ./projects or $CONTRACTKIT_HOME)."""
    from rich.console import Console

    from contractkit import views, workspace
    from contractkit.compute import compute
    from contractkit.load import PROJECT_FILE, load_project

    base = Path(root).resolve() if root else workspace.default_listing_root()
    rows = []
    for path in workspace.find_projects(base):
        try:
            project = load_project(path / PROJECT_FILE)
            rows.append((path, project, compute(project), "ok"))
        except ContractkitError as exc:
            rows.append((path, None, None, exc.lines()[0]))
    Console(width=200).print(views.projects_table(rows))


@cli.command()
@DIR
@click.option("--doc", "docs", default="all", show_default=True,
              help="contract, scope, payments, support, brief or all (comma-separated).")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              help="pdf, docx, html (comma-separated).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default DIR/out).")
@click.option("--template", type=click.Path(exists=True, path_type=Path),
              help="A folder of HTML/CSS templates or a DOCX letterhead to use instead.")
@click.option("--blank", is_flag=True, help="Render the empty brief questionnaire for a new client.")
@click.option("--all", "every", is_flag=True,
              help="DIR is a workspace: render every project in it, on all cores.")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes for --all (default: all cores).")
def render(directory: str | None, docs: str, formats: str, out: Path | None,
           template: Path | None, blank: bool, every: bool, jobs: int | None) -> None:
    """Render the contract, its annexes and the brief to PDF and DOCX."""
    from contractkit import workspace
    from contractkit.render.output import render_project

    if every:
        _render_workspace(directory, _csv(docs), _csv(formats), jobs)
        return
    from contractkit.store.history import unrecorded_warning

    project_dir = workspace.project_dir(directory)
    paths = render_project(project_dir, _csv(docs), _csv(formats), out, template, blank)
    for path in paths:
        click.echo(str(path))
    warning = unrecorded_warning(project_dir)
    if warning:
        click.echo(warning, err=True)


DATE = click.DateTime(formats=["%Y-%m-%d"])


@cli.command()
@DIR
@click.option("--date", "day", type=DATE, required=True, help="Date both parties signed (YYYY-MM-DD).")
@click.option("--by", "names", multiple=True, help="Who signed (repeat for each signatory).")
def sign(directory: str | None, day, names: tuple[str, ...]) -> None:
    """Record the committed version as signed: the contract first, then each addendum."""
    from contractkit import workspace
    from contractkit.render.output import signing_documents, write_signed
    from contractkit.store import workflow

    path = workspace.project_dir(directory)
    rendered: dict[str, bytes] = {}

    def render(repo, kind, number, date):
        """Render and keep the exact bytes in out/ before anything is recorded."""
        rendered.update(signing_documents(path, repo, kind, number, date))
        for written in write_signed(path, rendered):
            click.echo(str(written))
        return rendered

    record = workflow.sign(path, day.date(), list(names), render)
    click.echo(f"signed {record.tag} on {record.date}: {len(record.files)} file(s) hashed, tag {record.tag}")


@cli.command()
@DIR
@click.option("-m", "--message", "title", required=True, help="What the change is, in a few words.")
@click.option("--reason", default="", help="Why it is needed.")
@click.option("--requested-by", type=click.Choice(["client", "contractor"]), default="client",
              show_default=True)
@click.option("--requested-on", type=DATE, help="When it was asked for (default: today).")
@click.option("--estimate", is_flag=True, help="Also render a one-page change request for the client.")
def change(directory: str | None, title: str, reason: str, requested_by: str, requested_on,
           estimate: bool) -> None:
    """Record your edits of project.yaml as a change request and show their impact."""
    from contractkit import views, workspace
    from contractkit.load import parse_project
    from contractkit.store import workflow

    path = workspace.project_dir(directory)
    recorded = workflow.record_change(path, title, reason, requested_by,
                                      requested_on.date() if requested_on else None)
    project = parse_project((path / "project.yaml").read_text(encoding="utf-8"))
    click.echo(f"recorded {recorded.change.id} ({recorded.change.kind}): {title}")
    for line in views.impact_lines(recorded.impact, project, recorded.baseline_tag):
        click.echo(line)
    if recorded.change.added:
        click.echo("not to be started until the addendum is signed: " + ", ".join(recorded.change.added))
    if estimate:
        from contractkit.render.output import render_estimate

        for written in render_estimate(path, recorded.change.id, ["pdf", "docx"]):
            click.echo(str(written))


@cli.command()
@DIR
@click.argument("change_id", metavar="CR-ID")
@click.option("--reason", default="", help="Why the change is withdrawn.")
def reject(directory: str | None, change_id: str, reason: str) -> None:
    """Withdraw a proposed change with a revert commit (history is kept)."""
    from contractkit import workspace
    from contractkit.store import workflow

    rejected = workflow.reject_change(workspace.project_dir(directory), change_id, reason)
    click.echo(f"rejected {rejected.id}: {rejected.title}")


@cli.command()
@click.argument("versions", nargs=-1, metavar="[DIR] [FROM [TO]]")
@click.option("--text", is_flag=True, help="Also show the line diff of project.yaml.")
def diff(versions: tuple[str, ...], text: bool) -> None:
    """What changed between two versions (default: last signed -> working file)."""
    from contractkit import views, workspace
    from contractkit.store import compare

    directory, versions = _split_dir(versions)
    path = workspace.project_dir(directory)
    result = compare.between(path, *versions)
    title = f"{result.old_name} -> {result.new_name}"
    for line in views.impact_lines(result.impact, result.new, title, result.from_last_signed):
        click.echo(line)
    if text:
        click.echo(result.text_diff, nl=False)


def _split_dir(args: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """Leading DIR in a variadic argument list: taken when it names a project directory."""
    if args and (Path(args[0]) / "project.yaml").is_file():
        return args[0], args[1:]
    return None, args


@cli.command()
@click.argument("args", nargs=-1, metavar="[DIR] [N]")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="pdf, docx, html.")
@click.option("--date", "day", type=DATE, help="Date printed on a pending addendum (default: today).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
def addendum(args: tuple[str, ...], formats: str, day, out: Path | None) -> None:
    """Render addendum N (default: the pending one) with the ledger and restated annexes."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.render.output import render_addendum

    directory, rest = _split_dir(args)
    if len(rest) > 1 or (rest and not rest[0].isdigit()):
        raise WorkspaceError(f"expected [DIR] [N], got {' '.join(args)}")
    number = int(rest[0]) if rest else None
    path = workspace.project_dir(directory)
    for written in render_addendum(path, number, _csv(formats), day.date() if day else None, out):
        click.echo(str(written))


@cli.command()
@DIR
def log(directory: str | None) -> None:
    """The project's story: contract, change requests, addenda, running totals."""
    from contractkit import views

    state, project = _where(directory, committed=True)
    for line in views.log_lines(state, project):
        click.echo(line)


@cli.command()
@DIR
def status(directory: str | None) -> None:
    """Last signed version, pending changes, unrecorded edits and the next step."""
    import datetime as dt

    from contractkit import views

    state, project = _where(directory, committed=False)
    for line in views.status_lines(state, project, dt.date.today()):
        click.echo(line)


def _where(directory: str | None, committed: bool):
    """The project's state in its repository, and its committed (or working) version."""
    from contractkit import workspace
    from contractkit.load import parse_project
    from contractkit.store import history

    state = history.read_state(workspace.project_dir(directory))
    text = state.head_text if committed else state.working_text
    return state, parse_project(text.decode("utf-8-sig"))


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] FILE")
def verify(args: tuple[str, ...]) -> None:
    """Say whether FILE is exactly a signed document of this project, and which one."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.store import workflow

    directory, rest = _split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError("expected [DIR] FILE")
    file = Path(rest[0])
    if not file.is_file():
        raise WorkspaceError(f"{file}: no such file")
    found = workflow.verify(workspace.project_dir(directory), file.read_bytes())
    if found is None:
        click.echo(f"{file}: NOT a signed document of this project (no recorded hash matches)")
        sys.exit(1)
    record, name = found
    click.echo(f"{file}: matches {name} signed as {record.tag} on {record.date}"
               + (f" by {', '.join(record.by)}" if record.by else ""))


def _render_workspace(directory: str | None, docs: list[str], formats: list[str], jobs: int | None):
    from rich.progress import Progress

    from contractkit import workspace
    from contractkit.render.batch import render_all

    root = workspace.inside(Path(directory or "."), workspace.workspace_root(), "workspace")
    projects = workspace.find_projects(root)
    with Progress(transient=True) as bar:
        task = bar.add_task("rendering", total=len(projects))
        outcomes = render_all(projects, docs, formats, jobs, lambda _: bar.advance(task))
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        click.echo(f"{outcome.project.name}: {outcome.error}", err=True)
    click.echo(f"rendered {len(outcomes) - len(failed)} of {len(outcomes)} project(s), "
               f"{sum(len(o.written) for o in outcomes)} file(s)")
    if failed:
        sys.exit(1)


@cli.command("clone")
@click.argument("url")
@click.argument("directory", required=False, metavar="[DIR]")
def clone_project(url: str, directory: str | None) -> None:
    """Get a project from a shared git remote (hooks disabled)."""
    from contractkit import workspace
    from contractkit.store import remote

    name = directory or url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    path = remote.clone(url, workspace.new_project_dir(name))
    click.echo(f"cloned {url} into {path}")


@cli.command()
@DIR
def sync(directory: str | None) -> None:
    """Fetch, merge and push the project's change requests and signatures."""
    from contractkit import workspace
    from contractkit.store import remote

    result = remote.sync(workspace.project_dir(directory))
    for old, new in result.renumbered:
        click.echo(f"renumbered your {old} to {new}: the remote already had {old}")
    click.echo(("merged the remote's changes; " if result.merged else "")
               + f"{result.fetched} new signature tag(s) fetched, pushed"
               + (f" with tags {', '.join(result.tags_pushed)}" if result.tags_pushed else ""))


@cli.command()
@DIR
@click.option("--fix", is_flag=True, help="Repair what is safe to repair (stale locks, temp files, tags).")
def doctor(directory: str | None, fix: bool) -> None:
    """Check the repository, records against tags, signed files and leftovers; say what to do."""
    from contractkit import workspace
    from contractkit.store.doctor import examine

    findings = examine(workspace.project_dir(directory), fix)
    for finding in findings:
        click.echo(str(finding))
    problems = [f for f in findings if f.level in ("error", "warning")]
    if not problems:
        click.echo("ok: nothing needs your attention" if not findings else "ok")
    sys.exit(1 if problems else 0)


def _csv(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


@cli.command()
def schema() -> None:
    """Print the JSON Schema of project.yaml (for editors)."""
    from contractkit.create import json_schema

    click.echo(json_schema(), nl=False)


def main() -> None:
    cli(prog_name="contractkit")
