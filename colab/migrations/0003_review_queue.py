from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.challenges.models import ChallengeStatus
from colab.ideas.models import IdeaStatus
from colab.notifications.models import NotificationKind
from moderation.models import Decision, FlagCode, LogAction, ReasonCode, ReviewStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from moderation.guards import install_append_only_log
from colab.migration_ops import AlterLengthOnly
from enum import Enum


class ReviewKind(str, Enum):
    """The two kinds the queue knew when this migration was written (kinds are registrations since 0009)."""

    IDEA = "IDEA"
    CHALLENGE = "CHALLENGE"


async def append_only_log(apps, schema_editor):
    await install_append_only_log(schema_editor.client)

class Migration(migrations.Migration):
    dependencies = [('models', '0002_challenge_list_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Idea',
            fields=[
                ('needs_funds', fields.BooleanField(default=False)),
                ('needs_team', fields.BooleanField(default=False)),
                ('needs_advice', fields.BooleanField(default=False)),
                ('needs_hands', fields.BooleanField(default=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='ideas', on_delete=OnDelete.RESTRICT)),
                ('challenge', fields.ForeignKeyField('models.Challenge', source_field='challenge_id', null=True, db_constraint=True, to_field='id', related_name='ideas', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=120)),
                ('summary', fields.CharField(max_length=300)),
                ('body', fields.TextField(unique=False)),
                ('territory', fields.ForeignKeyField('models.Territory', source_field='territory_id', db_constraint=True, to_field='id', related_name='ideas', on_delete=OnDelete.RESTRICT)),
                ('themes', fields.ManyToManyField('models.Theme', unique=True, db_constraint=True, through='idea_theme', forward_key='theme_id', backward_key='idea_id', related_name='ideas', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=IdeaStatus.DRAFT, description='DRAFT: DRAFT\nSUBMITTED: SUBMITTED\nCHANGES_REQUESTED: CHANGES_REQUESTED\nADMITTED: ADMITTED\nREJECTED: REJECTED\nWITHDRAWN: WITHDRAWN', enum_type=IdeaStatus, max_length=20)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'idea', 'app': 'models', 'indexes': [Index(fields=['status', 'decided_at', 'id']), Index(fields=['author_id', 'created_at']), Index(fields=['challenge_id', 'status'])], 'pk_attr': 'id'},
            bases=['WithNeeds'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED', enum_type=NotificationKind, max_length=30)),
                ('title', fields.CharField(max_length=200)),
                ('message', fields.TextField(default='', unique=False)),
                ('link', fields.CharField(default='', max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['user_id', 'read_at']), Index(fields=['user_id', 'created_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Project',
            fields=[
                ('needs_funds', fields.BooleanField(default=False)),
                ('needs_team', fields.BooleanField(default=False)),
                ('needs_advice', fields.BooleanField(default=False)),
                ('needs_hands', fields.BooleanField(default=False)),
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('idea', fields.OneToOneField('models.Idea', source_field='idea_id', db_constraint=True, to_field='id', related_name='project', on_delete=OnDelete.RESTRICT)),
                ('challenge', fields.ForeignKeyField('models.Challenge', source_field='challenge_id', null=True, db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.RESTRICT)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.RESTRICT)),
                ('holder', fields.ForeignKeyField('models.User', source_field='holder_id', db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.RESTRICT)),
                ('territory', fields.ForeignKeyField('models.Territory', source_field='territory_id', db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=120)),
                ('summary', fields.CharField(max_length=300)),
                ('story', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'project', 'app': 'models', 'indexes': [Index(fields=['created_at', 'id'])], 'pk_attr': 'id'},
            bases=['WithNeeds'],
        ),
        ops.CreateModel(
            name='ReviewItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='IDEA: IDEA\nCHALLENGE: CHALLENGE', enum_type=ReviewKind, max_length=12)),
                ('subject_id', fields.IntField()),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='review_items', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=120)),
                ('status', fields.CharEnumField(default=ReviewStatus.PENDING, description='PENDING: PENDING\nDECIDED: DECIDED\nWITHDRAWN: WITHDRAWN', enum_type=ReviewStatus, max_length=12)),
                ('priority', fields.IntField(default=0, description="the sum of the automatic flags' scores: flagged items come first")),
                ('queue_rank', fields.IntField(default=0, description="minus the priority: the queue's order (priority first, then age) is one all-ascending index scan")),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('claimed_by', fields.ForeignKeyField('models.User', source_field='claimed_by_id', null=True, db_constraint=True, to_field='id', related_name='claimed_reviews', on_delete=OnDelete.RESTRICT)),
                ('lease_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='decided_reviews', on_delete=OnDelete.RESTRICT)),
                ('decision', fields.CharEnumField(null=True, description='ADMIT: ADMIT\nREQUEST_CHANGES: REQUEST_CHANGES\nREJECT: REJECT', enum_type=Decision, max_length=16)),
                ('reason', fields.CharEnumField(null=True, description='DUPLICATE: DUPLICATE\nOFF_TOPIC: OFF_TOPIC\nINCOMPLETE: INCOMPLETE\nNOT_IN_WALLONIA: NOT_IN_WALLONIA\nADVERTISING: ADVERTISING\nOFFENSIVE: OFFENSIVE\nILLEGAL: ILLEGAL\nOTHER: OTHER', enum_type=ReasonCode, max_length=16)),
                ('message', fields.TextField(default='', unique=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'review_item', 'app': 'models', 'indexes': [Index(fields=['status', 'queue_rank', 'submitted_at', 'id']), Index(fields=['lease_expires_at']), Index(fields=['kind', 'subject_id']), Index(fields=['author_id', 'status']), Index(fields=['status', 'decided_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ModerationLogEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('action', fields.CharEnumField(description='SUBMITTED: SUBMITTED\nCLAIMED: CLAIMED\nRENEWED: RENEWED\nRELEASED: RELEASED\nEXPIRED: EXPIRED\nDECIDED: DECIDED\nWITHDRAWN: WITHDRAWN', enum_type=LogAction, max_length=12)),
                ('item', fields.ForeignKeyField('models.ReviewItem', source_field='item_id', db_constraint=True, to_field='id', related_name='log', on_delete=OnDelete.RESTRICT)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', description='who acted: the moderator, the author (submitted, withdrawn), the holder whose lease expired', db_constraint=True, to_field='id', related_name='moderation_acts', on_delete=OnDelete.RESTRICT)),
                ('decision', fields.CharEnumField(null=True, description='ADMIT: ADMIT\nREQUEST_CHANGES: REQUEST_CHANGES\nREJECT: REJECT', enum_type=Decision, max_length=16)),
                ('reason', fields.CharEnumField(null=True, description='DUPLICATE: DUPLICATE\nOFF_TOPIC: OFF_TOPIC\nINCOMPLETE: INCOMPLETE\nNOT_IN_WALLONIA: NOT_IN_WALLONIA\nADVERTISING: ADVERTISING\nOFFENSIVE: OFFENSIVE\nILLEGAL: ILLEGAL\nOTHER: OTHER', enum_type=ReasonCode, max_length=16)),
                ('message', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'moderation_log', 'app': 'models', 'indexes': [Index(fields=['at', 'id']), Index(fields=['item_id', 'at'])], 'pk_attr': 'id', 'table_description': 'One act on the queue, append-only: the model refuses edits, database triggers refuse the rest.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReviewFlag',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.ReviewItem', source_field='item_id', db_constraint=True, to_field='id', related_name='flags', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharEnumField(description='MANY_LINKS: MANY_LINKS\nBLOCKED_WORDS: BLOCKED_WORDS\nSHORT_BODY: SHORT_BODY\nPROBABLE_DUPLICATE: PROBABLE_DUPLICATE\nNEW_ACCOUNT: NEW_ACCOUNT', enum_type=FlagCode, max_length=20)),
                ('score', fields.IntField()),
                ('detail', fields.CharField(default='', max_length=300)),
            ],
            options={'table': 'review_flag', 'app': 'models', 'indexes': [Index(fields=['code', 'item_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AlterLengthOnly(  # not ops.AlterField: on SQLite that rebuilds the table and loses its indexes
            model_name='Challenge',
            name='status',
            field=fields.CharEnumField(db_index=True, description='PENDING_REVIEW: PENDING_REVIEW\nCHANGES_REQUESTED: CHANGES_REQUESTED\nPUBLISHED: PUBLISHED\nREJECTED: REJECTED\nCLOSED: CLOSED', enum_type=ChallengeStatus, max_length=20),
        ),
        ops.RunPython(append_only_log),
    ]
