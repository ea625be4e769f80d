"""The team as people see it, and the leads' changes to its members' project roles."""

from __future__ import annotations

import pytest

from colab.actors import ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.projects.roles import role_in_project
from colab.teams.applications import confirm
from colab.teams.members import remove_team_member, set_member_role, teams_of
from colab.teams.models import Application, ApplicationStatus, TeamRole, TeamRoleStatus
from tests.conftest import SQLCounter, actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.teams.factories import accepted, holder_of, open_team_role


async def test_the_team_lists_the_holder_first_with_labels(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER, name="Membre Martin")
    co_lead = await team_member(project, ProjectRole.CO_LEAD, name="Co Lead")
    team = (await teams_of([project.id]))[project.id]
    assert [(m.user_id, m.label) for m in team] == [
        (project.holder_id, "Porteur"),
        (co_lead.id, "Co-porteur"),
        (member.id, "Membre de l'équipe"),
    ]
    assert team[2].name == "Membre Martin"


async def test_the_teams_of_many_projects_cost_two_queries(db: None, sql: SQLCounter) -> None:
    projects = [await make_project(title=f"Projet numéro {i}") for i in range(3)]
    for p in projects:
        await team_member(p, ProjectRole.MEMBER)
    sql.reset()
    teams = await teams_of([p.id for p in projects])
    assert sql.count == 2 and all(len(t) == 2 for t in teams.values())


async def test_a_lead_makes_a_member_co_lead(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    await set_member_role(holder_of(project), project.id, member.id, ProjectRole.CO_LEAD)
    assert await role_in_project(actor_of(member), project.id) is ProjectRole.CO_LEAD


async def test_roles_are_given_to_team_members_only_and_never_the_holders(db: None) -> None:
    project = await make_project()
    lead = holder_of(project)
    stranger = await make_user()
    with pytest.raises(ColabError) as refused:
        await set_member_role(lead, project.id, stranger.id, ProjectRole.MEMBER)
    assert refused.value.code is ErrorCode.NOT_ON_TEAM
    member = await team_member(project, ProjectRole.MEMBER)
    with pytest.raises(ColabError) as refused:
        await set_member_role(lead, project.id, member.id, ProjectRole.HOLDER)
    assert refused.value.code is ErrorCode.INVALID
    with pytest.raises(ColabError) as refused:
        await remove_team_member(lead, project.id, project.holder_id)
    assert refused.value.code is ErrorCode.INVALID


async def test_members_do_not_change_roles(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    finance = await team_member(project, ProjectRole.FINANCE, name="Finances")
    with pytest.raises(ColabError) as refused:
        await set_member_role(actor_of(member), project.id, finance.id, ProjectRole.MEMBER)
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_removing_a_member_frees_their_seat(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=1)
    application = await accepted(project, role)
    person = await application.applicant
    await confirm(actor_of(person), application.id)
    await remove_team_member(holder_of(project), project.id, person.id)
    assert await role_in_project(actor_of(person), project.id) is None
    fresh = await TeamRole.get(id=role.id)
    assert (fresh.confirmed_count, fresh.status) == (0, TeamRoleStatus.OPEN)
    assert (await Application.get(id=application.id)).status is ApplicationStatus.REMOVED
