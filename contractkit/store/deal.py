"""The project's history as plain records for the deal state (contractkit/state): read here, at
one revision, computed there.

Act and invoice records count only when contractkit could have written them (`plausible`, the one
plausibility check of billing records: the deal state, `verify`, `doctor` and the server guard use
it). The command that writes one (`invoice`, `accept`, `accept --rights`) must have written the same
record at the commit that added it, given the records before it: an invoice bills what was due on
its installment, an act accepts stages of the signed scope not accepted yet, a rights act comes
after every stage is accepted (and, when the contract says so, paid). A hand-written record that
renders to its own hashes (500 000 ₽ billed on a 121 750 ₽ installment, a rights act over unaccepted
stages) is neither vouched for nor counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contractkit import money
from contractkit.errors import ContractkitError
from contractkit.state import DealState, Records, deal_state
from contractkit.state.delays import Notice
from contractkit.store import history, payments
from contractkit.store.layout import ACTS, INVOICES


def records_at(repo, rev: str = "HEAD") -> Records | None:
    """The signed versions reachable from rev and the money records at rev; None while unsigned."""
    if not repo.head.is_valid():
        return None
    signed = [s for s in history.signatures(repo) if _reachable(repo, s.tag, rev)]
    if not signed:
        return None
    changes = history.changes(repo, rev)
    versions = [history.project_at(repo, s.tag) for s in signed]
    return Records(
        signed=signed,
        versions=versions,
        changes=changes,
        notices=notices(repo, changes, versions[-1]),
        payments=payments.payments(repo, rev),
        acts=plausible(repo, payments.acts(repo, rev), rev),  # only what contractkit could have written
        invoices=plausible(repo, payments.invoices(repo, rev), rev),
    )


def notices(repo, changes, base=None) -> list[Notice]:
    """The contractor's notices of client-caused delays not signed yet: each change record with a
    `notice_clause` and the stages whose `delay:` its commit raised, applied to `base` (the version
    in force: the last signed one). A notice moves a deadline by its own days only: the project.yaml
    its commit recorded may also hold the contractor's own delay proposed before it and not signed,
    which moves nothing until an addendum signs it (review-en3 E10)."""
    out = []
    moved: dict[str, int] = {}
    for change in changes:
        if not change.notice_clause or change.status != "proposed":
            continue
        try:
            sha = history.resolve(repo, change.id)
            after = history.project_at(repo, sha)
            parents = repo.commit(sha).parents
            before = history.project_at(repo, parents[0].hexsha) if parents else None
        except (ContractkitError, ValueError):
            continue  # a record whose commit cannot be read moves nothing (doctor reports it)
        if after is None:
            continue
        old = {d.id: d.delay for d in before.deliverables} if before is not None else {}
        raised = tuple(d.id for d in after.deliverables if d.delay > old.get(d.id, 0))
        if not raised:
            continue
        for d in after.deliverables:
            if d.id in raised:
                moved[d.id] = moved.get(d.id, 0) + d.delay - old.get(d.id, 0)
        project = _with_delays(base, moved) if base is not None else after
        out.append(Notice(change.id, change.requested_on, project, raised))
    return out


def _with_delays(project, moved: dict[str, int]):
    """The version in force with the notices' days added to its stages' `delay:`."""
    stages = [d.model_copy(update={"delay": d.delay + moved[d.id]}) if d.id in moved else d
              for d in project.deliverables]
    return project.model_copy(update={"deliverables": stages})


def _reachable(repo, tag: str, rev: str) -> bool:
    if rev == "HEAD":
        return True
    return repo.is_ancestor(repo.commit(f"refs/tags/{tag}").hexsha, repo.commit(rev).hexsha)


def state_at(repo, as_of: date, rev: str = "HEAD") -> DealState | None:
    found = records_at(repo, rev)
    return deal_state(found, as_of) if found else None


def state_before(repo, n: int, day: date, tag: str | None = None):
    """The deal state on `day` before addendum (change order) n: read at the commit before its
    signature tag when n is signed; None when the state is not version n - 1's."""
    found = state_at(repo, day, f"{tag}^" if tag else "HEAD")
    return found if found is not None and len(found.versions) == n else None


