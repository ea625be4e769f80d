"""The auto-hide threshold under parallel reports (PostgreSQL): hidden once, queued once, never missed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from tortoise import connections

from colab.events.models import Event
from moderation.events import ContentHidden
from moderation.models import ContentReport, ReportedContent, ReportReason, ReviewItem, Visibility
from moderation.reports import REPORT, ReportRule, report_content
from tests.conftest import actor_of, make_challenge
from tests.moderation.factories import established

pytestmark = pytest.mark.postgres

RULE = ReportRule(threshold=3, min_account_age=timedelta(days=7))


async def _reporters(n: int):  # type: ignore[no-untyped-def]
    return [actor_of(await established(f"Signaleur {i}")) for i in range(n)]


async def test_parallel_reports_hide_the_content_once(db: None) -> None:
    challenge = await make_challenge()
    reporters = await _reporters(8)
    await asyncio.gather(
        *(report_content(r, "CHALLENGE", challenge.id, ReportReason.SPAM, rule=RULE) for r in reporters)
    )
    case = await ReportedContent.get(kind="CHALLENGE", subject_id=challenge.id)
    assert (case.visibility, case.reports, case.counted_reports) == (Visibility.HIDDEN, 8, 8)
    assert await ContentReport.filter(content_id=case.id).count() == 8
    assert await ReviewItem.filter(kind=REPORT, subject_id=case.id).count() == 1
    assert await Event.filter(kind=ContentHidden.kind, subject_id=case.id).count() == 1


async def test_reports_that_meet_at_the_threshold_do_not_miss_it(db: None) -> None:
    challenge = await make_challenge()
    first, *racing = await _reporters(3)
    await report_content(first, "CHALLENGE", challenge.id, ReportReason.SPAM, rule=RULE)
    # hold the report table so that the two last reports meet: each has checked the content and waits to write
    async with connections.get("default").acquire_connection() as blocker:
        await blocker.execute("BEGIN")
        await blocker.execute("LOCK TABLE content_report IN EXCLUSIVE MODE")
        reports = [
            asyncio.create_task(report_content(r, "CHALLENGE", challenge.id, ReportReason.SPAM, rule=RULE))
            for r in racing
        ]
        await asyncio.sleep(0.3)
        await blocker.execute("COMMIT")
    await asyncio.gather(*reports)
    case = await ReportedContent.get(kind="CHALLENGE", subject_id=challenge.id)
    assert (case.visibility, case.counted_reports) == (Visibility.HIDDEN, 3)
    assert await ReviewItem.filter(kind=REPORT, subject_id=case.id).count() == 1


async def test_one_person_reporting_twice_at_once_is_counted_once(db: None) -> None:
    challenge = await make_challenge()
    (reporter,) = await _reporters(1)
    results = await asyncio.gather(
        *(report_content(reporter, "CHALLENGE", challenge.id, ReportReason.SPAM, rule=RULE) for _ in range(5)),
        return_exceptions=True,
    )
    assert len([r for r in results if not isinstance(r, BaseException)]) == 1
    assert (
        sorted(getattr(r, "code", None) and r.code.value for r in results if isinstance(r, BaseException))
        == ["ALREADY_REPORTED"] * 4
    )
    case = await ReportedContent.get(kind="CHALLENGE", subject_id=challenge.id)
    assert (case.reports, case.counted_reports) == (1, 1)
