"""In-app notifications, stored: who is told what, with a link, read or not."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from colab.accounts.models import User


class NotificationKind(str, Enum):
    IDEA_ADMITTED = "IDEA_ADMITTED"
    IDEA_CHANGES_REQUESTED = "IDEA_CHANGES_REQUESTED"
    IDEA_REJECTED = "IDEA_REJECTED"
    CHALLENGE_PUBLISHED = "CHALLENGE_PUBLISHED"
    CHALLENGE_CHANGES_REQUESTED = "CHALLENGE_CHANGES_REQUESTED"
    CHALLENGE_REJECTED = "CHALLENGE_REJECTED"
    #: to an organization's members: an idea answering one of its challenges was admitted
    ANSWER_ADMITTED = "ANSWER_ADMITTED"
    #: to the admins: an institution asks to join the lab
    PARTNERSHIP_REQUEST = "PARTNERSHIP_REQUEST"
    #: to an account's owner: someone tried to sign up with their address (sign-up never tells strangers)
    SIGNUP_ATTEMPT = "SIGNUP_ATTEMPT"


class Notification(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharEnumField(NotificationKind, max_length=30)
    title = fields.CharField(max_length=200)
    message = fields.TextField(default="")  # plain text (a moderator's message), escaped when shown
    link = fields.CharField(max_length=300, default="")  # a path of the lab
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("user_id", "read_at"), ("user_id", "created_at", "id"))
