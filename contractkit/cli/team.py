"""Team commands: clone, sync, doctor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from contractkit.cli.base import DIR, cli


@cli.command("clone")
@click.argument("url", required=False)
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--all", "every", is_flag=True,
              help="URL is a server namespace (gitolite over SSH): clone every project in it.")
@click.option("--list", "listed", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Clone every repository address in this file (one a line).")
@click.option("--jobs", type=click.IntRange(1, 16), default=4, show_default=True,
              help="With --all or --list: how many at once.")
def clone_project(url: str | None, directory: str | None, every: bool, listed: Path | None,
                  jobs: int) -> None:
    """Get a project from a shared git remote (hooks disabled), or a studio's every project."""
    from contractkit import workspace
    from contractkit.flows import remote

    if every or listed:
        from contractkit.flows import studio

        if listed and url and not directory:  # `clone --list FILE [DIR]`: the one argument is DIR
            url, directory = None, url
        if every and not url:
            raise click.UsageError("--all needs the namespace's address, e.g. git@host:studio/")
        urls = studio.listed_repositories(listed) if listed else studio.namespace_repositories(url)
        root = workspace.user_path(directory) if directory else workspace.default_listing_root()
        _report(studio.clone_all(urls, root, jobs), "cloned")
        return
    if not url:
        raise click.UsageError("give the repository's address")
    name = directory or url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    path = remote.clone(url, workspace.new_project_dir(name))
    click.echo(f"cloned {url} into {path}")


def _report(outcomes, verb: str) -> None:
    for outcome in outcomes:
        click.echo(f"{outcome.name}: {'' if outcome.ok else 'failed: '}{outcome.line}")
    failed = [o for o in outcomes if not o.ok]
    tail = f", {len(failed)} failed" if failed else ""
    click.echo(f"{len(outcomes) - len(failed)} of {len(outcomes)} {verb}{tail}")
    if failed:
        sys.exit(1)


@cli.command()
@DIR
@click.option("--all", "every", is_flag=True,
              help="Sync every project of the workspace (DIR, default ./projects or $CONTRACTKIT_HOME).")
@click.option("--jobs", type=click.IntRange(1, 16), default=4, show_default=True,
              help="With --all: how many at once.")
@click.option("--new-remote", is_flag=True,
              help="The remote's address changed since the last sync on this machine, and the new one "
                   "is yours: sync with it.")
def sync(directory: str | None, every: bool, jobs: int, new_remote: bool) -> None:
    """Fetch, merge and push the project's change requests and signatures."""
    from contractkit import workspace
    from contractkit.flows import remote

    if every:
        from contractkit.flows import studio

        root = workspace.user_path(directory) if directory else workspace.default_listing_root()
        _report(studio.sync_all(workspace.find_projects(root), jobs), "synced")
        return
    result = remote.sync(workspace.project_dir(directory), new_remote=new_remote)
    click.echo(result.address)
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

    from contractkit.flows import guard as guarding

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
    from contractkit.flows.doctor import examine

    findings = examine(workspace.project_dir(directory), fix)
    for finding in findings:
        click.echo(str(finding))
    problems = [f for f in findings if f.level in ("error", "warning")]
    if not problems:
        click.echo("ok: nothing needs your attention" if not findings else "ok")
    sys.exit(1 if problems else 0)
