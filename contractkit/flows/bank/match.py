"""Which project and installment each statement line pays, and why; a line is never guessed.

Evidence, strongest first: an invoice number in the purpose text, the contract number, the payer's
INN or account/IBAN, the amount. An invoice found names its installment; a contract found (by its
number, or by the payer alone when the amount is exactly one open installment) pays an open
installment whose balance is the amount, or else the oldest open ones, exactly as `paid` would.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from contractkit import money
from contractkit.errors import ContractkitError
from contractkit.flows.bank import StatementLine
from contractkit.flows.billing.book import Book, Installment
from contractkit.store.payments import InvoiceRecord, PaymentRecord


@dataclass(frozen=True)
class Decision:
    """What the import does with one statement line."""

    line: StatementLine
    status: str
    """'pay', 'recorded' (by an earlier import), 'duplicate' (twice in this file), 'unmatched',
    'refused' (matched, but `paid` would refuse it), 'outgoing' (money out: not ours to record),
    'not booked' (pending or for information only) or 'reversal' (the bank taking an entry back)."""
    why: str
    path: Path | None = None
    spec: str | None = None
    """The installment for `paid` (its number or addendum-N); None: the oldest open ones."""
    allocations: dict[str, Decimal] = dataclasses.field(default_factory=dict)
    numbers: str = ""
    """The installments paid, as `status` numbers them: '#1', '#2 #3'."""

    @property
    def project(self) -> str:
        return self.path.name if self.path else ""


def _norm(text: str) -> str:
    text = text.upper().replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def mentions(text: str, token: str) -> bool:
    """The number stands alone in the text: «№2027-001», «сч. 2027-001,» but not «2027-0012»."""
    token = _norm(token).strip()
    if not token:
        return False
    return re.search(rf"(?<![\w/-]){re.escape(token)}(?![\w/]|-\w)", text) is not None


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


BOOKING_LAG_DAYS = 7
"""A payment recorded by hand and the bank's entry of it differ by at most this many days (the
client's payment day against the day the bank booked it, over a long weekend)."""
MAX_PAID_PER_PROJECT = 100
"""Payments one statement may record for one project. Each is matched against the book as the
earlier ones leave it (the whole deal worked out again), so thousands of tiny transfers naming the
contract would take minutes (red team 11, B6); a deal is paid in a handful of installments."""


@dataclass
class _Project:
    path: Path
    book: Book
    paying: int = 0
    """Lines of this statement decided to pay this project so far."""
    claimed: set[str] = dataclasses.field(default_factory=set)
    """Payments recorded by hand that a line of this statement was found to be."""
    by_hand_before: list = dataclasses.field(default_factory=list)
    """The payments recorded with `paid` (no bank document) before this import: not the ones the
    lines above in this statement are about to record."""

    def __post_init__(self) -> None:
        self.by_hand_before = [p for p in self.book.effective if p.bank is None and not p.refund]

    @property
    def client(self):
        return self.book.project.client

    def payer_is_client(self, line: StatementLine) -> str:
        """Why the payer is this project's client ('' when nothing says so)."""
        if line.payer_inn and self.client.inn and line.payer_inn == self.client.inn:
            return f"payer INN {line.payer_inn}"
        bank = self.client.bank
        if line.payer_account and bank and _digits(bank.account) == _digits(line.payer_account):
            return f"payer account {line.payer_account}"
        return ""

    def not_paid_in(self, line: StatementLine) -> str:
        """Why the line's money did not reach this contractor's account ('' when it did): a client's
        statement of another account, paying that account, recorded the prepayment (B01)."""
        bank = self.book.project.contractor.bank
        mine = _digits(bank.account) if bank else ""
        if not mine:
            return ("the project gives no account of the contractor (contractor.bank.account) to check "
                    "it against")
        paid_in = line.payee_account
        if not paid_in:
            return "the statement does not say which account it is of"
        parts = {_digits(part) for part in re.split(r"[/\s]", paid_in) if part} | {_digits(paid_in)}
        if not any(part == mine or (len(mine) >= 8 and part.endswith(mine)) for part in parts):
            return f"the statement is of account {paid_in}, not the contractor's ({bank.account})"
        return ""

    def by_hand(self, line: StatementLine):
        """A payment recorded with `paid` (no bank document) of the line's sum within a week of its
        day that no earlier line of this import took: the same money, which the import would book a
        second time onto the next installment (red team 13, B05)."""
        for payment in self.by_hand_before:
            near = abs((payment.date - line.day).days) <= BOOKING_LAG_DAYS
            if payment.amount == line.amount and near and payment.id not in self.claimed:
                self.claimed.add(payment.id)
                return payment
        return None

    def excluded(self, line: StatementLine) -> bool:
        """Another payer (a different INN) or another currency: never this project's payment."""
        if line.currency and line.currency != self.book.currency:
            return True
        return bool(line.payer_inn and self.client.inn and line.payer_inn != self.client.inn)


