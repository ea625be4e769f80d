"""Projects through GraphQL: public, with the needs board, linked to their idea, challenge and organization."""

from colab.accounts.models import User
from colab.api.ids import encode
from colab.challenges.models import Challenge
from colab.needs import Need
from colab.projects.models import Project
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim
from tests.api.conftest import GraphQLClient, top_codes
from tests.conftest import actor_of, make_challenge, make_user, territory
from tests.ideas.factories import item_of, make_moderator, submitted_idea


async def _project(author: User | None = None, challenge: Challenge | None = None, **overrides: object) -> Project:
    """An idea admitted through the services: its project."""
    idea = await submitted_idea(author, challenge, **overrides)
    moderator = await make_moderator()
    item = await item_of(idea)
    await claim(actor_of(moderator), item.id)
    await decide_review(actor_of(moderator), item.id, Decision.ADMIT)
    return await Project.get(idea_id=idea.id)


async def test_anyone_reads_a_project_with_its_needs_board(api: GraphQLClient) -> None:
    challenge = await make_challenge(title="Des vélos pour la vallée")
    project = await _project(await make_user(name="Léa Martin"), challenge, needs=[Need.HANDS])
    body = await api.run("Project", id=encode("Project", project.id))
    found = body["data"]["project"]
    assert found["holderName"] == "Léa Martin"
    assert found["challenge"]["title"] == "Des vélos pour la vallée"
    assert found["organization"] is not None
    assert found["idea"] == {"id": encode("Idea", project.idea_id), "title": project.title, "status": "ADMITTED"}
    board = found["needsBoard"]
    assert [(s["need"], s["asked"]) for s in board][0] == ("HANDS", True)
    assert sorted(s["need"] for s in board) == ["ADVICE", "FUNDS", "HANDS", "TEAM"]
    assert all(s["label"] and s["place"] for s in board)


async def test_the_idea_links_to_its_project_and_node_finds_it(api: GraphQLClient) -> None:
    project = await _project()
    idea = await api.run("Idea", id=encode("Idea", project.idea_id))
    assert idea["data"]["idea"]["project"] == {"id": encode("Project", project.id), "title": project.title}
    node = await api.run("Node", id=encode("Project", project.id))
    assert node["data"]["node"]["__typename"] == "Project"


async def test_projects_filter_by_province_and_need(api: GraphQLClient) -> None:
    await _project(title="Des vélos à Namur", territory_id=(await territory("92094")).id, needs=[Need.FUNDS])
    await _project(title="Un potager à Liège", territory_id=(await territory("62063")).id, needs=[Need.HANDS])
    namur = await api.run("ProjectList", filter={"territoryId": encode("Territory", (await territory("90000")).id)})
    assert [e["node"]["title"] for e in namur["data"]["projects"]["edges"]] == ["Des vélos à Namur"]
    hands = await api.run("ProjectList", filter={"need": "HANDS"})
    assert [e["node"]["title"] for e in hands["data"]["projects"]["edges"]] == ["Un potager à Liège"]


async def test_an_unknown_project_is_null_and_a_bad_id_is_invalid(api: GraphQLClient) -> None:
    assert (await api.run("Project", id=encode("Project", 999999)))["data"]["project"] is None
    assert top_codes(await api.run("Project", id=encode("Idea", 1))) == ["INVALID_ID"]
    bad_filter = await api.run("ProjectList", filter={"challengeId": "zzz"})
    assert top_codes(bad_filter) == ["INVALID_ID"]
