"""What a client-caused delay notice does to a term, in the words every document uses.

A term moved under the contract's extension clause (ГК РФ ст. 406, 719; RU п. 2.3) moves by the
contract itself: the page, the delay notice and the update say so in one text, from here."""


def notice_shift(clause: str | None) -> str:
    """«перенос действует в силу п. 2.3 Договора; дополнительное соглашение не требуется»."""
    where = f"п. {clause} Договора" if clause and clause != "-" else "Договора"
    return f"перенос действует в силу {where}; дополнительное соглашение не требуется"
