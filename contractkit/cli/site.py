"""Commands for the client: PAdES signatures in the PDF (sign --certificate, sign-pdf, verify),
approval by email (approve) and the client's page (publish).

`sign` and `verify` live in changes.py; they reach this module through one decorator and one
call each (pades_option/pades_sign, trust_option/verify_signed_pdf).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from contractkit.cli.base import DATE, DIR, cli


def pades_option(command):
    """--certificate FILE.p12 and --password-env VAR, loaded before anything is recorded."""

    @click.option("--certificate", type=click.Path(dir_okay=False, path_type=Path),
                  help="Also sign each PDF with this PKCS#12 certificate (PAdES).")
    @click.option("--password-env", metavar="VAR", help="Environment variable holding its password.")
    @functools.wraps(command)
    def wrapper(*args, certificate: Path | None, password_env: str | None, **kwargs):
        kwargs["pades"] = _certificate(certificate, password_env) if certificate else None
        return command(*args, **kwargs)

    return wrapper


def _certificate(file: Path, password_env: str | None):
    from contractkit.errors import WorkspaceError
    from contractkit.flows.signing.pades import load_certificate

    if not file.is_file():
        raise WorkspaceError(f"{file}: no such certificate file")
    password = None
    if password_env:
        if password_env not in os.environ:
            raise WorkspaceError(f"--password-env {password_env}: no such environment variable")
        password = os.environ[password_env].encode("utf-8")
    return load_certificate(file.read_bytes(), password, str(file))


def pades_sign(path: Path, rendered: dict[str, bytes], pades) -> None:
    """After `sign` recorded the rendered hashes: sign each PDF in out/ with the certificate."""
    if pades is None:
        return
    from contractkit.flows.signing.pades import sign_pdf
    from contractkit.store.files import write_atomic

    for name, data in sorted(rendered.items()):
        if name.endswith(".pdf"):
            write_atomic(path / "out" / name, sign_pdf(data, pades))
            click.echo(f"{path / 'out' / name}: PAdES-signed by {pades.name}")


def trust_option(command):
    """--trust CA.pem (repeatable): roots a PDF signature's certificate must chain to."""
    return click.option("--trust", "trust", multiple=True,
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        help="A trusted root certificate (PEM or DER) for PDF signatures.")(command)


def verify_signed_pdf(directory: str | None, file: Path, trust: tuple[Path, ...]) -> bool:
    """Verify a PAdES-signed copy of a signed document; False (nothing done) for any other file."""
    from contractkit import workspace
    from contractkit.flows import workflow
    from contractkit.flows.signing.check import (
        MAX_SIGNED_PDF,
        check_stamp_names,
        examine,
        has_signatures,
        load_roots,
    )

    if file.stat().st_size > MAX_SIGNED_PDF:  # hashed by streaming instead (issue 11: a 6 GB file)
        return False
    data = file.read_bytes()
    if not has_signatures(data):
        return False
    result = examine(data, load_roots({str(t): t.read_bytes() for t in trust}) if trust else None)
    if result.problem and not result.signatures:
        return False
    path = workspace.project_dir(directory)
    from contractkit.flows.signing.reproduce import reproduce

    found = next((f for f in (workflow.verify(path, c, reproduce) for c in result.originals) if f), None)
    if result.changed_before:
        click.echo(f"{file}: NOT the signed document: changed before signing ({result.changed_before})")
    elif found is None:
        click.echo(f"{file}: NOT a signed document of this project (its revision before the first "
                   "digital signature matches no recorded hash)")
    else:
        record, name = found
        check_stamp_names(result, workflow.signer_words(path, record.tag))
        signed = (f"{name} signed as {record.tag} on {record.date}"
                  + (f" by {', '.join(record.by)}" if record.by else ""))
        if result.drawn_over is not None:
            why = result.drawn_reason or "has content drawn over the signed pages after signing"
            click.echo(f"{file}: matches {signed}, but {why}: look at page {result.drawn_over}")
        elif result.ok:
            click.echo(f"{file}: matches {signed}, with digital signatures:")
            if trust and all(s.trusted for s in result.signatures):  # the page may offer this copy
                from contractkit.flows.signing.pades import remember_copy

                remember_copy(data)
        else:  # a refusal opens with the refusal, never with "matches"
            click.echo(f"{file}: NOT verified (see below); its revision before the first digital "
                       f"signature is {signed}")
    for n, sig in enumerate(result.signatures, 1):
        click.echo(f"  {n}. {signature_line(sig)}")
        for name, page, text in result.stamps:  # what a printout shows next to the text
            if name == sig.field:
                click.echo(f'     its visible stamp on page {page} reads: "{text}"')
    if found is None or not result.ok:
        sys.exit(1)
    return True


def signature_line(sig) -> str:
    when = sig.time.strftime("%Y-%m-%d %H:%M:%S %Z") if sig.time else "time unknown"
    when += " (timestamp)" if sig.timestamped else " (signer's clock)"
    if not sig.intact:
        state = "BROKEN: the signed bytes were changed or the signature is invalid"
    else:
        state = {"none": "intact, no change after signing",
                 "signatures": "intact, only signatures added after it",
                 "changed": "intact, but the document was CHANGED after signing"}[sig.changed_after]
    trust = {None: "trust not checked (give --trust CA.pem)", True: "certificate chains to a trusted root",
             False: "certificate does NOT chain to a trusted root"}[sig.trusted]
    return f"{sig.signer}, signed {when}: {state}; {trust}" + (f" ({sig.problem})" if sig.problem else "")


