"""`paid --import`: read a statement, decide every line against the workspace, record through `paid`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from contractkit.flows.bank import StatementError, parse_statement
from contractkit.flows.bank.match import Decision, decide

MAX_STATEMENT = 10 * 1024 * 1024
"""A statement larger than this is refused unread: a year of a busy account is a few MB, and parsing
50 MB of camt.053 took 86 s and 1.2 GB (red team 11, B12)."""


@dataclass(frozen=True)
class Plan:
    file: Path
    decisions: list[Decision]
    skipped: list[str]
    """Projects not considered, with why (not signed, damaged records)."""

    @property
    def to_pay(self) -> list[Decision]:
        return [d for d in self.decisions if d.status == "pay"]


def plan(file: Path, dirs: list[Path]) -> Plan:
    """Parse the whole statement first (a broken line stops everything), then decide each line."""
    from contractkit.errors import ContractkitError
    from contractkit.flows.billing.views import book_for
    from contractkit.workspace import check_listed

    try:
        if file.stat().st_size > MAX_STATEMENT:
            raise StatementError(f"{file}: more than {MAX_STATEMENT // 1024 // 1024} MB: not a statement")
        data = file.read_bytes()
    except OSError as exc:
        raise StatementError(f"{file}: cannot read: {exc.strerror}") from None
    lines = parse_statement(data, file.name)
    found, skipped = [], []
    from contractkit.workspace import projects_in

    for path in projects_in(dirs):
        try:
            check_listed(path)
            book = book_for(path)
        except ContractkitError as exc:
            skipped.append(f"{path.name}: {exc.message}")
            continue
        if book is None:
            skipped.append(f"{path.name}: not signed yet")
        else:
            found.append((path, book))
    return Plan(file, decide(lines, found), skipped)


def record(plan: Plan) -> list[tuple[Decision, str]]:
    """Record each payment decided, one commit each, through the same code as `paid`."""
    from contractkit.flows.billing.record import record_payment
    from contractkit.store.payments import BankRef

    done = []
    banks = [BankRef(id=d.line.doc_id, date=d.line.day) for d in plan.to_pay]  # all, before any commit
    for d, bank in zip(plan.to_pay, banks, strict=True):
        ref = f"{plan.file.name} line {d.line.line}"
        entry = record_payment(d.path, d.spec, d.line.amount, d.line.day, ref[:2000], bank=bank)
        done.append((d, entry.id))
    return done


def table(plan: Plan) -> list[str]:
    """line, date, amount, project, installment(s), why: one row per statement line."""
    rows = [("line", "date", "amount", "project", "pays", "why")]
    for d in plan.decisions:
        what = d.numbers if d.status == "pay" else d.status
        rows.append((str(d.line.line), str(d.line.day), f"{d.line.amount} {d.line.currency}",
                     d.project or "-", what, d.why))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    out = ["  ".join(c.ljust(w) for c, w in zip(r[:5], widths, strict=True)) + "  " + r[5] for r in rows]
    unmatched = [d for d in plan.decisions if d.status == "unmatched"]
    out.append(f"{len(plan.to_pay)} to record, {len(unmatched)} unmatched (not recorded: record them "
               "with 'contractkit paid' if they are yours), "
               f"{sum(d.status in ('recorded', 'duplicate') for d in plan.decisions)} recorded already")
    out += [f"skipped project {s}" for s in plan.skipped]
    return out
