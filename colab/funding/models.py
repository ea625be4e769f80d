"""Crowdfunding: a project's campaign, its reward tiers, the backers' pledges and the double-entry ledger.

Money is integer euro cents; times are stored in UTC. The limits (ceiling, stock) are counters updated by a
conditional `UPDATE ... WHERE` in the transaction that records a pledge (colab/funding/pledges.py).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.projects.models import Project


#: the review kind of a campaign's terms (colab/funding/review.py)
REVIEW_KIND = "CAMPAIGN"
#: the review kind of a pledge's public message, for reports (colab/funding/review.py)
PLEDGE_REVIEW_KIND = "PLEDGE"


class CampaignStatus(str, Enum):
    DRAFT = "DRAFT"
    IN_REVIEW = "IN_REVIEW"
    SCHEDULED = "SCHEDULED"
    LIVE = "LIVE"
    SETTLING = "SETTLING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


CAMPAIGN_STATUS_LABELS = {
    CampaignStatus.DRAFT: "Brouillon",
    CampaignStatus.IN_REVIEW: "En cours d'examen",
    CampaignStatus.SCHEDULED: "Programmée",
    CampaignStatus.LIVE: "En cours",
    CampaignStatus.SETTLING: "En clôture",
    CampaignStatus.SUCCEEDED: "Réussie",
    CampaignStatus.FAILED: "Échouée",
    CampaignStatus.CANCELLED: "Annulée",
}
#: a project has at most one campaign in these states (the others are history)
ACTIVE_CAMPAIGN = frozenset(
    {
        CampaignStatus.DRAFT,
        CampaignStatus.IN_REVIEW,
        CampaignStatus.SCHEDULED,
        CampaignStatus.LIVE,
        CampaignStatus.SETTLING,
        CampaignStatus.SUCCEEDED,
    }
)
#: goal, ceiling, period and mode may change only in these states
EDITABLE_CAMPAIGN = frozenset({CampaignStatus.DRAFT})


class CampaignMode(str, Enum):
    #: the project gets the money only if paid pledges (+ matched money) reach the goal
    ALL_OR_NOTHING = "ALL_OR_NOTHING"
    #: the project keeps whatever was paid
    KEEP_IT_ALL = "KEEP_IT_ALL"


CAMPAIGN_MODE_LABELS = {
    CampaignMode.ALL_OR_NOTHING: "Tout ou rien",
    CampaignMode.KEEP_IT_ALL: "Tout est gardé",
}


class Campaign(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="campaigns", on_delete=fields.RESTRICT
    )
    project_id: int
    #: the project's id while the campaign is active (not cancelled nor failed): one active campaign per project,
    #: enforced by the unique index (NULLs do not collide)
    active_project_id = fields.IntField(null=True, unique=True)
    status = fields.CharEnumField(CampaignStatus, max_length=12, default=CampaignStatus.DRAFT)
    mode = fields.CharEnumField(CampaignMode, max_length=16, default=CampaignMode.ALL_OR_NOTHING)
    title = fields.CharField(max_length=120)
    pitch = fields.TextField(default="")  # plain text, sanitized
    goal_cents = fields.BigIntField()
    ceiling_cents = fields.BigIntField()
    opens_at = fields.DatetimeField()
    #: the end of a day in Europe/Brussels, stored in UTC
    closes_at = fields.DatetimeField()
    #: reserved + pending + paid pledges and their matched money: the counter the ceiling check updates
    committed_cents = fields.BigIntField(default=0)
    #: paid pledges (not refunded nor due for refund)
    paid_cents = fields.BigIntField(default=0)
    #: matched money promised to the live pledges (reserved, pending, paid)
    matched_cents = fields.BigIntField(default=0)
    #: live pledges (reserved, pending, paid)
    backers_count = fields.IntField(default=0)
    #: the ceiling was reached: the FUNDED badge, no more pledges, the end date stays
    funded_at = fields.DatetimeField(null=True)
    #: SETTLING waits for announced transfers until then
    settle_after = fields.DatetimeField(null=True)
    settled_at = fields.DatetimeField(null=True)
    cancel_reason = fields.TextField(default="")
    created_by_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "campaign"
        indexes = (("project_id", "id"), ("status", "opens_at"), ("status", "closes_at"), ("status", "settle_after"))


class RewardTier(Model):
    """A counterpart for pledges of at least min_amount_cents, stock null: unlimited."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="tiers", on_delete=fields.CASCADE
    )
    campaign_id: int
    title = fields.CharField(max_length=120)
    description = fields.TextField(default="")  # plain text, sanitized
    min_amount_cents = fields.BigIntField()
    stock = fields.IntField(null=True)
    #: units held by live pledges: raised by a conditional UPDATE (taken < stock)
    taken = fields.IntField(default=0)
    position = fields.IntField(default=0)

    class Meta:
        table = "reward_tier"
        indexes = (("campaign_id", "position"),)

    @property
    def stock_left(self) -> int | None:
        return None if self.stock is None else max(0, self.stock - self.taken)


