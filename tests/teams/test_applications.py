"""Applications and invitations: every transition checked, one live application per person per role."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS, ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.projects.roles import role_in_project
from colab.teams.applications import (
    accept,
    answer_invitation,
    applications_of_role,
    apply_to_role,
    confirm,
    decline,
    invite,
    my_applications,
    shortlist,
    withdraw,
)
from colab.teams.models import Application, ApplicationStatus, TeamRole, TeamRoleStatus
from colab.teams.service import close_role
from colab.validation import utcnow
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.teams.factories import accepted, applied, holder_of, open_team_role

S = ApplicationStatus


async def _code(attempt: object) -> ErrorCode:
    with pytest.raises(ColabError) as refused:
        await attempt  # type: ignore[misc]
    return refused.value.code


async def test_a_citizen_applies_with_a_sanitized_message(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user()
    application = await apply_to_role(actor_of(person), role.id, "<img src=x onerror=alert(1)>Je connais Inkscape.")
    assert application.status is S.SUBMITTED and application.live_role_id == role.id
    assert "onerror" not in application.message and "Inkscape" in application.message


async def test_an_empty_or_overlong_message_is_refused(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    actor = actor_of(await make_user())
    assert await _code(apply_to_role(actor, role.id, "")) is ErrorCode.REQUIRED
    assert await _code(apply_to_role(actor, role.id, "x" * 2001)) is ErrorCode.TOO_LONG


async def test_one_live_application_per_person_per_role(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user()
    first = await applied(role, person)
    assert await _code(applied(role, person)) is ErrorCode.ALREADY_APPLIED
    await withdraw(actor_of(person), first.id)
    again = await applied(role, person)
    assert again.status is S.SUBMITTED
    assert await Application.filter(role_id=role.id, applicant_id=person.id).count() == 2


async def test_the_team_does_not_apply_to_its_own_roles(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    member = await team_member(project, ProjectRole.MEMBER)
    assert await _code(applied(role, member)) is ErrorCode.ALREADY_MEMBER


async def test_anonymous_may_not_apply(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    assert await _code(apply_to_role(ANONYMOUS, role.id, "Je veux aider le projet.")) is ErrorCode.UNAUTHENTICATED


async def test_closed_and_filled_roles_take_no_application(db: None) -> None:
    project = await make_project()
    closed = await open_team_role(project)
    await close_role(holder_of(project), closed.id)
    assert await _code(applied(closed)) is ErrorCode.ROLE_CLOSED
    full = await open_team_role(project, seats=1)
    await TeamRole.filter(id=full.id).update(confirmed_count=1, status=TeamRoleStatus.FILLED)
    assert await _code(applied(full)) is ErrorCode.ROLE_FILLED


async def test_the_full_path_gives_a_seat_and_a_project_role(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=2, project_role=ProjectRole.FINANCE)
    person = await make_user()
    application = await applied(role, person)
    lead = holder_of(project)
    assert (await shortlist(lead, application.id)).status is S.SHORTLISTED
    assert (await accept(lead, application.id)).status is S.ACCEPTED
    confirmed = await confirm(actor_of(person), application.id)
    assert confirmed.status is S.CONFIRMED
    assert (await TeamRole.get(id=role.id)).confirmed_count == 1
    assert await role_in_project(actor_of(person), project.id) is ProjectRole.FINANCE


async def test_the_last_seat_fills_the_role(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=1)
    application = await accepted(project, role)
    await confirm(actor_of(await application.applicant), application.id)
    assert (await TeamRole.get(id=role.id)).status is TeamRoleStatus.FILLED
    late = await Application.create(
        role_id=role.id,
        project_id=project.id,
        applicant_id=(await make_user()).id,
        status=S.ACCEPTED,
        live_role_id=role.id,
        accepted_at=utcnow(),
    )
    assert await _code(confirm(actor_of(await late.applicant), late.id)) is ErrorCode.ROLE_FILLED
    assert (await Application.get(id=late.id)).status is S.ACCEPTED  # the refused confirmation was rolled back


@pytest.mark.parametrize("name", ["shortlist", "accept", "decline"])
async def test_only_leads_decide_applications(db: None, name: str) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await applied(role)
    action = {"shortlist": shortlist, "accept": accept, "decline": lambda a, i: decline(a, i, "Non.")}[name]
    member = await team_member(project, ProjectRole.MEMBER)
    assert await _code(action(actor_of(member), application.id)) is ErrorCode.FORBIDDEN
    assert await _code(action(actor_of(await application.applicant), application.id)) is ErrorCode.FORBIDDEN
    co_lead = await team_member(project, ProjectRole.CO_LEAD, name="Co Lead")
    await action(actor_of(co_lead), application.id)


async def test_a_decline_needs_a_reason_the_applicant_reads(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await applied(role)
    assert await _code(decline(holder_of(project), application.id, "  ")) is ErrorCode.REASON_REQUIRED
    declined = await decline(holder_of(project), application.id, "Nous cherchons quelqu'un à Liège.")
    assert declined.status is S.DECLINED and declined.decline_reason == "Nous cherchons quelqu'un à Liège."
    assert declined.live_role_id is None


async def test_illegal_transitions_are_refused(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await applied(role)
    person = actor_of(await application.applicant)
    assert await _code(confirm(person, application.id)) is ErrorCode.ILLEGAL_TRANSITION
    await accept(holder_of(project), application.id)
    assert await _code(shortlist(holder_of(project), application.id)) is ErrorCode.ILLEGAL_TRANSITION
    await confirm(person, application.id)
    for attempt in (
        withdraw(person, application.id),
        decline(holder_of(project), application.id, "Trop tard."),
        accept(holder_of(project), application.id),
        answer_invitation(person, application.id, True),
    ):
        assert await _code(attempt) is ErrorCode.ILLEGAL_TRANSITION


async def test_only_the_applicant_confirms_or_withdraws(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await accepted(project, role)
    assert await _code(confirm(holder_of(project), application.id)) is ErrorCode.FORBIDDEN
    assert await _code(withdraw(actor_of(await make_user()), application.id)) is ErrorCode.FORBIDDEN


async def test_a_late_confirmation_is_refused(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await accepted(project, role)
    await Application.filter(id=application.id).update(accepted_at=utcnow() - timedelta(days=8))
    assert await _code(confirm(actor_of(await application.applicant), application.id)) is ErrorCode.ILLEGAL_TRANSITION


async def test_an_invited_person_joins_by_accepting(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user(email="invitee@exemple.be")
    invitation = await invite(holder_of(project), role.id, "Invitee@Exemple.be")
    assert invitation.status is S.INVITED and invitation.invited_by_id == project.holder_id
    assert await _code(applied(role, person)) is ErrorCode.ALREADY_APPLIED
    joined = await answer_invitation(actor_of(person), invitation.id, True)
    assert joined.status is S.CONFIRMED
    assert await role_in_project(actor_of(person), project.id) is ProjectRole.MEMBER


async def test_an_invitation_declined_ends_it(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user(email="non@exemple.be")
    invitation = await invite(holder_of(project), role.id, "non@exemple.be")
    declined = await answer_invitation(actor_of(person), invitation.id, False)
    assert declined.status is S.DECLINED and declined.live_role_id is None


async def test_inviting_needs_an_account_and_someone_not_on_the_team(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    assert await _code(invite(holder_of(project), role.id, "personne@nulle.part")) is ErrorCode.NOT_FOUND
    member = await team_member(project, ProjectRole.MEMBER)
    assert await _code(invite(holder_of(project), role.id, member.email)) is ErrorCode.ALREADY_MEMBER
    member_actor = actor_of(member)
    assert await _code(invite(member_actor, role.id, "personne@nulle.part")) is ErrorCode.FORBIDDEN


async def test_the_lists_show_each_their_own(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user()
    mine = await applied(role, person)
    other = await applied(role, await make_user(name="Autre"))
    await accept(holder_of(project), other.id)
    assert [a.id for a in await applications_of_role(holder_of(project), role.id)] == [other.id, mine.id]
    assert await _code(applications_of_role(actor_of(person), role.id)) is ErrorCode.FORBIDDEN
    listed, total = await my_applications(actor_of(person))
    assert ([a.id for a in listed], total) == ([mine.id], 1)


async def test_a_lead_takes_back_a_pending_invitation(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user(email="plus@exemple.be")
    invitation = await invite(holder_of(project), role.id, "plus@exemple.be")
    taken_back = await decline(holder_of(project), invitation.id, "Le rôle a changé.")
    assert taken_back.status is S.DECLINED
    assert await _code(answer_invitation(actor_of(person), invitation.id, True)) is ErrorCode.ILLEGAL_TRANSITION
