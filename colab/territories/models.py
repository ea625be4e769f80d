"""Région › province › commune (Statbel NIS codes), and the flat list of themes."""

from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class TerritoryLevel(str, Enum):
    REGION = "REGION"
    PROVINCE = "PROVINCE"
    COMMUNE = "COMMUNE"


class Territory(Model):
    id = fields.IntField(primary_key=True)
    nis_code = fields.CharField(max_length=5, unique=True)
    name = fields.CharField(max_length=80)
    name_nl = fields.CharField(max_length=80, default="")
    level = fields.CharEnumField(TerritoryLevel, max_length=10)
    parent: fields.ForeignKeyNullableRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    inhabitants = fields.IntField(null=True)
    zip_code = fields.CharField(max_length=4, default="")

    parent_id: int | None

    class Meta:
        table = "territory"


class Theme(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=60)
    position = fields.IntField(default=0)

    class Meta:
        table = "theme"
        ordering = ["position", "name"]
