"""The HANDS card: upcoming calls and places left, the team's invitation to post, in a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta

from colab.acting.card import HandsCard, hands_cards
from colab.acting.pledges import pledge_time
from colab.actors import ANONYMOUS, ProjectRole
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import SQLCounter, actor_of, make_user
from tests.projects.factories import make_project, team_member


async def test_the_card_counts_upcoming_calls_and_places_left(db: None) -> None:
    project = await make_project()
    first = await make_call(project, capacity=3, starts_at=utcnow() + timedelta(days=1))
    await make_call(project, capacity=2, starts_at=utcnow() + timedelta(days=2))
    await pledge_time(actor_of(await make_user()), first.id)
    card = (await hands_cards([project.id], ANONYMOUS))[project.id]
    assert card.open and card.figures == {"upcoming_calls": 2, "places_left": 4}
    assert card.summary == "4 places restantes sur 2 actions à venir."
    assert card.template == "acting/card.html"


async def test_a_project_without_calls_invites_only_its_team_to_post(db: None) -> None:
    project = await make_project()
    member = actor_of(await team_member(project, ProjectRole.MEMBER))
    finance = actor_of(await team_member(project, ProjectRole.FINANCE))
    assert not (await hands_cards([project.id], ANONYMOUS))[project.id].open
    for actor, may_post in ((member, True), (finance, False), (ANONYMOUS, False)):
        data = (await hands_cards([project.id], actor))[project.id].data
        assert isinstance(data, HandsCard) and data.may_post is may_post


async def test_a_full_call_says_the_waitlist_is_open(db: None) -> None:
    project = await make_project()
    call = await make_call(project, capacity=1)
    await pledge_time(actor_of(await make_user()), call.id)
    assert "liste d'attente" in (await hands_cards([project.id], ANONYMOUS))[project.id].summary


async def test_many_projects_cost_the_same_queries_as_one(db: None, sql: SQLCounter) -> None:
    projects = [await make_project() for _ in range(3)]
    for project in projects:
        await make_call(project)
    viewer = actor_of(await make_user())
    sql.reset()
    await hands_cards([projects[0].id], viewer)
    one = sql.count
    sql.reset()
    await hands_cards([p.id for p in projects], viewer)
    assert sql.count == one <= 2
