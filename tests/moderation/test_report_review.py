"""A moderator decides reported content: restore it, keep it hidden, or remove it; reporters do not decide."""

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.ideas.service import get_idea
from colab.notifications.models import Notification, NotificationKind
from colab.projects.models import Project
from colab.projects.service import find_project
from moderation.events import ReviewDecided
from moderation.models import Decision, HiddenBy, ReportedContent, ReportReason, ReviewItem, Visibility
from moderation.queue import claim, claim_next
from moderation.records import history_by_author
from moderation.reports import REPORT, ReportRule, report_content
from moderation.transparency import monthly_stats
from tests.conftest import actor_of
from tests.ideas.factories import make_moderator
from tests.moderation.factories import admitted_idea, decided, established

RULE = ReportRule(threshold=2, min_account_age=timedelta(days=7))


async def _hidden_idea():  # type: ignore[no-untyped-def]
    idea = await admitted_idea()
    for i in range(2):
        await report_content(actor_of(await established(f"R{i}")), "IDEA", idea.id, ReportReason.SPAM, rule=RULE)
    case = await ReportedContent.get(kind="IDEA", subject_id=idea.id)
    return idea, case, await ReviewItem.get(kind=REPORT, subject_id=case.id)


async def test_restoring_makes_the_content_public_and_tells_its_author(db: None) -> None:
    idea, case, item = await _hidden_idea()
    await decided(actor_of(await make_moderator()), item, Decision.ADMIT)
    await case.refresh_from_db()
    assert (case.visibility, case.hidden_by, case.counted_reports) == (Visibility.VISIBLE, None, 0)
    assert (await get_idea(ANONYMOUS, idea.id)).id == idea.id
    assert await Notification.exists(user_id=idea.author_id, kind=NotificationKind.CONTENT_RESTORED)


async def test_removing_keeps_it_out_of_view_and_tells_the_author_why(db: None) -> None:
    idea, case, item = await _hidden_idea()
    await decided(actor_of(await make_moderator()), item, Decision.REJECT, "Contenu publicitaire.")
    await case.refresh_from_db()
    assert (case.visibility, case.hidden_by) == (Visibility.REMOVED, HiddenBy.MODERATOR)
    with pytest.raises(ColabError) as gone:
        await get_idea(ANONYMOUS, idea.id)
    assert gone.value.code is ErrorCode.NOT_FOUND
    project = await Project.get(idea_id=idea.id)
    assert await find_project(project.id) is not None  # the project is a subject of its own
    notice = await Notification.get(user_id=idea.author_id, kind=NotificationKind.CONTENT_REMOVED)
    assert notice.message == "Motif : Propos blessants. Contenu publicitaire."


async def test_a_moderator_can_keep_visible_content_hidden(db: None) -> None:
    idea = await admitted_idea()
    await report_content(actor_of(await established()), "IDEA", idea.id, ReportReason.OFFENSIVE, rule=RULE)
    case = await ReportedContent.get(kind="IDEA", subject_id=idea.id)
    assert case.visibility is Visibility.VISIBLE
    item = await ReviewItem.get(kind=REPORT, subject_id=case.id)
    await decided(actor_of(await make_moderator()), item, Decision.REQUEST_CHANGES)
    await case.refresh_from_db()
    assert (case.visibility, case.hidden_by) == (Visibility.HIDDEN, HiddenBy.MODERATOR)
    notice = await Notification.get(user_id=idea.author_id, kind=NotificationKind.CONTENT_HIDDEN)
    assert "Un modérateur" in notice.message


async def test_a_moderator_who_reported_the_content_does_not_decide_it(db: None) -> None:
    idea = await admitted_idea()
    moderator = await make_moderator("Modératrice qui signale")
    await report_content(actor_of(moderator), "IDEA", idea.id, ReportReason.SPAM, rule=RULE)
    case = await ReportedContent.get(kind="IDEA", subject_id=idea.id)
    item = await ReviewItem.get(kind=REPORT, subject_id=case.id)
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(moderator), item.id)
    assert refused.value.code is ErrorCode.SELF_REVIEW


async def test_the_decision_publishes_review_decided(db: None) -> None:
    _, case, item = await _hidden_idea()
    moderator = await make_moderator()
    await decided(actor_of(moderator), item, Decision.ADMIT)
    event = await Event.get(kind=ReviewDecided.kind, subject_id=item.id)
    assert event.actor_id == moderator.id
    assert event.payload == {"review_kind": REPORT, "reviewed_id": case.id, "decision": "ADMIT", "reason": None}


async def test_a_moderator_reporting_content_already_queued_is_not_handed_its_report(db: None) -> None:
    idea = await admitted_idea()
    await report_content(actor_of(await established("Premier")), "IDEA", idea.id, ReportReason.SPAM, rule=RULE)
    moderator = await make_moderator("Modérateur qui signale ensuite")
    await report_content(actor_of(moderator), "IDEA", idea.id, ReportReason.OFFENSIVE, rule=RULE)
    assert await claim_next(actor_of(moderator)) is None


async def test_reports_count_neither_in_the_authors_history_nor_in_the_public_numbers(db: None) -> None:
    idea, _, item = await _hidden_idea()
    await decided(actor_of(await make_moderator()), item, Decision.REJECT)
    history = (await history_by_author([idea.author_id]))[idea.author_id]
    assert (history.submissions, history.admitted, history.rejected) == (1, 1, 0)
    (month,) = await monthly_stats()
    assert (month.decisions, month.by_decision[Decision.REJECT]) == (1, 0)
