"""Following a project: followers are told of its updates, new calls, roles and milestones."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count

from colab.actors import Actor, require_write
from colab.projects.models import ProjectFollow


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
