"""A campaign's period: it opens at a moment and closes at the end of a day in Europe/Brussels (stored in UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from colab.validation import as_utc

BRUSSELS = ZoneInfo("Europe/Brussels")
MIN_DAYS = 1
MAX_DAYS = 90


def day_start(day: date) -> datetime:
    """The first instant of a Brussels day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=BRUSSELS).astimezone(UTC)


def day_end(day: date) -> datetime:
    """The end of a Brussels day (the next day's first instant, exclusive), in UTC: 23:59:59.999 there."""
    return day_start(day + timedelta(days=1))


def brussels_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(BRUSSELS).date()


def period_days(opens_at: datetime, closes_at: datetime) -> int:
    """The campaign's length in Brussels calendar days, the opening day and the closing day included."""
    return (brussels_day(closes_at - timedelta(microseconds=1)) - brussels_day(opens_at)).days + 1
