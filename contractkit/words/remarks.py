"""A rejection's remarks tied to the acceptance criteria they fail (review-en E14).

An English agreement lets the Client reject a milestone only for a failure to meet its acceptance
criteria in Exhibit 1 (Section 4.2), so the notice names, beside each remark, the criterion it
fails. The criteria of each milestone are lettered (a), (b), … in the notice; a remark may name its
criterion by starting with that letter, "(b) …", or with the milestone and the letter, "2(b) …".
A remark on milestones that have a single criterion between them is tied to it without a letter.
"""

from __future__ import annotations

import re
import string

REFERENCE = re.compile(r"^\s*(\d+)?\s*\(([a-z])\)\s*")


def lettered(criteria: list[str]) -> list[dict]:
    """[{"letter": "a", "text": …}, …]: a milestone's criteria as the notice letters them."""
    return [{"letter": string.ascii_lowercase[i], "text": c} for i, c in enumerate(criteria[:26])]


def tie(remarks: list[str], lines: list[dict]) -> list[dict]:
    """Each remark as {"text", "milestone", "letter", "criterion"}: the criterion it names, or the
    only one the milestones have; milestone/letter/criterion are empty where neither holds."""
    every = [(x["n"], c) for x in lines for c in lettered(x.get("acceptance") or [])]
    out = []
    for remark in remarks:
        found = REFERENCE.match(remark)
        tied = None
        if found:
            number, letter = found.group(1), found.group(2)
            named = [(n, c) for n, c in every
                     if c["letter"] == letter and (number is None or str(n) == number)]
            if len(named) == 1:
                tied = named[0]
                remark = remark[found.end():]
        elif len(every) == 1:
            tied = every[0]
        number, criterion = tied if tied else (None, {"letter": "", "text": ""})
        out.append({"text": remark.strip(), "milestone": number, "letter": criterion["letter"],
                    "criterion": criterion["text"]})
    return out
