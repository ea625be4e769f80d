"""Projects: what an admitted idea becomes; it gathers funds, advice, hands and a team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from colab.actors import ProjectRole
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


class ProjectMember(Model):
    """A person's role in a project's team: the holder (written when the project opens), and the people
    colab.teams brings in. One role per person per project; the Actor carries these (colab.projects.roles)."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="members", on_delete=fields.CASCADE
    )
    project_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="project_memberships", on_delete=fields.CASCADE
    )
    user_id: int
    role = fields.CharEnumField(ProjectRole, max_length=10)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "project_member"
        unique_together = (("project_id", "user_id"),)
        indexes = (("user_id",),)


class ProjectFollow(Model):
    """A person following a project: told of its updates, new calls, roles and milestones."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="follows", on_delete=fields.CASCADE
    )
    project_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="follows", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "project_follow"
        unique_together = (("project_id", "user_id"),)
        indexes = (("user_id",),)


class ProjectUpdate(Model):
    """News posted by a project's team: followers (and, with funding, backers) are told, and adopted advice links
    to the update that says what changed."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="updates", on_delete=fields.CASCADE
    )
    project_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="project_updates", on_delete=fields.RESTRICT
    )
    author_id: int
    title = fields.CharField(max_length=120)
    body = fields.TextField()  # sanitized HTML
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "project_update"
        indexes = (("project_id", "created_at", "id"),)
