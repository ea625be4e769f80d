"""Team roles and applications for tests, through the real services."""

from __future__ import annotations

from typing import Any

from colab.accounts.models import User
from colab.actors import Actor
from colab.projects.models import Project
from colab.teams.applications import accept, apply_to_role
from colab.teams.models import Application, TeamRole
from colab.teams.service import RoleDraft, open_role
from tests.conftest import actor_of, make_user


def holder_of(project: Project) -> Actor:
    return Actor(user_id=project.holder_id)


def role_draft(**overrides: Any) -> RoleDraft:
    values: dict[str, Any] = {
        "title": "Graphiste bénévole",
        "description": "Mettre en page les affiches et le site du projet.",
        "skills": ["graphisme", "mise en page"],
        "hours_per_week": 4,
        "seats": 2,
    }
    values.update(overrides)
    return RoleDraft(**values)


async def open_team_role(project: Project, **overrides: Any) -> TeamRole:
    return await open_role(holder_of(project), project.id, role_draft(**overrides))


async def applied(
    role: TeamRole, applicant: User | None = None, message: str = "J'ai dix ans de mise en page."
) -> Application:
    applicant = applicant or await make_user(name="Candidate Leroy")
    return await apply_to_role(actor_of(applicant), role.id, message)


async def accepted(project: Project, role: TeamRole, applicant: User | None = None) -> Application:
    application = await applied(role, applicant)
    return await accept(holder_of(project), application.id)