class PledgeStatus(str, Enum):
    #: a short hold while the backer pays online
    RESERVED = "RESERVED"
    #: waiting for the transfer (or the online payment started)
    PENDING_PAYMENT = "PENDING_PAYMENT"
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    REFUND_PENDING = "REFUND_PENDING"
    REFUNDED = "REFUNDED"


PLEDGE_STATUS_LABELS = {
    PledgeStatus.RESERVED: "Réservée",
    PledgeStatus.PENDING_PAYMENT: "En attente de paiement",
    PledgeStatus.PAID: "Payée",
    PledgeStatus.CANCELLED: "Annulée",
    PledgeStatus.EXPIRED: "Expirée",
    PledgeStatus.REFUND_PENDING: "Remboursement en cours",
    PledgeStatus.REFUNDED: "Remboursée",
}
#: pledges that hold room under the ceiling (and a tier's unit)
LIVE_PLEDGE = frozenset({PledgeStatus.RESERVED, PledgeStatus.PENDING_PAYMENT, PledgeStatus.PAID})
#: pledges not paid yet
UNPAID_PLEDGE = frozenset({PledgeStatus.RESERVED, PledgeStatus.PENDING_PAYMENT})


class PaymentMethod(str, Enum):
    #: Belgian bank transfer with a structured communication
    TRANSFER = "TRANSFER"
    #: Bancontact / card through Mollie
    ONLINE = "ONLINE"


PAYMENT_METHOD_LABELS = {PaymentMethod.TRANSFER: "Virement bancaire", PaymentMethod.ONLINE: "Paiement en ligne"}


class Pledge(Model):
    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="pledges", on_delete=fields.RESTRICT
    )
    campaign_id: int
    backer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="pledges", on_delete=fields.RESTRICT
    )
    backer_id: int
    amount_cents = fields.BigIntField()
    tier: fields.ForeignKeyNullableRelation[RewardTier] = fields.ForeignKeyField(
        "models.RewardTier", related_name="pledges", null=True, on_delete=fields.RESTRICT
    )
    tier_id: int | None
    status = fields.CharEnumField(PledgeStatus, max_length=16)
    method = fields.CharEnumField(PaymentMethod, max_length=8)
    #: the backer's name is hidden from the public
    anonymous = fields.BooleanField(default=False)
    #: a public message (plain text, sanitized, reportable)
    message = fields.TextField(default="")
    #: matched money a fund promised to this pledge (colab/funding/matching.py)
    matched_cents = fields.BigIntField(default=0)
    #: the matching fund that matched it (set by colab.funding.matching), for the ledger's fund account
    match_fund_id = fields.IntField(null=True)
    #: an unpaid pledge expires then (releasing its room, unit and match)
    expires_at = fields.DatetimeField(null=True)
    paid_at = fields.DatetimeField(null=True)
    #: the reference of the payment that paid it (bank line, Mollie payment id): a second record with the same
    #: reference changes nothing
    payment_reference = fields.CharField(max_length=80, null=True, unique=True)
    #: the Belgian structured communication of a transfer (assigned by colab.payments), unique
    transfer_reference = fields.CharField(max_length=20, null=True, unique=True)
    refund_reference = fields.CharField(max_length=80, null=True)
    refunded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "pledge"
        indexes = (("backer_id", "created_at", "id"), ("campaign_id", "status", "id"), ("status", "expires_at"))


class LedgerKind(str, Enum):
    #: backer -> campaign
    PLEDGE_PAID = "PLEDGE_PAID"
    #: fund -> campaign
    MATCH = "MATCH"
    #: campaign -> project
    PAYOUT = "PAYOUT"
    #: campaign -> backer
    REFUND = "REFUND"
    #: campaign -> fund
    FUND_RETURN = "FUND_RETURN"


class LedgerEntry(Model):
    """One movement of money between two accounts ("backer:<user_id>", "campaign:<id>", "fund:<id>",
    "project:<id>"), in the bank's sense: the money leaves debit_account and reaches credit_account.
    Never updated nor deleted, key (e.g. "PLEDGE_PAID:pledge:12") makes each movement happen once."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=80, unique=True)
    kind = fields.CharEnumField(LedgerKind, max_length=12)
    debit_account = fields.CharField(max_length=40)
    credit_account = fields.CharField(max_length=40)
    amount_cents = fields.BigIntField()
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="ledger", on_delete=fields.RESTRICT
    )
    campaign_id: int
    pledge_id = fields.IntField(null=True)
    fund_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ledger_entry"
        indexes = (("campaign_id", "kind"), ("debit_account",), ("credit_account",))
