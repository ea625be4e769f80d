"""Who hears of advice: the project's leads of new advice, an author of replies and of the team's answer, a
person of the moderators' decision on their expert credential. In-app in the publishing transaction, by email
per each person's choices; new and adopted advice show in the activity feeds."""

from __future__ import annotations

from colab.activity.service import tell_in_activity
from colab.actors import ProjectRole
from colab.advice.answers import STATUS_LABELS
from colab.advice.events import AdviceAnswered, AdviceGiven, AdviceReplied, CredentialGranted, CredentialRefused
from colab.advice.models import Advice, AdviceStatus, ExpertCredential
from colab.advice.review import snippet
from colab.events import subscribe
from colab.events.models import Event
from colab.notifications.emails import mail_notifications_of
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.notifications.subscribers import moderator_message
from colab.notifications.wording import subject_titles
from colab.projects.models import ProjectMember

tell_in_activity("advice.given", "Nouveau conseil de la communauté pour le projet « {title} »")
tell_in_activity("advice.adopted", "Le projet « {title} » adopte un conseil de la communauté")
mail_notifications_of(AdviceGiven, AdviceReplied, AdviceAnswered, CredentialGranted, CredentialRefused)

_LEADS = (ProjectRole.HOLDER, ProjectRole.CO_LEAD)


@subscribe(AdviceGiven)
async def tell_the_leads(event: AdviceGiven, row: Event) -> None:
    """New advice: the project's holder and co-leads (not its author)."""
    leads = await ProjectMember.filter(project_id=event.project_id, role__in=_LEADS)
    others = [m.user_id for m in leads if m.user_id != event.author_id]
    await notify(others, NotificationKind.ADVICE_GIVEN, "advice", event.subject_id, event_id=row.id)


@subscribe(AdviceReplied)
async def tell_the_author_of_a_reply(event: AdviceReplied, row: Event) -> None:
    """A reply: the author of the advice it answers (not when they reply to themselves)."""
    parent = await Advice.get_or_none(id=event.parent_id)
    if parent is not None and parent.author_id != event.author_id:
        await notify([parent.author_id], NotificationKind.ADVICE_REPLY, "advice", parent.id, event_id=row.id)


@subscribe(AdviceAnswered)
async def tell_the_author_of_the_answer(event: AdviceAnswered, row: Event) -> None:
    if event.author_id == event.actor_id:
        return
    message = STATUS_LABELS[AdviceStatus(event.status)] + (f". {event.reason}" if event.reason else ".")
    await notify(
        [event.author_id],
        NotificationKind.ADVICE_ANSWERED,
        "advice",
        event.subject_id,
        message=message,
        event_id=row.id,
    )


@subscribe(CredentialGranted, CredentialRefused)
async def tell_the_requester(event: CredentialGranted | CredentialRefused, row: Event) -> None:
    if isinstance(event, CredentialGranted):
        kind, message = NotificationKind.CREDENTIAL_GRANTED, ""
    else:
        kind, message = NotificationKind.CREDENTIAL_REFUSED, moderator_message(event.reason, event.message)
    await notify([event.user_id], kind, "expert_credential", event.subject_id, message=message, event_id=row.id)


@subject_titles("advice")
async def _advice_titles(ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = await Advice.filter(id__in=ids).values("id", "body", "project__title")
    return {r["id"]: (snippet(r["body"]), r["project__title"] or "") for r in rows}


@subject_titles("expert_credential")
async def _credential_titles(ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = await ExpertCredential.filter(id__in=ids).values_list("id", "theme__name")
    return {i: (name, "") for i, name in rows}
