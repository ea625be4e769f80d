"""Project updates: news the team posts; followers are told (in-app, and by email per their choices)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from colab.actors import Actor, ProjectAction
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.projects.events import ProjectUpdatePosted
from colab.projects.models import ProjectUpdate
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.validation import check_text, clean_line
from moderation.sanitize import clean_rich_text, plain_text

TITLE_MAX = 120
BODY_MAX = 10_000
BODY_HTML_MAX = 50_000


@dataclass(frozen=True)
class UpdateDraft:
    title: str
    body: str


async def _checked(draft: UpdateDraft) -> tuple[str, str]:
    errors = ErrorCollector()
    title = clean_line(draft.title)
    check_text(errors, "title", title, max_length=TITLE_MAX, min_length=3, label="Le titre")
    try:
        body = await clean_rich_text(draft.body or "")
    except ColabError as refused:  # markup too long, too many elements or nested too deep
        body = ""
        errors.add(refused.code, refused.message, "body")
    else:
        if len(body) > BODY_HTML_MAX:
            errors.add(ErrorCode.TOO_LONG, "La nouvelle contient trop de mise en forme.", "body")
        else:
            check_text(errors, "body", plain_text(body), max_length=BODY_MAX, min_length=10, label="Le texte")
    errors.raise_if_any()
    return title, body


async def post_update(actor: Actor, project_id: int, draft: UpdateDraft) -> ProjectUpdate:
    """The project's leads post news; its followers hear of it in the same transaction."""
    await get_project(project_id)
    author_id = await require_project_action(actor, project_id, ProjectAction.POST_UPDATE)
    title, body = await _checked(draft)
    async with in_transaction():
        update = await ProjectUpdate.create(project_id=project_id, author_id=author_id, title=title, body=body)
        await publish(ProjectUpdatePosted(subject_id=update.id, actor_id=author_id, project_id=project_id, title=title))
    return update


async def get_update(update_id: int, field: str = "updateId") -> ProjectUpdate:
    update = await ProjectUpdate.get_or_none(id=update_id)
    if update is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette nouvelle n'existe pas.", field)
    await get_project(update.project_id, field)  # a hidden project hides its news
    return update


async def updates_of(project_id: int, *, offset: int = 0, limit: int = 20) -> tuple[list[ProjectUpdate], int]:
    """A project's news, newest first, with the total."""
    query = ProjectUpdate.filter(project_id=project_id)
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), await query.count()


async def updates_by_id(update_ids: Sequence[int]) -> dict[int, ProjectUpdate]:
    return {u.id: u for u in await ProjectUpdate.filter(id__in=list(update_ids))}
