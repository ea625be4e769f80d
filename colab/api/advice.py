"""Advice through GraphQL: a project's advice (open questions first, then helpful, then newest), replies,
helpful votes, the team's answers, and expert credentials (decided by moderators through `decideReview`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from colab.actors import Actor
from colab.advice import credentials, service
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.models import Advice, AdviceKind, AdviceStatus
from colab.api.accounts import DISPLAY_NAME
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode, decode_optional, encode
from colab.api.loaders import PerRequest, batch, by_id, grouped
from colab.api.node import fetches
from colab.api.pagination import Connection, connection
from colab.projects.models import Project, ProjectUpdate
from colab.projects.updates import UpdateDraft

if TYPE_CHECKING:
    from colab.api.projects import ProjectNode

strawberry.enum(AdviceKind, name="AdviceKind")
strawberry.enum(AdviceStatus, name="AdviceStatus", description="The team's answer to a piece of advice.")

ADVICE = by_id(Advice)
REPLIES_OF_ADVICE = grouped(service.replies_of)
UPDATE = by_id(ProjectUpdate)
PROJECT_OF_ADVICE = by_id(Project)


async def _expertise(pairs: Sequence[tuple[int, int]]) -> list[list[str]]:
    found = await credentials.expertise_on_projects(pairs)
    return [found[pair] for pair in pairs]


#: (author, project) → the project's themes in which the author is a recognized expert
EXPERTISE = batch(_expertise, "expertise_on_projects")


def _voted(actor: Actor, cache: bool) -> DataLoader[int, bool]:
    async def load(ids: Sequence[int]) -> list[bool]:
        voted = await service.voted_among(actor.user_id, ids)
        return [i in voted for i in ids]

    return DataLoader(load_fn=load, cache=cache)


#: whether the viewer found each piece of advice helpful (one query per request level)
VOTED = PerRequest(_voted, "helpful_votes_of_viewer")


@strawberry.type(name="Advice", description="Advice, a question, a resource or an expertise offer on a project.")
class AdviceNode(relay.Node):
    id: relay.NodeID[int]
    kind: AdviceKind
    body: str = strawberry.field(description="Sanitized HTML.")
    url: str | None = strawberry.field(description="A resource's link (http or https).")
    helpful_count: int = strawberry.field(description="How many people found it helpful (never a ranking of people).")
    status: AdviceStatus
    response_reason: str = strawberry.field(description="The team's words with its answer (plain text).")
    responded_at: datetime | None
    created_at: datetime
    is_reply: bool
    author_pk: strawberry.Private[int]
    project_pk: strawberry.Private[int]
    parent_pk: strawberry.Private[int | None]
    update_pk: strawberry.Private[int | None]

    @strawberry.field(description="The author's display name (never their email).")
    async def author_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.author_pk) or ""

    @strawberry.field(
        description="The project's themes in which the author holds an unexpired expert credential: a label only."
    )
    async def author_expertise(self, info: Info) -> list[str]:
        return await info.context.loaders[EXPERTISE].load((self.author_pk, self.project_pk))

    @strawberry.field(description="The replies (one level), oldest first; hidden ones are left out.")
    async def replies(self, info: Info) -> list[AdviceNode]:
        if self.parent_pk is not None:
            return []
        return [AdviceNode.from_model(r) for r in await info.context.loaders[REPLIES_OF_ADVICE].load(self.id)]

    @strawberry.field(description="The advice this one replies to.")
    async def parent(self, info: Info) -> AdviceNode | None:
        if self.parent_pk is None:
            return None
        found = await info.context.loaders[ADVICE].load(self.parent_pk)
        return AdviceNode.from_model(found) if found else None

    @strawberry.field(description="The viewer found it helpful (false for anonymous visitors).")
    async def viewer_has_voted(self, info: Info) -> bool:
        if info.context.actor.user_id is None:
            return False
        return await info.context.loaders[VOTED].load(self.id)

    @strawberry.field
    def viewer_is_author(self, info: Info) -> bool:
        return info.context.actor.user_id == self.author_pk

    @strawberry.field(description="Adopted advice: the global id of the project update saying what changed.")
    def update_id(self) -> strawberry.ID | None:
        return strawberry.ID(encode("ProjectUpdate", self.update_pk)) if self.update_pk else None

    @strawberry.field(description="Adopted advice: the title of the project update saying what changed.")
    async def update_title(self, info: Info) -> str | None:
        if self.update_pk is None:
            return None
        found = await info.context.loaders[UPDATE].load(self.update_pk)
        return found.title if found else None

    @strawberry.field
    async def project(self, info: Info) -> Annotated[ProjectNode, strawberry.lazy("colab.api.projects")]:
        from colab.api.projects import ProjectNode

        found = await info.context.loaders[PROJECT_OF_ADVICE].load(self.project_pk)
        assert found is not None  # CASCADE foreign key
        return ProjectNode.from_model(found)

    @classmethod
    def from_model(cls, a: Advice) -> AdviceNode:
        return cls(
            id=a.id,
            kind=a.kind,
            body=a.body,
            url=a.url or None,
            helpful_count=a.helpful_count,
            status=a.status,
            response_reason=a.response_reason,
            responded_at=a.responded_at,
            created_at=a.created_at,
            is_reply=a.parent_id is not None,
            author_pk=a.author_id,
            project_pk=a.project_id,
            parent_pk=a.parent_id,
            update_pk=a.update_id,
        )


@fetches(AdviceNode)
async def _advice(info: Info, pk: int) -> AdviceNode | None:
    found = await service.find_advice(pk)
    return AdviceNode.from_model(found) if found else None


async def project_advice(
    root: Any, info: Info, kind: AdviceKind | None = None, first: int | None = None, after: str | None = None
) -> Connection[AdviceNode]:
    """The project's advice (not the replies): open questions first, then the most helpful, then the newest."""
    project_id = root.id
    return await connection(
        first,
        after,
        lambda offset, limit: service.advice_of(project_id, kind, offset=offset, limit=limit),
        AdviceNode.from_model,
    )


