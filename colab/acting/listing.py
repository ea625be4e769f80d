"""Finding volunteer calls lab-wide: upcoming live calls by province, commune, dates ("ce week-end") and skill."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from colab.acting.calendar import BRUSSELS
from colab.acting.models import LIVE_CALL, CallStatus, VolunteerCall
from colab.projects.models import REVIEW_KIND as PROJECT_KIND
from colab.validation import as_utc, clean_line, fold, utcnow
from moderation.visibility import hidden_ids


@dataclass
class CallFilter:
    province_id: int | None = None
    commune_id: int | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None
    skill: str | None = None
    project_id: int | None = None
    #: live calls only (open or activated), unless asked otherwise
    statuses: Sequence[CallStatus] = field(default_factory=lambda: list(LIVE_CALL))


def weekend_window(now: datetime) -> tuple[datetime, datetime]:
    """From now (or Saturday 00:00) to Monday 00:00, Brussels time: "ce week-end"."""
    local = now.astimezone(BRUSSELS)
    days_to_saturday = (5 - local.weekday()) % 7
    saturday = (local + timedelta(days=days_to_saturday)).replace(hour=0, minute=0, second=0, microsecond=0)
    if local.weekday() == 6:
        saturday -= timedelta(days=7)
    monday = (saturday.replace(tzinfo=None) + timedelta(days=2)).replace(tzinfo=BRUSSELS)
    return max(saturday, local).astimezone(now.tzinfo), monday.astimezone(now.tzinfo)


async def list_calls(
    filters: CallFilter | None = None, *, offset: int = 0, limit: int = 20, now: datetime | None = None
) -> tuple[list[VolunteerCall], int]:
    """Upcoming calls, soonest first, with their total (counted in SQL, whatever the page size)."""
    f = filters or CallFilter()
    now = now or utcnow()
    starts_from = max(as_utc(f.starts_from), now) if f.starts_from else now
    query = VolunteerCall.filter(status__in=list(f.statuses), starts_at__gt=starts_from).exclude(
        project_id__in=hidden_ids(PROJECT_KIND)
    )
    if f.province_id is not None:
        query = query.filter(province_id=f.province_id)
    if f.commune_id is not None:
        query = query.filter(commune_id=f.commune_id)
    if f.starts_to is not None:
        query = query.filter(starts_at__lt=f.starts_to)
    if f.project_id is not None:
        query = query.filter(project_id=f.project_id)
    if f.skill and (tag := fold(clean_line(f.skill))):
        # skills are also stored as "|tag|tag|": one text match on every database (JSON containment differs)
        query = query.filter(skills_text__contains=f"|{tag}|")
    total = await query.count()
    return await query.order_by("starts_at", "id").offset(offset).limit(limit), total
