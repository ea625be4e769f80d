"""Matching funds: an organization's money that matches citizens' pledges under its rules."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.challenges.models import Challenge
    from colab.funding.models import Campaign, Pledge
    from colab.organizations.models import Organization
    from colab.projects.models import Project
    from colab.territories.models import Territory, Theme


class FundStatus(str, Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"  #: matches nothing new; what it matched stays
    CLOSED = "CLOSED"  #: for good


FUND_STATUS_LABELS = {
    FundStatus.ACTIVE: "Actif",
    FundStatus.PAUSED: "En pause",
    FundStatus.CLOSED: "Clôturé",
}


class MatchStatus(str, Enum):
    HELD = "HELD"  #: committed from the fund's budget while the pledge is not paid yet
    PAID = "PAID"  #: the pledge was paid: the fund → campaign ledger row is written
    RETURNED = "RETURNED"  #: back in the fund (pledge cancelled, expired, refunded, campaign failed)


#: matches that hold the fund's money (they count toward its budget and its caps)
LIVE_MATCH = (MatchStatus.HELD, MatchStatus.PAID)


class MatchingFund(Model):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="matching_funds", on_delete=fields.RESTRICT
    )
    organization_id: int
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="matching_funds", on_delete=fields.RESTRICT
    )
    created_by_id: int
    name = fields.CharField(max_length=120)
    description = fields.TextField(default="")  # plain text, escaped when shown
    budget_cents = fields.BigIntField()
    #: held + paid matches, only ever changed by a conditional UPDATE under the row lock of the fund
    committed_cents = fields.BigIntField(default=0)
    factor_numerator = fields.IntField(default=1)
    factor_denominator = fields.IntField(default=1)
    cap_per_pledge_cents = fields.BigIntField(null=True)
    cap_per_project_cents = fields.BigIntField(null=True)
    cap_per_backer_cents = fields.BigIntField(null=True)
    #: what it serves (an empty list serves all)
    challenges: fields.ManyToManyRelation[Challenge] = fields.ManyToManyField(
        "models.Challenge", related_name="matching_funds", through="matching_fund_challenge"
    )
    territories: fields.ManyToManyRelation[Territory] = fields.ManyToManyField(
        "models.Territory", related_name="matching_funds", through="matching_fund_territory"
    )
    themes: fields.ManyToManyRelation[Theme] = fields.ManyToManyField(
        "models.Theme", related_name="matching_funds", through="matching_fund_theme"
    )
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    status = fields.CharEnumField(FundStatus, max_length=10, default=FundStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "matching_fund"
        indexes = (("status", "closes_at"), ("organization_id", "created_at"))

    @property
    def left_cents(self) -> int:
        return max(0, int(self.budget_cents) - int(self.committed_cents))

    def factor_of(self, cents: int) -> int:
        """The fund's share for `cents` given by a backer, rounded down to the cent."""
        return cents * self.factor_numerator // self.factor_denominator


class FundMatch(Model):
    """What one fund put beside one pledge."""

    id = fields.IntField(primary_key=True)
    fund: fields.ForeignKeyRelation[MatchingFund] = fields.ForeignKeyField(
        "models.MatchingFund", related_name="matches", on_delete=fields.RESTRICT
    )
    fund_id: int
    pledge: fields.ForeignKeyRelation[Pledge] = fields.ForeignKeyField(
        "models.Pledge", related_name="fund_matches", on_delete=fields.RESTRICT
    )
    pledge_id: int
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="fund_matches", on_delete=fields.RESTRICT
    )
    campaign_id: int
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="fund_matches", on_delete=fields.RESTRICT
    )
    project_id: int
    backer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="fund_matches", on_delete=fields.RESTRICT
    )
    backer_id: int
    amount_cents = fields.BigIntField()
    status = fields.CharEnumField(MatchStatus, max_length=10, default=MatchStatus.HELD)
    created_at = fields.DatetimeField(auto_now_add=True)
    paid_at = fields.DatetimeField(null=True)
    returned_at = fields.DatetimeField(null=True)

    class Meta:
        table = "fund_match"
        unique_together = (("fund_id", "pledge_id"),)
        # the caps sum a fund's live matches per project and per backer; the pages group by campaign
        indexes = (("fund_id", "project_id", "status"), ("fund_id", "backer_id", "status"), ("pledge_id",))
