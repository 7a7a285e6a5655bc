"""Starting points of `new --as`: a commented project.yaml for each kind of contractor.

A starting file is put together from starters/<lang>/: the contractor's part (head, contract,
contractor, tax), a client (domestic or foreign) and the common body (brief, stages, payment,
terms). Every value only the user can supply (names, ids, bank details, the court) is a FILL
placeholder, never a sample identity: the model lets it pass so drafts render, `check` lists each
one as an error and `sign`, `invoice`, `accept` and `send` refuse the file while one is left.
"""

from __future__ import annotations

import datetime as dt

from contractkit.errors import WorkspaceError
from contractkit.resources import STARTERS

KINDS = {
    "npd": "ru", "ip": "ru", "company": "ru",
    "us-sole": "en", "us-llc": "en", "uk-ltd": "en",
}
"""Each starting point and its language: НПД, ИП, ООО; a US sole proprietor, a US LLC, a UK Ltd."""

DEFAULT_KIND = {"ru": "ip", "en": "us-llc"}
DEFAULT_TYPE = {"npd": "work", "ip": "work", "company": "work",
                "us-sole": "work", "us-llc": "work", "uk-ltd": "work"}
CONTRACTS = {"work": "work", "works": "work", "services": "services"}
CLIENTS = {"npd": ("client", "client-foreign"), "ip": ("client", "client-foreign"),
           "company": ("client", "client-foreign"), "us-sole": ("client-us", "client-uk"),
           "us-llc": ("client-us", "client-uk"), "uk-ltd": ("client-uk", "client-us")}
"""(domestic, foreign) client of each starting point."""
LAW = {
    "npd": ("", "Мещанский районный суд г. Москвы"),  # a natural person: a court of general jurisdiction
    "ip": ("", "Арбитражный суд города Москвы"), "company": ("", "Арбитражный суд города Москвы"),
    "us-sole": ("the laws of the State of New York",
                "the state courts located in New York County, New York"),
    "us-llc": ("the laws of the State of Oregon", "the state courts located in Multnomah County, Oregon"),
    "uk-ltd": ("the laws of England and Wales", "the courts of England and Wales"),
}


def starter_text(kind: str, slug: str, contract: str | None = None, foreign_client: bool = False,
                 today: dt.date | None = None) -> str:
    """The commented project.yaml of starting point `kind`, dated `today`."""
    if kind not in KINDS:
        raise WorkspaceError(f"no starting point {kind!r}", hint="use one of " + ", ".join(KINDS))
    if contract is not None and contract not in CONTRACTS:
        raise WorkspaceError(f"unknown contract type {contract!r}", hint="use works or services")
    lang, today = KINDS[kind], today or dt.date.today()
    folder = STARTERS / lang
    client = CLIENTS[kind][1 if foreign_client else 0]
    text = "".join((folder / f"{part}.yaml").read_text(encoding="utf-8")
                   for part in (kind, client, "body"))
    law, venue = LAW[kind]
    for token, value in (("@ID@", slug), ("@NUMBER@", f"{today.year}-001"), ("@DATE@", today.isoformat()),
                         ("@TYPE@", CONTRACTS[contract] if contract else DEFAULT_TYPE[kind]),
                         ("@LAW@", law), ("@VENUE@", venue)):
        text = text.replace(token, value)
    return text.replace("@START@", _start_after_deposit(text).isoformat())


def _start_after_deposit(text: str) -> dt.date:
    """The first working day after the deposit's due date: a deposit paid on time then moves no
    deadline (contract clause 2.1), so `check` has nothing to warn about."""
    from contractkit.calendar import next_working_day
    from contractkit.compute import prepayment_due
    from contractkit.load import parse_project

    project = parse_project(text.replace("@START@", "on_prepayment"))
    return next_working_day(prepayment_due(project), project.calendar)
