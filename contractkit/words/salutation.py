"""Whom an English letter greets, and how (review-en2 E8).

A letter goes to the mailbox the notices clause names. It greets the signatory by title and
surname where a title is known ("Dear Ms. Whitfield", "Dear Dr. Kessler"; British style without
the full stop: "Dear Ms Whitfield"); otherwise it greets the person whose mailbox it is by full
name: the contact person for notices where the project names one, else the signatory.
"""

from __future__ import annotations

import re

TITLE = re.compile(r"^(Dr|Prof|Professor)\.?\s+(.+)$", re.I)


def salutation(signer: str, gender: str | None, contact_person: str, british: bool) -> dict:
    """{"name": what follows "Dear", "contact": True when it greets the contact person}."""
    dot = "" if british else "."
    name = " ".join(signer.split())
    titled = TITLE.match(name)
    if titled:
        title = titled.group(1).capitalize()
        title = "Prof" if title.startswith("Prof") else title
        return {"name": f"{title}{dot} {titled.group(2).split()[-1]}", "contact": False}
    if gender and name:
        return {"name": f"{'Mr' if gender == 'male' else 'Ms'}{dot} {name.split()[-1]}", "contact": False}
    contact = contact_person.split(",")[0].strip()
    if contact and contact != name:
        return {"name": contact, "contact": True}
    return {"name": name, "contact": False}
