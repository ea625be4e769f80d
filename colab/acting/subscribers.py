"""Who is told what about volunteer calls (in the transaction of the change), and how calls are named."""

from __future__ import annotations

from colab.acting.events import SUBJECT, CallActivated, CallCalledOff, CallMoved, CallPosted, PlaceOffered
from colab.acting.models import VolunteerCall
from colab.events import subscribe
from colab.events.models import Event
from colab.notifications.models import NotificationKind
from colab.notifications.service import notify
from colab.notifications.wording import subject_titles
from colab.projects.follows import followers_of


@subscribe(CallPosted)
async def tell_followers(event: CallPosted, row: Event) -> None:
    assert event.project_id is not None
    followers = [u for u in await followers_of(event.project_id) if u != event.actor_id]
    await notify(followers, NotificationKind.CALL_POSTED, SUBJECT, event.subject_id, event_id=row.id)


@subscribe(PlaceOffered)
async def tell_offered(event: PlaceOffered, row: Event) -> None:
    if not event.reconfirm:  # a moved call's volunteers are told by CALL_MOVED
        await notify([event.volunteer_id], NotificationKind.PLACE_OFFERED, SUBJECT, event.subject_id, event_id=row.id)


@subscribe(CallActivated)
async def tell_activated(event: CallActivated, row: Event) -> None:
    await notify(event.volunteer_ids, NotificationKind.CALL_ACTIVATED, SUBJECT, event.subject_id, event_id=row.id)


@subscribe(CallCalledOff)
async def tell_called_off(event: CallCalledOff, row: Event) -> None:
    await notify(event.volunteer_ids, NotificationKind.CALL_CALLED_OFF, SUBJECT, event.subject_id, event_id=row.id)


@subscribe(CallMoved)
async def tell_moved(event: CallMoved, row: Event) -> None:
    await notify(event.volunteer_ids, NotificationKind.CALL_MOVED, SUBJECT, event.subject_id, event_id=row.id)


@subject_titles(SUBJECT)
async def _call_titles(ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = await VolunteerCall.filter(id__in=ids).values("id", "title", "project__title")
    return {r["id"]: (r["title"], r["project__title"] or "") for r in rows}
