"""Approval by email: a simple electronic signature (ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 п. 2).

The client receives a `mailto:` link quoting a pending change request sheet and its SHA-256, and
replies from the address in the requisites. `record_approval` checks the reply (sender, DKIM
signature aligned with the sender's domain, the quoted hash) and commits the message as evidence.
The .eml is untrusted: its size is bounded, it is parsed with the email package's default policy,
and nothing in it (links, attachments) is ever followed or opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from pydantic import Field

from contractkit.errors import ContractkitError
from contractkit.mail import dates as approval_dates
from contractkit.mail import domains as approval_domains
from contractkit.mail import headers as approval_headers
from contractkit.mail import message as approval_mail
from contractkit.mail import mso as approval_mso
from contractkit.mail import raw as approval_raw
from contractkit.mail import sections as reply_sections
from contractkit.mail import text as approval_text
from contractkit.mail.message import reply_lines as reply_lines
from contractkit.model.types import Model

APPROVALS = ".contractkit/approvals"
MAX_EML = 2 * 1024 * 1024
MAX_HEADERS = approval_raw.MAX_HEADERS
MAX_DKIM_SIGNATURES = approval_raw.MAX_DKIM_SIGNATURES
CHECKED_SIGNATURES = 2
"""At most this many aligned DKIM signatures are verified: each check re-reads the whole mail."""
_FAILED: dict = {}
"""DKIM checks that failed in this run, by (mail hash, sender domain, key look-up): paid once."""
SHA256 = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")
SUBJECT = {"ru": "Согласовано: {name}", "en": "Approved: {name}"}
BODY = {
    "ru": "Согласовываю документ {name} (запрос на изменение {id}).\nSHA-256: {sha}\n",
    "en": "I approve the document {name} (change request {id}).\nSHA-256: {sha}\n",
}


class ApprovalError(ContractkitError):
    """An approval email was refused: the reason is the message."""


class ApprovalRecord(Model):
    """A client's email approval of a pending change request sheet, committed with its .eml."""

    change: str = Field(pattern=r"^CR-\d{3,}$")
    document: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    sender: str
    dkim_domain: str
    message_id: str = ""
    sent: str = ""
    """The Date header as the sender's server wrote it."""
    recorded_on: dt.date
    confirmed_by: str = Field("", max_length=200)
    """Who recorded the reply as an approval although it is not read as one (`approve --confirm`):
    their decision, shown as theirs; empty for a reply that approves in its own words."""
    despite: str = Field("", max_length=600)
    """Why the reply is not read as an approval, as it was when it was recorded."""


@dataclass(frozen=True)
class PendingDocument:
    change: str
    name: str
    sha256: str
    source_sha256: str = ""
    """SHA-256 of the document data the CR sheet embeds, the hash the sheet's own link quotes."""
    valid_until: dt.date | None = None
    """The last day the sheet holds, as that embedded data states it (a reply after it is refused)."""


def approval_path(change_id: str, suffix: str) -> str:
    return f"{APPROVALS}/{change_id}.{suffix}"


def mailto(project, document: PendingDocument, signed=None) -> str:
    """The link the client clicks: an email to the contractor quoting the document and its hash.
    signed: the version last signed, whose contractor.email the contract names for documents; a
    teammate's plain-git edit of the address never redirects the client's approval."""
    lang = project.language if project.language in SUBJECT else "en"
    subject = SUBJECT[lang].format(name=document.name)
    body = BODY[lang].format(name=document.name, id=document.change, sha=document.sha256)
    to = (signed or project).contractor.email
    return f"mailto:{quote(to, safe='@')}?subject={quote(subject)}&body={quote(body)}"


def sheet_link(project, change_id: str, source: bytes, signed=None) -> dict | None:
    """For the CR sheet itself, which cannot quote its own hash: the link quotes the SHA-256 of the
    document data (document-data.json) embedded in it, which the client receives with the sheet.
    None when the contract (as last signed) has no electronic exchange."""
    terms = signed or project
    if not (terms.terms.electronic_exchange and terms.contractor.email):
        return None
    sha = hashlib.sha256(source).hexdigest()
    document = PendingDocument(change_id, "document-data.json", sha)
    return {"sha256": sha, "link": mailto(project, document, signed)}


def approvals(repo, rev: str = "HEAD") -> list[ApprovalRecord]:
    """Every approval recorded at rev, by change id."""
    from contractkit.store import records

    try:
        tree = repo.commit(rev).tree / APPROVALS
    except (KeyError, ValueError):
        return []
    return sorted((records.parse(ApprovalRecord, b.data_stream.read(), b.path)
                   for b in records.bounded(tree, APPROVALS)), key=lambda a: a.change)


