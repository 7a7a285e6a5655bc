"""What the contract calls the charge on a late payment: outputs name it as the contract does."""

from __future__ import annotations


def late_charge(payment, lang: str) -> str:
    """«неустойка» / «проценты» in Russian, "late fee" / "interest" in English: the word of the
    contract's own late-payment clause (payment.late_penalty or payment.late_interest_monthly)."""
    interest = getattr(payment, "late_interest_monthly", None) is not None
    if lang == "ru":
        return "проценты" if interest else "неустойка"
    return "interest" if interest else "late fee"
