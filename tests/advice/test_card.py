"""The advice card of the needs board: open questions and adopted advice, batched, with the team's hint."""

from colab.actors import ANONYMOUS, Actor, ProjectRole
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.card import AdviceCardData, advice_cards
from colab.advice.models import AdviceKind, AdviceStatus
from colab.needs import Need
from colab.projects.board import needs_board
from colab.projects.updates import UpdateDraft
from tests.advice.factories import make_advice
from tests.conftest import SQLCounter, actor_of
from tests.projects.factories import make_project, team_member


async def test_the_card_counts_open_questions_and_adopted_advice(db: None) -> None:
    project = await make_project(needs=[Need.FUNDS])
    await make_advice(project, kind=AdviceKind.QUESTION, body="Quel budget pour la salle ?")
    adopted = await make_advice(project)
    await answer_advice(
        Actor(user_id=project.holder_id),
        adopted.id,
        AdviceAnswer(AdviceStatus.ADOPTED, new_update=UpdateDraft("Nouvelle salle", "<p>Nous changeons de salle.</p>")),
    )
    slots = await needs_board(project, ANONYMOUS)
    card = next(s.card for s in slots if s.need is Need.ADVICE)
    assert card is not None and card.open
    assert card.figures == {"advice": 2, "openQuestions": 1, "adoptedAdvice": 1}
    assert card.summary == "2 conseils reçus · 1 question ouverte · 1 conseil adopté"
    assert card.template == "advice/card.html"
    assert card.data == AdviceCardData(page=f"/projets/{project.id}/conseils", team=False)


async def test_the_team_sees_its_hint_and_an_empty_card_invites_advice(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    cards = await advice_cards([project.id], actor_of(member))
    card = cards[project.id]
    assert not card.open and card.summary.startswith("Aucun conseil")
    assert isinstance(card.data, AdviceCardData) and card.data.team


async def test_the_cards_of_many_projects_take_a_bounded_number_of_queries(db: None, sql: SQLCounter) -> None:
    projects = [await make_project(title=f"Projet numéro {i} du tableau") for i in range(4)]
    for p in projects:
        await make_advice(p)
    sql.reset()
    await advice_cards([p.id for p in projects[:1]], ANONYMOUS)
    one = sql.count
    sql.reset()
    cards = await advice_cards([p.id for p in projects], ANONYMOUS)
    assert sql.count == one
    assert all(c.figures["advice"] == 1 for c in cards.values())
