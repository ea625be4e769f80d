"""The public transparency numbers: decisions per month by outcome and reason, median time to decision."""

from datetime import UTC, datetime

from moderation.models import Decision, ReasonCode, ReviewItem, ReviewStatus
from moderation.transparency import monthly_stats
from tests.conftest import make_user


async def _decided(
    author_id: int, submitted: datetime, decided: datetime, decision: Decision, reason: ReasonCode | None
) -> None:
    await ReviewItem.create(
        kind="IDEA",
        subject_id=1,
        author_id=author_id,
        title="Une idée",
        status=ReviewStatus.DECIDED,
        submitted_at=submitted,
        decided_at=decided,
        decision=decision,
        reason=reason,
    )


async def test_decisions_are_counted_per_month_with_the_median_wait(db: None) -> None:
    author = (await make_user()).id
    oct_, nov = datetime(2026, 10, 1, 8, tzinfo=UTC), datetime(2026, 11, 2, 8, tzinfo=UTC)
    await _decided(author, oct_, datetime(2026, 10, 1, 10, tzinfo=UTC), Decision.ADMIT, None)
    await _decided(author, nov, datetime(2026, 11, 2, 9, tzinfo=UTC), Decision.REJECT, ReasonCode.DUPLICATE)
    await _decided(author, nov, datetime(2026, 11, 2, 11, tzinfo=UTC), Decision.REJECT, ReasonCode.OFF_TOPIC)
    await _decided(author, nov, datetime(2026, 11, 3, 8, tzinfo=UTC), Decision.ADMIT, None)
    await ReviewItem.create(kind="IDEA", subject_id=2, author_id=author, title="En attente", submitted_at=nov)
    months = await monthly_stats()
    assert [m.month for m in months] == ["2026-11", "2026-10"]
    november = months[0]
    assert november.decisions == 3
    assert dict(november.by_decision) == {Decision.REJECT: 2, Decision.ADMIT: 1}
    assert dict(november.by_reason) == {ReasonCode.DUPLICATE: 1, ReasonCode.OFF_TOPIC: 1}
    assert november.median_hours_to_decision == 3.0
    assert months[1].median_hours_to_decision == 2.0
