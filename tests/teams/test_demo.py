"""The demo team: roles on the demo project, a shortlisted application, a confirmed member; idempotent."""

from __future__ import annotations

from colab.accounts.models import User
from colab.actors import Actor, ProjectRole
from colab.demo import seed_demo
from colab.projects.models import Project
from colab.projects.roles import role_in_project
from colab.teams.demo import PROJECT_TITLE, seed_teams
from colab.teams.models import Application, ApplicationStatus, TeamRole


async def test_the_demo_project_has_roles_an_application_and_a_member(db: None) -> None:
    await seed_demo()
    project = await Project.get(title=PROJECT_TITLE)
    assert await TeamRole.filter(project_id=project.id).count() == 2
    hugo = await User.get(email="hugo@colab.example")
    assert await role_in_project(Actor(user_id=hugo.id), project.id) is ProjectRole.MEMBER
    statuses = sorted(s.value for s in await Application.all().values_list("status", flat=True))
    assert statuses == [ApplicationStatus.CONFIRMED.value, ApplicationStatus.SHORTLISTED.value]
    assert await seed_teams() == 0
    assert await Application.all().count() == 2
