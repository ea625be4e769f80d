from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.notifications.models import NotificationKind
from colab.payments.models import LineStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from colab.migration_ops import AlterChoicesOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0013_funding')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BankStatement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('statement_id', fields.CharField(max_length=35)),
                ('account_iban', fields.CharField(max_length=34)),
                ('message_id', fields.CharField(default='', max_length=35)),
                ('version', fields.CharField(default='', max_length=20)),
                ('imported_by_id', fields.IntField(null=True)),
                ('lines_count', fields.IntField(default=0)),
                ('matched_count', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'bank_statement', 'app': 'models', 'unique_together': (('statement_id', 'account_iban'),), 'pk_attr': 'id', 'table_description': 'One imported CAMT.053 statement (its id at the bank, on one account): imported once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OnlinePayment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('mollie_id', fields.CharField(unique=True, max_length=40)),
                ('pledge_id', fields.IntField()),
                ('amount_cents', fields.BigIntField()),
                ('status', fields.CharField(default='open', max_length=20)),
                ('checkout_url', fields.CharField(default='', max_length=500)),
                ('refund_id', fields.CharField(null=True, max_length=40)),
                ('problem', fields.CharField(default='', description='a paid payment the pledge could not take (expired meanwhile and its room taken, campaign closed): given', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'online_payment', 'app': 'models', 'indexes': [Index(fields=['pledge_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A payment created at Mollie for a pledge, `status` is the last Mollie status applied here.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefundInstruction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pledge_id', fields.IntField(unique=True)),
                ('backer_id', fields.IntField()),
                ('amount_cents', fields.BigIntField()),
                ('iban', fields.CharField(default='', description='given by the backer (checked with schwifty), empty until then', max_length=34)),
                ('account_holder', fields.CharField(default='', max_length=70)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('done_by_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'refund_instruction', 'app': 'models', 'indexes': [Index(fields=['done_at', 'id'])], 'pk_attr': 'id', 'table_description': 'A paid transfer to give back by hand: the backer gives an IBAN, an admin makes the transfer and marks it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatementLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('statement', fields.ForeignKeyField('models.BankStatement', source_field='statement_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('entry_ref', fields.CharField(unique=True, max_length=80)),
                ('credit', fields.BooleanField()),
                ('amount_cents', fields.BigIntField()),
                ('currency', fields.CharField(default='EUR', max_length=3)),
                ('booking_date', fields.CharField(default='', max_length=30)),
                ('reference', fields.CharField(null=True, description='the structured communication found in the line (12 digits), if any', max_length=12)),
                ('remittance', fields.CharField(default='', max_length=280)),
                ('debtor_name', fields.CharField(default='', max_length=140)),
                ('debtor_iban', fields.CharField(default='', max_length=34)),
                ('status', fields.CharEnumField(description='MATCHED: MATCHED\nUNMATCHED: UNMATCHED\nRESOLVED: RESOLVED\nIGNORED: IGNORED\nSKIPPED: SKIPPED', enum_type=LineStatus, max_length=10)),
                ('problem', fields.CharField(default='', description='why a person must look at it (French, shown on the finance page)', max_length=200)),
                ('pledge_id', fields.IntField(null=True)),
                ('resolved_by_id', fields.IntField(null=True)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'statement_line', 'app': 'models', 'indexes': [Index(fields=['status', 'id'])], 'pk_attr': 'id', 'table_description': 'One entry (or one transaction of a batch entry) of a statement, `entry_ref` being its bank reference.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TransferInstruction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pledge_id', fields.IntField(unique=True)),
                ('reference', fields.CharField(unique=True, description='the 12 digits of the structured communication (shown as +++ddd/dddd/ddddd+++)', max_length=12)),
                ('amount_cents', fields.BigIntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'transfer_instruction', 'app': 'models', 'pk_attr': 'id', 'table_description': 'How a TRANSFER pledge is paid: its unique Belgian structured communication and the amount expected.'},
            bases=['Model'],
        ),
        # a new enum member: the VARCHAR column is unchanged (a plain AlterField rebuilds SQLite tables)
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nCONTENT_HIDDEN: CONTENT_HIDDEN\nCONTENT_RESTORED: CONTENT_RESTORED\nCONTENT_REMOVED: CONTENT_REMOVED\nAPPEAL_UPHELD: APPEAL_UPHELD\nAPPEAL_DISMISSED: APPEAL_DISMISSED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT\nPROJECT_UPDATE: PROJECT_UPDATE\nCAMPAIGN_SCHEDULED: CAMPAIGN_SCHEDULED\nCAMPAIGN_CHANGES_REQUESTED: CAMPAIGN_CHANGES_REQUESTED\nCAMPAIGN_REJECTED: CAMPAIGN_REJECTED\nCAMPAIGN_FUNDED: CAMPAIGN_FUNDED\nCAMPAIGN_SUCCEEDED: CAMPAIGN_SUCCEEDED\nCAMPAIGN_FAILED: CAMPAIGN_FAILED\nCAMPAIGN_CANCELLED: CAMPAIGN_CANCELLED\nPLEDGE_PAID: PLEDGE_PAID\nPLEDGE_EXPIRED: PLEDGE_EXPIRED\nPLEDGE_REFUNDED: PLEDGE_REFUNDED\nBACKER_UPDATE: BACKER_UPDATE\nREFUND_ACCOUNT_NEEDED: REFUND_ACCOUNT_NEEDED', enum_type=NotificationKind, max_length=30),
        ),
    ]
