from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Challenge',
            index=Index(fields=['status', 'created_at', 'id']),
        ),
        ops.AddIndex(
            model_name='Challenge',
            index=Index(fields=['status', 'ideas_open_until']),
        ),
    ]
