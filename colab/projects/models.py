"""Projects: what an admitted idea becomes; it gathers funds, advice, hands and a team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from colab.needs import WithNeeds

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.challenges.models import Challenge
    from colab.ideas.models import Idea
    from colab.organizations.models import Organization
    from colab.territories.models import Territory


#: the kind projects are registered under for reports (colab/projects/review.py)
REVIEW_KIND = "PROJECT"


class Project(WithNeeds):
    id = fields.IntField(primary_key=True)
    idea: fields.OneToOneRelation[Idea] = fields.OneToOneField(
        "models.Idea", related_name="project", on_delete=fields.RESTRICT
    )
    idea_id: int
    challenge: fields.ForeignKeyNullableRelation[Challenge] = fields.ForeignKeyField(
        "models.Challenge", related_name="projects", null=True, on_delete=fields.RESTRICT
    )
    challenge_id: int | None
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="projects", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    holder: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="projects", on_delete=fields.RESTRICT
    )
    holder_id: int
    territory: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="projects", on_delete=fields.RESTRICT
    )
    territory_id: int
    title = fields.CharField(max_length=120)
    summary = fields.CharField(max_length=300)
    story = fields.TextField()  # sanitized HTML: the idea's body at admission, then the holder's
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "project"
        indexes = (("created_at", "id"),)
