"""The worker's side of direct mail to a person: a requested message goes to their current address (accounts know
the address; colab.mail only transports)."""

from __future__ import annotations

from colab.accounts.models import User
from colab.events.consumers import FROM_NOW, consumer
from colab.events.models import Event
from colab.mail.service import MailRequested, send_once
from colab.mail.transport import compose


@consumer("email.requested", MailRequested, replay=FROM_NOW)
async def send_requested_mail(event: MailRequested, row: Event) -> None:
    user = await User.get_or_none(id=event.subject_id)
    if user is None or not user.is_active:
        return
    await send_once(f"event:{row.id}", compose(user.email, event.subject, event.body))
