from tortoise import migrations
from tortoise.migrations import operations as ops

from moderation.guards import drop_one_lease_per_moderator, install_one_lease_per_moderator


async def forward(apps, schema_editor):
    await install_one_lease_per_moderator(schema_editor.client)


async def backward(apps, schema_editor):
    await drop_one_lease_per_moderator(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0003_review_queue')]

    initial = False

    operations = [
        ops.RunPython(forward, reverse_code=backward),
    ]
