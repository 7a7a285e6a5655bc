"""Letters to the client: update, notice delay|suspend, remind, claim, asked/received, send."""

from __future__ import annotations

import datetime as dt

import click

from contractkit.cli.base import DATE, cli, split_dir

SEND = click.option("--send", is_flag=True, help="Also send it through your SMTP server "
                    "(~/.config/contractkit/smtp.toml or CONTRACTKIT_SMTP_*).")


def _day(day) -> dt.date:
    return day.date() if day else dt.date.today()


def _report(path, written, send: bool) -> None:
    for file in written.files:
        click.echo(str(file))
    click.echo(f"recorded {written.record.id}: {written.record.kind} letter of {written.record.date} "
               f"to {', '.join(written.record.to)} ({written.record.message_id})")
    if send:
        from contractkit.letters.outbox import send_letter

        sent = send_letter(path, written.record.id)
        click.echo(f"sent {sent.id}: {sent.message_id} to {', '.join(sent.recipients)} via {sent.server}")


@cli.command()
@click.argument("args", nargs=-1, metavar="[DIR] [INSTALLMENT]")
@click.option("--date", "day", type=DATE, help="Date of the reminder (default: today).")
@SEND
def remind(args: tuple[str, ...], day, send: bool) -> None:
    """A polite reminder of an overdue installment (the oldest, unless named): invoice, sum, due
    date, days overdue; written to out/ as an .eml with the invoice attached."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.letters.dunning import remind as write

    directory, rest = split_dir(args)
    if len(rest) > 1:
        raise WorkspaceError(f"expected [DIR] [INSTALLMENT], got {' '.join(args)}")
    path = workspace.project_dir(directory)
    _report(path, write(path, rest[0] if rest else None, _day(day)), send)


@cli.command()
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--date", "day", type=DATE, help="Date of the claim (default: today).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="pdf, docx.")
@SEND
def claim(directory: str | None, day, formats: str, send: bool) -> None:
    """The pre-trial claim (претензия / notice of default): the debt, the penalty as signed, the
    total, the term to pay and the court, citing the contract's clauses by number."""
    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.letters.dunning import claim as write

    path = workspace.project_dir(directory)
    written = write(path, _day(day), csv_list(formats))
    _report(path, written, send)
    facts = written.record.facts
    click.echo(f"debt {facts['debt']}, penalty {facts['penalty']} ({facts['days']} day(s)), "
               f"total {facts['total']}")


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] LETTER")
def send(args: tuple[str, ...]) -> None:
    """Send a letter already written (L-001) through your SMTP server and record that it left."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.letters.outbox import send_letter

    directory, rest = split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError(f"expected [DIR] LETTER, got {' '.join(args)}")
    sent = send_letter(workspace.project_dir(directory), rest[0])
    click.echo(f"sent {sent.id}: {sent.message_id} to {', '.join(sent.recipients)} via {sent.server}")
