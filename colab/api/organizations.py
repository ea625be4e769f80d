"""Organizations and memberships: types, queries and the admin/manager mutations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from colab import lean
from colab.actors import Actor
from colab.api.accounts import DISPLAY_NAME
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.ids import decode, decode_optional
from colab.api.loaders import PerRequest, batch, by_id
from colab.api.node import fetches
from colab.api.pagination import Connection, as_is, connection
from colab.api.prefetch import NOT_PREFETCHED, Missing, held_or_loaded, holds, node_fields
from colab.api.territories import TERRITORY, TerritoryNode
from colab.lean import Row, as_bool, as_datetime, as_optional_datetime
from colab.organizations import service
from colab.organizations.models import (
    KIND_LABELS,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)
from colab.territories.reference import reference

if TYPE_CHECKING:
    from colab.api.challenges import ChallengeNode

strawberry.enum(OrganizationKind, name="OrganizationKind")
strawberry.enum(MembershipRole, name="MembershipRole")
ChallengeRef = Annotated["ChallengeNode", strawberry.lazy("colab.api.challenges")]

ORGANIZATION = by_id(Organization)


class _ViewerRoles:
    """The actor's role in each organization: their memberships are read once per request."""

    def __init__(self, actor: Actor, cache: bool) -> None:
        self.actor = actor
        self.cache = cache
        self._roles: dict[int, MembershipRole] | None = None

    async def role_in(self, organization_id: int) -> MembershipRole | None:
        if self.actor.user_id is None:
            return None
        if self.actor.memberships is not None and self.cache:  # loaded with the actor by the middleware
            return self.actor.memberships.get(organization_id)
        if self._roles is None or not self.cache:
            rows = await Membership.filter(user_id=self.actor.user_id).values_list("organization_id", "role")
            self._roles = {org_id: MembershipRole(role) for org_id, role in rows}
        return self._roles.get(organization_id)


VIEWER_ROLES = PerRequest(_ViewerRoles, "viewer roles")


@strawberry.type(name="Organization", description="An institutional partner of the lab.")
class OrganizationNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    slug: str
    kind: OrganizationKind
    kind_label: str = strawberry.field(description="The kind, in French.")
    description: str
    website: str | None
    verified: bool
    verified_at: datetime | None
    created_at: datetime
    territory_pk: strawberry.Private[int | None]
    #: read with the page (colab/api/prefetch.py); a node built alone loads it
    held_territory: strawberry.Private[TerritoryNode | None | Missing] = NOT_PREFETCHED

    @strawberry.field
    @holds("held_territory")
    def territory(self, info: Info) -> TerritoryNode | None:
        return held_or_loaded(self.held_territory, lambda: self._territory(info))

    async def _territory(self, info: Info) -> TerritoryNode | None:
        if self.territory_pk is None:
            return None
        found = await info.context.loaders[TERRITORY].load(self.territory_pk)
        return TerritoryNode.from_model(found) if found else None

    @strawberry.field(description="The viewer's role in this organization, if they belong to it.")
    async def viewer_role(self, info: Info) -> MembershipRole | None:
        return await info.context.loaders[VIEWER_ROLES].role_in(self.id)

    @strawberry.field(description="Its published and closed challenges, newest first.")
    async def challenges(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ChallengeRef]:
        from colab.api.challenges import CHALLENGES_OF_ORGANIZATION, ChallengeNode

        pages = info.context.loaders[CHALLENGES_OF_ORGANIZATION]
        return await connection(
            first, after, lambda offset, limit: pages.load((self.id, offset, limit)), ChallengeNode.from_model
        )

    @classmethod
    def from_row(cls, row: Row) -> OrganizationNode:
        """From a row of ORGANIZATION_COLUMNS (colab.lean)."""
        kind = OrganizationKind(row[3])
        return cls(
            id=row[0],
            name=row[1],
            slug=row[2],
            kind=kind,
            kind_label=KIND_LABELS[kind],
            description=row[4],
            website=row[5] or None,
            verified=as_bool(row[6]),
            verified_at=as_optional_datetime(row[7]),
            created_at=as_datetime(row[8]),
            territory_pk=row[9],
        )

    @classmethod
    def from_model(cls, o: Organization) -> OrganizationNode:
        return cls(
            id=o.id,
            name=o.name,
            slug=o.slug,
            kind=o.kind,
            kind_label=KIND_LABELS[o.kind],
            description=o.description,
            website=o.website or None,
            verified=o.verified,
            verified_at=o.verified_at,
            created_at=o.created_at,
            territory_pk=o.territory_id,
        )


ORGANIZATION_COLUMNS = (
    "id", "name", "slug", "kind", "description", "website", "verified", "verified_at", "created_at", "territory_id"
)  # fmt: skip


