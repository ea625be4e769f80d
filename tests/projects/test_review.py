"""Projects as reportable content: what a moderator reads of a reported project."""

from colab.needs import Need
from colab.projects.review import SUBJECT
from tests.projects.factories import make_project


async def test_a_reported_project_reads_with_its_idea_s_place_and_themes_and_its_own_needs(db: None) -> None:
    project = await make_project(needs=[Need.HANDS])
    views = await SUBJECT.load([project.id])
    view = views[project.id]
    facts = dict(view.facts)
    assert view.title == project.title and view.author_id == project.holder_id
    assert facts["Territoire"] and facts["Thèmes"] != "" and facts["Besoins"] == "Bras (bénévoles)"
