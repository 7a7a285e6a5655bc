"""Commands over a project's history: sign, change, reject, diff, addendum, log, status, verify."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from contractkit.cli.base import (
    DATE,
    DIR,
    cli,
    csv_list,
    engine_ahead,
    refuse_placeholders,
    settled_heap,
    split_dir,
    warn_future,
)
from contractkit.cli.site import approval_lines, pades_option, pades_sign, trust_option, verify_signed_pdf


@cli.command()
@DIR
@click.option("--date", "day", type=DATE, required=True, help="Date both parties signed (YYYY-MM-DD).")
@click.option("--by", "names", multiple=True, help="Who signed (repeat for each signatory).")
@click.option("--redraft", is_flag=True,
              help="Sign a fresh render although it differs from the draft in out/ (send it to the client).")
@pades_option
def sign(directory: str | None, day, names: tuple[str, ...], redraft: bool = False, pades=None) -> None:
    """Record the committed version as signed: the contract first, then each addendum.

    The documents are signed as drafted (the copy in out/ the client was sent), never re-dated:
    the signing date goes into the signature record and the tag."""
    engine_ahead()
    from contractkit import workspace
    from contractkit.flows import workflow
    from contractkit.flows.output import write_signed
    from contractkit.flows.signing.drafts import signing_documents

    path = workspace.project_dir(directory)
    refuse_placeholders(path, "sign")
    rendered: dict[str, bytes] = {}
    late: list[str | None] = []

    def render(repo, kind, number, date):
        """Render as drafted and keep the exact bytes in out/ before anything is recorded."""
        files, drafted, clauses = signing_documents(path, repo, kind, number, date, redraft)
        rendered.update(files)
        if kind == "addendum":
            from contractkit.flows.output import changes_after
            from contractkit.store import history

            pending = [c for c in history.changes(repo, "HEAD") if c.status == "proposed"]
            late.append(changes_after(drafted, pending))
        for written in write_signed(path, rendered):
            click.echo(str(written))
        return rendered, drafted, clauses

    record = workflow.sign(path, day.date(), list(names), render)
    pades_sign(path, rendered, pades)
    click.echo(f"signed {record.tag} on {record.date}: {len(record.files)} file(s) hashed, tag {record.tag}")
    if record.kind == "addendum" and record.drafted and record.drafted != record.date:
        click.echo(f"{record.tag}: signed on {record.date} as drafted on {record.drafted}: the text is the "
                   f"draft's, not re-dated; the signing date is in the signature record and the tag")
    warn_future(day.date(), "signing date")  # after the work: a refusal stays one line
    for warning in filter(None, late):
        click.echo(warning, err=True)
    from contractkit.consistency import blank_requisites
    from contractkit.load import parse_project

    signed = parse_project((path / "project.yaml").read_text(encoding="utf-8-sig"))
    for _, message in blank_requisites(signed):
        click.echo(f"warning: signed with a blank: {message}", err=True)
    if record.kind == "contract":  # the deposit's term runs from the signing date, not the contract's
        from contractkit.consistency import start_before_deposit

        for _, message in start_before_deposit(signed, signed_on=record.date):
            click.echo(f"warning: contract.start: {message}", err=True)


@cli.command()
@DIR
@click.option("-m", "--message", "title", required=True, help="What the change is, in a few words.")
@click.option("--reason", default="", help="Why it is needed.")
@click.option("--requested-by", type=click.Choice(["client", "contractor"]), default="client",
              show_default=True)
@click.option("--requested-on", type=DATE, help="When it was asked for (default: today).")
@click.option("--estimate", is_flag=True, help="Also render a one-page change request for the client.")
@click.option("--valid-until", type=DATE,
              help="Last day the estimate holds (default: 10 working days after the request).")
def change(directory: str | None, title: str, reason: str, requested_by: str, requested_on,
           estimate: bool, valid_until) -> None:
    """Record your edits of project.yaml as a change request and show their impact."""
    engine_ahead()
    from contractkit import workspace
    from contractkit.flows import impact as change_impact
    from contractkit.flows import workflow
    from contractkit.load import parse_project

    path = workspace.project_dir(directory)
    import datetime as dt

    from contractkit.flows.lateness import refuse_unheld_extension

    refuse_unheld_extension(path, requested_on.date() if requested_on else dt.date.today(), "change")
    recorded = workflow.record_change(path, title, reason, requested_by,
                                      requested_on.date() if requested_on else None,
                                      valid_until=valid_until.date() if valid_until else None)
    if requested_on:
        warn_future(requested_on.date(), "--requested-on")
    project = parse_project((path / "project.yaml").read_text(encoding="utf-8"))
    click.echo(f"recorded {recorded.change.id} ({recorded.change.kind}): {title}")
    for line in change_impact.impact_lines(recorded.impact, project, recorded.baseline_tag,
                                           in_force=change_impact.pending_dates(
                                               path, recorded.change.requested_on or dt.date.today())):
        click.echo(line)
    if recorded.change.added:
        click.echo("not to be started until the addendum is signed: " + ", ".join(recorded.change.added))
    for warning in change_impact.change_deposit_warnings(recorded.impact, project,
                                                         recorded.change.requested_on):
        click.echo(warning, err=True)
    effect = recorded.impact
    for warning in [*change_impact.deadline_cap_warnings(effect),
                    *change_impact.held_deadline_warnings(effect)]:
        click.echo(warning, err=True)
    from contractkit.flows.workflow import penalty_warnings

    for warning in penalty_warnings(path, recorded.baseline_tag, project):
        click.echo(warning, err=True)
    if estimate:
        from contractkit.flows.estimate import render_estimate

        until = valid_until.date() if valid_until else None
        for written in render_estimate(path, recorded.change.id, ["pdf", "docx"], valid_until=until):
            click.echo(str(written))


@cli.command()
@DIR
@click.argument("change_id", metavar="CR-ID")
@click.option("--reason", default="", help="Why the change is withdrawn.")
def reject(directory: str | None, change_id: str, reason: str) -> None:
    """Withdraw a proposed change with a revert commit (history is kept)."""
    from contractkit import workspace
    from contractkit.flows import workflow

    rejected = workflow.reject_change(workspace.project_dir(directory), change_id, reason)
    click.echo(f"rejected {rejected.id}: {rejected.title}")


@cli.command()
@click.argument("versions", nargs=-1, metavar="[DIR] [FROM [TO]]")
@click.option("--text", is_flag=True, help="Also show the line diff of project.yaml.")
def diff(versions: tuple[str, ...], text: bool) -> None:
    """What changed between two versions (default: last signed -> working file)."""
    from contractkit import workspace
    from contractkit.flows import impact as change_impact
    from contractkit.store import compare

    directory, versions = split_dir(versions)
    path = workspace.project_dir(directory)
    result = compare.between(path, *versions)
    title = f"{result.old_name} -> {result.new_name}"
    for line in change_impact.impact_lines(result.impact, result.new, title, result.from_last_signed,
                                           change_impact.diff_in_force(path, result)):
        click.echo(line)
    if text:
        click.echo(result.text_diff, nl=False)


@cli.command()
@click.argument("args", nargs=-1, metavar="[DIR] [N]")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="pdf, docx, html.")
@click.option("--date", "day", type=DATE, help="Date printed on a pending addendum (default: today).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--no-data", is_flag=True, help="Attach no document data (JSON) to the PDF.")
def addendum(args: tuple[str, ...], formats: str, day, out: Path | None, no_data: bool) -> None:
    """Render addendum N (default: the pending one) with the ledger and restated annexes."""
    engine_ahead(formats)
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows.output import addendum_warnings, render_addendum

    directory, rest = split_dir(args)
    if len(rest) > 1 or (rest and not rest[0].isdigit()):
        raise WorkspaceError(f"expected [DIR] [N], got {' '.join(args)}")
    number = int(rest[0]) if rest else None
    path = workspace.project_dir(directory)
    if number is None:  # a pending addendum must not cancel an extension the client's lateness gives
        import datetime as dt

        from contractkit.flows.lateness import refuse_unheld_extension

        refuse_unheld_extension(path, day.date() if day else dt.date.today())
    for written in render_addendum(path, number, csv_list(formats), day.date() if day else None, out,
                                   attach=not no_data):
        click.echo(str(written))
    import datetime as dt

    dated = None if number else (day.date() if day else dt.date.today())
    for warning in addendum_warnings(path, number, dated):
        click.echo(warning, err=True)


@cli.command()
@DIR
@click.option("--json", "as_json", is_flag=True,
              help="Print the deal state as JSON (sums as strings, ISO dates).")
def log(directory: str | None, as_json: bool = False) -> None:
    """The project's story: contract, change requests, addenda, running totals."""
    from contractkit import workspace

    if as_json:
        import datetime as dt

        _print_json(workspace.project_dir(directory), dt.date.today())
        return
    from contractkit.store.walk import Walk

    path = workspace.project_dir(directory)
    walk = Walk.start(path)  # git reads the history while the code below is imported
    from contractkit.flows import views
    from contractkit.flows.billing.views import merged_log
    from contractkit.flows.letters.views import merged_log as with_letters
    from contractkit.flows.letters.views import notice_changes

    with settled_heap():  # a thousand change requests make many objects
        state, project = _where(path, committed=True, walk=walk)
        story = views.log_lines(state, project, notice_changes(state.path) if state.changes else set())
        lines = with_letters(merged_log(story + approval_lines(state), state.path), state.path)
    if lines:
        click.echo("\n".join(lines))  # one write: a long history is a thousand lines


