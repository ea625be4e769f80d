"""The project team's roles and the one table of team rights."""

from datetime import timedelta

import pytest

from colab.accounts.sessions import open_session
from colab.actors import ANONYMOUS, PROJECT_PERMISSIONS, Actor, ProjectAction, ProjectRole, Role, Scope
from colab.errors import ColabError, ErrorCode
from colab.identity import from_session_key
from colab.projects.models import ProjectMember
from colab.projects.roles import give_role, may_on_project, remove_member, require_project_action, team_of
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member


async def test_the_holder_is_on_the_team_from_the_admission(db: None) -> None:
    project = await make_project()
    assert [(m.user_id, m.role) for m in await team_of(project.id)] == [(project.holder_id, ProjectRole.HOLDER)]


@pytest.mark.parametrize("role", list(ProjectRole))
async def test_each_role_may_do_exactly_what_the_table_says(db: None, role: ProjectRole) -> None:
    project = await make_project()
    user = await make_user(name="Équipe") if role is not ProjectRole.HOLDER else None
    if user is not None:
        await give_role(project.id, user.id, role)
        actor = actor_of(user)
    else:
        actor = Actor(user_id=project.holder_id)
    for action in ProjectAction:
        allowed = role in PROJECT_PERMISSIONS[action]
        assert await may_on_project(actor, project.id, action) is allowed, (role, action)
        if not allowed:
            with pytest.raises(ColabError) as refused:
                await require_project_action(actor, project.id, action)
            assert refused.value.code is ErrorCode.FORBIDDEN


async def test_strangers_anonymous_and_read_only_tokens_are_refused(db: None) -> None:
    project = await make_project()
    stranger = actor_of(await make_user(name="Passant"))
    with pytest.raises(ColabError) as refused:
        await require_project_action(stranger, project.id, ProjectAction.POST_CALL)
    assert refused.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(ColabError) as refused:
        await require_project_action(ANONYMOUS, project.id, ProjectAction.POST_CALL)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED
    read_only = Actor(user_id=project.holder_id, scopes=frozenset({Scope.READ}))
    assert not await may_on_project(read_only, project.id, ProjectAction.POST_UPDATE)
    assert await may_on_project(read_only, project.id, ProjectAction.SEE_MONEY)


async def test_admins_see_the_money_but_do_not_act_for_the_team(db: None) -> None:
    project = await make_project()
    admin = actor_of(await make_user(Role.ADMIN, name="Admin"))
    assert await may_on_project(admin, project.id, ProjectAction.SEE_MONEY)
    assert not await may_on_project(admin, project.id, ProjectAction.EDIT_PAGE)


async def test_the_actor_carries_project_roles_from_its_session(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.FINANCE)
    key = await open_session(member, timedelta(hours=1))
    actor = (await from_session_key(key)).actor
    assert actor.project_roles == {project.id: ProjectRole.FINANCE}
    assert await may_on_project(actor, project.id, ProjectAction.SEE_MONEY)
    assert not await may_on_project(actor, project.id, ProjectAction.POST_CALL)


async def test_a_role_changes_but_the_holder_keeps_theirs(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    await give_role(project.id, member.id, ProjectRole.CO_LEAD)
    assert await ProjectMember.get(project_id=project.id, user_id=member.id).values_list("role", flat=True) == (
        ProjectRole.CO_LEAD
    )
    for user_id, role in ((project.holder_id, ProjectRole.MEMBER), (member.id, ProjectRole.HOLDER)):
        with pytest.raises(ColabError) as refused:
            await give_role(project.id, user_id, role)
        assert refused.value.code is ErrorCode.INVALID
    assert not await remove_member(project.id, project.holder_id)
    assert await remove_member(project.id, member.id)
    assert [m.role for m in await team_of(project.id)] == [ProjectRole.HOLDER]
