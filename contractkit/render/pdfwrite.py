"""Writing a PDF without compressing each stream twice.

pydyf computes a stream's `data` (its content joined and deflated at level 9) when it writes the
object, and again when it computes the file identifier (`/ID`, an MD5 of every object's data):
every page and font is compressed twice, some 30 ms of a contract's 60. While one of our PDFs is
written, each stream's data is computed once and reused: the same function of the same finished
object, so the same bytes. The streams that exist before the write (pages, fonts, attachments,
metadata) are deflated first on two threads (zlib lets go of the GIL while it compresses), since
the PDF engine's command waits meanwhile and leaves the second core idle.

Only with the pydyf release this was checked against (tests/test_pdfwrite.py); any other
version writes as it always did.
"""

from __future__ import annotations

import threading

CHECKED = "0.13.0"
"""The pydyf release whose write() computes each stream's data twice and nothing else differs."""

_local = threading.local()
_original = None


def install() -> bool:
    """Let pydyf's Stream.data answer from the memo of the write in progress; True when on."""
    global _original
    if _original is not None:
        return True
    import pydyf

    prop = pydyf.Stream.__dict__.get("data")
    if getattr(pydyf, "__version__", None) != CHECKED or not isinstance(prop, property):
        return False
    _original = prop.fget

    def data(self):
        memo = getattr(_local, "memo", None)
        if memo is None:
            return _original(self)
        hit = memo.get(id(self))
        if hit is None or hit[0] is not self:
            hit = memo[id(self)] = (self, _original(self))
        return hit[1]

    pydyf.Stream.data = property(data, doc=prop.__doc__)
    return True


def write_once(pdf) -> None:
    """Make `pdf.write` (a weasyprint finisher runs right before it) compute each stream once."""
    if not install():
        return
    write = pdf.write

    def once(*args, **kwargs):
        memo: dict = {}
        _prefill(pdf, memo)
        _local.memo = memo
        try:
            return write(*args, **kwargs)
        finally:
            _local.memo = None
            del pdf.write  # no cycle (pdf -> once -> pdf) keeps the document and its fonts alive

    pdf.write = once


def _prefill(pdf, memo: dict) -> None:
    """Deflate the finished streams, half on a second thread; a failure leaves them to write()."""
    import pydyf

    streams = [o for o in pdf.objects if isinstance(o, pydyf.Stream) and o.free != "f"]
    if len(streams) < 2:
        return
    other: dict = {}

    def work(share: list, into: dict) -> None:
        try:
            for stream in share:
                into[id(stream)] = (stream, _original(stream))
        except Exception:  # noqa: BLE001 - write() computes what is missing, and raises there
            pass

    helper = threading.Thread(target=work, args=(streams[1::2], other), name="contractkit-deflate",
                              daemon=True)
    helper.start()
    work(streams[0::2], memo)
    helper.join()
    memo.update(other)
