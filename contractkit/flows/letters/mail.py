"""Letters as RFC 5322 mail: a plain-text and an HTML part, the documents attached; and sending.

The message is deterministic: Date is the letter's date, Message-ID and the MIME boundaries are
derived from a hash of the content, so the same letter always gives the same .eml bytes.
SMTP settings come from the user (~/.config/contractkit/smtp.toml or CONTRACTKIT_SMTP_*), never
from the project: the project tree is untrusted and the password must not be stored in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from contractkit.errors import ContractkitError


class MailError(ContractkitError):
    """A letter cannot be sent: settings missing or the server refused it."""


@dataclass(frozen=True)
class Mail:
    sender: tuple[str, str]
    """(display name, address)."""
    to: list[tuple[str, str]]
    subject: str
    day: dt.date
    text: str
    html: str
    attachments: dict[str, bytes]


def _address(name: str, addr: str) -> Address:
    user, _, domain = addr.partition("@")
    return Address(display_name=name, username=user, domain=domain)


def message_id(mail: Mail) -> str:
    digest = hashlib.sha256()
    for part in (mail.sender[1], *(a for _, a in mail.to), mail.subject, mail.day.isoformat(), mail.text):
        digest.update(part.encode("utf-8") + b"\0")
    for name, data in sorted(mail.attachments.items()):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    domain = mail.sender[1].partition("@")[2] or "contractkit.invalid"
    return f"<{digest.hexdigest()[:32]}@{domain}>"


def build(mail: Mail) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = _address(*mail.sender)
    msg["To"] = [_address(n, a) for n, a in mail.to]
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(dt.datetime.combine(mail.day, dt.time(9, 0), tzinfo=dt.timezone.utc))
    mid = message_id(mail)
    msg["Message-ID"] = mid
    msg.set_content(mail.text, cte="quoted-printable")
    msg.add_alternative(mail.html, subtype="html", cte="quoted-printable")
    for name, data in sorted(mail.attachments.items()):
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        main, sub = kind.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    seed = mid.strip("<>").split("@")[0]
    for n, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_contractkit_{seed}_{n}")
    return msg


def eml_bytes(mail: Mail) -> tuple[bytes, str]:
    """The .eml bytes and the Message-ID."""
    msg = build(mail)
    # Headers unfolded: CPython's folder drops the space between two encoded words of a non-ASCII
    # subject ("отчёт на" came back "отчётна"); bodies are already encoded in 76-character lines.
    return msg.as_bytes(policy=policy.SMTP.clone(max_line_length=998)), msg["Message-ID"]


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    security: str
    """starttls, tls or none (none only for a server on this machine)."""
    user: str
    password: str

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def settings(env: dict[str, str] | None = None, home: Path | None = None) -> Settings:
    """~/.config/contractkit/smtp.toml overlaid by CONTRACTKIT_SMTP_* (HOST, PORT, SECURITY, USER,
    PASSWORD); the password from CONTRACTKIT_SMTP_PASSWORD or a `password_file` the config names."""
    env = dict(os.environ if env is None else env)
    home = home or Path(env.get("HOME", "~")).expanduser()
    config_file = Path(env.get("XDG_CONFIG_HOME", home / ".config")) / "contractkit" / "smtp.toml"
    config: dict = {}
    if config_file.is_file():
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib
        try:
            config = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise MailError(f"{config_file}: {exc}") from None
    get = lambda key, default="": str(env.get(f"CONTRACTKIT_SMTP_{key.upper()}", config.get(key, default)))  # noqa: E731
    host = get("host")
    if not host:
        raise MailError("no SMTP server configured", hint=f"set host (and port, security, user) in "
                        f"{config_file} or CONTRACTKIT_SMTP_HOST; the password in CONTRACTKIT_SMTP_PASSWORD")
    security = get("security", "starttls").lower()
    if security not in ("starttls", "tls", "none"):
        raise MailError(f"SMTP security {security!r}: use starttls, tls or none")
    if security == "none" and host not in ("localhost", "127.0.0.1", "::1"):
        raise MailError(f"SMTP security 'none' sends the password in clear; only for a server on this "
                        f"machine, not {host}", hint="use starttls or tls")
    port_text = get("port", "465" if security == "tls" else "587")
    if not port_text.isdigit():
        raise MailError(f"SMTP port {port_text!r} is not a number")
    if "password" in config:
        raise MailError(f"{config_file}: a password is not kept in the config file",
                        hint="use CONTRACTKIT_SMTP_PASSWORD or password_file")
    password = env.get("CONTRACTKIT_SMTP_PASSWORD", "")
    if not password and config.get("password_file"):
        secret = Path(str(config["password_file"])).expanduser()
        try:
            password = secret.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise MailError(f"{config_file}: password_file {secret}: {exc.strerror}") from None
    return Settings(host, int(port_text), security, get("user"), password)


def send(data: bytes, sender: str, recipients: list[str], config: Settings) -> None:
    """Hand the message to the server; any refusal is one MailError."""
    import smtplib
    import ssl

    try:
        if config.security == "tls":
            client = smtplib.SMTP_SSL(config.host, config.port, context=ssl.create_default_context(),
                                      timeout=60)
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=60)
        with client:
            if config.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if config.user:
                client.login(config.user, config.password)
            refused = client.sendmail(sender, recipients, data)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"sending through {config.server} failed: {exc}".splitlines()[0]) from None
    if refused:
        raise MailError(f"{config.server} refused {', '.join(sorted(refused))}")
