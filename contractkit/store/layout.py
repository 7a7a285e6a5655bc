"""Where a project keeps its records in its repository: names only, so that any module (even
one loaded before the models, store/walk.py) can use them."""

RECORDS = ".contractkit"
CHANGES = f"{RECORDS}/changes"
SIGNATURES = f"{RECORDS}/signatures"
PAYMENTS = f"{RECORDS}/payments"
ACTS = f"{RECORDS}/acts"
INVOICES = f"{RECORDS}/invoices"
