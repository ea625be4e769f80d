"""A project's page through GraphQL: following it, and its leads editing it (the cover image is uploaded by the web
form only)."""

from __future__ import annotations

import strawberry

from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.projects import FOLLOWER_COUNTS, VIEWER_FOLLOWS, ProjectNode
from colab.projects import follows
from colab.projects.models import Project


@strawberry.input
class FollowProjectInput:
    project_id: strawberry.ID


@strawberry.type
class ProjectPayload:
    project: ProjectNode | None
    errors: list[UserError]


def _payload(found: Project | None, errors: list[UserError]) -> ProjectPayload:
    return ProjectPayload(project=ProjectNode.from_model(found) if found else None, errors=errors)


def _forget_follows(info: Info) -> None:
    """The payload's project reads its followers again, after the change."""
    info.context.loaders.forget(FOLLOWER_COUNTS)
    info.context.loaders.forget(VIEWER_FOLLOWS)


@strawberry.type
class ProjectPageMutation:
    @strawberry.mutation(description="Follow a project: hear of its updates, calls, roles and milestones.")
    async def follow_project(self, info: Info, input: FollowProjectInput) -> ProjectPayload:
        actor = info.context.actor
        found = await attempt(lambda: follows.follow_project(actor, decode(input.project_id, "Project", "projectId")))
        _forget_follows(info)
        return _payload(*found)

    @strawberry.mutation(description="Stop following a project (idempotent).")
    async def unfollow_project(self, info: Info, input: FollowProjectInput) -> ProjectPayload:
        actor = info.context.actor
        found = await attempt(lambda: follows.unfollow_project(actor, decode(input.project_id, "Project", "projectId")))
        _forget_follows(info)
        return _payload(*found)


DOMAIN = Domain("project_pages", mutation=ProjectPageMutation)