@strawberry.input
class GiveAdviceInput:
    project_id: strawberry.ID
    kind: AdviceKind
    body: str = strawberry.field(description="HTML or plain text; sanitized on write.")
    url: str = strawberry.field(default="", description="A resource's link: http or https.")


@strawberry.input
class ReplyToAdviceInput:
    advice_id: strawberry.ID
    body: str = strawberry.field(description="HTML or plain text; sanitized on write.")


@strawberry.input
class HelpfulInput:
    advice_id: strawberry.ID


@strawberry.input
class NewUpdateInput:
    title: str
    body: str = strawberry.field(description="HTML or plain text; sanitized on write.")


@strawberry.input
class AnswerAdviceInput:
    advice_id: strawberry.ID
    status: AdviceStatus
    reason: str = strawberry.field(default="", description="Required to decline.")
    update_id: strawberry.ID | None = strawberry.field(
        default=None, description="Adopting: an existing update of the project saying what changed."
    )
    new_update: NewUpdateInput | None = strawberry.field(
        default=None, description="Adopting: a new update posted in the same act (project leads only)."
    )


@strawberry.type
class AdvicePayload:
    advice: AdviceNode | None
    errors: list[UserError]


def _payload(info: Info, found: Advice | None, errors: list[UserError]) -> AdvicePayload:
    info.context.loaders.forget(VOTED)
    info.context.loaders.forget(ADVICE)
    return AdvicePayload(advice=AdviceNode.from_model(found) if found else None, errors=errors)


def _advice_id(value: strawberry.ID) -> int:
    return decode(value, "Advice", "adviceId")


@strawberry.type
class AdviceMutation:
    @strawberry.mutation(description="Anyone signed in gives advice, asks, shares a resource or offers expertise.")
    async def give_advice(self, info: Info, input: GiveAdviceInput) -> AdvicePayload:
        actor = info.context.actor

        async def run() -> Advice:
            project_id = decode(input.project_id, "Project", "projectId")
            return await service.give_advice(actor, project_id, service.AdviceDraft(input.kind, input.body, input.url))

        return _payload(info, *await attempt(run))

    @strawberry.mutation(description="Anyone signed in replies to a piece of advice (one level: not to a reply).")
    async def reply_to_advice(self, info: Info, input: ReplyToAdviceInput) -> AdvicePayload:
        actor = info.context.actor
        return _payload(
            info, *await attempt(lambda: service.reply_to_advice(actor, _advice_id(input.advice_id), input.body))
        )

    @strawberry.mutation(description="The viewer found it helpful (once; never their own advice).")
    async def vote_helpful(self, info: Info, input: HelpfulInput) -> AdvicePayload:
        actor = info.context.actor
        return _payload(info, *await attempt(lambda: service.vote_helpful(actor, _advice_id(input.advice_id))))

    @strawberry.mutation(description="The viewer takes their helpful vote back (nothing happens without one).")
    async def unvote_helpful(self, info: Info, input: HelpfulInput) -> AdvicePayload:
        actor = info.context.actor
        return _payload(info, *await attempt(lambda: service.unvote_helpful(actor, _advice_id(input.advice_id))))

    @strawberry.mutation(
        description="The project's team answers: acknowledged, adopted or partly adopted (linked to a project "
        "update, existing or new), or declined with a reason."
    )
    async def answer_advice(self, info: Info, input: AnswerAdviceInput) -> AdvicePayload:
        actor = info.context.actor

        async def run() -> Advice:
            new = input.new_update
            answer = AdviceAnswer(
                status=input.status,
                reason=input.reason,
                update_id=decode_optional(input.update_id, "ProjectUpdate", "updateId"),
                new_update=UpdateDraft(new.title, new.body) if new else None,
            )
            return await answer_advice(actor, _advice_id(input.advice_id), answer)

        return _payload(info, *await attempt(run))


DOMAIN = Domain("advice", mutation=AdviceMutation)