async def organization_nodes(ids: Iterable[int]) -> dict[int, OrganizationNode]:
    """Organizations by id, read lean (one query, no model built)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    found = await lean.rows(Organization.filter(id__in=wanted), ORGANIZATION_COLUMNS)
    return {row[0]: OrganizationNode.from_row(row) for row in found}


async def _organization_nodes(ids: Sequence[int]) -> list[OrganizationNode | None]:
    found = await organization_nodes(ids)
    return [found.get(i) for i in ids]


ORGANIZATION_NODE = batch(_organization_nodes, "organization nodes")


@strawberry.type(name="Membership", description="A person's tie to an organization.")
class MembershipNode:
    role: MembershipRole
    created_at: datetime
    organization_pk: strawberry.Private[int]
    user_pk: strawberry.Private[int]

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationNode:
        found = await info.context.loaders[ORGANIZATION].load(self.organization_pk)
        assert found is not None  # memberships cascade with their organization
        return OrganizationNode.from_model(found)

    @strawberry.field(description="The member's display name.")
    async def display_name(self, info: Info) -> str:
        return await info.context.loaders[DISPLAY_NAME].load(self.user_pk) or ""

    @classmethod
    def from_model(cls, m: Membership) -> MembershipNode:
        return cls(
            role=m.role,
            created_at=m.created_at,
            organization_pk=m.organization_id,
            user_pk=m.user_id,
        )


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: OrganizationKind
    territory_id: strawberry.ID | None = None
    description: str = ""
    website: str = ""


@strawberry.input
class VerifyOrganizationInput:
    organization_id: strawberry.ID


@strawberry.input
class AddMemberInput:
    organization_id: strawberry.ID
    email: str
    role: MembershipRole = MembershipRole.MEMBER


@strawberry.type
class OrganizationPayload:
    organization: OrganizationNode | None
    errors: list[UserError]


@strawberry.type
class AddMemberPayload:
    membership: MembershipNode | None
    errors: list[UserError]


def _payload(found: Organization | None, errors: list[UserError]) -> OrganizationPayload:
    return OrganizationPayload(organization=OrganizationNode.from_model(found) if found else None, errors=errors)


@fetches(OrganizationNode)
async def _organization(info: Info, pk: int) -> OrganizationNode | None:
    found = await info.context.loaders[ORGANIZATION].load(pk)
    return OrganizationNode.from_model(found) if found else None


@strawberry.type
class OrganizationQuery:
    @strawberry.field(description="Organizations by name; filter on verification and kind.")
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        verified: bool | None = None,
        kind: OrganizationKind | None = None,
    ) -> Connection[OrganizationNode]:
        chosen = kind if kind else None
        with_territory = "territory" in node_fields(info)

        async def fetch(offset: int, limit: int) -> tuple[list[OrganizationNode], int]:
            found, total = await lean.page(
                lambda: service.organizations_matching(verified=verified, kind=chosen),
                ORGANIZATION_COLUMNS,
                offset=offset,
                limit=limit,
                count=True,
                exact=True,
                key=("organization", verified, chosen),
            )
            nodes = [OrganizationNode.from_row(row) for row in found]
            if with_territory:
                known = (await reference()).by_id
                for node in nodes:
                    place = known.get(node.territory_pk) if node.territory_pk is not None else None
                    node.held_territory = TerritoryNode.from_model(place) if place else None
            return nodes, total

        return await connection(first, after, fetch, as_is)

    @strawberry.field(description="One organization, by global id or by slug.")
    async def organization(self, id: strawberry.ID | None = None, slug: str | None = None) -> OrganizationNode | None:
        with as_top_level():
            pk = decode_optional(id, "Organization", "id")
        if pk is not None:
            found = await Organization.get_or_none(id=pk)
        else:
            found = await service.get_by_slug(slug or "")
        return OrganizationNode.from_model(found) if found else None


@strawberry.type
class OrganizationMutation:
    @strawberry.mutation(description="Admins create an organization (unverified until verified).")
    async def create_organization(self, info: Info, input: CreateOrganizationInput) -> OrganizationPayload:
        actor = info.context.actor

        async def run() -> Organization:
            return await service.create_organization(
                actor,
                name=input.name,
                kind=input.kind,
                territory_id=decode_optional(input.territory_id, "Territory", "territoryId"),
                description=input.description,
                website=input.website,
            )

        found, errors = await attempt(run)
        return _payload(found, errors)

    @strawberry.mutation(description="Admins verify an organization: its challenges then skip review.")
    async def verify_organization(self, info: Info, input: VerifyOrganizationInput) -> OrganizationPayload:
        actor = info.context.actor

        async def run() -> Organization:
            pk = decode(input.organization_id, "Organization", "organizationId")
            return await service.verify_organization(actor, pk)

        found, errors = await attempt(run)
        return _payload(found, errors)

    @strawberry.mutation(description="Admins and managers add a person (who has an account) to an organization.")
    async def add_member(self, info: Info, input: AddMemberInput) -> AddMemberPayload:
        actor = info.context.actor

        async def run() -> Membership:
            pk = decode(input.organization_id, "Organization", "organizationId")
            return await service.add_member(actor, pk, input.email, input.role)

        found, errors = await attempt(run)
        info.context.loaders.forget(VIEWER_ROLES)
        return AddMemberPayload(membership=MembershipNode.from_model(found) if found else None, errors=errors)


DOMAIN = Domain("organizations", query=OrganizationQuery, mutation=OrganizationMutation)
