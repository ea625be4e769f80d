"""Notifications as in-transaction subscribers: the decision's event tells the people it concerns, or the
decision does not happen."""

from __future__ import annotations

from datetime import timedelta

from colab.accounts.events import SignupAttempted
from colab.accounts.models import User
from colab.actors import Role
from colab.challenges.events import ChallengeChangesRequested, ChallengePublished, ChallengeRejected
from colab.events import subscribe
from colab.events.models import Event
from colab.ideas.events import IdeaChangesRequested, IdeaRejected
from colab.ideas.models import REVIEW_KIND as IDEA
from colab.mail.service import request_mail
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.organizations.models import Membership
from colab.partnership import service as partnership
from colab.partnership.events import PartnershipRequested
from colab.partnership.models import PartnershipRequest
from colab.projects.events import ProjectOpened, ProjectUpdatePosted
from colab.projects.follows import followers_of
from moderation.events import AppealDecided, ContentHidden, ContentRemoved, ContentRestored
from moderation.models import REASON_LABELS, Decision, ReasonCode, ReviewItem

_KINDS = {
    IdeaChangesRequested: NotificationKind.IDEA_CHANGES_REQUESTED,
    IdeaRejected: NotificationKind.IDEA_REJECTED,
    ChallengeChangesRequested: NotificationKind.CHALLENGE_CHANGES_REQUESTED,
    ChallengeRejected: NotificationKind.CHALLENGE_REJECTED,
}


def moderator_message(reason: str | None, message: str) -> str:
    """What the author reads: the reason's label, then the moderator's own words."""
    if reason is None:
        return message
    return f"Motif : {REASON_LABELS[ReasonCode(reason)]}. {message}".strip()


@subscribe(IdeaChangesRequested, IdeaRejected, ChallengeChangesRequested, ChallengeRejected)
async def tell_the_author_of_a_refusal(
    event: IdeaChangesRequested | IdeaRejected | ChallengeChangesRequested | ChallengeRejected, row: Event
) -> None:
    await notify(
        [event.author_id],
        _KINDS[type(event)],
        event.subject_type,
        event.subject_id,
        message=moderator_message(event.reason, event.message),
        event_id=row.id,
    )


@subscribe(ProjectOpened)
async def tell_the_author_of_an_admission(event: ProjectOpened, row: Event) -> None:
    """The admitted idea lives on as its project (opened by colab.projects on IdeaAdmitted): the notification
    leads there. The moderator's words are read from the decided item (the events are public)."""
    item = await ReviewItem.filter(kind=IDEA, subject_id=event.idea_id).order_by("-id").first()
    message = item.message if item is not None and item.decision is Decision.ADMIT else ""
    await notify(
        [event.holder_id], NotificationKind.IDEA_ADMITTED, "project", event.subject_id, message=message, event_id=row.id
    )


@subscribe(ChallengePublished)
async def tell_the_author_of_a_publication(event: ChallengePublished, row: Event) -> None:
    if event.actor_id == event.author_id:
        return  # a verified organization's member published it: nobody needs telling
    await notify(
        [event.author_id], NotificationKind.CHALLENGE_PUBLISHED, "challenge", event.subject_id, event_id=row.id
    )


@subscribe(ProjectOpened)
async def tell_the_organization_of_an_answer(event: ProjectOpened, row: Event) -> None:
    """The members of the organization whose challenge the admitted idea answers."""
    if event.organization_id is None or event.challenge_id is None:
        return
    members: list[int] = await Membership.filter(  # type: ignore[assignment]
        organization_id=event.organization_id
    ).values_list("user_id", flat=True)
    await notify(
        [m for m in members if m != event.holder_id],
        NotificationKind.ANSWER_ADMITTED,
        "project",
        event.subject_id,
        event_id=row.id,
    )


_CONTENT_KINDS = {
    ContentHidden: NotificationKind.CONTENT_HIDDEN,
    ContentRestored: NotificationKind.CONTENT_RESTORED,
    ContentRemoved: NotificationKind.CONTENT_REMOVED,
}


@subscribe(ContentHidden, ContentRestored, ContentRemoved)
async def tell_the_author_of_reported_content(
    event: ContentHidden | ContentRestored | ContentRemoved, row: Event
) -> None:
    """The author of reported content hears when it is hidden (and by whom), restored or removed."""
    message = ""
    if isinstance(event, ContentHidden):
        message = (
            "Plusieurs personnes l'ont signalé : il est masqué automatiquement en attendant un modérateur."
            if event.by_rule
            else "Un modérateur l'a masqué. Vous pouvez faire appel de cette décision."
        )
    elif isinstance(event, ContentRemoved):
        message = moderator_message(event.reason, event.message)
    subject = (event.content_kind.lower(), event.content_id)
    await notify([event.author_id], _CONTENT_KINDS[type(event)], *subject, message=message, event_id=row.id)


@subscribe(AppealDecided)
async def tell_the_appellant(event: AppealDecided, row: Event) -> None:
    kind = NotificationKind.APPEAL_UPHELD if event.upheld else NotificationKind.APPEAL_DISMISSED
    subject = (event.appealed_kind.lower(), event.appealed_id)
    await notify([event.appellant_id], kind, *subject, message=event.message, event_id=row.id)


@subscribe(PartnershipRequested)
async def tell_the_admins_of_a_partnership_request(event: PartnershipRequested, row: Event) -> None:
    """Every admin is notified, in the request's transaction, until the day's flood cap is reached."""
    request = await PartnershipRequest.get(id=event.subject_id)
    since = request.created_at - timedelta(days=1)
    if await PartnershipRequest.filter(created_at__gt=since, id__lt=request.id).count() >= partnership.NOTIFIED_PER_DAY:
        return
    admins = await User.filter(role=Role.ADMIN, is_active=True).values_list("id", flat=True)
    await notify(
        [int(a) for a in admins],  # type: ignore[call-overload]
        NotificationKind.PARTNERSHIP_REQUEST,
        "partnership_request",
        request.id,
        message=f"{request.contact_name} ({request.email})",
        event_id=row.id,
    )


@subscribe(SignupAttempted)
async def tell_the_owner_of_a_signup_attempt(event: SignupAttempted, row: Event) -> None:
    await notify(
        [event.subject_id],
        NotificationKind.SIGNUP_ATTEMPT,
        "account",
        event.subject_id,
        message="Si c'était vous, connectez-vous simplement. Sinon, vous pouvez ignorer ce message.",
        event_id=row.id,
    )
    # by email too, whatever the person's preferences: only the address's owner reads it
    await request_mail(
        event.subject_id,
        "Tentative d'inscription avec votre adresse",
        "Quelqu'un a tenté de créer un compte Colab Wallonie avec votre adresse e-mail.\n\n"
        "Si c'était vous, connectez-vous simplement (ou utilisez « Mot de passe oublié ? »). "
        "Sinon, vous pouvez ignorer ce message : aucun compte n'a été créé.",
    )


@subscribe(ProjectUpdatePosted)
async def tell_the_followers_of_an_update(event: ProjectUpdatePosted, row: Event) -> None:
    """A project's followers hear of its news (its author excepted)."""
    followers = [f for f in await followers_of(event.project_id) if f != event.actor_id]
    await notify(followers, NotificationKind.PROJECT_UPDATE, "project_update", event.subject_id, event_id=row.id)
