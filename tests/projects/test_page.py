"""Editing a project's page: its leads only, checked like an idea, a cover re-encoded and stored, the old one gone."""

import io
from pathlib import Path

import pytest
from PIL import Image

from colab.activity.service import activity
from colab.actors import ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.needs import Need
from colab.projects.models import Project
from colab.projects.page import PageDraft, edit_project
from colab.storage import DiskStorage
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.test_images import gps_jpeg, picture

STORY = "<p>Nous avons trouvé un local à Jambes <script>alert(1)</script>et trois vélos cargo.</p>"


async def test_the_holder_edits_the_story_sanitized_like_an_idea(db: None) -> None:
    project = await make_project(needs=[Need.HANDS])
    holder = actor_of(await project.holder)
    edited = await edit_project(holder, project.id, PageDraft(story=STORY, needs=[Need.HANDS, Need.FUNDS]))
    assert "<script>" not in edited.story and "trois vélos cargo" in edited.story
    assert set(edited.needs) == {Need.HANDS, Need.FUNDS} and edited.updated_at is not None
    event = await Event.filter(kind="project.edited").get()
    assert event.payload["fields"] == ["needs", "story"] and event.public
    feed, _ = await activity("project", project.id)
    assert feed[0].sentence == f"La page du projet « {project.title} » est mise à jour."


async def test_a_co_lead_edits_the_page_and_nothing_changed_publishes_nothing(db: None) -> None:
    project = await make_project()
    co_lead = actor_of(await team_member(project, ProjectRole.CO_LEAD))
    await edit_project(co_lead, project.id, PageDraft(title="Un nouveau titre pour le projet"))
    await edit_project(co_lead, project.id, PageDraft(title="Un nouveau titre pour le projet"))
    assert (await Project.get(id=project.id)).title == "Un nouveau titre pour le projet"
    assert await Event.filter(kind="project.edited").count() == 1


@pytest.mark.parametrize("role", [ProjectRole.MEMBER, ProjectRole.FINANCE, None])
async def test_only_the_leads_edit_the_page(db: None, role: ProjectRole | None) -> None:
    project = await make_project()
    user = await team_member(project, role) if role else await make_user(name="Passant")
    with pytest.raises(ColabError) as refused:
        await edit_project(actor_of(user), project.id, PageDraft(title="Pris en otage par un passant"))
    assert refused.value.code is ErrorCode.FORBIDDEN


async def test_every_field_error_comes_at_once_with_the_story_named_story(db: None) -> None:
    project = await make_project()
    holder = actor_of(await project.holder)
    with pytest.raises(ColabError) as refused:
        await edit_project(holder, project.id, PageDraft(title="", story="<p>court</p>", needs=[]))
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("title", ErrorCode.REQUIRED),
        ("story", ErrorCode.TOO_SHORT),
        ("needs", ErrorCode.NEEDS_REQUIRED),
    }


async def test_a_cover_is_stored_reencoded_and_replacing_it_deletes_the_old_file(db: None, tmp_path: Path) -> None:
    storage = DiskStorage(tmp_path)
    project = await make_project()
    holder = actor_of(await project.holder)
    edited = await edit_project(holder, project.id, PageDraft(cover=gps_jpeg(), cover_alt="Trois vélos"), storage)
    first = edited.cover_path
    assert first and edited.cover_alt == "Trois vélos"
    stored = await storage.read(first)
    assert stored is not None and Image.open(io.BytesIO(stored)).format == "WEBP" and b"Appareil" not in stored
    edited = await edit_project(holder, project.id, PageDraft(cover=picture("PNG")), storage)
    assert edited.cover_path != first and await storage.read(first) is None
    assert edited.cover_alt == "Trois vélos"  # kept with the new image
    edited = await edit_project(holder, project.id, PageDraft(remove_cover=True), storage)
    assert edited.cover_path is None and edited.cover_alt == "" and list((tmp_path / "covers").iterdir()) == []


async def test_a_cover_needs_its_alt_text(db: None, tmp_path: Path) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await edit_project(
            actor_of(await project.holder), project.id, PageDraft(cover=picture()), DiskStorage(tmp_path)
        )
    assert (refused.value.field, refused.value.code) == ("coverAlt", ErrorCode.REQUIRED)
    assert not (tmp_path / "covers").exists()


async def test_a_refused_image_stores_nothing_and_changes_nothing(db: None, tmp_path: Path) -> None:
    project = await make_project()
    draft = PageDraft(title="Un titre qui ne passera pas", cover=b"<svg/>", cover_alt="Un dessin")
    with pytest.raises(ColabError) as refused:
        await edit_project(actor_of(await project.holder), project.id, draft, DiskStorage(tmp_path))
    assert (refused.value.field, refused.value.code) == ("cover", ErrorCode.IMAGE_UNSUPPORTED)
    assert (await Project.get(id=project.id)).title == project.title
    assert not (tmp_path / "covers").exists()
