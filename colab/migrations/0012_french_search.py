from tortoise import migrations
from tortoise.migrations import operations as ops

from colab.search import drop_indexes, install_indexes, search_text


async def terms_and_indexes(apps, schema_editor):
    """Rewrite every challenge's and idea's `search_text` as French search terms, then index them."""
    from moderation.sanitize import plain_text

    client = schema_editor.client
    mark = "$1" if client.capabilities.dialect == "postgres" else "?"
    for table in ("challenge", "idea"):
        rows = await client.execute_query_dict(f'SELECT id, title, summary, body FROM "{table}"')
        for row in rows:
            terms = search_text(row["title"], row["summary"], plain_text(row["body"]))
            await client.execute_query(
                f'UPDATE "{table}" SET search_text = {mark} WHERE id = {mark.replace("1", "2")}', [terms, row["id"]]
            )
    await install_indexes(client)


async def drop(apps, schema_editor):
    await drop_indexes(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0011_project_team_core')]

    initial = False

    operations = [
        ops.RunPython(terms_and_indexes, reverse_code=drop),
    ]
