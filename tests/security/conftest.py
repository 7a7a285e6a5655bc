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
    "docx-templates": "DOCX templates",
}
