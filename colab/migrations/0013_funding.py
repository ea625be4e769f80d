from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.funding.models import CampaignMode, CampaignStatus, LedgerKind, PaymentMethod, PledgeStatus
from colab.notifications.models import NotificationKind
from tortoise.fields.base import OnDelete
from tortoise import fields

from colab.migration_ops import AlterChoicesOnly
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0012_french_search')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Campaign',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='campaigns', on_delete=OnDelete.RESTRICT)),
                ('active_project_id', fields.IntField(null=True, unique=True, description="the project's id while the campaign is active (not cancelled nor failed): one active campaign per project,")),
                ('status', fields.CharEnumField(default=CampaignStatus.DRAFT, description='DRAFT: DRAFT\nIN_REVIEW: IN_REVIEW\nSCHEDULED: SCHEDULED\nLIVE: LIVE\nSETTLING: SETTLING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED\nCANCELLED: CANCELLED', enum_type=CampaignStatus, max_length=12)),
                ('mode', fields.CharEnumField(default=CampaignMode.ALL_OR_NOTHING, description='ALL_OR_NOTHING: ALL_OR_NOTHING\nKEEP_IT_ALL: KEEP_IT_ALL', enum_type=CampaignMode, max_length=16)),
                ('title', fields.CharField(max_length=120)),
                ('pitch', fields.TextField(default='', unique=False)),
                ('goal_cents', fields.BigIntField()),
                ('ceiling_cents', fields.BigIntField()),
                ('opens_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(description='the end of a day in Europe/Brussels, stored in UTC', auto_now=False, auto_now_add=False)),
                ('committed_cents', fields.BigIntField(default=0, description='reserved + pending + paid pledges and their matched money: the counter the ceiling check updates')),
                ('paid_cents', fields.BigIntField(default=0, description='paid pledges (not refunded nor due for refund)')),
                ('matched_cents', fields.BigIntField(default=0, description='matched money promised to the live pledges (reserved, pending, paid)')),
                ('backers_count', fields.IntField(default=0, description='live pledges (reserved, pending, paid)')),
                ('funded_at', fields.DatetimeField(null=True, description='the ceiling was reached: the FUNDED badge, no more pledges, the end date stays', auto_now=False, auto_now_add=False)),
                ('settle_after', fields.DatetimeField(null=True, description='SETTLING waits for announced transfers until then', auto_now=False, auto_now_add=False)),
                ('settled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancel_reason', fields.TextField(default='', unique=False)),
                ('created_by_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'campaign', 'app': 'models', 'indexes': [Index(fields=['project_id', 'id']), Index(fields=['status', 'opens_at']), Index(fields=['status', 'closes_at']), Index(fields=['status', 'settle_after'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=80)),
                ('kind', fields.CharEnumField(description='PLEDGE_PAID: PLEDGE_PAID\nMATCH: MATCH\nPAYOUT: PAYOUT\nREFUND: REFUND\nFUND_RETURN: FUND_RETURN', enum_type=LedgerKind, max_length=12)),
                ('debit_account', fields.CharField(max_length=40)),
                ('credit_account', fields.CharField(max_length=40)),
                ('amount_cents', fields.BigIntField()),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='ledger', on_delete=OnDelete.RESTRICT)),
                ('pledge_id', fields.IntField(null=True)),
                ('fund_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ledger_entry', 'app': 'models', 'indexes': [Index(fields=['campaign_id', 'kind']), Index(fields=['debit_account']), Index(fields=['credit_account'])], 'pk_attr': 'id', 'table_description': 'One movement of money between two accounts ("backer:<user_id>", "campaign:<id>", "fund:<id>",'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RewardTier',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='tiers', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=120)),
                ('description', fields.TextField(default='', unique=False)),
                ('min_amount_cents', fields.BigIntField()),
                ('stock', fields.IntField(null=True)),
                ('taken', fields.IntField(default=0, description='units held by live pledges: raised by a conditional UPDATE (taken < stock)')),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'reward_tier', 'app': 'models', 'indexes': [Index(fields=['campaign_id', 'position'])], 'pk_attr': 'id', 'table_description': 'A counterpart for pledges of at least min_amount_cents, stock null: unlimited.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Pledge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='pledges', on_delete=OnDelete.RESTRICT)),
                ('backer', fields.ForeignKeyField('models.User', source_field='backer_id', db_constraint=True, to_field='id', related_name='pledges', on_delete=OnDelete.RESTRICT)),
                ('amount_cents', fields.BigIntField()),
                ('tier', fields.ForeignKeyField('models.RewardTier', source_field='tier_id', null=True, db_constraint=True, to_field='id', related_name='pledges', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(description='RESERVED: RESERVED\nPENDING_PAYMENT: PENDING_PAYMENT\nPAID: PAID\nCANCELLED: CANCELLED\nEXPIRED: EXPIRED\nREFUND_PENDING: REFUND_PENDING\nREFUNDED: REFUNDED', enum_type=PledgeStatus, max_length=16)),
                ('method', fields.CharEnumField(description='TRANSFER: TRANSFER\nONLINE: ONLINE', enum_type=PaymentMethod, max_length=8)),
                ('anonymous', fields.BooleanField(default=False, description="the backer's name is hidden from the public")),
                ('message', fields.TextField(default='', description='a public message (plain text, sanitized, reportable)', unique=False)),
                ('matched_cents', fields.BigIntField(default=0, description='matched money a fund promised to this pledge (colab/funding/matching.py)')),
                ('match_fund_id', fields.IntField(null=True, description="the matching fund that matched it (set by colab.funding.matching), for the ledger's fund account")),
                ('expires_at', fields.DatetimeField(null=True, description='an unpaid pledge expires then (releasing its room, unit and match)', auto_now=False, auto_now_add=False)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('payment_reference', fields.CharField(null=True, unique=True, description='the reference of the payment that paid it (bank line, Mollie payment id): a second record with the same', max_length=80)),
                ('transfer_reference', fields.CharField(null=True, unique=True, description='the Belgian structured communication of a transfer (assigned by colab.payments), unique', max_length=20)),
                ('refund_reference', fields.CharField(null=True, max_length=80)),
                ('refunded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'pledge', 'app': 'models', 'indexes': [Index(fields=['backer_id', 'created_at', 'id']), Index(fields=['campaign_id', 'status', 'id']), Index(fields=['status', 'expires_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        # new enum members: the VARCHAR column is unchanged (a plain AlterField rebuilds SQLite tables)
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nCONTENT_HIDDEN: CONTENT_HIDDEN\nCONTENT_RESTORED: CONTENT_RESTORED\nCONTENT_REMOVED: CONTENT_REMOVED\nAPPEAL_UPHELD: APPEAL_UPHELD\nAPPEAL_DISMISSED: APPEAL_DISMISSED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT\nPROJECT_UPDATE: PROJECT_UPDATE\nCAMPAIGN_SCHEDULED: CAMPAIGN_SCHEDULED\nCAMPAIGN_CHANGES_REQUESTED: CAMPAIGN_CHANGES_REQUESTED\nCAMPAIGN_REJECTED: CAMPAIGN_REJECTED\nCAMPAIGN_FUNDED: CAMPAIGN_FUNDED\nCAMPAIGN_SUCCEEDED: CAMPAIGN_SUCCEEDED\nCAMPAIGN_FAILED: CAMPAIGN_FAILED\nCAMPAIGN_CANCELLED: CAMPAIGN_CANCELLED\nPLEDGE_PAID: PLEDGE_PAID\nPLEDGE_EXPIRED: PLEDGE_EXPIRED\nPLEDGE_REFUNDED: PLEDGE_REFUNDED\nBACKER_UPDATE: BACKER_UPDATE', enum_type=NotificationKind, max_length=30),
        ),
    ]
