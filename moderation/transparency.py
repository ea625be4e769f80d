"""Public transparency: decisions per month by outcome and reason, and the median time to a decision."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from moderation import registry
from moderation.models import Decision, ReasonCode, ReviewItem, ReviewStatus

MONTHS_SHOWN = 12


@dataclass
class MonthStats:
    month: str  # YYYY-MM, in UTC
    decisions: int = 0
    by_decision: Counter[Decision] = field(default_factory=Counter)
    by_reason: Counter[ReasonCode] = field(default_factory=Counter)
    median_hours_to_decision: float | None = None


async def monthly_stats(*, since: datetime | None = None) -> list[MonthStats]:
    """The last months with decisions, newest first (reads only the columns it counts)."""
    query = ReviewItem.filter(status=ReviewStatus.DECIDED, kind__in=registry.submission_kinds())
    if since is not None:
        query = query.filter(decided_at__gte=since)
    rows = await query.values_list("decided_at", "submitted_at", "decision", "reason")
    months: dict[str, MonthStats] = {}
    waits: dict[str, list[float]] = {}
    for decided_at, submitted_at, decision, reason in rows:
        key = decided_at.strftime("%Y-%m")
        stats = months.setdefault(key, MonthStats(month=key))
        stats.decisions += 1
        stats.by_decision[Decision(decision)] += 1
        if reason is not None:
            stats.by_reason[ReasonCode(reason)] += 1
        waits.setdefault(key, []).append((decided_at - submitted_at).total_seconds() / 3600)
    for key, stats in months.items():
        stats.median_hours_to_decision = round(median(waits[key]), 1)
    return [months[k] for k in sorted(months, reverse=True)[:MONTHS_SHOWN]]
