"""Crowdacting's mail, from the worker: confirmations and reminders with the call's iCalendar file, and the
notifications of calls emailed like every other notification."""

from __future__ import annotations

from colab.acting.calendar import call_ics, when_fr
from colab.acting.events import (
    CallActivated,
    CallCalledOff,
    CallMoved,
    CallPosted,
    OfferAccepted,
    PlaceOffered,
    ReminderDue,
    TimePledged,
)
from colab.acting.models import LIVE_CALL, PledgeStatus, TimePledge
from colab.events.consumers import FROM_NOW, consumer
from colab.events.models import Event
from colab.mail.service import send_once
from colab.mail.transport import Attachment, compose, mail_settings
from colab.notifications.emails import email_notifications
from colab.validation import utcnow

__all__ = ["email_call_notifications", "email_pledge"]


@consumer(
    "acting.email_notifications", CallPosted, PlaceOffered, CallActivated, CallCalledOff, CallMoved, replay=FROM_NOW
)
async def email_call_notifications(event: object, row: Event) -> None:
    await email_notifications(event, row)


@consumer("acting.email_pledges", TimePledged, OfferAccepted, ReminderDue, replay=FROM_NOW)
async def email_pledge(event: TimePledged | OfferAccepted | ReminderDue, row: Event) -> None:
    """A confirmed place, and the reminder before the start, each with the calendar file (once per event)."""
    if isinstance(event, TimePledged) and event.status != PledgeStatus.CONFIRMED.value:
        return
    pledge = await TimePledge.get_or_none(id=event.pledge_id).prefetch_related("call__commune", "volunteer")
    if pledge is None or not pledge.volunteer.is_active or pledge.status is not PledgeStatus.CONFIRMED:
        return
    call = pledge.call
    if call.status not in LIVE_CALL:
        return
    if isinstance(event, ReminderDue) and event.version != call.version:
        return  # the call moved since: the reminder of its new version is the one to send
    base = mail_settings().base_url.rstrip("/")
    link = f"{base}/actions/{call.id}"
    when = when_fr(call.starts_at, call.ends_at)
    if isinstance(event, ReminderDue):
        subject = f"Rappel : « {call.title} » {when}"
        opening = "Petit rappel : vous êtes attendu·e à cette action."
    else:
        subject = f"Inscription confirmée : « {call.title} »"
        opening = "Votre place est confirmée. Merci pour votre engagement !"
    lines = [
        f"Bonjour {pledge.volunteer.display_name},",
        "",
        opening,
        "",
        f"Action : {call.title}",
        f"Quand : {when}",
        f"Où : {call.meeting_point}, {call.commune.name}",
    ]
    if call.what_to_bring:
        lines.append(f"À apporter : {call.what_to_bring}")
    lines += [
        "",
        f"Le détail, ou annuler si vous ne pouvez plus venir : {link}",
        "",
        "Le fichier joint ajoute l'action à votre agenda.",
    ]
    ics = call_ics(call, call.commune.name, link, now=utcnow())
    message = compose(
        pledge.volunteer.email, subject, "\n".join(lines), (Attachment("action.ics", ics, "text/calendar"),)
    )
    await send_once(f"acting:{row.id}", message)
