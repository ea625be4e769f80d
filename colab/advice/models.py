"""Advice on projects, helpful votes, and expert credentials per theme."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.projects.models import Project, ProjectUpdate
    from colab.territories.models import Theme

#: the kind advice is registered under for reports (colab/advice/review.py)
REVIEW_KIND = "ADVICE"
#: the kind a request for an expert credential is queued under (the registry allows 12 characters)
CREDENTIAL_REVIEW_KIND = "EXPERT_CRED"


class AdviceKind(str, Enum):
    ADVICE = "ADVICE"
    QUESTION = "QUESTION"
    #: a link or a reference
    RESOURCE = "RESOURCE"
    EXPERTISE_OFFER = "EXPERTISE_OFFER"


class AdviceStatus(str, Enum):
    """The team's answer to a piece of advice."""

    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    ADOPTED = "ADOPTED"
    PARTLY_ADOPTED = "PARTLY_ADOPTED"
    DECLINED = "DECLINED"


class Advice(Model):
    """A person's advice, question, resource or expertise offer on a project, or a reply to one (one level)."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="advice", on_delete=fields.CASCADE
    )
    project_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="advice", on_delete=fields.RESTRICT
    )
    author_id: int
    kind = fields.CharEnumField(AdviceKind, max_length=16)
    body = fields.TextField()  # sanitized HTML
    #: a link (RESOURCE), http or https only
    url = fields.CharField(max_length=500, default="")
    parent: fields.ForeignKeyNullableRelation[Advice] = fields.ForeignKeyField(
        "models.Advice", related_name="replies", null=True, on_delete=fields.CASCADE
    )
    parent_id: int | None
    helpful_count = fields.IntField(default=0)
    #: an unanswered question: listed first (kept by the service, so the page's order is an index scan)
    open_question = fields.BooleanField(default=False)
    status = fields.CharEnumField(AdviceStatus, max_length=16, default=AdviceStatus.OPEN)
    response_reason = fields.TextField(default="")  # plain text, required for DECLINED
    responded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="advice_answered", null=True, on_delete=fields.SET_NULL
    )
    responded_by_id: int | None
    responded_at = fields.DatetimeField(null=True)
    update: fields.ForeignKeyNullableRelation[ProjectUpdate] = fields.ForeignKeyField(
        "models.ProjectUpdate", related_name="adopted_advice", null=True, on_delete=fields.SET_NULL
    )
    update_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "advice"
        indexes = (
            ("project_id", "parent_id", "open_question", "helpful_count", "created_at"),
            ("parent_id", "created_at"),
            ("author_id",),
        )


class HelpfulVote(Model):
    """One person found one piece of advice helpful (one vote each, undoable)."""

    id = fields.IntField(primary_key=True)
    advice: fields.ForeignKeyRelation[Advice] = fields.ForeignKeyField(
        "models.Advice", related_name="votes", on_delete=fields.CASCADE
    )
    advice_id: int
    voter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="helpful_votes", on_delete=fields.CASCADE
    )
    voter_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "helpful_vote"
        unique_together = (("advice_id", "voter_id"),)
        indexes = (("voter_id",),)


class CredentialStatus(str, Enum):
    REQUESTED = "REQUESTED"
    GRANTED = "GRANTED"
    REFUSED = "REFUSED"


class ExpertCredential(Model):
    """A person recognized by the moderators as an expert of one theme, with evidence and an expiry."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="expert_credentials", on_delete=fields.CASCADE
    )
    user_id: int
    theme: fields.ForeignKeyRelation[Theme] = fields.ForeignKeyField(
        "models.Theme", related_name="expert_credentials", on_delete=fields.RESTRICT
    )
    theme_id: int
    evidence = fields.TextField()  # plain text
    evidence_url = fields.CharField(max_length=500, default="")
    status = fields.CharEnumField(CredentialStatus, max_length=10, default=CredentialStatus.REQUESTED)
    granted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="credentials_decided", null=True, on_delete=fields.SET_NULL
    )
    granted_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "expert_credential"
        indexes = (("user_id", "status", "expires_at"), ("theme_id", "status"))