def deadlines_in_force(repo, n: int, day: date, tag: str | None = None) -> dict[str, date]:
    """Each milestone's deadline in force on `day` before change order n, as the deal state has it
    (the signed one moved by the Contractor's notices and the client's recorded delays); read at the
    commit before its signature tag when n is signed. {} when the state is not version n - 1's."""
    found = state_before(repo, n, day, tag)
    return {s.id: s.deadline for s in found.stages} if found else {}


def read_state(path: Path, walk=None):
    """history.read_state with the completions dated by the recorded prepayment, as the deal
    state dates them (`status`, `log`)."""
    from contractkit.store import written
    from contractkit.store.audit import recomputed
    from contractkit.store.repo import open_repo
    from contractkit.store.walk import Walk

    walk = walk or Walk.start(path)
    with open_repo(path) as repo:
        found = history.state(repo, path)
        written.refuse(repo)  # a letter, request or change record rewritten by hand counts for nothing
        return recomputed(repo, found, walk, prepaid_on(repo) if found.signed else None)[0]


def prepaid_on(repo, rev: str = "HEAD") -> date | None:
    """The recorded day the prepayment arrived, as of rev; None without payment records (then
    nothing else is read: a history with no money is as light as before), and None when a
    record is damaged: the dates stay provisional, and the money side reports the damage. Any
    other failure (git itself) stops the command: dates printed as if nothing were paid would be
    wrong without a word."""
    from contractkit.errors import DamagedRecord

    try:
        if not repo.head.is_valid() or not payments.payments(repo, rev):
            return None
        found = state_at(repo, date.today(), rev)
    except DamagedRecord:
        return None
    return found.prepaid_on if found else None


_checked: dict[tuple, str | None] = {}
"""(record blob, commit that added it, repository, the signatures that count) -> the verdict: it is
judged against the signed versions (records_at), so a tag gone, replaced or newly checked is another
key (sec18: the verdict outlived the signature it rested on)."""


def added_commits(repo, rev: str = "HEAD") -> dict[str, str]:
    """Record path -> the commit that added it, for every act and invoice record reachable from rev
    (one `git log` for all of them)."""
    from contractkit.store.repo import run

    out: dict[str, str] = {}
    commit = ""
    for line in run(repo, "log", "--diff-filter=A", "--format=%x00%H", "--name-only", rev, "--",
                    ACTS, INVOICES).splitlines():
        if line.startswith("\0"):
            commit = line[1:]
        elif line.strip() and line not in out:
            out[line] = commit  # newest first: an added, deleted and added again record is its last add
    return out


def problem(repo, record, added: str | None = None) -> str | None:
    """Why contractkit could not have written this act or invoice record where it was committed,
    or None when it could. `added`: the commit that added it (found when not given)."""
    from contractkit.store import history, payments

    name = payments.path_of(record)
    added = added or added_commits(repo).get(name)
    what = f"{'invoice' if isinstance(record, payments.InvoiceRecord) else 'act'} {record.id} ({name})"
    if not added:
        return f"{what}: not committed"
    data = history.blob(repo, added, name) or b""
    from contractkit.store.files import sha256

    key = (sha256(data), added, str(repo.git_dir), _signatures_key(repo))
    if key not in _checked:
        if len(_checked) >= 1024:  # a long-lived process: forget, rather than grow without end
            _checked.clear()
        _checked[key] = _judge(repo, record, added, what)
    return _checked[key]


def _signatures_key(repo) -> tuple:
    """The signatures that count in repo now, each by its tag object (or commit) and record: what
    _judge's records_at reads besides the commit (history.signatures is remembered per tag set)."""
    from contractkit.store import history, trust

    return (trust.checking(), *((s.tag, repo.tags[s.tag].object.hexsha, s.model_dump_json())
                                for s in history.signatures(repo)))


