"""Who hears of advice: the leads of new advice, an author of replies and answers; feeds and titles."""

from colab.activity.service import activity
from colab.actors import Actor, ProjectRole
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.models import AdviceStatus
from colab.advice.service import reply_to_advice
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.wording import describe
from tests.advice.factories import make_advice
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member


async def test_the_holder_and_co_leads_hear_of_new_advice(db: None) -> None:
    project = await make_project(title="Un jardin partagé à Namur")
    co_lead = await team_member(project, ProjectRole.CO_LEAD)
    await team_member(project, ProjectRole.MEMBER, name="Membre simple")
    advice = await make_advice(project, body="<p>Demandez des semences à la grainothèque.</p>")
    notices = await Notification.filter(kind=NotificationKind.ADVICE_GIVEN).order_by("user_id")
    assert [n.user_id for n in notices] == sorted([project.holder_id, co_lead.id])
    await describe(notices)
    assert notices[0].title == (
        "Nouveau conseil sur le projet « Un jardin partagé à Namur » : « Demandez des semences à la grainothèque. »"
    )
    assert notices[0].subject_type == "advice" and notices[0].subject_id == advice.id
    feed, _ = await activity("project", project.id)
    assert feed[0].sentence == "Nouveau conseil de la communauté pour le projet « Un jardin partagé à Namur »"


async def test_the_author_hears_of_replies_but_not_of_their_own(db: None) -> None:
    project = await make_project()
    author = await make_user(name="Autrice")
    advice = await make_advice(project, author)
    await reply_to_advice(actor_of(author), advice.id, "Je précise mon conseil.")
    assert not await Notification.exists(kind=NotificationKind.ADVICE_REPLY)
    await reply_to_advice(Actor(user_id=project.holder_id), advice.id, "Merci, nous regardons.")
    assert [n.user_id for n in await Notification.filter(kind=NotificationKind.ADVICE_REPLY)] == [author.id]
    feed, _ = await activity("project", project.id)
    assert [f.kind for f in feed].count("advice.given") == 1  # replies do not fill the feeds


async def test_the_author_hears_of_the_answer_with_the_reason(db: None) -> None:
    project = await make_project(title="Un jardin partagé")
    advice = await make_advice(project, body="Plantez des arbres fruitiers.")
    await answer_advice(
        Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.DECLINED, reason="Pas de place.")
    )
    notice = await Notification.get(kind=NotificationKind.ADVICE_ANSWERED)
    await describe([notice])
    assert notice.user_id == advice.author_id
    assert notice.message == "Non retenu par l'équipe. Pas de place."
    assert (
        notice.title
        == "L'équipe du projet « Un jardin partagé » a répondu à votre conseil « Plantez des arbres fruitiers. »"
    )


def test_advice_notifications_also_go_by_email() -> None:
    from colab.events.consumers import CONSUMERS

    kinds = CONSUMERS["email.notifications"].kinds or frozenset()
    assert {
        "advice.given",
        "advice.replied",
        "advice.answered",
        "advice.credential_granted",
        "advice.credential_refused",
    } <= kinds