def lookup_txt(name: bytes, timeout: int = 5):
    """DNS TXT lookup for DKIM keys (dkimpy's own, through dnspython)."""
    import dkim.dnsplug

    return dkim.dnsplug.get_txt(name, timeout=timeout)


def people(project) -> tuple[str, ...]:
    """The names an approval may carry beside its phrase: the client's (signatory, contact person,
    the client if a person) and the contractor's, whom a greeting addresses."""
    out = []
    for party in (project.client, project.contractor):
        out += [party.name if party.kind not in ("company", "foreign_company") else "",
                party.signatory.name if party.signatory else "", party.contact_person]
    return tuple(n for n in out if n)


def card(project) -> tuple[str, ...]:
    """What a reply's signature may hold beside names: both parties' names (a company's), the
    signatories' positions and the client's address."""
    out = []
    for party in (project.client, project.contractor):
        out += [party.name, party.short_name, party.signatory.position if party.signatory else ""]
    return tuple(n for n in [*out, project.client.address] if n)


def check_reply(eml: bytes, client_email: str, pending: list[PendingDocument], dnsfunc,
                electronic: bool = True, confirm: bool = False,
                names: tuple[str, ...] = (), cards: tuple[str, ...] = (),
                on: dt.date | None = None) -> ApprovalRecord:
    """The approval this reply makes, or ApprovalError with the reason it is refused. With confirm,
    a reply whose only fault is its wording (sender, DKIM and hash all pass) is returned with the
    reason in `despite`, for the user to record as their own decision. names: the people a reply may
    name (people(project)); the From header's display name adds none (approval_text.sender_names).
    cards: what its signature may hold beside them (card(project)), and the sender's domain. on: the
    day it is recorded (today; a record's own day when it is checked again)."""
    if len(eml) > MAX_EML:
        raise ApprovalError(f"the message is {len(eml)} bytes, more than {MAX_EML} an approval reply needs")
    raw = _raw_headers(eml)
    if not pending:
        raise ApprovalError("no pending document to approve: no change request is waiting",
                            hint="record a change first: 'contractkit change -m TITLE --estimate'")
    if not electronic:
        raise ApprovalError("the contract does not provide for electronic exchange "
                            "(terms.electronic_exchange), so an email is not a signature "
                            "(ГК РФ ст. 160 п. 2)")
    if not client_email:
        raise ApprovalError("the client has no email in project.yaml (client.email), so no reply "
                            "can be matched to them")
    try:
        msg = approval_raw.message(eml, raw)  # parsed once, as the DKIM check reads it (red team 8, A1)
        for header in ("From", "Subject"):
            if len(msg.get_all(header) or ()) > 1:
                # DKIM signs only the last instance, a reader shows the first (A6.1)
                raise ApprovalError(f"the message has more than one {header} header")
        senders = msg["From"].addresses if msg["From"] is not None else ()
        _one_sender(msg)
    except approval_raw.Malformed as exc:
        raise ApprovalError(str(exc)) from None
    except ApprovalError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed header is a refusal, not a crash
        raise ApprovalError(f"the message cannot be read ({type(exc).__name__})") from None
    if len(senders) != 1 or not senders[0].addr_spec:
        raise ApprovalError("wrong sender: the message must have exactly one From address")
    sender = senders[0].addr_spec.lower()
    if sender != client_email.strip().lower():
        raise ApprovalError(f"wrong sender: {sender} is not the client's address in the requisites "
                            f"({client_email})")
    domain, signed_headers = dkim_domain(eml, sender.rsplit("@", 1)[1], dnsfunc)
    try:
        approval_raw.signed_once(raw, signed_headers)
    except approval_raw.Malformed as exc:
        raise ApprovalError(str(exc)) from None
    # only what the verifying signature covers may carry the hash: the body (whole, no l= tag is
    # accepted) and the Subject if the signature's h= names it (A6.2); in the body, only the
    # reply's own lines, never what it quotes or forwards; in every way a mail program may show it
    shown, problems = _views(msg)
    subject = set(SHA256.findall(str(msg.get("Subject", "")))) if "subject" in signed_headers else set()
    quoted = [{h.lower() for h in set(SHA256.findall("\n".join(reply_sections.own_lines(v.text)))) | subject}
              for v in shown]
    every = set().union(*quoted)
    match = next((d for d in pending if d.sha256 in every or d.source_sha256 in every), None)
    if match is None:
        waiting = ", ".join(f"{d.name} {d.sha256[:12]}…" for d in pending)
        why = f"; {problems[0]}" if problems else ""
        raise ApprovalError("wrong hash: the reply quotes no pending document's SHA-256 in its own text "
                            f"(waiting: {waiting}){why}")
    on = on or dt.date.today()
    late = approval_dates.expired(match.change, match.valid_until,
                                  approval_dates.days(msg, raw, signed_headers, domain), on)
    if late:  # an offer's term for acceptance (red team 12, B15): no --confirm makes up for it
        raise ApprovalError(late)
    # only the matched document's own words stand by the phrase: naming another refuses (A9)
    known = approval_text.document_words(match.name, match.change)
    display = (senders[0].display_name or "").encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    persons = approval_text.sender_names(display, names)  # a raw UTF-8 header (SMTPUTF8) read as such
    card = approval_text.card_words(*cards, domains=(sender.rsplit("@", 1)[1],))
    context = (known, persons, card, _ours(pending))
    declined = _declined(shown, problems, quoted, match, str(msg.get("Subject", "")), context)
    # the names and comments of From, To, Cc…, shown above the text as the Subject is (red team 10, B4)
    declined = declined or approval_headers.names_refusal(approval_headers.shown_names(msg), persons | card,
                                                          match.change)
    if declined and not confirm:
        raise ApprovalError(declined)
    return ApprovalRecord(change=match.change, document=match.name, sha256=match.sha256, sender=sender,
                          dkim_domain=domain, message_id=str(msg.get("Message-ID", ""))[:200],
                          sent=str(msg.get("Date", ""))[:100], recorded_on=on,
                          despite=(declined or "")[:600])


