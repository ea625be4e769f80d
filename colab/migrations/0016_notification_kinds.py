from tortoise import migrations
from tortoise.migrations import operations as ops
from colab.notifications.models import NotificationKind
from tortoise import fields

from colab.migration_ops import AlterChoicesOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0015_acting')]

    initial = False

    operations = [
        AlterChoicesOnly(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='IDEA_ADMITTED: IDEA_ADMITTED\nIDEA_CHANGES_REQUESTED: IDEA_CHANGES_REQUESTED\nIDEA_REJECTED: IDEA_REJECTED\nCHALLENGE_PUBLISHED: CHALLENGE_PUBLISHED\nCHALLENGE_CHANGES_REQUESTED: CHALLENGE_CHANGES_REQUESTED\nCHALLENGE_REJECTED: CHALLENGE_REJECTED\nANSWER_ADMITTED: ANSWER_ADMITTED\nCONTENT_HIDDEN: CONTENT_HIDDEN\nCONTENT_RESTORED: CONTENT_RESTORED\nCONTENT_REMOVED: CONTENT_REMOVED\nAPPEAL_UPHELD: APPEAL_UPHELD\nAPPEAL_DISMISSED: APPEAL_DISMISSED\nPARTNERSHIP_REQUEST: PARTNERSHIP_REQUEST\nSIGNUP_ATTEMPT: SIGNUP_ATTEMPT\nPROJECT_UPDATE: PROJECT_UPDATE\nCALL_POSTED: CALL_POSTED\nPLACE_OFFERED: PLACE_OFFERED\nCALL_ACTIVATED: CALL_ACTIVATED\nCALL_CALLED_OFF: CALL_CALLED_OFF\nCALL_MOVED: CALL_MOVED', enum_type=NotificationKind, max_length=30),
        ),
    ]
