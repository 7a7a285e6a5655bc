"""Render a project directory's documents into files: all bytes first, then atomic writes.

A plain render imports only what it needs; addenda, change-request sheets and signed versions
import the history and the ledger inside their functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.faults import point
from contractkit.load import PROJECT_FILE, parse_project, read_source
from contractkit.render.docdata import attachment
from contractkit.render.documents import (
    DOCUMENTS,
    available,
    document_head,
    file_name,
    html_for,
    render_documents,
    to_formats,
)
from contractkit.render.look import look_for
from contractkit.store.files import write_all_atomic
from contractkit.store.lock import locked
from contractkit.workspace import user_path


def render_project(project_dir: Path, docs: list[str], formats: list[str], out: Path | None = None,
                   template: Path | None = None, blank_brief: bool = False, meanwhile=None,
                   attach: bool = True) -> list[Path]:
    """Render and write; returns the written paths. Nothing is written if any document fails.

    blank_brief renders the empty brief questionnaire to send to a new client instead;
    attach: embed each document's data in its PDF (False: --no-data);
    meanwhile: work of the command's own to do while the PDFs are laid out (render_documents).
    """
    source_path = project_dir / PROJECT_FILE
    source, text = read_source(source_path)
    project = parse_project(text)
    has = available(project)
    if docs == ["all"]:
        docs = has
    if blank_brief:
        docs = ["brief-blank"]
    missing = [d for d in docs if d not in (*has, "brief-blank")]
    if missing:
        known = ", ".join(DOCUMENTS)
        raise RenderError(f"no document {', '.join(missing)} in this project (documents: {known}; "
                          "support needs a support plan)")
    out_dir = out or project_dir / "out"
    out_dir = user_path(out_dir)  # --out is the user's: taken as given
    look = look_for(project, project_dir, template)
    from contractkit.flows.billing import prepaid_on_for

    payments, prepaid, numbering, signed_on, dated = None, prepaid_on_for(project_dir), None, None, None
    moved = None
    if {"payments", "contract", "scope"} & set(docs):  # 3.3.x and the annexes: the schedule as signed
        from contractkit.store.heads import may_be_signed

        signed = None
        if may_be_signed(project_dir):  # the history and the deal state load only then (~10 ms)
            from contractkit.store import history

            signed = history.as_signed(project_dir, source, prepaid)
            signed_on = history.signed_on(project_dir)  # "by" dates count from it
        if signed:
            from contractkit.render.numbering import numbering_for
            from contractkit.render.schedule import payments_as_signed

            payments = payments_as_signed(*signed)
            numbering = numbering_for(signed[0].versions[:signed[1] + 1])
            dated = _dates_stated(project_dir, *signed)
            from contractkit.render.addendum import stated_move

            moved = stated_move(*signed)  # 2.1 and 2.3 as the change order restated them
    draft = signed_on is None  # not signed: no "by" date for a payment due on signing
    files = render_documents(project, project_dir, attach, docs, formats, look,
                             prepaid, payments, meanwhile, numbering, signed_on, draft, dated, moved)
    with locked(project_dir):
        return write_files(files, out_dir)


def _dates_stated(project_dir: Path, hist, n: int) -> dict:
    """Stage id -> the dates in force addendum n states (signed, or as it would be drafted today)
    where they are not version n's own: a later render of that version says what was signed."""
    from contractkit.flows.stated import stated_dates
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    if n < 1:
        return {}
    with open_repo(project_dir) as repo:
        signed = history.signatures(repo)
        return stated_dates(repo, hist, n, signed[n] if n < len(signed) else None)


def check_addendum_date(day: dt.date, project, signed: list) -> None:
    """An addendum is dated on or after the contract and every earlier signature."""
    if day < project.contract.date:
        raise RenderError(f"--date {day} is before the contract date {project.contract.date}")
    if signed and day < signed[-1].date:
        last = signed[-1]
        what = "the contract was signed" if last.kind == "contract" else f"addendum {last.number} was signed"
        raise RenderError(f"--date {day} is before {last.date}, when {what}")


def check_added_dates(hist, n: int, day: dt.date) -> None:
    """An English Change Order never states a milestone it adds as starting before its own date: a
    milestone added after the work in force ended would run in the past (review-en4 E13)."""
    if hist.versions[n].language != "en":
        return
    old = {d.id for d in hist.versions[n - 1].deliverables}
    past = [x for x in hist.figures[n].lines if x.deliverable.id not in old and x.start < day]
    if past:
        x = past[0]
        raise RenderError(f"the change order dated {day} would state milestone {x.deliverable.id} as running "
                          f"from {x.start} to {x.deadline}, before its own date",
                          hint=f"give deliverable {x.deliverable.id} a delay: (business days its start "
                               f"moves) or a deadline: so that it starts on or after {day}")


def changes_after(day: dt.date, changes: list) -> str | None:
    """A warning when an addendum dated `day` signs a change (a request, a notice) made after it:
    the addendum would recite a date later than its own."""
    later = [c for c in changes if c.requested_on and c.requested_on > day]
    if not later:
        return None
    last = max(later, key=lambda c: c.requested_on)
    return (f"warning: dated {day}, before {last.requested_on}, the date of {last.id} it signs (it recites "
            f"that date): date it {last.requested_on} or later")


