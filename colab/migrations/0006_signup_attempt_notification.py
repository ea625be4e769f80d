from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.notifications.models import NotificationKind
from tortoise import fields

from colab.migration_ops import AlterChoicesOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0005_events')]

    initial = False

    operations = [
        # a new enum member: the VARCHAR column is unchanged (a plain AlterField rebuilds SQLite tables)
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT', enum_type=NotificationKind, max_length=30),
        ),
    ]
