"""The one schema: per-domain Query/Mutation classes merged, with the request limits."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from colab.api import accounts, challenges, ideas, notifications, organizations, projects, reviews, territories
from colab.api.domain import Domain
from colab.api.errors import should_mask
from colab.api.node import NodeQuery
from colab.api.subscriptions import WebSocketSubscriptionsOnly

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000

#: the domains of the API; a new domain is one more line. Their root fields appear in this order.
DOMAINS: list[Domain] = [
    accounts.DOMAIN,
    organizations.DOMAIN,
    challenges.DOMAIN,
    ideas.DOMAIN,
    projects.DOMAIN,
    reviews.DOMAIN,
    notifications.DOMAIN,
    territories.DOMAIN,
]


def _root(name: str, parts: Sequence[type | None]) -> type | None:
    """One root type merging the domains' classes (None when no domain has any)."""
    bases = tuple(part for part in parts if part is not None)
    return strawberry.type(type(name, bases, {})) if bases else None


Query: type = strawberry.type(type("Query", (NodeQuery, *(d.query for d in DOMAINS if d.query)), {}))
Mutation = _root("Mutation", [d.mutation for d in DOMAINS])
Subscription = _root("Subscription", [d.subscription for d in DOMAINS])


# The limiters' rule classes, made once: QueryDepthLimiter and MaxAliasesLimiter define a new rule
# class per instance, and the validation cache is keyed by the rules, so an instance per request
# (extensions are per-request factories) would never hit the cache.
LIMIT_RULES = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            lambda: AddValidationRules(list(LIMIT_RULES)),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # third-party apps repeat the same few documents: parse and validate each once
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=should_mask, error_message="Erreur inattendue."),
            WebSocketSubscriptionsOnly,
        ],
    )


schema = build_schema()


def export_schema() -> str:
    """The SDL committed as graphql/schema.graphql."""
    return schema.as_str() + "\n"
