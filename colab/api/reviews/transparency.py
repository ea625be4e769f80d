"""Public transparency numbers on moderation: decisions per month, by outcome and reason."""

from __future__ import annotations

import strawberry

from moderation.models import Decision, ReasonCode
from moderation.transparency import MonthStats, monthly_stats


@strawberry.type
class ReasonCount:
    reason: ReasonCode
    count: int


@strawberry.type(description="One month of moderation decisions (UTC).")
class ModerationMonth:
    month: str = strawberry.field(description="YYYY-MM.")
    decisions: int
    admitted: int
    changes_requested: int
    rejected: int
    by_reason: list[ReasonCount]
    median_hours_to_decision: float | None

    @classmethod
    def from_stats(cls, s: MonthStats) -> ModerationMonth:
        return cls(
            month=s.month,
            decisions=s.decisions,
            admitted=s.by_decision[Decision.ADMIT],
            changes_requested=s.by_decision[Decision.REQUEST_CHANGES],
            rejected=s.by_decision[Decision.REJECT],
            by_reason=[ReasonCount(reason=r, count=n) for r, n in s.by_reason.most_common()],
            median_hours_to_decision=s.median_hours_to_decision,
        )


@strawberry.type
class TransparencyQuery:
    @strawberry.field(description="Public: the last 12 months with decisions, newest first.")
    async def moderation_stats(self) -> list[ModerationMonth]:
        return [ModerationMonth.from_stats(s) for s in await monthly_stats()]
