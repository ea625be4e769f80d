"""What happens to matching funds, as domain events."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("funding.fund_created", "matching_fund", public=True)
@dataclass(frozen=True, kw_only=True)
class FundCreated(DomainEvent):
    """An organization opened a matching fund (`subject_id` = the fund)."""

    title: str
    organization_id: int
    budget_cents: int


@event_type("funding.fund_status_changed", "matching_fund")
@dataclass(frozen=True, kw_only=True)
class FundStatusChanged(DomainEvent):
    """A manager paused, resumed or closed a fund."""

    title: str
    organization_id: int
    status: str


@event_type("funding.pledge_matched", "matching_fund")
@dataclass(frozen=True, kw_only=True)
class PledgeMatched(DomainEvent):
    """A fund put money beside a pledge (held until the pledge is paid)."""

    match_id: int
    pledge_id: int
    campaign_id: int
    amount_cents: int


@event_type("funding.match_paid", "matching_fund")
@dataclass(frozen=True, kw_only=True)
class MatchPaid(DomainEvent):
    """The matched pledge was paid: the fund's money went to the campaign (ledger fund → campaign)."""

    match_id: int
    pledge_id: int
    campaign_id: int
    amount_cents: int


@event_type("funding.match_returned", "matching_fund")
@dataclass(frozen=True, kw_only=True)
class MatchReturned(DomainEvent):
    """A match came back to its fund: the pledge was cancelled, expired or refunded, or the campaign failed."""

    match_id: int
    pledge_id: int
    campaign_id: int
    amount_cents: int
    was_paid: bool
