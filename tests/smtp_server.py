"""A real SMTP server for the tests (aiosmtpd, on a free local port) and the lab's mail pointed at it."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from colab.config import DEV_SECRET_KEY
from colab.mail.transport import MailSettings, configure_mail, mail_settings

#: the key the test app signs with too (its settings' development key), so a mailed link opens its pages
SECRET_KEY = DEV_SECRET_KEY
BASE_URL = "http://colab.test"


class Inbox:
    """What the server received: parsed messages, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        data = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.messages.append(email.message_from_bytes(data, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message: EmailMessage) -> str:
        body = message.get_body(("plain",))
        assert body is not None
        return str(body.get_content())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    before = mail_settings()
    configure_mail(
        MailSettings(
            backend="smtp",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_tls="none",
            base_url=BASE_URL,
            secret_key=SECRET_KEY,
        )
    )
    try:
        yield inbox
    finally:
        configure_mail(before)
        controller.stop()
