"""Talking to the client from the record: weekly updates, delay and suspension notices, payment
reminders and the pre-trial claim, each as documents and an e-mail, each recorded in the history.

penalty.py and clauses.py are pure; dunning.py, notice.py and update.py gather the facts from the
signed versions and the records (billing's Book); compose.py renders and records a letter; mail.py
builds the .eml and sends it; record.py keeps the letter, request and sent records.
"""
