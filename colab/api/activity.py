"""Activity feeds (`activity` on the root, on Challenge and on Project) and, for admins, the parked deliveries of
the event worker (`parkedDeliveries`, `retryDelivery`)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from colab.activity.service import Activity, activity, activity_of_many
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode, encode
from colab.api.pagination import Connection, connection, page_of, window
from colab.events.replay import ParkedDelivery, parked_deliveries, retry_delivery


@strawberry.enum(name="ActivityKind")
class ActivityKind(Enum):
    CHALLENGE_PUBLISHED = "challenge.published"
    CHALLENGE_CLOSED = "challenge.closed"
    PROJECT_OPENED = "project.opened"
    VOLUNTEER_CALL_POSTED = "acting.call_posted"
    PROJECT_UPDATE_POSTED = "project.update_posted"
    PROJECT_EDITED = "project.edited"
    # advice (colab/advice)
    ADVICE_GIVEN = "advice.given"
    ADVICE_ADOPTED = "advice.adopted"
    # crowdfunding (colab/funding)
    CAMPAIGN_SCHEDULED = "funding.campaign_scheduled"
    CAMPAIGN_LIVE = "funding.campaign_live"
    CAMPAIGN_FUNDED = "funding.campaign_funded"
    CAMPAIGN_SETTLING = "funding.campaign_settling"
    CAMPAIGN_SUCCEEDED = "funding.campaign_succeeded"
    CAMPAIGN_FAILED = "funding.campaign_failed"
    CAMPAIGN_CANCELLED = "funding.campaign_cancelled"


_NODE_TYPES = {
    "challenge": "Challenge",
    "project": "Project",
    "volunteer_call": "VolunteerCall",
    "project_update": "ProjectUpdate",
    "advice": "Advice",
    "campaign": "Campaign",
}


@strawberry.type(name="Activity", description="Something that happened in public, from the lab's events.")
class ActivityNode:
    id: strawberry.ID
    kind: ActivityKind
    happened_at: datetime
    title: str = strawberry.field(description="The subject's title when it happened.")
    summary: str = strawberry.field(description="What happened, in French.")
    subject_id: strawberry.ID = strawberry.field(description="The challenge or project it is about (see `node`).")

    @classmethod
    def from_activity(cls, a: Activity) -> ActivityNode:
        return cls(
            id=strawberry.ID(encode("Activity", a.id)),
            kind=ActivityKind(a.kind),
            happened_at=a.at,
            title=a.title,
            summary=a.sentence,
            subject_id=strawberry.ID(encode(_NODE_TYPES[a.subject_type], a.subject_id)),
        )


def _loader(info: Info, scope: str, offset: int, limit: int) -> DataLoader[int, tuple[list[Activity], int]]:
    """One loader per request, scope and page: the feeds of every challenge (project) in a list in 2 statements."""
    state = info.context.request.state
    loaders: dict[tuple[str, int, int], DataLoader[int, tuple[list[Activity], int]]] = getattr(
        state, "activity_loaders", {}
    )
    state.activity_loaders = loaders
    key = (scope, offset, limit)
    if key not in loaders:

        async def load(ids: list[int]) -> list[tuple[list[Activity], int]]:
            found = await activity_of_many(scope, ids, offset=offset, limit=limit)
            return [found[i] for i in ids]

        loaders[key] = DataLoader(load_fn=load)
    return loaders[key]


async def _feed_of(info: Info, scope: str, pk: int, first: int | None, after: str | None) -> Connection[ActivityNode]:
    offset, limit = window(first, after)
    items, total = await _loader(info, scope, offset, limit).load(pk)
    return page_of(items, total, offset, ActivityNode.from_activity)


async def challenge_activity(
    root: Any, info: Info, first: int | None = None, after: str | None = None
) -> Connection[ActivityNode]:
    """The challenge's public activity, newest first."""
    return await _feed_of(info, "challenge", root.id, first, after)


async def project_activity(
    root: Any, info: Info, first: int | None = None, after: str | None = None
) -> Connection[ActivityNode]:
    """The project's public activity, newest first."""
    return await _feed_of(info, "project", root.id, first, after)


@strawberry.type(name="ParkedDelivery", description="An event a consumer failed to handle every time (admins).")
class ParkedDeliveryNode:
    id: strawberry.ID
    consumer: str
    event_kind: str
    subject_type: str
    subject_id: int
    attempts: int
    last_error: str
    event_at: datetime

    @classmethod
    def from_parked(cls, p: ParkedDelivery) -> ParkedDeliveryNode:
        return cls(
            id=strawberry.ID(encode("Delivery", p.id)),
            consumer=p.consumer,
            event_kind=p.event_kind,
            subject_type=p.subject_type,
            subject_id=p.subject_id,
            attempts=p.attempts,
            last_error=p.last_error,
            event_at=p.event_at,
        )


@strawberry.type
class ActivityQuery:
    @strawberry.field(description="The whole lab's public activity, newest first.")
    async def activity(self, first: int | None = None, after: str | None = None) -> Connection[ActivityNode]:
        return await connection(
            first, after, lambda offset, limit: activity(offset=offset, limit=limit), ActivityNode.from_activity
        )

    @strawberry.field(description="Deliveries the worker gave up on, oldest event first (admins only).")
    async def parked_deliveries(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ParkedDeliveryNode]:
        actor = info.context.actor
        return await connection(
            first,
            after,
            lambda offset, limit: parked_deliveries(actor, offset=offset, limit=limit),
            ParkedDeliveryNode.from_parked,
        )


@strawberry.input
class RetryDeliveryInput:
    id: strawberry.ID


@strawberry.type
class RetryDeliveryPayload:
    retried: bool
    errors: list[UserError]


@strawberry.type
class ActivityMutation:
    @strawberry.mutation(description="Send a parked delivery back to the worker, with fresh attempts (admins only).")
    async def retry_delivery(self, info: Info, input: RetryDeliveryInput) -> RetryDeliveryPayload:
        actor = info.context.actor

        async def run() -> bool:
            await retry_delivery(actor, decode(input.id, "Delivery", "id"))
            return True

        done, errors = await attempt(run)
        return RetryDeliveryPayload(retried=bool(done), errors=errors)


DOMAIN = Domain("activity", query=ActivityQuery, mutation=ActivityMutation)
