"""The project page its leads edit: title, summary, story (sanitized like an idea's body), the needs asked for,
and a cover image with its alt text (re-encoded by colab.images, stored behind colab.storage)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from colab.activity.service import tell_in_activity
from colab.actors import Actor, ProjectAction
from colab.content import Content, check_content
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.images import clean_image
from colab.needs import NEED_COLUMNS, Need
from colab.projects.events import ProjectEdited
from colab.projects.models import Project
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.storage import Storage
from colab.validation import check_text, clean_line, utcnow

ALT_MAX = 300
COVER_FOLDER = "covers"

tell_in_activity("project.edited", "La page du projet « {title} » est mise à jour.")


@dataclass(frozen=True)
class PageDraft:
    """What the leads change; fields left None keep their value."""

    title: str | None = None
    summary: str | None = None
    story: str | None = None
    needs: Sequence[Need] | None = None
    #: the cover's alt text (required whenever the page has a cover)
    cover_alt: str | None = None
    #: a new cover image, as uploaded (read with colab.images.read_limited)
    cover: bytes | None = None
    remove_cover: bool = False


async def _texts(project: Project, draft: PageDraft, errors: ErrorCollector) -> dict[str, object]:
    """The text columns to write, checked exactly as an idea's (the story is an idea's body)."""
    content = Content(title=draft.title, summary=draft.summary, body=draft.story, needs=draft.needs)
    found = ErrorCollector()
    values = await check_content(content, found, creating=False)
    for error in found.errors:
        errors.add(error.code, error.message, "story" if error.field == "body" else error.field)
    if "body" in values:
        values["story"] = values.pop("body")
    return {k: v for k, v in values.items() if getattr(project, k) != v}


def _alt(project: Project, draft: PageDraft, errors: ErrorCollector) -> str | None:
    """The alt text to write, if it changes; required when the page keeps or gets a cover."""
    alt = clean_line(draft.cover_alt) if draft.cover_alt is not None else project.cover_alt
    has_cover = draft.cover is not None or (project.cover_path is not None and not draft.remove_cover)
    if has_cover:
        if not alt:
            errors.add(ErrorCode.REQUIRED, "Décrivez l'image pour qui ne la voit pas (texte alternatif).", "coverAlt")
        else:
            check_text(errors, "coverAlt", alt, max_length=ALT_MAX, label="Le texte alternatif")
    elif draft.remove_cover or project.cover_path is None:
        alt = ""
    return alt if alt != project.cover_alt else None


async def edit_project(actor: Actor, project_id: int, draft: PageDraft, storage: Storage | None = None) -> Project:
    """The holder and co-leads edit the page; every field is checked before anything is written, and a new cover
    is stored re-encoded (the old file goes once the change is committed)."""
    project = await get_project(project_id)
    actor_id = await require_project_action(actor, project.id, ProjectAction.EDIT_PAGE)
    errors = ErrorCollector()
    values = await _texts(project, draft, errors)
    alt = _alt(project, draft, errors)
    image = None
    if draft.cover is not None:
        try:
            image = await clean_image(draft.cover, "cover")
        except ColabError as refused:
            errors.add(refused.code, refused.message, refused.field)
    errors.raise_if_any()
    changed = ["needs" if k in NEED_COLUMNS.values() else k for k in values]
    if alt is not None:
        values["cover_alt"] = alt
        changed.append("coverAlt")
    old_cover = None
    new_cover = None
    if image is not None or (draft.remove_cover and project.cover_path):
        if storage is None:
            raise RuntimeError("changing the cover needs a storage")
        new_cover = await storage.save(COVER_FOLDER, image.extension, image.data) if image else None
        values["cover_path"] = new_cover
        changed.append("cover")
    if not values:
        return project
    try:
        async with in_transaction():
            if "cover_path" in values:
                # the cover replaced is the one stored now: two uploads at once each delete what they replace
                locked = await Project.filter(id=project.id).select_for_update().get()
                old_cover = locked.cover_path
            await Project.filter(id=project.id).update(**values, updated_at=utcnow())
            title = str(values.get("title", project.title))
            what = sorted(set(changed))
            event = ProjectEdited(
                subject_id=project.id,
                actor_id=actor_id,
                project_id=project.id,
                challenge_id=project.challenge_id,
                title=title,
                fields=what,
            )
            await publish(event)
    except BaseException:
        if new_cover is not None and storage is not None:
            await storage.delete(new_cover)
        raise
    if old_cover and storage is not None:
        await storage.delete(old_cover)
    await project.refresh_from_db()
    return project
