"""Recording money received and work accepted: checked first, then one commit each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from contractkit import money
from contractkit.clock import refuse_future
from contractkit.errors import ContractkitError
from contractkit.flows.billing import issued, open_book
from contractkit.flows.billing.book import Book
from contractkit.store import payments
from contractkit.store.lock import locked
from contractkit.store.payments import ActRecord, BankRef, DeliveredFile, PaymentRecord
from contractkit.store.repo import open_repo
from contractkit.words import fmt


class BillingError(ContractkitError):
    """A payment, act or invoice that does not fit the signed schedule."""


def _m(book: Book, amount: Decimal) -> str:
    return fmt.money(amount, book.currency, book.project.language)


def resolve_installment(book: Book, spec: str) -> str:
    """The stable key of an installment named by its number in the schedule, 'prepayment' (or
    'deposit'), 'final' or 'addendum-N' (or 'deposit-N')."""
    items = book.installments
    text = spec.strip().lower()
    english = book.project.language == "en"
    if english and (text == "deposit" or text.startswith("deposit-")):
        # English documents call the prepayment the "Deposit" (review-en4 E7)
        text = "prepayment" if text == "deposit" else "addendum-" + text.removeprefix("deposit-")
    if text == "prepayment":
        found = [i for i in items if i.is_prepayment]
        open_ = [i for i in found if book.paid.get(i.key, money.ZERO) < i.amount]
        if found:
            return (open_ or found)[0].key
    elif text == "final":
        return next(i.key for i in items if i.final)
    elif text.isdigit() and any(i.number == int(text) for i in items):
        return next(i.key for i in items if i.number == int(text))
    elif any(i.key == text for i in items if i.addendum):
        return text
    known = ", ".join([str(n) for n in sorted(i.number for i in items)]
                      + (["deposit (prepayment)"] if english else ["prepayment"]) + ["final"]
                      + [i.key for i in items if i.addendum])
    raise BillingError(f"no installment {spec!r} in the signed schedule (installments: {known})")


def allocate(book: Book, key: str | None, amount: Decimal | None) -> dict[str, Decimal]:
    """How a payment splits over installments: all to one, or to the oldest open ones in order."""
    if amount is not None:
        amount = money.to_minor(amount, book.currency)
        if amount <= 0:
            raise BillingError(f"a payment must be a positive sum, not {amount}")
    open_ = {i.key: i.amount - book.paid.get(i.key, money.ZERO)  # in the order they fall due
             for i in sorted(book.installments, key=lambda i: i.place)}
    if key is not None:
        inst = book.installment(key)
        left = open_[key]
        if left <= 0:
            raise BillingError(f"installment {inst.number} ({key}) is already paid in full "
                               f"({_m(book, inst.amount)})")
        if amount is None:
            return {key: left}
        if amount > left:
            raise BillingError(f"paying {_m(book, amount)} is more than is due on installment "
                               f"{inst.number}: {_m(book, left)} of {_m(book, inst.amount)}")
        return {key: amount}
    if amount is None:
        raise BillingError("name the installment paid or give --amount")
    if amount > book.balance:
        raise BillingError(f"paying {_m(book, amount)} is more than is due under the contract: "
                           f"{_m(book, book.balance)} of {_m(book, book.total)}")
    out, rest = {}, amount
    for k, left in open_.items():
        if rest <= 0:
            break
        part = min(left, rest)
        if part > 0:
            out[k], rest = part, rest - part
    return out


def record_payment(path: Path, installment: str | None, amount: Decimal | None, day: date,
                   ref: str = "", bank: BankRef | None = None) -> PaymentRecord:
    """Commit a payment received on `day`; refused when it does not fit what is due, or when the
    bank document it comes from (`bank`, from a statement) is recorded already."""
    refuse_future(day, "payment date")
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        if bank is not None:
            twin = next((p for p in book.payments if p.bank and p.bank.id == bank.id), None)
            if twin is not None:
                raise BillingError(f"bank document {bank.id} is recorded already as {twin.id}")
        contract = book.signed[0]
        if day < contract.date:
            raise BillingError(f"a payment dated {day} is before the contract ({contract.date})")
        key = resolve_installment(book, installment) if installment else None
        allocations = allocate(book, key, amount)
        total = sum(allocations.values(), money.ZERO)
        record = PaymentRecord(id=payments.next_payment_id(book.payments), date=day, amount=total,
                               allocations=allocations, ref=ref, bank=bank)
        what = ", ".join(f"{k} {_m(book, a)}" for k, a in allocations.items())
        payments.save(path, repo, record, f"{record.id}: received {_m(book, total)} on {day} ({what})")
        return record


def record_refund(path: Path, amount: Decimal, day: date, ref: str = "") -> PaymentRecord:
    """Commit money paid back to the client on `day`: an addendum cut the fee below what was paid
    (its refund clause; ГК РФ п. 4 ст. 453, ст. 1102). It is taken off the installments paid beyond
    their amounts, the last due first; refused beyond what was paid over the fee."""
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        amount = money.to_minor(amount, book.currency)
        if amount <= 0:
            raise BillingError(f"a refund must be a positive sum, not {amount}")
        if day < book.signed[0].date:
            raise BillingError(f"a refund dated {day} is before the contract ({book.signed[0].date})")
        over = {i.key: book.paid.get(i.key, money.ZERO) - i.amount
                for i in sorted(book.installments, key=lambda i: i.place, reverse=True)}
        over = {k: v for k, v in over.items() if v > 0}
        beyond = sum(over.values(), money.ZERO)
        if amount > beyond:
            raise BillingError(f"refunding {_m(book, amount)} is more than was paid beyond the fee: "
                               f"{_m(book, beyond)} (received {_m(book, book.received)} of "
                               f"{_m(book, book.total)})")
        allocations, rest = {}, amount
        for key, extra in over.items():
            part = min(extra, rest)
            if part > 0:
                allocations[key], rest = -part, rest - part
        record = PaymentRecord(id=payments.next_payment_id(book.payments), date=day, amount=-amount,
                               allocations=allocations, ref=ref, refund=True)
        payments.save(path, repo, record, f"{record.id}: refunded {_m(book, amount)} on {day}")
        return record


def reverse_payment(path: Path, payment_id: str, day: date, ref: str = "") -> PaymentRecord:
    """Take back a wrong entry with a record of its own; the entry itself stays in history."""
    refuse_future(day, "reversal date")
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        target = next((p for p in book.payments if p.id == payment_id.upper()), None)
        if target is None:
            raise BillingError(f"no payment {payment_id} in this project")
        if target.reverses:
            raise BillingError(f"{target.id} is itself a reversal (of {target.reverses}); "
                               "record the payment again instead")
        undone = next((p for p in book.payments if p.reverses == target.id), None)
        if undone is not None:
            raise BillingError(f"{target.id} is already reversed by {undone.id}")
        if day < target.date:
            raise BillingError(f"a reversal dated {day} is before the payment it reverses ({target.date})")
        record = PaymentRecord(
            id=payments.next_payment_id(book.payments), date=day, amount=-target.amount,
            allocations={k: -a for k, a in target.allocations.items()}, ref=ref, reverses=target.id)
        payments.save(path, repo, record, f"{record.id}: reverses {target.id} ({ref or 'wrong entry'})")
        return record


def stages_for(book: Book, specs: list[str]) -> list[str]:
    """Deliverable ids named by id or number; 'all': every stage not accepted yet."""
    signed = [x.deliverable.id for x in book.lines]
    if [s.lower() for s in specs] == ["all"]:
        left = [s for s in signed if s not in book.accepted]
        if not left:
            raise BillingError("every stage of the signed scope is accepted already")
        return left
    out = []
    for spec in specs:
        stage = signed[int(spec) - 1] if spec.isdigit() and 1 <= int(spec) <= len(signed) else spec
        if stage not in signed:
            raise BillingError(_not_signed(book, stage, signed))
        if stage in book.accepted:
            act = book.accepted[stage]
            raise BillingError(f"stage {stage} is accepted already (act {act.number} of {act.date})")
        out.append(stage)
    return out


def _not_signed(book: Book, stage: str, signed: list[str]) -> str:
    change = next((c for c in book.changes if stage in c.added and c.status == "proposed"), None)
    if change is not None or any(d.id == stage for d in book.head.deliverables):
        source = f" ({change.id}, {change.status})" if change else ""
        return (f"stage {stage} is in a change not signed yet{source}: its work is not agreed, "
                "so it cannot be accepted; sign the addendum first")
    return f"no stage {stage!r} in the signed scope (stages: {', '.join(signed)})"


def check_act(book: Book, stages: list[str], day: date, remarks: list[str],
              fix_by: date | None) -> None:
    if day < book.signed[0].date:
        raise BillingError(f"an act dated {day} is before the contract ({book.signed[0].date})")
    for stage in stages:
        tag = book.signed_tag_for(stage)
        record = next(s for s in book.signed if s.tag == tag)
        if day < record.date:
            raise BillingError(f"an act dated {day} is before {tag} that added stage {stage} "
                               f"({record.date})")
    if remarks and fix_by is None:
        raise BillingError("remarks need --fix-by DATE: the date by which the contractor fixes them")
    if fix_by is not None and not remarks:
        raise BillingError("--fix-by goes with --remark: an act without remarks accepts the work")
    if fix_by is not None and fix_by < day:
        raise BillingError(f"--fix-by {fix_by} is before the act's date {day}")
    if remarks and book.versions[-1].language == "en":
        check_remark_criteria(book, stages, remarks)


def check_remark_criteria(book: Book, stages: list[str], remarks: list[str]) -> None:
    """An English remark that names a criterion ("(b) …", "2(b) …") names one the milestones have:
    the rejection notice ties it to that criterion (Section 4.2; review-en E14)."""
    from contractkit.words.remarks import REFERENCE, lettered, tie

    lines = [{"n": x.number, "acceptance": x.deliverable.acceptance} for x in book.figures.lines
             if x.deliverable.id in stages]
    for remark, tied in zip(remarks, tie(remarks, lines), strict=True):
        found = REFERENCE.match(remark)
        if found and not tied["letter"]:
            have = "; ".join(f"Milestone {x['n']}: "
                             + (", ".join(f"({c['letter']})" for c in lettered(x["acceptance"])) or "none")
                             for x in lines)
            raise BillingError(f"--remark {remark!r} names criterion {found.group(0).strip()}, which the "
                               f"milestones rejected do not have as one criterion ({have}); start it with "
                               "one of those letters, or with the milestone number and the letter, e.g. 2(a)")


def check_cure_period(book: Book, path: Path, day: date, fix_by: date | None) -> None:
    """An English rejection is the Client's notice alone: it cannot shorten the business days the
    contract gives the Contractor to correct the defects (EN 4.4; an amendment needs both Parties'
    signatures, 18.7). Refuse a --fix-by before the end of that period."""
    project = book.versions[-1]
    if fix_by is None or project.language != "en":
        return
    from contractkit import calendar
    from contractkit.flows.letters.clauses import signed_clauses

    days = project.terms.acceptance_days
    earliest = calendar.add_days(day, days, project.calendar)
    if fix_by >= earliest:
        return
    clause = signed_clauses(book, path).get("cure", "")
    where = f"Section {clause}" if clause else "the contract"
    raise BillingError(f"--fix-by {fix_by} is earlier than the {days} business days {where} gives the "
                       f"Contractor to correct the defects (to {earliest}); a rejection cannot shorten "
                       f"that period: give --fix-by {earliest} or later")


def check_rights(book: Book, day: date) -> list[str]:
    """Exclusive rights pass once, after full payment (or acceptance, as the contract says)."""
    done = next((a for a in book.acts if a.kind == "rights"), None)
    if done is not None:
        raise BillingError(f"the exclusive rights passed already (act {done.number} of {done.date})")
    stages = [x.deliverable.id for x in book.lines]
    if book.completed_on is None:
        open_ = ", ".join(s for s in stages if s not in book.accepted)
        raise BillingError(f"the rights pass on the accepted result; not accepted yet: {open_}")
    if day < book.completed_on:
        raise BillingError(f"a rights act dated {day} is before the final acceptance ({book.completed_on})")
    if book.project.terms.ip_transfer == "full_payment" and book.balance > 0:
        raise BillingError(f"the contract passes the rights on full payment; {_m(book, book.balance)} "
                           f"of {_m(book, book.total)} is still unpaid")
    last = max((p.date for p in book.effective), default=None)
    if book.project.terms.ip_transfer == "full_payment" and last and day < last:
        raise BillingError(f"a rights act dated {day} is before the last payment ({last})")
    return stages


def delivered_files(specs: list[str], stages: list[str]) -> list[DeliveredFile]:
    """`accept --files`: each PATH (or STAGE=PATH when the act accepts several stages) hashed as it
    was delivered, so the rights act names the very files that pass (ГК РФ ст. 1234)."""
    import hashlib

    out = []
    for spec in specs:
        stage, _, name = spec.rpartition("=") if "=" in spec else ("", "", spec)
        if not stage:
            if len(stages) != 1:
                raise BillingError(f"--files {spec}: the act accepts {', '.join(stages)}; write "
                                   "STAGE=PATH to say which result the file is")
            stage = stages[0]
        if stage not in stages:
            raise BillingError(f"--files {spec}: stage {stage} is not accepted by this act "
                               f"({', '.join(stages)})")
        file = Path(name)
        if not file.is_file():
            raise BillingError(f"--files {name}: no such file (the delivered file is hashed as it is)")
        digest = hashlib.sha256()
        with file.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        out.append(DeliveredFile(stage=stage, name=file.name, sha256=digest.hexdigest()))
    return out


def _licensed_within_contract(project, licensed: list[str]) -> None:
    """RU: the rights act lists the third-party objects of the contract's clause on them; a
    `--licensed` naming one merges with it, one outside the clause is refused (ГК РФ ст. 1235, 1238:
    the act licenses nothing the contract does not)."""
    from contractkit.words.licenses import extra_licensed

    if project.language != "ru" or not licensed:
        return
    outside = extra_licensed([c.plain() for c in project.terms.third_party], licensed)
    if outside:
        listed = ", ".join(c.name for c in project.terms.third_party) or "none"
        raise BillingError(f"--licensed {outside[0]!r} is not among the contract's third-party objects "
                           f"(terms.third_party: {listed}): the rights act lists only those, and the "
                           "contract admits another only with the client's written consent; add it by an "
                           "addendum or leave it out")


def _delivered_once(book: Book, given: list[DeliveredFile]) -> None:
    """A file (its bytes, by SHA-256) is the result of one stage: given again for another stage it
    would pass twice in the rights act under two results (ГК РФ ст. 1234: the object alienated is
    identified once); refused, naming the act that already took it."""
    for f in given:
        stages = sorted({g.stage for g in given if g.sha256 == f.sha256})
        if len(stages) > 1:
            raise BillingError(f"--files {f.name}: the same file is given for two stages of this act "
                               f"({', '.join(stages)}); a file passes once, with the result it belongs to")
    for act in book.acts:
        for old in act.delivered if act.accepted else []:
            f = next((g for g in given if g.sha256 == old.sha256 and g.stage != old.stage), None)
            if f is not None:
                raise BillingError(f"--files {f.name}: the same file (SHA-256 {f.sha256[:12]}…) was "
                                   f"delivered as the result of stage {old.stage} by act {book.act_no(act)} "
                                   f"of {act.date}; a file passes once, with the result it belongs to: "
                                   "leave it out here")


def record_act(path: Path, specs: list[str], day: date, remarks: list[str], fix_by: date | None,
               render, licensed: list[str] | None = None,
               delivered: list[str] | None = None) -> tuple[ActRecord, list[Path], list[str]]:
    """Commit an act and write its documents; `render(book, record)` -> {name: bytes}; the
    warnings (a result whose rights pass with no file to identify it) come third.

    specs == ["rights"] with `licensed`: the act transferring the exclusive rights instead.
    delivered: `accept --files` of the accepted results (see delivered_files)."""
    from contractkit.store.files import sha256

    refuse_future(day, "act date (accepted)")
    with locked(path), open_repo(path) as repo:
        book = open_book(repo)
        rights = licensed is not None
        if rights:
            stages = check_rights(book, day)
            _licensed_within_contract(book.versions[-1], licensed)
        else:
            stages = stages_for(book, specs)
            check_act(book, stages, day, remarks, fix_by)
            check_cure_period(book, path, day, fix_by)
        record = ActRecord(id=payments.next_act_id(payments.acts(repo)), date=day, stages=stages,
                           kind="rights" if rights else "acceptance", remarks=remarks, fix_by=fix_by,
                           licensed=licensed or [], version=book.signed[-1].tag)
        if delivered:
            if rights or remarks:
                raise BillingError("--files goes with an act of acceptance: the files of its results")
            given = delivered_files(delivered, stages)
            _delivered_once(book, given)
            record = record.model_copy(update={"delivered": given})
        files = render(book, record)
        record = record.model_copy(update={"files": {n: sha256(d) for n, d in sorted(files.items())}})
        documents = {path / "out" / name: data for name, data in files.items()}
        verdict = "rights transferred" if rights else "with remarks" if remarks else "accepted"
        # `log` reads this line: a stage with `rights: false` (hosting) transfers no right
        passing = {x.deliverable.id for x in book.lines if x.deliverable.rights}
        named = ([s for s in stages if s in passing] or stages) if rights else stages
        payments.save(path, repo, record, f"{record.id}: act of {day}, {', '.join(named)} {verdict}",
                      documents)
        issued.remember(repo, record)
        return record, list(documents), unidentified(book, record)


def unidentified(book: Book, record: ActRecord) -> list[str]:
    """Results whose exclusive right passes by this act with no file recorded to identify them
    (ГК РФ ст. 1234: the alienated result is identified precisely): the act names the stage and its
    act instead; `accept --files` names the very files."""
    if book.project.language != "ru":  # the English certificates name no files
        return []
    passing = [x.deliverable for x in book.lines if x.deliverable.rights]
    if record.kind == "rights":
        filed = {f.stage for a in book.acts if a.accepted for f in a.delivered}
        bare = [d.id for d in passing if d.id not in filed]
        where = "the rights act identifies them only by stage and act"
    elif record.accepted and book.project.terms.ip_transfer == "acceptance":
        filed = {f.stage for f in record.delivered}
        bare = [d.id for d in passing if d.id in record.stages and d.id not in filed]
        where = ("the rights pass with this act (terms.ip_transfer: acceptance) and it identifies the "
                 "result only by its stage; give --files STAGE=PATH to name the delivered files")
    else:
        return []
    return [f"no files recorded for {', '.join(bare)}: {where}"] if bare else []