@cli.command()
@DIR
@click.option("--json", "as_json", is_flag=True,
              help="Print the deal state as JSON (sums as strings, ISO dates).")
@click.option("--date", "day", type=DATE,
              help="The deal as of this day: terms, deadlines and delays counted to it, and no "
                   "record dated after it (default: today, every record).")
def status(directory: str | None, as_json: bool = False, day=None) -> None:
    """Last signed version, pending changes, unrecorded edits and the next step."""
    import datetime as dt

    from contractkit import workspace
    from contractkit.flows import views

    today = day.date() if day else dt.date.today()
    until = today if day else None  # --date: the records dated after it are not there yet
    if as_json:
        _print_json(workspace.project_dir(directory), today, until)
        return
    from contractkit.flows.billing.views import status_lines

    state, project = _where(workspace.project_dir(directory), committed=False)
    if until is not None:
        from contractkit.flows.letters.deal import state_until

        state = state_until(state, until)
    approved = _approved(state, until) if state.signed and state.pending else {}
    for line in views.status_lines(state, project, today, approved) + status_lines(state.path, today, until):
        click.echo(line)
    from contractkit.flows.letters.views import deadline_warnings

    for line in deadline_warnings(state.path, today, until):
        click.echo(line)


def _approved(state, until=None) -> dict:
    """Pending changes the client approved by email (verified records only; with until, those
    recorded by then)."""
    from contractkit.flows import approval_trust
    from contractkit.store.repo import open_repo

    with open_repo(state.path) as repo:
        return {a.change: a for a in approval_trust.trusted(state.path, repo)
                if until is None or a.recorded_on <= until}


