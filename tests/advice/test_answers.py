"""The team's answers: by role, a reason to decline, adoption linked to an update (existing or posted at once)."""

import pytest

from colab.activity.service import activity
from colab.actors import ANONYMOUS, Actor, ProjectRole, Role
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.models import AdviceKind, AdviceStatus
from colab.advice.service import advice_of, reply_to_advice
from colab.errors import ColabError, ErrorCode
from colab.notifications.models import Notification, NotificationKind
from colab.projects.models import ProjectUpdate
from colab.projects.updates import UpdateDraft, post_update
from tests.advice.factories import make_advice
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project, team_member

NEWS = UpdateDraft("Nous changeons de salle", "<p>Grâce à un conseil, l'atelier aura lieu à la maison de quartier.</p>")


async def test_the_holder_adopts_advice_through_a_new_update(db: None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    answered = await answer_advice(
        Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, new_update=NEWS)
    )
    update = await ProjectUpdate.get(project_id=project.id)
    assert (answered.status, answered.update_id, answered.responded_by_id) == (
        AdviceStatus.ADOPTED,
        update.id,
        project.holder_id,
    )
    assert answered.responded_at is not None
    notices = await Notification.filter(kind=NotificationKind.ADVICE_ANSWERED)
    assert [(n.user_id, n.message) for n in notices] == [(advice.author_id, "Adopté par l'équipe.")]
    feed, _ = await activity("project", project.id)
    assert [f.kind for f in feed][:3] == ["advice.adopted", "project.update_posted", "advice.given"]


async def test_a_member_adopts_with_an_existing_update_of_the_project(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    update = await post_update(Actor(user_id=project.holder_id), project.id, NEWS)
    advice = await make_advice(project)
    answer = AdviceAnswer(AdviceStatus.PARTLY_ADOPTED, reason="La salle oui, le bus non.", update_id=update.id)
    answered = await answer_advice(actor_of(member), advice.id, answer)
    assert (answered.status, answered.update_id, answered.response_reason) == (
        AdviceStatus.PARTLY_ADOPTED,
        update.id,
        "La salle oui, le bus non.",
    )


async def test_a_member_may_not_post_an_update_while_adopting(db: None) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    advice = await make_advice(project)
    with pytest.raises(ColabError) as refused:
        await answer_advice(actor_of(member), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, new_update=NEWS))
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert not await ProjectUpdate.exists(project_id=project.id)


@pytest.mark.parametrize("role", [ProjectRole.FINANCE, None])
async def test_outside_the_team_nobody_answers(db: None, role: ProjectRole | None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    user = await team_member(project, role) if role else await make_user(role=Role.ADMIN)
    with pytest.raises(ColabError) as refused:
        await answer_advice(actor_of(user), advice.id, AdviceAnswer(AdviceStatus.ACKNOWLEDGED))
    assert refused.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(ColabError) as anonymous:
        await answer_advice(ANONYMOUS, advice.id, AdviceAnswer(AdviceStatus.ACKNOWLEDGED))
    assert anonymous.value.code is ErrorCode.UNAUTHENTICATED


async def test_declining_needs_a_reason(db: None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    holder = Actor(user_id=project.holder_id)
    with pytest.raises(ColabError) as refused:
        await answer_advice(holder, advice.id, AdviceAnswer(AdviceStatus.DECLINED, reason="  "))
    assert (refused.value.code, refused.value.field) == (ErrorCode.REASON_REQUIRED, "reason")
    declined = await answer_advice(holder, advice.id, AdviceAnswer(AdviceStatus.DECLINED, reason="Trop cher."))
    assert declined.response_reason == "Trop cher."


@pytest.mark.parametrize(
    ("answer", "code", "field"),
    [
        (AdviceAnswer(AdviceStatus.ADOPTED), ErrorCode.REQUIRED, "updateId"),
        (AdviceAnswer(AdviceStatus.OPEN), ErrorCode.INVALID, "status"),
        (AdviceAnswer(AdviceStatus.ACKNOWLEDGED, new_update=NEWS), ErrorCode.INVALID, "updateId"),
        (AdviceAnswer(AdviceStatus.ACKNOWLEDGED, reason="x" * 1001), ErrorCode.TOO_LONG, "reason"),
        (AdviceAnswer(AdviceStatus.ADOPTED, update_id=999_999), ErrorCode.NOT_FOUND, "updateId"),
    ],
)
async def test_answers_are_checked(db: None, answer: AdviceAnswer, code: ErrorCode, field: str) -> None:
    project = await make_project()
    advice = await make_advice(project)
    with pytest.raises(ColabError) as refused:
        await answer_advice(Actor(user_id=project.holder_id), advice.id, answer)
    assert (refused.value.code, refused.value.field) == (code, field)


async def test_an_update_of_another_project_cannot_be_linked(db: None) -> None:
    project, other = await make_project(), await make_project(title="Un autre projet voisin")
    update = await post_update(Actor(user_id=other.holder_id), other.id, NEWS)
    advice = await make_advice(project)
    with pytest.raises(ColabError) as refused:
        await answer_advice(
            Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, update_id=update.id)
        )
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID, "updateId")


async def test_a_new_update_that_fails_its_checks_answers_nothing(db: None) -> None:
    project = await make_project()
    advice = await make_advice(project)
    with pytest.raises(ColabError) as refused:
        await answer_advice(
            Actor(user_id=project.holder_id),
            advice.id,
            AdviceAnswer(AdviceStatus.ADOPTED, new_update=UpdateDraft("", "Court")),
        )
    assert [(e.code, e.field) for e in refused.value.errors] == [
        (ErrorCode.REQUIRED, "newUpdate.title"),
        (ErrorCode.TOO_SHORT, "newUpdate.body"),
    ]
    await advice.refresh_from_db()
    assert advice.status is AdviceStatus.OPEN


async def test_an_answered_question_leaves_the_top_and_replies_are_not_answered(db: None) -> None:
    project = await make_project()
    question = await make_advice(project, kind=AdviceKind.QUESTION, body="Quel budget pour la salle ?")
    helpful = await make_advice(project)
    holder = Actor(user_id=project.holder_id)
    await answer_advice(holder, question.id, AdviceAnswer(AdviceStatus.ACKNOWLEDGED))
    items, _ = await advice_of(project.id)
    assert [a.id for a in items] == [helpful.id, question.id]
    reply = await reply_to_advice(holder, helpful.id, "Merci, nous regardons cela.")
    with pytest.raises(ColabError) as refused:
        await answer_advice(holder, reply.id, AdviceAnswer(AdviceStatus.ACKNOWLEDGED))
    assert refused.value.code is ErrorCode.INVALID
