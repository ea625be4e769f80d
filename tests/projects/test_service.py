"""Projects: opened on admission, 1:1 with the idea, public, with a needs board."""

from colab.actors import ANONYMOUS
from colab.challenges.models import Need
from colab.projects.models import Project
from colab.projects.service import ProjectFilter, list_projects
from colab.territories.models import Territory
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge, make_user
from tests.ideas.factories import make_moderator, submitted_idea


async def _admit() -> None:
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.ADMIT)


async def test_admission_opens_one_project_held_by_the_author(db: None) -> None:
    author = await make_user()
    challenge = await make_challenge()
    idea = await submitted_idea(author, challenge, needs=[Need.FUNDS, Need.HANDS])
    await _admit()
    project = await Project.get(idea_id=idea.id)
    assert (project.holder_id, project.challenge_id, project.organization_id) == (
        author.id,
        challenge.id,
        challenge.organization_id,
    )
    assert (project.title, project.story, project.needs) == (idea.title, idea.body, [Need.FUNDS, Need.HANDS])
    assert await Project.all().count() == 1


async def test_a_free_standing_idea_becomes_a_project_without_organization(db: None) -> None:
    idea = await submitted_idea()
    await _admit()
    project = await Project.get(idea_id=idea.id)
    assert project.challenge_id is None and project.organization_id is None


async def test_projects_are_listed_newest_first_and_filtered_by_province(db: None) -> None:
    await submitted_idea(title="Un premier projet namurois")
    await _admit()
    liege = await Territory.get(nis_code="62063")
    await submitted_idea(title="Un projet liégeois", territory_id=liege.id)
    await _admit()
    projects, total = await list_projects(ANONYMOUS)
    assert total == 2 and [p.title for p in projects] == ["Un projet liégeois", "Un premier projet namurois"]
    province = await Territory.get(id=liege.parent_id)  # type: ignore[arg-type]
    found, _ = await list_projects(ANONYMOUS, ProjectFilter(territory_id=province.id))
    assert [p.title for p in found] == ["Un projet liégeois"]
