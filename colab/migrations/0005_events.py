from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_one_lease_per_moderator')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(description='the event\'s type, e.g. "idea.submitted"', max_length=60)),
                ('subject_type', fields.CharField(description='what the event is about, e.g. ("idea", 12)', max_length=30)),
                ('subject_id', fields.IntField()),
                ('actor_id', fields.IntField(null=True, description='who acted (null for the lab itself: the worker, a timed job)')),
                ('payload', fields.JSONField(default=dict, description='the facts the consumers need, JSON-safe', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('public', fields.BooleanField(default=False, description='may appear in public activity feeds (carries no private data)')),
                ('challenge_id', fields.IntField(null=True, description='the challenge and the project the event belongs to, for their activity feeds')),
                ('project_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'event', 'app': 'models', 'indexes': [Index(fields=['subject_type', 'subject_id', 'id']), Index(fields=['public', 'id']), Index(fields=['challenge_id', 'id']), Index(fields=['project_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
