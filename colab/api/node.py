"""`node(id:)`: any object by its global id, as visible to the viewer."""

from __future__ import annotations

import strawberry
from strawberry import relay

from colab.api.accounts import ViewerNode
from colab.api.challenges import ChallengeNode
from colab.api.context import Info
from colab.api.errors import top_level
from colab.api.ids import parse
from colab.api.organizations import OrganizationNode
from colab.api.territories import TerritoryNode, ThemeNode
from colab.challenges.service import find_challenge
from colab.errors import ColabError, ErrorCode
from colab.territories.models import Theme


async def _fetch(info: Info, type_name: str, pk: int) -> relay.Node | None:
    if type_name == "Challenge":
        challenge = await find_challenge(info.context.actor, pk)
        return ChallengeNode.from_model(challenge) if challenge else None
    if type_name == "Organization":
        org = await info.context.loaders.organization.load(pk)
        return OrganizationNode.from_model(org) if org else None
    if type_name == "Territory":
        territory = await info.context.loaders.territory.load(pk)
        return TerritoryNode.from_model(territory) if territory else None
    if type_name == "Theme":
        theme = await Theme.get_or_none(id=pk)
        return ThemeNode.from_model(theme) if theme else None
    if type_name == "Viewer" and info.context.actor.user_id == pk:
        user = await info.context.loaders.user.load(pk)
        return ViewerNode.from_model(user) if user else None
    return None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null if unknown or not visible to you.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        parsed = parse(id)
        if parsed is None:
            raise top_level(ColabError(ErrorCode.INVALID_ID, "Cet identifiant n'est pas valide.", "id"))
        return await _fetch(info, *parsed)
