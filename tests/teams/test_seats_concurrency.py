"""Seats under concurrency (PostgreSQL): 30 accepted applicants confirming at once on 3 seats."""

from __future__ import annotations

import asyncio

import pytest

from colab.errors import ColabError, ErrorCode
from colab.projects.models import ProjectMember
from colab.teams.applications import apply_to_role, confirm
from colab.teams.models import Application, ApplicationStatus, TeamRole, TeamRoleStatus
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project
from tests.teams.factories import accepted, open_team_role

pytestmark = pytest.mark.postgres


async def test_thirty_confirmations_on_three_seats_take_exactly_three(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=3)
    people = [await make_user(name=f"Personne {i}") for i in range(30)]
    applications = [await accepted(project, role, person) for person in people]
    results = await asyncio.gather(
        *(confirm(actor_of(person), a.id) for person, a in zip(people, applications, strict=True)),
        return_exceptions=True,
    )
    assert len([r for r in results if isinstance(r, Application)]) == 3
    assert sorted(r.code for r in results if isinstance(r, ColabError)) == [ErrorCode.ROLE_FILLED] * 27
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, ColabError)]
    assert unexpected == []
    fresh = await TeamRole.get(id=role.id)
    assert (fresh.confirmed_count, fresh.status) == (3, TeamRoleStatus.FILLED)
    assert await Application.filter(role_id=role.id, status=ApplicationStatus.CONFIRMED).count() == 3
    assert await ProjectMember.filter(project_id=project.id).count() == 4  # the holder and three members


async def test_ten_applications_of_one_person_at_once_make_one(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = actor_of(await make_user())
    results = await asyncio.gather(
        *(apply_to_role(person, role.id, "Je veux rejoindre l'équipe.") for _ in range(10)), return_exceptions=True
    )
    assert len([r for r in results if isinstance(r, Application)]) == 1
    assert [r.code for r in results if isinstance(r, ColabError)] == [ErrorCode.ALREADY_APPLIED] * 9
