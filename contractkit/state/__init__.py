"""The deal state: one computed value of the deal at a version and a date.

The layer between the pure figures (compute, ledger, words) and everything that prints them
(render, store, flows, CLI): every output reads its sums, dates and installment numbers here.
It imports no store and no renderer.
"""

from contractkit.state.deal import DealState, Records, Stage, Standing, Version, deal_state
from contractkit.state.schedule import Installment

__all__ = ["DealState", "Installment", "Records", "Stage", "Standing", "Version", "deal_state"]
