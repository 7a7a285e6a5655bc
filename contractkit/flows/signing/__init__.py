"""Digital signatures inside the PDF (PAdES, pyHanko): signing, countersigning and checking.

The hashes `sign` records are of the documents as rendered; a PAdES signature is added on top as
an incremental update, so the rendered bytes stay a prefix of every signed copy (see check.py).
"""

from __future__ import annotations

import warnings

from contractkit.errors import ContractkitError

# pyHanko imports cryptography's DSA key types at import time, which cryptography 51 deprecates
# with a warning printed on every sign, sign-pdf and verify: it is about pyHanko's import, not
# about a key in use (contractkit makes none). Filtered here, before any module of this package
# imports pyHanko, and for pyHanko's modules only.
warnings.filterwarnings("ignore", message=r"DSA is deprecated", module=r"pyhanko(\.|$)")


class SigningError(ContractkitError):
    """A certificate cannot be used, or a PDF cannot be signed."""


def quiet_libraries() -> None:
    """pyHanko and its certificate validator log warnings with tracebacks for every hostile or
    self-signed certificate (A7b); what they found is in our report, so their logs go nowhere
    instead of falling through to Python's last-resort handler on stderr."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
