"""Where mail goes: files under var/mail (development), the console, or an SMTP server (aiosmtplib)."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import aiosmtplib

log = logging.getLogger("colab.mail")


@dataclass(frozen=True)
class MailSettings:
    backend: str = "console"
    directory: str = "var/mail"
    sender: str = "Colab Wallonie <noreply@colab.wallonie.be>"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_tls: str = "none"
    #: absolute links in mail start with it
    base_url: str = "http://127.0.0.1:8000"
    #: signs the links that must not be forged (password reset)
    secret_key: str = ""


_current: list[MailSettings] = [MailSettings()]


def configure_mail(settings: MailSettings) -> None:
    """Set the transport once, when a worker starts (the server's own, or `colab worker`)."""
    _current[0] = settings


def mail_settings() -> MailSettings:
    return _current[0]


@dataclass(frozen=True)
class Attachment:
    """A file joined to a message (e.g. an iCalendar invitation: "text/calendar")."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


def compose(to: str, subject: str, text: str, attachments: tuple[Attachment, ...] = ()) -> EmailMessage:
    """A plain-text French message from the lab, with its attachments."""
    settings = mail_settings()
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="colab.wallonie.be")
    message.set_content(text + "\n\n-- \nColab Wallonie, le laboratoire de co-création de Wallonie\n")
    message["Content-Language"] = "fr-BE"  # after set_content, which drops the Content-* headers
    for attachment in attachments:
        maintype, _, subtype = attachment.mime_type.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    if attachments:  # the first attachment moved the Content-* headers into the text part: the whole is French too
        message["Content-Language"] = "fr-BE"
    return message


def _write(directory: Path, message: EmailMessage) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9.@_-]", "", str(message["Message-ID"])) or "message"
    (directory / f"{name}.eml").write_bytes(bytes(message))


async def send(message: EmailMessage) -> None:
    settings = mail_settings()
    if settings.backend == "smtp":
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user or None,
            password=settings.smtp_password or None,
            use_tls=settings.smtp_tls == "tls",
            start_tls=True if settings.smtp_tls == "starttls" else False,
            timeout=30,
        )
    elif settings.backend == "files":
        await asyncio.to_thread(_write, Path(settings.directory), message)
    else:
        log.info("mail to %s: %s\n%s", message["To"], message["Subject"], message.get_content())
