from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.advice.models import AdviceKind, AdviceStatus, CredentialStatus
from colab.migration_ops import AlterChoicesOnly
from colab.notifications.models import NotificationKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0016_teams')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Advice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='advice', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='advice', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='ADVICE: ADVICE\nQUESTION: QUESTION\nRESOURCE: RESOURCE\nEXPERTISE_OFFER: EXPERTISE_OFFER', enum_type=AdviceKind, max_length=16)),
                ('body', fields.TextField(unique=False)),
                ('url', fields.CharField(default='', description='a link (RESOURCE), http or https only', max_length=500)),
                ('parent', fields.ForeignKeyField('models.Advice', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='replies', on_delete=OnDelete.CASCADE)),
                ('helpful_count', fields.IntField(default=0)),
                ('open_question', fields.BooleanField(default=False, description="an unanswered question: listed first (kept by the service, so the page's order is an index scan)")),
                ('status', fields.CharEnumField(default=AdviceStatus.OPEN, description='OPEN: OPEN\nACKNOWLEDGED: ACKNOWLEDGED\nADOPTED: ADOPTED\nPARTLY_ADOPTED: PARTLY_ADOPTED\nDECLINED: DECLINED', enum_type=AdviceStatus, max_length=16)),
                ('response_reason', fields.TextField(default='', unique=False)),
                ('responded_by', fields.ForeignKeyField('models.User', source_field='responded_by_id', null=True, db_constraint=True, to_field='id', related_name='advice_answered', on_delete=OnDelete.SET_NULL)),
                ('responded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('update', fields.ForeignKeyField('models.ProjectUpdate', source_field='update_id', null=True, db_constraint=True, to_field='id', related_name='adopted_advice', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'advice', 'app': 'models', 'indexes': [Index(fields=['project_id', 'parent_id', 'open_question', 'helpful_count', 'created_at']), Index(fields=['parent_id', 'created_at']), Index(fields=['author_id'])], 'pk_attr': 'id', 'table_description': "A person's advice, question, resource or expertise offer on a project, or a reply to one (one level)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExpertCredential',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='expert_credentials', on_delete=OnDelete.CASCADE)),
                ('theme', fields.ForeignKeyField('models.Theme', source_field='theme_id', db_constraint=True, to_field='id', related_name='expert_credentials', on_delete=OnDelete.RESTRICT)),
                ('evidence', fields.TextField(unique=False)),
                ('evidence_url', fields.CharField(default='', max_length=500)),
                ('status', fields.CharEnumField(default=CredentialStatus.REQUESTED, description='REQUESTED: REQUESTED\nGRANTED: GRANTED\nREFUSED: REFUSED', enum_type=CredentialStatus, max_length=10)),
                ('granted_by', fields.ForeignKeyField('models.User', source_field='granted_by_id', null=True, db_constraint=True, to_field='id', related_name='credentials_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'expert_credential', 'app': 'models', 'indexes': [Index(fields=['user_id', 'status', 'expires_at']), Index(fields=['theme_id', 'status'])], 'pk_attr': 'id', 'table_description': 'A person recognized by the moderators as an expert of one theme, with evidence and an expiry.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HelpfulVote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('advice', fields.ForeignKeyField('models.Advice', source_field='advice_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('voter', fields.ForeignKeyField('models.User', source_field='voter_id', db_constraint=True, to_field='id', related_name='helpful_votes', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'helpful_vote', 'app': 'models', 'unique_together': (('advice_id', 'voter_id'),), 'indexes': [Index(fields=['voter_id'])], 'pk_attr': 'id', 'table_description': 'One person found one piece of advice helpful (one vote each, undoable).'},
            bases=['Model'],
        ),
    ]
