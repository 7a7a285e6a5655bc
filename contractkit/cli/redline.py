"""`redline`: the contract and annexes of one version as tracked changes against another."""

from __future__ import annotations

from pathlib import Path

import click

from contractkit.cli.base import cli, engine_ahead, split_dir


@cli.command()
@click.argument("versions", nargs=-1, metavar="[DIR] [FROM [TO]]")
@click.option("--doc", default="all", show_default=True,
              type=click.Choice(["contract", "scope", "payments", "support", "all"]),
              help="Which document to compare.")
@click.option("--author", help="Name on the revisions (default: your git user.name).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
def redline(versions: tuple[str, ...], doc: str, author: str | None, out: Path | None) -> None:
    """DOCX with tracked changes and a marked-up PDF (default: last signed -> working file)."""
    engine_ahead()
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows.redline import write_redlines

    directory, versions = split_dir(versions)
    if len(versions) > 2:
        raise WorkspaceError(f"expected [DIR] [FROM [TO]], got {' '.join(versions)}")
    path = workspace.project_dir(directory)
    for written in write_redlines(path, *versions, doc=doc, author=author, out=out):
        click.echo(str(written))
