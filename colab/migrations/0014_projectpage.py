from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_read_cache')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Project',
            name='cover_alt',
            field=fields.CharField(default='', description='what the cover shows, for those who do not see it (required with a cover)', max_length=300),
        ),
        ops.AddField(
            model_name='Project',
            name='cover_path',
            field=fields.CharField(null=True, description="the cover image's storage key (colab/storage.py, a random name), null without a cover", max_length=100),
        ),
        ops.AddField(
            model_name='Project',
            name='updated_at',
            field=fields.DatetimeField(null=True, description='the last time its leads edited the page (null: as admitted)', auto_now=False, auto_now_add=False),
        ),
    ]
