"""Team roles: opened, edited and closed by the project's leads only, checked field by field."""

from __future__ import annotations

import pytest

from colab.actors import ANONYMOUS, ProjectRole
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.teams.applications import confirm
from colab.teams.models import Application, ApplicationStatus, TeamRoleStatus
from colab.teams.service import close_role, edit_role, open_role, roles_of_project
from colab.validation import utcnow
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.teams.factories import accepted, applied, holder_of, open_team_role, role_draft


async def test_the_holder_opens_a_role_with_sanitized_description_and_bounded_skills(db: None) -> None:
    project = await make_project()
    role = await open_role(
        holder_of(project),
        project.id,
        role_draft(
            description="<script>x</script>Tenir les comptes du projet", skills=[" compta ", "Compta", "", "RGPD"]
        ),
    )
    assert role.status is TeamRoleStatus.OPEN and role.confirmed_count == 0
    assert "<script>" not in role.description and "Tenir les comptes" in role.description
    assert role.skills == ["compta", "RGPD"]
    assert role.project_role is ProjectRole.MEMBER
    assert [r.id for r in await roles_of_project(project.id)] == [role.id]


async def test_a_co_lead_opens_a_role_too(db: None) -> None:
    project = await make_project()
    co_lead = await team_member(project, ProjectRole.CO_LEAD)
    role = await open_role(actor_of(co_lead), project.id, role_draft())
    assert role.project_id == project.id


@pytest.mark.parametrize("role", [ProjectRole.MEMBER, ProjectRole.FINANCE])
async def test_other_team_members_may_not_open_roles(db: None, role: ProjectRole) -> None:
    project = await make_project()
    member = await team_member(project, role)
    with pytest.raises(ColabError) as refused:
        await open_role(actor_of(member), project.id, role_draft())
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_anonymous_may_not_open_roles(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await open_role(ANONYMOUS, project.id, role_draft())
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_every_bad_field_is_reported_at_once(db: None) -> None:
    project = await make_project()
    draft = role_draft(title="", description="court", skills=["x" * 41], hours_per_week=0, seats=51)
    with pytest.raises(ColabErrors) as refused:
        await open_role(holder_of(project), project.id, draft)
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("title", ErrorCode.REQUIRED),
        ("description", ErrorCode.TOO_SHORT),
        ("skills", ErrorCode.TOO_LONG),
        ("hoursPerWeek", ErrorCode.INVALID),
        ("seats", ErrorCode.INVALID),
    }


async def test_too_many_skills_are_refused(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await open_role(holder_of(project), project.id, role_draft(skills=[f"skill {i}" for i in range(11)]))
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID, "skills")


async def test_a_role_never_makes_holders(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await open_role(holder_of(project), project.id, role_draft(project_role=ProjectRole.HOLDER))
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID, "projectRole")


async def test_a_role_of_an_unknown_project_is_not_found(db: None) -> None:
    user = await make_user()
    with pytest.raises(ColabError) as refused:
        await open_role(actor_of(user), 999_999, role_draft())
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_editing_changes_only_the_given_fields(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    edited = await edit_role(holder_of(project), role.id, role_draft(title="Graphiste", description=None, skills=None))
    assert edited.title == "Graphiste" and edited.description == role.description and edited.skills == role.skills


async def test_seats_never_go_below_the_confirmed_members(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=2)
    for name in ("Une", "Deux"):
        application = await accepted(project, role, await make_user(name=name))
        await confirm(actor_of(await application.applicant), application.id)
    with pytest.raises(ColabError) as refused:
        await edit_role(holder_of(project), role.id, role_draft(seats=1))
    assert (refused.value.code, refused.value.field) == (ErrorCode.SEATS_TAKEN, "seats")


async def test_more_seats_reopen_a_filled_role_and_fewer_fill_it(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=1)
    application = await accepted(project, role)
    await confirm(actor_of(await application.applicant), application.id)
    reopened = await edit_role(holder_of(project), role.id, role_draft(seats=3))
    assert reopened.status is TeamRoleStatus.OPEN
    filled = await edit_role(holder_of(project), role.id, role_draft(seats=1))
    assert filled.status is TeamRoleStatus.FILLED


async def test_closing_declines_the_pending_applications_and_keeps_the_members(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=2)
    member_application = await accepted(project, role)
    await confirm(actor_of(await member_application.applicant), member_application.id)
    pending = await applied(role, await make_user(name="Attente"))
    closed = await close_role(holder_of(project), role.id)
    assert closed.status is TeamRoleStatus.CLOSED
    assert (await Application.get(id=pending.id)).status is ApplicationStatus.DECLINED
    assert (await Application.get(id=member_application.id)).status is ApplicationStatus.CONFIRMED
    assert await roles_of_project(project.id) == []
    assert [r.id for r in await roles_of_project(project.id, with_closed=True)] == [role.id]


async def test_a_closed_role_is_neither_edited_nor_closed_again(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    await close_role(holder_of(project), role.id)
    for attempt in (
        edit_role(holder_of(project), role.id, role_draft(title="Autre")),
        close_role(holder_of(project), role.id),
    ):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION


async def test_a_hidden_projects_roles_do_not_exist_for_anyone(db: None) -> None:
    from moderation.models import HiddenBy, ReportedContent, Visibility
    from tests.teams.factories import applied as apply_as

    project = await make_project()
    role = await open_team_role(project)
    await ReportedContent.create(
        kind="PROJECT",
        subject_id=project.id,
        author_id=project.holder_id,
        title=project.title,
        visibility=Visibility.HIDDEN,
        hidden_by=HiddenBy.MODERATOR,
        hidden_at=utcnow(),
        created_at=utcnow(),
    )
    with pytest.raises(ColabError) as refused:
        await apply_as(role)
    assert refused.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ColabError) as refused:
        await edit_role(holder_of(project), role.id, role_draft(title="Encore"))
    assert refused.value.code is ErrorCode.NOT_FOUND
