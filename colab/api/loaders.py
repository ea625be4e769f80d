"""Per-request DataLoaders: every relation resolves in one query per level, whatever the page size."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from colab.accounts.models import User
from colab.actors import ANONYMOUS, Actor
from colab.challenges.models import Challenge
from colab.challenges.service import public_challenges_by_organization, themes_by_challenge
from colab.ideas.models import Idea
from colab.ideas.service import themes_by_idea
from colab.organizations.models import Membership, MembershipRole, Organization
from colab.projects.models import Project
from colab.projects.service import projects_by_idea
from colab.territories.models import Territory, Theme
from moderation.models import ReviewFlag, ReviewItem, ReviewKind
from moderation.records import AuthorHistory, flags_by_item, history_by_author, items_of_subjects

ModelT = TypeVar("ModelT", bound=Model)


def _by_id(model: type[ModelT]) -> Callable[[Sequence[int]], Awaitable[list[ModelT | None]]]:
    """A batch function loading rows of `model` by primary key, in the order asked."""

    async def load(ids: Sequence[int]) -> list[ModelT | None]:
        found = {row.pk: row for row in await model.filter(pk__in=list(ids))}
        return [found.get(i) for i in ids]

    return load


async def _themes(challenge_ids: Sequence[int]) -> list[list[Theme]]:
    found = await themes_by_challenge(list(challenge_ids))
    return [found[i] for i in challenge_ids]


async def _idea_themes(idea_ids: Sequence[int]) -> list[list[Theme]]:
    found = await themes_by_idea(list(idea_ids))
    return [found[i] for i in idea_ids]


async def _projects(idea_ids: Sequence[int]) -> list[Project | None]:
    found = await projects_by_idea(list(idea_ids))
    return [found.get(i) for i in idea_ids]


async def _flags(item_ids: Sequence[int]) -> list[list[ReviewFlag]]:
    found = await flags_by_item(list(item_ids))
    return [found[i] for i in item_ids]


async def _histories(author_ids: Sequence[int]) -> list[AuthorHistory]:
    found = await history_by_author(list(author_ids))
    return [found[i] for i in author_ids]


async def _idea_rounds(idea_ids: Sequence[int]) -> list[list[ReviewItem]]:
    found = await items_of_subjects(ReviewKind.IDEA, list(idea_ids))
    return [found[i] for i in idea_ids]


PageKey = tuple[int, int, int]  # organization id, offset, limit


async def _organization_pages(keys: Sequence[PageKey]) -> list[tuple[list[Challenge], int]]:
    pages: dict[PageKey, tuple[list[Challenge], int]] = {}
    for offset, limit in {(k[1], k[2]) for k in keys}:
        found = await public_challenges_by_organization([k[0] for k in keys], offset=offset, limit=limit)
        pages.update({(org_id, offset, limit): page for org_id, page in found.items()})
    return [pages[k] for k in keys]


@dataclass
class Loaders:
    actor: Actor = ANONYMOUS
    organization: DataLoader[int, Organization | None] = field(
        default_factory=lambda: DataLoader(load_fn=_by_id(Organization))
    )
    territory: DataLoader[int, Territory | None] = field(default_factory=lambda: DataLoader(load_fn=_by_id(Territory)))
    user: DataLoader[int, User | None] = field(default_factory=lambda: DataLoader(load_fn=_by_id(User)))
    themes_of_challenge: DataLoader[int, list[Theme]] = field(default_factory=lambda: DataLoader(load_fn=_themes))
    challenges_of_organization: DataLoader[PageKey, tuple[list[Challenge], int]] = field(
        default_factory=lambda: DataLoader(load_fn=_organization_pages)
    )
    idea: DataLoader[int, Idea | None] = field(default_factory=lambda: DataLoader(load_fn=_by_id(Idea)))
    challenge: DataLoader[int, Challenge | None] = field(default_factory=lambda: DataLoader(load_fn=_by_id(Challenge)))
    review_item: DataLoader[int, ReviewItem | None] = field(
        default_factory=lambda: DataLoader(load_fn=_by_id(ReviewItem))
    )
    themes_of_idea: DataLoader[int, list[Theme]] = field(default_factory=lambda: DataLoader(load_fn=_idea_themes))
    project_of_idea: DataLoader[int, Project | None] = field(default_factory=lambda: DataLoader(load_fn=_projects))
    flags_of_item: DataLoader[int, list[ReviewFlag]] = field(default_factory=lambda: DataLoader(load_fn=_flags))
    history_of_author: DataLoader[int, AuthorHistory] = field(default_factory=lambda: DataLoader(load_fn=_histories))
    review_items_of_idea: DataLoader[int, list[ReviewItem]] = field(
        default_factory=lambda: DataLoader(load_fn=_idea_rounds)
    )
    _roles: dict[int, MembershipRole] | None = None

    async def role_in(self, organization_id: int) -> MembershipRole | None:
        """The actor's role in an organization; the actor's memberships are read once per request."""
        if self.actor.user_id is None:
            return None
        if self.actor.memberships is not None:
            return self.actor.memberships.get(organization_id)
        if self._roles is None:
            rows = await Membership.filter(user_id=self.actor.user_id).values_list("organization_id", "role")
            self._roles = {org_id: MembershipRole(role) for org_id, role in rows}
        return self._roles.get(organization_id)

    def forget_roles(self) -> None:
        self._roles = None
