"""Migrations: committed ones match the models, and applying them builds the reference data, idempotently."""

from pathlib import Path

from tortoise import Tortoise, connections
from tortoise.indexes import Index
from tortoise.migrations.api import migrate as apply_migrations

from colab.accounts.models import User
from colab.challenges.models import Challenge, ChallengeStatus
from colab.db import migrate, pending_model_changes, tortoise_config
from colab.organizations.models import Organization, OrganizationKind
from colab.partnership.models import PartnershipRequest
from colab.territories.models import Territory, TerritoryLevel, Theme
from colab.territories.service import load_reference_data
from colab.validation import utcnow
from tests.fresh_database import fresh_database


async def test_committed_migrations_match_the_models() -> None:
    assert await pending_model_changes() == [], "models changed: run `colab makemigrations`"


async def _counts(url: str) -> dict[str, int]:
    await Tortoise.init(config=tortoise_config(url))
    try:
        return {
            "region": await Territory.filter(level=TerritoryLevel.REGION).count(),
            "provinces": await Territory.filter(level=TerritoryLevel.PROVINCE).count(),
            "communes": await Territory.filter(level=TerritoryLevel.COMMUNE).count(),
            "themes": await Theme.all().count(),
        }
    finally:
        await Tortoise.close_connections()


async def test_migrating_a_fresh_database_twice_loads_the_reference_data_once(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        first = await _counts(url)
        await migrate(url)
        assert first == {"region": 1, "provinces": 5, "communes": 261, "themes": 14}
        assert await _counts(url) == first


async def _index_columns(table: str) -> set[tuple[str, ...]]:
    """The column lists of every index on `table`, as the database has them."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        rows = await connection.execute_query_dict(
            """SELECT array_agg(a.attname ORDER BY k.ord) AS columns
               FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
               CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
               WHERE t.relname = $1 GROUP BY x.indexrelid""",
            [table],
        )
        return {tuple(r["columns"]) for r in rows}
    found = set()
    for index in await connection.execute_query_dict(f"PRAGMA index_list('{table}')"):
        info = await connection.execute_query_dict(f"PRAGMA index_info('{index['name']}')")
        found.add(tuple(c["name"] for c in sorted(info, key=lambda c: c["seqno"])))
    return found


def _declared_indexes() -> dict[str, set[tuple[str, ...]]]:
    """What the models ask for: Meta.indexes and db_index fields, as column lists per table."""
    wanted: dict[str, set[tuple[str, ...]]] = {}
    for model in Tortoise.apps["models"].values():
        meta = model._meta
        columns = meta.fields_db_projection
        table = wanted.setdefault(meta.db_table, set())
        for index in meta.indexes:
            names = index.fields if isinstance(index, Index) else index
            table.add(tuple(columns.get(name, name) for name in names))
        for name, field in meta.fields_map.items():
            if getattr(field, "index", False) and not field.pk and name in columns:
                table.add((columns[name],))
    return wanted


async def test_every_declared_index_exists_after_the_migrations(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        await Tortoise.init(config=tortoise_config(url))
        try:
            missing = {
                table: sorted(wanted - await _index_columns(table)) for table, wanted in _declared_indexes().items()
            }
        finally:
            await Tortoise.close_connections()
    assert {table: m for table, m in missing.items() if m} == {}
    assert ("status", "created_at", "id") in _declared_indexes()["challenge"]


async def test_upgrading_a_database_with_challenges_keeps_their_themes_and_indexes(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        config = tortoise_config(url)
        await apply_migrations(config=config, target="models.0002_challenge_list_indexes")
        await Tortoise.close_connections()
        await Tortoise.init(config=config)
        try:
            await load_reference_data()
            connection = connections.get("default")
            before = await _index_columns("challenge")
            user = await User.create(email="a@exemple.be", display_name="A", password_hash="x")
            org = await Organization.create(
                name="Ville de Namur", slug="ville-de-namur", kind=OrganizationKind.COMMUNE, verified=True
            )
            namur = await Territory.get(nis_code="92094")
            challenge = await Challenge.create(
                organization=org,
                author=user,
                title="Des vélos",
                summary="Un résumé",
                body="<p>Corps</p>",
                territory=namur,
                status=ChallengeStatus.PUBLISHED,
                ideas_open_until=utcnow(),
                search_text="velos",
            )
            await challenge.themes.add(*await Theme.all().limit(2))
        finally:
            await Tortoise.close_connections()
        await migrate(url)
        await Tortoise.init(config=config)
        try:
            connection = connections.get("default")
            links = await connection.execute_query_dict("SELECT count(*) AS n FROM challenge_theme")
            assert links[0]["n"] == 2
            assert before <= await _index_columns("challenge")
            assert (await Challenge.get(id=challenge.id)).status is ChallengeStatus.PUBLISHED
        finally:
            await Tortoise.close_connections()


async def test_upgrading_keeps_notifications_with_the_subject_their_link_named(tmp_path: Path) -> None:
    async with fresh_database(tmp_path) as url:
        config = tortoise_config(url)
        await apply_migrations(config=config, target="models.0007_sessions_token_scopes_signup_attempt")
        await Tortoise.close_connections()
        await Tortoise.init(config=config)
        try:
            connection = connections.get("default")
            user = await User.create(email="a@exemple.be", display_name="A", password_hash="x")
            marks = "$1, $2, $3, $4, $5" if connection.capabilities.dialect == "postgres" else "?, ?, ?, ?, ?"
            request = await PartnershipRequest.create(
                organization_name="Commune de Gesves",
                kind=OrganizationKind.COMMUNE,
                contact_name="Anne",
                email="anne@gesves.be",
                message="Nous voulons rejoindre le laboratoire.",
                source="test",
            )
            for kind, title, link in (
                ("IDEA_ADMITTED", "Un titre", "/projets/4"),
                ("IDEA_REJECTED", "Un titre", "/idees/7"),
                (
                    "PARTNERSHIP_REQUEST",
                    "Une institution veut rejoindre le Colab : Commune de Gesves",
                    "/institutions/demandes",
                ),
                ("IDEA_REJECTED", "Un titre", "/ailleurs"),
            ):
                await connection.execute_query(
                    "INSERT INTO notification (user_id, kind, title, message, link, created_at)"
                    f" VALUES ({marks}, CURRENT_TIMESTAMP)",
                    [user.id, kind, title, "", link],
                )
        finally:
            await Tortoise.close_connections()
        await migrate(url)
        await Tortoise.init(config=config)
        try:
            rows = await connections.get("default").execute_query_dict(
                "SELECT kind, subject_type, subject_id, event_id FROM notification ORDER BY id"
            )
            assert [tuple(r.values()) for r in rows] == [
                ("IDEA_ADMITTED", "project", 4, None),
                ("IDEA_REJECTED", "idea", 7, None),
                ("PARTNERSHIP_REQUEST", "partnership_request", request.id, None),
            ]
            assert {("user_id", "read_at"), ("user_id", "created_at", "id")} <= await _index_columns("notification")
        finally:
            await Tortoise.close_connections()
