"""Where the money stands: the signed payment schedule, what was paid, what is due and when.

A pure view over the signed versions and the payment, act and invoice records; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from contractkit import money
from contractkit.compute import Figures, Line
from contractkit.model import Project
from contractkit.state import deal as deal_state
from contractkit.state.deal import DealState, Records, Standing
from contractkit.state.schedule import Installment, effective
from contractkit.store.payments import ActRecord, InvoiceRecord, PaymentRecord
from contractkit.store.records import ChangeRecord, SignatureRecord

NPD_LIMIT = Decimal(2_400_000)
"""Income a self-employed person may earn in a calendar year (422-ФЗ ст. 4 п. 2 пп. 8)."""


@dataclass
class Book:
    """The money side of one project at one revision of its repository."""

    signed: list[SignatureRecord]
    versions: list[Project]
    """The project as the contract and each addendum signed it."""
    head: Project
    """The committed project.yaml, with changes not signed yet."""
    changes: list[ChangeRecord]
    payments: list[PaymentRecord]
    acts: list[ActRecord]
    invoices: list[InvoiceRecord] = field(default_factory=list)
    source: bytes = b""
    recorded_by: dict[str, str] = field(default_factory=dict)
    """Record path -> the commit author, for records this machine did not write (store/provenance.py)."""
    """project.yaml as last signed (never attached to a document: render/docdata.py is)."""
    requests: list = field(default_factory=list)
    """What the client was asked for and when it came: its delays move the deadlines in force."""
    notices: list = field(default_factory=list)
    """The contractor's notices of client-caused delays (state/delays.Notice): in force from their date."""
    as_of: date | None = None
    """The day the deal is viewed on (None: today): an open request's delay runs until then."""

    def on(self, day: date) -> Book:
        """The same records viewed on `day` (a letter's, an agenda's date)."""
        from dataclasses import replace

        return self if self.as_of == day else replace(self, as_of=day)

    @property
    def project(self) -> Project:
        """The last signed version: what is owed is what was signed."""
        return self.versions[-1]

    @property
    def currency(self) -> str:
        return self.project.currency

    @cached_property
    def state(self) -> DealState:
        """The deal as these records make it: every figure below is read from it."""
        from datetime import date as day

        return deal_state.deal_state(Records(self.signed, self.versions, self.changes, self.payments,
                                             self.acts, self.invoices, requests=self.requests,
                                             notices=self.notices),
                                     self.as_of or day.today())

    @cached_property
    def effective(self) -> list[PaymentRecord]:
        """Payments that stand: reversals and the entries they take back cancel out."""
        return effective(self.payments)

    @property
    def installments(self) -> list[Installment]:
        return self.state.installments

    def installment(self, key: str) -> Installment:
        """The installment under a recorded key; a key no signed schedule has is a damaged record."""
        found = next((i for i in self.installments if i.key == key), None)
        if found is None:
            from contractkit.errors import RepositoryError

            raise RepositoryError(f"a payment or invoice record names installment {key!r}, which the "
                                  "signed schedule does not have", hint="run 'contractkit doctor'")
        return found

    @cached_property
    def paid(self) -> dict[str, Decimal]:
        for key in self.state.paid:
            self.installment(key)  # a damaged record is not hidden
        return self.state.paid

    @property
    def prepaid_on(self) -> date | None:
        """The day the prepayment was received in full: work starts the next day (ГК РФ ст. 191)."""
        return self.state.prepaid_on

    @property
    def figures(self) -> Figures:
        return self.state.figures

    @cached_property
    def accepted(self) -> dict[str, ActRecord]:
        """Stage id -> the act that accepted it without remarks."""
        return {s: a for a in self.acts if a.accepted for s in a.stages}

    def act_no(self, act: ActRecord) -> int:
        """The number an act's document prints and other documents cite it by. English documents
        number acceptance certificates, rejection notices and rights certificates each apart (no
        "No. 3" after a No. 1 when act 2 was a rejection); Russian acts keep their one sequence.
        `act` may be one not recorded yet."""
        if self.project.language != "en":
            return act.number

        def kind(a: ActRecord) -> str:
            return "rejection" if a.kind == "acceptance" and not a.accepted else a.kind

        return 1 + sum(1 for a in self.acts if a.number < act.number and kind(a) == kind(act))

    def remarks(self, stage: str) -> ActRecord | None:
        """The latest act with remarks on a stage not accepted since."""
        if stage in self.accepted:
            return None
        return next((a for a in reversed(self.acts) if a.remarks and stage in a.stages), None)

    @property
    def lines(self) -> list[Line]:
        return self.figures.lines

    @property
    def completed_on(self) -> date | None:
        """The date of the act that accepted the last open stage: the final acceptance."""
        return deal_state.completed_on(self.state)

    def event_date(self, inst: Installment) -> date | None:
        """When the event an installment waits for happened, if it did."""
        return deal_state.event_date(self.state, inst)

    def planned_date(self, inst: Installment) -> date:
        return deal_state.planned_date(self.state, inst)

    def due_date(self, inst: Installment) -> date | None:
        """The event's date plus the days to pay, on the project's calendar."""
        return deal_state.due_date(self.state, inst)

    def standing(self) -> list[Standing]:
        self.paid  # noqa: B018 - a record naming an unknown installment is an error here
        return self.state.standing

    @property
    def total(self) -> Decimal:
        return self.state.total

    @property
    def received(self) -> Decimal:
        return self.state.received

    @property
    def balance(self) -> Decimal:
        return self.state.balance

    def income_in(self, year: int) -> Decimal:
        """Money received from this client in a calendar year (the НПД limit counts receipts)."""
        return self.state.income_by_year().get(year, money.ZERO)

    def by_others(self, records: list) -> list[tuple[object, str]]:
        """(record, its author) for each of these records a teammate committed, not this machine."""
        from contractkit.store.payments import path_of

        return [(r, self.recorded_by[path_of(r)]) for r in records if path_of(r) in self.recorded_by]

    def others_line(self) -> str:
        """One line naming the payments a teammate recorded, or ''."""
        from contractkit.words import fmt

        found = [(p, who) for p, who in self.by_others(self.effective) if not p.reverses]
        if not found:
            return ""
        shown = "; ".join(f"{p.id} {fmt.money(p.amount, self.currency, self.project.language)} by {who}"
                          + (f", bank document {p.bank.id}" if p.bank else ", no bank document")
                          for p, who in found)
        return f"payments recorded by others via git, not on this machine: {shown}"

    def signed_tag_for(self, stage: str) -> str | None:
        """The first signed version whose scope has the stage."""
        for record, version in zip(self.signed, self.versions, strict=True):
            if any(d.id == stage for d in version.deliverables):
                return record.tag
        return None


def is_self_employed(project: Project) -> bool:
    """НПД: no VAT, a receipt from «Мой налог» for each payment (422-ФЗ ст. 14)."""
    return project.contractor.kind == "self_employed" or project.tax.kind == "npd"
