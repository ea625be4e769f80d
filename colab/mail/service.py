"""Sending a message once, and asking the worker to email a person (through the outbox, after the commit)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from tortoise.exceptions import IntegrityError

from colab.events import DomainEvent, event_type, publish
from colab.events.models import Event
from colab.mail.models import SentMail
from colab.mail.transport import send

MAX_SUBJECT, MAX_BODY = 200, 20_000


async def send_once(key: str, message: EmailMessage) -> bool:
    """Send unless a message with this key was sent already; False if it was.

    The key is recorded after the send: a crash between the two sends the message again when the delivery is
    retried (SMTP has no transaction to share with the database), never zero times."""
    if await SentMail.exists(key=key):
        return False
    await send(message)
    try:
        await SentMail.create(key=key)
    except IntegrityError:
        pass  # another worker sent it meanwhile (a lease ran out): the recipient got two
    return True


@event_type("mail.requested", "user")
@dataclass(frozen=True, kw_only=True)
class MailRequested(DomainEvent):
    """A service asks the lab to email a person (private: it never shows in activity feeds)."""

    subject: str
    body: str


async def request_mail(user_id: int, subject: str, body: str, *, actor_id: int | None = None) -> Event:
    """Email a person from inside the caller's transaction: the worker sends it once the change is committed
    (nothing is sent if it rolls back). `body` is plain text."""
    if not subject.strip() or len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
        raise ValueError("mail subject or body out of bounds")
    return await publish(MailRequested(subject_id=user_id, actor_id=actor_id, subject=subject.strip(), body=body))
