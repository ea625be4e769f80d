"""Who is told: followers of a new role, leads of applications and new members, applicants of decisions."""

from __future__ import annotations

from colab.actors import ProjectRole
from colab.events.worker import Worker
from colab.notifications.emails import set_email_kinds
from colab.notifications.models import Notification
from colab.notifications.models import NotificationKind as K
from colab.notifications.wording import describe
from colab.projects.follows import follow
from colab.teams.applications import accept, confirm, decline, invite, shortlist
from colab.teams.members import set_member_role
from colab.teams.service import close_role
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.smtp_server import Inbox
from tests.teams.factories import applied, holder_of, open_team_role


async def _kinds(user_id: int) -> list[K]:
    """The team's notifications of the person (the holder also heard of the admission)."""
    notices = await Notification.filter(user_id=user_id).exclude(kind=K.IDEA_ADMITTED).order_by("id")
    return [n.kind for n in notices]


async def test_followers_hear_of_a_new_role(db: None) -> None:
    project = await make_project(title="Jardin partagé de Jambes")
    follower = await make_user(name="Fidèle")
    await follow(actor_of(follower), project.id)
    await open_team_role(project)
    notices = await Notification.filter(user_id=follower.id)
    assert [n.kind for n in notices] == [K.TEAM_ROLE_OPENED]
    await describe(notices)
    assert notices[0].title == "Le projet « Jardin partagé de Jambes » ouvre un rôle dans son équipe."


async def test_leads_hear_of_applications_and_applicants_of_decisions(db: None) -> None:
    project = await make_project()
    co_lead = await team_member(project, ProjectRole.CO_LEAD)
    member = await team_member(project, ProjectRole.MEMBER, name="Simple membre")
    role = await open_team_role(project, title="Trésorier")
    application = await applied(role)
    assert await _kinds(project.holder_id) == [K.APPLICATION_RECEIVED]
    assert await _kinds(co_lead.id) == [K.APPLICATION_RECEIVED]
    assert await _kinds(member.id) == []
    await shortlist(holder_of(project), application.id)
    await accept(holder_of(project), application.id)
    await confirm(actor_of(await application.applicant), application.id)
    assert await _kinds(application.applicant_id) == [K.APPLICATION_SHORTLISTED, K.APPLICATION_ACCEPTED]
    assert await _kinds(co_lead.id) == [K.APPLICATION_RECEIVED, K.TEAM_MEMBER_CONFIRMED]
    notices = await Notification.filter(user_id=application.applicant_id).order_by("id").limit(1)
    await describe(notices)
    assert "« Trésorier »" in notices[0].title


async def test_a_declined_applicant_reads_the_reason(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await applied(role)
    await decline(holder_of(project), application.id, "Le rôle demande d'habiter Namur.")
    notice = await Notification.get(user_id=application.applicant_id)
    assert (notice.kind, notice.message) == (K.APPLICATION_DECLINED, "Le rôle demande d'habiter Namur.")
    assert notice.subject_type == "application"


async def test_invitees_role_changes_and_closings_are_told(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    invitee = await make_user(email="invite@exemple.be")
    await invite(holder_of(project), role.id, "invite@exemple.be")
    assert await _kinds(invitee.id) == [K.TEAM_INVITATION]
    pending = await applied(role)
    await close_role(holder_of(project), role.id)
    assert await _kinds(pending.applicant_id) == [K.TEAM_ROLE_CLOSED]
    assert await _kinds(invitee.id) == [K.TEAM_INVITATION, K.TEAM_ROLE_CLOSED]
    member = await team_member(project, ProjectRole.MEMBER)
    await set_member_role(holder_of(project), project.id, member.id, ProjectRole.FINANCE)
    assert await _kinds(member.id) == [K.TEAM_ROLE_CHANGED]


async def test_an_applicant_who_opted_in_gets_the_decision_by_email(db: None, smtp: Inbox) -> None:
    project = await make_project()
    role = await open_team_role(project, title="Trésorier")
    person = await make_user(email="candidat@exemple.be", name="Candidat Noël")
    await set_email_kinds(actor_of(person), True, [K.APPLICATION_ACCEPTED])
    application = await applied(role, person)
    await shortlist(holder_of(project), application.id)
    await accept(holder_of(project), application.id)
    worker = Worker()
    while await worker.run_once():
        pass
    [message] = smtp.to("candidat@exemple.be")
    assert "« Trésorier »" in message["Subject"] and "acceptée" in message["Subject"]