@cli.command("sign-pdf")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pades_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the signed copy here (default: sign FILE in place).")
def sign_pdf_command(file: Path, pades, out: Path | None) -> None:
    """Add a PAdES signature to FILE as an incremental update: the client's countersignature."""
    from contractkit.errors import WorkspaceError
    from contractkit.flows.signing.pades import sign_pdf
    from contractkit.store.files import write_atomic

    if pades is None:
        raise WorkspaceError("sign-pdf needs --certificate FILE.p12")
    data = file.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise WorkspaceError(f"{file}: not a PDF")
    target = out or file
    write_atomic(target, sign_pdf(data, pades))
    click.echo(f"{target}: PAdES-signed by {pades.name}")


@cli.command()
@DIR
@click.option("--eml", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The client's reply, saved from the mail program as .eml.")
@click.option("--dkim-key", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The sender's DKIM key TXT record saved in a file (v=DKIM1; k=rsa; p=…), for use "
                   "without DNS.")
@click.option("--confirm", is_flag=True,
              help="Record a reply that is not read as an approval (a question, a condition, other text) "
                   "as your own decision: shown as confirmed by you (git user.name), with the reason.")
@click.option("--accept", "accept", metavar="CR-NNN",
              help="Accept a teammate's approval of CR-NNN that they confirmed over the client's wording "
                   "(`log` lists it as awaiting you): the client's words and the reason are shown again.")
def approve(directory: str | None, eml: Path | None, dkim_key: Path | None, confirm: bool,
            accept: str | None) -> None:
    """Record the client's email reply as approval of a pending change request (ГК РФ ст. 160 п. 2)."""
    from contractkit import workspace
    from contractkit.errors import WorkspaceError
    from contractkit.flows import approval, approval_trust

    if (eml is None) == (accept is None):
        raise WorkspaceError("approve needs either --eml FILE (the client's reply) or --accept CR-NNN")
    dnsfunc = None
    if dkim_key is not None:
        with dkim_key.open("rb") as handle:
            dnsfunc = approval.key_file_dns(handle.read(20_000).decode("utf-8", "replace"))
    if accept is not None:
        record, lines = approval_trust.accept(workspace.project_dir(directory), accept.upper(), dnsfunc)
        click.echo(f"{record.change} accepted as approved: {record.confirmed_by} confirmed the reply from "
                   f"{record.sender} over its wording: {record.despite}")
        for line in lines:
            click.echo(f"  | {line}")
        return

    with eml.open("rb") as handle:  # bounded: an approval reply is small, the file is untrusted
        data = handle.read(approval.MAX_EML + 1)
    who = ""
    if confirm:
        from contractkit.flows.redline.versions import user_name

        who = user_name() or ""
        if not who:
            raise WorkspaceError("--confirm records the approval as your decision, but git has no user.name",
                                 hint="git config --global user.name 'Your Name'")
    lines = approval.reply_lines(data)  # read before anything is recorded; the check reuses the parse
    record = approval_trust.record_approval(workspace.project_dir(directory), data, dnsfunc=dnsfunc,
                                            confirmed_by=who)
    if record.confirmed_by:
        click.echo(f"{record.change} recorded as approved by email from {record.sender} on YOUR confirmation "
                   f"({record.confirmed_by}), despite: {record.despite}")
    else:
        click.echo(f"{record.change} approved by email from {record.sender}, DKIM valid "
                   f"(d={record.dkim_domain}); {record.document} SHA-256 {record.sha256}")
    for line in lines:
        click.echo(f"  | {line}")


def approval_lines(state) -> list[str]:
    """`log`'s lines for approvals by email, read from the project's repository."""
    from contractkit.flows import approval_trust
    from contractkit.store.repo import open_repo

    if state.head_text is None:
        return []
    with open_repo(state.path) as repo:
        found = approval_trust.entries(state.path, repo)
    lines = []
    for e in found:
        a = e.record
        if e.problem:
            lines.append(f"{str(a.recorded_on) if a else '':10}  {a.change if a else e.name:<13} unverified "
                         f"approval record: {e.problem}; not counted as approved")
        elif a.confirmed_by:
            lines.append(f"{a.recorded_on}  {a.change:<13} approved by email from {a.sender} as confirmed by "
                         f"{a.confirmed_by} despite: {a.despite}; {a.document} SHA-256 {a.sha256[:16]}…")
        else:
            lines.append(f"{a.recorded_on}  {a.change:<13} approved by email from {a.sender}, DKIM valid "
                         f"(d={a.dkim_domain}), {a.document} SHA-256 {a.sha256[:16]}…")
    return lines


@cli.command()
@DIR
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the site (default: out/site/ in the project).")
@click.option("--date", "today", type=DATE, default=None,
              help="As of this day, as `status --date` and `calendar --date` (default: today).")
def publish(directory: str | None, out: Path | None, today=None) -> None:
    """Build the client's page: scope, timeline, payments, history, signed documents (static, offline)."""
    from contractkit import workspace
    from contractkit.flows.site.build import publish as build

    written = build(workspace.project_dir(directory), out, today.date() if today else None)
    index = next(p for p in written if p.name == "index.html")
    documents = [p for p in written if p.parent != index.parent]
    calendar = " and calendar.ics" if any(p.name == "calendar.ics" for p in written) else ""
    click.echo(f"{index} ({len(documents)} document(s) beside it{calendar})")
