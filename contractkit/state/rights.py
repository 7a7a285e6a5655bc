"""The works' and the exclusive right's parts of the price an acceptance act states (issue 24 R17).

With `terms.ip_transfer: full_payment` the exclusive right in a stage's result passes only by the
rights-transfer act after full payment (contract 11.2), so the act accepting the stage realises the
works alone: the tax base for a property right arises on the day it passes (НК РФ ст. 39 п. 1,
ст. 167 п. 1 пп. 1), the buyer deducts its VAT once the right is his (ст. 171 п. 2, ст. 172 п. 1),
and a works act calling it «стоимость выполненных работ» misstates the fact (ст. 9 402-ФЗ). The act
states the remuneration for the right apart, within the stage's price, as 3.1 and 11.2 state it.
With `ip_transfer: acceptance` the right passes with each act and nothing is split.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from contractkit import money
from contractkit.compute import rights_remuneration
from contractkit.state.deal import DealState


def act_split(state: DealState, stages: Sequence[str], day: date, gross: Decimal,
              vat: Decimal | None) -> dict | None:
    """The act of `day` accepting `stages` for `gross` (VAT `vat` within it): {"works", "works_vat",
    "rights", "rights_vat", "passing": [{"id", "title", "program", "amount", "vat"}]}, the works
    and the right's remuneration adding up to `gross` and `vat` to the kopeck; None when the right
    passes with the act (`ip_transfer: acceptance`) or none of the stages passes one."""
    project, figures = _version_on(state, stages, day)
    if project.terms.ip_transfer != "full_payment":
        return None
    passing = []
    for line in sorted(figures.lines, key=lambda x: x.number):
        d = line.deliverable
        # a stage without `rights_price` names its whole price as the remuneration (lint warns:
        # rights_price_default); its act is not split into «works» of nothing
        if d.id in stages and d.rights and d.rights_price is not None:
            amount, part_vat = rights_remuneration(project, line)
            passing.append({"id": d.id, "title": d.title, "program": d.program, "amount": amount,
                            "vat": None if vat is None else part_vat})
    if not passing:
        return None
    rights = sum((p["amount"] for p in passing), money.ZERO)
    rights_vat = None
    if vat is not None:
        # the sum «в том числе НДС» states its own VAT (НК РФ ст. 168 п. 4), as 3.1 of the contract
        # does; the works take the rest of the act's VAT, so the two add up to the act's
        rights_vat = (money.vat_within(rights, project.tax.vat, project.currency)
                      if project.tax.prices_include_vat
                      else sum((p["vat"] for p in passing), money.ZERO))
    works = gross - rights
    works_vat = None if vat is None else vat - rights_vat
    return {"works": works, "works_vat": works_vat, "rights": rights, "rights_vat": rights_vat,
            "passing": passing}


def _version_on(state: DealState, stages: Sequence[str], day: date):
    """(project, figures) of the version in force on `day`, or of the last signed one when a stage
    came only with a later addendum (as the act's own context takes them: flows/billing/documents)."""
    signed = list(state.records.signed)
    k = max(1, sum(1 for s in signed if s.date <= day)) if signed else len(state.history.figures)
    figures = state.history.figures[k - 1]
    if any(s not in {x.deliverable.id for x in figures.lines} for s in stages):
        k = len(state.history.figures)
    return state.history.versions[k - 1], state.history.figures[k - 1]
