"""A campaign's calendar in Brussels days: a period from a first day and a length, the days left."""

from datetime import UTC, date, datetime

import pytest

from colab.errors import ColabError, ErrorCode
from colab.funding.models import Campaign, CampaignStatus
from colab.funding.schedule import days_left, days_of, is_open_for_pledges, period_of


def _campaign(status: CampaignStatus, first: date, days: int, **fields: object) -> Campaign:
    opens_at, closes_at = period_of(first, days)
    return Campaign(status=status, opens_at=opens_at, closes_at=closes_at, **fields)


def test_a_period_ends_at_midnight_in_brussels_on_its_last_day() -> None:
    opens_at, closes_at = period_of(date(2026, 3, 1), 30)
    assert opens_at == datetime(2026, 2, 28, 23, tzinfo=UTC)  # winter: UTC+1
    assert closes_at == datetime(2026, 3, 30, 22, tzinfo=UTC)  # summer time since March 29th: UTC+2


@pytest.mark.parametrize("days", [0, 91, -3])
def test_a_period_lasts_1_to_90_days(days: int) -> None:
    with pytest.raises(ColabError) as refused:
        period_of(date(2026, 3, 1), days)
    assert refused.value.code is ErrorCode.INVALID and refused.value.field == "days"


def test_the_terms_read_back_as_typed() -> None:
    campaign = _campaign(CampaignStatus.DRAFT, date(2026, 10, 20), 14)  # across the end of summer time
    assert days_of(campaign) == (date(2026, 10, 20), 14)


def test_days_left_count_brussels_days_today_included() -> None:
    campaign = _campaign(CampaignStatus.LIVE, date(2026, 3, 1), 10)
    assert days_left(campaign, datetime(2026, 3, 1, 9, tzinfo=UTC)) == 10
    assert days_left(campaign, datetime(2026, 3, 10, 22, 30, tzinfo=UTC)) == 1  # 23:30 in Brussels, last day
    assert days_left(campaign, datetime(2026, 3, 10, 23, 30, tzinfo=UTC)) == 0  # past midnight there
    scheduled = _campaign(CampaignStatus.SCHEDULED, date(2026, 3, 5), 10)
    assert days_left(scheduled, datetime(2026, 3, 1, 9, tzinfo=UTC)) == 10  # counted from its first day
    assert days_left(_campaign(CampaignStatus.DRAFT, date(2026, 3, 5), 10), datetime(2026, 3, 1, tzinfo=UTC)) is None
    assert days_left(_campaign(CampaignStatus.SUCCEEDED, date(2026, 3, 5), 10), datetime(2026, 3, 1, tzinfo=UTC)) == 0


def test_a_campaign_takes_pledges_while_live_open_and_under_its_ceiling() -> None:
    now = datetime(2026, 3, 3, 12, tzinfo=UTC)
    assert is_open_for_pledges(_campaign(CampaignStatus.LIVE, date(2026, 3, 1), 10), now)
    assert not is_open_for_pledges(_campaign(CampaignStatus.LIVE, date(2026, 3, 1), 10, funded_at=now), now)
    assert not is_open_for_pledges(_campaign(CampaignStatus.SCHEDULED, date(2026, 3, 1), 10), now)
    assert not is_open_for_pledges(_campaign(CampaignStatus.LIVE, date(2026, 2, 1), 2), now)
