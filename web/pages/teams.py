"""A project's team section (members, open roles, applying; the leads' role editor, applications, invitations,
members' roles) and the signed-in person's applications. Every action is a CSRF-checked POST that redirects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import PROJECT_ROLE_LABELS, Actor, ProjectAction, ProjectRole
from colab.errors import ColabError, ErrorCode
from colab.projects.roles import may_on_project
from colab.projects.service import get_project
from colab.teams import applications as apps
from colab.teams.members import remove_team_member, set_member_role, teams_of
from colab.teams.models import (
    APPLICATION_STATUS_LABELS,
    GIVABLE_ROLES,
    LIVE,
    ROLE_STATUS_LABELS,
    Application,
    ApplicationStatus,
    TeamRole,
)
from colab.teams.service import RoleDraft, close_role, edit_role, get_role, open_role, roles_of_project
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import path_id, refuse, render, to_login
from web.session import current_actor, flash

LABELS = {
    "application": {s.value: label for s, label in APPLICATION_STATUS_LABELS.items()},
    "role_status": {s.value: label for s, label in ROLE_STATUS_LABELS.items()},
    "project_role": {r.value: label for r, label in PROJECT_ROLE_LABELS.items()},
}
GIVABLE = [(r.value, PROJECT_ROLE_LABELS[r]) for r in GIVABLE_ROLES]


def _team_path(project_id: int) -> str:
    return f"/projets/{project_id}/equipe"


async def team_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        project = await get_project(path_id(request, "project_id"))
    except ColabError as error:
        return refuse(request, error)
    manages = await may_on_project(actor, project.id, ProjectAction.MANAGE_TEAM)
    roles = await roles_of_project(project.id, with_closed=manages)
    by_role = await apps.applications_by_role([r.id for r in roles]) if manages else {}
    mine: dict[int, Application] = {}
    if actor.user_id is not None and roles:
        live = Application.filter(applicant_id=actor.user_id, live_role_id__in=[r.id for r in roles])
        mine = {a.role_id: a for a in await live}
    applicant_ids = {a.applicant_id for found in by_role.values() for a in found}
    names = dict(await User.filter(id__in=applicant_ids).values_list("id", "display_name")) if applicant_ids else {}
    team = (await teams_of([project.id]))[project.id]
    context = {
        "project": project,
        "team": team,
        "roles": roles,
        "applications": by_role,
        "names": names,
        "mine": mine,
        "manages": manages,
        "on_team": any(m.user_id == actor.user_id for m in team),
        "labels": LABELS,
        "givable": GIVABLE,
        "holder_role": ProjectRole.HOLDER,
    }
    return await render(request, "teams/team.html", context)


def _draft(form: FormData, *, creating: bool) -> RoleDraft:
    def text(name: str) -> str | None:
        value = form.get(name)
        return str(value) if isinstance(value, str) and (creating or value.strip()) else None

    skills = text("skills")
    role = str(form.get("project_role") or "")
    return RoleDraft(
        title=text("title"),
        description=text("description"),
        skills=[s for s in skills.split(",")] if skills is not None else None,
        hours_per_week=form_int(form.get("hours_per_week")),
        seats=form_int(form.get("seats")),
        project_role=ProjectRole(role) if role in ProjectRole.__members__ else None,
    )


async def _act(request: Request, to: str, done: str, action: Callable[[], Awaitable[Any]]) -> Response:
    """Run one service call: access errors refuse the page, input errors come back as a message."""
    try:
        await action()
    except ColabError as error:
        if error.is_access_error or (error.code is ErrorCode.NOT_FOUND and error.field != "email"):
            return refuse(request, error)
        flash(request, " ".join(e.message for e in error.errors))
    else:
        flash(request, done)
    return RedirectResponse(to, status_code=303)


async def open_team_role(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    project_id = path_id(request, "project_id")
    draft = _draft(form, creating=True)
    return await _act(
        request, _team_path(project_id), "Le rôle est ouvert.", lambda: open_role(actor, project_id, draft)
    )


async def _role_action(request: Request, run: Callable[[Actor, int, FormData], Awaitable[Any]], done: str) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    role_id = path_id(request, "role_id")
    try:
        role = await get_role(role_id)
    except ColabError as error:
        return refuse(request, error)
    return await _act(request, _team_path(role.project_id), done, lambda: run(actor, role.id, form))


async def edit_team_role(request: Request) -> Response:
    return await _role_action(
        request, lambda a, r, f: edit_role(a, r, _draft(f, creating=False)), "Le rôle est modifié."
    )


async def close_team_role(request: Request) -> Response:
    return await _role_action(request, lambda a, r, f: close_role(a, r), "Le rôle est fermé.")


async def apply(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    done = "Votre candidature est envoyée à l'équipe du projet."
    return await _role_action(request, lambda a, r, f: apps.apply_to_role(a, r, str(f.get("message") or "")), done)


async def invite(request: Request) -> Response:
    done = "L'invitation est envoyée."
    return await _role_action(request, lambda a, r, f: apps.invite(a, r, str(f.get("email") or "")), done)


_DECISIONS: dict[str, tuple[Callable[[Actor, int, FormData], Awaitable[Application]], str]] = {
    "shortlist": (lambda a, i, f: apps.shortlist(a, i), "Candidature présélectionnée."),
    "accept": (lambda a, i, f: apps.accept(a, i), "Candidature acceptée : la personne doit maintenant confirmer."),
    "decline": (lambda a, i, f: apps.decline(a, i, str(f.get("reason") or "")), "Candidature refusée."),
    "withdraw": (lambda a, i, f: apps.withdraw(a, i), "Votre candidature est retirée."),
    "confirm": (lambda a, i, f: apps.confirm(a, i), "Bienvenue dans l'équipe !"),
    "join": (lambda a, i, f: apps.answer_invitation(a, i, True), "Bienvenue dans l'équipe !"),
    "refuse": (lambda a, i, f: apps.answer_invitation(a, i, False), "Invitation déclinée."),
}


async def decide(request: Request) -> Response:
    """One application's next step, chosen by the form's `action` (the service checks who may take it)."""
    actor = await current_actor(request)
    form = await checked_form(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        application, _ = await apps.get_application(path_id(request, "application_id"))
    except ColabError as error:
        return refuse(request, error)
    chosen = _DECISIONS.get(str(form.get("action") or ""))
    back = "/mes-candidatures" if form.get("back") == "mine" else _team_path(application.project_id)
    if chosen is None:
        flash(request, "Action inconnue.")
        return RedirectResponse(back, status_code=303)
    run, done = chosen
    return await _act(request, back, done, lambda: run(actor, application.id, form))


async def member(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    project_id, user_id = path_id(request, "project_id"), path_id(request, "user_id")
    to = _team_path(project_id)
    if form.get("action") == "remove":
        return await _act(
            request,
            to,
            "La personne ne fait plus partie de l'équipe.",
            lambda: remove_team_member(actor, project_id, user_id),
        )
    role = str(form.get("role") or "")
    given = ProjectRole(role) if role in ProjectRole.__members__ else ProjectRole.HOLDER  # HOLDER: refused, INVALID
    return await _act(request, to, "Le rôle est changé.", lambda: set_member_role(actor, project_id, user_id, given))


async def my_applications(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    page = page_number(request.query_params.get("page"))
    items, total = await apps.my_applications(actor, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    roles = {r.id: r for r in await TeamRole.filter(id__in={a.role_id for a in items}).prefetch_related("project")}
    context = {
        "items": [(a, roles[a.role_id]) for a in items],
        "total": total,
        "labels": LABELS,
        "live": {s.value for s in LIVE},
        "statuses": ApplicationStatus,
        **pager(page, total),
    }
    return await render(request, "teams/mine.html", context)


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/equipe", team_page, name="project_team"),
    Route("/projets/{project_id:int}/equipe/roles", open_team_role, methods=["POST"], name="open_team_role"),
    Route("/equipe/roles/{role_id:int}/modifier", edit_team_role, methods=["POST"], name="edit_team_role"),
    Route("/equipe/roles/{role_id:int}/fermer", close_team_role, methods=["POST"], name="close_team_role"),
    Route("/equipe/roles/{role_id:int}/postuler", apply, methods=["POST"], name="apply_to_role"),
    Route("/equipe/roles/{role_id:int}/inviter", invite, methods=["POST"], name="invite_to_role"),
    Route("/equipe/candidatures/{application_id:int}", decide, methods=["POST"], name="decide_application"),
    Route("/projets/{project_id:int}/equipe/membres/{user_id:int}", member, methods=["POST"], name="team_member"),
    Route("/mes-candidatures", my_applications, name="my_applications"),
]
