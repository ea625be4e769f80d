from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from colab.events.models import DeliveryStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_review_kinds_reports_appeals')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ConsumerStart',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('from_event_id', fields.IntField()),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'event_consumer', 'app': 'models', 'pk_attr': 'name', 'table_description': 'A consumer the worker has seen: the first time, it replays the outbox from `from_event_id`.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consumer', fields.CharField(max_length=40)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: PENDING\nDONE: DONE\nPARKED: PARKED', enum_type=DeliveryStatus, max_length=8)),
                ('attempts', fields.IntField(default=0, description='claims so far (a claim counts before the consumer runs, so a consumer that kills its worker is parked too)')),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('locked_until', fields.DatetimeField(null=True, description='a worker holds the delivery until then (past it, another worker may take it again)', auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'event_delivery', 'app': 'models', 'unique_together': (('consumer', 'event_id'),), 'indexes': [Index(fields=['status', 'event_id'])], 'pk_attr': 'id', 'table_description': 'One event for one after-commit consumer: written with the event (or by a replay), claimed by a worker'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EmailPreference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='email_preference', on_delete=OnDelete.CASCADE)),
                ('enabled', fields.BooleanField(default=True, description='off: no notification by email at all, whatever the kinds')),
                ('kinds', fields.JSONField(default=list, description='NotificationKind values', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'email_preference', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Which notifications a person also receives by email (no row: DEFAULT_EMAIL_KINDS).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JobRun',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('next_run_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_run_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'worker_job', 'app': 'models', 'pk_attr': 'name', 'table_description': "A timed job's schedule: a worker runs it when `next_run_at` is past, moving it on first (one run per period)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SentMail',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, description='the message\'s idempotency key, e.g. "notification:12" or "event:40:user:7"', max_length=80)),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sent_mail', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
