"""The documents `sign` hashes: the drafts the client was sent, byte for byte, and their date.

The signing date goes into the signature record and the tag, never into the text (review-en3 C1):
`sign` renders each document as drafted and refuses when a draft in out/ differs from it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.flows.output import _addendum_files, _addendum_history, _contract_files
from contractkit.load import PROJECT_FILE, parse_project
from contractkit.render.documents import file_name


def signing_documents(path: Path, repo, kind: str, number: int, day: dt.date,
                      redraft: bool = False) -> tuple[dict[str, bytes], dt.date, dict[str, str]]:
    """The documents both parties sign, byte for byte as drafted, and the date they were drafted as of.

    The contract and its annexes as `render` drafts them (dated contract.date; a payment due
    after signature names the event), or addendum `number` dated as its draft in out/ is (the
    date `addendum --date` gave it; without a draft, the signing day). The signing day goes into
    the record and the tag, never into the text. A draft in out/ that differs from what would be
    signed is refused (the client signs what they were sent), unless redraft: sign a fresh render.
    Also returns the clause numbers of the contract as this signature makes it, by role, for the
    record (letters cite them, flows/letters/clauses.py).
    """
    from contractkit.flows.wordsigned import look_at, refuse_uncommitted
    from contractkit.store import history

    text = history.blob(repo, "HEAD", PROJECT_FILE)
    head = parse_project(text.decode("utf-8-sig"))
    refuse_uncommitted(repo, path, head)  # the Word templates are signed as committed
    if kind == "contract":
        contract = head.contract
        if day < contract.date:
            raise RenderError(f"--date {day} is before the contract's own date {contract.date} "
                              f"(contract.date in {PROJECT_FILE})")
        files = _contract_files(path, text, None, look_at(repo, path, head, "HEAD"), drafted=True)
        drafted = contract.date
        clauses = _clauses_signed(path, repo, 0)
    else:
        project = history.project_at(repo, "HEAD")
        names = [file_name(f"addendum-{number}", project, fmt) for fmt in ("pdf", "docx")]
        drafted = (None if redraft else draft_date(path / "out", names)) or day
        if drafted > day:
            raise RenderError(f"out/{names[0]}: the draft is dated {drafted}, after the signing date {day}",
                              hint="sign with --date on or after the draft's date, or --redraft")
        files = _addendum_files(path, repo, number, drafted, ["pdf", "docx"], rev="HEAD")
        clauses = _clauses_signed(path, repo, number)
    if not redraft:
        _require_drafts(path, files)
    return files, drafted, clauses


def _clauses_signed(path: Path, repo, number: int) -> dict[str, str]:
    """Role -> clause number of the contract as signed (number 0) or as addendum `number` amends
    it, read off the same templates that render the documents being signed."""
    from contractkit.flows.letters.clauses import contract_clauses
    from contractkit.store import history

    if number == 0:
        project = history.project_at(repo, "HEAD")
        return {k: v for k, v in contract_clauses(project, path).items() if v}
    from contractkit.render.numbering import numbering_for

    hist, n, _, _ = _addendum_history(repo, number)
    found = contract_clauses(hist.versions[n], path, hist.prepaid_on, numbering_for(hist.versions[:n + 1]))
    return {k: v for k, v in found.items() if v}


def draft_date(out: Path, names: list[str]) -> dt.date | None:
    """The date a draft in out/ was rendered as of: the creation date its DOCX (or PDF) carries,
    which is the document's own date (render/docxmeta.py, render/pdf.py); None without a draft."""
    import re
    import zipfile

    for name in names:
        file = out / name
        if file.is_symlink() or not file.is_file() or file.stat().st_size > 64 * 1024 * 1024:
            continue
        try:
            if name.endswith(".docx"):
                with zipfile.ZipFile(file) as package:
                    core = package.read("docProps/core.xml").decode("utf-8", "replace")
                found = re.search(r"<dcterms:created[^>]*>(\d{4})-(\d\d)-(\d\d)", core)
            else:
                found = re.search(rb"/CreationDate\s*\(D:(\d{4})(\d\d)(\d\d)", file.read_bytes())
            if found:
                return dt.date(*(int(x) for x in found.groups()))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            continue
    return None


def _require_drafts(path: Path, files: dict[str, bytes]) -> None:
    """RenderError, naming the file, when a draft in out/ differs from the bytes to be signed."""
    changed = drafts_replaced(path, files)
    if changed:
        raise RenderError(
            f"out/{changed[0]}: the draft in out/ differs from the version to sign (the project or "
            f"the templates changed since it was rendered); the client signs the copy they were sent",
            hint="send the client the new render and sign it with 'contractkit sign --redraft --date DATE'")


def drafts_replaced(path: Path, files: dict[str, bytes]) -> list[str]:
    """The files in out/ that a render before signing left and that differ from the signed bytes
    (the signing day changes the date and the dates counted from it): a copy sent before signing
    is then not the document `verify` knows."""
    out = path / "out"
    found = []
    for name, data in sorted(files.items()):
        old = out / name
        if old.is_symlink() or not old.is_file() or old.stat().st_size > 64 * 1024 * 1024:
            continue
        if old.read_bytes() != data:
            found.append(name)
    return found
