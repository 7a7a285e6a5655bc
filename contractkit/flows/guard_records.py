"""The guard's check of what a pushed invoice, act, payment or approval record says, with the very
checkers `verify`, `doctor` and `status` use: an invoice or act record must hold the hashes of its
documents rendered again from the history before it (billing/issued.py), the payment, act and invoice
records at the commit must stand against the signed schedule (billing/audit.py: a line the commit
did not bring is not its fault), and an approval's stored mail must pass the reply check again
(approval_trust.py), DKIM keys read from the server's own configuration before DNS.

Runs in the guard's temporary repository, the pushed commit checked out (flows/guard.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.store.layout import ACTS, INVOICES, PAYMENTS, RECORDS

APPROVALS = f"{RECORDS}/approvals"
CHECKED = (INVOICES, ACTS, PAYMENTS, APPROVALS)
"""The folders whose new records the guard reads for what they say, not only as append-only."""
MERGED = ":merged billing records"
"""Stands for the records a merge joins from its sides: the billing records are audited there."""
KEY_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]|\.(?!\.))*\._domainkey\.[a-z0-9.-]+$")


def folder_of(path: str) -> str | None:
    return next((f for f in CHECKED if path.startswith(f + "/")), None)


class ServerKeys:
    """DKIM key look-ups for the server: a file named `selector._domainkey.domain` in the folder the
    server's own config names (`git config contractkit.dkimKeys DIR`), else DNS; remembers what
    neither could answer, so the refusal can say how to configure it."""

    def __init__(self, folder: Path | None, dns=None):
        from contractkit.flows import approval

        self.folder, self.dns = folder, dns or approval.lookup_txt
        self.missing: list[str] = []

    def __call__(self, name, timeout: int = 5):
        from contractkit.flows.approval import key_file_dns

        text = (name.decode("ascii", "replace") if isinstance(name, bytes) else str(name)).rstrip(".").lower()
        if self.folder is not None and KEY_NAME.match(text) and (self.folder / text).is_file():
            try:
                return key_file_dns((self.folder / text).read_text(encoding="utf-8", errors="replace"))(name)
            except ContractkitError:
                pass  # not a key record: as if absent
        try:
            found = self.dns(name, timeout=timeout)
        except Exception:  # noqa: BLE001 - a resolver's own error: the look-up failed
            found = None
        if not found and text not in self.missing:
            self.missing.append(text)
        return found

    def hint(self) -> str:
        if not self.missing:
            return ""
        name = self.missing[0]
        where = f"a file {self.folder / name}" if self.folder else \
            f"'git config contractkit.dkimKeys DIR' in the server's repository and a file DIR/{name}"
        return (f"; the server found no DKIM key {name} (no DNS answer, no key file): give it offline with "
                f"{where} holding its TXT record (v=DKIM1; k=rsa; p=…)")


def problems(project: Path, commit: str, paths: list[str], keys: ServerKeys) -> list[str]:
    """Why the records this commit adds do not stand (the commit is checked out in `project`)."""
    from contractkit.store.repo import open_repo

    merged = MERGED in paths
    paths = [p for p in paths if p != MERGED]
    out = [f"{commit[:10]} {p}: not a record" for p in paths if not _named_like_a_record(p)]
    paths = [p for p in paths if _named_like_a_record(p)]
    with open_repo(project) as repo:
        for path in paths:
            if folder_of(path) in (INVOICES, ACTS):
                out += _issued(project, repo, commit, path)
        if merged or any(folder_of(p) in (INVOICES, ACTS, PAYMENTS) for p in paths):
            out += _billing(repo, commit)
        changes = {Path(p).name.removesuffix(".yaml") for p in paths
                   if folder_of(p) == APPROVALS and p.endswith(".yaml")}
        if changes:
            out += _approvals(project, repo, commit, changes, keys)
    return out


def _named_like_a_record(path: str) -> bool:
    folder = folder_of(path)
    rest = path[len(folder) + 1:] if folder else ""
    if "/" in rest:
        return False
    return rest.endswith(".yaml") or (folder == APPROVALS and rest.endswith(".eml"))


def _issued(project: Path, repo, commit: str, path: str) -> list[str]:
    """An invoice or act record against its documents rendered again, as `verify` checks it."""
    from contractkit.flows.billing import issued
    from contractkit.store import history, records
    from contractkit.store.payments import ActRecord, InvoiceRecord

    model = InvoiceRecord if path.startswith(INVOICES + "/") else ActRecord
    try:
        record = records.parse(model, history.blob(repo, commit, path) or b"", path)
    except ContractkitError as exc:
        return [f"{commit[:10]} {exc.message}"]
    if Path(path).name != f"{record.id}.yaml":
        return [f"{commit[:10]} {path}: its id {record.id} does not match its file name"]
    found = issued.problem(project, repo, record)
    return [f"{commit[:10]} {found}"] if found else []


def _billing(repo, commit: str) -> list[str]:
    """The billing records' problems at the commit that its first parent did not have: what
    `status`, `claim` and `doctor` would refuse to read once this commit is in."""
    from contractkit.flows.billing import audit

    parents = repo.commit(commit).parents
    before = set(audit.problems(repo, parents[0].hexsha)) if parents else set()
    return [f"{commit[:10]} {line}" for line in audit.problems(repo, commit) if line not in before]


def _approvals(project: Path, repo, commit: str, changes: set[str], keys: ServerKeys) -> list[str]:
    """Each new approval record's stored mail checked again (sender as last signed, DKIM, the
    sheet's hash in the reply's own words with an approval phrase), as every machine checks it."""
    from contractkit.flows import approval_trust

    out = []
    for entry in approval_trust.entries(project, repo, commit, dnsfunc=keys,
                                                         confirmations=True):
        if entry.name.removesuffix(".yaml") in changes and entry.problem:
            hint = keys.hint() if "DKIM key lookup failed" in entry.problem else ""
            out.append(f"{commit[:10]} {APPROVALS}/{entry.name}: not an approval: {entry.problem}{hint}")
    return out