def _contract_files(path: Path, text: bytes, signed_on: dt.date | None = None,
                    look=None, drafted: bool = False) -> dict[str, bytes]:
    """signed_on: the signing day; the payment schedule's "by" dates count from it, as the ledger does;
    look: the Word templates as the signed version holds them (flows/wordsigned.py); drafted: the
    documents as `render` drafts them before any signature (no date for a payment due on signing),
    which is what `sign` hashes now (flows/signing/drafts.py)."""
    project = parse_project(text.decode("utf-8-sig"))
    docs = [d for d in available(project) if d != "brief"]
    return render_documents(project, path, True, docs, ["pdf", "docx"], look or look_for(project, path),
                            signed_on=signed_on, draft=drafted)


def _addendum_files(path: Path, repo, n: int | None, day: dt.date | None, formats: list[str],
                    attach: bool = True, legacy: bool = False, rev: str | None = None) -> dict[str, bytes]:
    """rev: where the user's Word contract is read for a new addendum ("HEAD" when signing; None:
    the working tree); a signed addendum's is read from its tag (flows/wordsigned.py)."""
    from contractkit.flows.wordsigned import signed_look
    from contractkit.render.addendum import addendum_context, deposit_subclause, field_changes
    from contractkit.render.amendments import (
        amended_clauses,
        brief_changes,
        restated_annexes,
        support_amended,
        support_price,
        support_terms_changed,
    )
    from contractkit.store import history
    from contractkit.store.deal import state_before

    hist, n, signed, record = _addendum_history(repo, n, legacy)
    day = (record.drafted or record.date) if record else (day or dt.date.today())
    if record is None:
        check_addendum_date(day, hist.versions[0], signed)
        check_added_dates(hist, n, day)
    changes = [c for c in history.changes(repo, record.tag if record else "HEAD")
               if (record and c.id in record.changes) or (not record and c.status == "proposed")]
    if record is None:  # a new addendum states only what each change request recorded
        refuse_edited(repo, changes)
    project = hist.versions[n]
    tag = record.tag if record else None
    before = state_before(repo, n, day, tag)  # the deal before it: the dates in force it starts from
    context = addendum_context(hist, n, day, changes, signed[1:n] if record else signed[1:],
                               notice_changes(repo, record.tag if record else "HEAD"), None, before,
                               before.received_by(day) if before else None)
    dated = context["addendum"]["kept"]
    look = signed_look(repo, path, project, record, rev)
    stamped = project.model_copy(update={"contract": project.contract.model_copy(update={"date": day})})
    title = ("Дополнительное соглашение № " if project.language == "ru" else "Change Order No. ") + str(n)
    from contractkit.render.schedule import settled_before

    settled = settled_before(before, day, context["addendum"]["refund"], n, context["addendum"]["recorded"])
    context["addendum"]["restated"] = restated_annexes(hist, n, project, look, context["addendum"]["kept"],
                                                       before, settled)
    word = word_contract(look, path)
    context["addendum"]["unnumbered"], context["addendum"]["deposit_clause"] = [], None
    context["addendum"]["support_amended"], context["addendum"]["attached"] = [], []
    if word is not None:  # the user's own contract: its clauses by the numbers it carries
        from contractkit.render.wordclauses import word_amendments

        context["addendum"]["amended"], context["addendum"]["unnumbered"] = word_amendments(hist, n, word)
    elif project.language == "en":  # by headings and signed numbers: an added section shifts none
        from contractkit.render.amendments_en import amended_sections

        context["addendum"]["amended"] = amended_sections(hist, n, look, dated, before,
                                                          context["addendum"]["attached"])
        context["addendum"]["deposit_clause"] = next(  # the signed deposit clause (2.3) it restates
            (c["number"] for c in context["addendum"]["amended"]
             if c["kind"] == "restate" and c["text"].startswith("The deposit was received after")), None)
    else:
        context["addendum"]["amended"] = amended_clauses(hist, n, look, dated, before)
        context["addendum"]["support_amended"] = support_amended(hist, n, look)
        fee = support_price(hist.versions[n - 1]) != support_price(project)
        context["addendum"]["support_fee_changed"] = fee
        context["addendum"]["support_changes"] = support_terms_changed(hist.versions[n - 1], project)
    context["addendum"]["deposit_sub"] = deposit_subclause(context["addendum"], signed[0])
    context["addendum"]["payment_clause"] = (getattr(signed[0], "clauses", None) or {}).get("payment", "3.3")
    # the Client's termination for convenience (EN 17.2), which may make "the deposit" non-refundable
    context["addendum"]["convenience_clause"] = (getattr(signed[0], "clauses", None) or {}).get("convenience")
    context["addendum"]["brief"] = brief_changes(hist.versions[n - 1], project)
    # a term of the deal the contract's wording does not state cannot be agreed by an addendum
    other = [k for k in context["addendum"]["section_keys"] if k != "brief"]
    if record is None and word is None:
        refuse_unworded(hist, n, look, field_changes(hist.versions[n - 1], project, other))
    # an English change order is made as of its last signature: no date of its own in the text
    head = document_head(project, title, day if project.language == "ru" else None)
    html = html_for("addendum.html.j2", context, project, look, title, head=head)
    data = attachment(context, "addendum", title, day) if attach else None
    files = to_formats(html, formats, stamped, look, data, title, head=head)
    return {file_name(f"addendum-{n}", project, fmt): data for fmt, data in files.items()}


