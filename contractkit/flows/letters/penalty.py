"""The late-payment penalty lives in the deal state now (state/penalty.py): the claim, the update,
the agenda and `status` read one interest ledger (state/interest.py). Kept for the flows' imports."""

from contractkit.state.penalty import (  # noqa: F401
    Penalty,
    Period,
    Rate,
    installment_penalty,
    late_rate,
    lawful_rate,
    penalty,
    penalty_by_parts,
    period_rows,
)
