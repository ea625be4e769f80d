"""The one schema: per-domain Query/Mutation classes merged, with the request limits."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from strawberry.extensions import MaskErrors

from colab.api import (
    accounts,
    acting,
    activity,
    advice,
    challenges,
    expertise,
    funding,
    ideas,
    matching,
    moderation_cases,
    notifications,
    organizations,
    payments,
    project_pages,
    project_updates,
    projects,
    reviews,
    teams,
    territories,
    tokens,
)
from colab.api.domain import Domain
from colab.api.errors import ColabSchema, should_mask
from colab.api.execution import LeanExecutionContext
from colab.api.guard import RequestGuard
from colab.api.limits import DocumentLimits
from colab.api.node import NodeQuery, fast_node_ids
from colab.api.prefetch import answer_held_fields
from colab.api.subscriptions import WebSocketSubscriptionsOnly

#: the domains of the API; a new domain is one more line. Their root fields appear in this order.
DOMAINS: list[Domain] = [
    accounts.DOMAIN,
    organizations.DOMAIN,
    challenges.DOMAIN,
    ideas.DOMAIN,
    projects.DOMAIN,
    project_pages.DOMAIN,
    project_updates.DOMAIN,
    teams.DOMAIN,
    advice.DOMAIN,
    expertise.DOMAIN,
    matching.DOMAIN,
    payments.DOMAIN,
    funding.DOMAIN,
    reviews.DOMAIN,
    moderation_cases.DOMAIN,
    notifications.DOMAIN,
    territories.DOMAIN,
    activity.DOMAIN,
    tokens.DOMAIN,
    acting.DOMAIN,
]


def _root(name: str, parts: Sequence[type | None]) -> type | None:
    """One root type merging the domains' classes (None when no domain has any)."""
    bases = tuple(part for part in parts if part is not None)
    return strawberry.type(type(name, bases, {})) if bases else None


Query: type = strawberry.type(type("Query", (NodeQuery, *(d.query for d in DOMAINS if d.query)), {}))
Mutation = _root("Mutation", [d.mutation for d in DOMAINS])
Subscription = _root("Subscription", [d.subscription for d in DOMAINS])


def build_schema() -> strawberry.Schema:
    built = ColabSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        execution_context_class=LeanExecutionContext,
        extensions=[
            RequestGuard,  # rate limit by cost, token scopes on mutations
            # size and cost limits before the validation rules; parses and validates each document once
            DocumentLimits,
            lambda: MaskErrors(should_mask_error=should_mask, error_message="Erreur inattendue."),
            WebSocketSubscriptionsOnly,
        ],
    )
    fast_node_ids(built)
    answer_held_fields(built)
    return built


schema = build_schema()


def export_schema() -> str:
    """The SDL committed as graphql/schema.graphql."""
    return schema.as_str() + "\n"
