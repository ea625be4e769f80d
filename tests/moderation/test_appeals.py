"""Appeals: the author contests a rejection or a hidden content once; another moderator decides it."""

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS, Actor
from colab.errors import ColabError, ErrorCode
from colab.ideas.models import IdeaStatus
from colab.ideas.service import get_idea
from colab.notifications.models import Notification, NotificationKind
from colab.projects.models import Project
from moderation.appeals import APPEAL, appeal_decision, file_appeal
from moderation.decisions import decide_review
from moderation.models import Appeal, Decision, ReasonCode, ReportedContent, ReportReason, ReviewItem, Visibility
from moderation.queue import claim, claim_next
from moderation.reports import REPORT, ReportRule, report_content
from tests.conftest import actor_of, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea
from tests.moderation.factories import admitted_idea, decided, established


async def _rejected():  # type: ignore[no-untyped-def]
    author = await make_user()
    idea = await submitted_idea(author)
    first = await make_moderator("Première modératrice")
    item = await decided(actor_of(first), await item_of(idea), Decision.REJECT, "Hors sujet pour ce défi.")
    return author, idea, first, item


async def test_the_author_appeals_a_rejection_into_the_queue(db: None) -> None:
    author, idea, _, item = await _rejected()
    appeal = await appeal_decision(actor_of(author), "IDEA", idea.id, "Mon idée répond bien au défi.")
    assert (appeal.kind, appeal.subject_id, appeal.decided_item_id) == ("IDEA", idea.id, item.id)
    queued = await ReviewItem.get(kind=APPEAL, subject_id=appeal.id)
    assert (queued.author_id, queued.title) == (author.id, f"Appel : {idea.title}")


async def test_a_second_appeal_is_refused(db: None) -> None:
    author, idea, _, item = await _rejected()
    await file_appeal(actor_of(author), item.id, "Premier appel.")
    with pytest.raises(ColabError) as refused:
        await file_appeal(actor_of(author), item.id, "Deuxième appel.")
    assert refused.value.code is ErrorCode.ALREADY_APPEALED
    assert await Appeal.all().count() == 1


async def test_the_first_moderator_cannot_decide_the_appeal(db: None) -> None:
    author, idea, first, _ = await _rejected()
    appeal = await appeal_decision(actor_of(author), "IDEA", idea.id, "Relisez-la, s'il vous plaît.")
    queued = await ReviewItem.get(kind=APPEAL, subject_id=appeal.id)
    assert await claim_next(actor_of(first)) is None
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(first), queued.id)
    assert refused.value.code is ErrorCode.SAME_MODERATOR


async def test_upholding_an_appeal_admits_the_rejected_idea(db: None) -> None:
    author, idea, _, _ = await _rejected()
    appeal = await appeal_decision(actor_of(author), "IDEA", idea.id, "Elle répond au défi.")
    other = actor_of(await make_moderator("Second regard"))
    queued = await ReviewItem.get(kind=APPEAL, subject_id=appeal.id)
    await decided(other, queued, Decision.ADMIT)
    assert (await get_idea(ANONYMOUS, idea.id)).status is IdeaStatus.ADMITTED
    assert await Project.filter(idea_id=idea.id).count() == 1
    assert (await Appeal.get(id=appeal.id)).outcome is Decision.ADMIT
    assert await Notification.exists(user_id=author.id, kind=NotificationKind.APPEAL_UPHELD)


async def test_dismissing_an_appeal_keeps_the_decision(db: None) -> None:
    author, idea, _, _ = await _rejected()
    appeal = await appeal_decision(actor_of(author), "IDEA", idea.id, "Elle répond au défi.")
    other = actor_of(await make_moderator("Second regard"))
    queued = await ReviewItem.get(kind=APPEAL, subject_id=appeal.id)
    await claim(other, queued.id)
    await decide_review(other, queued.id, Decision.REJECT, ReasonCode.OFF_TOPIC, "La décision est maintenue.")
    await idea.refresh_from_db()
    assert idea.status is IdeaStatus.REJECTED
    notice = await Notification.get(user_id=author.id, kind=NotificationKind.APPEAL_DISMISSED)
    assert notice.message == "La décision est maintenue."


async def test_the_author_of_removed_content_appeals_and_gets_it_back(db: None) -> None:
    idea = await admitted_idea()
    author = Actor(user_id=idea.author_id)
    rule = ReportRule(threshold=1, min_account_age=timedelta(days=7))
    await report_content(actor_of(await established()), "IDEA", idea.id, ReportReason.SPAM, rule=rule)
    case = await ReportedContent.get(kind="IDEA", subject_id=idea.id)
    first = actor_of(await make_moderator("Retrait"))
    await decided(first, await ReviewItem.get(kind=REPORT, subject_id=case.id), Decision.REJECT)
    appeal = await appeal_decision(author, "IDEA", idea.id, "Ce n'est pas de la publicité.")
    assert (appeal.kind, appeal.subject_id) == (REPORT, case.id)
    queued = await ReviewItem.get(kind=APPEAL, subject_id=appeal.id)
    await decided(actor_of(await make_moderator("Appel")), queued, Decision.ADMIT)
    await case.refresh_from_db()
    assert case.visibility is Visibility.VISIBLE
    assert (await get_idea(ANONYMOUS, idea.id)).id == idea.id


async def test_only_the_author_appeals_and_only_an_appealable_decision(db: None) -> None:
    author, idea, _, _ = await _rejected()
    with pytest.raises(ColabError) as stranger:
        await appeal_decision(actor_of(await make_user()), "IDEA", idea.id, "Je ne suis pas l'auteur.")
    assert stranger.value.code is ErrorCode.NOT_APPEALABLE
    admitted = await admitted_idea()
    holder = Actor(user_id=admitted.author_id)
    with pytest.raises(ColabError) as admission:
        await appeal_decision(holder, "IDEA", admitted.id, "J'aime ma décision.")
    assert admission.value.code is ErrorCode.NOT_APPEALABLE
    with pytest.raises(ColabError) as empty:
        await appeal_decision(actor_of(author), "IDEA", idea.id, "   ")
    assert empty.value.code is ErrorCode.MESSAGE_REQUIRED
