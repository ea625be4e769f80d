"""A project's page through GraphQL: following it, and its leads editing it (the cover image is uploaded by the web
form only)."""

from __future__ import annotations

import strawberry

from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.pagination import Connection, connection
from colab.api.projects import FOLLOWER_COUNTS, VIEWER_FOLLOWS, ProjectNode
from colab.needs import Need
from colab.projects import follows
from colab.projects.models import Project
from colab.projects.page import PageDraft, edit_project


@strawberry.type
class ProjectPageQuery:
    @strawberry.field(description="The projects the viewer follows, the latest followed first (signed in only).")
    async def followed_projects(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ProjectNode]:
        actor = info.context.actor  # signed out: UNAUTHENTICATED, top-level (connection() raises typed errors so)
        return await connection(
            first,
            after,
            lambda offset, limit: follows.followed_projects(actor, offset=offset, limit=limit),
            ProjectNode.from_model,
        )


@strawberry.input
class FollowProjectInput:
    project_id: strawberry.ID


@strawberry.input
class EditProjectInput:
    project_id: strawberry.ID
    title: str | None = None
    summary: str | None = None
    story: str | None = strawberry.field(default=None, description="HTML or plain text; sanitized on write.")
    needs: list[Need] | None = strawberry.field(default=None, description="The kinds of help asked for (1 to 4).")
    cover_alt: str | None = strawberry.field(
        default=None, description="The cover's alt text (the image itself is uploaded on the web page)."
    )


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

    @strawberry.mutation(description="The holder or a co-lead edits the page; fields left out keep their value.")
    async def edit_project(self, info: Info, input: EditProjectInput) -> ProjectPayload:
        actor = info.context.actor
        draft = PageDraft(
            title=input.title,
            summary=input.summary,
            story=input.story,
            needs=None if input.needs is None else list(input.needs),
            cover_alt=input.cover_alt,
        )
        return _payload(
            *await attempt(lambda: edit_project(actor, decode(input.project_id, "Project", "projectId"), draft))
        )

    @strawberry.mutation(description="Stop following a project (idempotent).")
    async def unfollow_project(self, info: Info, input: FollowProjectInput) -> ProjectPayload:
        actor = info.context.actor
        found = await attempt(lambda: follows.unfollow_project(actor, decode(input.project_id, "Project", "projectId")))
        _forget_follows(info)
        return _payload(*found)


DOMAIN = Domain("project_pages", query=ProjectPageQuery, mutation=ProjectPageMutation)
