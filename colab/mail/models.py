"""What was sent: a consumer delivered twice (after a crash) sends each message once."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class SentMail(Model):
    id = fields.IntField(primary_key=True)
    #: the message's idempotency key, e.g. "notification:12" or "event:40:user:7"
    key = fields.CharField(max_length=80, unique=True)
    sent_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sent_mail"
