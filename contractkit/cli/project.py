"""Kickoff commands: new, check, show, list, render, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from contractkit.cli.base import DIR, cli, csv_list, engine_ahead, office_ahead, terminal


@cli.command()
@click.argument("directory", metavar="DIR")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True,
              help="Language of the documents.")
@click.option("--from-example", "example", metavar="NAME",
              help="Start from this bundled example (default: the one for --lang).")
@click.option("--as", "kind", type=click.Choice(["npd", "ip", "company", "us-sole", "us-llc", "uk-ltd"]),
              help="Start from a commented blank for this kind of contractor: npd (самозанятый), ip "
                   "(ИП), company (ООО); us-sole, us-llc, uk-ltd.")
@click.option("--contract", type=click.Choice(["works", "services"]),
              help="With a starting point: a works contract (подряд, a result accepted by an act) "
                   "or services.")
@click.option("--foreign-client", is_flag=True, help="With a starting point: the client is abroad.")
def new(directory: str, lang: str, example: str | None, kind: str | None, contract: str | None,
        foreign_client: bool) -> None:
    """Create DIR as a project repository with a commented project.yaml.

    Without --as it copies a bundled example (a finished project); with --as it starts from a
    commented blank of that kind, each value to replace marked FILL."""
    from contractkit import workspace
    from contractkit.flows import create

    source = click.get_current_context().get_parameter_source("lang")
    if kind is None and (contract or foreign_client):
        from contractkit.flows.starters import DEFAULT_KIND

        kind = DEFAULT_KIND[lang]
    if kind is not None:
        from contractkit.flows.starters import KINDS

        if example:
            raise click.UsageError("--as and --from-example are two different starts: give one")
        if source == click.core.ParameterSource.COMMANDLINE and KINDS[kind] != lang:
            raise click.UsageError(f"--as {kind} starts a project in {KINDS[kind]}, not --lang {lang}")
        path = create.new_from_starter(workspace.new_project_dir(directory), kind, contract,
                                       foreign_client)
        click.echo(f"created {path} ({kind}); replace every value marked FILL")
        click.echo("next: edit project.yaml, then 'contractkit check' and 'contractkit show'")
        return
    path = create.new_project(workspace.new_project_dir(directory), lang, example)
    click.echo(f"created {path}")
    click.echo("next: edit project.yaml, then 'contractkit check' and 'contractkit show'")


@cli.command()
@DIR
@click.option("--strict", is_flag=True, help="Exit 1 on scope-risk warnings too.")
def check(directory: str | None, strict: bool) -> None:
    """Validate project.yaml, then warn about scope risks."""
    from contractkit import lint, workspace
    from contractkit.load import PROJECT_FILE, placeholders

    file = workspace.project_dir(directory) / PROJECT_FILE
    warnings = lint.check_project(file)
    fills = placeholders(file.read_text(encoding="utf-8-sig"), PROJECT_FILE)
    for problem in fills:  # valid YAML, so the draft renders; still an error: sign refuses them
        click.echo(str(problem), err=True)
    for problem in warnings:
        click.echo(str(problem).replace(": ", ": warning: ", 1), err=True)
    if fills:
        click.echo(f"{PROJECT_FILE}: {len(fills)} FILL placeholder(s) left to fill in, {len(warnings)} "
                   "warning(s); drafts render, sign refuses them")
        sys.exit(1)
    click.echo(f"{PROJECT_FILE}: valid, {len(warnings)} warning(s)")
    from contractkit.flows.wordtemplates import check_word_templates

    problems = check_word_templates(workspace.project_dir(directory))
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    import datetime as dt

    from contractkit.flows.letters.views import deadline_warnings

    for line in deadline_warnings(workspace.project_dir(directory), dt.date.today()):
        click.echo(line, err=True)
    if strict and warnings:
        sys.exit(1)


@cli.command("template-fields")
@DIR
def template_fields(directory: str | None) -> None:
    """Every name a Word template can use, with its value in this project."""
    from contractkit import workspace
    from contractkit.flows.wordtemplates import word_template_data
    from contractkit.render.userdocx import FILTERS, fields

    rows = fields(word_template_data(workspace.project_dir(directory)))
    width = max(len(name) for name, _ in rows)
    for name, example in rows:
        click.echo(f"{name:<{width}}  {example}".rstrip())
    click.echo(f"filters: {', '.join(FILTERS)} (and Jinja's text filters: upper, lower, default, join, …)")


@cli.command()
@DIR
@click.option("--json", "as_json", is_flag=True,
              help="Print the deal state as JSON (sums as strings, ISO dates).")
def show(directory: str | None, as_json: bool = False) -> None:
    """Summary of a project: parties, deliverables, payments, support."""
    if as_json:
        import datetime as dt

        from contractkit import workspace
        from contractkit.flows.letters.deal import deal_json

        click.echo(deal_json(workspace.project_dir(directory), dt.date.today()))
        return
    import datetime as dt

    from rich.console import Console

    from contractkit import workspace
    from contractkit.compute import compute
    from contractkit.flows import views
    from contractkit.flows.billing import prepaid_on_for
    from contractkit.flows.letters.deal import read_deal
    from contractkit.load import PROJECT_FILE, load_project
    from contractkit.render.schedule import payments_as_signed
    from contractkit.store.history import as_signed, signed_on

    path = workspace.project_dir(directory)
    project = load_project(path / PROJECT_FILE)
    prepaid = prepaid_on_for(path)
    signed = as_signed(path, (path / PROJECT_FILE).read_bytes(), prepaid)  # the schedule the addenda made
    day = signed_on(path)  # a payment due on signing counts from it; none is known before it
    state, _ = read_deal(path, dt.date.today()) if day is not None else (None, None)
    Console(file=terminal()).print(views.project_summary(
        project, compute(project, prepaid, day), payments_as_signed(*signed) if signed else None,
        signed=day is not None, state=state))


@cli.command("list")
@click.argument("root", required=False, metavar="[WORKSPACE]")
def list_projects(root: str | None) -> None:
    """The projects in a workspace (default ./projects or $CONTRACTKIT_HOME)."""
    from contractkit import workspace
    from contractkit.flows import listing

    base = workspace.user_path(root) if root else workspace.default_listing_root()
    for line in listing.table(listing.rows(workspace.find_projects(base))):
        click.echo(line)


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
@click.option("--watch", is_flag=True, help="Keep running: render again each time project.yaml is saved.")
@click.option("--no-data", is_flag=True,
              help="Attach no document data (JSON of what each document states) to the PDFs.")
def render(directory: str | None, docs: str, formats: str, out: Path | None,
           template: Path | None, blank: bool, every: bool, jobs: int | None, watch: bool,
           no_data: bool) -> None:
    """Render the contract, its annexes and the brief to PDF and DOCX.

    Each PDF carries document-data.json: the parties, stages, prices, dates, installments and
    totals it states, as data (never project.yaml, its comments or notes); --no-data leaves it out."""
    if not (watch or every) and (blank or not office_ahead(directory, docs, formats, template)):
        engine_ahead(formats)
    from contractkit import workspace
    from contractkit.flows.output import render_project

    if no_data and (watch or every):
        raise click.UsageError("--no-data renders one project once: drop --watch and --all")
    if watch:
        if every or blank:
            raise click.UsageError("--watch renders one project: drop --all and --blank")
        _watch(workspace.project_dir(directory), csv_list(docs), csv_list(formats), out, template)
        return
    if every:
        _render_workspace(directory, csv_list(docs), csv_list(formats), jobs)
        return
    project_dir = workspace.project_dir(directory)
    warning: list[str | None] = []

    def unrecorded() -> None:  # looked up while the PDF engine lays out the documents
        from contractkit.store.history import unrecorded_warning

        warning.append(unrecorded_warning(project_dir))

    try:
        paths = render_project(project_dir, csv_list(docs), csv_list(formats), out, template, blank,
                               meanwhile=unrecorded, attach=not no_data)
    finally:
        from contractkit.render import office

        office.stop()  # LibreOffice started ahead (office_ahead), used or not, ends with the render
    for path in paths:
        click.echo(str(path))
    if warning and warning[0]:
        click.echo(warning[0], err=True)
    if not blank:
        from contractkit.cli.base import warn_placeholders

        warn_placeholders(project_dir)


def _render_early(directory=None, docs=None, formats=None, template=None, blank=False, every=False,
                  watch=False, **_) -> None:
    """Before the CLI's own imports: LibreOffice starts for a Word template's PDF (office_ahead)."""
    if not (watch or every or blank):
        office_ahead(directory, docs or "all", formats or "pdf,docx", template)


render.early = _render_early  # type: ignore[attr-defined]


def _watch(project_dir: Path, docs: list[str], formats: list[str], out: Path | None,
           template: Path | None) -> None:
    from contractkit.flows.watch import Watcher, watch

    def report(event) -> None:
        for line in event.errors:
            click.echo(line, err=True)
        for path in event.written:
            click.echo(str(path))
        if not event.errors:
            click.echo(f"rendered {len(event.written)} file(s) in {event.seconds:.2f} s; watching "
                       f"{project_dir / 'project.yaml'} (Ctrl-C stops)", err=True)

    try:
        watch(Watcher(project_dir, docs, formats, out, template), report)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


PROGRESS_REFRESH = 4
"""Redraws a second of `render --all`'s progress bar (rich's default, 10, takes a few per cent of
a core from the workers rendering)."""


def _render_workspace(directory: str | None, docs: list[str], formats: list[str], jobs: int | None):
    from rich.console import Console

    from contractkit import workspace
    from contractkit.flows.batch import render_all

    root = workspace.user_path(directory) if directory else workspace.workspace_root()
    projects = workspace.find_projects(root)
    console = Console(file=terminal())
    if not console.is_terminal:  # nobody sees a bar: rich would still build it ten times a second
        outcomes = render_all(projects, docs, formats, jobs)
    else:
        from rich.progress import Progress

        with Progress(transient=True, console=console, refresh_per_second=PROGRESS_REFRESH) as bar:
            task = bar.add_task("rendering", total=len(projects))
            outcomes = render_all(projects, docs, formats, jobs, lambda _: bar.advance(task))
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        click.echo(f"{outcome.project.name}: {outcome.error}", err=True)
    click.echo(f"rendered {len(outcomes) - len(failed)} of {len(outcomes)} project(s), "
               f"{sum(len(o.written) for o in outcomes)} file(s)")
    if failed:
        sys.exit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of project.yaml (for editors)."""
    from contractkit.flows.create import json_schema

    click.echo(json_schema(), nl=False)
