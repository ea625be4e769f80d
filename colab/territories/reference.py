"""Territories and themes, read once per process: reference data only `colab migrate` writes.

Every filtered list asked the database for a province's communes, every form and list page read the 262
territories, every challenge card its territory: the same rows each time. They are loaded on first use and
kept; `load_reference_data` (the only writer) drops them, and so does each test's fresh database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from colab.territories.models import Territory, TerritoryLevel, Theme


@dataclass(frozen=True)
class Reference:
    #: in the database's name order
    territories: list[Territory]
    by_id: dict[int, Territory]
    by_nis: dict[str, Territory]
    children: dict[int, list[Territory]] = field(default_factory=dict)
    #: in their display order
    themes: list[Theme] = field(default_factory=list)
    themes_by_id: dict[int, Theme] = field(default_factory=dict)


_cache: dict[str, Reference] = {}
_lock = asyncio.Lock()


async def _load() -> Reference:
    territories = await Territory.all().order_by("name")
    themes = await Theme.all().order_by("position", "name")
    children: dict[int, list[Territory]] = {}
    for t in territories:
        if t.parent_id is not None:
            children.setdefault(t.parent_id, []).append(t)
    return Reference(
        territories=territories,
        by_id={t.id: t for t in territories},
        by_nis={t.nis_code: t for t in territories},
        children=children,
        themes=themes,
        themes_by_id={t.id: t for t in themes},
    )


async def reference() -> Reference:
    """The reference data (shared, read-only: never change what it returns)."""
    found = _cache.get("data")
    if found is None:
        async with _lock:
            found = _cache.get("data")
            if found is None:
                found = _cache["data"] = await _load()
    return found


def forget() -> None:
    """Read the reference data again on next use (after loading it, or with another database)."""
    _cache.clear()


async def territories_by_id(ids: Sequence[int]) -> dict[int, Territory]:
    known = (await reference()).by_id
    return {i: known[i] for i in ids if i in known}


async def scope_of(territory_id: int) -> list[int] | None:
    """Ids a filter on this territory covers: itself and what lies within; None for the whole Region."""
    ref = await reference()
    territory = ref.by_id.get(territory_id)
    if territory is None:
        return []
    if territory.level is TerritoryLevel.REGION:
        return None
    return [territory.id, *(c.id for c in ref.children.get(territory.id, []))]


async def themes_by_id(ids: Sequence[int]) -> dict[int, Theme]:
    known = (await reference()).themes_by_id
    return {i: known[i] for i in ids if i in known}
