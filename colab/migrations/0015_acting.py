from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from colab.acting.models import CallStatus, CancelReason, PledgeStatus
from colab.migration_ops import AlterChoicesOnly
from colab.notifications.models import NotificationKind
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0014_projectpage')]

    initial = False

    operations = [
        ops.CreateModel(
            name='VolunteerCall',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='volunteer_calls', on_delete=OnDelete.RESTRICT)),
                ('series_id', fields.IntField(null=True)),
                ('title', fields.CharField(max_length=120)),
                ('description', fields.TextField(unique=False)),
                ('commune', fields.ForeignKeyField('models.Territory', source_field='commune_id', db_constraint=True, to_field='id', related_name='volunteer_calls', on_delete=OnDelete.RESTRICT)),
                ('province_id', fields.IntField(null=True, description="the commune's province, copied so the lab-wide list filters by province on one indexed column")),
                ('meeting_point', fields.CharField(max_length=200)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('capacity', fields.IntField()),
                ('confirmed_count', fields.IntField(default=0, description='places held (CONFIRMED + OFFERED pledges): only conditional UPDATEs move it, never above `capacity`')),
                ('waitlist_seq', fields.IntField(default=0, description='the last waitlist position given (positions grow in arrival order)')),
                ('threshold', fields.IntField(null=True)),
                ('threshold_deadline', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=CallStatus.OPEN, description='OPEN: OPEN\nACTIVATED: ACTIVATED\nCALLED_OFF: CALLED_OFF\nDONE: DONE', enum_type=CallStatus, max_length=12)),
                ('skills', fields.JSONField(default=list, description='folded tags (colab.acting.service.clean_skills)', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('skills_text', fields.CharField(default='', description='the same tags as "|tag|tag|", so "wants this skill" is one text match on every database', max_length=400)),
                ('what_to_bring', fields.CharField(default='', max_length=300)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='volunteer_calls', on_delete=OnDelete.RESTRICT)),
                ('version', fields.IntField(default=1, description='bumped when the call is moved: reminders and confirmations are per version')),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_call', 'app': 'models', 'indexes': [Index(fields=['starts_at', 'id']), Index(fields=['project_id', 'starts_at']), Index(fields=['province_id', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'One occurrence of an action on the ground: a weekly series shares `series_id` (the first occurrence id).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TimePledge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('call', fields.ForeignKeyField('models.VolunteerCall', source_field='call_id', db_constraint=True, to_field='id', related_name='pledges', on_delete=OnDelete.RESTRICT)),
                ('volunteer', fields.ForeignKeyField('models.User', source_field='volunteer_id', db_constraint=True, to_field='id', related_name='time_pledges', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(description='CONFIRMED: CONFIRMED\nWAITLISTED: WAITLISTED\nOFFERED: OFFERED\nCANCELLED: CANCELLED\nATTENDED: ATTENDED\nNO_SHOW: NO_SHOW\nEXCUSED: EXCUSED', enum_type=PledgeStatus, max_length=12)),
                ('position', fields.IntField(null=True, description="the call's waitlist_seq when the volunteer was waitlisted (kept afterwards, for the record)")),
                ('offer_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reconfirm', fields.BooleanField(default=False, description="an OFFERED place that is the volunteer's own, to confirm again after the call moved")),
                ('cancel_reason', fields.CharEnumField(null=True, description='VOLUNTEER: VOLUNTEER\nOFFER_DECLINED: OFFER_DECLINED\nOFFER_EXPIRED: OFFER_EXPIRED\nCALLED_OFF: CALLED_OFF', enum_type=CancelReason, max_length=16)),
                ('late', fields.BooleanField(default=False)),
                ('minutes_credited', fields.IntField(default=0, description="credited when the team marks ATTENDED (the call's length), in minutes")),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'time_pledge', 'app': 'models', 'indexes': [Index(fields=['call_id', 'status', 'position']), Index(fields=['volunteer_id', 'status'])], 'pk_attr': 'id', 'table_description': "A volunteer's pledge of time to one call, never deleted (its status tells its story)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PledgeReminder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pledge', fields.ForeignKeyField('models.TimePledge', source_field='pledge_id', db_constraint=True, to_field='id', related_name='reminders', on_delete=OnDelete.CASCADE)),
                ('call_version', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pledge_reminder', 'app': 'models', 'unique_together': (('pledge_id', 'call_version'),), 'pk_attr': 'id', 'table_description': 'A reminder sent for one pledge and one version of its call: the unique pair makes it once, restarts or not.'},
            bases=['Model'],
        ),
    ]
