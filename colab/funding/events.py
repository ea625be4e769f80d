"""What happens to campaigns and pledges, as domain events (`subject_id` is the campaign's or the pledge's id).

Pledge events are private (a backer may be anonymous); the campaign's milestones are public."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type

# ---- pledges -------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PledgeEvent(DomainEvent):
    """A pledge's change: `subject_id` = `pledge_id`; `project_id` is the campaign's project."""

    pledge_id: int
    campaign_id: int
    backer_id: int
    amount_cents: int
    #: PaymentMethod value: TRANSFER or ONLINE
    method: str
    matched_cents: int = 0


@event_type("funding.pledge_recorded", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgeRecorded(PledgeEvent):
    """A backer pledged: room under the ceiling (and a tier's unit) is held until paid or expired. Published
    before the matching funds are asked (`matched_cents` is 0 here; the pledge row and PledgePaid carry it)."""

    tier_id: int | None = None


@event_type("funding.pledge_payment_started", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgePaymentStarted(PledgeEvent):
    """An online payment started (RESERVED -> PENDING_PAYMENT)."""


@event_type("funding.pledge_paid", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgePaid(PledgeEvent):
    reference: str


@event_type("funding.pledge_cancelled", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgeCancelled(PledgeEvent):
    """Cancelled by the backer before payment (or with the campaign): its room is released."""


@event_type("funding.pledge_expired", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgeExpired(PledgeEvent):
    """Unpaid in time: its room, tier unit and match are released."""


@event_type("funding.pledge_refund_requested", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgeRefundRequested(PledgeEvent):
    """A paid pledge must be given back (cancelled, or its campaign failed or was cancelled): online ones are
    refunded through the payment provider, transfers are listed for the finance role."""

    reason: str = ""


@event_type("funding.pledge_refunded", "pledge")
@dataclass(frozen=True, kw_only=True)
class PledgeRefunded(PledgeEvent):
    reference: str


# ---- campaigns -----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CampaignEvent(DomainEvent):
    """A campaign's change: `subject_id` = `campaign_id`."""

    campaign_id: int
    title: str


@event_type("funding.campaign_submitted", "campaign")
@dataclass(frozen=True, kw_only=True)
class CampaignSubmitted(CampaignEvent):
    """The campaign's terms went to the moderators."""


@event_type("funding.campaign_scheduled", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignScheduled(CampaignEvent):
    """Admitted by a moderator: it goes live at `opens_at` (ISO, UTC)."""

    opens_at: str


@event_type("funding.campaign_changes_requested", "campaign")
@dataclass(frozen=True, kw_only=True)
class CampaignChangesRequested(CampaignEvent):
    """Sent back to its draft by a moderator, with a reason: the holder edits the terms and submits again."""

    holder_id: int
    reason: str | None = None
    message: str = ""


@event_type("funding.campaign_rejected", "campaign")
@dataclass(frozen=True, kw_only=True)
class CampaignRejected(CampaignEvent):
    """Refused by a moderator: the campaign is closed for good (CANCELLED with the reason); the project may
    open another one with other terms."""

    holder_id: int
    reason: str | None = None
    message: str = ""


@event_type("funding.campaign_live", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignLive(CampaignEvent):
    closes_at: str


@event_type("funding.campaign_funded", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignFunded(CampaignEvent):
    """The ceiling is reached: no more pledges; the campaign keeps its end date."""

    committed_cents: int


@event_type("funding.campaign_settling", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignSettling(CampaignEvent):
    """Closed: waits until `settle_after` (ISO, UTC) for transfers announced before the end."""

    settle_after: str


@event_type("funding.campaign_succeeded", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignSucceeded(CampaignEvent):
    paid_cents: int
    matched_cents: int


@event_type("funding.campaign_failed", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignFailed(CampaignEvent):
    """Settled short of its goal: every paid pledge is refunded, matched money goes back to its fund."""

    paid_cents: int
    matched_cents: int


@event_type("funding.campaign_cancelled", "campaign", public=True)
@dataclass(frozen=True, kw_only=True)
class CampaignCancelled(CampaignEvent):
    reason: str
