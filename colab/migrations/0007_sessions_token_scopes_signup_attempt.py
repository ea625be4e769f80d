from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.notifications.models import NotificationKind
from tortoise.fields.base import OnDelete
from tortoise import fields

from colab.migration_ops import AlterChoicesOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0006_partnership_requests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'user_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A web session, kept on the server so that log-out, a password change or a block ends it for good.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiToken',
            name='scopes',
            field=fields.CharField(default='read contribute moderate admin', max_length=200),
        ),
        # a new enum member: the VARCHAR column is unchanged (a plain AlterField rebuilds SQLite tables)
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT', enum_type=NotificationKind, max_length=30),
        ),
    ]
