"""Project updates through GraphQL: the news a project's leads post, a project's list of them, posting one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from colab.api.accounts import DISPLAY_NAME
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.loaders import optional
from colab.api.node import fetches
from colab.api.pagination import Connection, connection
from colab.projects import updates
from colab.projects.models import ProjectUpdate
from colab.projects.service import find_project

if TYPE_CHECKING:
    from colab.api.projects import ProjectNode

LATEST_UPDATE = optional(updates.latest_updates)


@strawberry.type(name="ProjectUpdate", description="News posted by a project's leads; its followers are told.")
class ProjectUpdateNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    body: str = strawberry.field(description="Sanitized HTML.")
    created_at: datetime
    author_pk: strawberry.Private[int]
    project_pk: strawberry.Private[int]

    @strawberry.field(description="The display name of the lead who posted it.")
    async def author_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.author_pk) or ""

    @strawberry.field
    async def project(self, info: Info) -> Annotated[ProjectNode, strawberry.lazy("colab.api.projects")]:
        from colab.api.projects import PROJECT, ProjectNode

        found = await info.context.loaders[PROJECT].load(self.project_pk)
        assert found is not None  # CASCADE foreign key
        return ProjectNode.from_model(found)

    @classmethod
    def from_model(cls, u: ProjectUpdate) -> ProjectUpdateNode:
        return cls(
            id=u.id, title=u.title, body=u.body, created_at=u.created_at, author_pk=u.author_id, project_pk=u.project_id
        )


@fetches(ProjectUpdateNode)
async def _update(info: Info, pk: int) -> ProjectUpdateNode | None:
    found = await updates.updates_by_id([pk])
    update = found.get(pk)
    # a hidden project hides its news
    return ProjectUpdateNode.from_model(update) if update and await find_project(update.project_id) else None


async def project_updates(
    root: Any, info: Info, first: int | None = None, after: str | None = None
) -> Connection[ProjectUpdateNode]:
    """The project's news, newest first."""
    project_id = root.id
    return await connection(
        first,
        after,
        lambda offset, limit: updates.updates_of(project_id, offset=offset, limit=limit),
        ProjectUpdateNode.from_model,
    )


async def latest_update(root: Any, info: Info) -> ProjectUpdateNode | None:
    """The project's latest news, if any."""
    found = await info.context.loaders[LATEST_UPDATE].load(root.id)
    return ProjectUpdateNode.from_model(found) if found else None


@strawberry.input
class PostProjectUpdateInput:
    project_id: strawberry.ID
    title: str
    body: str = strawberry.field(description="HTML or plain text; sanitized on write.")


@strawberry.type
class ProjectUpdatePayload:
    update: ProjectUpdateNode | None
    errors: list[UserError]


@strawberry.type
class ProjectUpdateMutation:
    @strawberry.mutation(description="The project's holder or a co-lead posts news; followers are told.")
    async def post_project_update(self, info: Info, input: PostProjectUpdateInput) -> ProjectUpdatePayload:
        actor = info.context.actor

        async def run() -> ProjectUpdate:
            project_id = decode(input.project_id, "Project", "projectId")
            return await updates.post_update(actor, project_id, updates.UpdateDraft(input.title, input.body))

        found, errors = await attempt(run)
        info.context.loaders.forget(LATEST_UPDATE)
        return ProjectUpdatePayload(update=ProjectUpdateNode.from_model(found) if found else None, errors=errors)


DOMAIN = Domain("project_updates", mutation=ProjectUpdateMutation)
