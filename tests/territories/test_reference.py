"""Reference data read once per process, dropped when it is loaded again."""

from colab.territories.models import Territory, TerritoryLevel
from colab.territories.reference import forget, reference, scope_of
from colab.territories.service import load_reference_data
from tests.conftest import SQLCounter


async def test_the_reference_data_is_read_once(db: None, sql: SQLCounter) -> None:
    forget()
    sql.reset()
    first = await reference()
    assert sql.count == 2  # territories, themes
    assert await reference() is first and sql.count == 2
    assert len(first.territories) == await Territory.all().count()


async def test_loading_the_reference_data_drops_what_was_read(db: None) -> None:
    before = await reference()
    await load_reference_data()
    assert await reference() is not before


async def test_a_province_covers_its_communes_and_the_region_everything(db: None) -> None:
    ref = await reference()
    namur = ref.by_nis["90000"]
    assert namur.level is TerritoryLevel.PROVINCE
    scope = await scope_of(namur.id)
    assert scope is not None and namur.id in scope and ref.by_nis["92094"].id in scope
    assert ref.by_nis["62063"].id not in scope
    assert await scope_of(ref.by_nis["03000"].id) is None
    assert await scope_of(10**6) == []
