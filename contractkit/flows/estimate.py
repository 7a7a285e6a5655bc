"""The change request sheet (the one-page estimate the client approves before the addendum): its
project, change and context against the last version signed before it, the document data it
embeds (the approval quotes its hash) and its files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.flows.output import notice_changes, refuse_edited, remember_shown, write_files
from contractkit.render.docdata import attachment
from contractkit.render.documents import document_head, file_name, html_for, to_formats
from contractkit.render.look import look_for
from contractkit.store.lock import locked


def render_estimate(path: Path, change_id: str, formats: list[str], out: Path | None = None,
                    valid_until: dt.date | None = None, attach: bool = True,
                    shown: bool = True) -> list[Path]:
    """A one-page change request for the client, before the formal addendum.

    valid_until: the last day the estimate holds (default: 10 working days after the request);
    shown: made for someone to see (not only to hash it), so the change's edit is fixed from now on.
    """
    project, change, context, look, data = estimate_parts(path, change_id, valid_until)
    stamped = project.model_copy(update={"contract": project.contract.model_copy(
        update={"date": change.requested_on})})
    title = context["_title"]
    head = document_head(project, title, change.requested_on)
    html = html_for("estimate.html.j2", context, project, look, title, head=head)
    files = to_formats(html, formats, stamped, look, data if attach else None, title, head=head)
    with locked(path):
        done = write_files({file_name(change.id.lower(), project, fmt): data for fmt, data in files.items()},
                      out or path / "out")
    if shown:  # the client may see this sheet: its edit is fixed from now on
        remember_shown(path, [change.id])
    return done


def estimate_parts(path: Path, change_id: str, valid_until: dt.date | None = None):
    """The change request sheet's project, change, context, look and the document data it embeds.
    Its baseline is the last version signed before the change, as the CLI's impact: edits committed
    before `change` count. The approval link quotes the SHA-256 of that embedded document data."""
    from contractkit.flows.approval import sheet_link
    from contractkit.flows.stated import noticed_baseline, sheet_payments
    from contractkit.render.addendum import estimate_context
    from contractkit.store import history, written
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        changes = {c.id: c for c in history.changes(repo)}
        if change_id not in changes:
            raise RenderError(f"no change request {change_id} in this project")
        change = changes[change_id]
        refuse_edited(repo, [change])
        written.refuse_change(repo, change_id)  # another edit under its id: never the sheet of it (B1)
        sha = history.resolve(repo, change_id)
        signed = [s for s in history.signatures(repo) if repo.is_ancestor(s.tag, sha)]
        baseline = history.project_at(repo, signed[-1].tag if signed else f"{sha}^")
        project = history.project_at(repo, sha)
        from contractkit.store.deal import prepaid_on

        prepaid = prepaid_on(repo, sha)
        notices = notice_changes(repo)
        baseline, noticed = noticed_baseline(repo, changes, notices, change_id, sha, signed, baseline)
        flags = [{d.id: d.personal_data for d in p.deliverables} for p in (baseline, project)]
        data_terms = (_data_terms(repo, signed, project, path, prepaid)
                      if project.language == "en" and signed and flags[0] != flags[1] else None)
        schedule = sheet_payments(repo, signed, project, prepaid) if signed else None
        from contractkit.compute import stage_numbers

        numbers = stage_numbers([history.project_at(repo, s.tag) for s in signed] + [project])
    look = look_for(project, path)
    valid_until = valid_until or change.valid_until  # as `change --valid-until` recorded it (B15)
    if valid_until is not None and valid_until < change.requested_on:
        raise RenderError(f"--valid-until {valid_until} is before the request date {change.requested_on}")
    context = estimate_context(baseline, project, change, valid_until, prepaid, schedule,
                               numbers=numbers)
    context["change"]["notice"] = change.id in notices
    context["effect"]["noticed"] = noticed  # the dates in force after the contractor's notice
    if data_terms is not None:  # the sheet names the section the Change Order adds or extends
        context["data_terms"] = data_terms
    title = (f"Запрос на изменение № {change.number}" if project.language == "ru"
             else f"Change Request {change.id}")
    data = attachment(context, "estimate", title, change.requested_on)
    context["approve"] = sheet_link(project, change.id, data, baseline if signed else None)
    context["_title"] = title
    return project, change, context, look, data


def _data_terms(repo, signed, project, path: Path, prepaid) -> dict:
    """The personal-data section of the agreement as the next Change Order leaves it: {"section":
    its number ("" when the contract has none), "new": whether that Change Order inserts it, "order":
    the Change Order's number}, read off the rendered contract in the signed numbering."""
    from contractkit.compute import compute
    from contractkit.flows.letters.clauses import numbered
    from contractkit.render import context as ctx
    from contractkit.render.numbering import numbering_for
    from contractkit.store import history

    numbering = numbering_for([history.project_at(repo, s.tag) for s in signed] + [project])
    figures = compute(project, prepaid, numbers=numbering["stages"])
    context = ctx.build(project, figures) | {"numbering": numbering}
    html = html_for("contract.html.j2", context, project, look_for(project, path), project.title)
    hit = next((number for role, number, _ in numbered(html) if role == "personal_data"), "")
    return {"section": hit.split(".")[0], "new": "personal_data" in numbering["late"],
            "order": len(signed)}


def estimate_data(path: Path, change_id: str) -> bytes:
    """The document data the change request sheet embeds (its hash is the one the approval quotes)."""
    return estimate_parts(path, change_id)[4]
