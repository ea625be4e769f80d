"""Who hears of what happens in a team (in the publishing transaction), how team subjects are named in
notifications, and their emails (for the kinds each person opted in to)."""

from __future__ import annotations

from colab.actors import PROJECT_PERMISSIONS, PROJECT_ROLE_LABELS, ProjectAction, ProjectRole
from colab.events import subscribe
from colab.events.consumers import FROM_NOW, consumer
from colab.events.models import Event
from colab.notifications.emails import email_notifications
from colab.notifications.models import NotificationKind as K
from colab.notifications.service import notify
from colab.notifications.wording import subject_titles
from colab.projects.follows import followers_of
from colab.projects.models import Project, ProjectMember
from colab.teams.events import (
    ApplicationAccepted,
    ApplicationDeclined,
    ApplicationExpired,
    ApplicationShortlisted,
    ApplicationSubmitted,
    InvitedToRole,
    MemberConfirmed,
    MemberRemoved,
    MemberRoleChanged,
    RoleClosed,
    RoleOpened,
)
from colab.teams.models import Application
from colab.teams.service import CLOSING_REASON

#: the team section of a project (title: the project's)
TEAM = "project_team"
#: one application or invitation (title: the role's; context: the project's)
APPLICATION = "application"


async def leads_of(project_id: int) -> list[int]:
    """The people who manage the project's team (those the one table of rights lets do it)."""
    leading = [r.value for r in PROJECT_PERMISSIONS[ProjectAction.MANAGE_TEAM]]
    rows = await ProjectMember.filter(project_id=project_id, role__in=leading).values_list("user_id", flat=True)
    return [int(i) for i in rows]  # type: ignore[call-overload]


def _others(user_ids: list[int], actor_id: int | None) -> list[int]:
    return [i for i in user_ids if i != actor_id]


@subscribe(RoleOpened)
async def tell_followers_of_a_role(event: RoleOpened, row: Event) -> None:
    assert event.project_id is not None
    followers = _others(await followers_of(event.project_id), event.actor_id)
    await notify(followers, K.TEAM_ROLE_OPENED, TEAM, event.project_id, message=event.title, event_id=row.id)


@subscribe(RoleClosed)
async def tell_pending_applicants_of_a_closing(event: RoleClosed, row: Event) -> None:
    assert event.project_id is not None
    message = f"Rôle « {event.title} » : {CLOSING_REASON}"
    await notify(event.declined_ids, K.TEAM_ROLE_CLOSED, TEAM, event.project_id, message=message, event_id=row.id)


@subscribe(ApplicationSubmitted)
async def tell_leads_of_an_application(event: ApplicationSubmitted, row: Event) -> None:
    assert event.project_id is not None
    leads = await leads_of(event.project_id)
    await notify(leads, K.APPLICATION_RECEIVED, TEAM, event.project_id, event_id=row.id)


_TO_APPLICANT = {
    ApplicationShortlisted: K.APPLICATION_SHORTLISTED,
    ApplicationAccepted: K.APPLICATION_ACCEPTED,
    ApplicationExpired: K.APPLICATION_EXPIRED,
    InvitedToRole: K.TEAM_INVITATION,
}


@subscribe(ApplicationShortlisted, ApplicationAccepted, ApplicationExpired, InvitedToRole)
async def tell_the_applicant(
    event: ApplicationShortlisted | ApplicationAccepted | ApplicationExpired | InvitedToRole, row: Event
) -> None:
    await notify([event.applicant_id], _TO_APPLICANT[type(event)], APPLICATION, event.subject_id, event_id=row.id)


@subscribe(ApplicationDeclined)
async def tell_the_declined(event: ApplicationDeclined, row: Event) -> None:
    if event.by_applicant:  # an invitee said no: nobody to tell but the leads' list, which shows it
        return
    await notify(
        [event.applicant_id],
        K.APPLICATION_DECLINED,
        APPLICATION,
        event.subject_id,
        message=event.reason,
        event_id=row.id,
    )


@subscribe(MemberConfirmed)
async def tell_leads_of_a_new_member(event: MemberConfirmed, row: Event) -> None:
    assert event.project_id is not None
    leads = _others(await leads_of(event.project_id), event.member_id)
    await notify(leads, K.TEAM_MEMBER_CONFIRMED, TEAM, event.project_id, message=event.title, event_id=row.id)


@subscribe(MemberRoleChanged)
async def tell_the_member_of_a_new_role(event: MemberRoleChanged, row: Event) -> None:
    label = PROJECT_ROLE_LABELS[ProjectRole(event.role)]
    await notify([event.member_id], K.TEAM_ROLE_CHANGED, TEAM, event.subject_id, message=label, event_id=row.id)


@subscribe(MemberRemoved)
async def tell_the_removed_member(event: MemberRemoved, row: Event) -> None:
    await notify([event.member_id], K.TEAM_MEMBER_REMOVED, TEAM, event.subject_id, event_id=row.id)


@subject_titles(TEAM)
async def _team_titles(ids: list[int]) -> dict[int, tuple[str, str]]:
    return {i: (title, "") for i, title in await Project.filter(id__in=ids).values_list("id", "title")}


@subject_titles(APPLICATION)
async def _application_titles(ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = await Application.filter(id__in=ids).values("id", "role__title", "role__project__title")
    return {r["id"]: (r["role__title"], r["role__project__title"]) for r in rows}


# the same email consumer as the other domains' notifications, for the team's events
consumer(
    "email.teams",
    RoleOpened,
    RoleClosed,
    ApplicationSubmitted,
    ApplicationShortlisted,
    ApplicationAccepted,
    ApplicationDeclined,
    ApplicationExpired,
    InvitedToRole,
    MemberConfirmed,
    MemberRoleChanged,
    MemberRemoved,
    replay=FROM_NOW,
)(email_notifications)
