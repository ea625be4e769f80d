"""Following a project: followers are told of its updates, new calls, roles and milestones."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count

from colab.actors import Actor, require_login, require_write
from colab.projects.models import REVIEW_KIND, Project, ProjectFollow
from colab.projects.service import get_project
from moderation.visibility import hidden_ids


async def follow(actor: Actor, project_id: int) -> bool:
    """Follow (idempotent); the caller checked the project is visible. True when newly followed."""
    user_id = require_write(actor)
    if await ProjectFollow.exists(project_id=project_id, user_id=user_id):
        return False
    try:
        await ProjectFollow.create(project_id=project_id, user_id=user_id)
    except IntegrityError:  # followed twice at once
        return False
    return True


async def unfollow(actor: Actor, project_id: int) -> bool:
    user_id = require_write(actor)
    return await ProjectFollow.filter(project_id=project_id, user_id=user_id).delete() > 0


async def is_following(actor: Actor, project_id: int) -> bool:
    if actor.user_id is None:
        return False
    return await ProjectFollow.exists(project_id=project_id, user_id=actor.user_id)


async def followers_of(project_id: int) -> list[int]:
    """Who to tell of something new on the project (user ids)."""
    rows = await ProjectFollow.filter(project_id=project_id).order_by("id").values_list("user_id", flat=True)
    return [int(user_id) for user_id in rows]  # type: ignore[call-overload]


async def follower_counts(project_ids: Sequence[int]) -> dict[int, int]:
    """How many people follow each project, in one query."""
    counts = {pid: 0 for pid in project_ids}
    rows = (
        await ProjectFollow.filter(project_id__in=list(project_ids))
        .annotate(n=Count("id"))
        .group_by("project_id")
        .values_list("project_id", "n")
    )
    counts.update({pid: n for pid, n in rows})
    return counts


async def follow_project(actor: Actor, project_id: int) -> Project:
    """A signed-in person follows a visible project (following twice changes nothing)."""
    require_write(actor)
    project = await get_project(project_id)
    await follow(actor, project.id)
    return project


async def unfollow_project(actor: Actor, project_id: int) -> Project:
    """Stop following; a project one does not follow is simply left alone."""
    require_write(actor)
    project = await get_project(project_id)
    await unfollow(actor, project.id)
    return project


async def followed_among(user_id: int | None, project_ids: Sequence[int]) -> set[int]:
    """Which of these projects the person follows, in one query."""
    if user_id is None or not project_ids:
        return set()
    rows = await ProjectFollow.filter(user_id=user_id, project_id__in=list(project_ids)).values_list(
        "project_id", flat=True
    )
    return {int(pid) for pid in rows}  # type: ignore[call-overload]


async def followed_projects(actor: Actor, *, offset: int = 0, limit: int = 20) -> tuple[list[Project], int]:
    """The projects the person follows, the latest followed first (hidden projects left out), with the total."""
    user_id = require_login(actor)
    query = ProjectFollow.filter(user_id=user_id, project_id__not_in=hidden_ids(REVIEW_KIND))
    total = await query.count()
    rows = await query.order_by("-created_at", "-id").offset(offset).limit(limit).values_list("project_id", flat=True)
    ids = [int(pid) for pid in rows]  # type: ignore[call-overload]
    found = {p.id: p for p in await Project.filter(id__in=ids)} if ids else {}
    return [found[pid] for pid in ids if pid in found], total
