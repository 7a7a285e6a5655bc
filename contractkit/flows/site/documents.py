"""The files the client's page offers: signed versions, acts and invoices, each with the hash it
must have (moved out of flows/site/data.py, which gathers the rest of the page)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

SAFE_NAME = re.compile(r"^[\w-][\w.-]*\Z")
"""A file name a signature record may give: records come from the repository, which is untrusted.
Letters of any script (a Cyrillic contract number names its files), digits, `_`, `-`, `.`; never a
separator, a leading dot or a line break."""


@dataclass(frozen=True)
class Document:
    """A file the page offers for download: where its bytes come from and the hash to check."""

    name: str
    data: bytes
    sha256: str
    signed_copy: bool = False


def signed_documents(path: Path, st) -> list[Document]:
    """Each signed file: the copy in out/ when it is that document (as rendered or PAdES-signed),
    else rendered again from its tag; kept only when its hash is the recorded one."""
    from contractkit.flows.signing.check import check_stamp_names, examine, has_signatures
    from contractkit.flows.signing.pades import vouched_copy
    from contractkit.flows.signing.reproduce import reproduce
    from contractkit.flows.workflow import signer_words

    out = []
    for record in st.signed:
        rendered = None
        for name, sha in record.files.items():
            if not SAFE_NAME.match(name):
                continue
            data = _out_copy(path, name)
            if data and hashlib.sha256(data).hexdigest() == sha:
                out.append(Document(name, data, sha))
                continue
            if data and has_signatures(data) and vouched_copy(data):  # never a signature nobody checked
                signed = examine(data)
                check_stamp_names(signed, signer_words(path, record.tag))
                if any(hashlib.sha256(c).hexdigest() == sha for c in signed.originals) and signed.ok:
                    out.append(Document(name, data, sha, signed_copy=True))
                    continue
            rendered = rendered or reproduce(path, record.tag)
            if name in rendered and hashlib.sha256(rendered[name]).hexdigest() == sha:
                out.append(Document(name, rendered[name], sha))
    return out


def money_documents(path: Path, deal) -> list[Document]:
    """Acts and invoices as issued, every one of them or none: a record's hashes must be vouched for
    (flows/billing/issued.py: a teammate's record naming their own PDF put it on the client's page,
    red team 9, B7), and each of its files is the copy in out/ with the recorded hash, or else the
    document rendered again from the history with that hash (a fresh clone has no out/). A document
    that neither gives stops the page in one line naming the record: never left off in silence."""
    from contractkit.errors import RepositoryError
    from contractkit.flows.billing import issued
    from contractkit.store import payments
    from contractkit.store.repo import open_repo

    out = []
    with open_repo(path) as repo:
        for record in [*deal.records.acts, *deal.records.invoices]:
            why = issued.problem(path, repo, record)
            if why:
                raise RepositoryError(f"not published: {why}", hint="'contractkit doctor' lists every "
                                      "problem; fix the record with whoever committed it")
            again: dict[str, bytes] | None = None
            for name, sha in record.files.items():
                data = _out_copy(path, name) if SAFE_NAME.match(name) else b""
                if not (data and hashlib.sha256(data).hexdigest() == sha):
                    again = _again(path, repo, record) if again is None else again
                    data = again.get(name, b"")
                if hashlib.sha256(data).hexdigest() != sha:
                    raise RepositoryError(
                        f"not published: {payments.path_of(record)}: out/{name[:80]} is not the document "
                        "issued, and rendering it again does not give the recorded hash either",
                        hint="'contractkit doctor' and 'contractkit verify' show what differs")
                out.append(Document(name, data, sha))
    return out


def _again(path: Path, repo, record) -> dict[str, bytes]:
    from contractkit.errors import ContractkitError, RepositoryError
    from contractkit.flows.billing import issued
    from contractkit.store import payments

    try:
        return issued.rendered_again(path, repo, record)
    except ContractkitError as exc:
        raise RepositoryError(f"not published: {payments.path_of(record)}: its copy in out/ is missing or "
                              f"not the one issued, and it cannot be rendered again ({exc.message})"
                              ) from None


def _out_copy(path: Path, name: str) -> bytes:
    """The bytes of out/NAME, or b"" when it is missing or a link (never followed)."""
    local = path / "out" / name
    return local.read_bytes() if local.is_file() and not local.is_symlink() else b""
