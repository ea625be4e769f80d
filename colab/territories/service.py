"""Territory and theme reference data: loading it, reading it, and territory filters."""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

from tortoise.transactions import in_transaction

from colab.territories.models import Territory, TerritoryLevel, Theme
from colab.territories.reference import forget, reference, scope_of

REGION_NIS = "03000"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("colab.territories").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


async def load_reference_data() -> None:
    """Insert or update the Region, its provinces, every commune and the themes (idempotent)."""
    forget()
    async with in_transaction():
        known = {t.nis_code: t for t in await Territory.all()}

        async def upsert(nis: str, **values: Any) -> Territory:
            territory = known.get(nis)
            if territory is None:
                territory = await Territory.create(nis_code=nis, **values)
                known[nis] = territory
            else:
                territory.update_from_dict(values)
                await territory.save()
            return territory

        provinces = _rows("wallonia_provinces.csv")
        region_row = next(r for r in provinces if r["nis_code"] == REGION_NIS)
        region = await upsert(
            REGION_NIS,
            name=region_row["name_fr"],
            name_nl=region_row["name_nl"],
            level=TerritoryLevel.REGION,
            parent=None,
        )
        for row in provinces:
            if row["nis_code"] != REGION_NIS:
                await upsert(
                    row["nis_code"],
                    name=row["name_fr"],
                    name_nl=row["name_nl"],
                    level=TerritoryLevel.PROVINCE,
                    parent=region,
                )
        new_communes = []
        for row in _rows("wallonia_communes.csv"):
            values = {
                "name": row["name_fr"],
                "name_nl": row["name_nl"],
                "level": TerritoryLevel.COMMUNE,
                "parent_id": known[row["province_nis"]].id,
                "inhabitants": int(row["inhabitants"]),
                "zip_code": row["zip"],
            }
            existing = known.get(row["nis_code"])
            if existing is None:
                new_communes.append(Territory(nis_code=row["nis_code"], **values))
            elif any(getattr(existing, k) != v for k, v in values.items()):
                existing.update_from_dict(values)
                await existing.save()
        if new_communes:
            await Territory.bulk_create(new_communes)
        known_themes = {t.slug: t for t in await Theme.all()}
        for position, row in enumerate(_rows("themes.csv")):
            theme = known_themes.get(row["slug"])
            if theme is None:
                await Theme.create(slug=row["slug"], name=row["name_fr"], position=position)
            elif (theme.name, theme.position) != (row["name_fr"], position):
                theme.name, theme.position = row["name_fr"], position
                await theme.save()


async def list_territories(level: TerritoryLevel | None = None, parent_id: int | None = None) -> list[Territory]:
    """Territories by name, of a level and/or within a parent (from the per-process reference data)."""
    return [
        t
        for t in (await reference()).territories
        if (level is None or t.level is level) and (parent_id is None or t.parent_id == parent_id)
    ]


async def list_themes() -> list[Theme]:
    return list((await reference()).themes)


async def territory_scope(territory_id: int) -> list[int] | None:
    """Ids a filter on this territory covers: itself and what lies within; None for the whole Region."""
    return await scope_of(territory_id)
