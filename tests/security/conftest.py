"""The security suite (make test-security): one corpus per attack class of the threat model.

Mark each test with the class it attacks: ``@pytest.mark.security("templates")``. The classes are
the keys of CLASSES; RELIABILITY.md gets one table per class (tried, held) from these results.
"""

from __future__ import annotations

CLASSES = {
    "templates": "Templates run code",
    "symlinks": "Symlinks travel in git",
    "gitconfig": "Git configuration runs programs",
    "forgery": "A signature forged through sync",
    "killed-sign": "A killed sign comes back wrong",
    "inputs": "Inputs that crash or mislead",
    "git-states": "Git states nobody planned for",
    "filesystem": "Filesystem faults",
    "paths": "Paths the user types are the user's",
    "merge": "Honest teammates: merge by meaning",
    "clone-trust": "Signatures that arrive with a clone count only once checked (clone-time trust)",
    "billing-records": "Damaged or impossible billing records (billing records)",
    "letters": "Letters sent as they were written (letters)",
    "approvals": "Approvals forged or misread (approvals)",
    "docx-fields": "Field codes and external links in DOCX (DOCX fields)",
    "journal": "A journal that came from git or names files outside the project",
    "remote-hooks": "Hooks and configuration of a shared remote on this machine",
    "git-metadata": "Git metadata files: commondir, alternates, grafts, refspecs, attributes",
    "subprocesses": "Child processes run this contractkit, never code from the current folder",
    "docx-templates": "A project's own Word template: payloads in its tags, zip bombs, links (DOCX templates)",
    "stated-figures": "A document states figures other than the deal's data, or hides or pictures them (stated figures)",
    "bank-statements": "Bank statements: each line one payer's booked money, one damaged project stops no one",
}
