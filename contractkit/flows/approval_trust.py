"""Which approval records count as approvals (A5: a hand-written record is not one).

The rule is the signature rule of store/trust.py: an approval record counts only when this
machine's `approve` made it (remembered in the user's state folder, which nothing in a project or
its .git can add to), or when the .eml committed beside it passes `check_reply` again, for the
same change, sender and document hash as the pending change request sheet rendered now; then it is
remembered too. Anything else is an "unverified approval record": `log` says so, the client's page
keeps the approve link, and `doctor` reports it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.flows import approval
from contractkit.flows.approval import (
    APPROVALS,
    ApprovalError,
    ApprovalRecord,
    PendingDocument,
    approval_path,
    check_reply,
    signed_project,
)
from contractkit.store.files import write_atomic


@dataclass(frozen=True)
class Entry:
    record: ApprovalRecord | None
    name: str
    problem: str = ""
    """Empty when the record counts; else why it is an unverified approval record."""


def _mark(record_bytes: bytes, scope: str) -> Path:
    from contractkit.workspace import state_dir

    return state_dir() / "approvals" / hashlib.sha256(scope.encode() + b"\0" + record_bytes).hexdigest()


def scope_of(repo) -> str:
    """The project a mark belongs to: its repository's first commit(s). A record copied into
    another project (the same bytes) is not known there; its email is checked again."""
    from contractkit.store.repo import run

    try:
        return " ".join(sorted(run(repo, "rev-list", "--max-parents=0", "HEAD").split()))
    except ContractkitError:
        return ""


def _change_scope(repo, rev: str, scope: str, change_id: str, sheet: bool = True) -> str:
    """The mark's scope narrowed to the sheet the approval is of, as it is at rev: the change record
    and the trees of the commit that recorded it and of the one before (the project.yaml, records
    and templates the sheet is rendered from). A change renumbered by `sync`, another change under
    the same id, or the same record on a rewritten commit (300 pages where the client approved 30:
    red team 10, B1) is a different sheet, so the stored mail is checked again against the sheet
    pending under that id now. sheet=False: the scope marks had before that (see _known)."""
    from contractkit.store import history, records

    try:
        data = history.blob(repo, rev, records.change_path(change_id))
    except ContractkitError:
        data = None
    if not scope or data is None:
        return ""
    narrowed = scope + "\0" + hashlib.sha256(data).hexdigest()
    if not sheet:
        return narrowed
    try:
        commit = repo.commit(history.resolve(repo, change_id))
        trees = [commit.tree.hexsha, *(p.tree.hexsha for p in commit.parents[:1])]
    except (ContractkitError, ValueError):
        return ""
    return narrowed + "\0" + " ".join(trees)


def remember(record_bytes: bytes, scope: str) -> None:
    """This record was made by this machine's `approve` in this project, or its .eml was checked
    again here."""
    write_atomic(_mark(record_bytes, scope), b"")


def known(record_bytes: bytes, scope: str) -> bool:
    return bool(scope) and _mark(record_bytes, scope).is_file()


def entries(path: Path, repo, rev: str = "HEAD", dnsfunc=None, confirmations: bool = False) -> list[Entry]:
    """Every approval record committed at rev, each judged; never raises on a hostile record.

    dnsfunc looks DKIM keys up; without it (every reading command) nothing touches the network: a
    record neither remembered nor refused before is UNCHECKED, and only the commands the user runs
    to check approvals (`doctor`, `approve`) look keys up (red team 13, B06).

    A record confirmed over the client's wording (`approve --confirm`) is somebody's decision, and
    `confirmed_by` is only what the record claims: it counts where it was made (remembered here)
    or once this machine's user accepts it (`approve --accept`), never because it arrived through
    git. With confirmations (the server guard, which judges no one's decision), one whose mail
    still passes every other check and whose recorded reason is the one its mail gives passes."""
    from contractkit.store import records

    try:
        tree = repo.commit(rev).tree / APPROVALS
    except (KeyError, ValueError):
        return []
    blobs = {b.name: b.data_stream.read() for b in tree.blobs}
    out: list[Entry] = []
    pending: dict[str, tuple] = {}
    client = _client_email(repo, rev) if any(n.endswith(".yaml") for n in blobs) else None
    scope = scope_of(repo) if any(n.endswith(".yaml") for n in blobs) else ""
    for name in sorted(n for n in blobs if n.endswith(".yaml")):
        data = blobs[name]
        try:
            record = records.parse(ApprovalRecord, data, f"{APPROVALS}/{name}")
        except ContractkitError as exc:
            out.append(Entry(None, name, f"damaged ({exc.message})"))
            continue
        if name != f"{record.change}.yaml":
            out.append(Entry(record, name, f"its file name is not {record.change}.yaml"))
            continue
        if client is not None and record.sender.lower() != client.strip().lower():
            out.append(Entry(record, name, f"its sender {record.sender} is not the client's address in the "
                                           f"last signed version ({client or 'none'})"))
            continue
        if _known(repo, rev, data, scope, record.change):
            out.append(Entry(record, name))
            continue
        eml = blobs.get(f"{record.change}.eml")
        if eml is None:
            out.append(Entry(record, name, "no email is committed beside it"))
            continue
        sheet_scope = _change_scope(repo, rev, scope, record.change)
        known_problem = _failed(data, eml, sheet_scope)
        if known_problem:  # judged before, for this very sheet: no sheet rendered again (red team 10, B11)
            out.append(Entry(record, name, known_problem))
            continue
        if dnsfunc is None:  # a reading command: no DNS lookup (a beacon), no sheet rendered (B06)
            out.append(Entry(record, name, UNCHECKED))
            continue
        if record.change not in pending:  # only the sheet this record names
            pending[record.change] = _pending(path, repo, rev, record.change)
        problem = _recheck(record, eml, pending[record.change], dnsfunc, confirmations)
        if not problem and not record.confirmed_by:  # a decision counts only where it was made or accepted
            remember(data, sheet_scope)
        elif problem and not record.confirmed_by:
            _fail(data, eml, sheet_scope, problem)
        out.append(Entry(record, name, problem))
    return out


UNCHECKED = ("not yet checked on this machine: its email's DKIM keys are looked up only when you ask "
             "(run 'contractkit doctor')")
"""The reading path's word for a record that came through git and was never checked here."""

TRANSIENT = ("DKIM key lookup failed", "cannot be checked again")
"""A verdict that may change on the next try (no DNS answer now): never remembered."""


def _failed_mark(record_bytes: bytes, eml: bytes, scope: str) -> Path:
    from contractkit.workspace import state_dir

    key = scope.encode() + b"\0" + record_bytes + b"\0" + hashlib.sha256(eml).digest()
    return state_dir() / "approvals-failed" / hashlib.sha256(key).hexdigest()


def _failed(record_bytes: bytes, eml: bytes, scope: str) -> str:
    """Why this record, with this mail, for this very sheet, was found not to count, if it was."""
    if not scope:
        return ""
    from contractkit.store.trust import read_verdict

    return read_verdict(_failed_mark(record_bytes, eml, scope))


def _fail(record_bytes: bytes, eml: bytes, scope: str, problem: str) -> None:
    """Remember a verdict that does not depend on the network: every later command reads it instead
    of rendering the sheet again (one hand-written record cost each `status` 35 s with 40 CRs)."""
    if scope and not any(t in problem for t in TRANSIENT):
        write_atomic(_failed_mark(record_bytes, eml, scope), problem.encode("utf-8"))


def _known(repo, rev: str, data: bytes, scope: str, change_id: str) -> bool:
    """The record is remembered for this very sheet; or, remembered before marks named the sheet,
    its change is no longer pending (the addendum that signed it stands on its own signature)."""
    if known(data, _change_scope(repo, rev, scope, change_id)):
        return True
    if not known(data, _change_scope(repo, rev, scope, change_id, sheet=False)):
        return False
    from contractkit.store import history

    try:
        change = next((c for c in history.changes(repo, rev) if c.id == change_id), None)
    except ContractkitError:
        return False
    return change is not None and change.status != "proposed"


def trusted(path: Path, repo, rev: str = "HEAD", dnsfunc=None) -> list[ApprovalRecord]:
    return [e.record for e in entries(path, repo, rev, dnsfunc) if not e.problem]


def _pending(path: Path, repo, rev: str, change_id: str | None = None):

    try:
        return approval.signed_project(repo, rev), pending_documents(path, repo, change_id)
    except ContractkitError as exc:
        return None, exc.message


def _recheck(record: ApprovalRecord, eml: bytes, pending, dnsfunc, confirmations: bool = False) -> str:
    project, documents = pending
    if project is None:
        return f"its email cannot be checked again ({documents})"
    documents = [d for d in documents if d.change == record.change]
    if not documents:
        return f"{record.change} has no pending change request sheet its email could approve"
    if bool(record.confirmed_by) != bool(record.despite):
        return "it names who confirmed it without the reason, or the reason without who confirmed it"
    try:
        again = check_reply(eml, project.client.email, documents, dnsfunc, project.terms.electronic_exchange,
                            confirm=bool(record.confirmed_by), names=approval.people(project),
                            cards=approval.card(project), on=record.recorded_on)
    except ApprovalError as exc:
        return f"its email does not pass the check again ({exc.message})"
    if (again.change, again.sha256, again.sender) != (record.change, record.sha256, record.sender):
        return "the record does not say what its email says (change, document hash or sender differ)"
    # every field the record shows is the mail's, a teammate's edit of any of them is seen (red team 12, B20)
    said = {"document": again.document, "dkim_domain": again.dkim_domain.lower(),
            "message_id": again.message_id, "sent": again.sent}
    kept = {"document": record.document, "dkim_domain": record.dkim_domain.lower(),
            "message_id": record.message_id, "sent": record.sent}
    # an older record may lack the message's id and date (blank shows nothing false)
    differ = [k for k in said if said[k] != kept[k] and (kept[k] or k in ("document", "dkim_domain"))]
    if differ:
        return f"the record does not say what its email says ({', '.join(differ)} differ)"
    sent = _sent_day(record.sent)
    if sent is not None and record.recorded_on < sent - dt.timedelta(days=1):
        return f"it is dated {record.recorded_on}, before its email was sent ({record.sent[:60]})"
    if record.confirmed_by and again.despite != record.despite:
        read = again.despite or "an approval"
        return f"it gives a reason its email does not give: the reply, read here, is {read}"[:600]
    if record.confirmed_by and not confirmations:
        return (f"{record.confirmed_by[:80]} recorded it as approved over the client's wording "
                f"({again.despite}); a decision made on another machine counts here only once you accept it: "
                f"'contractkit approve --accept {record.change}'")
    return ""


def _sent_day(header: str) -> dt.date | None:
    """The day of a Date header (None when it does not parse)."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(header).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def accept(path: Path, change_id: str, dnsfunc=None) -> tuple[ApprovalRecord, list[str]]:
    """This machine's user accepts a teammate's confirmation of change_id (`approve --accept`): its
    mail is checked again as when it was recorded, the reason recomputed, and the record remembered
    here. Returns the record and the lines of the client's reply, to show what was accepted."""
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        found = [e for e in entries(path, repo, dnsfunc=dnsfunc or approval.lookup_txt, confirmations=True)
                 if e.record is not None and e.record.change == change_id]
        if not found:
            raise ApprovalError(f"{change_id}: no approval record is committed for it")
        entry = found[0]
        if entry.problem:
            raise ApprovalError(f"{change_id}: the approval record cannot be accepted: {entry.problem}")
        if not entry.record.confirmed_by:
            raise ApprovalError(f"{change_id}: its approval is the client's own words; there is nothing to "
                                "accept")
        data = history.blob(repo, "HEAD", f"{APPROVALS}/{entry.name}")
        eml = history.blob(repo, "HEAD", approval_path(change_id, "eml"))
        remember(data, _change_scope(repo, "HEAD", scope_of(repo), change_id))
    return entry.record, approval.reply_lines(eml)


def _client_email(repo, rev: str) -> str | None:
    """client.email as last signed (every approval is checked against it); None if unreadable."""
    try:
        return approval.signed_project(repo, rev).client.email or ""
    except ContractkitError:
        return None


def pending_documents(path: Path, repo, change_id: str | None = None) -> list[PendingDocument]:
    """The change request sheet (PDF) of every proposed change (or of change_id only), rendered as
    `change --estimate` does."""
    from contractkit.flows.estimate import estimate_data, render_estimate
    from contractkit.store import history

    out = []
    for change in history.changes(repo):
        if change.status != "proposed" or (change_id is not None and change.id != change_id):
            continue
        source = estimate_data(path, change.id)  # the document data the sheet embeds
        with tempfile.TemporaryDirectory() as tmp:
            made = render_estimate(path, change.id, ["pdf"], Path(tmp), shown=False)
            pdf = next(p for p in made if p.suffix == ".pdf")
            out.append(PendingDocument(change.id, pdf.name, hashlib.sha256(pdf.read_bytes()).hexdigest(),
                                       hashlib.sha256(source).hexdigest(), _valid_until(source)))
    return out


def _valid_until(source: bytes) -> dt.date | None:
    """The last day the sheet holds, as its embedded document data (the hash its link quotes) says:
    the change record's write-once valid_until or the default the sheet printed (red team 12, B15)."""
    import json

    try:
        return dt.date.fromisoformat(json.loads(source)["change"]["valid_until"])
    except (ValueError, KeyError, TypeError):
        return None


def record_approval(path: Path, eml: bytes, dnsfunc=None, confirmed_by: str = "") -> ApprovalRecord:
    """Check the reply against the project's pending documents and commit it as evidence. With
    confirmed_by (`approve --confirm`), a reply not read as an approval but from the client, DKIM
    valid and quoting the hash, is recorded as that person's decision, with the reason."""
    from contractkit.errors import RepositoryError
    from contractkit.store import records, written
    from contractkit.store.files import write_atomic
    from contractkit.store.lock import locked
    from contractkit.store.repo import commit, open_repo

    with open_repo(path) as repo:  # rendering the sheets takes the lock itself
        if not repo.head.is_valid():
            raise RepositoryError("the project has no commits yet")
        head = repo.head.commit.hexsha
        project = signed_project(repo)
        dnsfunc = dnsfunc or approval.lookup_txt  # looked up now: tests and callers may replace it
        done = {a.change for a in trusted(path, repo, dnsfunc=dnsfunc)}
        documents = pending_documents(path, repo)
    pending = [d for d in documents if d.change not in done]
    try:
        record = check_reply(eml, project.client.email, pending, dnsfunc, project.terms.electronic_exchange,
                             confirm=bool(confirmed_by), names=approval.people(project),
                             cards=approval.card(project))
    except ApprovalError as exc:
        _already(eml, project, [d for d in documents if d.change in done], dnsfunc, exc)
        if exc.message.startswith("not an approval") and " approve --confirm" not in exc.message:
            raise ApprovalError(f"{exc.message}; nothing was recorded (if the client did approve, "
                                "record it as your own decision: 'contractkit approve --eml FILE "
                                "--confirm')") from None
        raise
    if record.despite:
        record = record.model_copy(update={"confirmed_by": confirmed_by})
    how = (f"recorded by {record.confirmed_by} despite the reply's wording" if record.confirmed_by
           else f"DKIM valid, d={record.dkim_domain}")
    files = [approval_path(record.change, "eml"), approval_path(record.change, "yaml")]
    with locked(path), open_repo(path) as repo:
        if repo.head.commit.hexsha != head:
            raise RepositoryError("the project changed while the reply was checked",
                                  hint="run 'contractkit approve' again")
        write_atomic(path / files[0], eml)
        write_atomic(path / files[1], records.dump(record))
        remember(records.dump(record), _change_scope(repo, "HEAD", scope_of(repo), record.change))
        commit(repo, files, f"{record.change} approved by email from {record.sender} ({how})")
        written.remember_changes(repo, [record.change])  # the edit the client approved, fixed from now on
    return record


def _already(eml: bytes, project, approved: list[PendingDocument], dnsfunc, refused: ApprovalError) -> None:
    """A reply that approves a change already approved says so, instead of "nothing pending"."""
    if not approved or not (refused.message.startswith("no pending document")
                            or refused.message.startswith("wrong hash")):
        return
    try:
        again = check_reply(eml, project.client.email, approved, dnsfunc, project.terms.electronic_exchange,
                            names=approval.people(project),
                            cards=approval.card(project))
    except ApprovalError:
        return
    raise ApprovalError(f"{again.change} is already approved by email; nothing new was recorded",
                        hint="'contractkit log' shows the approval") from None