def _views(msg) -> tuple[list[approval_mail.View], list[str]]:
    """The reply's own text in every way a mail program may show it, and the parts not read."""
    try:
        return approval_mail.views(msg)
    except Exception as exc:  # noqa: BLE001 - a malformed part is a refusal, not a crash
        raise ApprovalError(f"the message's parts cannot be read ({type(exc).__name__})") from None


def _one_sender(msg) -> None:
    """A From header every reader reads alike: no parser defect ("office@x <intern@x>", two addresses
    run together), one '@' and none in the display name. Mail servers and Python read such headers
    differently, and the server's check of the logged-in sender may be of the other address. A raw
    UTF-8 header (SMTPUTF8), which Python flags as undecodable, is read as UTF-8."""
    from email.errors import UndecodableBytesDefect

    header = msg["From"]
    if header is None:
        return
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == "from"), "")
    try:
        raw = raw.encode("utf-8", "surrogateescape").decode("utf-8")
        utf8 = True
    except UnicodeError:
        utf8 = False
    defects = [d for d in header.defects if not (utf8 and isinstance(d, UndecodableBytesDefect))]
    display = header.addresses[0].display_name if len(header.addresses) == 1 else ""
    display = display.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if defects or raw.count("@") > 1 or "@" in display:
        shown = " ".join(raw.encode("utf-8", "replace").decode("utf-8", "replace").split())[:120]
        raise ApprovalError(f"wrong sender: the From header is malformed or names more than one address "
                            f"({shown!r}); mail programs may read another sender there")


def _ours(pending: list[PendingDocument]) -> frozenset[str]:
    """The lines of the request mail contractkit wrote for each pending document (a quote may hold them)."""
    texts = [f"{template.format(name=n, id=d.change, sha=sha)}\n{SUBJECT[lang].format(name=n)}"
             for d in pending for n, sha in ((d.name, d.sha256), ("document-data.json", d.source_sha256))
             for lang, template in BODY.items()]
    return approval_text.ours_lines(*texts)


def _declined(shown, problems: list[str], quoted: list[set[str]], match: PendingDocument, subject: str,
              context: tuple) -> str | None:
    """Why the reply is no approval of match, or None: every rendering of it (text/plain, text/html)
    must be read, quote match's hash and approve in its own words; any that does not refuses.
    context: the document words, people, signature words and contractkit's own lines (verdict)."""
    known, persons, cards, ours = context
    if problems:
        return (f"not an approval: {problems[0]}; every part a mail program may show must be read "
                "and approve the same document")
    for view, hashes in zip(shown, quoted, strict=True):
        painted = approval_mso.refusal(view, persons, cards)
        if painted:
            return painted
        if match.sha256 not in hashes and match.source_sha256 not in hashes:
            return (f"not an approval: its {view.label} part quotes no SHA-256 of {match.name} in its own "
                    "text while another part does; every part a mail program may show must approve the "
                    "same document")
        said = approval_text.verdict(reply_sections.own_lines(view.text),
                                     reply_sections.signature_lines(view.text), known, subject, persons,
                                     cards, reply_sections.quoted_lines(view.text), ours, change=match.change)
        if said and len(shown) > 1:
            return said.replace("not an approval: ", f"not an approval: in its {view.label} part, ", 1)
        if said:
            return said
    return None


