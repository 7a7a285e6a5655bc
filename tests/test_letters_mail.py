"""Letters as e-mail: deterministic .eml files, and a real SMTP server on localhost (aiosmtpd)
receiving them intact, in clear (local only) and over STARTTLS with a login."""

import datetime as dt
import email
import hashlib
import socket
import ssl
import subprocess
from email import policy

import git
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from contractkit.flows.letters import mail
from tests.conftest import run
from tests.test_billing import example, flat


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content,
                               getattr(session, "authenticated", False)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def unpaid(ws):
    """RU-1 signed, its prepayment invoiced and not paid by its due date 2026-12-08."""
    path = example(ws, "romashka-site", "romashka")
    run("sign", path, "--date", "2026-12-01")
    run("invoice", path, "prepayment", "--date", "2026-12-01", "--format", "pdf")
    return path


def sample(**changes) -> mail.Mail:
    base = dict(sender=("ИП Соколов", "studio@example.ru"), to=[("Марина Кузнецова", "office@romashka.example")],
                subject="Напоминание об оплате по Договору № 2026-031", day=dt.date(2026, 12, 10),
                text="Текст\n", html="<p>Текст</p>", attachments={"a.pdf": b"%PDF-1.7 x"})
    return mail.Mail(**{**base, **changes})


def test_eml_bytes_repeat_and_message_id_is_a_hash_of_the_content():
    one, mid = mail.eml_bytes(sample())
    assert mail.eml_bytes(sample()) == (one, mid)
    assert mid.endswith("@example.ru>") and len(mid.split("@")[0]) == 33
    other, mid2 = mail.eml_bytes(sample(attachments={"a.pdf": b"%PDF-1.7 y"}))
    assert mid2 != mid
    msg = email.message_from_bytes(one, policy=policy.default)
    assert msg["Date"] == "Thu, 10 Dec 2026 09:00:00 +0000"
    assert msg["Subject"] == "Напоминание об оплате по Договору № 2026-031"
    assert msg.get_content_type() == "multipart/mixed"
    assert b"=_contractkit_" in one


def test_remind_sent_to_a_local_smtp_server_arrives_intact_and_is_recorded(unpaid, smtp, monkeypatch):
    inbox, port = smtp
    monkeypatch.setenv("CONTRACTKIT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONTRACTKIT_SMTP_PORT", str(port))
    monkeypatch.setenv("CONTRACTKIT_SMTP_SECURITY", "none")
    out = run("remind", unpaid, "--date", "2026-12-10", "--send").output
    assert f"via 127.0.0.1:{port}" in out
    [(sender, rcpts, data, _)] = inbox.envelopes
    assert (sender, rcpts) == ("studio@example.ru", ["office@romashka.example"])
    eml = (unpaid / "out" / "letter-001-remind.eml").read_bytes()
    msg = email.message_from_bytes(data, policy=policy.default)
    assert msg["From"].addresses[0].display_name == "Соколов Андрей Викторович"
    assert msg["To"].addresses[0].display_name == "Кузнецова Марина Сергеевна"
    assert msg["Subject"] == "Напоминание об оплате по Договору № 2026-031 от 1 декабря 2026 г."
    assert msg["Date"] == "Thu, 10 Dec 2026 09:00:00 +0000"
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for part in (plain, html):
        part = part.replace("\xa0", " ")  # the typography pass binds «8 декабря» with a no-break space
        assert "121 750,00" in part and "8 декабря 2026" in part
    assert "просрочка составляет 2 календарных дня" in " ".join(plain.split())
    assert "<p>" in html and "<p>" not in plain
    assert "class=\"running\"" not in html  # the page header of the PDF is no part of a mail
    invoice = (unpaid / "out" / "invoice-2026-001-2026-031.pdf").read_bytes()
    got = {p.get_filename(): hashlib.sha256(p.get_payload(decode=True)).hexdigest()
           for p in msg.iter_attachments()}
    assert got == {"invoice-2026-001-2026-031.pdf": hashlib.sha256(invoice).hexdigest()}
    original = email.message_from_bytes(eml, policy=policy.default)
    assert msg["Message-ID"] == original["Message-ID"]
    from ruamel.yaml import YAML

    record = YAML(typ="safe").load((unpaid / ".contractkit" / "sent" / "S-001.yaml").read_text("utf-8"))
    assert (record["letter"], record["message_id"], record["recipients"]) == (
        "L-001", original["Message-ID"], ["office@romashka.example"])
    assert record["attachments"] == {"invoice-2026-001-2026-031.pdf": hashlib.sha256(invoice).hexdigest()}
    assert record["eml_sha256"] == hashlib.sha256(eml).hexdigest()
    assert record["server"] == f"127.0.0.1:{port}"
    log = flat(run("log", unpaid).output)
    assert (f"S-001 sent L-001 to office@romashka.example {original['Message-ID']} via 127.0.0.1:{port}"
            in log)


