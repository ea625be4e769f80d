"""Territories (Region › provinces › communes, by NIS code) and themes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import strawberry
from strawberry import relay

from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import as_top_level
from colab.api.ids import decode_optional
from colab.api.loaders import optional
from colab.api.node import fetches
from colab.api.prefetch import Missing
from colab.territories import service
from colab.territories.models import Territory, TerritoryLevel, Theme
from colab.territories.reference import reference, territories_by_id, themes_by_id

strawberry.enum(TerritoryLevel, name="TerritoryLevel")

TERRITORY = optional(territories_by_id)
THEME = optional(themes_by_id)


@strawberry.type(name="Territory", description="The Walloon Region, a province or a commune.")
class TerritoryNode(relay.Node):
    id: relay.NodeID[int]
    nis_code: str = strawberry.field(description="Statbel NIS code.")
    name: str
    name_nl: str
    level: TerritoryLevel
    inhabitants: int | None
    zip_code: str | None
    parent_pk: strawberry.Private[int | None]

    @strawberry.field(description="The province of a commune, the Region of a province.")
    async def parent(self, info: Info) -> TerritoryNode | None:
        if self.parent_pk is None:
            return None
        parent = await info.context.loaders[TERRITORY].load(self.parent_pk)
        return TerritoryNode.from_model(parent) if parent else None

    @classmethod
    def from_model(cls, t: Territory) -> TerritoryNode:
        return cls(
            id=t.id,
            nis_code=t.nis_code,
            name=t.name,
            name_nl=t.name_nl,
            level=t.level,
            inhabitants=t.inhabitants,
            zip_code=t.zip_code or None,
            parent_pk=t.parent_id,
        )


@strawberry.type(name="Theme")
class ThemeNode(relay.Node):
    id: relay.NodeID[int]
    slug: str
    name: str

    @classmethod
    def from_model(cls, t: Theme) -> ThemeNode:
        return cls(id=t.id, slug=t.slug, name=t.name)


@fetches(TerritoryNode)
async def _territory(info: Info, pk: int) -> TerritoryNode | None:
    found = await info.context.loaders[TERRITORY].load(pk)
    return TerritoryNode.from_model(found) if found else None


@fetches(ThemeNode)
async def _theme(info: Info, pk: int) -> ThemeNode | None:
    found = await info.context.loaders[THEME].load(pk)
    return ThemeNode.from_model(found) if found else None


class HoldsTerritory(Protocol):
    """A node that holds its territory, read with its page (colab/api/prefetch.py)."""

    territory_pk: int
    held_territory: TerritoryNode | Missing


class HoldsThemes(Protocol):
    id: int
    held_themes: list[ThemeNode] | Missing


async def hold_territories(nodes: Sequence[HoldsTerritory]) -> None:
    """Give each node its territory, from the per-process reference data."""
    known = (await reference()).by_id
    territories: dict[int, TerritoryNode] = {}
    for node in nodes:
        if node.territory_pk not in territories:
            territories[node.territory_pk] = TerritoryNode.from_model(known[node.territory_pk])
        node.held_territory = territories[node.territory_pk]


async def theme_nodes(theme_ids: Sequence[int]) -> list[ThemeNode]:
    """Themes by id, in their display order, from the per-process reference data."""
    known = (await reference()).themes_by_id
    found = [known[i] for i in theme_ids if i in known]
    return [ThemeNode.from_model(t) for t in sorted(found, key=lambda t: (t.position, t.name))]


async def hold_themes(nodes: Sequence[HoldsThemes], theme_ids: Mapping[int, Sequence[int]]) -> None:
    """Give each node its themes, from their ids (node id → theme ids, read with the page) and the per-process
    reference data, in the themes' display order."""
    known = (await reference()).themes
    themes = {t.id: ThemeNode.from_model(t) for t in known}
    order = {t.id: i for i, t in enumerate(known)}
    for node in nodes:
        node.held_themes = [themes[i] for i in sorted(theme_ids[node.id], key=order.__getitem__)]


async def territory_of(info: Info, pk: int) -> TerritoryNode:
    """A RESTRICT foreign key's territory (it always exists)."""
    found = await info.context.loaders[TERRITORY].load(pk)
    assert found is not None
    return TerritoryNode.from_model(found)


@strawberry.type
class TerritoryQuery:
    @strawberry.field(description="Reference territories, by name; filter by level or parent.")
    async def territories(
        self,
        level: TerritoryLevel | None = None,
        parent_id: strawberry.ID | None = None,
    ) -> list[TerritoryNode]:
        with as_top_level():
            parent = decode_optional(parent_id, "Territory", "parentId")
        items = await service.list_territories(level if level else None, parent)
        return [TerritoryNode.from_model(t) for t in items]

    @strawberry.field(description="The themes, in their display order.")
    async def themes(self) -> list[ThemeNode]:
        return [ThemeNode.from_model(t) for t in await service.list_themes()]


DOMAIN = Domain("territories", query=TerritoryQuery)
