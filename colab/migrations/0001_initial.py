from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from colab.actors import Role
from colab.challenges.models import ChallengeStatus
from colab.organizations.models import MembershipRole, OrganizationKind
from colab.territories.models import TerritoryLevel


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Territory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('nis_code', fields.CharField(unique=True, max_length=5)),
                ('name', fields.CharField(max_length=80)),
                ('name_nl', fields.CharField(default='', max_length=80)),
                ('level', fields.CharEnumField(description='REGION: REGION\nPROVINCE: PROVINCE\nCOMMUNE: COMMUNE', enum_type=TerritoryLevel, max_length=10)),
                ('parent', fields.ForeignKeyField('models.Territory', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('inhabitants', fields.IntField(null=True)),
                ('zip_code', fields.CharField(default='', max_length=4)),
            ],
            options={'table': 'territory', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organization',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=120)),
                ('slug', fields.CharField(unique=True, max_length=140)),
                ('kind', fields.CharEnumField(description='COMMUNE: COMMUNE\nPROVINCE: PROVINCE\nREGION: REGION\nPUBLIC_AGENCY: PUBLIC_AGENCY\nINNOVATION_HUB: INNOVATION_HUB\nINCUBATOR: INCUBATOR\nUNIVERSITY: UNIVERSITY\nASSOCIATION: ASSOCIATION\nCOMPANY: COMPANY', enum_type=OrganizationKind, max_length=20)),
                ('description', fields.TextField(default='', unique=False)),
                ('website', fields.CharField(default='', max_length=300)),
                ('territory', fields.ForeignKeyField('models.Territory', source_field='territory_id', null=True, db_constraint=True, to_field='id', related_name='organizations', on_delete=OnDelete.RESTRICT)),
                ('verified', fields.BooleanField(default=False)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organization', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Theme',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=60)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'theme', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, description='stored lower-cased, so uniqueness is case-insensitive on every database', max_length=254)),
                ('display_name', fields.CharField(max_length=80)),
                ('password_hash', fields.CharField(max_length=255)),
                ('role', fields.CharEnumField(default=Role.CITIZEN, description='CITIZEN: CITIZEN\nMODERATOR: MODERATOR\nADMIN: ADMIN', enum_type=Role, max_length=16)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'user', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(default='', max_length=80)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A bearer token for apps and API users. Only its SHA-256 is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Challenge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='challenges', on_delete=OnDelete.RESTRICT)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='challenges', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=120)),
                ('summary', fields.CharField(max_length=300)),
                ('body', fields.TextField(description='sanitized HTML (moderation.sanitize) — never raw user input', unique=False)),
                ('territory', fields.ForeignKeyField('models.Territory', source_field='territory_id', db_constraint=True, to_field='id', related_name='challenges', on_delete=OnDelete.RESTRICT)),
                ('themes', fields.ManyToManyField('models.Theme', unique=True, db_constraint=True, through='challenge_theme', forward_key='theme_id', backward_key='challenge_id', related_name='challenges', on_delete=OnDelete.CASCADE)),
                ('needs_funds', fields.BooleanField(default=False)),
                ('needs_team', fields.BooleanField(default=False)),
                ('needs_advice', fields.BooleanField(default=False)),
                ('needs_hands', fields.BooleanField(default=False)),
                ('ideas_open_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(db_index=True, description='PENDING_REVIEW: PENDING_REVIEW\nPUBLISHED: PUBLISHED\nCLOSED: CLOSED', enum_type=ChallengeStatus, max_length=16)),
                ('search_text', fields.TextField(default='', description='lower-cased, accent-free title + summary + body text, for portable text search', unique=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'challenge', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(default=MembershipRole.MEMBER, description='MEMBER: MEMBER\nMANAGER: MANAGER', enum_type=MembershipRole, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'models', 'unique_together': (('organization', 'user'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
