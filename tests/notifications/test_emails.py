"""Notifications by email: sent by the worker to those who opted in for their kind, through a real SMTP server."""

from __future__ import annotations

import pytest

from colab.events.models import Delivery
from colab.events.worker import Worker
from colab.notifications.emails import email_kinds, set_email_kinds
from colab.notifications.models import DEFAULT_EMAIL_KINDS, Notification, NotificationKind
from colab.organizations.models import MembershipRole
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge, make_org, make_user
from tests.ideas.factories import make_moderator, submitted_idea
from tests.smtp_server import BASE_URL, Inbox

pytestmark = pytest.mark.usefixtures("db")


async def _decide(decision: Decision, reason: ReasonCode | None = None, message: str = "") -> None:
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, decision, reason, message)


async def _drain() -> None:
    worker = Worker()
    while await worker.run_once():
        pass


async def test_by_default_the_author_gets_the_decision_by_email(smtp: Inbox) -> None:
    author = await make_user(email="auteur@exemple.be", name="Léa Martin")
    idea = await submitted_idea(author)
    await _decide(Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Ajoutez un budget.")
    assert smtp.messages == []  # the decision's request sends nothing itself
    await _drain()
    [message] = smtp.to("auteur@exemple.be")
    notice = await Notification.get(user_id=author.id)
    assert message["Subject"] == f"Modifications demandées pour « {idea.title} »."
    text = smtp.text(message)
    assert "Bonjour Léa Martin," in text and "Motif : Incomplet. Ajoutez un budget." in text
    assert f"{BASE_URL}/notifications/{notice.id}" in text
    await _drain()
    assert len(smtp.messages) == 1


async def test_the_organization_gets_admitted_answers_only_if_it_opted_in(smtp: Inbox) -> None:
    manager, member = await make_user(email="gestion@exemple.be"), await make_user(email="membre@exemple.be")
    org = await make_org(members={manager: MembershipRole.MANAGER, member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=manager)
    await set_email_kinds(actor_of(member), True, [NotificationKind.ANSWER_ADMITTED])
    author = await make_user(email="citoyen@exemple.be")
    await submitted_idea(author, challenge=challenge)
    await _decide(Decision.ADMIT)
    await _drain()
    assert sorted(m["To"] for m in smtp.messages) == ["citoyen@exemple.be", "membre@exemple.be"]


async def test_turning_email_off_stops_every_kind(smtp: Inbox) -> None:
    author = await make_user()
    await set_email_kinds(actor_of(author), False, list(NotificationKind))
    await submitted_idea(author)
    await _decide(Decision.REJECT, ReasonCode.OFF_TOPIC, "Hors sujet.")
    await _drain()
    assert smtp.messages == []
    assert await Notification.filter(user_id=author.id).count() == 1  # still told in the lab


async def test_preferences_default_then_change() -> None:
    user = await make_user()
    assert await email_kinds(user.id) == (True, set(DEFAULT_EMAIL_KINDS))
    await set_email_kinds(actor_of(user), True, [NotificationKind.IDEA_ADMITTED])
    await set_email_kinds(actor_of(user), True, [NotificationKind.IDEA_REJECTED, NotificationKind.IDEA_REJECTED])
    assert await email_kinds(user.id) == (True, {NotificationKind.IDEA_REJECTED})


async def test_a_lab_with_a_history_does_not_mail_old_decisions_when_email_arrives(smtp: Inbox) -> None:
    await submitted_idea(await make_user())
    await _decide(Decision.REJECT, ReasonCode.OFF_TOPIC, "Hors sujet.")
    await Delivery.filter(consumer="email.notifications").delete()  # as if decided before the consumer existed
    worker = Worker()
    await worker.start_consumers()
    while await worker.run_once():
        pass
    assert smtp.messages == [] and not await Delivery.exists(consumer="email.notifications")
