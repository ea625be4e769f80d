"""The review queue over GraphQL: its types and loaders, the moderators' reads and acts, and the public
transparency numbers. The rules stay in `moderation/`."""

from __future__ import annotations

import strawberry

from colab.api.domain import Domain
from colab.api.reviews.mutations import ReviewMutation
from colab.api.reviews.queries import ReviewQuery
from colab.api.reviews.transparency import TransparencyQuery


@strawberry.type
class ReviewDomainQuery(ReviewQuery, TransparencyQuery):
    pass


DOMAIN = Domain("reviews", query=ReviewDomainQuery, mutation=ReviewMutation)