def _print_json(path: Path, today, until=None) -> None:
    from contractkit.flows.letters.deal import deal_json

    click.echo(deal_json(path, today, until))


def _where(path: Path, committed: bool, walk=None):
    """The project's state in its repository, and its committed (or working) version."""
    from contractkit.load import parse_project
    from contractkit.store.deal import read_state

    state = read_state(path, walk)
    text = state.head_text if committed else state.working_text
    return state, parse_project(text.decode("utf-8-sig"))


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="[DIR] FILE")
@trust_option
def verify(args: tuple[str, ...], trust=()) -> None:
    """Say whether FILE is exactly a signed document of this project, and which one."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows import workflow

    directory, rest = split_dir(args)
    if len(rest) != 1:
        raise WorkspaceError("expected [DIR] FILE")
    file = Path(rest[0])
    if not file.is_file():
        raise WorkspaceError(f"{file}: no such file")
    if verify_signed_pdf(directory, file, trust):
        return
    from contractkit.flows.signing.reproduce import reproduce

    found = workflow.verify(workspace.project_dir(directory), file, reproduce)
    if found is None:
        from contractkit.flows.billing import verify_document
        from contractkit.flows.signing.check import MAX_SIGNED_PDF

        small = file.stat().st_size <= MAX_SIGNED_PDF  # acts and invoices are small: never read a huge file
        issued = small and verify_document(workspace.project_dir(directory), file.read_bytes())
        if issued:
            click.echo(f"{file}: matches {issued}")
            return
        click.echo(f"{file}: NOT a signed document of this project (no recorded hash matches)")
        for record, other in workflow.other_versions(workspace.project_dir(directory), file.name):
            click.echo(f"note: {file.name} signed as {record.tag} on {record.date} was rendered with "
                       f"{'; '.join(other)}: a copy rendered again here has other bytes; verify the "
                       "signed copy itself, or render on the versions it names")
        sys.exit(1)
    record, name = found
    click.echo(f"{file}: matches {name} signed as {record.tag} on {record.date}"
               + (f" by {', '.join(record.by)}" if record.by else ""))