@pytest.fixture
def tls_smtp(tmp_path, monkeypatch):
    """An SMTP server on localhost with STARTTLS (a self-signed certificate the client trusts) and
    AUTH LOGIN/PLAIN for one user."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"alina" and auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="localhost", port=free_port(), tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_required=True)
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_send_over_starttls_with_login_from_the_user_config_and_env_password(unpaid, tls_smtp, monkeypatch):
    inbox, port = tls_smtp
    run("remind", unpaid, "--date", "2026-12-10")
    config = unpaid.parent.parent / "home" / ".config" / "contractkit"
    config.mkdir(parents=True)
    (config / "smtp.toml").write_text(f'host = "localhost"\nport = {port}\nsecurity = "starttls"\n'
                                      'user = "alina"\n', encoding="utf-8")
    monkeypatch.setenv("CONTRACTKIT_SMTP_PASSWORD", "wrong")
    refused = run("send", unpaid, "L-001", ok=False)
    assert f"error: sending through localhost:{port} failed" in refused.output
    assert not (unpaid / ".contractkit" / "sent").exists()
    monkeypatch.setenv("CONTRACTKIT_SMTP_PASSWORD", "s3cret")
    out = run("send", unpaid, "L-001").output
    assert "sent S-001" in out
    [(_, rcpts, data, authenticated)] = inbox.envelopes
    assert authenticated and rcpts == ["office@romashka.example"]
    # the bytes that arrived are the .eml written and recorded, line endings aside
    sent = (unpaid / "out" / "letter-001-remind.eml").read_bytes()
    assert data.replace(b"\r\n", b"\n") == sent.replace(b"\r\n", b"\n")


def test_settings_refuse_a_stored_password_clear_text_to_a_remote_host_and_a_tampered_letter(unpaid,
                                                                                            monkeypatch):
    home = unpaid.parent.parent / "home"
    assert "no SMTP server configured" in str(pytest.raises(mail.MailError, mail.settings,
                                                            {"HOME": str(home)}).value)
    config = home / ".config" / "contractkit"
    config.mkdir(parents=True)
    (config / "smtp.toml").write_text('host = "smtp.example.ru"\npassword = "x"\n', encoding="utf-8")
    with pytest.raises(mail.MailError, match="a password is not kept in the config file"):
        mail.settings({"HOME": str(home)})
    with pytest.raises(mail.MailError, match="only for a server on this machine"):
        mail.settings({"HOME": str(home), "CONTRACTKIT_SMTP_HOST": "smtp.example.ru",
                       "CONTRACTKIT_SMTP_SECURITY": "none"})
    (config / "smtp.toml").write_text('host = "smtp.example.ru"\n', encoding="utf-8")
    got = mail.settings({"HOME": str(home), "CONTRACTKIT_SMTP_PASSWORD": "p"})
    assert (got.host, got.port, got.security, got.password) == ("smtp.example.ru", 587, "starttls", "p")
    run("remind", unpaid, "--date", "2026-12-10")
    eml = unpaid / "out" / "letter-001-remind.eml"
    eml.write_bytes(eml.read_bytes().replace(b"Subject: ", b"Subject: Re: ", 1).replace(
        b"Message-ID: <", b"Message-ID: <0", 1))
    refused = run("send", unpaid, "L-001", ok=False)
    assert "out/letter-001-remind.eml differs from the letter L-001 as it was written" in refused.output


def test_records_from_the_tree_cannot_point_a_mail_outside_out(unpaid):
    """The project tree is untrusted: a letter record naming a path, or an invoice swapped for a
    symbolic link, never makes a file from elsewhere leave as an attachment."""
    secret = unpaid.parent.parent / "home" / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    invoice = unpaid / "out" / "invoice-2026-001-2026-031.pdf"
    invoice.unlink()
    invoice.symlink_to(secret)
    linked = run("remind", unpaid, "--date", "2026-12-10", ok=False).output  # a link in the tree: refused
    assert "is a symbolic link" in linked and "git rm out/invoice-2026-001-2026-031.pdf" in linked
    assert not (unpaid / "out" / "letter-001-remind.eml").exists()
    invoice.unlink()
    invoice.write_bytes(b"%PDF not the invoice that was recorded")  # a swapped file is not attached
    run("remind", unpaid, "--date", "2026-12-10")
    msg = email.message_from_bytes((unpaid / "out" / "letter-001-remind.eml").read_bytes(),
                                   policy=policy.default)
    assert list(msg.iter_attachments()) == []
    record = unpaid / ".contractkit" / "letters" / "L-001.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("eml: letter-001-remind.eml",
                                                                 "eml: ../../home/x.eml"), encoding="utf-8")
    with git.Repo(unpaid) as repo:
        repo.index.add([".contractkit/letters/L-001.yaml"])
        repo.index.commit("forged")
    refused = run("send", unpaid, "L-001", ok=False)
    assert "L-001.yaml: damaged record" in refused.output
