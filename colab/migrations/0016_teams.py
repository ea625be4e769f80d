from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from colab.actors import ProjectRole
from colab.notifications.models import NotificationKind
from colab.teams.models import ApplicationStatus, TeamRoleStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from colab.migration_ops import AlterChoicesOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0015_acting')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TeamRole',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='team_roles', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=120)),
                ('description', fields.TextField(unique=False)),
                ('skills', fields.JSONField(default=list, description='short strings ("graphisme", "comptabilité"), bounded in number and length', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('hours_per_week', fields.SmallIntField()),
                ('seats', fields.SmallIntField()),
                ('confirmed_count', fields.SmallIntField(default=0)),
                ('project_role', fields.CharEnumField(default=ProjectRole.MEMBER, description='HOLDER: HOLDER\nCO_LEAD: CO_LEAD\nMEMBER: MEMBER\nFINANCE: FINANCE', enum_type=ProjectRole, max_length=10)),
                ('status', fields.CharEnumField(default=TeamRoleStatus.OPEN, description='OPEN: OPEN\nFILLED: FILLED\nCLOSED: CLOSED', enum_type=TeamRoleStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'team_role', 'app': 'models', 'indexes': [Index(fields=['project_id', 'status'])], 'pk_attr': 'id', 'table_description': "A place in the project's team for `seats` people, never more confirmed (a conditional UPDATE takes a seat)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Application',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('role', fields.ForeignKeyField('models.TeamRole', source_field='role_id', db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.CASCADE)),
                ('project_id', fields.IntField()),
                ('applicant', fields.ForeignKeyField('models.User', source_field='applicant_id', db_constraint=True, to_field='id', related_name='team_applications', on_delete=OnDelete.CASCADE)),
                ('message', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(description='INVITED: INVITED\nSUBMITTED: SUBMITTED\nSHORTLISTED: SHORTLISTED\nACCEPTED: ACCEPTED\nCONFIRMED: CONFIRMED\nDECLINED: DECLINED\nWITHDRAWN: WITHDRAWN\nEXPIRED: EXPIRED\nREMOVED: REMOVED', enum_type=ApplicationStatus, max_length=12)),
                ('live_role_id', fields.IntField(null=True, description="the role's id while the application is live, NULL once it ended: unique with the applicant, so one live")),
                ('invited_by_id', fields.IntField(null=True)),
                ('decline_reason', fields.TextField(default='', unique=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'team_application', 'app': 'models', 'unique_together': (('live_role_id', 'applicant_id'),), 'indexes': [Index(fields=['applicant_id', 'created_at']), Index(fields=['role_id', 'status']), Index(fields=['project_id', 'status']), Index(fields=['status', 'accepted_at'])], 'pk_attr': 'id', 'table_description': "A person's application to a role (or a lead's invitation to it). Never deleted."},
            bases=['Model'],
        ),
    ]
