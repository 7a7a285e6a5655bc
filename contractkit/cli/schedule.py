"""Dates out of the workspace: calendar (an .ics of every deadline) and agenda (the studio's week)."""

from __future__ import annotations

import click

from contractkit.cli.base import DATE, cli


def _today(day):
    import datetime as dt

    return day.date() if day else dt.date.today()


@cli.command("calendar")
@click.argument("dirs", nargs=-1, metavar="[DIR...]")
@click.option("--out", "out", default="deadlines.ics", show_default=True, help="The .ics file to write.")
@click.option("--date", "day", type=DATE,
              help="As of this day: no record dated after it counts (default: today, every record).")
def calendar_command(dirs: tuple[str, ...], out: str, day) -> None:
    """An RFC 5545 calendar of every signed project in DIRs (projects or workspaces): deadlines,
    the client's obligations, installments, the Friday update, the end of support."""
    from contractkit import workspace
    from contractkit.flows.facts import facts_for
    from contractkit.flows.ics import calendar_bytes
    from contractkit.store.files import write_atomic

    today = _today(day)
    until = today if day else None  # --date: the records dated after it are not there yet
    paths = workspace.projects_in([workspace.user_path(d) for d in dirs])
    found = [facts_for(p, today, until) for p in paths]
    for f in found:
        if f.error:
            click.echo(f"{f.name}: skipped: {f.error}")
    signed = [f for f in found if f.signed and not f.error]
    target = workspace.user_path(out)
    write_atomic(target, calendar_bytes(signed, today))
    events = sum(len(f.events) for f in signed)
    click.echo(f"{target}: {events} events from {len(signed)} signed project(s)")


@cli.command()
@click.argument("dirs", nargs=-1, metavar="[DIR...]")
@click.option("--week", is_flag=True, help="This week, Monday to Sunday (the default).")
@click.option("--from", "start", type=DATE, help="First day of the period.")
@click.option("--to", "end", type=DATE, help="Last day of the period.")
@click.option("--date", "day", type=DATE,
              help="As of this day: no record dated after it counts (default: today, every record).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def agenda(dirs: tuple[str, ...], week: bool, start, end, day, as_json: bool) -> None:
    """Across the workspace: deadlines coming and missed, installments due and overdue, what waits
    on the client, changes awaiting signature, updates not sent, invoices not issued."""
    import json

    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows import agenda as view

    today = _today(day)
    if week and (start or end):
        raise WorkspaceError("--week or --from/--to, not both")
    if bool(start) != bool(end):
        raise WorkspaceError("--from and --to go together")
    first, last = (start.date(), end.date()) if start else view.week_of(today)
    if last < first:
        raise WorkspaceError(f"--to {last} is before --from {first}")
    paths = workspace.projects_in([workspace.user_path(d) for d in dirs])
    result = view.build(paths, first, last, today, today if day else None)
    if as_json:
        click.echo(json.dumps(view.as_json(result), ensure_ascii=False, indent=2))
    else:
        for line in view.lines(result):
            click.echo(line)
