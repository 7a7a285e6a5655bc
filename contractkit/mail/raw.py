"""One reading of a reply's bytes, the same for the DKIM check and for the reader (red team 8, A1, A3).

dkimpy (`rfc822_parse`) ends a line at CRLF or LF, skips a header line that starts with "From ", and
a signature covers the last instance of each header it names; Python's email parser also ends a
line at a lone CR, keeps a misplaced "From " line as a defect, and `msg[name]` reads the first
instance. So a lone CR in an unsigned header could end the header block for the reader while the
verifier still saw the signed body, and a second, unsigned Content-Type on top could make the signed
body an epilogue that is never read. A message on which the two could differ is refused before
anything in it is read:

- a NUL, a CR not followed by LF, or CRLF and bare LF line ends mixed;
- a header line the verifier skips ("From ", the obsolete `From :`) or cannot read;
- headers that the verifier and the reader do not see as the same names in the same order;
- any defect the reader's parser records for the message or one of its parts, or for a structural
  header (Content-Type, Content-Transfer-Encoding, Content-Disposition, MIME-Version);
- more than one instance of a header a message has once (From, To, Subject, Date, Content-Type,
  Content-Transfer-Encoding, MIME-Version, …), at the top or in a part, or of any header the
  signature signs (trace headers such as Received excepted).
The message is then parsed once, and the verifier checks those very bytes.
"""

from __future__ import annotations

import re

MAX_HEADERS = 500
MAX_DKIM_SIGNATURES = 20
MAX_PARTS = 256
SINGLE = frozenset(("from", "sender", "reply-to", "to", "cc", "bcc", "subject", "date", "message-id",
                    "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
                    "content-disposition", "content-id", "content-description", "return-path"))
"""Headers RFC 5322 and MIME allow once: readers differ on which instance of a second one they read."""
PART_SINGLE = frozenset(("content-type", "content-transfer-encoding", "content-disposition", "content-id",
                         "mime-version"))
STRUCTURAL = ("content-type", "content-transfer-encoding", "content-disposition", "mime-version")
TRACE = frozenset(("received", "x-received", "dkim-signature", "authentication-results", "arc-seal",
                   "arc-message-signature", "arc-authentication-results", "received-spf"))
"""Headers each relay adds another of; a signature that names them still leaves them repeated."""
BARE_CR = re.compile(rb"\r(?!\n)")
BARE_LF = re.compile(rb"(?<!\r)\n")


class Malformed(Exception):
    """Why the message may read one way to the DKIM check and another to the reader."""


def headers(eml: bytes) -> list[tuple[bytes, bytes]]:
    """The header fields as the DKIM verifier reads them (name, raw value), after the line-end checks;
    raises Malformed when it cannot read them, or when there are more than a reply has."""
    line_ends(eml)
    import dkim

    head = re.split(rb"\r?\n\r?\n", eml, maxsplit=1)[0]
    for line in re.split(rb"\r?\n", head):
        if line.startswith(b"From "):
            raise Malformed("the message has a header line starting 'From ' (an mbox separator or an "
                            "obsolete 'From :' header), which readers take for a sender or skip")
    try:
        found, _ = dkim.rfc822_parse(eml)
    except Exception:  # noqa: BLE001 - dkimpy's MessageFormatError and any other on hostile input
        raise Malformed("the message headers cannot be read") from None
    if len(found) > MAX_HEADERS:
        raise Malformed(f"the message has {len(found)} header lines, more than the {MAX_HEADERS} a reply "
                        "needs")
    signatures = sum(1 for name, _ in found if name.lower() == b"dkim-signature")
    if signatures > MAX_DKIM_SIGNATURES:
        raise Malformed(f"the message has {signatures} DKIM-Signature headers, more than the "
                        f"{MAX_DKIM_SIGNATURES} a reply needs")
    return [(bytes(name), bytes(value)) for name, value in found]


def line_ends(eml: bytes) -> None:
    """Every line ends alike for every reader: no NUL, no lone CR, not CRLF and LF mixed."""
    if b"\0" in eml:
        raise Malformed("the message holds a NUL byte, which mail readers treat differently")
    found = BARE_CR.search(eml)
    if found:
        raise Malformed(f"the message holds a CR without LF (byte {found.start()}): the DKIM check reads "
                        "it inside a line, a mail reader as a line end")
    if b"\r\n" in eml and BARE_LF.search(eml):
        raise Malformed("the message mixes CRLF and bare LF line ends, which mail readers split "
                        "differently")


def message(eml: bytes, signed: list[tuple[bytes, bytes]]):
    """The message parsed once (Python's email, the modern policy), refused unless its header fields
    are the very ones the DKIM verifier read (signed: headers(eml)), in order, with no parser defect
    and no repeated single header."""
    from email import message_from_bytes, policy

    parts_counted(eml)
    msg = message_from_bytes(eml, policy=policy.default)
    ours = [str(k).lower() for k, _ in msg.raw_items()]
    theirs = [k.decode("ascii", "replace").lower() for k, _ in signed]
    if ours != theirs or msg.get_unixfrom():
        raise Malformed("the message's headers read differently to the DKIM check and to a mail reader")
    for count, part in enumerate(msg.walk()):
        if count > MAX_PARTS:
            raise Malformed(f"the message has more than {MAX_PARTS} parts")
        where = "the message" if part is msg else f"a {part.get_content_type()} part of the message"
        if part.defects:
            raise Malformed(f"{where} is malformed ({type(part.defects[0]).__name__}); mail readers "
                            "may show it otherwise than it is read")
        names = [str(k).lower() for k in part.keys()]
        for name in sorted(set(names)):
            if names.count(name) > 1 and name in (SINGLE if part is msg else PART_SINGLE):
                raise Malformed(f"{where} has more than one {_title(name)} header")
        for name in STRUCTURAL:
            header = part.get(name)
            if header is not None and getattr(header, "defects", ()):
                raise Malformed(f"the {_title(name)} header of {where} is malformed "
                                f"({type(header.defects[0]).__name__})")
    return msg


def parts_counted(eml: bytes) -> None:
    """At most MAX_PARTS parts, counted in the raw bytes before the message is parsed: every part is
    opened by a delimiter line ("--boundary"), and each multipart closes with one more. The modern
    policy parses ~2 ms a part, so a 370 KB reply of 10,000 tiny parts took 20 s and a 2 MB one 100 s
    before the parts were counted (red team 14, B08)."""
    delimiters = eml.count(b"\n--") + eml.startswith(b"--")
    if delimiters > 2 * (MAX_PARTS + 1):
        raise Malformed(f"the message has more than {MAX_PARTS} parts ({delimiters:,} lines starting "
                        "with '--')")


def signed_once(eml_headers: list[tuple[bytes, bytes]], signed_names: set[str]) -> None:
    """No header the verifying signature names (h=) appears twice: it covers the last instance, a
    reader shows the first. Trace headers, which every relay repeats, are not read."""
    names = [k.decode("ascii", "replace").lower() for k, _ in eml_headers]
    for name in sorted(signed_names - TRACE):
        if name and names.count(name) > 1:
            raise Malformed(f"the message has more than one {_title(name)} header, and its DKIM signature "
                            "covers only the last")


def _title(name: str) -> str:
    special = {"message-id": "Message-ID", "mime-version": "MIME-Version", "content-id": "Content-ID"}
    return special.get(name, "-".join(w.capitalize() for w in name.split("-")))
