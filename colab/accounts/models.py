"""People and their API tokens."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from colab.actors import Role


class User(Model):
    id = fields.IntField(primary_key=True)
    #: stored lower-cased, so uniqueness is case-insensitive on every database
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=80)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=16, default=Role.CITIZEN)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user"


class ApiToken(Model):
    """A bearer token for apps and API users. Only its SHA-256 is stored."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=80, default="")
    # space-separated colab.actors.Scope values (tokens from before scopes existed keep every scope)
    scopes = fields.CharField(max_length=200, default="read contribute moderate admin")
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class Session(Model):
    """A web session, kept on the server so that log-out, a password change or a block ends it for good.

    The signed cookie carries only the raw key; the table keeps its SHA-256.
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: int
    key_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "user_session"
