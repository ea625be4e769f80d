from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from colab.search import install_indexes

#: list filters by theme go from the theme to its challenges and ideas (the unique (x_id, theme_id) index
#: only serves the other direction): a theme's first page and capped count, measured at 1,000,000 rows
THEME_INDEXES = (
    ("challenge_theme_by_theme", "challenge_theme", "theme_id, challenge_id"),
    ("idea_theme_by_theme", "idea_theme", "theme_id, idea_id"),
)

#: the public rows' ids (PostgreSQL): a theme's capped count merges them with the theme index, both read
#: without touching the table (10 ms → 2 ms at 1,000,000 challenges)
PUBLIC_ID_INDEXES = (
    ("challenge_public_ids", "challenge", "PUBLISHED"),
    ("idea_public_ids", "idea", "ADMITTED"),
)


async def forward(apps, schema_editor):
    """Full-text search over a stored tsvector, indexed whole and for the public rows (PostgreSQL); the
    theme indexes; the public rows' ids (PostgreSQL)."""
    client = schema_editor.client
    await install_indexes(client)
    for name, table, columns in THEME_INDEXES:
        await client.execute_script(f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" ({columns})')
    if client.capabilities.dialect == "postgres":
        for name, table, status in PUBLIC_ID_INDEXES:
            await client.execute_script(
                f"CREATE INDEX IF NOT EXISTS {name} ON \"{table}\" (id) WHERE status = '{status}'"
            )


async def backward(apps, schema_editor):
    client = schema_editor.client
    for name, _, _ in (*THEME_INDEXES, *PUBLIC_ID_INDEXES):
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")
    if client.capabilities.dialect == "postgres":
        for table in ("challenge", "idea"):
            await client.execute_script(
                f"""DROP INDEX IF EXISTS {table}_search_vector; DROP INDEX IF EXISTS {table}_search_public;
                    ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector;
                    CREATE INDEX IF NOT EXISTS {table}_search_fts ON "{table}"
                      USING GIN (to_tsvector('simple', search_text));"""
            )


class Migration(migrations.Migration):
    dependencies = [('models', '0021_notification_kinds')]

    initial = False

    operations = [
        ops.RunPython(forward, reverse_code=backward),
        # a queue page's flags: without it, a scan of every flag (37 ms at 1,000,000 items)
        ops.AddIndex(
            model_name='ReviewFlag',
            index=Index(fields=['item_id', 'score']),
        ),
    ]
