"""Notifications by email, from the worker: each notification an event wrote goes to its owner if they opted
in for its kind (preferences set on /compte/notifications)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from colab.accounts.models import User
from colab.actors import Actor, require_login
from colab.challenges.events import ChallengeChangesRequested, ChallengePublished, ChallengeRejected
from colab.events import DomainEvent
from colab.events.consumers import CONSUMERS, FROM_NOW, consumer
from colab.events.models import Event
from colab.ideas.events import IdeaAdmitted, IdeaChangesRequested, IdeaRejected
from colab.mail.service import send_once
from colab.mail.transport import compose, mail_settings
from colab.notifications.models import DEFAULT_EMAIL_KINDS, EmailPreference, Notification, NotificationKind
from colab.notifications.wording import describe
from colab.projects.events import ProjectOpened, ProjectUpdatePosted
from moderation.events import AppealDecided, ContentHidden, ContentRemoved, ContentRestored


async def email_kinds(user_id: int) -> tuple[bool, set[NotificationKind]]:
    """Whether the person gets notifications by email, and of which kinds."""
    preference = await EmailPreference.get_or_none(user_id=user_id)
    if preference is None:
        return True, set(DEFAULT_EMAIL_KINDS)
    return preference.enabled, {NotificationKind(k) for k in preference.kinds if k in NotificationKind.__members__}


async def set_email_kinds(actor: Actor, enabled: bool, kinds: Sequence[NotificationKind]) -> None:
    """A person chooses, for themself only, which notifications also come by email."""
    user_id = require_login(actor)
    chosen = sorted({k.value for k in kinds})
    if not await EmailPreference.filter(user_id=user_id).update(enabled=enabled, kinds=chosen):
        await EmailPreference.create(user_id=user_id, enabled=enabled, kinds=chosen)


_EMAIL = "email.notifications"


@consumer(
    _EMAIL,
    IdeaAdmitted,
    IdeaChangesRequested,
    IdeaRejected,
    ChallengePublished,
    ChallengeChangesRequested,
    ChallengeRejected,
    ProjectOpened,
    ContentHidden,
    ContentRestored,
    ContentRemoved,
    AppealDecided,
    ProjectUpdatePosted,
    replay=FROM_NOW,  # first deployed on a lab with a history: nobody is mailed about old decisions
)
async def email_notifications(event: object, row: Event) -> None:
    """Mail the notifications an event made, to those who chose that kind by email."""
    notices = await Notification.filter(event_id=row.id).order_by("id")
    if not notices:
        return
    await describe(notices)
    users = {u.id: u for u in await User.filter(id__in=[n.user_id for n in notices], is_active=True)}
    base = mail_settings().base_url.rstrip("/")
    for notice in notices:
        user = users.get(notice.user_id)
        enabled, kinds = await email_kinds(notice.user_id)
        if user is None or not enabled or notice.kind not in kinds:
            continue
        lines = [f"Bonjour {user.display_name},", "", notice.title]
        if notice.message:
            lines += ["", "Message de la modération :", notice.message]
        lines += [
            "",
            f"Voir : {base}/notifications/{notice.id}",
            "",
            f"Vous recevez ce courriel parce que vous l'avez choisi : {base}/compte/notifications",
        ]
        await send_once(f"notification:{notice.id}", compose(user.email, notice.title, "\n".join(lines)))


def mail_notifications_of(*types: type[DomainEvent]) -> None:
    """A domain whose in-transaction subscribers notify people asks for those notifications to go by email too
    (per each person's choices): its event types join this consumer's (call it at import, from colab.domains)."""
    current = CONSUMERS[_EMAIL]
    CONSUMERS[_EMAIL] = replace(current, kinds=(current.kinds or frozenset()) | {t.kind for t in types})
