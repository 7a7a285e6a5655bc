"""Where a project keeps its records in its repository: names only, so that any module (even
one loaded before the models, store/walk.py) can use them."""

RECORDS = ".contractkit"
CHANGES = f"{RECORDS}/changes"
SIGNATURES = f"{RECORDS}/signatures"
PAYMENTS = f"{RECORDS}/payments"
ACTS = f"{RECORDS}/acts"
INVOICES = f"{RECORDS}/invoices"
CONTRACT_TAG = "contract"
"""The contract's signature tag."""

LOCAL_ONLY = ("out", ".contractkit.lock")
"""Top-level names each machine makes for itself and never commits: out/ holds the documents this
machine rendered (the hashes in the records speak for them), the lock is this machine's. A commit
that tracks one would, on checkout, put a teammate's file where this machine's own was."""


def local_only(path: str) -> bool:
    """A repository path under one of LOCAL_ONLY, a case variant included (a case-insensitive disk
    checks `Out/x.pdf` out as out/x.pdf), or a case variant of the records folder."""
    top = path.split("/", 1)[0]
    return top.casefold() in LOCAL_ONLY or (top != RECORDS and top.casefold() == RECORDS)
