from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.actors import ProjectRole
from colab.migration_ops import AlterChoicesOnly
from colab.notifications.models import NotificationKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

async def holders_on_their_teams(apps, schema_editor):
    """Every existing project's holder gets their HOLDER row (new projects get it when they open)."""
    await schema_editor.client.execute_script(
        "INSERT INTO project_member (project_id, user_id, role, created_at) "
        "SELECT id, holder_id, 'HOLDER', created_at FROM project"
    )


async def nothing(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0010_worker_and_mail')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProjectFollow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='follows', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='follows', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'project_follow', 'app': 'models', 'unique_together': (('project_id', 'user_id'),), 'indexes': [Index(fields=['user_id'])], 'pk_attr': 'id', 'table_description': 'A person following a project: told of its updates, new calls, roles and milestones.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProjectMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='project_memberships', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='HOLDER: HOLDER\nCO_LEAD: CO_LEAD\nMEMBER: MEMBER\nFINANCE: FINANCE', enum_type=ProjectRole, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'project_member', 'app': 'models', 'unique_together': (('project_id', 'user_id'),), 'indexes': [Index(fields=['user_id'])], 'pk_attr': 'id', 'table_description': "A person's role in a project's team: the holder (written when the project opens), and the people"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProjectUpdate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='updates', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='project_updates', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=120)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'project_update', 'app': 'models', 'indexes': [Index(fields=['project_id', 'created_at', 'id'])], 'pk_attr': 'id', 'table_description': "News posted by a project's team: followers (and, with funding, backers) are told, and adopted advice links"},
            bases=['Model'],
        ),
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nCONTENT_HIDDEN: CONTENT_HIDDEN\nCONTENT_RESTORED: CONTENT_RESTORED\nCONTENT_REMOVED: CONTENT_REMOVED\nAPPEAL_UPHELD: APPEAL_UPHELD\nAPPEAL_DISMISSED: APPEAL_DISMISSED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT\nPROJECT_UPDATE: PROJECT_UPDATE', enum_type=NotificationKind, max_length=30),
        ),
        ops.RunPython(holders_on_their_teams, reverse_code=nothing),
    ]