def decide(lines: list[StatementLine], found: list[tuple[Path, Book]]) -> list[Decision]:
    """A decision per line, in the file's order; later lines see what earlier ones would pay."""
    projects = [_Project(path, book) for path, book in found]
    known = {p.bank.id: (path, p) for path, book in found for p in book.payments if p.bank}
    seen: dict[str, int] = {}
    out = []
    for line in lines:
        if line.unbooked:
            out.append(Decision(line, "not booked", f"{line.unbooked}: it may still be cancelled; "
                                "import the statement that books it"))
            continue
        if line.reversal:
            out.append(Decision(line, "reversal", "the bank's reversal of an earlier entry, no payment"
                                + ("; if it takes back a payment recorded here, record that with "
                                   "'contractkit paid --reverse ID'" if not line.incoming else "")))
            continue
        if not line.incoming:
            out.append(Decision(line, "outgoing", "money out of the account"))
            continue
        if line.unmatched:
            out.append(Decision(line, "unmatched", line.unmatched))
            continue
        earlier = known.get(line.doc_id) or _legacy(known, line)
        if earlier:
            out.append(Decision(line, "recorded", f"recorded already as {earlier[1].id}", earlier[0]))
            continue
        if line.doc_id in seen:
            out.append(Decision(line, "duplicate", f"the same bank document as line {seen[line.doc_id]}"))
            continue
        seen[line.doc_id] = line.line
        decision = _match(line, projects)
        owner = next((p for p in projects if p.path == decision.path), None)
        problem = owner.not_paid_in(line) if owner and decision.status in ("pay", "refused") else ""
        if problem:
            decision = Decision(line, "unmatched", f"{decision.why}; but {problem}", decision.path)
        by_hand = owner.by_hand(line) if owner and decision.status == "pay" else None
        if by_hand is not None:
            decision = Decision(line, "recorded", f"{decision.why}; recorded by hand already as {by_hand.id} "
                                f"({by_hand.date}, the same sum): not again (if it is another payment, "
                                "record it with 'contractkit paid')", decision.path)
        if decision.status == "pay":
            project = next(p for p in projects if p.path == decision.path)
            if project.paying >= MAX_PAID_PER_PROJECT:
                decision = Decision(line, "unmatched", f"more than {MAX_PAID_PER_PROJECT} payments to "
                                    f"{project.path.name} in one statement: no deal is paid so; record "
                                    "them with 'contractkit paid' if they are yours", project.path)
            else:
                project.paying += 1
                project.book = _with_payment(project.book, line, decision.allocations)
        out.append(decision)
    return out


def _legacy(known: dict, line: StatementLine):
    """The payment an older contractkit recorded under the line's old id, on its day and sum."""
    for old in (line.previous_id, line.legacy_id):
        found = known.get(old) if old else None
        if found and found[1].date == line.day and found[1].amount == line.amount:
            return found
    return None


def _match(line: StatementLine, projects: list[_Project]) -> Decision:
    text = _norm(line.purpose)
    open_ = [p for p in projects if not p.excluded(line)]
    invoices = [(p, i) for p in open_ for i in p.book.invoices
                if mentions(text, i.label) or mentions(text, i.id)]
    by_contract = [p for p in open_ if mentions(text, p.book.project.contract.number)]
    by_payer = [p for p in open_ if p.payer_is_client(line)]
    if invoices:
        # an invoice number two projects share is picked out by the contract number the purpose
        # names, never by a payer's account alone (one project's data must not take a payment the
        # purpose gives another: red team 11, B11)
        owners = _narrow(list({id(p): p for p, _ in invoices}.values()), by_contract, [])
        if len(owners) != 1:
            names = ", ".join(sorted({p.path.name for p, _ in invoices}))
            return Decision(line, "unmatched", f"the invoice number is in several projects ({names})")
        project = owners[0]
        mine = [i for p, i in invoices if p is project]
        return _for_invoice(line, project, mine, _evidence(line, project, text))
    contracts = _narrow(by_contract, by_contract, by_payer)
    if len(contracts) > 1:
        names = ", ".join(p.path.name for p in contracts)
        return Decision(line, "unmatched", f"the contract number fits several projects ({names})")
    if contracts:
        return _for_contract(line, contracts[0], _evidence(line, contracts[0], text), exact_only=False)
    if len(by_payer) == 1:
        return _for_contract(line, by_payer[0], _evidence(line, by_payer[0], text), exact_only=True)
    if by_payer:
        names = ", ".join(p.path.name for p in by_payer)
        return Decision(line, "unmatched", f"the payer is the client of several projects ({names}) "
                        "and the purpose names no invoice or contract")
    return Decision(line, "unmatched", "no invoice or contract number, payer INN or account of a project")


