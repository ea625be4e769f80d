"""The one schema: per-domain Query/Mutation classes merged, with the request limits."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors

from colab.api.accounts import AccountMutation, AccountQuery
from colab.api.activity import ActivityMutation, ActivityQuery
from colab.api.challenges import ChallengeMutation, ChallengeQuery
from colab.api.errors import ColabSchema, should_mask
from colab.api.ideas import IdeaMutation, IdeaQuery
from colab.api.limits import DocumentLimits
from colab.api.node import NodeQuery
from colab.api.notifications import NotificationMutation
from colab.api.organizations import OrganizationMutation, OrganizationQuery
from colab.api.projects import ProjectQuery
from colab.api.review_mutations import ReviewMutation
from colab.api.reviews import ReviewQuery
from colab.api.territories import TerritoryQuery
from colab.api.transparency import TransparencyQuery


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


def build_schema() -> strawberry.Schema:
    return ColabSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            # size and cost limits before the validation rules; parses and validates each document once
            DocumentLimits,
            lambda: MaskErrors(should_mask_error=should_mask, error_message="Erreur inattendue."),
        ],
    )


schema = build_schema()


def export_schema() -> str:
    """The SDL committed as graphql/schema.graphql."""
    return schema.as_str() + "\n"
