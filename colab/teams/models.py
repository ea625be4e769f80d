"""The complementary team a project builds: roles it opens, and the applications and invitations that fill them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from colab.actors import ProjectRole

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.projects.models import Project


class TeamRoleStatus(str, Enum):
    OPEN = "OPEN"
    FILLED = "FILLED"  #: every seat is taken by a confirmed member
    CLOSED = "CLOSED"  #: the team stopped looking


class ApplicationStatus(str, Enum):
    INVITED = "INVITED"  #: a lead invited the person; they accept (→ CONFIRMED) or decline
    SUBMITTED = "SUBMITTED"
    SHORTLISTED = "SHORTLISTED"
    ACCEPTED = "ACCEPTED"  #: the team said yes; the applicant confirms within the allowed days
    CONFIRMED = "CONFIRMED"  #: a seat is taken: the person is on the team
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"  #: accepted, never confirmed in time
    REMOVED = "REMOVED"  #: confirmed, then taken off the team (the seat is free again)


ROLE_STATUS_LABELS: Mapping[TeamRoleStatus, str] = {
    TeamRoleStatus.OPEN: "Ouvert",
    TeamRoleStatus.FILLED: "Complet",
    TeamRoleStatus.CLOSED: "Fermé",
}
APPLICATION_STATUS_LABELS: Mapping[ApplicationStatus, str] = {
    ApplicationStatus.INVITED: "Invitation en attente",
    ApplicationStatus.SUBMITTED: "Envoyée",
    ApplicationStatus.SHORTLISTED: "Présélectionnée",
    ApplicationStatus.ACCEPTED: "Acceptée, à confirmer",
    ApplicationStatus.CONFIRMED: "Confirmée",
    ApplicationStatus.DECLINED: "Non retenue",
    ApplicationStatus.WITHDRAWN: "Retirée",
    ApplicationStatus.EXPIRED: "Expirée",
    ApplicationStatus.REMOVED: "Retiré·e de l'équipe",
}
#: an application still in play: the person has no other live one on the same role
LIVE = frozenset(
    {
        ApplicationStatus.INVITED,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.CONFIRMED,
    }
)
#: the project roles a team role may give its confirmed members (the holder's is never given)
GIVABLE_ROLES = (ProjectRole.MEMBER, ProjectRole.CO_LEAD, ProjectRole.FINANCE)


class TeamRole(Model):
    """A place in the project's team for `seats` people, never more confirmed (a conditional UPDATE takes a seat)."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="team_roles", on_delete=fields.CASCADE
    )
    project_id: int
    title = fields.CharField(max_length=120)
    description = fields.TextField()  # sanitized HTML
    #: short strings ("graphisme", "comptabilité"), bounded in number and length
    skills: list[str] = fields.JSONField(default=list)
    hours_per_week = fields.SmallIntField()
    seats = fields.SmallIntField()
    confirmed_count = fields.SmallIntField(default=0)
    #: what a confirmed member becomes in the project's team
    project_role = fields.CharEnumField(ProjectRole, max_length=10, default=ProjectRole.MEMBER)
    status = fields.CharEnumField(TeamRoleStatus, max_length=10, default=TeamRoleStatus.OPEN)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "team_role"
        indexes = (("project_id", "status"),)

    @property
    def seats_left(self) -> int:
        return max(0, int(self.seats) - int(self.confirmed_count))


class Application(Model):
    """A person's application to a role (or a lead's invitation to it). Never deleted."""

    id = fields.IntField(primary_key=True)
    role: fields.ForeignKeyRelation[TeamRole] = fields.ForeignKeyField(
        "models.TeamRole", related_name="applications", on_delete=fields.CASCADE
    )
    role_id: int
    project_id = fields.IntField()  # the role's project, copied for the team's lists
    applicant: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="team_applications", on_delete=fields.CASCADE
    )
    applicant_id: int
    message = fields.TextField(default="")  # sanitized HTML
    status = fields.CharEnumField(ApplicationStatus, max_length=12)
    #: the role's id while the application is live, NULL once it ended: unique with the applicant, so one live
    #: application per person per role on SQLite and PostgreSQL alike (NULLs never collide)
    live_role_id = fields.IntField(null=True)
    invited_by_id = fields.IntField(null=True)
    decline_reason = fields.TextField(default="")  # plain text, escaped when shown
    accepted_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "team_application"
        unique_together = (("live_role_id", "applicant_id"),)
        indexes = (
            ("applicant_id", "created_at"),
            ("role_id", "status"),
            ("project_id", "status"),
            ("status", "accepted_at"),
        )
