"""Turning a letter's context into its documents and its mail, and recording it: shared by all kinds.

The body is one Jinja template per kind (templates/{ru,en}/letter-*.html.j2) rendered through the
same sandbox and pipeline as the contract; the mail's HTML part is that HTML with the stylesheet
inlined, its plain-text part the same words without markup.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from contractkit.flows.billing.book import Book
from contractkit.flows.billing.documents import base_context, render_document
from contractkit.flows.letters import mail as mailer
from contractkit.flows.letters.record import LetterRecord, letters, next_letter_id, path_of, save
from contractkit.store import records, trust
from contractkit.store.files import sha256


@dataclass
class Draft:
    """A letter ready to render: which template, its context and what its record states."""

    kind: str
    day: date
    subject: str
    context: dict
    facts: dict[str, str]
    documents: list[str] = field(default_factory=list)
    """Formats rendered as documents and attached (pdf, docx); none for a plain mail."""
    attach: dict[str, bytes] = field(default_factory=dict)
    """Files attached as they are (an invoice already issued)."""
    stage: str | None = None
    installment: str | None = None
    change: str | None = None


@dataclass(frozen=True)
class Written:
    record: LetterRecord
    files: list[Path]
    eml: Path
    text: str
    warnings: tuple[str, ...] = ()


class _Text(HTMLParser):
    BLOCK = {"p", "h1", "h2", "h3", "li", "tr", "div", "br", "table"}

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.skip = 0
        self.cells = 0
        self.cell_at = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")
        if tag == "li":
            self.out.append("- ")
        if tag == "tr":
            self.cells = 0
        if tag in ("td", "th"):  # cells of a row stay apart: «Сумма долга | Срок оплаты»
            # an empty cell (the address block's spacer) adds no stray «|» of its own
            said = self.cells and "".join(self.out[self.cell_at:]).strip()
            self.out.append(" | " if said else " ")
            self.cells += 1 if said or not self.cells else 0
            self.cell_at = len(self.out)

    def handle_endtag(self, tag):
        if tag in ("style", "title", "head"):
            self.skip -= 1
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


RUNNING = re.compile(r'<div class="running">.*?</div>', re.S)
EDGE_BARS = re.compile(r"^(?:\|\s*)+|(?:\s*\|)+$")


def plain_text(html: str) -> str:
    """The words of the HTML, a paragraph per block, for the mail's text/plain part."""
    parser = _Text()
    parser.feed(RUNNING.sub("", html))
    text = html_lib.unescape("".join(parser.out)).replace("\u00a0", " ")
    # a row whose last cells are empty (the signature table's) ends in no stray «|» (review-ru2 R7.4)
    lines = [EDGE_BARS.sub("", " ".join(line.split())) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line.startswith("- ") and len(out) > 1 and not out[-1] and out[-2].startswith("- "):
            out[-1] = line  # list items stay together
        elif line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def context_for(book: Book, letter: dict) -> dict:
    return {**base_context(book), "letter": letter}


def recipients(book: Book) -> list[tuple[str, str]]:
    client = book.project.client
    if not client.email:
        from contractkit.errors import Problem, ProjectFileError

        raise ProjectFileError([Problem("project.yaml", "the client has no e-mail to write to",
                                        field="client.email")])
    # an English company's notice mailbox is the company's (or its contact person's, §7.1.1), not
    # the signatory's own: the header names the company, never a person it is not (review-en2, E8)
    if book.project.language == "en" and not client.is_person:
        return [(client.name, client.email)]
    return [(client.signer.name, client.email)]


def mailed(files: dict[str, bytes]) -> dict[str, bytes]:
    """What the mail attaches: a notice goes out as a PDF the client cannot edit; a DOCX rendered
    beside it stays in out/ for the sender, and is attached only when there is no PDF."""
    pdfs = {n[:-4] for n in files if n.endswith(".pdf")}
    return {n: d for n, d in files.items() if not (n.endswith(".docx") and n[:-5] in pdfs)}


@dataclass(frozen=True)
class Prepared:
    """A letter rendered and its record built, nothing written yet: a flow that also records
    something else (a change request) renders first, so a letter that fails changes nothing."""

    record: LetterRecord
    documents: dict[Path, bytes]
    eml: Path
    text: str


def write(path: Path, repo, book: Book, draft: Draft) -> Written:
    """Render the letter, build its .eml, write both to out/ and commit the letter's record."""
    return save_prepared(path, repo, prepare(path, repo, book, draft))


def save_prepared(path: Path, repo, ready: Prepared) -> Written:
    """Write a prepared letter's documents to out/ and commit its record."""
    record = ready.record
    save(path, repo, record, f"{record.id}: {record.kind} letter of {record.date}: {record.subject}",
         ready.documents)
    # written here, in this project: `send` sends only letters this machine wrote for it (B08)
    trust.remember_made(repo, path_of(record), records.dump(record))
    return Written(record, list(ready.documents), ready.eml, ready.text)


def prepare(path: Path, repo, book: Book, draft: Draft) -> Prepared:
    """Render the letter and build its .eml and record, writing nothing."""
    project = book.project
    draft.subject = draft.subject.replace("\u00a0", " ")
    existing = letters(repo)
    letter_id = next_letter_id(existing)
    stem = f"letter-{letter_id[2:]}-{draft.kind}"
    formats = ["html", *draft.documents]
    rendered = render_document(path, book, f"letter-{draft.kind}.html.j2", draft.context, draft.subject,
                               draft.day, stem, formats)
    html_name = next(n for n in rendered if n.endswith(".html"))
    html = RUNNING.sub("", rendered.pop(html_name).decode("utf-8"))  # a page header, not a mail's
    text = plain_text(html)
    attachments = mailed({**draft.attach, **rendered})
    contractor = project.contractor
    sender = (contractor.display_name, contractor.email)
    if not sender[1]:
        from contractkit.errors import Problem, ProjectFileError

        raise ProjectFileError([Problem("project.yaml", "the contractor has no e-mail to write from",
                                        field="contractor.email")])
    message = mailer.Mail(sender, recipients(book), draft.subject, draft.day, text, html, attachments)
    data, mid = mailer.eml_bytes(message)
    eml_name = f"{stem}.eml"
    record = LetterRecord(
        id=letter_id, kind=draft.kind, date=draft.day, subject=draft.subject,
        to=[a for _, a in message.to], stage=draft.stage, installment=draft.installment,
        change=draft.change, facts=draft.facts,
        files={n: sha256(d) for n, d in sorted(attachments.items())}, eml=eml_name, message_id=mid,
        eml_sha256=sha256(data))
    out = path / "out"
    documents = {out / n: d for n, d in sorted(rendered.items())}
    documents[out / eml_name] = data
    return Prepared(record, documents, out / eml_name, text)
