"""Territory and theme reference data: complete, correct, idempotent; territory filters."""

from __future__ import annotations

import pytest

from colab.territories.models import Territory, TerritoryLevel, Theme
from colab.territories.service import (
    REGION_NIS,
    list_territories,
    list_themes,
    load_reference_data,
    territory_scope,
)
from tests.conftest import territory

# facts from Statbel (../shared/data/wallonia_communes.csv): NIS code, name, province NIS code
KNOWN_COMMUNES = [
    ("92094", "Namur", "90000"),
    ("62063", "Liège", "60000"),
    ("52011", "Charleroi", "50000"),
    ("53053", "Mons", "50000"),
    ("25072", "Nivelles", "20002"),
    ("25121", "Ottignies-Louvain-la-Neuve", "20002"),
    ("81001", "Arlon", "80000"),
    ("63023", "Eupen", "60000"),
]
PROVINCES = {
    "20002": "Brabant wallon",
    "50000": "Hainaut",
    "60000": "Liège",
    "80000": "Luxembourg",
    "90000": "Namur",
}


async def test_the_region_is_loaded_once_without_parent(db: None) -> None:
    regions = await Territory.filter(level=TerritoryLevel.REGION)
    assert [(r.nis_code, r.name, r.parent_id) for r in regions] == [(REGION_NIS, "Région wallonne", None)]


async def test_the_five_provinces_belong_to_the_region(db: None) -> None:
    region = await territory(REGION_NIS)
    provinces = await Territory.filter(level=TerritoryLevel.PROVINCE)
    assert {p.nis_code: p.name for p in provinces} == PROVINCES
    assert {p.parent_id for p in provinces} == {region.id}


async def test_the_261_communes_are_loaded(db: None) -> None:
    assert await Territory.filter(level=TerritoryLevel.COMMUNE).count() == 261
    assert await Territory.all().count() == 1 + 5 + 261


@pytest.mark.parametrize(("nis", "name", "province_nis"), KNOWN_COMMUNES)
async def test_a_commune_has_its_statbel_code_name_and_province(
    db: None, nis: str, name: str, province_nis: str
) -> None:
    commune = await Territory.get(nis_code=nis).select_related("parent")
    assert commune.name == name
    assert commune.level is TerritoryLevel.COMMUNE
    assert commune.parent.nis_code == province_nis


async def test_every_commune_lies_in_the_province_its_code_names(db: None) -> None:
    # a Walloon NIS code starts with its province digit (2x Brabant wallon, 5x Hainaut, 6x Liège, ...)
    communes = await Territory.filter(level=TerritoryLevel.COMMUNE).select_related("parent")
    assert communes
    for commune in communes:
        assert commune.parent.level is TerritoryLevel.PROVINCE, commune.nis_code
        assert commune.parent.nis_code[0] == commune.nis_code[0], commune.nis_code
        assert commune.inhabitants and commune.inhabitants > 0, commune.nis_code
        assert len(commune.zip_code) == 4, commune.nis_code


async def test_the_fourteen_themes_are_loaded_in_order(db: None) -> None:
    themes = await list_themes()
    assert len(themes) == 14
    assert [t.position for t in themes] == list(range(14))
    assert (themes[0].slug, themes[0].name) == ("mobilite", "Mobilité")
    assert (themes[1].slug, themes[1].name) == ("energie", "Énergie")


async def test_loading_the_reference_data_twice_changes_nothing(db: None) -> None:
    before = sorted(await Territory.all().values_list("id", "nis_code", "name", "parent_id"))
    themes_before = sorted(await Theme.all().values_list("id", "slug", "position"))
    await load_reference_data()
    await load_reference_data()
    assert sorted(await Territory.all().values_list("id", "nis_code", "name", "parent_id")) == before
    assert sorted(await Theme.all().values_list("id", "slug", "position")) == themes_before


async def test_loading_the_reference_data_repairs_an_edited_row(db: None) -> None:
    await Territory.filter(nis_code="92094").update(name="Namen")
    await Theme.filter(slug="energie").update(name="Energie", position=99)
    await load_reference_data()
    assert (await territory("92094")).name == "Namur"
    assert [t.slug for t in await list_themes()][1] == "energie"


async def test_list_territories_by_level_and_parent(db: None) -> None:
    namur = await territory("90000")
    provinces = await list_territories(level=TerritoryLevel.PROVINCE)
    assert [p.name for p in provinces] == sorted(PROVINCES.values())
    communes = await list_territories(parent_id=namur.id)
    assert len(communes) == 38
    assert "Namur" in [c.name for c in communes]


async def test_the_scope_of_a_province_is_itself_and_its_communes(db: None) -> None:
    province = await territory("90000")
    scope = await territory_scope(province.id)
    assert scope is not None
    communes = await Territory.filter(parent_id=province.id).values_list("id", flat=True)
    assert sorted(scope) == sorted([province.id, *communes])
    assert (await territory("92094")).id in scope
    assert (await territory("62063")).id not in scope


async def test_the_scope_of_the_region_is_everything(db: None) -> None:
    assert await territory_scope((await territory(REGION_NIS)).id) is None


async def test_the_scope_of_a_commune_is_itself(db: None) -> None:
    commune = await territory("52011")
    assert await territory_scope(commune.id) == [commune.id]


async def test_the_scope_of_an_unknown_territory_is_empty(db: None) -> None:
    assert await territory_scope(999_999) == []