def _addendum_history(repo, n: int | None, legacy: bool = False):
    """(history, n, signatures, addendum n's record or None): the versions with the prepayment as
    recorded at the addendum's tag (or HEAD) and the signing day (legacy: as before the anchor)."""
    from contractkit.flows import workflow
    from contractkit.flows.billing import prepaid_on
    from contractkit.ledger import History

    hist, n, signed = workflow.versions_for(repo, n)
    record = signed[n] if n < len(signed) else None
    hist = History(hist.versions, prepaid_on(repo, record.tag if record else "HEAD"),
                   None if legacy else hist.signed_on, hist.dated)
    return hist, n, signed, record


def word_contract(look, path: Path) -> Path | None:
    """The user's own Word template for the contract (templates.contract), if the project names one."""
    from contractkit.render.look import word_templates

    return word_templates(look, ["contract"], path).get("contract")


def refuse_unworded(hist, n: int, look, changes: list[dict]) -> None:
    """Refuse an addendum that would agree a value no clause of the contract states (a lawyer
    amends the signed wording by its numbers; a data key of the project file is no term)."""
    from contractkit.errors import ContractkitError
    from contractkit.render.unworded import unworded

    found = unworded(hist, n, look, changes)
    if found:
        x = found[0]
        raise ContractkitError(
            f"project.yaml: {x['path']}: changed from {x['old']} to {x['new']}, which no clause of the "
            f"contract states, so addendum {n} cannot agree it",
            hint="undo this edit (git checkout the value) or agree it in writing outside the contract")


def notice_changes(repo, rev: str = "HEAD") -> set[str]:
    """Change requests a delay notice recorded: the contractor's notice, whoever caused it."""
    from contractkit.flows.letters.record import letters

    return {x.change for x in letters(repo, rev) if x.kind == "delay" and x.change}


def addendum_warnings(path: Path, n: int | None, day: dt.date | None = None) -> list[str]:
    """What the user should fix before addendum n is signed (a stage added with no description)."""
    from contractkit.diff import impact
    from contractkit.flows.impact import undescribed_warnings
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        hist, n, _, _ = _addendum_history(repo, n)
    found = undescribed_warnings(impact(hist.versions[n - 1], hist.versions[n]))
    if day is not None:
        from contractkit.store import history

        with open_repo(path) as repo:
            pending = [c for c in history.changes(repo, "HEAD") if c.status == "proposed"]
        late = changes_after(day, pending)
        found += [late] if late else []
    project = hist.versions[n]
    word = word_contract(look_for(project, path), path)
    if word is not None:  # what the user's contract carries no clause number for
        from contractkit.render import wordclauses

        rel = project.templates.word().get("contract", word.name)
        found += wordclauses.warnings(str(rel), wordclauses.word_amendments(hist, n, word)[1])
    return found


def render_addendum(path: Path, n: int | None, formats: list[str], day: dt.date | None = None,
                    out: Path | None = None, attach: bool = True) -> list[Path]:
    """Write addendum n (default: the pending one) to the output folder (attach: its data in the
    PDF)."""
    from contractkit.store import written
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        written.refuse(repo)  # a deleted change record would let its edit in unrecorded
        files = _addendum_files(path, repo, n, day, formats, attach)
    with locked(path):
        done = write_files(files, out or path / "out")
    if n is None:
        remember_shown(path, None)
    return done


def remember_shown(path: Path, ids: list[str] | None) -> None:
    """store/recorded.remember, for the change requests (ids, else every proposed one) a document
    made here shows."""
    from contractkit.store import written
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        written.remember_changes(repo, ids)


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    paths = {out_dir / name: data for name, data in files.items()}
    try:
        write_all_atomic(paths, after_each=lambda: point("render:one-file-written"))
    except OSError as exc:
        raise RenderError(f"cannot write to {out_dir}: {exc.strerror}") from None
    return list(paths)


def write_signed(path: Path, files: dict[str, bytes]) -> list[Path]:
    """Keep the exact signed bytes in out/, so they can be sent and verified."""
    return write_files(files, path / "out")


def refuse_edited(repo, changes: list) -> None:
    """RenderError for a change record whose words were edited after it was recorded."""
    from contractkit.store import audit

    for change in changes:
        found = audit.edited_by_hand(repo, change)
        if found:
            raise RenderError(found, hint="restore its words (git log -p -- .contractkit/changes) or "
                                          "record the change anew with 'contractkit change'")