def _narrow(found: list[_Project], by_contract: list[_Project], by_payer: list[_Project]) -> list[_Project]:
    for evidence in (by_contract, by_payer):
        if len(found) > 1:
            narrower = [p for p in found if p in evidence]
            found = narrower or found
    return found


def _evidence(line: StatementLine, project: _Project, text: str) -> list[str]:
    out = []
    if mentions(text, project.book.project.contract.number):
        out.append(f"contract {project.book.project.contract.number}")
    payer = project.payer_is_client(line)
    return out + ([payer] if payer else [])


def _left(book: Book, inst: Installment) -> Decimal:
    return inst.amount - book.paid.get(inst.key, money.ZERO)


def _for_invoice(line: StatementLine, project: _Project, invoices: list[InvoiceRecord],
                 evidence: list[str]) -> Decision:
    book = project.book
    exact = [i for i in invoices if _left(book, book.installment(i.installment)) == line.amount]
    invoice = (exact or invoices)[0]
    inst = book.installment(invoice.installment)
    left = _left(book, inst)
    why = [f"invoice {invoice.id}", *evidence]
    if left <= 0:
        why.append(f"invoice {invoice.id} is paid already: the oldest open installments")
        return _pay(line, project, None, why)
    if line.amount > left:
        why.append(f"overpays installment {inst.number} by "
                   f"{line.amount - left}: the rest goes to the next open installments")
        return _pay(line, project, None, why)
    if line.amount < left:
        why.append(f"partial: {line.amount} of {left}")
    return _pay(line, project, _spec(inst), why)


def _for_contract(line: StatementLine, project: _Project, evidence: list[str], exact_only: bool) -> Decision:
    book = project.book
    exact = next((i for i in book.installments if _left(book, i) == line.amount), None)
    if exact is not None:
        return _pay(line, project, _spec(exact), [*evidence, f"amount = installment {exact.number}"])
    if exact_only:
        return Decision(line, "unmatched", f"the payer is the client of {project.path.name}, but the "
                        "purpose names no invoice or contract and the amount is no open installment")
    return _pay(line, project, None, [*evidence, "the oldest open installments"])


def _spec(inst: Installment) -> str:
    return inst.key if inst.addendum is not None else str(inst.number)


def _pay(line: StatementLine, project: _Project, spec: str | None, why: list[str]) -> Decision:
    """The allocation `paid` itself computes; its refusal (more than is due, …) is shown as such."""
    from contractkit.flows.billing.record import allocate, resolve_installment

    book = project.book
    reason = "; ".join(why)
    if line.day < book.signed[0].date:
        return Decision(line, "refused", f"{reason}; dated before the contract ({book.signed[0].date})",
                        project.path)
    from contractkit.clock import today

    if line.day > today():  # `paid` refuses it (clock.refuse_future): shown so, before anything is recorded
        return Decision(line, "refused", f"{reason}; dated {line.day}, after today ({today()})", project.path)
    try:
        key = resolve_installment(book, spec) if spec else None
        allocations = allocate(book, key, line.amount)
    except ContractkitError as exc:
        return Decision(line, "refused", f"{reason}; {exc.message}", project.path)
    numbers = " ".join(f"#{book.installment(k).number}" for k in allocations)
    return Decision(line, "pay", reason, project.path, spec, allocations, numbers)


def _with_payment(book: Book, line: StatementLine, allocations: dict[str, Decimal]) -> Book:
    """The book as it will be once this line is recorded, for the lines after it."""
    from contractkit.store.payments import next_payment_id

    record = PaymentRecord(id=next_payment_id(book.payments), date=line.day, amount=line.amount,
                           allocations=allocations)
    return dataclasses.replace(book, payments=[*book.payments, record])
