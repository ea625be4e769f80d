from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_french_search')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CacheGeneration',
            fields=[
                ('slot', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('n', fields.BigIntField(default=0)),
            ],
            options={'table': 'cache_generation', 'app': 'models', 'pk_attr': 'slot', 'table_description': "One of SLOTS counters whose sum is the data's generation (sharded so writers rarely wait on each other)"},
            bases=['Model'],
        ),
    ]
