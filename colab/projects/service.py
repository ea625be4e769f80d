"""Projects: created when an idea is admitted (1:1), public, with a needs board."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from colab.actors import Actor
from colab.challenges.models import Challenge
from colab.counting import capped_count
from colab.errors import ColabError, ErrorCode
from colab.ideas.models import Idea
from colab.needs import NEED_COLUMNS, Need
from colab.projects.models import REVIEW_KIND, Project
from colab.projects.roles import add_holder
from colab.territories.service import territory_scope
from moderation.visibility import hidden_ids, is_hidden


async def open_project(idea: Idea) -> Project:
    """The project of a just-admitted idea: its author holds it; linked to the challenge and its organization."""
    organization_id = None
    if idea.challenge_id is not None:
        organization_id = await Challenge.get(id=idea.challenge_id).values_list("organization_id", flat=True)
    project = await Project.create(
        idea_id=idea.id,
        challenge_id=idea.challenge_id,
        organization_id=organization_id,
        holder_id=idea.author_id,
        territory_id=idea.territory_id,
        title=idea.title,
        summary=idea.summary,
        story=idea.body,
        **{column: getattr(idea, column) for column in NEED_COLUMNS.values()},
    )
    await add_holder(project.id, idea.author_id)
    return project


async def get_project(project_id: int, field: str = "projectId") -> Project:
    """Projects are public, unless reported and hidden."""
    project = await Project.get_or_none(id=project_id)
    if project is None or await is_hidden(REVIEW_KIND, project.id):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce projet n'existe pas.", field)
    return project


async def find_project(project_id: int) -> Project | None:
    project = await Project.get_or_none(id=project_id)
    return None if project is None or await is_hidden(REVIEW_KIND, project.id) else project


@dataclass
class ProjectFilter:
    territory_id: int | None = None
    challenge_id: int | None = None
    organization_id: int | None = None
    need: Need | None = None


async def list_projects(
    actor: Actor, filters: ProjectFilter | None = None, *, offset: int = 0, limit: int = 20, count: bool = True
) -> tuple[list[Project], int]:
    """Projects newest first, with the total (capped: colab.counting; 0 when `count` is false)."""
    f = filters or ProjectFilter()
    query = Project.filter(id__not_in=hidden_ids(REVIEW_KIND))
    if f.territory_id is not None:
        scope = await territory_scope(f.territory_id)
        if scope is not None:
            query = query.filter(territory_id__in=scope)
    if f.challenge_id is not None:
        query = query.filter(challenge_id=f.challenge_id)
    if f.organization_id is not None:
        query = query.filter(organization_id=f.organization_id)
    if f.need is not None:
        query = query.filter(**{NEED_COLUMNS[f.need]: True})
    total = await capped_count(query) if count else 0
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), total


async def projects_by_idea(idea_ids: Sequence[int]) -> dict[int, Project]:
    return {p.idea_id: p for p in await Project.filter(idea_id__in=list(idea_ids))}
