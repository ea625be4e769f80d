"""Crowdacting for a project's team: post a call, move it, call it off, and mark attendance after the action.
The services check the rights (ProjectAction.POST_CALL / MARK_ATTENDANCE); these handlers only adapt forms."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.acting.attendance import mark_attendance, roster
from colab.acting.calendar import BRUSSELS, when_fr
from colab.acting.models import ATTENDANCE, PLEDGE_STATUS_LABELS, PledgeStatus, VolunteerCall
from colab.acting.service import (
    CallDraft,
    CallMove,
    call_off_volunteer_call,
    get_call,
    move_volunteer_call,
    post_volunteer_call,
)
from colab.actors import Actor, ProjectAction
from colab.errors import ColabError, ErrorCode
from colab.projects.models import Project
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.listing import places
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.session import current_actor, flash

_TEXT = ("title", "description", "commune", "meeting_point", "day", "start", "end", "capacity", "threshold",
         "threshold_day", "skills", "what_to_bring", "weeks")  # fmt: skip


def _when(day: str, at: str, field: str) -> datetime:
    """A Brussels date and time from the form, as an aware datetime."""
    try:
        return datetime.combine(date.fromisoformat(day), time.fromisoformat(at or "00:00"), tzinfo=BRUSSELS)
    except ValueError:
        raise ColabError(ErrorCode.INVALID, "Indiquez une date et une heure valides.", field) from None


def _number(raw: str, field: str, *, optional: bool = False) -> int | None:
    value = form_int(raw.strip())
    if value is None and not (optional and not raw.strip()):
        raise ColabError(ErrorCode.INVALID, "Indiquez un nombre entier.", field)
    return value


def _draft(values: dict[str, str]) -> CallDraft:
    starts_at = _when(values["day"], values["start"], "startsAt")
    threshold = _number(values["threshold"], "threshold", optional=True)
    return CallDraft(
        title=values["title"],
        description=values["description"],
        commune_id=form_int(values["commune"]) or 0,
        meeting_point=values["meeting_point"],
        starts_at=starts_at,
        ends_at=_when(values["day"], values["end"], "endsAt"),
        capacity=_number(values["capacity"], "capacity") or 0,
        threshold=threshold,
        threshold_deadline=_when(values["threshold_day"], "23:59", "thresholdDeadline")
        if threshold and values["threshold_day"]
        else None,
        skills=[values["skills"]],
        what_to_bring=values["what_to_bring"],
        weeks=_number(values["weeks"] or "1", "weeks") or 1,
    )


def _typed(form: FormData) -> dict[str, str]:
    return {name: str(form.get(name, "")) for name in _TEXT}


async def _team_only(actor: Actor, project_id: int, action: ProjectAction) -> None:
    await require_project_action(actor, project_id, action)


async def new_call(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        project = await get_project(path_id(request, "project_id"))
        await _team_only(actor, project.id, ProjectAction.POST_CALL)
    except ColabError as error:
        return refuse(request, error)
    if request.method == "GET":
        values = dict.fromkeys(_TEXT, "") | {"capacity": "10", "weeks": "1", "commune": str(project.territory_id)}
        return await _form(request, project, values, {}, 200)
    values = _typed(await checked_form(request))
    try:
        calls = await post_volunteer_call(actor, project.id, _draft(values))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, project, values, field_errors(error), 422)
    flash(request, "L'appel est publié : les personnes qui suivent le projet sont prévenues.")
    return RedirectResponse(f"/actions/{calls[0].id}", status_code=303)


async def _form(
    request: Request, project: Project, values: dict[str, str], errors: dict[str, str], status: int, **extra: Any
) -> Response:
    context = {"project": project, "values": values, "errors": errors, "places": await places(), **extra}
    return await render(request, "acting/form.html", context, status)


async def _team_call(request: Request, action: ProjectAction) -> tuple[Actor, VolunteerCall]:
    actor = await current_actor(request)
    call = await get_call(path_id(request, "call_id"))
    await _team_only(actor, call.project_id, action)
    return actor, call


async def move_call(request: Request) -> Response:
    try:
        actor, call = await _team_call(request, ProjectAction.POST_CALL)
    except ColabError as error:
        return refuse(request, error)
    project = await Project.get(id=call.project_id)
    local_start, local_end = call.starts_at.astimezone(BRUSSELS), call.ends_at.astimezone(BRUSSELS)
    if request.method == "GET":
        values = {
            "day": local_start.date().isoformat(),
            "start": f"{local_start:%H:%M}",
            "end": f"{local_end:%H:%M}",
            "commune": str(call.commune_id),
            "meeting_point": call.meeting_point,
        }
        return await _form(request, project, values, {}, 200, moving=call)
    form = await checked_form(request)
    values = {name: str(form.get(name, "")) for name in ("day", "start", "end", "commune", "meeting_point")}
    try:
        move = CallMove(
            starts_at=_when(values["day"], values["start"], "startsAt"),
            ends_at=_when(values["day"], values["end"], "endsAt"),
            commune_id=form_int(values["commune"]),
            meeting_point=values["meeting_point"],
        )
        await move_volunteer_call(actor, call.id, move)
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, project, values, field_errors(error), 422, moving=call)
    flash(request, "L'action est déplacée : les inscrits sont prévenus et doivent confirmer leur présence.")
    return RedirectResponse(f"/actions/{call.id}", status_code=303)


async def call_off(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    call_id = path_id(request, "call_id")
    try:
        await call_off_volunteer_call(actor, call_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
    else:
        flash(request, "L'action est annulée : les inscrits sont prévenus.")
    return RedirectResponse(f"/actions/{call_id}", status_code=303)


async def attendance(request: Request) -> Response:
    actor = await current_actor(request)
    call_id = path_id(request, "call_id")
    if request.method == "POST":
        form = await checked_form(request)
        pledge_id, raw = form_int(form.get("pledge")), str(form.get("status", ""))
        status = PledgeStatus(raw) if raw in PledgeStatus.__members__ else PledgeStatus.CANCELLED
        try:
            await mark_attendance(actor, pledge_id or 0, status)
        except ColabError as error:
            if error.is_access_error:
                return refuse(request, error)
            flash(request, error.message)
        else:
            flash(request, "Présence notée.")
        return RedirectResponse(f"/actions/{call_id}/presences", status_code=303)
    try:
        call = await get_call(call_id)
        pledges = await roster(actor, call.id)
    except ColabError as error:
        return refuse(request, error)
    context = {
        "call": call,
        "when": when_fr(call.starts_at, call.ends_at),
        "pledges": pledges,
        "labels": PLEDGE_STATUS_LABELS,
        "choices": ATTENDANCE,
        "markable": {PledgeStatus.CONFIRMED, *ATTENDANCE},
    }
    return await render(request, "acting/attendance.html", context)


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/actions/nouvelle", new_call, methods=["GET", "POST"], name="new_volunteer_call"),
    Route("/actions/{call_id:int}/deplacer", move_call, methods=["GET", "POST"], name="move_volunteer_call"),
    Route("/actions/{call_id:int}/annulation", call_off, methods=["POST"], name="call_off_volunteer_call"),
    Route("/actions/{call_id:int}/presences", attendance, methods=["GET", "POST"], name="attendance"),
]
