"""In-app notifications, stored: who is told what about which subject, read or not.

A notification stores its subject (type and id) and the event that caused it, never a sentence or a link:
the wording is built when it is shown (colab/notifications/wording.py), the link by the web pages."""

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
    #: to the author: reported content left public view (by the automatic rule or a moderator), came back,
    #: or was removed
    CONTENT_HIDDEN = "CONTENT_HIDDEN"
    CONTENT_RESTORED = "CONTENT_RESTORED"
    CONTENT_REMOVED = "CONTENT_REMOVED"
    #: to the appellant: another moderator decided the appeal
    APPEAL_UPHELD = "APPEAL_UPHELD"
    APPEAL_DISMISSED = "APPEAL_DISMISSED"
    #: to the admins: an institution asks to join the lab
    PARTNERSHIP_REQUEST = "PARTNERSHIP_REQUEST"
    #: to an account's owner: someone tried to sign up with their address (sign-up never tells strangers)
    SIGNUP_ATTEMPT = "SIGNUP_ATTEMPT"
    #: to a project's followers: the team posted news
    PROJECT_UPDATE = "PROJECT_UPDATE"
    # crowdfunding (colab/funding/subscribers.py), about the project: to its leads, the campaign's terms decided,
    # its ceiling reached; to the leads and the backers, its end; to a backer, their pledge paid, expired, refunded
    CAMPAIGN_SCHEDULED = "CAMPAIGN_SCHEDULED"
    CAMPAIGN_CHANGES_REQUESTED = "CAMPAIGN_CHANGES_REQUESTED"
    CAMPAIGN_REJECTED = "CAMPAIGN_REJECTED"
    CAMPAIGN_FUNDED = "CAMPAIGN_FUNDED"
    CAMPAIGN_SUCCEEDED = "CAMPAIGN_SUCCEEDED"
    CAMPAIGN_FAILED = "CAMPAIGN_FAILED"
    CAMPAIGN_CANCELLED = "CAMPAIGN_CANCELLED"
    PLEDGE_PAID = "PLEDGE_PAID"
    PLEDGE_EXPIRED = "PLEDGE_EXPIRED"
    PLEDGE_REFUNDED = "PLEDGE_REFUNDED"
    #: to the backers of a project's campaign: the project posted an update
    BACKER_UPDATE = "BACKER_UPDATE"
    # payments (colab/payments/subscribers.py): to a backer whose paid transfer is to be given back, asking the
    # account to refund it to
    REFUND_ACCOUNT_NEEDED = "REFUND_ACCOUNT_NEEDED"


class Notification(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharEnumField(NotificationKind, max_length=30)
    #: what it is about: ("idea", 12), ("challenge", 3) or ("project", 7)
    subject_type = fields.CharField(max_length=30)
    subject_id = fields.IntField()
    #: the outbox row that caused it (null for notifications older than the outbox)
    event_id = fields.IntField(null=True)
    message = fields.TextField(default="")  # plain text (a moderator's message), escaped when shown
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    #: the French sentence, filled in by `describe` when the notification is read (not stored)
    title: str = ""

    class Meta:
        table = "notification"
        indexes = (("user_id", "read_at"), ("user_id", "created_at", "id"))
        #: an event tells each person once, even if a subscriber ran twice
        unique_together = (("event_id", "user_id"),)


#: what a person gets by email without having chosen: the decisions on what they submitted
DEFAULT_EMAIL_KINDS = frozenset(
    {
        NotificationKind.IDEA_ADMITTED,
        NotificationKind.IDEA_CHANGES_REQUESTED,
        NotificationKind.IDEA_REJECTED,
        NotificationKind.CHALLENGE_PUBLISHED,
        NotificationKind.CHALLENGE_CHANGES_REQUESTED,
        NotificationKind.CHALLENGE_REJECTED,
        NotificationKind.PROJECT_UPDATE,
        NotificationKind.REFUND_ACCOUNT_NEEDED,  # the backer has to act for their money to come back
    }
)


class EmailPreference(Model):
    """Which notifications a person also receives by email (no row: DEFAULT_EMAIL_KINDS)."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="email_preference", on_delete=fields.CASCADE
    )
    user_id: int
    #: off: no notification by email at all, whatever the kinds
    enabled = fields.BooleanField(default=True)
    #: NotificationKind values
    kinds: list[str] = fields.JSONField(default=list)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "email_preference"
