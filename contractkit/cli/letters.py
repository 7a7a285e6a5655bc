"""Letters to the client: update, notice delay|suspend, remind, claim, asked/received, send."""

from __future__ import annotations

import datetime as dt

import click

from contractkit.cli.base import DATE, cli, engine_ahead, split_dir

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
        from contractkit.flows.letters.outbox import send_letter

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
    from contractkit.flows.letters.dunning import remind as write

    directory, rest = split_dir(args)
    if len(rest) > 1:
        raise WorkspaceError(f"expected [DIR] [INSTALLMENT], got {' '.join(args)}")
    path = workspace.project_dir(directory)
    written = write(path, rest[0] if rest else None, _day(day))
    _report(path, written, send)
    for warning in written.warnings:
        click.echo(f"warning: {warning}", err=True)


@cli.command()
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--date", "day", type=DATE, help="Date of the claim (default: today).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="pdf, docx.")
@SEND
def claim(directory: str | None, day, formats: str, send: bool) -> None:
    """The pre-trial claim (претензия / notice of default): the debt, the penalty as signed, the
    total, the term to pay and the court, citing the contract's clauses by number."""
    engine_ahead(formats)
    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.flows.letters.dunning import claim as write

    path = workspace.project_dir(directory)
    written = write(path, _day(day), csv_list(formats))
    _report(path, written, send)
    for warning in written.warnings:
        click.echo(f"warning: {warning}", err=True)
    facts = written.record.facts
    if facts.get("installments"):
        from contractkit.flows.letters.views import claim_summary

        click.echo(claim_summary(facts))
    if facts.get("advances"):
        click.echo(f"prepayment(s) {facts['advances']} overdue: not claimed as a debt before the work "
                   "is accepted; the letter withholds or suspends the work instead (ГК РФ ст. 328, 719)")


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] LETTER")
def send(args: tuple[str, ...]) -> None:
    """Send a letter already written (L-001) through your SMTP server and record that it left."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows.letters.outbox import send_letter

    directory, rest = split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError(f"expected [DIR] LETTER, got {' '.join(args)}")
    from contractkit.cli.base import refuse_placeholders

    path = workspace.project_dir(directory)
    refuse_placeholders(path, "send")
    sent = send_letter(path, rest[0])
    click.echo(f"sent {sent.id}: {sent.message_id} to {', '.join(sent.recipients)} via {sent.server}")


@cli.group()
def notice() -> None:
    """Notices to the client: a deadline moves (delay) or the work stops (suspend)."""


@notice.command("delay")
@click.argument("args", nargs=-1, required=True, metavar="[DIR] STAGE")
@click.option("--days", type=int, help="Working days the stage moves (with --client-caused, by default "
              "the client's recorded lateness, as the contract's extension clause moves it).")
@click.option("--reason", required=True, help="Why, in a sentence the client reads.")
@click.option("--client-caused", is_flag=True,
              help="The client's late materials or feedback cause it (cites the contract's clause).")
@click.option("--date", "day", type=DATE, help="Date of the notice (default: today).")
@click.option("--format", "formats", default="pdf", show_default=True, help="pdf, docx.")
@click.option("--force", is_flag=True, help="Send a client-caused notice although no recorded request "
              "is overdue by --days (warns).")
@SEND
def notice_delay(args: tuple[str, ...], days: int | None, reason: str, client_caused: bool, day, formats: str,
                 force: bool, send: bool) -> None:
    """Tell the client early that STAGE moves: records a timeline change request and writes the
    notice with the new dates computed on the project calendar."""
    engine_ahead(formats)
    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.errors import WorkspaceError
    from contractkit.flows.letters.notice import delay

    directory, rest = split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError(f"expected [DIR] STAGE, got {' '.join(args)}")
    path = workspace.project_dir(directory)
    written = delay(path, rest[0], days, reason, client_caused, _day(day), csv_list(formats), force)
    for warning in written.warnings:
        click.echo(f"warning: {warning}", err=True)
    if day is not None:
        from contractkit.cli.base import warn_future

        warn_future(day.date(), "notice date")  # in force from it: earlier views show it as announced
    facts = written.record.facts
    click.echo(f"{written.record.change}: {facts['stage']} moves {facts['old_deadline']} -> "
               f"{facts['new_deadline']}; completion {facts['completion']}")
    _report(path, written, send)


@notice.command("suspend")
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--days", type=int, help="Wait at least this many working days of silence (never fewer "
              "than the contract's terms.silent_client_days).")
@click.option("--reason", default="", help="A sentence of your own to add.")
@click.option("--date", "day", type=DATE, help="Date of the notice (default: today).")
@click.option("--format", "formats", default="pdf", show_default=True, help="pdf, docx.")
@SEND
def notice_suspend(directory: str | None, days: int | None, reason: str, day, formats: str,
                   send: bool) -> None:
    """Work stops until the silent client answers; deadlines move meanwhile (ГК РФ ст. 328, 719)."""
    engine_ahead(formats)
    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.flows.letters.notice import suspend

    path = workspace.project_dir(directory)
    written = suspend(path, _day(day), days, reason, csv_list(formats))
    if day is not None:
        from contractkit.cli.base import warn_future

        warn_future(day.date(), "notice date")
    _report(path, written, send)


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] WHAT")
@click.option("--date", "day", type=DATE, help="When you asked (default: today).")
@click.option("--feedback", is_flag=True, help="Feedback on a result, not materials.")
@click.option("--stage", help="The stage that waits for it (default: the one in progress).")
@click.option("--letter", is_flag=True, help="Also write the request as a letter (PDF and .eml): the "
              "notice listing what is needed that the contract's deadlines count from.")
@click.option("--format", "formats", default="pdf", show_default=True, help="With --letter: pdf, docx.")
@click.option("--send", is_flag=True, help="With --letter: send it now (SMTP settings as for `send`).")
def asked(args: tuple[str, ...], day, feedback: bool, stage: str | None, letter: bool, formats: str,
          send: bool) -> None:
    """Record that you asked the client for materials (or --feedback): its term starts."""
    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.flows.letters.waits import ask

    directory, rest = split_dir(args)
    path = workspace.project_dir(directory)
    record, written = ask(path, " ".join(rest), _day(day), "feedback" if feedback else "materials", stage,
                          letter, tuple(csv_list(formats)))
    click.echo(f"recorded {record.id}: asked for {record.kind} on {record.asked}: {record.what}")
    if written is not None:
        _report(path, written, send)


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] REQUEST")
@click.option("--date", "day", type=DATE, help="When it came (default: today).")
def received(args: tuple[str, ...], day) -> None:
    """Record that what you asked for (R-001) came from the client."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows.letters.waits import receive

    directory, rest = split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError(f"expected [DIR] REQUEST, got {' '.join(args)}")
    record = receive(workspace.project_dir(directory), rest[0], _day(day))
    click.echo(f"recorded {record.id}: received on {record.received}: {record.what}")


@cli.command()
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--since", type=DATE, help="Start of the period (default: the last update's date).")
@click.option("--date", "day", type=DATE, help="Date of the update (default: today).")
@SEND
def update(directory: str | None, since, day, send: bool) -> None:
    """The weekly status for the client, from the record: done, in progress, next, waiting on the
    client, changes awaiting approval, deadlines moved, money due."""
    from contractkit import workspace
    from contractkit.flows.letters.update import update as write

    path = workspace.project_dir(directory)
    written = write(path, _day(day), since.date() if since else None)
    click.echo(written.text.rstrip())
    _report(path, written, send)
