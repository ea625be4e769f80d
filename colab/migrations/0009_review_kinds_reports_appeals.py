from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.notifications.models import NotificationKind
from moderation.models import Decision, HiddenBy, ReportReason, Visibility
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from colab.migration_ops import AlterLengthOnly


async def recuse_authors(apps, schema_editor):
    """Pending items queued before recusals existed: their authors may not pick them."""
    await schema_editor.client.execute_script(
        "INSERT INTO review_recusal (item_id, user_id) SELECT id, author_id FROM review_item WHERE status = 'PENDING'"
    )


async def nothing(apps, schema_editor):
    return None

class Migration(migrations.Migration):
    dependencies = [('models', '0008_notification_subjects')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Appeal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(description='the subject appealed for (the kind and id of the decided item)', max_length=12)),
                ('subject_id', fields.IntField()),
                ('decided_item', fields.ForeignKeyField('models.ReviewItem', source_field='decided_item_id', db_constraint=True, to_field='id', related_name='appeals', on_delete=OnDelete.RESTRICT)),
                ('appellant', fields.ForeignKeyField('models.User', source_field='appellant_id', db_constraint=True, to_field='id', related_name='appeals', on_delete=OnDelete.RESTRICT)),
                ('message', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharEnumField(null=True, description='ADMIT: ADMIT\nREQUEST_CHANGES: REQUEST_CHANGES\nREJECT: REJECT', enum_type=Decision, max_length=16)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'appeal', 'app': 'models', 'unique_together': (('kind', 'subject_id'),), 'indexes': [Index(fields=['appellant_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'An author contests a decision on their subject, once per subject: another moderator decides it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReportedContent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=12)),
                ('subject_id', fields.IntField()),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='reported_content', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=120)),
                ('visibility', fields.CharEnumField(default=Visibility.VISIBLE, description='VISIBLE: VISIBLE\nHIDDEN: HIDDEN\nREMOVED: REMOVED', enum_type=Visibility, max_length=8)),
                ('hidden_by', fields.CharEnumField(null=True, description='RULE: RULE\nMODERATOR: MODERATOR', enum_type=HiddenBy, max_length=10)),
                ('hidden_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reports', fields.IntField(default=0, description='every report, and those from accounts old enough to count toward hiding it automatically')),
                ('counted_reports', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'reported_content', 'app': 'models', 'unique_together': (('kind', 'subject_id'),), 'indexes': [Index(fields=['kind', 'visibility', 'subject_id'])], 'pk_attr': 'id', 'table_description': 'One piece of public content people reported: its tally and whether it is hidden (one row per subject).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContentReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('content', fields.ForeignKeyField('models.ReportedContent', source_field='content_id', db_constraint=True, to_field='id', related_name='report_rows', on_delete=OnDelete.RESTRICT)),
                ('reporter', fields.ForeignKeyField('models.User', source_field='reporter_id', db_constraint=True, to_field='id', related_name='reports_made', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.CharEnumField(description='SPAM: SPAM\nOFFENSIVE: OFFENSIVE\nILLEGAL: ILLEGAL\nMISLEADING: MISLEADING\nPERSONAL_DATA: PERSONAL_DATA\nOTHER: OTHER', enum_type=ReportReason, max_length=16)),
                ('text', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'content_report', 'app': 'models', 'unique_together': (('content_id', 'reporter_id'),), 'pk_attr': 'id', 'table_description': 'A report by one person on one piece of content (the database allows one per person and content).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReviewRecusal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.ReviewItem', source_field='item_id', db_constraint=True, to_field='id', related_name='recusals', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='recusals', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'review_recusal', 'app': 'models', 'unique_together': (('item_id', 'user_id'),), 'indexes': [Index(fields=['user_id', 'item_id'])], 'pk_attr': 'id', 'table_description': 'Who may not review an item, as its subject said when it was queued: the pick of the next item skips them.'},
            bases=['Model'],
        ),
        # the column stays VARCHAR(12); only the model's field changes (an enum became a registered kind)
        AlterLengthOnly(
            model_name='ReviewItem',
            name='kind',
            field=fields.CharField(description='a kind registered in moderation.registry (IDEA, CHALLENGE, REPORT, APPEAL, ...)', max_length=12),
        ),
        # only the enum's values change: the column stays VARCHAR(30) (no SQLite table rebuild)
        AlterLengthOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nCONTENT_HIDDEN: CONTENT_HIDDEN\nCONTENT_RESTORED: CONTENT_RESTORED\nCONTENT_REMOVED: CONTENT_REMOVED\nAPPEAL_UPHELD: APPEAL_UPHELD\nAPPEAL_DISMISSED: APPEAL_DISMISSED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT', enum_type=NotificationKind, max_length=30),
        ),
        ops.RunPython(recuse_authors, reverse_code=nothing),
    ]
