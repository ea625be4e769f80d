"""A message from an institution that wants to join the lab, for the admins to read and answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from colab.organizations.models import OrganizationKind

if TYPE_CHECKING:
    from colab.accounts.models import User


class PartnershipRequest(Model):
    id = fields.IntField(primary_key=True)
    organization_name = fields.CharField(max_length=120)
    kind = fields.CharEnumField(OrganizationKind, max_length=20, null=True)
    contact_name = fields.CharField(max_length=80)
    email = fields.CharField(max_length=254)
    message = fields.TextField()  # plain text, escaped when shown
    #: the account that sent it, if the sender was logged in
    sender: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="partnership_requests", null=True, on_delete=fields.SET_NULL
    )
    #: a keyed hash of the sender's network address, to limit how often one source writes (never the address)
    source = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    handled_at = fields.DatetimeField(null=True)
    handled_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="handled_partnership_requests", null=True, on_delete=fields.SET_NULL
    )

    sender_id: int | None
    handled_by_id: int | None

    class Meta:
        table = "partnership_request"
        indexes = (("source", "created_at"), ("email", "created_at"), ("handled_at", "created_at"))
