"""Reports: once per person, public content only; enough established reporters hide it and queue it first."""

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS, Actor
from colab.challenges.service import ChallengeFilter, list_challenges
from colab.challenges.service import can_see as can_see_challenge
from colab.errors import ColabError, ErrorCode
from colab.ideas.service import IdeaFilter, get_idea, list_ideas
from colab.notifications.models import Notification, NotificationKind
from moderation.models import ContentReport, HiddenBy, ReportedContent, ReportReason, ReviewItem, ReviewStatus
from moderation.reports import HIGH_PRIORITY, REPORT, ReportRule, report_content
from tests.conftest import actor_of, make_challenge, make_user
from tests.ideas.factories import make_idea, submitted_idea
from tests.moderation.factories import admitted_idea, established

RULE = ReportRule(threshold=3, min_account_age=timedelta(days=7))


async def _report(kind: str, subject_id: int, n: int, *, days: int = 30) -> None:
    for i in range(n):
        reporter = actor_of(await established(f"Signaleur {i}", days=days))
        await report_content(reporter, kind, subject_id, ReportReason.SPAM, "Publicité déguisée.", rule=RULE)


async def test_a_person_reports_a_content_once(db: None) -> None:
    challenge = await make_challenge()
    reporter = actor_of(await make_user())
    await report_content(reporter, "CHALLENGE", challenge.id, ReportReason.OFFENSIVE)
    with pytest.raises(ColabError) as refused:
        await report_content(reporter, "CHALLENGE", challenge.id, ReportReason.SPAM)
    assert refused.value.code is ErrorCode.ALREADY_REPORTED
    assert await ContentReport.all().count() == 1
    assert (await ReportedContent.get(subject_id=challenge.id)).reports == 1


async def test_the_first_report_queues_the_content_without_hiding_it(db: None) -> None:
    challenge = await make_challenge()
    await _report("CHALLENGE", challenge.id, 1)
    case = await ReportedContent.get(kind="CHALLENGE", subject_id=challenge.id)
    item = await ReviewItem.get(kind=REPORT, subject_id=case.id)
    assert (item.status, item.priority, item.author_id) == (ReviewStatus.PENDING, 0, challenge.author_id)
    assert await can_see_challenge(ANONYMOUS, challenge)


async def test_enough_established_reporters_hide_the_content_and_queue_it_first(db: None) -> None:
    idea = await admitted_idea()
    await _report("IDEA", idea.id, 3)
    case = await ReportedContent.get(kind="IDEA", subject_id=idea.id)
    assert (case.visibility.value, case.hidden_by, case.counted_reports) == ("HIDDEN", HiddenBy.RULE, 3)
    items = await ReviewItem.filter(kind=REPORT, subject_id=case.id)
    assert [(i.priority, i.queue_rank) for i in items] == [(HIGH_PRIORITY, -HIGH_PRIORITY)]
    with pytest.raises(ColabError) as hidden:
        await get_idea(ANONYMOUS, idea.id)
    assert hidden.value.code is ErrorCode.NOT_FOUND
    assert (await list_ideas(ANONYMOUS, IdeaFilter()))[1] == 0
    notice = await Notification.get(user_id=idea.author_id, kind=NotificationKind.CONTENT_HIDDEN)
    assert (notice.subject_type, notice.subject_id) == ("idea", idea.id)
    assert "automatiquement" in notice.message


async def test_reports_from_new_accounts_do_not_hide_the_content(db: None) -> None:
    challenge = await make_challenge()
    await _report("CHALLENGE", challenge.id, 4, days=2)
    case = await ReportedContent.get(kind="CHALLENGE", subject_id=challenge.id)
    assert (case.visibility.value, case.reports, case.counted_reports) == ("VISIBLE", 4, 0)
    assert (await list_challenges(ANONYMOUS, ChallengeFilter()))[1] == 1


async def test_the_threshold_and_the_account_age_are_settings(db: None) -> None:
    challenge = await make_challenge()
    rule = ReportRule(threshold=2, min_account_age=timedelta(days=1))
    for i in range(2):
        reporter = actor_of(await established(f"S{i}", days=2))
        await report_content(reporter, "CHALLENGE", challenge.id, ReportReason.SPAM, rule=rule)
    assert not await can_see_challenge(ANONYMOUS, challenge)
    assert (await list_challenges(ANONYMOUS, ChallengeFilter()))[1] == 0


@pytest.mark.parametrize("state", ["draft", "submitted"])
async def test_only_public_content_can_be_reported(db: None, state: str) -> None:
    author = await make_user()
    idea = await make_idea(author) if state == "draft" else await submitted_idea(author)
    with pytest.raises(ColabError) as refused:
        await report_content(actor_of(await make_user()), "IDEA", idea.id, ReportReason.SPAM)
    assert refused.value.code is ErrorCode.NOT_FOUND


async def test_nobody_reports_their_own_content_or_an_unknown_kind(db: None) -> None:
    challenge = await make_challenge()
    with pytest.raises(ColabError) as own:
        await report_content(Actor(user_id=challenge.author_id), "CHALLENGE", challenge.id, ReportReason.SPAM)
    assert own.value.code is ErrorCode.NOT_REPORTABLE
    with pytest.raises(ColabError) as unknown:
        await report_content(actor_of(await make_user()), "APPEAL", 1, ReportReason.SPAM)
    assert unknown.value.code is ErrorCode.NOT_REPORTABLE


async def test_anonymous_visitors_cannot_report(db: None) -> None:
    challenge = await make_challenge()
    with pytest.raises(ColabError) as refused:
        await report_content(ANONYMOUS, "CHALLENGE", challenge.id, ReportReason.SPAM)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_a_long_explanation_is_refused(db: None) -> None:
    challenge = await make_challenge()
    with pytest.raises(ColabError) as refused:
        await report_content(actor_of(await make_user()), "CHALLENGE", challenge.id, ReportReason.OTHER, "x" * 1001)
    assert (refused.value.code, refused.value.field) == (ErrorCode.TOO_LONG, "text")
