"""Ideas: what citizens propose, in answer to a challenge or free-standing; always pre-moderated."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields

from colab.needs import WithNeeds

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.challenges.models import Challenge
    from colab.territories.models import Territory


#: the review kind ideas are registered under (colab/ideas/review.py)
REVIEW_KIND = "IDEA"


class IdeaStatus(str, Enum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    ADMITTED = "ADMITTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


IDEA_STATUS_LABELS = {
    IdeaStatus.DRAFT: "Brouillon",
    IdeaStatus.SUBMITTED: "En cours d'examen",
    IdeaStatus.CHANGES_REQUESTED: "Modifications demandées",
    IdeaStatus.ADMITTED: "Admise",
    IdeaStatus.REJECTED: "Refusée",
    IdeaStatus.WITHDRAWN: "Retirée",
}

#: the author may still edit the text in these states
EDITABLE = frozenset({IdeaStatus.DRAFT, IdeaStatus.CHANGES_REQUESTED})
#: the author may withdraw in these states
WITHDRAWABLE = frozenset({IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED})


class Idea(WithNeeds):
    id = fields.IntField(primary_key=True)
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ideas", on_delete=fields.RESTRICT
    )
    author_id: int
    challenge: fields.ForeignKeyNullableRelation[Challenge] = fields.ForeignKeyField(
        "models.Challenge", related_name="ideas", null=True, on_delete=fields.RESTRICT
    )
    challenge_id: int | None
    title = fields.CharField(max_length=120)
    summary = fields.CharField(max_length=300)
    body = fields.TextField()  # sanitized HTML (moderation.sanitize), never raw input
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="ideas", on_delete=fields.RESTRICT
    )
    territory_id: int
    themes: fields.ManyToManyRelation = fields.ManyToManyField(
        "models.Theme", related_name="ideas", through="idea_theme"
    )
    status = fields.CharEnumField(IdeaStatus, max_length=20, default=IdeaStatus.DRAFT)
    search_text = fields.TextField(default="")  # folded title + summary + body, for search and duplicates
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    submitted_at = fields.DatetimeField(null=True)  # the latest submission
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "idea"
        indexes = (("status", "decided_at", "id"), ("author_id", "created_at"), ("challenge_id", "status"))
