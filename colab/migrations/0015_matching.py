from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.funding.fund_models import FundStatus, MatchStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0014_payments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MatchingFund',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='matching_funds', on_delete=OnDelete.RESTRICT)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='matching_funds', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=120)),
                ('description', fields.TextField(default='', unique=False)),
                ('budget_cents', fields.BigIntField()),
                ('committed_cents', fields.BigIntField(default=0, description='held + paid matches, only ever changed by a conditional UPDATE under the row lock of the fund')),
                ('factor_numerator', fields.IntField(default=1)),
                ('factor_denominator', fields.IntField(default=1)),
                ('cap_per_pledge_cents', fields.BigIntField(null=True)),
                ('cap_per_project_cents', fields.BigIntField(null=True)),
                ('cap_per_backer_cents', fields.BigIntField(null=True)),
                ('challenges', fields.ManyToManyField('models.Challenge', unique=True, description='what it serves (an empty list serves all)', db_constraint=True, through='matching_fund_challenge', forward_key='challenge_id', backward_key='matching_fund_id', related_name='matching_funds', on_delete=OnDelete.CASCADE)),
                ('territories', fields.ManyToManyField('models.Territory', unique=True, db_constraint=True, through='matching_fund_territory', forward_key='territory_id', backward_key='matching_fund_id', related_name='matching_funds', on_delete=OnDelete.CASCADE)),
                ('themes', fields.ManyToManyField('models.Theme', unique=True, db_constraint=True, through='matching_fund_theme', forward_key='theme_id', backward_key='matching_fund_id', related_name='matching_funds', on_delete=OnDelete.CASCADE)),
                ('opens_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=FundStatus.ACTIVE, description='ACTIVE: ACTIVE\nPAUSED: PAUSED\nCLOSED: CLOSED', enum_type=FundStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'matching_fund', 'app': 'models', 'indexes': [Index(fields=['status', 'closes_at']), Index(fields=['organization_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FundMatch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fund', fields.ForeignKeyField('models.MatchingFund', source_field='fund_id', db_constraint=True, to_field='id', related_name='matches', on_delete=OnDelete.RESTRICT)),
                ('pledge', fields.ForeignKeyField('models.Pledge', source_field='pledge_id', db_constraint=True, to_field='id', related_name='fund_matches', on_delete=OnDelete.RESTRICT)),
                ('campaign', fields.ForeignKeyField('models.Campaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='fund_matches', on_delete=OnDelete.RESTRICT)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='fund_matches', on_delete=OnDelete.RESTRICT)),
                ('backer', fields.ForeignKeyField('models.User', source_field='backer_id', db_constraint=True, to_field='id', related_name='fund_matches', on_delete=OnDelete.RESTRICT)),
                ('amount_cents', fields.BigIntField()),
                ('status', fields.CharEnumField(default=MatchStatus.HELD, description='HELD: HELD\nPAID: PAID\nRETURNED: RETURNED', enum_type=MatchStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('returned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'fund_match', 'app': 'models', 'unique_together': (('fund_id', 'pledge_id'),), 'indexes': [Index(fields=['fund_id', 'project_id', 'status']), Index(fields=['fund_id', 'backer_id', 'status']), Index(fields=['pledge_id'])], 'pk_attr': 'id', 'table_description': 'What one fund put beside one pledge.'},
            bases=['Model'],
        ),
    ]