def _judge(repo, record, added: str, what: str) -> str | None:
    from contractkit.state import deal_state

    parents = repo.commit(added).parents
    try:
        before = records_at(repo, parents[0].hexsha) if parents else None
    except ContractkitError as exc:
        return f"{what}: the records before it cannot be read ({exc.message})"
    if before is None:
        return f"{what}: committed before the contract was signed"
    raw = payments.invoices(repo, parents[0].hexsha) if isinstance(record, payments.InvoiceRecord) \
        else payments.acts(repo, parents[0].hexsha)
    state = deal_state(before, record.date)
    if record.date < before.signed[0].date:
        return f"{what}: dated {record.date}, before the contract ({before.signed[0].date})"
    if isinstance(record, payments.InvoiceRecord):
        return _invoice(state, before, raw, record, what)
    if record.version != before.signed[-1].tag:
        return (f"{what}: it refers to {record.version}, but the version in force when it was committed "
                f"was {before.signed[-1].tag}")
    if record.id != payments.next_act_id(raw):
        return f"{what}: the next act then was {payments.next_act_id(raw)}, not {record.id}"
    if record.kind == "rights":
        return _rights(state, before, record, what)
    return _acceptance(state, record, what)


def _invoice(state, before, raw, record, what: str) -> str | None:
    from contractkit.store import payments

    inst = next((i for i in state.installments if i.key == record.installment), None)
    if inst is None:
        return f"{what}: installment {record.installment!r} is not in the signed schedule"
    due = inst.amount - state.paid.get(inst.key, money.ZERO)
    if due <= 0:
        return f"{what}: installment {inst.number} was paid in full when it was committed"
    if record.amount != due:
        return (f"{what}: it bills {record.amount} on installment {inst.number}, but {due} was due when it "
                "was committed ('invoice' bills exactly what is due)")
    if inst.addendum is not None and record.date < before.signed[inst.addendum].date:
        return f"{what}: dated {record.date}, before addendum {inst.addendum} it bills"
    expected, _ = payments.next_invoice(raw, record.date.year)
    if record.id != expected:
        return f"{what}: the next invoice number then was {expected}, not {record.id}"
    if record.printed and not record.printed.endswith("/" + record.id):
        return f"{what}: it prints the number {record.printed}, which does not end in its id {record.id}"
    return None


def _acceptance(state, record, what: str) -> str | None:
    if not record.stages:
        return f"{what}: it accepts no stage"
    known = {s.id: s for s in state.stages}
    for stage in record.stages:
        if stage not in known:
            return f"{what}: stage {stage!r} is not in the scope signed as {record.version}"
        if known[stage].accepted_on is not None:
            return f"{what}: stage {stage} was accepted already (act {known[stage].act})"
    if len(set(record.stages)) != len(record.stages):
        return f"{what}: it names a stage twice"
    return None


def _rights(state, before, record, what: str) -> str | None:
    from contractkit.state.deal import completed_on
    from contractkit.state.schedule import effective

    if any(a.kind == "rights" for a in before.acts):
        return f"{what}: the exclusive rights had passed already"
    open_ = [s.id for s in state.stages if s.accepted_on is None]
    if open_:
        return (f"{what}: a rights act while stages are not accepted ({', '.join(open_)}); "
                "'accept --rights' refuses that")
    done = completed_on(state)
    if done and record.date < done:
        return f"{what}: dated {record.date}, before the final acceptance ({done})"
    if record.stages != [s.id for s in state.stages]:
        return f"{what}: it names stages {', '.join(record.stages)}, not the signed scope's"
    if state.project.terms.ip_transfer == "full_payment":
        if state.balance > 0:
            return (f"{what}: a rights act while {state.balance} is unpaid; the contract passes the "
                    "rights on full payment")
        last = max((p.date for p in effective(before.payments)), default=None)
        if last and record.date < last:
            return f"{what}: dated {record.date}, before the last payment ({last})"
    return None


def plausible(repo, found: list, rev: str = "HEAD") -> list:
    """The records of `found` (acts or invoices at rev) that contractkit could have written."""
    if not found:
        return found
    added = added_commits(repo, rev)
    from contractkit.store import payments

    return [r for r in found if problem(repo, r, added.get(payments.path_of(r))) is None]


def problems(repo, rev: str = "HEAD") -> list[str]:
    """One line for each act or invoice record at rev that contractkit could not have written."""
    found = payments.acts(repo, rev) + payments.invoices(repo, rev)
    if not found:
        return []
    added = added_commits(repo, rev)
    return [p for p in (problem(repo, r, added.get(payments.path_of(r))) for r in found) if p]

