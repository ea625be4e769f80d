"""Institutional partners and the people who act for them."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from colab.actors import MembershipRole as MembershipRole  # lives with the Actor that carries it; re-exported

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.territories.models import Territory


class OrganizationKind(str, Enum):
    COMMUNE = "COMMUNE"
    PROVINCE = "PROVINCE"
    REGION = "REGION"
    PUBLIC_AGENCY = "PUBLIC_AGENCY"
    INNOVATION_HUB = "INNOVATION_HUB"
    INCUBATOR = "INCUBATOR"
    UNIVERSITY = "UNIVERSITY"
    ASSOCIATION = "ASSOCIATION"
    COMPANY = "COMPANY"


KIND_LABELS = {
    OrganizationKind.COMMUNE: "Commune",
    OrganizationKind.PROVINCE: "Province",
    OrganizationKind.REGION: "Région",
    OrganizationKind.PUBLIC_AGENCY: "Agence publique",
    OrganizationKind.INNOVATION_HUB: "Hub d'innovation",
    OrganizationKind.INCUBATOR: "Incubateur",
    OrganizationKind.UNIVERSITY: "Université",
    OrganizationKind.ASSOCIATION: "Association",
    OrganizationKind.COMPANY: "Entreprise",
}


class Organization(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120)
    slug = fields.CharField(max_length=140, unique=True)
    kind = fields.CharEnumField(OrganizationKind, max_length=20)
    description = fields.TextField(default="")
    website = fields.CharField(max_length=300, default="")
    territory: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="organizations", null=True, on_delete=fields.RESTRICT
    )
    verified = fields.BooleanField(default=False)
    verified_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    territory_id: int | None

    class Meta:
        table = "organization"


class Membership(Model):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="memberships", on_delete=fields.CASCADE
    )
    organization_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(MembershipRole, max_length=10, default=MembershipRole.MEMBER)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "membership"
        unique_together = (("organization", "user"),)
