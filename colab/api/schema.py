"""The one schema: per-domain Query/Mutation classes merged, with the request limits."""

from __future__ import annotations

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

from colab.api.accounts import AccountMutation, AccountQuery
from colab.api.activity import ActivityMutation, ActivityQuery
from colab.api.challenges import ChallengeMutation, ChallengeQuery
from colab.api.errors import should_mask
from colab.api.ideas import IdeaMutation, IdeaQuery
from colab.api.node import NodeQuery
from colab.api.notifications import NotificationMutation
from colab.api.organizations import OrganizationMutation, OrganizationQuery
from colab.api.projects import ProjectQuery
from colab.api.review_mutations import ReviewMutation
from colab.api.reviews import ReviewQuery
from colab.api.territories import TerritoryQuery
from colab.api.transparency import TransparencyQuery

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000


@strawberry.type
class Query(
    NodeQuery,
    AccountQuery,
    ChallengeQuery,
    IdeaQuery,
    ProjectQuery,
    ReviewQuery,
    TransparencyQuery,
    OrganizationQuery,
    TerritoryQuery,
    ActivityQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountMutation,
    OrganizationMutation,
    ChallengeMutation,
    IdeaMutation,
    ReviewMutation,
    NotificationMutation,
    ActivityMutation,
):
    pass


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
        extensions=[
            lambda: AddValidationRules(list(LIMIT_RULES)),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # third-party apps repeat the same few documents: parse and validate each once
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=should_mask, error_message="Erreur inattendue."),
        ],
    )


schema = build_schema()


def export_schema() -> str:
    """The SDL committed as graphql/schema.graphql."""
    return schema.as_str() + "\n"
