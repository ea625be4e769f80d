"""The TEAM card: open roles and seats left, for many projects in a bounded number of queries."""

from __future__ import annotations

from colab.actors import ANONYMOUS, Actor
from colab.teams.board import TeamCard, team_card
from colab.teams.service import close_role
from tests.conftest import SQLCounter
from tests.projects.factories import make_project
from tests.teams.factories import holder_of, open_team_role


async def test_the_card_counts_open_roles_and_seats_left(db: None) -> None:
    project = await make_project()
    await open_team_role(project, seats=2)
    await open_team_role(project, title="Comptable", seats=1)
    closed = await open_team_role(project, title="Fermé", seats=5)
    await close_role(holder_of(project), closed.id)
    found = (await team_card([project.id], ANONYMOUS))[project.id]
    assert found.open and dict(found.figures) == {"openRoles": 2, "placesLeft": 3}
    assert found.summary == "2 rôles ouverts, 3 places restantes."
    assert isinstance(found.data, TeamCard) and not found.data.manages


async def test_the_holder_of_a_project_without_roles_is_offered_to_open_one(db: None) -> None:
    project = await make_project()
    found = (await team_card([project.id], holder_of(project)))[project.id]
    assert not found.open and found.summary == "Aucun rôle ouvert pour l'instant."
    assert isinstance(found.data, TeamCard) and found.data.manages


async def test_cards_of_many_projects_cost_two_queries(db: None, sql: SQLCounter) -> None:
    projects = [await make_project(title=f"Projet numéro {i}") for i in range(4)]
    for p in projects:
        await open_team_role(p)
    sql.reset()
    cards = await team_card([p.id for p in projects], Actor(user_id=projects[0].holder_id))
    assert sql.count == 2 and all(c.open for c in cards.values())
