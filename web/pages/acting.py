"""Crowdacting for citizens: the lab-wide list of volunteer calls (/benevolat), a call's page with the pledge,
waitlist and offer forms and its calendar file, and "Mon engagement" with its CSV and printable attestation."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.acting import pledges
from colab.acting.attendance import my_engagement
from colab.acting.calendar import BRUSSELS, call_ics, when_fr
from colab.acting.listing import CallFilter, list_calls, weekend_window
from colab.acting.models import CALL_STATUS_LABELS, PLEDGE_STATUS_LABELS, TimePledge, VolunteerCall
from colab.acting.queries import active_pledges_of, team_projects
from colab.acting.service import get_call
from colab.actors import Actor, ProjectAction
from colab.errors import ColabError
from colab.projects.models import Project
from colab.territories.models import Territory
from colab.validation import utcnow
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.listing import places
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import path_id, refuse, render, to_login
from web.session import current_actor, flash

LABELS = {"call": CALL_STATUS_LABELS, "pledge": PLEDGE_STATUS_LABELS}


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _brussels(day: date, at: time = time(0, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=BRUSSELS)


async def call_cards(calls: list[VolunteerCall]) -> list[dict[str, Any]]:
    """A call card: the call, its project and commune, in 2 queries whatever the count."""
    projects = {p.id: p for p in await Project.filter(id__in={c.project_id for c in calls})} if calls else {}
    communes = {t.id: t for t in await Territory.filter(id__in={c.commune_id for c in calls})} if calls else {}
    return [
        {
            "call": c,
            "project": projects[c.project_id],
            "commune": communes[c.commune_id],
            "when": when_fr(c.starts_at, c.ends_at),
        }
        for c in calls
    ]


async def call_list(request: Request) -> Response:
    params = request.query_params
    where = await places()
    chosen = {
        "province": params.get("province", ""),
        "commune": params.get("commune", ""),
        "quand": params.get("quand", ""),
        "du": params.get("du", ""),
        "au": params.get("au", ""),
        "competence": params.get("competence", "").strip()[:40],
    }
    province = where.by_nis.get(chosen["province"])
    commune = where.by_nis.get(chosen["commune"])
    starts_from = starts_to = None
    if chosen["quand"] == "weekend":
        starts_from, starts_to = weekend_window(utcnow())
    else:
        since, until = _day(chosen["du"]), _day(chosen["au"])
        starts_from = _brussels(since) if since else None
        starts_to = _brussels(until + timedelta(days=1)) if until else None
    page = page_number(params.get("page"))
    filters = CallFilter(
        province_id=province.id if province and province.level.value == "PROVINCE" else None,
        commune_id=commune.id if commune and commune.level.value == "COMMUNE" else None,
        starts_from=starts_from,
        starts_to=starts_to,
        skill=chosen["competence"] or None,
    )
    items, total = await list_calls(filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    kept = {k: v for k, v in chosen.items() if v}
    context = {
        "cards": await call_cards(items),
        "total": total,
        "chosen": chosen,
        "places": where,
        "filtered": bool(kept),
        **pager(page, total, kept),
    }
    return await render(request, "acting/list.html", context)


async def _viewer_pledge(actor: Actor, call: VolunteerCall) -> tuple[TimePledge | None, int | None]:
    if actor.user_id is None:
        return None, None
    pledge = (await active_pledges_of(actor.user_id, [call.id])).get(call.id)
    return pledge, await pledges.waitlist_rank(pledge) if pledge else None


async def call_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        call = await get_call(path_id(request, "call_id"))
    except ColabError as error:
        return refuse(request, error)
    pledge, rank = await _viewer_pledge(actor, call)
    context = {
        "call": call,
        "project": await Project.get(id=call.project_id),
        "commune": await Territory.get(id=call.commune_id).prefetch_related("parent"),
        "when": when_fr(call.starts_at, call.ends_at),
        "pledge": pledge,
        "rank": rank,
        "on_team": bool(await team_projects(actor, [call.project_id], ProjectAction.POST_CALL)),
        "live": call.status.value in ("OPEN", "ACTIVATED") and call.starts_at > utcnow(),
        "labels": LABELS,
    }
    return await render(request, "acting/detail.html", context)


async def call_calendar(request: Request) -> Response:
    try:
        call = await get_call(path_id(request, "call_id"))
    except ColabError as error:
        return refuse(request, error)
    commune = await Territory.get(id=call.commune_id)
    link = f"{request.base_url}actions/{call.id}"
    return Response(
        call_ics(call, commune.name, link, now=utcnow()),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="action-{call.id}.ics"'},
    )


def _volunteer_act(
    act: Callable[[Actor, int], Awaitable[TimePledge]], done: str, *, on_pledge: bool = True
) -> Callable[[Request], Awaitable[Response]]:
    """A POST from the call's page: the pledge (on the call), its cancellation or an answer to an offered place
    (on the pledge named by the form)."""

    async def endpoint(request: Request) -> Response:
        actor = await current_actor(request)
        call_id = path_id(request, "call_id")
        if actor.user_id is None:
            return to_login(request)
        form = await checked_form(request)
        target = form_int(form.get("pledge")) if on_pledge else call_id
        if target is None:
            raise HTTPException(400, "Inscription manquante.")
        try:
            await act(actor, target)
        except ColabError as error:
            if error.is_access_error or error.code.value == "NOT_FOUND":
                return refuse(request, error)
            flash(request, error.message)
        else:
            flash(request, done)
        return RedirectResponse(f"/actions/{call_id}", status_code=303)

    return endpoint


pledge = _volunteer_act(pledges.pledge_time, "C'est noté : merci pour votre engagement !", on_pledge=False)
cancel = _volunteer_act(pledges.cancel_time_pledge, "Votre inscription est annulée.")
accept = _volunteer_act(pledges.accept_offer, "La place est à vous : à bientôt sur le terrain !")
decline = _volunteer_act(pledges.decline_offer, "La place est proposée à la personne suivante.")


async def engagement(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    record = await my_engagement(actor)
    rows = [{"pledge": p, "when": when_fr(p.call.starts_at, p.call.ends_at)} for p in record.pledges]
    template = "acting/attestation.html" if request.url.path.endswith("/attestation") else "acting/engagement.html"
    context = {"record": record, "rows": rows, "labels": LABELS, "today": utcnow()}
    return await render(request, template, context)


async def engagement_csv(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    record = await my_engagement(actor)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Action", "Projet", "Commune", "Début", "Fin", "État", "Heures comptées"])
    for p in record.pledges:
        start, end = p.call.starts_at.astimezone(BRUSSELS), p.call.ends_at.astimezone(BRUSSELS)
        writer.writerow(
            [
                _cell(p.call.title),
                _cell(p.call.project.title),
                p.call.commune.name,
                f"{start:%Y-%m-%d %H:%M}",
                f"{end:%Y-%m-%d %H:%M}",
                PLEDGE_STATUS_LABELS[p.status],
                f"{p.minutes_credited / 60:.2f}".replace(".", ","),
            ]
        )
    writer.writerow(["Total", "", "", "", "", "", f"{record.hours:.2f}".replace(".", ",")])
    return Response(
        "\ufeff" + out.getvalue(),  # a BOM: spreadsheets read the accents right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="mon-engagement.csv"'},
    )


def _cell(text: str) -> str:
    """No formula injection in a spreadsheet: a cell never starts with = + - @."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


ROUTES: list[BaseRoute] = [
    Route("/benevolat", call_list, name="volunteer_calls"),
    Route("/actions/{call_id:int}", call_page, name="volunteer_call"),
    Route("/actions/{call_id:int}.ics", call_calendar, name="volunteer_call_ics"),
    Route("/actions/{call_id:int}/engagement", pledge, methods=["POST"], name="pledge_time"),
    Route("/actions/{call_id:int}/desinscription", cancel, methods=["POST"], name="cancel_time_pledge"),
    Route("/actions/{call_id:int}/offre/accepter", accept, methods=["POST"], name="accept_place_offer"),
    Route("/actions/{call_id:int}/offre/refuser", decline, methods=["POST"], name="decline_place_offer"),
    Route("/mon-engagement", engagement, name="engagement"),
    Route("/mon-engagement.csv", engagement_csv, name="engagement_csv"),
    Route("/mon-engagement/attestation", engagement, name="attestation"),
]
