"""Digital signatures inside the PDF (PAdES, pyHanko): signing, countersigning and checking.

The hashes `sign` records are of the documents as rendered; a PAdES signature is added on top as
an incremental update, so the rendered bytes stay a prefix of every signed copy (see check.py).
"""

from __future__ import annotations

from contractkit.errors import ContractkitError


class SigningError(ContractkitError):
    """A certificate cannot be used, or a PDF cannot be signed."""
