"""Per-request DataLoaders: every relation resolves in one query per level, whatever the page size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from colab.accounts.models import User
from colab.actors import ANONYMOUS, Actor
from colab.challenges.models import Challenge
from colab.challenges.service import public_challenges_by_organization, themes_by_challenge
from colab.organizations.models import Membership, MembershipRole, Organization
from colab.territories.models import Territory, Theme


async def _organizations(ids: Sequence[int]) -> list[Organization | None]:
    found = {o.id: o for o in await Organization.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


async def _territories(ids: Sequence[int]) -> list[Territory | None]:
    found = {t.id: t for t in await Territory.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


async def _users(ids: Sequence[int]) -> list[User | None]:
    found = {u.id: u for u in await User.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


async def _themes(challenge_ids: Sequence[int]) -> list[list[Theme]]:
    found = await themes_by_challenge(list(challenge_ids))
    return [found[i] for i in challenge_ids]


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
        default_factory=lambda: DataLoader(load_fn=_organizations)
    )
    territory: DataLoader[int, Territory | None] = field(default_factory=lambda: DataLoader(load_fn=_territories))
    user: DataLoader[int, User | None] = field(default_factory=lambda: DataLoader(load_fn=_users))
    themes_of_challenge: DataLoader[int, list[Theme]] = field(default_factory=lambda: DataLoader(load_fn=_themes))
    challenges_of_organization: DataLoader[PageKey, tuple[list[Challenge], int]] = field(
        default_factory=lambda: DataLoader(load_fn=_organization_pages)
    )
    _roles: dict[int, MembershipRole] | None = None

    async def role_in(self, organization_id: int) -> MembershipRole | None:
        """The actor's role in an organization; the actor's memberships are read once per request."""
        if self.actor.user_id is None:
            return None
        if self._roles is None:
            rows = await Membership.filter(user_id=self.actor.user_id).values_list("organization_id", "role")
            self._roles = {org_id: MembershipRole(role) for org_id, role in rows}
        return self._roles.get(organization_id)

    def forget_roles(self) -> None:
        self._roles = None
