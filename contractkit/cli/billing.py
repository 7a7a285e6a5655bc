"""The money side: paid, accept, invoice."""

from __future__ import annotations

import click

from contractkit.cli.base import DATE, cli, engine_ahead, refuse_placeholders, split_dir


def _amount(value: str | None):
    """--amount read by the parser project.yaml uses (model/types.py): 45,000 is ambiguous there,
    so it is here too."""
    if value is None:
        return None
    from contractkit.flows.billing.record import BillingError
    from contractkit.model.types import parse_amount

    try:
        return parse_amount(value)
    except (ValueError, ArithmeticError) as exc:
        raise BillingError(f"--amount {value!r} is not a sum of money: {exc}") from None


@cli.command()
@click.argument("args", nargs=-1, metavar="[DIR] [INSTALLMENT]")
@click.option("--amount", help="The sum received (default: all that is due on INSTALLMENT).")
@click.option("--date", "day", type=DATE, help="Date the money arrived (YYYY-MM-DD).")
@click.option("--ref", default="", help="Bank reference or note.")
@click.option("--reverse", "reverse_id", metavar="ID", help="Take back the wrong entry ID (P-001).")
@click.option("--refund", metavar="AMOUNT",
              help="Record money paid back to the client (an addendum cut the fee below what was paid).")
@click.option("--import", "statement", metavar="FILE",
              help="Record the payments of a bank statement (1C, camt.053, MT940, OFX); "
                   "the arguments are then project or workspace DIRs.")
@click.option("--dry-run", is_flag=True, help="With --import: show what would be recorded, record nothing.")
@click.option("--yes", is_flag=True, help="With --import: record without asking.")
def paid(args: tuple[str, ...], amount: str | None, day, ref: str, reverse_id: str | None,
         statement: str | None, dry_run: bool, yes: bool, refund: str | None = None) -> None:
    """Record money received: INSTALLMENT is its number in the schedule, prepayment, final or
    addendum-N; with only --amount it pays the oldest open installments. With --import FILE
    [DIR...]: the payments of a bank statement, matched across the projects."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows.billing import record

    if statement:
        if amount or day or ref or reverse_id or refund:
            raise WorkspaceError("--import takes no --amount, --date, --ref or --reverse: the "
                                 "statement gives them")
        _import(statement, args, dry_run, yes)
        return
    if dry_run or yes:
        raise WorkspaceError("--dry-run and --yes go with --import FILE")
    if day is None:
        raise WorkspaceError("--date is required: the date the money arrived (YYYY-MM-DD)")
    directory, rest = split_dir(args)
    if len(rest) > 1:
        raise WorkspaceError(f"expected [DIR] [INSTALLMENT], got {' '.join(args)}")
    path = workspace.project_dir(directory)
    if refund is not None:
        if rest or amount or reverse_id:
            raise WorkspaceError("--refund AMOUNT takes no installment, --amount or --reverse: it is taken "
                                 "off what was paid beyond the fee")
        entry = record.record_refund(path, _amount(refund), day.date(), ref)
        click.echo(f"recorded {entry.id}: {-entry.amount} refunded on {entry.date}")
    elif reverse_id:
        if rest or amount:
            raise WorkspaceError("--reverse ID takes no installment or amount: it undoes the whole entry")
        entry = record.reverse_payment(path, reverse_id, day.date(), ref)
        click.echo(f"recorded {entry.id}: reverses {entry.reverses}")
    else:
        entry = record.record_payment(path, rest[0] if rest else None, _amount(amount), day.date(), ref)
        click.echo(f"recorded {entry.id}: {entry.amount} received on {entry.date}")
    from contractkit.flows.billing.views import status_lines

    for line in status_lines(path, day.date()):
        click.echo(line)


def _import(statement: str, dirs: tuple[str, ...], dry_run: bool, yes: bool) -> None:
    """Plan, show, then record on --yes or the user's confirmation (dry run by default)."""
    import sys

    from contractkit import workspace
    from contractkit.flows.bank import importer

    roots = [workspace.user_path(d) for d in dirs]
    plan = importer.plan(workspace.user_path(statement), roots)
    for line in importer.table(plan):
        click.echo(line)
    if not plan.to_pay or dry_run:
        return
    if not yes:
        if not sys.stdin.isatty():
            click.echo("dry run: nothing recorded (pass --yes to record)")
            return
        if not click.confirm(f"record {len(plan.to_pay)} payment(s)?", default=False):
            click.echo("nothing recorded")
            return
    for decision, payment_id in importer.record(plan):
        click.echo(f"recorded {payment_id} in {decision.project}: {decision.line.amount} "
                   f"{decision.line.currency} on {decision.line.day} ({decision.numbers})")