def dkim_domain(eml: bytes, sender_domain: str, dnsfunc) -> tuple[str, set[str]]:
    """The d= domain of a DKIM signature that verifies and is aligned with the sender's domain (the
    domain itself or its organizational domain, never a public suffix: approval_domains), and
    the names of the headers it signs (h=, lower case). A signature with a body length limit (l=)
    is refused: anything could follow the signed part of the body. At most CHECKED_SIGNATURES are
    verified (the sender's own domain first); a failed check is remembered for the run."""
    _raw_headers(eml)
    key = (hashlib.sha256(eml).hexdigest(), sender_domain, dnsfunc)
    if key in _FAILED:
        raise _FAILED[key]
    try:
        return _dkim_domain(eml, sender_domain, dnsfunc)
    except ApprovalError as exc:
        _FAILED[key] = exc
        raise


def _verify(eml: bytes, index: int, dnsfunc) -> bool:
    import dkim

    return bool(dkim.DKIM(eml, minkey=1024).verify(idx=index, dnsfunc=dnsfunc))


def _dkim_domain(eml: bytes, sender_domain: str, dnsfunc) -> tuple[str, set[str]]:
    signatures = [v for k, v in _raw_headers(eml) if k.lower() == b"dkim-signature"]
    if not signatures:
        raise ApprovalError("absent DKIM: the message carries no DKIM signature, so its sender "
                            "cannot be confirmed")
    aligned = []
    for index, value in enumerate(signatures):
        tags = dict(t.strip().split(b"=", 1) for t in value.split(b";") if b"=" in t)
        tags = {k.strip(): v for k, v in tags.items()}
        d = b"".join(tags.get(b"d", b"").split()).decode("ascii", "replace").lower()
        if d and approval_domains.speaks_for(d, sender_domain):
            if b"l" in tags:
                raise ApprovalError("bad DKIM: the signature covers only part of the body (l= tag), "
                                    "so text after it could have been added by anyone")
            signed = {h.strip().lower() for h in b"".join(tags.get(b"h", b"").split()).decode(
                "ascii", "replace").split(":")}
            aligned.append((index, d, signed))
    if not aligned:
        raise ApprovalError(f"bad DKIM: no DKIM signature is from the sender's domain {sender_domain}")
    failed: list[str] = []

    def looked_up(name, timeout=5):
        try:
            found = dnsfunc(name, timeout=timeout)
        except Exception:  # noqa: BLE001 - a resolver's own error: the lookup failed
            found = None
        if not found:
            failed.append(name.decode("ascii", "replace") if isinstance(name, bytes) else str(name))
        return found

    aligned.sort(key=lambda a: a[1] != sender_domain)  # the sender's own domain first (stable)
    for index, d, signed in aligned[:CHECKED_SIGNATURES]:
        try:
            if _verify(eml, index, looked_up):
                return d, signed
        except Exception:  # noqa: BLE001 - dkimpy raises many types on hostile input
            continue
    if failed:
        raise ApprovalError(f"DKIM key lookup failed: no key record {failed[0].rstrip('.')} could be read "
                            "(no DNS here, or no such record), so the signature cannot be checked",
                            hint="give the key offline: 'contractkit approve --eml REPLY.eml "
                                 "--dkim-key FILE' "
                                 "with the TXT record (v=DKIM1; k=rsa; p=…) saved in FILE")
    raise ApprovalError(f"bad DKIM: the signature of {aligned[0][1]} does not verify "
                        "(the message was changed, or the key does not match)")


def key_file_dns(text: str):
    """A resolver answering every DKIM key look-up with the TXT record saved in a file (the user's
    own argument): the record itself (v=DKIM1; k=rsa; p=…) or a zone line with its quoted strings."""
    quoted = re.findall(r'"([^"]*)"', text)
    record = ("".join(quoted) if quoted and "TXT" in text.upper() else " ".join(text.split())).strip()
    if "p=" not in record:
        raise ApprovalError("the --dkim-key file holds no DKIM key record (v=DKIM1; k=rsa; p=…)")
    data = record.encode("ascii", "replace")

    def answer(name, timeout=5):
        return data

    return answer


def _raw_headers(eml: bytes) -> list[tuple[bytes, bytes]]:
    """The headers as the DKIM verifier reads them, refused before any parsing when the verifier and a
    mail reader could split the message differently, or when it has more than a reply has."""
    try:
        return approval_raw.headers(eml)
    except approval_raw.Malformed as exc:
        raise ApprovalError(str(exc)) from None


def signed_project(repo, rev: str = "HEAD"):
    """The project as last signed (the client's address an approval must come from), or the one
    at rev while nothing is signed: a teammate's plain-git edit of client.email changes nothing."""
    from contractkit.load import parse_project
    from contractkit.store import history

    signed = history.signatures(repo)
    text = history.blob(repo, signed[-1].tag if signed else repo.commit(rev).hexsha, "project.yaml") or b""
    return parse_project(text.decode("utf-8-sig"))
