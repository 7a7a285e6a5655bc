"""The prepayment an acceptance act offsets against its stages (НК РФ п. 6 ст. 172).

A VAT payer deducts the VAT it paid on an advance once the advance is offset against work done,
in the amount the contract says is offset. The contract's rule (its payment section): each stage
takes the share of the prepayment received by the act's date that its price is of the price in
force; the act that accepts the last stages takes all the prepayment not offset before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from contractkit import money
from contractkit.state.deal import DealState

PREPAYMENT_LABELS = ("signing", "addendum")
"""Installments paid before the work they pay for: on signing the contract or an addendum."""


def prepaid_by(state: DealState, day: date) -> Decimal:
    """The prepayments received by the end of `day`."""
    paid = state.paid_by(day)
    return sum((paid.get(i.key, money.ZERO) for i in state.installments if i.label in PREPAYMENT_LABELS),
               money.ZERO)


def prepayment_offset(state: DealState, stages: Sequence[str], day: date, act_id: str = "") -> Decimal:
    """The prepayment offset against `stages` by an act of `day` (the act `act_id`, excluded from
    the earlier ones): their share of the prepayment received by then, or, when they are the last
    stages accepted, all of it that earlier acts did not offset; never more than their price."""
    prices, total = _in_force(state, day)
    net = sum(prices.values(), money.ZERO)
    if not net:
        return money.ZERO
    received = prepaid_by(state, day)
    earlier = [a for a in state.records.acts
               if a.accepted and a.id != act_id and (a.date, a.id) < (day, act_id or "~")]
    before = {s for a in earlier for s in a.stages}
    own = [s for s in stages if s in prices and s not in before]
    if before | set(own) >= set(prices):
        offset = received - sum((prepayment_offset(state, a.stages, a.date, a.id) for a in earlier),
                                money.ZERO)
    else:
        share = sum((prices[s] for s in own), money.ZERO) / net
        offset = money.to_minor(received * share, state.project.currency)
    gross = sum((prices[s] for s in own), money.ZERO) * total / net
    return max(money.ZERO, min(offset, money.to_minor(gross, state.project.currency)))


def _in_force(state: DealState, day: date) -> tuple[dict[str, Decimal], Decimal]:
    """(stage id -> net price, total price) of the version in force on `day`: an act states the
    offset by the prices it was accepted under, so an earlier act's figure never changes when an
    addendum later changes the prices (the last act takes what the earlier acts printed)."""
    versions = list(zip(state.records.signed, state.history.figures, strict=False))
    figures = next((f for s, f in reversed(versions) if s.date <= day), None)
    if figures is None:
        return {s.id: s.price for s in state.stages}, state.total
    return {x.deliverable.id: x.price for x in figures.lines}, figures.total


def prepayment_offset_vat(state: DealState, offset: Decimal) -> Decimal | None:
    """The VAT within an offset prepayment (None when no VAT is charged)."""
    rate = state.project.tax.vat
    return None if rate is None else money.vat_within(offset, rate, state.project.currency)
