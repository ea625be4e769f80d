"""Direct mail through the outbox: asked inside a transaction, sent by the worker through a real SMTP server."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from colab.accounts.mail import send_requested_mail
from colab.events import decode
from colab.events.models import Delivery, DeliveryStatus, Event
from colab.events.worker import Worker
from colab.mail.models import SentMail
from colab.mail.service import request_mail
from tests.conftest import make_user
from tests.smtp_server import Inbox

pytestmark = pytest.mark.usefixtures("db")


async def _drain() -> None:
    worker = Worker()
    while await worker.run_once():
        pass


async def test_a_requested_mail_is_sent_by_the_worker_after_the_commit(smtp: Inbox) -> None:
    user = await make_user(email="lea@exemple.be")
    async with in_transaction():
        await request_mail(user.id, "Tentative d'inscription", "Quelqu'un a essayé de s'inscrire avec votre adresse.")
    assert smtp.messages == []  # never inside the request
    await _drain()
    [message] = smtp.to("lea@exemple.be")
    assert (message["Subject"], message["Content-Language"]) == ("Tentative d'inscription", "fr-BE")
    assert "Quelqu'un a essayé de s'inscrire avec votre adresse." in smtp.text(message)
    assert (await Delivery.get(consumer="email.requested")).status is DeliveryStatus.DONE


async def test_a_rolled_back_change_sends_nothing(smtp: Inbox) -> None:
    user = await make_user()
    with pytest.raises(ZeroDivisionError):
        async with in_transaction():
            await request_mail(user.id, "Sujet", "Corps")
            _ = 1 / 0
    await _drain()
    assert smtp.messages == [] and not await Event.exists(kind="mail.requested")


async def test_a_mail_delivered_twice_is_sent_once(smtp: Inbox) -> None:
    user = await make_user()
    async with in_transaction():
        row = await request_mail(user.id, "Sujet", "Corps")
    await send_requested_mail(decode(row), row)
    await send_requested_mail(decode(row), row)  # the worker died before recording the delivery
    assert len(smtp.messages) == 1 and await SentMail.filter(key=f"event:{row.id}").count() == 1


async def test_a_mail_outside_a_transaction_or_too_long_is_refused() -> None:
    user = await make_user()
    with pytest.raises(RuntimeError, match="outside a transaction"):
        await request_mail(user.id, "Sujet", "Corps")
    with pytest.raises(ValueError, match="out of bounds"):
        async with in_transaction():
            await request_mail(user.id, "S" * 201, "Corps")
