"""Challenges: needs and opportunities posted by organizations."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields

from colab.needs import NEED_COLUMNS, NEED_LABELS, Need, WithNeeds
from colab.validation import utcnow

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.organizations.models import Organization
    from colab.territories.models import Territory


#: the review kind challenges are registered under (colab/challenges/review.py)
REVIEW_KIND = "CHALLENGE"


class ChallengeStatus(str, Enum):
    PENDING_REVIEW = "PENDING_REVIEW"
    #: a moderator asked the organization to revise it; an edit sends it back to review
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    PUBLISHED = "PUBLISHED"
    REJECTED = "REJECTED"
    CLOSED = "CLOSED"


class Challenge(WithNeeds):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="challenges", on_delete=fields.RESTRICT
    )
    organization_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="challenges", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=120)
    summary = fields.CharField(max_length=300)
    #: sanitized HTML (moderation.sanitize) — never raw user input
    body = fields.TextField()
    author_id: int
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="challenges", on_delete=fields.RESTRICT
    )
    themes: fields.ManyToManyRelation = fields.ManyToManyField(
        "models.Theme", related_name="challenges", through="challenge_theme"
    )
    ideas_open_until = fields.DatetimeField()
    status = fields.CharEnumField(ChallengeStatus, max_length=20, db_index=True)
    #: lower-cased, accent-free title + summary + body text, for portable text search
    search_text = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)
    published_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)

    territory_id: int

    class Meta:
        table = "challenge"
        # the public list filters on status and orders by recency (or closing date): index-ordered scans
        indexes = (("status", "created_at", "id"), ("status", "ideas_open_until"))

    @property
    def accepting_ideas(self) -> bool:
        """Published, and its idea window not over yet."""
        return self.status is ChallengeStatus.PUBLISHED and self.ideas_open_until > utcnow()


__all__ = ["NEED_COLUMNS", "NEED_LABELS", "Challenge", "ChallengeStatus", "Need"]