@cli.command()
@click.argument("args", nargs=-1, metavar="[DIR] STAGE...|all")
@click.option("--date", "day", type=DATE, required=True, help="Date the act is signed (YYYY-MM-DD).")
@click.option("--remark", "remarks", multiple=True,
              help="A remark of the client (repeat for each). English: start it with the acceptance "
              "criterion it fails, \"(b) …\" or \"2(b) …\" (milestone 2, criterion b), unless the "
              "milestones have one criterion between them.")
@click.option("--fix-by", type=DATE, help="Date by which the remarks are fixed.")
@click.option("--rights", is_flag=True,
              help="Instead: the act transferring the exclusive rights (after full payment).")
@click.option("--licensed", multiple=True,
              help="With --rights: a third-party component only licensed, not transferred (repeat).")
@click.option("--files", "files", multiple=True, metavar="[STAGE=]PATH",
              help="A file of the accepted result as delivered (repeat): its name, format and SHA-256 "
              "go into the record, and the rights act names it.")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="pdf, docx, html.")
def accept(args: tuple[str, ...], day, remarks: tuple[str, ...], fix_by, rights: bool,
           licensed: tuple[str, ...], files: tuple[str, ...], formats: str) -> None:
    """Record and render the acceptance act for STAGE (id or number) or all stages left;
    with --rights, the act transferring the exclusive rights."""
    engine_ahead(formats)
    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.errors import WorkspaceError
    from contractkit.flows.billing import record
    from contractkit.flows.billing.documents import act_files

    directory, stages = split_dir(args)
    if rights and (stages or remarks or fix_by):
        raise WorkspaceError("--rights takes no stages or remarks: the rights pass on the whole result")
    if licensed and not rights:
        raise WorkspaceError("--licensed goes with --rights")
    if not stages and not rights:
        raise WorkspaceError("name the stage(s) accepted, or 'all'")
    path = workspace.project_dir(directory)
    refuse_placeholders(path, "accept")
    act, written, warnings = record.record_act(
        path, list(stages), day.date(), list(remarks), fix_by.date() if fix_by else None,
        lambda book, rec: act_files(path, book, rec, csv_list(formats)),
        list(licensed) if rights else None, list(files))
    for file in written:
        click.echo(str(file))
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    verdict = ("exclusive rights transferred" if rights else
               f"remarks to fix by {act.fix_by}" if act.remarks else "accepted")
    click.echo(f"recorded act {act.number} of {act.date}: {', '.join(act.stages)} {verdict}")


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] INSTALLMENT")
@click.option("--date", "day", type=DATE, help="Date of the invoice (default: today).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="pdf, docx, html.")
def invoice(args: tuple[str, ...], day, formats: str) -> None:
    """Number, record and render an invoice for INSTALLMENT (number, prepayment, final, addendum-N)."""
    engine_ahead(formats)
    import datetime as dt

    from contractkit import workspace
    from contractkit.cli.base import csv_list
    from contractkit.errors import WorkspaceError
    from contractkit.flows.billing.invoice import record_invoice

    directory, rest = split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError(f"expected [DIR] INSTALLMENT, got {' '.join(args)}")
    path = workspace.project_dir(directory)
    refuse_placeholders(path, "invoice")
    record, written = record_invoice(path, rest[0], day.date() if day else dt.date.today(),
                                     csv_list(formats))
    for file in written:
        click.echo(str(file))
    click.echo(f"recorded invoice {record.id} of {record.date} for {rest[0]}: {record.amount} due, "
               f"bills {record.version}")
