from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.notifications.models import NotificationKind
from colab.organizations.models import OrganizationKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from colab.migration_ops import AlterChoicesOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0005_events')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PartnershipRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization_name', fields.CharField(max_length=120)),
                ('kind', fields.CharEnumField(null=True, description='COMMUNE: COMMUNE\nPROVINCE: PROVINCE\nREGION: REGION\nPUBLIC_AGENCY: PUBLIC_AGENCY\nINNOVATION_HUB: INNOVATION_HUB\nINCUBATOR: INCUBATOR\nUNIVERSITY: UNIVERSITY\nASSOCIATION: ASSOCIATION\nCOMPANY: COMPANY', enum_type=OrganizationKind, max_length=20)),
                ('contact_name', fields.CharField(max_length=80)),
                ('email', fields.CharField(max_length=254)),
                ('message', fields.TextField(unique=False)),
                ('sender', fields.ForeignKeyField('models.User', source_field='sender_id', null=True, description='the account that sent it, if the sender was logged in', db_constraint=True, to_field='id', related_name='partnership_requests', on_delete=OnDelete.SET_NULL)),
                ('source', fields.CharField(description="a keyed hash of the sender's network address, to limit how often one source writes (never the address)", max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('handled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('handled_by', fields.ForeignKeyField('models.User', source_field='handled_by_id', null=True, db_constraint=True, to_field='id', related_name='handled_partnership_requests', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'partnership_request', 'app': 'models', 'indexes': [Index(fields=['source', 'created_at']), Index(fields=['email', 'created_at']), Index(fields=['handled_at', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        # a new notification kind (PARTNERSHIP_REQUEST): nothing changes in the database
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST', enum_type=NotificationKind, max_length=30),
        ),
    ]
