"""A campaign's calendar as people give and read it: a first Brussels day and a number of days, the days left."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from colab.errors import ColabError, ErrorCode
from colab.funding.models import Campaign, CampaignStatus
from colab.funding.periods import MAX_DAYS, MIN_DAYS, brussels_day, day_end, day_start
from colab.validation import as_utc


def days_left(campaign: Campaign, now: datetime) -> int | None:
    """Brussels calendar days until the campaign closes, today included (1 on its last day); 0 once closed;
    None before it is live or scheduled."""
    if campaign.status in (CampaignStatus.DRAFT, CampaignStatus.IN_REVIEW):
        return None
    if campaign.status not in (CampaignStatus.SCHEDULED, CampaignStatus.LIVE):
        return 0
    closes_at = as_utc(campaign.closes_at)
    if closes_at <= now:
        return 0
    last_day = brussels_day(closes_at - timedelta(microseconds=1))
    start = max(brussels_day(now), brussels_day(as_utc(campaign.opens_at)))
    return (last_day - start).days + 1


def room_left(campaign: Campaign) -> int:
    """What the campaign may still take before its ceiling (matched money included)."""
    return max(0, int(campaign.ceiling_cents) - int(campaign.committed_cents))


def is_open_for_pledges(campaign: Campaign, now: datetime) -> bool:
    """Live, not yet at its ceiling, not past its end."""
    return (
        campaign.status is CampaignStatus.LIVE
        and campaign.funded_at is None
        and as_utc(campaign.opens_at) <= now < as_utc(campaign.closes_at)
    )


def period_of(starts_on: date, days: int, field: str = "days") -> tuple[datetime, datetime]:
    """(opens_at, closes_at) in UTC of a period starting on a Brussels day and lasting `days` days, ending at the
    end of its last day; a length out of 1..90 is INVALID on `field`."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ColabError(ErrorCode.INVALID, f"La campagne dure de {MIN_DAYS} à {MAX_DAYS} jours.", field)
    return day_start(starts_on), day_end(starts_on + timedelta(days=days - 1))


def days_of(campaign: Campaign) -> tuple[date, int]:
    """The first Brussels day and the number of days of a campaign's period (to show its terms again)."""
    first = brussels_day(as_utc(campaign.opens_at))
    last = brussels_day(as_utc(campaign.closes_at) - timedelta(microseconds=1))
    return first, (last - first).days + 1
