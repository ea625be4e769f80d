from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

from colab.migration_ops import AddFilledColumn, DropColumn

#: a notification written before the outbox stored a link; its subject is read back from it
_SUBJECTS = {"/idees/": "idea", "/defis/": "challenge", "/projets/": "project"}


async def subjects_from_links(apps, schema_editor):
    client = schema_editor.client
    marker = "$1" if client.capabilities.dialect == "postgres" else "?"
    second = "$2" if marker == "$1" else "?"
    third = "$3" if marker == "$1" else "?"
    for row in await client.execute_query_dict("SELECT id, kind, title, link, created_at FROM notification"):
        link = row["link"] or ""
        if row["kind"] == "PARTNERSHIP_REQUEST":
            # its link named the list, not the request: the request is found by the name its title gave
            name = (row["title"] or "").partition(" : ")[2]
            found = await client.execute_query_dict(
                "SELECT id FROM partnership_request WHERE organization_name = "
                f"{marker} ORDER BY id DESC LIMIT 1",
                [name],
            )
            if found:
                await client.execute_query(
                    f"UPDATE notification SET subject_type = {marker}, subject_id = {second} WHERE id = {third}",
                    ["partnership_request", found[0]["id"], row["id"]],
                )
            continue
        for prefix, subject_type in _SUBJECTS.items():
            rest = link[len(prefix):]
            if link.startswith(prefix) and rest.isdigit() and rest.isascii():
                await client.execute_query(
                    f"UPDATE notification SET subject_type = {marker}, subject_id = {second} WHERE id = {third}",
                    [subject_type, int(rest), row["id"]],
                )
                break
    # someone tried to sign up with the owner's address: the notification is about their own account
    await client.execute_query(
        "UPDATE notification SET subject_type = 'account', subject_id = user_id WHERE kind = 'SIGNUP_ATTEMPT'"
    )
    # a link that names no subject (none was written so far) would make a notification about nothing
    await client.execute_query("DELETE FROM notification WHERE subject_type = ''")


class Migration(migrations.Migration):
    dependencies = [('models', '0007_sessions_token_scopes_signup_attempt')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Notification',
            name='event_id',
            field=fields.IntField(null=True, description='the outbox row that caused it (null for notifications older than the outbox)'),
        ),
        AddFilledColumn(
            model_name='Notification',
            name='subject_id',
            field=fields.IntField(),
            sql_type='INT',
            fill='0',
        ),
        AddFilledColumn(
            model_name='Notification',
            name='subject_type',
            field=fields.CharField(description='what it is about: ("idea", 12), ("challenge", 3) or ("project", 7)', max_length=30),
            sql_type='VARCHAR(30)',
            fill="''",
        ),
        ops.RunPython(subjects_from_links),
        DropColumn(model_name='Notification', name='link'),
        DropColumn(model_name='Notification', name='title'),
        ops.AddConstraint(
            model_name='Notification',
            constraint=UniqueConstraint(fields=('event_id', 'user_id'), name=None),
        ),
    ]
