"""Team commands: clone, sync, doctor."""

from __future__ import annotations

import sys

import click

from contractkit.cli.base import DIR, cli


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
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    click.echo(("merged the remote's changes; " if result.merged else "")
               + f"{result.fetched} new signature tag(s) fetched, pushed"
               + (f" with tags {', '.join(result.tags_pushed)}" if result.tags_pushed else ""))


@cli.command()
@click.option("--install", "bare", metavar="BARE_REPO",
              help="Install the guard as BARE_REPO's pre-receive hook.")
@click.option("--force", is_flag=True,
              help="With --install: replace a pre-receive hook that is not the guard.")
@click.option("--hook", is_flag=True, hidden=True,
              help="Run as the hook: git's ref updates on standard input.")
def guard(bare: str | None, force: bool, hook: bool) -> None:
    """On a studio's git server: refuse pushes that rewrite or forge signed history."""
    from pathlib import Path

    from contractkit import guard as guarding

    if bare:
        path = guarding.install(Path(bare).expanduser().resolve(), force)
        click.echo(f"installed the guard as {path}")
        return
    if not hook:
        raise click.UsageError("give --install BARE_REPO (the hook itself runs with --hook)")
    try:
        reasons = guarding.check(guarding.read_updates(sys.stdin.read()))
    except Exception as exc:  # noqa: BLE001 - a guard that cannot decide refuses
        reasons = [f"the guard could not check this push ({type(exc).__name__}: {exc}); refusing it"]
    for reason in reasons:
        click.echo(f"contractkit guard: refused: {reason}", err=True)
    sys.exit(1 if reasons else 0)


@cli.command()
@DIR
@click.option("--fix", is_flag=True,
              help="Repair what is safe (interrupted commands, temp files, staged files); never a signature.")
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
