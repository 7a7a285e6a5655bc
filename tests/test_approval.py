"""Approval by email, a simple electronic signature: ГК РФ ст. 160 п. 2 and 63-ФЗ ст. 6 п. 2 make
a document sent from the address named in the contract count as signed when the parties agreed
so (terms.electronic_exchange). The reply's sender, DKIM signature and quoted SHA-256 are checked;
DKIM keys come from a local resolver (dkimpy's dnsfunc) holding a key made in the test.
"""

import base64
import hashlib
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from contractkit.errors import ContractkitError
from contractkit.flows import approval, approval_trust
from tests.conftest import run
from tests.readback import normal, pdf_pages

CLIENT = "office@romashka.example"
RU_CONTENT = "    title: Наполнение контентом, 20 страниц\n"
RU_CONTENT_30 = "    title: Наполнение контентом, 30 страниц\n"


class Dns:
    """A local DNS holding one DKIM key per selector record; nothing leaves the machine."""

    def __init__(self):
        self.records: dict[bytes, bytes] = {}
        self.keys: dict[str, bytes] = {}

    def add(self, domain: str, selector: str = "ck") -> bytes:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = key.public_key().public_bytes(serialization.Encoding.DER,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
        name = f"{selector}._domainkey.{domain}.".encode()
        self.records[name] = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
        self.keys[domain] = pem
        return pem

    def __call__(self, name, timeout=5):
        return self.records.get(name if name.endswith(b".") else name + b".")


def reply(sender: str, body: str, dns: Dns | None = None, domain: str = "romashka.example") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Марина Кузнецова <{sender}>"
    msg["To"] = "studio@example.ru"
    msg["Subject"] = "Re: Согласовано"
    msg["Date"] = formatdate(1765000000)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(body)
    data = msg.as_bytes().replace(b"\n", b"\r\n")
    if dns is not None:
        signature = dkim.sign(data, b"ck", domain.encode(), dns.keys[domain],
                              include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
        data = signature + data
    return data


@pytest.fixture
def pending(ru_project):
    """The RU-1 contract signed and a change request recorded with its CR sheet."""
    run("sign", ru_project, "--date", "2026-12-01")
    project = ru_project / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", ru_project, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    sheet = ru_project / "out" / "cr-001-2026-031.pdf"
    return ru_project, hashlib.sha256(sheet.read_bytes()).hexdigest()


@pytest.fixture
def dns():
    resolver = Dns()
    resolver.add("romashka.example")
    resolver.add("evil.example")
    return resolver


def test_the_cr_sheet_carries_an_approve_link_quoting_its_proposed_version(pending):
    path, _ = pending
    text = normal(" ".join(pdf_pages(path / "out" / "cr-001-2026-031.pdf")))
    assert "Согласовать по электронной почте" in text
    assert "ответить письмом с адреса office@romashka.example" in text
    from pypdf import PdfReader

    links = [a.get_object()["/A"]["/URI"] for page in PdfReader(path / "out" / "cr-001-2026-031.pdf").pages
             for a in page.get("/Annots", []) if "/A" in a.get_object()]
    mailto = next(u for u in links if u.startswith("mailto:"))
    assert mailto.startswith("mailto:studio@example.ru?subject=")
    # the hash of what the client receives with the sheet: its embedded document data
    data = PdfReader(path / "out" / "cr-001-2026-031.pdf").attachments["document-data.json"][0]
    assert hashlib.sha256(data).hexdigest() in unquote(mailto)


def test_a_dkim_signed_reply_from_the_client_quoting_the_hash_is_recorded(pending, dns):
    path, sha = pending
    eml = reply(CLIENT, f"Согласовываю документ cr-001-2026-031.pdf.\nSHA-256: {sha}\n", dns)
    record = approval_trust.record_approval(path, eml, dnsfunc=dns)
    assert (record.change, record.sender, record.dkim_domain) == ("CR-001", CLIENT, "romashka.example")
    assert (path / ".contractkit/approvals/CR-001.eml").read_bytes() == eml
    import git

    repo = git.Repo(path)
    assert repo.head.commit.message.startswith("CR-001 approved by email from office@romashka.example")
    assert ".contractkit/approvals/CR-001.eml" in repo.git.ls_files()
    repo.close()
    log = run("log", path).output
    assert re.search(r"CR-001\s+approved by email from office@romashka.example, DKIM valid", log)
    # A second approval of the same change says so (issue 24).
    with pytest.raises(approval.ApprovalError, match="CR-001 is already approved by email"):
        approval_trust.record_approval(path, eml, dnsfunc=dns)


@pytest.mark.parametrize("case, reason", [
    ("wrong sender", "wrong sender: someone@evil.example is not the client's address"),
    ("wrong hash", "wrong hash: the reply quotes no pending document's SHA-256"),
    ("bad dkim", "bad DKIM: the signature of romashka.example does not verify"),
    ("absent dkim", "absent DKIM: the message carries no DKIM signature"),
    ("foreign dkim", "bad DKIM: no DKIM signature is from the sender's domain romashka.example"),
])
def test_a_reply_failing_any_check_is_refused_with_the_reason(pending, dns, case, reason):
    path, sha = pending
    body = f"Согласовано.\nSHA-256: {sha}\n"
    if case == "wrong sender":
        eml = reply("someone@evil.example", body, dns, domain="evil.example")
    elif case == "wrong hash":
        eml = reply(CLIENT, f"SHA-256: {'0' * 64}\n", dns)
    elif case == "bad dkim":  # the body changed after the client's server signed it
        eml = reply(CLIENT, body, dns).replace(b"SHA-256", b"SHA-512")
    elif case == "absent dkim":
        eml = reply(CLIENT, body)
    else:  # signed by another domain than the sender's
        eml = reply(CLIENT, body, dns, domain="evil.example")
    with pytest.raises(approval.ApprovalError) as caught:
        approval_trust.record_approval(path, eml, dnsfunc=dns)
    assert reason in caught.value.message
    assert not (path / ".contractkit/approvals").exists()


def test_approve_command_refuses_with_one_line_and_records_a_good_reply(pending, dns, monkeypatch, tmp_path):
    path, sha = pending
    monkeypatch.setattr(approval, "lookup_txt", dns)
    bad = tmp_path / "bad.eml"
    bad.write_bytes(reply(CLIENT, "SHA-256: " + "f" * 64, dns))
    out = run("approve", path, "--eml", bad, ok=False).output
    assert out.startswith("error: wrong hash")
    good = tmp_path / "good.eml"
    good.write_bytes(reply(CLIENT, f"Согласовано.\nSHA-256: {sha}\n\nИван <ivan@example.ru> пишет:\n> quoted: the sheet", dns))
    out = run("approve", path, "--eml", good).output
    assert "CR-001 approved by email from office@romashka.example, DKIM valid (d=romashka.example)" in out


def test_an_oversized_or_unreadable_message_is_refused_without_parsing(pending, dns):
    path, sha = pending
    huge = reply(CLIENT, f"SHA-256: {sha}\n" + "x" * (approval.MAX_EML + 10), dns)
    with pytest.raises(approval.ApprovalError, match="more than"):
        approval_trust.record_approval(path, huge, dnsfunc=dns)
    with pytest.raises(ContractkitError, match="wrong sender"):
        approval_trust.record_approval(path, b"From: <<<\r\n\r\nbody", dnsfunc=dns)


def test_no_pending_document_is_refused(ru_project, dns):
    run("sign", ru_project, "--date", "2026-12-01")
    with pytest.raises(approval.ApprovalError, match="no pending document to approve"):
        approval_trust.record_approval(ru_project, reply(CLIENT, "ok", dns), dnsfunc=dns)


def test_the_page_shows_the_approval_but_never_the_email(pending, dns, tmp_path):
    """The .eml is evidence kept in the repository, private to the parties: never published."""
    from contractkit.flows.site.build import publish

    path, sha = pending
    secret = "+7 999 123-45-67"  # a private phone number in the signature
    approval_trust.record_approval(path, reply(CLIENT, f"Согласовано. SHA-256: {sha}\n-- \n{secret}\n", dns), dnsfunc=dns)
    out = tmp_path / "public"
    publish(path, out)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "согласован, ждёт подписания доп. соглашения" in html
    assert "согласовано по эл. почте с адреса office@romashka.example" in html
    assert 'class="approve"' not in html  # nothing left to approve
    assert secret not in html and "DKIM-Signature" not in html
    assert not any(p.suffix == ".eml" for p in out.rglob("*"))
