"""The signed-in person's notifications: the list, opening one (POST marks it read), marking them all read."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.notifications.emails import email_kinds, set_email_kinds
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.service import find_notification, list_notifications, mark_read
from colab.notifications.wording import KIND_LABELS
from web.csrf import checked_form
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import path_id, render, to_login
from web.session import current_actor, flash

#: where a notification about each kind of subject leads
_PATHS = {
    "idea": "/idees/{}",
    "challenge": "/defis/{}",
    "project": "/projets/{}",
    "project_update": "/nouvelles/{}",
    "partnership_request": "/institutions/demandes",
    "account": "/connexion",
    "volunteer_call": "/actions/{}",
    "project_team": "/projets/{}/equipe",
    "application": "/mes-candidatures",
    "advice": "/conseils/{}",
    "expert_credential": "/compte/expertise",
    "pledge_refund": "/soutiens/{}/remboursement",
}


def link_of(notification: Notification) -> str:
    """The page of the notification's subject (the list, for a kind of subject the web does not show)."""
    path = _PATHS.get(notification.subject_type)
    return path.format(notification.subject_id) if path else "/notifications"


async def notification_list(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    page = page_number(request.query_params.get("page"))
    items, total = await list_notifications(actor, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    context = {"items": items, "total": total, **pager(page, total)}
    return await render(request, "notifications/list.html", context)


async def open_notification(request: Request) -> Response:
    """Follow a notification's link; only the CSRF-checked POST (the list's button) marks it read, never a GET."""
    actor = await current_actor(request)
    if request.method == "POST":
        await checked_form(request)
    if actor.user_id is None:
        return to_login(request)
    missing = "Cette notification n'existe pas."
    found = await find_notification(actor, path_id(request, "notification_id", missing))
    if found is None:
        raise HTTPException(404, missing)
    if request.method == "POST":
        await mark_read(actor, [found.id])
    return RedirectResponse(link_of(found), status_code=303)


async def mark_all_read(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    if actor.user_id is None:
        return to_login(request)
    changed = await mark_read(actor)
    flash(request, "Toutes vos notifications sont marquées comme lues." if changed else "Rien de nouveau à marquer.")
    return RedirectResponse("/notifications", status_code=303)


#: the preferences page puts what followed projects say apart from what concerns one's own contributions
FOLLOWED_PREFIX = "Un projet que je suis"


def kind_groups() -> list[tuple[str, dict[NotificationKind, str]]]:
    """The kinds people choose from, in two groups (the followed projects' kinds say so in their label)."""
    followed = {k: label for k, label in KIND_LABELS.items() if label.startswith(FOLLOWED_PREFIX)}
    own = {k: label for k, label in KIND_LABELS.items() if k not in followed}
    return [("Mes idées, mes défis, mes contributions", own), ("Les projets que je suis", followed)]


async def email_preferences(request: Request) -> Response:
    """Which notifications also come by email: all off, or kind by kind."""
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    if request.method == "POST":
        form = await checked_form(request)
        chosen = [k for k in NotificationKind if form.get(f"kind_{k.value}") == "on"]
        await set_email_kinds(actor, form.get("enabled") == "on", chosen)
        flash(request, "Vos préférences de courriel sont enregistrées.")
        return RedirectResponse("/compte/notifications", status_code=303)
    enabled, kinds = await email_kinds(actor.user_id)
    context = {"enabled": enabled, "kinds": kinds, "groups": [g for g in kind_groups() if g[1]]}
    return await render(request, "notifications/preferences.html", context)


ROUTES: list[BaseRoute] = [
    Route("/compte/notifications", email_preferences, methods=["GET", "POST"], name="email_preferences"),
    Route("/notifications", notification_list, name="notifications"),
    Route("/notifications/{notification_id:int}", open_notification, methods=["GET", "POST"], name="open_notification"),
    Route("/notifications/tout-lu", mark_all_read, methods=["POST"], name="mark_all_read"),
]
