"""The scope-change workflow on a project repository: change, reject, sign, verify.

Preconditions are checked before anything is written; git history is only ever added to.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contractkit import versions
from contractkit.compute import agreed_shifts, compute
from contractkit.diff import Impact, impact
from contractkit.errors import ContractkitError, RepositoryError
from contractkit.faults import point
from contractkit.ledger import History
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.store import audit, gitenv, history, records, trust, written
from contractkit.store.files import sha256, sha256_file, write_atomic  # noqa: F401 - workflow.sha256
from contractkit.store.journal import journaled, recover
from contractkit.store.lock import locked
from contractkit.store.records import ChangeRecord, SignatureRecord
from contractkit.store.repo import commit, open_repo, require_branch, run


@dataclass(frozen=True)
class Recorded:
    change: ChangeRecord
    impact: Impact
    baseline_tag: str


def record_change(path: Path, title: str, reason: str = "", requested_by: str = "client",
                  requested_on: dt.date | None = None, notice_clause: str = "",
                  completion: dt.date | None = None, valid_until: dt.date | None = None) -> Recorded:
    """Commit the user's edit of project.yaml with a change record; report its impact.
    notice_clause: the contract clause under which the contractor's notice moves the dates;
    completion: the completion a notice gives the deal in force, recorded instead of what signing
    project.yaml would give (which holds any change proposed and not signed: review-en3 E10)."""
    with locked(path), open_repo(path) as repo:
        recover_interrupted(repo, path)
        require_branch(repo)
        st = history.state(repo, path)
        if not st.signed:
            raise RepositoryError("the contract is not signed yet, so edits need no change request",
                                  hint="edit project.yaml freely, then 'contractkit sign --date DATE'")
        covers = audit.unrecorded_commits(repo)[::-1]  # committed by git, not recorded: oldest first
        if not st.uncommitted and not covers:
            raise RepositoryError("no edits to record: project.yaml is as last committed",
                                  hint="edit project.yaml first, then run 'contractkit change -m TITLE'")
        new = parse_project(st.working_text.decode("utf-8-sig"))
        baseline = history.project_at(repo, st.last.tag)
        # the fixed dates earlier addenda agreed keep their days (compute.agreed_shifts, E15)
        agreed = (agreed_shifts([history.project_at(repo, s.tag) for s in st.signed])
                  if len(st.signed) > 1 else {})
        effect = impact(baseline, new, agreed=agreed)
        if effect.empty:
            raise RepositoryError("the edits change nothing in the signed scope (only comments or layout)",
                                  hint="commit them with git directly; no change request is needed")
        _refuse_accepted_repriced(repo, effect)
        asked_on = requested_on or dt.date.today()
        if valid_until is not None and valid_until < asked_on:
            raise RepositoryError(f"--valid-until {valid_until} is before the request date {asked_on}")
        if asked_on < st.last.date:  # a request before what it changes was signed: a wrong date
            raise RepositoryError(
                f"the change would be dated {asked_on}, before {st.last.tag} was signed on {st.last.date}",
                hint="give the day the client asked: 'contractkit change -m TITLE --requested-on DATE'")
        previous = (history.settled(repo, f"{covers[0]}^") or (None, baseline))[1] if covers \
            else history.project_at(repo, "HEAD")
        step = impact(previous, new, agreed=agreed)
        kind = "timeline" if effect.timeline_only else ("scope" if effect.scope_changed or effect.delta
                                                        else "terms")
        change = ChangeRecord(
            id=st.next_change_id(), title=title, reason=reason, requested_by=requested_by,
            requested_on=asked_on, kind=kind, delta=step.delta,
            total=effect.new.total, completion=completion or effect.new.completion,
            added=[x.deliverable.id for x in step.added], covers=covers, notice_clause=notice_clause,
            valid_until=valid_until,
        )
        record = records.change_path(change.id)
        with journaled(path, repo, "change", [record]):
            write_atomic(path / record, records.dump(change))
            point("change:record-written")
            commit(repo, [PROJECT_FILE, record] if st.uncommitted else [record], f"{change.id}: {title}")
        from contractkit.store.deal import prepaid_on

        prepaid = prepaid_on(repo)  # the impact shown is dated as the deal is; the record keeps
        signed_on = st.signed[0].date if st.signed else None  # the prepayment fell due from it
        # without a recorded prepayment the provisional ones
        shown = impact(baseline, new, prepaid, signed_on, agreed=agreed) if prepaid else effect
        return Recorded(change, shown, st.last.tag)


def _refuse_accepted_repriced(repo, effect) -> None:
    """RepositoryError when the edit reprices or removes a stage an act already accepted: the act
    states its price, the VAT on it was invoiced and declared, and an addendum that restates
    another price leaves two signed documents that disagree (review-ru4 R16; ГК РФ ст. 453 п. 2:
    an amendment acts for the future, it does not undo what was performed)."""
    from contractkit.store.payments import acts

    accepted = {sid: a for a in acts(repo) if a.accepted for sid in a.stages}
    hint = ("leave the accepted stage as it is; a discount on it is a refund agreed apart "
            "('contractkit paid --refund'), and a correction of the act is a new act")
    for line in effect.removed:
        act = accepted.get(line.deliverable.id)
        if act is not None:
            raise RepositoryError(f"stage {line.deliverable.id} was accepted by act {act.number} of "
                                  f"{act.date}: a change cannot remove accepted work", hint=hint)
    for c in effect.changed:
        act = accepted.get(c.old.deliverable.id)
        if act is not None and c.old.price != c.new.price:
            raise RepositoryError(f"stage {c.old.deliverable.id} was accepted by act {act.number} of "
                                  f"{act.date} at {c.old.price}: a change cannot reprice accepted work",
                                  hint=hint)


def reject_change(path: Path, change_id: str, reason: str = "") -> ChangeRecord:
    """Withdraw a proposed change: a new commit that reverts its edit; nothing is deleted."""
    with locked(path), open_repo(path) as repo:
        recover_interrupted(repo, path)
        require_branch(repo)
        st = history.state(repo, path)
        change = next((c for c in st.changes if c.id == change_id), None)
        if change is None:
            raise RepositoryError(f"no change request {change_id} in this project")
        if change.status != "proposed":
            raise RepositoryError(f"{change_id} is {change.status}, only a proposed change can be rejected")
        if st.uncommitted:
            raise RepositoryError("project.yaml has uncommitted edits; rejecting would mix them in",
                                  hint="record them with 'contractkit change' or set them aside first")
        sha = history.resolve(repo, change_id)
        reverted = _revert_text(repo, sha, st.head_text)
        parse_project(reverted.decode("utf-8-sig"))
        rejected = change.model_copy(update={"status": "rejected", "rejected_reason": reason})
        files = [PROJECT_FILE, records.change_path(change_id)]
        with journaled(path, repo, "reject", files):
            write_atomic(path / PROJECT_FILE, reverted)
            point("reject:project-written")
            write_atomic(path / files[1], records.dump(rejected))
            point("reject:record-written")
            commit(repo, files, f"Reject {change_id}: {reason or change.title} (reverts {sha[:10]})")
        return rejected


def _revert_text(repo, sha: str, current: bytes) -> bytes:
    """current with the edit made by commit sha taken back (three-way, like git revert)."""
    before = history.blob(repo, f"{sha}^", PROJECT_FILE) or b""
    after = history.blob(repo, sha, PROJECT_FILE) or b""
    if current == after:
        return before
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, data in (("current", current), ("base", after), ("other", before)):
            (Path(tmp) / name).write_bytes(data)
            files.append(str(Path(tmp) / name))
        result = subprocess.run(["git", "merge-file", "-p", *files], capture_output=True, check=False,
                                cwd=tmp, env=gitenv.environment(), stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        delays = _delays_only(before, after)
        if delays is not None:  # a delay a later notice raised again: take back only its own days
            from contractkit.flows.yamledit import with_delay

            text = current.decode("utf-8-sig")
            for stage, days in delays.items():
                text = with_delay(text, stage, -days)
            return text.encode("utf-8")
        raise RepositoryError("later changes edited the same lines; the change cannot be taken back "
                              "automatically", hint="edit project.yaml by hand and record a new change")
    return result.stdout


def _delays_only(before: bytes, after: bytes) -> dict[str, int] | None:
    """stage id -> days, when the edit from before to after only raised stages' `delay:`; else None
    (review-en3 E10: the contractor's own delay, proposed and then overtaken by a client-caused
    notice on the same stage, could not be withdrawn)."""
    try:
        old, new = (parse_project(x.decode("utf-8-sig")) for x in (before, after))
    except (ContractkitError, UnicodeDecodeError):
        return None
    if [d.id for d in old.deliverables] != [d.id for d in new.deliverables]:
        return None
    raised = {n.id: n.delay - o.delay for o, n in zip(old.deliverables, new.deliverables, strict=True)
              if n.delay != o.delay}
    undelayed = [n.model_copy(update={"delay": o.delay}) for o, n in zip(old.deliverables, new.deliverables,
                                                                        strict=True)]
    if not raised or any(v < 0 for v in raised.values()) \
            or new.model_copy(update={"deliverables": undelayed}) != old:
        return None
    return raised


def sign(path: Path, date: dt.date, by: list[str], render) -> SignatureRecord:
    """Record the committed version as signed: render it, hash the files, commit, tag.

    `render(repo, kind, number, date) -> ({file name: bytes}, drafted, {role: clause number})`
    renders the documents to sign as drafted (a plain {file name: bytes}: drafted on the signing
    day, no clause map); the record keeps both dates; the text is never re-dated to the signing day.
    A signature interrupted before its tag is taken back (store/journal.py) and made afresh.
    """
    with locked(path), open_repo(path) as repo:
        recover_interrupted(repo, path)
        require_branch(repo)
        written.refuse(repo)  # a deleted change record would let its edit in unrecorded
        st = history.state(repo, path)
        if st.uncommitted:
            hint = ("record them with 'contractkit change -m TITLE'" if st.signed
                    else "commit them first: git commit project.yaml")
            raise RepositoryError("project.yaml has uncommitted edits; only a committed version can "
                                  "be signed", hint=hint)
        head = parse_project(st.head_text.decode("utf-8-sig"))
        figures = compute(head)
        number = len(st.signed)
        kind = "addendum" if number else "contract"
        if st.signed:
            if st.signed_text == st.head_text:
                raise RepositoryError(f"nothing changed since the last signature ({st.last.tag})")
            if not st.pending:
                raise RepositoryError("the edits since the last signature are in no change request",
                                      hint="record them with 'contractkit change -m TITLE'")
            if date < st.last.date:
                raise RepositoryError(f"{date} is before the last signature ({st.last.tag}, {st.last.date})")
        tag = records.CONTRACT_TAG if not number else records.addendum_tag(number)
        if tag in {t.name for t in repo.tags}:
            raise RepositoryError(f"tag {tag} already exists; a signed tag is never moved",
                                  hint="run 'contractkit doctor'")
        files = render(repo, kind, number, date)
        files, drafted, clauses = (*files, {})[:3] if isinstance(files, tuple) else (files, None, {})
        point("sign:rendered")
        record = SignatureRecord(
            tag=tag, kind=kind, number=number, date=date, drafted=drafted, clauses=clauses, by=by,
            changes=[c.id for c in st.pending], project_sha256=sha256(st.head_text),
            files={name: sha256(data) for name, data in sorted(files.items())},
            total=figures.total, completion=figures.completion, made_with=versions.current(),
            templates=_outside_templates(repo, path, head),
        )
        paths = [records.signature_path(tag), *(records.change_path(c.id) for c in st.pending)]
        with journaled(path, repo, "sign", paths, tag=tag):
            data = records.dump(record)
            write_atomic(path / paths[0], data)
            for change in st.pending:
                signed = change.model_copy(update={"status": "signed", "addendum": number or None})
                write_atomic(path / records.change_path(change.id), records.dump(signed))
            point("sign:records-written")
            trust.remember(data, scope=trust.scope_of(repo))
            signers = f" by {', '.join(by)}" if by else ""
            sha = commit(repo, paths, f"Sign {_what(record)} on {date}{signers}")
            point("sign:committed")
            _tag(repo, record, sha)
            # doctor notices if it is ever replaced
            trust.remember(data, trust.tag_object(repo, tag), trust.scope_of(repo))
            point("sign:tagged")
        return record


def _outside_templates(repo, path: Path, project) -> dict[str, str]:
    """The hashes of the templates git does not hold (flows/wordsigned.py), for the record."""
    if not (project.templates.word() or project.templates.docx or project.templates.html):
        return {}
    from contractkit.flows.wordsigned import outside_hashes

    return outside_hashes(repo, path, project)


def recover_interrupted(repo, path: Path) -> str | None:
    """Undo a command that died before its last step (see store/journal.py)."""
    return recover(path, repo)


def _what(record: SignatureRecord) -> str:
    return "contract" if record.kind == "contract" else f"addendum {record.number}"


def _tag(repo, record: SignatureRecord, sha: str) -> None:
    run(repo, "tag", "-a", record.tag, "-m", f"Signed {_what(record)} on {record.date}", sha)


def versions_for(repo, n: int | None) -> tuple[History, int, list[SignatureRecord]]:
    """The history up to addendum n (default: the pending one, HEAD after the last signature),
    its number, and every signature so far."""
    signed = history.signatures(repo)
    if not signed:
        raise RepositoryError("no signed contract yet, so there is no addendum",
                              hint="sign the contract first: 'contractkit sign --date DATE'")
    addenda = len(signed) - 1
    if n is None or n == addenda + 1:
        versions = [history.project_at(repo, s.tag) for s in signed]
        versions.append(history.project_at(repo, "HEAD"))
        if history.blob(repo, "HEAD", PROJECT_FILE) == history.blob(repo, signed[-1].tag, PROJECT_FILE):
            raise RepositoryError("no pending changes since the last signature",
                                  hint="record a change first: 'contractkit change -m TITLE'")
        unrecorded = audit.unrecorded_commits(repo)
        if unrecorded:
            raise RepositoryError(
                f"commit {unrecorded[0][:10]} edits the signed scope without a change request (it came "
                "in by git, not by 'contractkit change'); an addendum includes only recorded changes",
                hint="record it first: 'contractkit change -m TITLE' (it records committed edits too)")
        dated = tuple(s.date for s in signed)  # the pending addendum: not signed, so no day of its own
        return History(versions, signed_on=signed[0].date, dated=dated), addenda + 1, signed
    if not 1 <= n <= addenda:
        raise RepositoryError(f"no addendum {n}: this project has {addenda} signed and the next is "
                              f"{addenda + 1}")
    return (History([history.project_at(repo, s.tag) for s in signed[: n + 1]], signed_on=signed[0].date,
                    dated=tuple(s.date for s in signed[: n + 1])),
            n, signed)


def verify(path: Path, data: bytes | Path,
           reproduce: trust.Reproduce | None = None
           ) -> tuple[SignatureRecord, str] | None:
    """The signature and file name whose recorded hash equals these bytes (or this file's, read in
    chunks so a file of any size takes little memory), if any; a record that does not stand as a
    signature (store/trust.py) is an error, never a match."""
    digest = sha256_file(data)[0] if isinstance(data, Path) else sha256(data)
    with open_repo(path) as repo:
        for tag in history.signature_tags(repo):
            try:
                record = history.signature_record(repo, tag)
            except RepositoryError:
                continue  # a tag on a tree or a blob, or with no record: nobody's signature, not this file's
            for name, value in record.files.items():
                if value == digest:
                    trust.require(repo, path, record.tag, reproduce)
                    return record, name
    return None


def signer_words(path: Path, tag: str) -> frozenset[str]:
    """Who may sign the document signed as `tag`, as words (stamp.signer_words of that version)."""
    from contractkit.flows.signing.stamp import signer_words as words

    with open_repo(path) as repo:
        return words(history.project_at(repo, tag))


def other_versions(path: Path, name: str) -> list[tuple[SignatureRecord, list[str]]]:
    """Signed files called `name` whose records say they were rendered with versions this
    machine does not have (versions.py): why a copy rendered again here has other bytes."""
    with open_repo(path) as repo:
        signed = [r for r in history.signatures(repo) if name in r.files and r.made_with]
    here = versions.current() if signed else {}
    found = [(record, versions.differences(record.made_with, here)) for record in signed]
    return [(record, other) for record, other in found if other]


def penalty_warnings(path: Path, baseline_tag: str, project) -> list[str]:
    """RU: `payment.late_penalty.per_day` sets both the client's penalty for late payment and the
    contractor's for late work (contract 9.2 and 9.3), so a change of it moves both (review-ru2 R7.17)."""
    if project.language != "ru":
        return []
    with open_repo(path) as repo:
        old = history.project_at(repo, baseline_tag).payment.late_penalty
    new = project.payment.late_penalty
    if not old or not new or old.per_day == new.per_day:
        return []
    return [f"warning: payment.late_penalty.per_day {old.per_day} -> {new.per_day} % a day changes both "
            "penalties of the contract: the client's for late payment and the contractor's for late work; "
            "the addendum restates both clauses"]
