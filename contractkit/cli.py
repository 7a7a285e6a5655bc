"""The command line: parse options, call the library, print. Heavy imports stay in commands."""

from __future__ import annotations

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
def render(directory: str | None, docs: str, formats: str, out: Path | None,
           template: Path | None, blank: bool) -> None:
    """Render the contract, its annexes and the brief to PDF and DOCX."""
    from contractkit import workspace
    from contractkit.render.output import render_project

    paths = render_project(workspace.project_dir(directory), _csv(docs), _csv(formats), out,
                           template, blank)
    for path in paths:
        click.echo(str(path))


def _csv(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


@cli.command()
def schema() -> None:
    """Print the JSON Schema of project.yaml (for editors)."""
    from contractkit.create import json_schema

    click.echo(json_schema(), nl=False)


def main() -> None:
    cli(prog_name="contractkit")
